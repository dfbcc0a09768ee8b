"""Issue 29, point 5: the lead shows the return codes again (File > Show return codes) until each return is
collected; each in a read-only field with its own Copy button. Never in a pack, never on the shared screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from svi_desktop.ui.main_window import MainWindow
from tests.helpers.packs import remember, submit
from tests.helpers.qt import answer_next_dialog


def _shown(qtbot: QtBot, window: MainWindow, copy_row: int | None = None) -> dict:
    seen: dict = {}

    def read(dialog) -> None:
        seen["text"] = dialog.text()
        seen["fields"] = [(f.text(), f.isReadOnly()) for f in dialog.fields]
        if copy_row is not None:
            qtbot.mouseClick(dialog.copy_buttons[copy_row], Qt.MouseButton.LeftButton)
            seen["clipboard"] = QApplication.clipboard().text()
        dialog.accept()

    answer_next_dialog(then=read)
    menu = window.menuBar().actions()[0].menu()
    assert window.codes_action in menu.actions() and window.codes_action.isEnabled()
    window.codes_action.trigger()
    return seen


def test_the_lead_shows_the_codes_again_until_each_return_is_collected(qtbot: QtBot, demo_file: Path,
                                                                      tmp_path: Path) -> None:
    lead = MainWindow()
    qtbot.addWidget(lead)
    lead.show()
    assert lead.files.open_path(demo_file)
    folder = tmp_path / "packs"
    folder.mkdir()
    first: dict = {}

    def read_issue(dialog) -> None:
        first["text"] = dialog.text()
        dialog.accept()

    answer_next_dialog(then=read_issue)
    issued = lead.packs.issue_to(folder)
    remember(issued)
    assert "File > Show return codes shows them again until each return is collected" in first["text"]
    # Closed and opened again (another day): the codes are still there to give out again.
    lead.files.close_tender()
    assert lead.files.open_path(demo_file)
    seen = _shown(qtbot, lead, copy_row=2)
    assert seen["fields"] == [(p.code, True) for p in sorted(issued, key=lambda p: p.evaluator)]
    assert all(p.evaluator in seen["text"] for p in issued)
    assert seen["clipboard"] == sorted(issued, key=lambda p: p.evaluator)[2].code

    aisha = next(p for p in issued if p.evaluator.startswith("Aisha"))
    lead.files.close_tender()
    submit(aisha.path)
    assert lead.files.open_path(demo_file)
    answer_next_dialog("OK")
    assert lead.packs.collect([aisha.path])
    seen = _shown(qtbot, lead)
    assert aisha.code not in seen["text"] and len(seen["fields"]) == 2

    lead.activateWindow()
    qtbot.waitUntil(lead.isActiveWindow)
    qtbot.keyClick(lead, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the collection
    seen = _shown(qtbot, lead)
    assert aisha.code in seen["text"] and len(seen["fields"]) == 3

    # On the shared screen the codes cannot be shown.
    lead.presentation_action.trigger()
    assert not lead.codes_action.isEnabled()
    lead.presentation_action.trigger()
    assert lead.codes_action.isEnabled()

    # In the evaluator's own pack there is nothing to show.
    lead.files.close_tender()
    assert lead.files.open_path(aisha.path)
    assert not lead.codes_action.isEnabled()
    lead.close()
