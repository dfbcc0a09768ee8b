"""The window's undo stack over store operations: one command for any edit, macros for multi-row edits."""

from __future__ import annotations

from pathlib import Path

from svi_desktop.domain.changes import op
from svi_desktop.domain.rules import scored_criteria
from svi_desktop.store.operations import scores
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.ui.main_window import MainWindow
from tests.helpers.qt import answer_next_dialog


def _scores_of(path: Path, evaluator_id: str) -> dict[tuple[str, str], int]:
    with TenderFile.open(path, actor="test", read_only=True) as tf:
        return {(s.bid_id, s.criterion_id): s.value for s in load_evaluation(tf).scores
                if s.evaluator_id == evaluator_id}


def test_a_multi_row_edit_is_one_undo_step(window: MainWindow, demo_file: Path) -> None:
    assert window.files.open_path(demo_file)
    session = window.session
    ev = session.evaluation()
    e, crit = ev.evaluators[0], scored_criteria(ev.framework)[5]
    before = _scores_of(demo_file, e.id)
    ops = [op(scores.set_score, evaluator_id=e.id, bid_id=b.id, criterion_id=crit.id, value=4, rationale="All four.")
           for b in ev.bids]
    assert len(session.perform_all("Score 4 for every bid on " + crit.code, ops)) == len(ev.bids)
    after = _scores_of(demo_file, e.id)
    assert all(after[(b.id, crit.id)] == 4 for b in ev.bids)
    assert session.undo_stack.count() == 1 and window.undo_action.text() == f"&Undo Score 4 for every bid on {crit.code}"
    window.undo_action.trigger()
    assert _scores_of(demo_file, e.id) == before
    assert {(s.bid_id, s.criterion_id): s.value for s in session.evaluation().scores if s.evaluator_id == e.id} == before
    window.redo_action.trigger()
    assert _scores_of(demo_file, e.id) == after


def test_a_refused_row_takes_the_whole_edit_back(window: MainWindow, demo_file: Path) -> None:
    assert window.files.open_path(demo_file)
    session = window.session
    ev = session.evaluation()
    e, crit = ev.evaluators[0], scored_criteria(ev.framework)[5]
    before = _scores_of(demo_file, e.id)
    seen = answer_next_dialog()
    ops = [op(scores.set_score, evaluator_id=e.id, bid_id=b.id, criterion_id=crit.id, value=v)
           for b, v in zip(ev.bids, [1, 2, 99, 3], strict=False)]  # 99 is off the scale
    assert session.perform_all("Three good rows and one off the scale", ops) is None
    assert seen["text"] == "99 is not on this tender's scale (0, 1, 2, 3, 4)."
    assert _scores_of(demo_file, e.id) == before
    assert session.undo_stack.count() == 0 and not window.undo_action.isEnabled()


def test_an_ampersand_in_a_supplier_shows_in_the_undo_text(window, demo_file, qtbot) -> None:
    from svi_desktop.store.operations.bids import set_bid_field
    from svi_desktop.store.tender_file import TenderFile
    from svi_desktop.ui.operations import bids as bid_edit

    with TenderFile.open(demo_file, actor="t") as tf:
        bid = tf.query("SELECT id FROM bids ORDER BY rowid LIMIT 1")[0][0]
        set_bid_field(tf, bid_id=bid, field="supplier", value="Smith & Sons")
    assert window.files.open_path(demo_file)
    renamed = next(b for b in window.session.evaluation().bids if b.supplier == "Smith & Sons")
    bid_edit.set_bid_field(window.session, renamed, "lot", "Lot 2")
    assert window.undo_action.text() == "&Undo Change lot of Smith && Sons"  # shown as "Smith & Sons"


def test_guidance_that_already_says_look_for_is_not_prefixed_again() -> None:
    from decimal import Decimal

    from svi_desktop.domain.model import Criterion, CriterionKind
    from svi_desktop.domain.scale import preset
    from svi_desktop.ui.panels.scoring.views import CriterionHeader

    header = CriterionHeader()
    crit = Criterion("c", "s", "Q1", "Quality", CriterionKind.SCORED, Decimal(1), None, "Look for named partners.")
    header.show_criterion(crit, preset("0-4"), 0, 1)
    assert header.guidance.text() == "Look for named partners."
    header.show_criterion(Criterion("c", "s", "Q1", "Quality", CriterionKind.SCORED, Decimal(1), None,
                                    "Named partners."), preset("0-4"), 0, 1)
    assert header.guidance.text() == "Look for: Named partners."


def test_the_toolbar_undo_button_keeps_its_width_and_names_the_step_in_its_tooltip(window, demo_file) -> None:
    from svi_desktop.ui.operations import bids as bid_edit

    assert window.files.open_path(demo_file)
    button = window.toolbar.widgetForAction(window.undo_action)
    width = button.sizeHint().width()
    bid = window.session.evaluation().bids[0]
    bid_edit.set_bid_field(window.session, bid, "lot", "A long lot name for the undo text")
    assert window.undo_action.text().startswith("&Undo Change lot of")
    assert button.text() == "Undo" and button.sizeHint().width() == width
    assert window.undo_action.toolTip() == f"Undo Change lot of {bid.supplier} (Ctrl+Z)"
