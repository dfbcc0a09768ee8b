"""Nothing typed is lost (issue 29, point 1): each loss a full day of the demo found, driven through the real
widgets with the keyboard and the mouse, and checked in the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.ui.main_window import MainWindow
from svi_desktop.ui.panels.scoring import ScoringPanel

ALT = Qt.KeyboardModifier.AltModifier


def in_file(path: Path):
    with TenderFile.open(path, actor="test", read_only=True) as tf:
        return load_evaluation(tf)


@pytest.fixture
def scoring(window: MainWindow, demo_file: Path) -> ScoringPanel:
    assert window.files.open_path(demo_file)
    window.panel_actions[2].trigger()
    panel = window.panels["Scoring"]
    panel.choose_evaluator(panel.evaluators[0].id)
    panel.go_to(0, 0)
    return panel


def _my_score(demo_file: Path, panel: ScoringPanel):
    ev = in_file(demo_file)
    me, bid, crit = panel.evaluators[0], panel.bids[panel.bid_index], panel.criteria[panel.crit_index]
    return next(s for s in ev.scores if (s.evaluator_id, s.bid_id, s.criterion_id) == (me.id, bid.id, crit.id))


@pytest.mark.parametrize("how", ["click", "Alt+1"])
def test_ticking_a_red_flag_keeps_the_rationale_being_written(scoring: ScoringPanel, qtbot: QtBot,
                                                              demo_file: Path, how: str) -> None:
    column = scoring.current_column()
    column.rationale.setFocus()
    column.rationale.selectAll()
    qtbot.keyClicks(column.rationale, "Typed, not yet saved: the flag must not wipe it")
    if how == "click":
        box = column.flag_boxes[0]
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))  # on its tick box
    else:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1, ALT)
    score = _my_score(demo_file, scoring)
    assert score.rationale == "Typed, not yet saved: the flag must not wipe it"  # in the file
    assert column.flag_boxes[0].text() in score.flags  # and the flag too
    assert column.rationale.toPlainText() == score.rationale and column.flag_boxes[0].isChecked()  # and on screen


def test_the_rationale_is_saved_as_it_is_typed(scoring: ScoringPanel, qtbot: QtBot, demo_file: Path) -> None:
    column = scoring.current_column()
    column.rationale.setFocus()
    column.rationale.selectAll()
    qtbot.keyClicks(column.rationale, "Saved after a pause, with the focus still here")
    qtbot.waitUntil(lambda: _my_score(demo_file, scoring).rationale.startswith("Saved after a pause"),
                    timeout=column.rationale.PAUSE_MS + 3000)
    assert column.rationale.hasFocus() and column.rationale.toPlainText().endswith("still here")


def _moderating(window: MainWindow, demo_file: Path, row: int):
    """The demo open on Moderation (Ctrl+4), on a row of the first criterion."""
    assert window.files.open_path(demo_file)
    window.panel_actions[3].trigger()
    panel = window.panels["Moderation"]
    panel.table.selectRow(row)
    return panel


def test_moving_to_another_bid_keeps_the_consensus_being_typed(window: MainWindow, demo_file: Path,
                                                                qtbot: QtBot) -> None:
    panel = _moderating(window, demo_file, row=0)
    first = panel.current_bid()
    panel.note.setFocus()
    qtbot.keyClicks(panel.note, "Half a note")
    panel.feedback.setFocus()
    qtbot.keyClicks(panel.feedback, "Feedback typed for the first bid")
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)  # another row
    assert panel.current_bid().id != first.id
    assert panel.note.toPlainText() != "Half a note"
    qtbot.keyClick(panel.table, Qt.Key.Key_Up)  # and back: what was typed is there
    assert panel.current_bid().id == first.id
    assert panel.note.toPlainText() == "Half a note"
    assert panel.feedback.toPlainText() == "Feedback typed for the first bid"


def test_a_consensus_draft_is_in_the_file_survives_closing_and_goes_when_recorded(window: MainWindow,
                                                                                   demo_file: Path,
                                                                                   qtbot: QtBot) -> None:
    from svi_desktop.domain.settings import consensus_drafts

    panel = _moderating(window, demo_file, row=1)
    bid = panel.current_bid()
    crit = panel.criteria[panel.crit_index]
    panel.note.setFocus()
    qtbot.keyClicks(panel.note, "The panel leaned to 3")
    window.files.close_tender()  # straight away: no pause, no moving on
    drafts = consensus_drafts(in_file(demo_file).settings)
    assert drafts[(crit.id, bid.id)].note == "The panel leaned to 3"
    assert window.files.open_path(demo_file)
    window.panel_actions[3].trigger()
    panel = window.panels["Moderation"]
    panel.select(bid.id)
    assert panel.note.toPlainText() == "The panel leaned to 3" and panel.draft_label.isVisible()
    panel.picker.set_value(panel._row().counted()[0])  # a score an evaluator gave: no question asked
    assert panel.record()
    ev = in_file(demo_file)
    assert (crit.id, bid.id) not in consensus_drafts(ev.settings)
    assert next(c for c in ev.consensus if (c.bid_id, c.criterion_id) == (bid.id, crit.id)).note == \
        "The panel leaned to 3"
    assert not panel.draft_label.isVisible()
    # Undone, the consensus goes and what the panel typed is back as its draft, on screen and in the file.
    window.undo()
    ev = in_file(demo_file)
    assert not any((c.bid_id, c.criterion_id) == (bid.id, crit.id) for c in ev.consensus)
    assert consensus_drafts(ev.settings)[(crit.id, bid.id)].note == "The panel leaned to 3"
    assert panel.current_bid().id == bid.id
    assert panel.note.toPlainText() == "The panel leaned to 3" and panel.draft_label.isVisible()
    # Redone, it is agreed again and the draft has gone.
    window.redo()
    ev = in_file(demo_file)
    assert next(c for c in ev.consensus if (c.bid_id, c.criterion_id) == (bid.id, crit.id)).note == \
        "The panel leaned to 3"
    assert (crit.id, bid.id) not in consensus_drafts(ev.settings) and not panel.draft_label.isVisible()


# -- every editor of every panel ------------------------------------------------------------------------------------

def _text_in_file(path: Path) -> str:
    """Every text the file holds, in every table: what was typed is looked for in the file itself. Read with the
    program's own SQLite: a second SQLite library in one process does not see the first's locks (sqlite.org,
    "How to corrupt", 2.2.1), and read a page a backup's connection held as malformed on a loaded CI run."""
    from svi_desktop.store.engine import sqlite3

    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return "\n".join(str(v) for t in tables for row in db.execute(f'SELECT * FROM "{t}"') for v in row
                         if isinstance(v, str))


