"""Backups of an open tender: whether one is due, what changed since, and restoring one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from svi_desktop.errors import KnownError, StorageError
from svi_desktop.store.backup import DEFAULT_KEEP, BackupInfo, backup_connection, backup_file, list_backups
from svi_desktop.store.tender_file import TenderFile


def current_digest(tf: TenderFile) -> str:
    found = tf.query("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1")
    return found[0][0] if found else "0" * 64


def tender_id(tf: TenderFile) -> str:
    return tf.query("SELECT id FROM tender")[0][0]


def changed_since_last_backup(tf: TenderFile) -> bool:
    newest = next(iter(list_backups(tender_id(tf))), None)
    return newest is None or newest.digest != current_digest(tf)[:8]


def make_backup(tf: TenderFile, reason: str, keep: int = DEFAULT_KEEP) -> Path:
    """A verified rolling backup; the oldest beyond `keep` are removed."""
    return backup_file(tf.path, reason, keep, tender=tender_id(tf), conn=tf.conn)


def changes_since(tf: TenderFile, backup: BackupInfo) -> str:
    """What changed between a backup and now, in a phrase for the restore list."""
    try:
        con = sqlite3.connect(f"{backup.path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            then = con.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return "cannot be read"
    now = tf.query("SELECT COUNT(*) FROM audit")[0][0]
    if now <= then:
        return "no changes since"
    last = tf.query("SELECT action FROM audit ORDER BY seq DESC LIMIT 1")[0][0]
    return f"{now - then} changes since, the latest: {last}"


def restore(tf: TenderFile, backup: BackupInfo) -> Path:
    """Replace the open file's content with a backup's, after backing up the present state first."""
    # A backup is a file like any other: checked as defensively as a file being opened, before a page is copied.
    try:
        with TenderFile.open(backup.path, actor=tf.actor, read_only=True) as copy:
            same = copy.tender_id() == tf.tender_id()
            problems = copy.check()
    except KnownError:
        same, problems = False, ["it cannot be opened"]
    if not same or problems:
        raise KnownError(f"{backup.path.name} is not a sound backup of this tender (made by this version), so "
                         "nothing was restored.")
    safety = backup_connection(tf.conn, tf.path, "before-restore")
    source = sqlite3.connect(backup.path)
    try:
        source.backup(tf.conn)
    except sqlite3.Error as exc:
        raise StorageError(f"The backup could not be restored ({exc}); the tender is as it was, and a copy of it "
                           f"is at {safety}.") from None
    finally:
        source.close()
    with tf.operation(action=f"restore from backup of {backup.label}", entity="tender", entity_id=tender_id(tf),
                      new={"backup": backup.path.name, "copy_of_state_before": safety.name}):
        pass
    return safety
