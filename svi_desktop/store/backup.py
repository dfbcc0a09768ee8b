"""Copies of a tender file made with SQLite's backup API, each verified before it is trusted."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from svi_desktop.errors import StorageError
from svi_desktop.store.paths import backups_dir


def backup_name(source: Path, reason: str) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", reason).strip("-")
    return f"{source.stem}.{stamp}.{safe}.svi"


def backup_connection(conn: sqlite3.Connection, source: Path, reason: str, folder: Path | None = None) -> Path:
    """Copy the open database to the backups folder and check the copy; return its path."""
    folder = folder or backups_dir()
    target = folder / backup_name(source, reason)
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