# (panel, editor's accessible name, what is typed): every editor that edits a record of the tender.
EDITORS = [
    ("Setup", "Tender title", "Title typed then left"),
    ("Setup", "Tender reference", "REF-TYPED-29"),
    ("Setup", "Contracting authority", "Authority typed then left"),
    ("Setup", "Where the award criteria are published", "https://example.org/typed-criteria"),
    ("Setup", "Tender description", "Description typed then left"),
    ("Setup", "Criterion title", "Criterion title typed then left"),
    ("Setup", "Guidance for evaluators", "Guidance typed then left"),
    ("Setup", "Distinguished from", "Contrast typed then left"),
    ("Setup", "Red flags, one per line", "Red flag typed then left"),
    ("Bids", "Supplier", "Supplier typed then left"),
    ("Bids", "Registered address", "1 Typed Street, Leftbury"),
    ("Bids", "Email", "typed.then.left@example.org"),
    ("Bids", "The bid's response to the selected criterion", "Response typed then left"),
    ("Scoring", "Rationale", "Rationale typed then left"),
    ("Moderation", "Moderation note: how the panel reached the consensus", "Note typed then left"),
    ("Moderation", "Feedback for the bidder", "Feedback typed then left"),
]


def _editor(panel, name: str):
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

    found = [w for w in panel.findChildren(QLineEdit) + panel.findChildren(QPlainTextEdit)
             if w.accessibleName().startswith(name) and w.isVisible()]
    assert found, f"no editor named {name!r} on {panel.objectName()}"
    return found[0]


def _text(editor) -> str:
    return editor.toPlainText() if hasattr(editor, "toPlainText") else editor.text()


@pytest.mark.parametrize("leave", ["another panel", "close the tender"])
def test_every_editor_keeps_what_is_typed_and_it_is_in_the_file(window: MainWindow, demo_file: Path, qtbot: QtBot,
                                                                leave: str) -> None:
    from svi_desktop.ui.window.shell import PANELS

    def open_as_first_evaluator() -> None:
        assert window.files.open_path(demo_file)
        window.panel_actions[2].trigger()
        window.panels["Scoring"].choose_evaluator(window.panels["Scoring"].evaluators[0].id)

    open_as_first_evaluator()
    for panel_name, name, typed in EDITORS:
        index = PANELS.index(panel_name)
        qtbot.keyClick(window, Qt.Key.Key_1 + index, Qt.KeyboardModifier.ControlModifier)
        editor = _editor(window.panels[panel_name], name)
        editor.setFocus()
        editor.selectAll()
        qtbot.keyClicks(editor, typed)
        if leave == "another panel":
            away = (index + 1) % len(PANELS)
            qtbot.keyClick(window, Qt.Key.Key_1 + away, Qt.KeyboardModifier.ControlModifier)
            qtbot.keyClick(window, Qt.Key.Key_1 + index, Qt.KeyboardModifier.ControlModifier)
            assert _text(_editor(window.panels[panel_name], name)) == typed, name  # back: still there
        else:
            window.files.close_tender()  # with the focus still in the editor, no pause
            assert typed in _text_in_file(demo_file), name
            open_as_first_evaluator()
    window.files.close_tender()
    held = _text_in_file(demo_file)
    assert [name for _p, name, typed in EDITORS if typed not in held] == []


def test_a_toolbar_button_that_takes_no_focus_saves_the_typing_first(window: MainWindow, demo_file: Path,
                                                                     qtbot: QtBot) -> None:
    """Undo on the toolbar takes no focus, so the title's save-on-leaving never runs: the typing is saved first, as
    its own step (the one undone), and Redo brings it back; without that the refresh would lose it for good."""
    from PySide6.QtWidgets import QToolButton

    assert window.files.open_path(demo_file)
    window.panel_actions[0].trigger()
    reference = _editor(window.panels["Setup"], "Tender reference")
    reference.setFocus()
    qtbot.keyClicks(reference, "-2")
    qtbot.keyClick(reference, Qt.Key.Key_Return)  # an earlier step, so that Undo is there to click
    assert window.undo_action.isEnabled()
    title = _editor(window.panels["Setup"], "Tender title")
    before = title.text()
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "A title typed, then Undo clicked")
    button = next(b for b in window.findChildren(QToolButton) if b.defaultAction() is window.undo_action)
    assert button.focusPolicy() == Qt.FocusPolicy.NoFocus
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert in_file(demo_file).tender.title == before and title.text() == before
    assert "-2" in in_file(demo_file).tender.reference  # the step before it is not what was undone
    window.redo_action.trigger()
    assert in_file(demo_file).tender.title == "A title typed, then Undo clicked" == title.text()
