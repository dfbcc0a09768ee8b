"""Where the program keeps its own files: the user's data folder (no Qt needed)."""

from __future__ import annotations

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


def ensure_dir(*parts: str) -> Path:
    path = data_dir().joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True)
    return path


def backups_dir() -> Path:
    return ensure_dir("backups")


def templates_dir() -> Path:
    return ensure_dir("templates")
