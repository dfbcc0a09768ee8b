"""Side-by-side scoring through the real widgets, by keyboard, checked against the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.ui.main_window import MainWindow
from svi_desktop.ui.panels.scoring import ScoringPanel
from svi_desktop.ui.panels.scoring.overview_model import OverviewModel
from tests.helpers.qt import answer_next_dialog

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def in_file(path: Path):
    with TenderFile.open(path, actor="test", read_only=True) as tf:
        return load_evaluation(tf)


def press(qtbot: QtBot, key: Qt.Key, mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key press goes where the keyboard focus is, as it would for a person."""
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, mods)


def type_text(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)


@pytest.fixture
def scoring(window: MainWindow, demo_file: Path, qtbot: QtBot) -> ScoringPanel:
    assert window.files.open_path(demo_file)
    window.panel_actions[2].trigger()
    panel = window.panels["Scoring"]
    assert window.tabs.currentWidget() is panel
    return panel


def declare_none(panel: ScoringPanel, qtbot: QtBot) -> None:
    def fill(dialog) -> None:
        assert not dialog.ok_button.isEnabled()
        dialog.none.setChecked(True)
        assert dialog.ok_button.isEnabled()
        dialog.ok_button.click()
    answer_next_dialog(then=fill)
    qtbot.mouseClick(panel.declare_button, Qt.MouseButton.LeftButton)


def test_no_responses_before_a_declaration(scoring: ScoringPanel, qtbot: QtBot, window: MainWindow,
                                           demo_file: Path) -> None:
    assert scoring.add_evaluator("Priya Shah") is not None
    assert scoring.stack.currentIndex() == 0
    assert "has not yet declared" in scoring.gate_label.text()
    assert scoring.responses == {} and all(c.response.toPlainText() == "" for c in scoring.strip.columns)
    declare_none(scoring, qtbot)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert scoring.stack.currentIndex() == 1
    assert scoring.strip.columns[0].response.toPlainText().startswith("Moorside Community Health is")
    priya = next(e for e in in_file(demo_file).evaluators if e.name == "Priya Shah")
    assert priya.declaration is not None and priya.declaration.conflict is False and priya.declaration.declared_at
    assert window.evaluator_label.text() == "Evaluator: Priya Shah"


def test_score_the_whole_demo_by_keyboard_alone(scoring: ScoringPanel, qtbot: QtBot, window: MainWindow,
                                                demo_file: Path) -> None:
    scoring.add_evaluator("Keyboard Evaluator")
    declare_none(scoring, qtbot)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    scoring.focus_current()
    n_bids, n_crit = len(scoring.bids), len(scoring.criteria)
    expected = {}
    for c in range(n_crit):
        for b in range(n_bids):
            value = (b + c) % 5
            press(qtbot, getattr(Qt.Key, f"Key_{value}"))
            press(qtbot, Qt.Key.Key_Return)  # into the rationale box
            rationale = f"R{c}-{b}: evidence seen"
            type_text(qtbot, rationale)
            press(qtbot, Qt.Key.Key_Return, CTRL)  # confirm and move on
            expected[(scoring.bids[b].id, scoring.criteria[c].id)] = (value, rationale)
    assert scoring.progress.text() == f"{n_bids * n_crit} of {n_bids * n_crit} scored"
    ev = in_file(demo_file)
    me = next(e for e in ev.evaluators if e.name == "Keyboard Evaluator")
    mine = {(s.bid_id, s.criterion_id): (s.value, s.rationale) for s in ev.scores if s.evaluator_id == me.id}
    assert mine == expected


def test_tab_arrows_page_keys_and_f6(scoring: ScoringPanel, qtbot: QtBot) -> None:
    scoring.choose_evaluator(scoring.evaluators[0].id)
    scoring.focus_current()
    assert (scoring.bid_index, scoring.crit_index) == (0, 0)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    assert scoring.bid_index == 2
    press(qtbot, Qt.Key.Key_Right)  # moves the caret in the response (to select a passage), not the bid
    assert scoring.bid_index == 2
    press(qtbot, Qt.Key.Key_Tab, SHIFT)
    assert scoring.bid_index == 1
    press(qtbot, Qt.Key.Key_PageDown)
    press(qtbot, Qt.Key.Key_PageDown)
    assert scoring.crit_index == 2 and scoring.header.title.text() == "SVI3 High Quality Standards"
    press(qtbot, Qt.Key.Key_PageUp)
    assert scoring.crit_index == 1
    press(qtbot, Qt.Key.Key_F6)
    assert scoring.view == "bid" and scoring.stack.currentIndex() == 2
    assert scoring.bid_column.title.text() == scoring.bids[1].supplier
    press(qtbot, Qt.Key.Key_F6)
    assert scoring.view == "criterion"


