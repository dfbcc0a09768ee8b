"""Every save dialog of the window refuses a tender, a backup or a device as its destination (issue 28, point 1),
as `svi` does: one sentence shown to the user, and the tender file left byte for byte as it was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from svi_desktop.ui.main_window import MainWindow
from svi_desktop.ui.panels.dialogs.export import ExportDialog
from tests.helpers.files import sha256
from tests.helpers.qt import answer_next_dialog


def _chosen(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """The user picks `path` in the save dialog."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def _targets(demo_file: Path, tmp_path: Path) -> list[Path]:
    other = tmp_path / "other"
    other.mkdir()
    import shutil

    shutil.copy(demo_file, other / "another tender.xlsx")  # another tender, under a name that hides it
    return [demo_file, Path(f"{demo_file}-wal"), other / "another tender.xlsx"]


ACTIONS: dict[str, Callable[[MainWindow], None]] = {
    "Bids > Save bid template": lambda w: w.panels["Bids"].template_dialog(),
    "Audit > Export the audit trail": lambda w: w.panels["Audit"].export_dialog(),
    "Results > Save chart": lambda w: w.panels["Results"].save_chart_dialog(w.panels["Results"].radar),
    "File > Save a copy as": lambda w: w.files.save_copy_as(),
}


@pytest.mark.parametrize("action", list(ACTIONS))
def test_a_save_dialog_never_writes_over_a_tender(window: MainWindow, demo_file: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch, action: str) -> None:
    assert window.files.open_path(demo_file)
    for target in _targets(demo_file, tmp_path):
        before = {p: sha256(p) for p in (demo_file, target) if p.exists()}
        _chosen(monkeypatch, target)
        seen = answer_next_dialog("OK")
        ACTIONS[action](window)
        assert "text" in seen, f"{action} to {target.name} said nothing"
        text = seen["text"]
        assert text and "Traceback" not in text and text.count("\n") == 0, text
        assert {p: sha256(p) for p in before} == before, f"{action} changed {target.name}"
    assert window.session is not None and window.session.tf.integrity_problem is None


def test_the_export_dialog_refuses_the_open_tender_and_says_so(window: MainWindow, demo_file: Path, qtbot: QtBot,
                                                               tmp_path: Path) -> None:
    assert window.files.open_path(demo_file)
    before = sha256(demo_file)
    dialog = ExportDialog(window.session, str(tmp_path), window)
    qtbot.addWidget(dialog)
    dialog.show()
    for kind in ("xlsx", "pdf"):
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        dialog.path.setText(str(demo_file))
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.export_button.isEnabled() and "tender" in dialog.status.text(), timeout=30000)
        assert "Traceback" not in dialog.status.text() and dialog.written == []
    assert sha256(demo_file) == before


def test_a_nul_pasted_into_a_field_is_refused_in_one_sentence(window: MainWindow, demo_file: Path,
                                                              qtbot: QtBot) -> None:
    """A NUL pasted into the tender's title reached the contract notice as a traceback: the one place every write
    passes now refuses it, and the window says so."""
    assert window.files.open_path(demo_file)
    before = sha256(demo_file)
    title = window.panels["Setup"].fields["title"]
    title.setFocus()
    title.setText("Pasted \x00 title")
    seen = answer_next_dialog("OK")
    qtbot.keyClick(title, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: "text" in seen, timeout=5000)
    assert "NUL character" in seen["text"] and seen["text"].count("\n") == 0
    assert sha256(demo_file) == before
