"""F1 shows the current panel's shortcuts; Help > Guide has a page per role."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from svi_desktop.ui.main_window import MainWindow
from tests.helpers.qt import answer_next_dialog


def _f1(window: MainWindow, qtbot: QtBot) -> str:
    seen: dict[str, str] = {}

    def read(dialog: QDialog) -> None:
        seen["text"] = dialog.text.toPlainText()
        dialog.reject()

    answer_next_dialog(then=read)
    window.help_key.activated.emit()  # what F1 sends (a window shortcut)
    return seen["text"]


def test_f1_shows_the_shortcuts_of_the_panel_in_view(window: MainWindow, demo_file: Path, qtbot: QtBot) -> None:
    assert window.files.open_path(demo_file)
    window.show_panel(2)
    text = _f1(window, qtbot)
    assert text.startswith("In Scoring:") and "Ctrl+Shift+C" in text and "F6" in text and "Alt+1" in text
    window.show_panel(3)
    text = _f1(window, qtbot)
    assert text.startswith("In Moderation:") and "Ctrl+Shift+A" in text and "F6" not in text
    assert "Ctrl+1 … Ctrl+7" in text  # the window's own, everywhere
    assert window.help_key.key() == QKeySequence(Qt.Key.Key_F1)


def test_the_guide_has_a_page_per_role(window: MainWindow, qtbot: QtBot) -> None:
    seen: dict[str, list[str]] = {}

    def read(dialog: QDialog) -> None:
        seen["tabs"] = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
        dialog.reject()

    answer_next_dialog(then=read)
    window.guide_action.trigger()
    assert seen["tabs"] == ["Evaluation lead", "Evaluator", "Panel chair"]
