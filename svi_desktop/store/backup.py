"""Rolling backups made with SQLite's backup API, each verified before it is trusted, and restore."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from svi_desktop.errors import StorageError
from svi_desktop.store import engine, keys
from svi_desktop.store.engine import sqlite3
from svi_desktop.store.paths import backups_dir, make_private

DEFAULT_KEEP = 20
# <tender>.<role>.<file>.<when>.<digest>.<reason>.svi; the role is "lead" or "pack-<evaluator>" (earlier
# versions wrote no role).
_NAME = re.compile(r"^(?P<tid>[0-9a-f]{12})\.(?:(?P<role>lead|pack-[0-9a-f]{8})\.)?(?P<stem>.+)\."
                   r"(?P<stamp>\d{8}T\d{12}Z)\.(?P<digest>[0-9a-f]{8})\.(?P<reason>[A-Za-z0-9-]+)\.svi$")


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "tender"


def role_of(pack_evaluator: str) -> str:
    """Whose file a backup is of: the lead's, or one evaluator's pack."""
    return f"pack-{pack_evaluator[:8]}" if pack_evaluator else "lead"


def backup_name(source: Path, reason: str, tender_id: str = "0" * 12, digest: str = "0" * 8,
                role: str = "lead") -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{tender_id[:12]}.{role}.{_safe(source.stem)}.{stamp}.{digest[:8]}.{_safe(reason)}.svi"


def backup_connection(conn: sqlite3.Connection, source: Path, reason: str, folder: Path | None = None, *,
                      passphrase: str | bytes | None = None) -> Path:
    """Copy the open database to the backups folder and check the copy; return its path. The backup of an encrypted
    tender (`passphrase`) is encrypted with the same passphrase, from its first byte."""
    folder = folder or backups_dir()
    try:
        tender = conn.execute("SELECT id FROM tender").fetchone()
        digest = conn.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        pack = conn.execute("SELECT value FROM settings WHERE key = 'pack.evaluator_id'").fetchone()
    except sqlite3.Error:
        tender = digest = pack = None
    target = folder / backup_name(source, reason, tender[0] if tender else "0" * 12, digest[0] if digest else "0" * 8,
                                  role_of(pack[0] if pack else ""))
    # Written under a temporary name that is its owner's alone from the first byte, verified, then renamed: a
    # backup is never listed half-written, nor readable by anyone else while it is being written.
    tmp = folder / f".{target.name}.{os.getpid()}.copy.part"
    try:
        os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        dest = engine.connect(tmp, passphrase=passphrase)
        try:
            conn.backup(dest)
            ok = dest.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            dest.close()
        if ok:
            os.replace(tmp, target)
    except (sqlite3.Error, OSError) as exc:
        raise StorageError(f"A backup of {source.name} could not be made ({exc}); nothing was changed.") from None
    finally:
        tmp.unlink(missing_ok=True)
    if not ok:
        raise StorageError(f"The backup of {source.name} failed its integrity check; nothing was changed.")
    return make_private(target)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    when: datetime
    digest: str
    reason: str
    role: str = ""  # "lead" or "pack-<evaluator>"; "" for a backup made by an earlier version

    @property
    def tender(self) -> str:
        """The first twelve characters of the tender's id: the backups of one tender share them."""
        return self.path.name[:12]

    @property
    def size(self) -> int:
        try:
            return self.path.stat().st_size
        except OSError:
            return 0

    @property
    def label(self) -> str:
        return f"{self.when.astimezone().strftime('%d %b %Y %H:%M:%S')}  ({self.reason.replace('-', ' ')})"


def delete_backup(backup: BackupInfo) -> None:
    """Remove one backup for good (a tender's backups hold its bidders' text)."""
    try:
        backup.path.unlink(missing_ok=True)
    except OSError as exc:
        raise StorageError(f"{backup.path.name} could not be deleted ({exc.strerror}).") from None


def list_backups(tender_id: str = "", folder: Path | None = None, *, role: str | None = None) -> list[BackupInfo]:
    """This tender's backups (every tender's, with no id), newest first; with a role, only that role's."""
    folder = folder or backups_dir()
    out = []
    for p in folder.glob(f"{tender_id[:12]}*.svi" if tender_id else "*.svi"):
        m = _NAME.match(p.name)
        if m and (role is None or m["role"] == role):
            when = datetime.strptime(m["stamp"], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
            out.append(BackupInfo(p, when, m["digest"], m["reason"], m["role"] or ""))
    return sorted(out, key=lambda b: b.when, reverse=True)


def backup_file(path: Path, reason: str, keep: int = DEFAULT_KEEP, *, tender: str,
                conn: sqlite3.Connection | None = None, passphrase: str | bytes | None = None) -> Path:
    """Back up from `conn`, or, when None, from a read-only connection of its own: safe on another thread
    while the program goes on writing, since a WAL reader sees one consistent snapshot."""
    own = conn is None
    passphrase = passphrase or keys.known(path)
    # An encrypted tender's backup has its raw key and salt: it opens with its passphrase and recovery key, and
    # neither connection derives the key again.
    salt = engine.file_salt(path) if passphrase else b""
    key = engine.raw_key(passphrase, salt) + salt if passphrase else None
    source = conn or engine.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, passphrase=key)
    try:
        made = backup_connection(source, Path(path), reason, passphrase=key)
    finally:
        if own:
            source.close()
    for old in list_backups(tender)[max(1, keep):]:
        old.path.unlink(missing_ok=True)
    return made
