"""The main window: bad files, a locked file, close and reopen, geometry, and crashes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QFileDialog, QPlainTextEdit
from pytestqt.qtbot import QtBot

from svi_desktop.ui import crash
from svi_desktop.ui.main_window import MainWindow
from tests.helpers.files import BAD_FILES, sha256
from tests.helpers.qt import answer_next_dialog
from tests.unit.store.test_lock import HOLDER


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_open_bad_file_through_the_ui(kind: str, window: MainWindow, qtbot: QtBot, demo_file: Path,
                                      tmp_path: Path, monkeypatch) -> None:
    maker, phrase = BAD_FILES[kind]
    bad = maker(tmp_path, demo_file)
    before = sha256(bad)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    seen = answer_next_dialog("OK")
    qtbot.mouseClick(window.start_page.open_button, Qt.MouseButton.LeftButton)
    assert seen["widget_name"] == "errorDialog"
    assert phrase in seen["text"] and "\n" not in seen["text"] and "Traceback" not in seen["text"]
    assert seen["text"].count(". ") == 0 and seen["text"].endswith(".")  # one sentence
    assert sha256(bad) == before
    # Still usable: the start page is showing and a good file opens.
    assert window.stack.currentWidget() is window.start_page
    assert window.files.open_path(demo_file)


def test_locked_file_offers_read_only(window: MainWindow, qtbot: QtBot, demo_file: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(demo_file)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "open"
        seen = answer_next_dialog("Open read-only")
        assert window.files.open_path(demo_file)
        assert "already open for editing by" in seen["text"]
        assert "read-only" in window.windowTitle()
        assert window.panels["Setup"].fields["title"].isReadOnly()  # read, selected, copied; not changed
    finally:
        child.kill()
        child.wait()
        if child.stdout:
            child.stdout.close()


def test_close_and_reopen_restores_state_and_geometry(qtbot: QtBot, demo_file: Path) -> None:
    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    first.setGeometry(QRect(30, 40, 700, 500))
    assert first.files.open_path(demo_file)
    title = first.panels["Setup"].fields["title"]
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "Renamed tender")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    first.tabs.setCurrentIndex(2)
    geometry = first.geometry()
    first.close()

    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    assert second.geometry().size() == geometry.size()
    assert str(demo_file.resolve()) == second.start_page.recent.item(0).data(Qt.ItemDataRole.UserRole)
    second.start_page.recent.setCurrentRow(0)
    second.start_page.recent.itemActivated.emit(second.start_page.recent.item(0))
    assert second.tabs.currentIndex() == 2  # the panel that was showing
    second.panel_actions[0].trigger()  # panels fill when first shown
    assert second.panels["Setup"].fields["title"].text() == "Renamed tender"
    second.close()


def test_ctrl_6_shows_the_audit_panel_verifying_the_trail(window: MainWindow, demo_file: Path, qtbot: QtBot) -> None:
    assert window.files.open_path(demo_file)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 5
    assert window.panels["Audit"].status.text().startswith("The audit trail checks out")
    assert window.evaluator_label.text() == "Evaluator: none chosen"
    assert window.saved_label.text() == "All changes saved"


def test_unexpected_error_shows_log_path(qtbot: QtBot, data_dir: Path) -> None:
    seen = answer_next_dialog("OK")
    bidder_text = "Moorside will employ 12 apprentices from Fitton Hill"
    try:
        raise RuntimeError(f"a bug while reading {bidder_text!r}")
    except RuntimeError as exc:
        crash.handle(RuntimeError, exc, exc.__traceback__)
    logs = list((data_dir / "logs").glob("crash-*.log"))
    text = logs[0].read_text()
    assert len(logs) == 1 and "builtins.RuntimeError: (message withheld" in text and "test_main_window.py" in text
    assert "Fitton Hill" not in text  # a crash log holds no bidder text
    assert logs[0].stat().st_mode & 0o777 == 0o600 and (data_dir / "logs").stat().st_mode & 0o777 == 0o700
    assert str(logs[0]) in seen["text"] and "Traceback" not in seen["text"]


def test_the_audit_panel_reads_in_words_and_a_double_click_shows_the_whole_change(window: MainWindow,
                                                                                 demo_file: Path, qtbot: QtBot,
                                                                                 tmp_path: Path) -> None:
    import csv

    from svi_desktop.store.operations.framework import set_tender_field
    from svi_desktop.store.tender_file import TenderFile

    with TenderFile.open(demo_file, actor="Dana Lead") as tf:
        set_tender_field(tf, field="regime", value="psr-competitive", reason="Test: a PSR award.")
    assert window.files.open_path(demo_file)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    panel = window.panels["Audit"]
    headers = [panel.proxy.headerData(i, Qt.Orientation.Horizontal) for i in range(panel.proxy.columnCount())]
    assert headers == ["#", "When (UTC)", "Who", "What", "From", "To", "Why"]
    top = panel.proxy.index(0, 0)  # newest first
    cells = [panel.proxy.index(0, c).data() for c in range(7)]
    assert cells[2:6] == ["Dana Lead", "Change procurement regime", "(blank)",
                          "Provider Selection Regime, competitive process"]
    panel.table.setFocus()
    panel.table.setCurrentIndex(top)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)  # Enter, like a double-click, opens the detail
    qtbot.waitUntil(lambda: panel.detail_dialog is not None and panel.detail_dialog.isVisible())
    text = panel.detail_dialog.findChild(QPlainTextEdit, "auditDetailText").toPlainText()
    assert "What: Change procurement regime" in text and "To: Provider Selection Regime, competitive process" in text
    assert "Hash: " in text and "Old: " in text
    panel.detail_dialog.close()
    target = tmp_path / "trail.csv"
    assert panel.export_to(target)
    with open(target, encoding="utf-8-sig", newline="") as fh:
        last = list(csv.DictReader(fh))[-1]
    assert (last["Who"], last["What"], last["To"]) == ("Dana Lead", "Change procurement regime",
                                                       "Provider Selection Regime, competitive process")


def test_demo_runs_do_not_fill_the_recent_files(window: MainWindow, demo_file: Path) -> None:
    from svi_desktop.ui import settings

    assert window.files.open_demo()
    assert window.files.open_demo()
    assert settings.get(settings.RECENT_FILES) == []
    assert window.files.open_path(demo_file)
    assert settings.get(settings.RECENT_FILES) == [str(demo_file.resolve())]


def test_recent_files_missing_marked_and_removed_with_delete(window: MainWindow, demo_file: Path, qtbot: QtBot,
                                                            tmp_path: Path) -> None:
    from svi_desktop.ui import settings

    gone = tmp_path / "gone.svi"
    settings.put(settings.RECENT_FILES, [str(demo_file), str(gone)])
    window.files.fill_recent_menu()
    texts = {a.text(): a.isEnabled() for a in window.recent_menu.actions() if a.text()}
    assert texts[f"{gone}  (missing)"] is False and texts[str(demo_file)] is True
    window.start_page.set_recent(settings.get(settings.RECENT_FILES))
    recent = window.start_page.recent
    recent.setFocus()
    recent.setCurrentRow(1)
    assert recent.item(1).text().endswith("(missing)")
    qtbot.keyClick(recent, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: recent.count() == 1)
    assert settings.get(settings.RECENT_FILES) == [str(demo_file)] and demo_file.exists()
