"""Feedback for the bidder written in Moderation beside the bid's response, citing its passages by keyboard; the
winner's relative advantages; all recorded in the file as one undoable step."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from svi_desktop.domain.scoring import compute_results
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.ui.main_window import MainWindow


def _file(path: Path):
    with TenderFile.open(path, actor="t", read_only=True) as tf:
        return load_evaluation(tf)


def _select(view, start: int, end: int) -> None:
    cursor = view.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def test_feedback_cites_the_response_with_ctrl_shift_c_and_lands_in_the_file(window: MainWindow, demo_file: Path,
                                                                           qtbot: QtBot) -> None:
    assert window.files.open_path(demo_file)
    window.tabs.setCurrentWidget(window.panel("Moderation"))
    panel = window.panel("Moderation")
    ev = _file(demo_file)
    winner = compute_results(ev).ranked[0].bid
    loser = next(b for b in ev.bids if b.id != winner.id and not b.out_of_competition)
    panel.select(loser.id)
    crit = panel.criteria[panel.crit_index]
    stored = next(r.text for r in ev.responses if (r.bid_id, r.criterion_id) == (loser.id, crit.id))
    assert panel.response.toPlainText() == stored
    assert not panel.advantages.isEnabled()  # only the winning bid's relative advantages are written
    panel.response.setFocus()
    _select(panel.response, 0, 25)
    qtbot.keyClick(panel.response, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    _select(panel.response, 30, 60)
    qtbot.keyClick(panel.response, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    _select(panel.response, 30, 60)  # the same passage twice is cited once
    qtbot.keyClick(panel.response, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert panel.cited.count() == 2 and panel.cited.item(0).text() == f"“{stored[:25]}”"
    panel.cited.setFocus()
    panel.cited.setCurrentRow(1)
    qtbot.keyClick(panel.cited, Qt.Key.Key_Delete)
    assert panel.cited.count() == 1
    panel.picker.set_value(2)
    panel.note.setPlainText("Agreed 2: the partnership is described but not evidenced.")
    panel.feedback.setPlainText("Your tender describes a partnership but gives no evidence of it working.")
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    agreed = next(c for c in _file(demo_file).consensus if (c.bid_id, c.criterion_id) == (loser.id, crit.id))
    assert agreed.feedback == "Your tender describes a partnership but gives no evidence of it working."
    assert [(q.text, q.start, q.end) for q in agreed.citations] == [(stored[:25], 0, 25)]
    window.session.undo_stack.undo()
    assert all((c.bid_id, c.criterion_id) != (loser.id, crit.id) or not c.citations for c in _file(demo_file).consensus)

    panel.select(winner.id)
    assert panel.advantages.isEnabled()
    panel.picker.set_value(4)
    panel.note.setPlainText("Agreed 4.")
    panel.feedback.setPlainText("Named partners, dates and measures.")
    panel.advantages.setPlainText("The only tender naming its community partners and dates.")
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    agreed = next(c for c in _file(demo_file).consensus if (c.bid_id, c.criterion_id) == (winner.id, crit.id))
    assert agreed.advantages == "The only tender naming its community partners and dates."
