"""The Evaluators dialog: rows stay put while you edit, and someone who recorded nothing can be removed by key."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.ui.main_window import MainWindow
from svi_desktop.ui.panels.dialogs.evaluators import EvaluatorsDialog
from tests.helpers.qt import answer_next_dialog


def _names(dialog: EvaluatorsDialog) -> list[str]:
    return [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]


def _stored(path: Path) -> list[str]:
    with TenderFile.open(path, actor="t", read_only=True) as tf:
        return sorted(e.name for e in load_evaluation(tf).evaluators)


def test_renaming_keeps_the_row_in_place_and_delete_removes_only_who_recorded_nothing(
        window: MainWindow, demo_file: Path, qtbot: QtBot) -> None:
    assert window.files.open_path(demo_file)
    dialog = EvaluatorsDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    before = _names(dialog)
    # Renaming the first evaluator to a name that sorts last leaves the row where it was.
    dialog.table.item(0, 0).setText("Zoe Zimmerman")
    assert _names(dialog) == ["Zoe Zimmerman", *before[1:]]
    assert "Zoe Zimmerman" in _stored(demo_file)

    # Someone with scores cannot go: one sentence, nothing changed.
    dialog.table.setCurrentCell(0, 1)
    dialog.table.setFocus()
    seen = answer_next_dialog("OK")
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert _names(dialog) == ["Zoe Zimmerman", *before[1:]]
    assert seen["text"] == "Zoe Zimmerman has recorded scores, so cannot be removed."

    # A new evaluator goes last and is removed with Delete; undo brings them back.
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert _names(dialog)[-1] == "New evaluator" and dialog.table.currentRow() == len(before)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)  # leave the name editor the add opened
    dialog.table.setCurrentCell(len(before), 1)
    assert dialog.remove_button.isEnabled()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert "New evaluator" not in _names(dialog)
    assert "New evaluator" not in _stored(demo_file)
    assert window.undo_action.text().startswith("&Undo Remove evaluator New evaluator")
    window.undo_action.trigger()
    assert _names(dialog)[-1] == "New evaluator"
    assert "New evaluator" in _stored(demo_file)


def test_no_two_evaluators_share_a_name_in_the_dialog(window: MainWindow, demo_file: Path, qtbot: QtBot) -> None:
    assert window.files.open_path(demo_file)
    dialog = EvaluatorsDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    before = _names(dialog)
    # Add, twice: each new row gets a placeholder of its own to type over.
    for _ in range(2):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        dialog.table.setFocus()
        qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    assert _names(dialog)[-2:] == ["New evaluator", "New evaluator 2"]
    # Typing another evaluator's name (in other case) over a name: one sentence; the name stays as it was.
    seen = answer_next_dialog("OK")
    dialog.table.item(len(before), 0).setText(f" {before[0].upper()}")
    qtbot.waitUntil(lambda: "text" in seen)
    assert seen["text"].startswith(f"{before[0]} is on the panel already")
    assert _names(dialog) == [*before, "New evaluator", "New evaluator 2"]
    assert _stored(demo_file) == sorted([*before, "New evaluator", "New evaluator 2"])
