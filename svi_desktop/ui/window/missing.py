"""From an item of the award's completeness check to the place in the window where it is put right."""

from __future__ import annotations

from typing import TYPE_CHECKING

from svi_desktop.domain.award import Missing
from svi_desktop.ui.window.actions import PANELS

if TYPE_CHECKING:
    from svi_desktop.ui.main_window import MainWindow


def go_to_missing(window: MainWindow, m: Missing) -> None:
    """Show the place an item of the completeness check belongs to."""
    names = PANELS
    if m.kind in ("regime", "published"):
        window.show_panel(names.index("Setup"))
        setup = window.panel("Setup")
        (setup.regime if m.kind == "regime" else setup.published).setFocus()
    elif m.kind == "supplier":
        window.show_panel(names.index("Bids"))
        window.panel("Bids").select(m.bid_id)
        window.panel("Bids").detail.address.setFocus()
    elif m.kind in ("unscored", "spread", "feedback", "advantages"):
        window.show_panel(names.index("Moderation"))
        panel = window.panel("Moderation")
        index = next((i for i, c in enumerate(panel.criteria) if c.id == m.criterion_id), 0)
        panel.show_criterion(index)
        panel.select(m.bid_id)
        (panel.advantages if m.kind == "advantages" else panel.feedback).setFocus()
    elif m.kind in ("declaration", "conflict"):
        window.dialogs.evaluators()
    elif m.kind == "evaluator":
        window.show_panel(names.index("Scoring"))
        window.panel("Scoring").choose_evaluator(m.evaluator_id)
    elif m.kind == "assessment":
        window.dialogs.assessment()
