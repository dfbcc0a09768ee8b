"""Rolling backups made with SQLite's backup API, each verified before it is trusted, and restore."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from svi_desktop.errors import KnownError, StorageError
from svi_desktop.store.paths import backups_dir

if TYPE_CHECKING:
    from svi_desktop.store.tender_file import TenderFile

DEFAULT_KEEP = 20
_NAME = re.compile(r"^(?P<tid>[0-9a-f]{12})\.(?P<stem>.+)\.(?P<stamp>\d{8}T\d{12}Z)\.(?P<digest>[0-9a-f]{8})\."
                   r"(?P<reason>[A-Za-z0-9-]+)\.svi$")


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "tender"


def backup_name(source: Path, reason: str, tender_id: str = "0" * 12, digest: str = "0" * 8) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{tender_id[:12]}.{_safe(source.stem)}.{stamp}.{digest[:8]}.{_safe(reason)}.svi"


def backup_connection(conn: sqlite3.Connection, source: Path, reason: str, folder: Path | None = None) -> Path:
    """Copy the open database to the backups folder and check the copy; return its path."""
    folder = folder or backups_dir()
    try:
        tender = conn.execute("SELECT id FROM tender").fetchone()
        digest = conn.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    except sqlite3.Error:
        tender = digest = None
    target = folder / backup_name(source, reason, tender[0] if tender else "0" * 12, digest[0] if digest else "0" * 8)
    try:
        dest = sqlite3.connect(target)
        try:
            conn.backup(dest)
            ok = dest.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            dest.close()
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise StorageError(f"A backup of {source.name} could not be made ({exc}); nothing was changed.") from None
    if not ok:
        target.unlink(missing_ok=True)
        raise StorageError(f"The backup of {source.name} failed its integrity check; nothing was changed.")
    return target


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    when: datetime
    digest: str
    reason: str

    @property
    def label(self) -> str:
        return f"{self.when.astimezone().strftime('%d %b %Y %H:%M:%S')}  ({self.reason.replace('-', ' ')})"


def list_backups(tender_id: str, folder: Path | None = None) -> list[BackupInfo]:
    """This tender's backups, newest first."""
    folder = folder or backups_dir()
    out = []
    for p in folder.glob(f"{tender_id[:12]}.*.svi"):
        m = _NAME.match(p.name)
        if m:
            when = datetime.strptime(m["stamp"], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
            out.append(BackupInfo(p, when, m["digest"], m["reason"]))
    return sorted(out, key=lambda b: b.when, reverse=True)


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


def backup_file(path: Path, reason: str, keep: int = DEFAULT_KEEP, *, tender: str,
                conn: sqlite3.Connection | None = None) -> Path:
    """Back up from `conn`, or, when None, from a read-only connection of its own: safe on another thread
    while the program goes on writing, since a WAL reader sees one consistent snapshot."""
    own = conn is None
    source = conn or sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        made = backup_connection(source, Path(path), reason)
    finally:
        if own:
            source.close()
    for old in list_backups(tender)[max(1, keep):]:
        old.path.unlink(missing_ok=True)
    return made


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
    check = sqlite3.connect(f"{backup.path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        ok = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        same = check.execute("SELECT id FROM tender").fetchone()[0] == tender_id(tf)
    except sqlite3.Error:
        ok = same = False
    finally:
        check.close()
    if not ok or not same:
        raise KnownError(f"{backup.path.name} is not a sound backup of this tender, so nothing was restored.")
    safety = backup_connection(tf.conn, tf.path, "before-restore")
    source = sqlite3.connect(backup.path)
    try:
        source.backup(tf.conn)
    except sqlite3.Error as exc:
        raise StorageError(f"The backup could not be restored ({exc}); the tender is as it was, and a copy of it "
                           f"is at {safety}.") from None
    finally:
        source.close()
    from svi_desktop.store.tender_file import Change

    with tf.operation(action=f"restore from backup of {backup.label}", entity="tender", entity_id=tender_id(tf),
                      new={"backup": backup.path.name, "copy_of_state_before": safety.name}, change=Change("tender")):
        pass
    return safety
