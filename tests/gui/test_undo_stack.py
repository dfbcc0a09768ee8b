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


def test_undo_and_redo_bring_the_changed_item_into_view(window: MainWindow, demo_file: Path, qtbot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    assert window.files.open_path(demo_file)
    window.panel_actions[2].trigger()
    scoring = window.panel("Scoring")
    scoring.choose_evaluator(scoring.evaluators[0].id)
    scoring.go_to(2, 3)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)  # a score changed on the third bid, fourth criterion
    step = window.undo_action.text().removeprefix("&Undo ")
    scoring.go_to(0, 0)
    window.panel_actions[0].trigger()  # off to Setup
    window.undo_action.trigger()
    assert window.tabs.currentWidget() is scoring
    assert (scoring.bid_index, scoring.crit_index) == (2, 3)
    assert window.statusBar().currentMessage() == f"Undone: {step}"

    # A consensus: undo goes to Moderation, on the criterion and the bid.
    window.panel_actions[3].trigger()
    moderation = window.panel("Moderation")
    moderation.show_criterion(4)
    moderation.table.setFocus()
    last = moderation.proxy.rowCount() - 1
    moderation.table.setCurrentIndex(moderation.proxy.index(last, 0))
    bid = moderation.current_bid()
    value = min(moderation._row().counted())
    qtbot.keyClick(moderation.table, Qt.Key.Key_0 + value)
    qtbot.keyClicks(moderation.note, "Agreed after discussion.")
    qtbot.keyClick(moderation.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert any(c.bid_id == bid.id and c.criterion_id == moderation.criteria[4].id
               for c in window.session.evaluation().consensus)
    moderation.show_criterion(0)
    moderation.table.setCurrentIndex(moderation.proxy.index(0, 0))
    window.panel_actions[4].trigger()
    window.undo_action.trigger()
    assert window.tabs.currentWidget() is moderation
    assert moderation.crit_index == 4 and moderation.current_bid().id == bid.id
    window.panel_actions[0].trigger()
    window.redo_action.trigger()
    assert window.tabs.currentWidget() is moderation and moderation.current_bid().id == bid.id
    assert window.statusBar().currentMessage().startswith("Redone: ")

    # A bid's field: undo goes to Bids with that bid chosen.
    window.panel_actions[1].trigger()
    bids = window.panel("Bids")
    bids.select(window.session.evaluation().bids[1].id)
    changed = bids.current_bid()
    bids.detail.lot.setFocus()
    bids.detail.lot.selectAll()
    qtbot.keyClicks(bids.detail.lot, "Lot 9")
    qtbot.keyClick(bids.detail.lot, Qt.Key.Key_Tab)
    assert window.undo_action.text().startswith("&Undo ")
    bids.select(window.session.evaluation().bids[0].id)
    window.panel_actions[5].trigger()
    window.undo_action.trigger()
    assert window.tabs.currentWidget() is bids and bids.current_bid().id == changed.id
