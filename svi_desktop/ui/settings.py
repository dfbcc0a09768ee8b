"""Settings declared once, with type and default, stored with QSettings in the data folder."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSettings

from svi_desktop.store.paths import data_dir


@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any


GEOMETRY = Setting("window/geometry", bytes, b"")
WINDOW_STATE = Setting("window/state", bytes, b"")
PANEL = Setting("window/panel", int, 0)
SETUP_SPLITTER = Setting("setup/splitter", bytes, b"")
RECENT_FILES = Setting("files/recent", list, [])
LAST_EVALUATOR = Setting("scoring/last_evaluator", str, "")
LAST_FOLDER = Setting("files/last_folder", str, "")
EXPORT_FOLDER = Setting("files/export_folder", str, "")  # where the last export went
SCORING_HEADER_COLLAPSED = Setting("scoring/header_collapsed", bool, False)
ZOOM = Setting("view/zoom", float, 1.0)
COLOURS = Setting("view/colours", str, "system")  # system, light or dark
BACKUPS_KEPT = Setting("backups/kept", int, 20)
BACKUP_MINUTES = Setting("backups/minutes", int, 15)
NETWORK_WARNED = Setting("files/network_warned", list, [])
MAX_RECENT = 10


def store() -> QSettings:
    data_dir().mkdir(parents=True, exist_ok=True)
    return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)


def get(setting: Setting) -> Any:
    value = store().value(setting.key, setting.default)
    if value is None:
        return setting.default
    if setting.type is list:
        return [value] if isinstance(value, str) else list(value)
    if setting.type is bool:  # an INI file gives back "true" and "false", and bool("false") is True
        return value is True or str(value).lower() in ("true", "1")
    if setting.type is bytes:
        return bytes(value) if not isinstance(value, str) else setting.default
    try:
        return setting.type(value)
    except (TypeError, ValueError):
        return setting.default


def put(setting: Setting, value: Any) -> None:
    s = store()
    s.setValue(setting.key, value)
    s.sync()


def get_state(key: str) -> bytes:
    """A widget's saved state (a splitter's positions) under a key made at run time."""
    value = store().value(f"layout/{key}", b"")
    return bytes(value) if isinstance(value, bytes | bytearray) or hasattr(value, "data") else b""


def put_state(key: str, value: bytes) -> None:
    s = store()
    s.setValue(f"layout/{key}", value)
    s.sync()


def forget_file(path: str) -> list[str]:
    """Take a file off the recent list (the file itself is untouched)."""
    recent = [p for p in get(RECENT_FILES) if p != path]
    put(RECENT_FILES, recent)
    return recent


def remember_file(path: str) -> list[str]:
    recent = [p for p in get(RECENT_FILES) if p != path]
    recent.insert(0, path)
    put(RECENT_FILES, recent[:MAX_RECENT])
    return recent[:MAX_RECENT]
