"""Where the program keeps its own files: the user's data folder (no Qt needed)."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from svi_desktop import APP_NAME, ORG_NAME


def data_dir() -> Path:
    """The user's data folder; SVI_DATA_DIR overrides it (tests, portable installs)."""
    override = os.environ.get("SVI_DATA_DIR")
    if override:
        base = Path(override)
    elif sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / ORG_NAME / APP_NAME
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / ORG_NAME / APP_NAME
    else:
        xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        base = Path(xdg) / ORG_NAME / APP_NAME
    return base


PRIVATE_DIR, PRIVATE_FILE = 0o700, 0o600


def ensure_dir(*parts: str) -> Path:
    """A folder in the data folder, readable by this user alone (it holds bidders' text and backups)."""
    base = data_dir()
    path = base.joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    for folder in (base, *[base.joinpath(*parts[:i]) for i in range(1, len(parts) + 1)]):
        with contextlib.suppress(OSError):
            folder.chmod(PRIVATE_DIR)
    return path


def make_private(path: Path) -> Path:
    """A file this program writes (a tender, a pack, a backup, a log, an export) is readable by its owner only."""
    with contextlib.suppress(OSError):
        Path(path).chmod(PRIVATE_FILE)
    return Path(path)


def private_umask() -> None:
    """Every file this process makes from now on (SQLite's -wal and -shm too) is its owner's alone."""
    os.umask(0o077)


def backups_dir() -> Path:
    return ensure_dir("backups")


def templates_dir() -> Path:
    return ensure_dir("templates")


NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "fuse.sshfs", "afs", "9p", "davfs", "fuse.rclone"}


def is_network_path(path: Path) -> bool:
    """True when the file is on a network drive, where SQLite files can be damaged if the link drops."""
    text = str(path)
    if sys.platform == "win32":
        return text.startswith("\\\\")
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return False
    resolved = str(Path(path).resolve())
    best, kind = "", ""
    for line in mounts:
        parts = line.split()
        if len(parts) >= 3 and resolved.startswith(parts[1]) and len(parts[1]) > len(best):
            best, kind = parts[1], parts[2]
    return kind in NETWORK_FILESYSTEMS
