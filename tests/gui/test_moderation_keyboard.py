"""Moderation by keyboard: every bid of a criterion agreed with key events only; accept where all agree as one undo
step; a consensus outside the evaluators' scores needs the reason, recorded in the note."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QPlainTextEdit
from pytestqt.qtbot import QtBot

from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.ui.main_window import MainWindow
from tests.helpers.qt import answer_next_dialog


def _file(path: Path):
    with TenderFile.open(path, actor="t", read_only=True) as tf:
        return load_evaluation(tf)


def test_every_bid_of_a_criterion_agreed_with_key_events_only(window: MainWindow, demo_file: Path,
                                                             qtbot: QtBot) -> None:
    assert window.files.open_path(demo_file)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # Ctrl+4: Moderation
    panel = window.panel("Moderation")
    QApplication.processEvents()
    assert QApplication.focusWidget() is panel.table
    for _ in range(12):  # Page Down to LT3, the thirteenth criterion
        qtbot.keyClick(panel.table, Qt.Key.Key_PageDown)
    crit = panel.criteria[panel.crit_index]
    assert crit.code == "LT3"
    bids = panel.proxy.rowCount()
    for row in range(bids):
        assert panel.table.currentIndex().row() == row
        counted = panel._row().counted()
        value = min(counted)  # inside the evaluators' range
        qtbot.keyClick(panel.table, Qt.Key.Key_0 + value)
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)  # no note yet: the note takes the keyboard
        assert QApplication.focusWidget() is panel.note
        qtbot.keyClicks(panel.note, f"Agreed {value} after discussing row {row + 1}.")
        qtbot.keyClick(panel.note, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is panel.feedback
        qtbot.keyClicks(panel.feedback, "Your tender names local employers but no numbers.")
        qtbot.keyClick(panel.feedback, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert QApplication.focusWidget() is panel.table
    agreed = {c.bid_id: c for c in _file(demo_file).consensus if c.criterion_id == crit.id}
    assert len(agreed) == bids
    assert all(c.note.startswith("Agreed ") and c.feedback for c in agreed.values())


def test_accept_where_all_agree_is_one_undo_step(window: MainWindow, demo_file: Path, qtbot: QtBot) -> None:
    assert window.files.open_path(demo_file)
    window.show_panel(3)
    panel = window.panel("Moderation")
    crit = panel.criteria[panel.crit_index]  # SVI1: three bids where the evaluators agree
    unanimous = [r.bid.id for r in panel.model.rows if r.consensus is None and len(set(r.counted())) == 1]
    assert len(unanimous) >= 2
    before = window.session.undo_stack.count()
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    agreed = {c.bid_id: c for c in _file(demo_file).consensus if c.criterion_id == crit.id}
    assert set(unanimous) <= set(agreed)
    assert all("evaluators scored" in agreed[b].note and "accepted it as the consensus" in agreed[b].note
               for b in unanimous)
    assert window.session.undo_stack.count() == before + 1
    window.session.undo_stack.undo()
    assert not {c.bid_id for c in _file(demo_file).consensus if c.criterion_id == crit.id} & set(unanimous)


def test_a_consensus_outside_the_evaluators_scores_needs_the_reason(window: MainWindow, demo_file: Path,
                                                                   qtbot: QtBot) -> None:
    assert window.files.open_path(demo_file)
    window.show_panel(3)
    panel = window.panel("Moderation")
    panel.table.selectRow(0)
    current = panel._row()
    outside = max(current.counted()) + 1 if max(current.counted()) < 4 else min(current.counted()) - 1
    panel.picker.set_value(outside)
    panel.note.setPlainText("The panel re-read the response.")
    seen = answer_next_dialog("Cancel")
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert seen["title"] == "Outside the evaluators' scores"  # cancelled: nothing recorded
    assert not [c for c in _file(demo_file).consensus if c.bid_id == current.bid.id
                and c.criterion_id == panel.criteria[panel.crit_index].id]

    def give_reason(dialog: QDialog) -> None:
        dialog.findChild(QPlainTextEdit).setPlainText("the site visit found more than any evaluator could see")
        dialog.accept()

    answer_next_dialog(then=give_reason)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    agreed = next(c for c in _file(demo_file).consensus if c.bid_id == current.bid.id
                  and c.criterion_id == panel.criteria[panel.crit_index].id)
    assert agreed.value == outside
    assert "Outside the evaluators' scores" in agreed.note and "the site visit found" in agreed.note
