"""Backups of a tender: listed with their size, deletable in the window and from svi, private to the user."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from svi_desktop.store.backup import list_backups
from svi_desktop.store.restore import tender_id
from svi_desktop.ui.main_window import MainWindow
from svi_desktop.ui.panels.dialogs.restore import RestoreDialog
from tests.helpers.hostile import cli
from tests.helpers.qt import answer_next_dialog


def test_backups_are_listed_with_their_size_and_deleted(window: MainWindow, demo_file: Path, qtbot: QtBot,
                                                         data_dir: Path) -> None:
    assert window.files.open_path(demo_file)
    tid = tender_id(window.session.tf)
    qtbot.waitUntil(lambda: len(list_backups(tid)) == 1, timeout=10000)  # made in the background on opening
    backup = list_backups(tid)[0]
    assert backup.path.stat().st_mode & 0o777 == 0o600 and backup.path.parent.stat().st_mode & 0o777 == 0o700
    dialog = RestoreDialog(window.session, window)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1 and " KB" in dialog.list.item(0).text()
    assert not dialog.delete_button.isEnabled()
    dialog.list.setCurrentRow(0)
    assert dialog.delete_button.isEnabled()
    seen = answer_next_dialog("Delete")
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert "cannot be brought back" in seen["text"]
    assert not backup.path.exists() and list_backups(tid) == []
    assert dialog.list.item(0).text() == "There are no backups of this tender yet." and not dialog.list.isEnabled()


def test_svi_lists_and_deletes_a_deleted_tenders_backups(demo_file: Path, data_dir: Path) -> None:
    assert cli("demo", str(demo_file.with_name("other.svi")))[0] == 0
    from svi_desktop.store.restore import make_backup
    from svi_desktop.store.tender_file import TenderFile

    with TenderFile.open(demo_file, actor="t") as tf:
        make_backup(tf, "by-hand")
        make_backup(tf, "by-hand-again")
        tid = tender_id(tf)
    demo_file.unlink()  # the tender is gone; its backups are not
    code, out, _err = cli("backups")
    assert code == 0 and sum(line.startswith(tid[:12]) for line in out.splitlines()) == 2 and "by hand" in out
    code, out, _err = cli("backups", "--delete", tid[:12])
    assert code == 0 and "Deleted 2 backups" in out
    assert list_backups(tid) == []
    code, _out, err = cli("backups", "--delete", tid[:12])
    assert code == 2 and err.startswith("svi: There are no backups of a tender")


def test_a_backup_is_never_seen_half_written_or_readable_by_others(demo_file: Path, data_dir: Path,
                                                                  monkeypatch) -> None:
    """While SQLite writes it, a backup lives under a hidden temporary name created 0600; only the verified copy
    takes the backup's name (a listing once saw a half-made backup with the default mode)."""
    import sqlite3 as sqlite

    from svi_desktop.store import backup as backup_module
    from svi_desktop.store.restore import make_backup
    from svi_desktop.store.tender_file import TenderFile

    seen: list[tuple[list[str], int]] = []
    real_connect = sqlite.connect

    def watching_connect(path, *args, **kwargs):
        folder = Path(str(path)).parent
        if folder.name == "backups":
            seen.append(([p.name for p in list_backups(folder=folder)], Path(path).stat().st_mode & 0o777))
        return real_connect(path, *args, **kwargs)

    monkeypatch.setattr(backup_module.sqlite3, "connect", watching_connect)
    with TenderFile.open(demo_file, actor="t") as tf:
        made = make_backup(tf, "watched")
    assert seen and all(listed == [] for listed, _mode in seen)  # nothing listed while it was being written
    assert all(mode == 0o600 for _listed, mode in seen)
    assert made.stat().st_mode & 0o777 == 0o600 and not list((data_dir / "backups").glob(".*"))


def test_closing_waits_for_a_backup_being_made_and_leaves_the_file_whole(
        window: MainWindow, demo_file: Path, qtbot: QtBot, data_dir: Path, monkeypatch) -> None:
    """Closing waits for a backup still being made, so that no connection of the program is left on the file once
    the tender is closed: it can be copied, converted or read at once, and the file alone holds every change."""
    import shutil
    import threading

    from svi_desktop.store import backup

    real, started, release = backup.backup_connection, threading.Event(), threading.Event()

    def slow_copy(*args, **kwargs):  # type: ignore[no-untyped-def]
        started.set()
        release.wait(10)  # its read-only connection open, still copying when the tender is closed
        return real(*args, **kwargs)

    monkeypatch.setattr(backup, "backup_connection", slow_copy)
    assert window.files.open_path(demo_file)  # a backup on opening, in the background
    assert started.wait(10)
    window.panel_actions[0].trigger()
    setup = window.panels["Setup"]
    title = next(w for w in setup.findChildren(QLineEdit) if w.accessibleName() == "Tender title")
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "Changed just before closing")
    threading.Timer(0.5, release.set).start()
    window.files.close_tender()
    assert window.files.backups.job is not None and window.files.backups.job.done.is_set()
    assert not Path(f"{demo_file}-wal").exists()
    copy = demo_file.with_name("copied-alone.svi")
    shutil.copyfile(demo_file, copy)  # the file alone, as copied to a stick
    from svi_desktop.store.repository import load_evaluation
    from svi_desktop.store.tender_file import TenderFile

    with TenderFile.open(copy, actor="t", read_only=True) as tf:
        assert load_evaluation(tf).tender.title == "Changed just before closing"


def test_a_backup_that_outlasts_the_wait_is_said_and_the_tender_still_closes(
        window: MainWindow, demo_file: Path, qtbot: QtBot, data_dir: Path, monkeypatch) -> None:
    import threading

    from svi_desktop.store import backup

    real, started, release = backup.backup_connection, threading.Event(), threading.Event()

    def stuck_copy(*args, **kwargs):  # type: ignore[no-untyped-def]
        started.set()
        release.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(backup, "backup_connection", stuck_copy)
    monkeypatch.setattr(type(window.files.backups).finish, "__defaults__", (0.3,))
    assert window.files.open_path(demo_file)
    assert started.wait(10)
    window.files.close_tender()
    assert window.session is None and window.stack.currentWidget() is window.start_page
    assert window.statusBar().currentMessage() == ("A backup is still being made; the tender is closed without "
                                                   "waiting for it.")
    assert QApplication.overrideCursor() is None  # the wait cursor is put back
    release.set()
    qtbot.waitUntil(window.files.backups.job.done.is_set, timeout=10000)
