"""Unfinished files a killed run left behind (.creating, .part): removed at the next start, never opened."""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger("svi.store")

# .<name>.<pid>.creating (and its -wal and -shm), .<name>.<pid>.<random>.part (and a backup's -journal)
_LEFTOVER = re.compile(r"^\..+\.(?P<pid>\d+)\.(?:creating(?:-wal|-shm)?|[A-Za-z0-9_]+\.part(?:-journal)?)$")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else, or the check is not allowed: leave it
        return True
    return True


def remove_leftovers(folders: Iterable[Path]) -> list[Path]:
    """Delete the unfinished files in `folders` (and the data folder's own subfolders) whose writer is gone."""
    removed = []
    seen: set[Path] = set()
    for folder in folders:
        candidates = [folder, *(p for p in folder.iterdir() if p.is_dir())] if folder.is_dir() else []
        for place in candidates:
            if place in seen:
                continue
            seen.add(place)
            with contextlib.suppress(OSError):
                for p in place.iterdir():
                    m = _LEFTOVER.match(p.name)
                    if m and p.is_file() and not _alive(int(m["pid"])):
                        with contextlib.suppress(OSError):
                            p.unlink()
                            removed.append(p)
    if removed:
        log.info("removed %d unfinished files left by an interrupted run", len(removed))
    return removed