def test_cite_a_passage_and_tick_flags(scoring: ScoringPanel, qtbot: QtBot, demo_file: Path) -> None:
    scoring.choose_evaluator(scoring.evaluators[0].id)  # Aisha
    scoring.go_to(next(i for i, b in enumerate(scoring.bids) if b.supplier.startswith("Northgate")), 0)
    column = scoring.current_column()
    assert column.bid.supplier == "Northgate Support Services Ltd"
    text = column.response.toPlainText()
    start = text.index("owned by its two directors")
    cursor = column.response.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len("owned by its two directors"), QTextCursor.MoveMode.KeepAnchor)
    column.response.setTextCursor(cursor)
    column.response.setFocus()
    press(qtbot, Qt.Key.Key_C, CTRL | SHIFT)
    ev = in_file(demo_file)
    aisha = scoring.evaluators[0]
    bid = next(b for b in ev.bids if b.supplier == "Northgate Support Services Ltd")
    score = next(s for s in ev.scores if (s.evaluator_id, s.bid_id, s.criterion_id) ==
                 (aisha.id, bid.id, scoring.criteria[0].id))
    cited = score.evidence[-1]
    assert (cited.text, cited.start, cited.end) == ("owned by its two directors", start, start + 26)
    stored = next(r.text for r in ev.responses if (r.bid_id, r.criterion_id) == (bid.id, scoring.criteria[0].id))
    assert stored[cited.start:cited.end] == cited.text
    quotes = [column.evidence.item(i).text() for i in range(column.evidence.count())]
    assert "“owned by its two directors”" in quotes
    marked = [selection.cursor.selectedText() for selection in column.response.extraSelections()]
    assert "owned by its two directors" in marked  # the cited passage is marked in the response
    # The same passage again is not cited twice; Delete on a citation removes that one only.
    column.response.setTextCursor(cursor)
    column.response.setFocus()
    press(qtbot, Qt.Key.Key_C, CTRL | SHIFT)
    score = next(s for s in in_file(demo_file).scores if s.id == score.id)
    assert [c.text for c in score.evidence].count("owned by its two directors") == 1
    before = len(score.evidence)
    column.evidence.setFocus()
    column.evidence.setCurrentRow(len(score.evidence) - 1)
    qtbot.keyClick(column.evidence, Qt.Key.Key_Delete)
    score = next(s for s in in_file(demo_file).scores if s.id == score.id)
    assert len(score.evidence) == before - 1 and "owned by its two directors" not in [c.text for c in score.evidence]
    assert column.evidence.count() == before - 1

    box = column.flag_boxes[1]
    assert box.text() == "Service cost held down to widen margin"
    column.response.setFocus()
    press(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # red flags from the keyboard: Alt+2
    ev = in_file(demo_file)
    score = next(s for s in ev.scores if s.id == score.id)
    assert score.flags == ("Profit-driven motive", "Service cost held down to widen margin")


def test_gate_below_threshold_fails_then_undo_passes(scoring: ScoringPanel, qtbot: QtBot, window: MainWindow,
                                                     demo_file: Path) -> None:
    scoring.choose_evaluator(scoring.evaluators[0].id)  # Aisha scored every gate at 2 or more for Northgate
    northgate = next(i for i, b in enumerate(scoring.bids) if b.supplier.startswith("Northgate"))
    row = northgate
    model = scoring.overview_model
    assert model.data(model.index(row, 0)) == "Passes every gate"
    scoring.go_to(northgate, 2)  # SVI3 High Quality Standards, threshold 2
    press(qtbot, Qt.Key.Key_1)
    assert model.data(model.index(row, 0)) == "Failing: SVI3 High Quality Standards"
    scoring.set_view("overview")
    assert scoring.stack.currentWidget() is scoring.overview
    window.undo_action.trigger()
    assert model.data(model.index(row, 0)) == "Passes every gate"
    assert window.redo_action.text().startswith("&Redo Score 1 for Northgate Support Services Ltd on SVI3")


def test_score_without_rationale_is_incomplete(scoring: ScoringPanel, qtbot: QtBot) -> None:
    scoring.add_evaluator("New Person")
    scoring.declare()
    scoring.focus_current()
    press(qtbot, Qt.Key.Key_3)
    column = scoring.current_column()
    assert column.status.text() == "Incomplete: a rationale is needed"
    assert scoring.progress.text().startswith("0 of 80 scored, 1 without a rationale")
    assert scoring.overview_model.data(scoring.overview_model.index(0, 1)) == "3 ✎"


def test_overview_model_passes_qtmodeltester(qtmodeltester, demo_file: Path) -> None:
    ev = in_file(demo_file)
    aisha = next(e for e in ev.evaluators if e.name == "Aisha Rahman")
    scores = {(s.bid_id, s.criterion_id): s for s in ev.scores if s.evaluator_id == aisha.id}
    model = OverviewModel()
    model.load(list(ev.bids), list(ev.framework.criteria), ev.framework.scale, scores)
    qtmodeltester.check(model)
    assert model.progress() == (80, 0, 80)


def _statements(trace: list[str]) -> list[str]:
    """The statements run, one entry each: SQLite reports every trigger program a statement fires (our TEMP
    capture triggers) as that statement again, so consecutive repeats are one statement."""
    out: list[str] = []
    for s in trace:
        if not out or out[-1] != s:
            out.append(s)
    return out


def test_one_key_press_is_one_transaction_with_no_read_back(scoring: ScoringPanel, qtbot: QtBot, window: MainWindow,
                                                             demo_file: Path) -> None:
    scoring.add_evaluator("Counted Evaluator")
    declare_none(scoring, qtbot)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    scoring.focus_current()
    conn = window.session.tf.conn
    trace: list[str] = []
    conn.set_trace_callback(trace.append)
    try:
        press(qtbot, Qt.Key.Key_3)
    finally:
        conn.set_trace_callback(None)
    statements = _statements(trace)
    kinds = [s.split()[0].upper() + (" " + s.split()[2] if s.upper().startswith(("INSERT", "DELETE")) else "")
             for s in statements]
    # The design: two reads (the checks in one statement: the lock, the scale, a declared conflict and the
    # evaluator's name for the audit row; then the score there now), then one transaction holding the write; the seal
    # (the row it wrote, the row as it was before the write, to check against its seal, the state before, the row's
    # old digest, the row now, its new digest); and the audit row chained to the last, after the head this program
    # last wrote. Before the transaction, one PRAGMA data_version: has anything outside committed to the file since
    # it was last checked whole? Nothing after the commit.
    assert kinds == ["SELECT", "SELECT", "PRAGMA", "BEGIN", "INSERT scores", "SELECT", "DELETE svi_changed", "SELECT",
                     "SELECT", "SELECT", "SELECT", "INSERT row_digests", "SELECT", "INSERT audit", "COMMIT"], statements
    assert statements[-1] == "COMMIT"  # the panel shows the score from the change itself: no read back
    bid, crit = scoring.bids[scoring.bid_index], scoring.criteria[scoring.crit_index]
    assert scoring.scores[(bid.id, crit.id)].value == 3
    assert scoring.current_column().picker.value() == 3
    me = next(e for e in in_file(demo_file).evaluators if e.name == "Counted Evaluator")
    assert [(s.bid_id, s.criterion_id, s.value) for s in in_file(demo_file).scores if s.evaluator_id == me.id] == [
        (bid.id, crit.id, 3)]


def test_ctrl_z_in_a_response_is_the_windows_undo(scoring: ScoringPanel, qtbot: QtBot, window: MainWindow,
                                                   demo_file: Path) -> None:
    """One Undo shortcut, the window's: pressed in a read-only response it undoes the last score."""
    from PySide6.QtGui import QAction, QKeySequence

    undo_keys = [a for a in window.findChildren(QAction) if QKeySequence(QKeySequence.StandardKey.Undo) in a.shortcuts()]
    assert undo_keys == [window.undo_action]
    scoring.add_evaluator("Undoing Evaluator")
    declare_none(scoring, qtbot)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    scoring.focus_current()
    press(qtbot, Qt.Key.Key_2)
    bid, crit = scoring.bids[scoring.bid_index], scoring.criteria[scoring.crit_index]
    assert scoring.scores[(bid.id, crit.id)].value == 2
    assert QApplication.focusWidget() is scoring.current_column().response
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert (bid.id, crit.id) not in scoring.scores
    me = next(e for e in in_file(demo_file).evaluators if e.name == "Undoing Evaluator")
    assert not [s for s in in_file(demo_file).scores if s.evaluator_id == me.id]
    press(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)
    assert scoring.scores[(bid.id, crit.id)].value == 2
