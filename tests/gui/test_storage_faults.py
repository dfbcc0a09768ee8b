"""Audit breaks, storage faults and backups, through the window."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from svi_desktop.store.backup import list_backups
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.restore import tender_id
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.ui.main_window import MainWindow
from svi_desktop.ui.operations.bids import set_response
from tests.helpers.qt import answer_next_dialog


def in_file(path: Path):
    with TenderFile.open(path, actor="t", read_only=True) as tf:
        return load_evaluation(tf)


def test_audit_panel_shows_a_score_edited_behind_the_programs_back(window: MainWindow, demo_file: Path) -> None:
    con = sqlite3.connect(demo_file)
    sid = con.execute("SELECT id FROM scores WHERE value = 2 ORDER BY rowid LIMIT 1").fetchone()[0]
    con.execute("UPDATE scores SET value = 4 WHERE id = ?", (sid,))
    con.commit()
    con.close()
    assert window.files.open_path(demo_file)
    window.panel_actions[5].trigger()
    status = window.panels["Audit"].status.text()
    assert status.startswith("The audit trail does not check out")
    assert f"the scores row {sid}" in status and "changed outside the program" in status


def _respond(window: MainWindow, text: str) -> bool:
    ev = window.session.evaluation()
    bid, crit = ev.bids[0], ev.framework.criteria[0]
    return set_response(window.session, bid, crit.id, crit.code, text) is not None


def first_response(path: Path) -> str:
    ev = in_file(path)
    return next(r.text for r in ev.responses if (r.bid_id, r.criterion_id) == (ev.bids[0].id, ev.framework.criteria[0].id))


def test_disk_full(window: MainWindow, demo_file: Path) -> None:
    assert window.files.open_path(demo_file)
    assert _respond(window, "A first edit that fits.")
    conn = window.session.tf.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full
    seen = answer_next_dialog("OK")
    assert not _respond(window, "x" * 400_000)
    assert "is full, so the change was not saved" in seen["text"] and "\n" not in seen["text"]
    assert window.saved_label.text() == "Last change not saved"
    assert window.undo_action.text().startswith("&Undo Change response of ")  # the refused edit joined no step
    conn.execute("PRAGMA max_page_count = 1073741823")  # space freed
    assert _respond(window, "After freeing space.")
    window.files.close_tender()
    assert first_response(demo_file) == "After freeing space."


def test_read_only_database(window: MainWindow, demo_file: Path) -> None:
    assert window.files.open_path(demo_file)
    before = first_response(demo_file)
    window.session.tf.conn.execute("PRAGMA query_only = ON")  # as SQLite sees a file it may not write
    seen = answer_next_dialog("OK")
    assert not _respond(window, "should not land")
    assert "cannot be written to" in seen["text"]
    window.session.tf.conn.execute("PRAGMA query_only = OFF")
    assert _respond(window, "lands now")
    window.files.close_tender()
    assert first_response(demo_file) == "lands now" != before


def test_file_moved_while_open(window: MainWindow, demo_file: Path, tmp_path: Path, monkeypatch) -> None:
    assert window.files.open_path(demo_file)
    assert _respond(window, "saved before the move")
    moved = tmp_path / "moved-away.svi"
    demo_file.rename(moved)
    seen = answer_next_dialog("OK")
    assert not _respond(window, "after the move")
    assert "was moved, renamed or deleted while it was open" in seen["text"]
    # Still usable: the work can be saved as a copy from the open connection.
    from PySide6.QtWidgets import QFileDialog

    copy = tmp_path / "rescued.svi"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(copy), ""))
    window.files.save_copy_as()
    window.files.close_tender()
    assert first_response(copy) == "saved before the move"
    assert first_response(moved) == "saved before the move"


def test_backup_on_open_and_restore(window: MainWindow, demo_file: Path, qtbot) -> None:
    assert window.files.open_path(demo_file)
    tid = tender_id(window.session.tf)
    qtbot.waitUntil(lambda: len(list_backups(tid)) == 1, timeout=10000)  # made in the background
    backups = list_backups(tid)
    assert backups[0].reason == "opened"
    assert _respond(window, "a change to undo by restoring")
    window.files.close_tender()
    assert window.files.open_path(demo_file)  # changed since the last backup: a new one
    qtbot.waitUntil(lambda: len(list_backups(tid)) == 2, timeout=10000)
    backups = list_backups(tid)
    assert [b.reason for b in backups] == ["opened", "opened"]
    oldest = backups[-1]
    assert window.files.restore(oldest)
    assert first_response(demo_file) != "a change to undo by restoring"
    assert "before-restore" in [b.reason for b in list_backups(tid)]
    assert window.session.tf.check() == []
    actions = [r[0] for r in window.session.tf.query("SELECT action FROM audit ORDER BY seq DESC LIMIT 1")]
    assert actions[0].startswith("restore from backup of")
    assert window.undo_action.text().startswith("&Undo Restore the backup of")
    window.undo_action.trigger()  # a restore is one step that can be undone
    assert first_response(demo_file) == "a change to undo by restoring"
    assert window.session.tf.check() == []
    window.redo_action.trigger()
    assert first_response(demo_file) != "a change to undo by restoring"


def test_backups_are_rotated(window: MainWindow, demo_file: Path) -> None:
    from svi_desktop.store.restore import make_backup

    assert window.files.open_path(demo_file)
    for i in range(5):
        make_backup(window.session.tf, f"test-{i}", keep=3)
    assert len(list_backups(tender_id(window.session.tf))) == 3


def test_network_drive_offers_a_local_copy(window: MainWindow, demo_file: Path, monkeypatch) -> None:
    monkeypatch.setattr("svi_desktop.workflows.tenders.on_network_drive", lambda p: p == demo_file)
    seen = answer_next_dialog("Work on a local copy")
    assert window.files.open_path(demo_file)
    assert "is on a network drive" in seen["text"]
    assert window.session.tf.path != demo_file and "working" in str(window.session.tf.path)
