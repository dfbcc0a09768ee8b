"""Undo and redo show what they changed: the panel that holds it, with the item chosen, and a word in the
status bar. Nothing else moves: a step that changed what the current panel already shows leaves the view alone
apart from choosing the item."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from svi_desktop.domain.changes import ChangeKind
from svi_desktop.ui.commands import Stepping
from svi_desktop.ui.session import Notice
from svi_desktop.ui.translate import translated
from svi_desktop.ui.window.shell import PANELS

if TYPE_CHECKING:
    from svi_desktop.ui.window.shell import Shell


def reveal(window: Shell, notice: Notice) -> None:
    step = notice.initiator
    if not isinstance(step, Stepping) or window.session is None:
        return
    word = translated("Reveal", "Undone: {what}" if step.undo else "Redone: {what}")
    window.statusBar().showMessage(word.format(what=step.text), 8000)
    ids = notice.change.ids
    ev = window.session.evaluation()
    kind = notice.kind
    if kind is ChangeKind.SCORES and len(ids) == 3:
        _score(window, *ids)
    elif kind is ChangeKind.CONSENSUS and len(ids) == 2:
        _consensus(window, ids[0], ids[1])
    elif kind in (ChangeKind.BIDS, ChangeKind.RESPONSES, ChangeKind.DOCUMENTS) and ids:
        if any(b.id == ids[0] for b in ev.bids):
            _show(window, "Bids").select(ids[0])
    elif kind is ChangeKind.FRAMEWORK:
        setup = _show(window, "Setup")
        if ids and any(c.id == ids[0] for c in ev.framework.criteria):
            setup.criteria.select(ids[0])
    elif kind in (ChangeKind.TENDER, ChangeKind.SCALE):
        _show(window, "Setup")


def _show(window: Shell, name: str) -> Any:
    index = PANELS.index(name)
    if window.tabs.currentIndex() != index:
        window.tabs.setCurrentIndex(index)
    return window.panel(name)


def _score(window: Shell, evaluator_id: str, bid_id: str, criterion_id: str) -> None:
    scoring = window.panel("Scoring")
    if scoring.evaluator is None or scoring.evaluator.id != evaluator_id:
        return  # another evaluator's score (a return, entered on their behalf): the status bar names the step
    _show(window, "Scoring")
    bid = next((i for i, b in enumerate(scoring.bids) if b.id == bid_id), None)
    crit = next((i for i, c in enumerate(scoring.criteria) if c.id == criterion_id), None)
    if bid is not None and crit is not None and (bid, crit) != (scoring.bid_index, scoring.crit_index):
        scoring.go_to(bid, crit)


def _consensus(window: Shell, bid_id: str, criterion_id: str) -> None:
    moderation = _show(window, "Moderation")
    crit = next((i for i, c in enumerate(moderation.criteria) if c.id == criterion_id), None)
    if crit is None:
        return
    if crit != moderation.crit_index:
        moderation.show_criterion(crit)
    current = moderation.current_bid()
    if current is None or current.id != bid_id:
        moderation.select(bid_id)
