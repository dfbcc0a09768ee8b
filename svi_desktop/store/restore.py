"""Backups of an open tender: whether one is due, what changed since, and restoring one."""

from __future__ import annotations

from pathlib import Path

from svi_desktop.domain.changes import Applied, Change, ChangeKind, op
from svi_desktop.errors import KnownError, StorageError
from svi_desktop.store import engine
from svi_desktop.store.backup import DEFAULT_KEEP, BackupInfo, backup_file, list_backups
from svi_desktop.store.engine import sqlite3
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
    return backup_file(tf.path, reason, keep, tender=tender_id(tf), conn=tf.conn, passphrase=tf.passphrase)


def changes_since(tf: TenderFile, backup: BackupInfo) -> str:
    """What changed between a backup and now, in a phrase for the restore list."""
    try:
        con = engine.connect(f"{backup.path.resolve().as_uri()}?mode=ro", uri=True, passphrase=tf.backup_key())
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


def restore_from(tf: TenderFile, *, path: Path, label: str) -> Applied:
    """Replace the open file's content with a backup's, as one step that can be undone: a backup of the present
    state is made first, and the inverse restores that. A backup of another tender, or of another role (an
    evaluator's pack onto the lead's file, or the other way round), is refused and the file is left as it was.
    A signed-off award is not restored over: it must be unfrozen, with a reason, first."""
    tf.ensure_not_frozen()
    try:
        with TenderFile.open(path, actor=tf.actor, read_only=True, passphrase=tf.passphrase) as copy:
            same = copy.tender_id() == tf.tender_id()
            role = copy.pack_evaluator
            problems = copy.check()
    except KnownError:
        same, role, problems = False, "", ["it cannot be opened"]
    if not same or problems:
        raise KnownError(f"{path.name} is not a sound backup of this tender (made by this version), so nothing was "
                         "restored.")
    if role != tf.pack_evaluator:
        mine = "an evaluator's pack" if tf.pack_evaluator else "the lead's tender file"
        theirs = "an evaluator's pack" if role else "the lead's tender file"
        if role and tf.pack_evaluator:
            theirs = "another evaluator's pack"
        raise KnownError(f"{path.name} is a backup of {theirs}, and this is {mine}, so it was not restored here.")
    if tf.pack_evaluator and tf.query("SELECT 1 FROM settings WHERE key = 'pack.submitted_at'"):
        raise KnownError("This pack has been submitted, so it cannot be restored to an earlier state.")
    safety = tf.backup("before-restore")
    source = engine.connect(path, passphrase=tf.backup_key())  # backups have the file's raw key and salt
    try:
        source.backup(tf.conn)
    except sqlite3.Error as exc:
        raise StorageError(f"The backup could not be restored ({exc}); the tender is as it was, and a copy of it "
                           f"is at {safety}.") from None
    finally:
        source.close()
    tf.accept_restored()  # the backup checked out above: a tampered file is mended by restoring, never refused
    with tf.operation(action=f"restore from backup of {label}", entity="restore", entity_id=tender_id(tf),
                      new={"backup": path.name, "copy_of_state_before": safety.name}):
        pass
    return Applied(Change(ChangeKind.TENDER), safety,
                   op(restore_from, path=safety, label="the copy made before the restore"))


def restore(tf: TenderFile, backup: BackupInfo) -> Path:
    """Restore a backup (not as an undo step): for the command line and scripts. Returns the safety copy."""
    return restore_from(tf, path=backup.path, label=backup.label).result
