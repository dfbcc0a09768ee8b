"""Settings declared once, with type and default, stored with QSettings in the data folder."""

from __future__ import annotations

import contextlib
import os
from typing import Any, NamedTuple

from PySide6.QtCore import QByteArray, QSettings

from svi_desktop.errors import KnownError
from svi_desktop.workflows.paths import data_dir

# PySide keeps a Python object that Qt has no type for (bytes among them) as a pickle, and unpickles whatever such
# a line holds when the file is read: code of anyone's choosing. Window layouts are kept as QByteArray instead,
# and such lines, from an older copy or put there by hand, are dropped before the file is read.
_PICKLED = b"PySide::PyObjectWrapper"
_checked: set[str] = set()


class Setting(NamedTuple):
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
WORKING_AS = Setting("people/working_as", str, "")  # who said they were working, last time: offered first
MAX_RECENT = 10


def store() -> QSettings:
    data_dir().mkdir(parents=True, exist_ok=True)
    path = data_dir() / "settings.ini"
    if str(path) not in _checked:
        _drop_pickles(path)
        _checked.add(str(path))
    return QSettings(str(path), QSettings.Format.IniFormat)


def _drop_pickles(path: os.PathLike[str]) -> None:
    """Take out every line that would be unpickled (an INI file keeps each value on one line)."""
    try:
        with open(path, "rb") as f:
            text = f.read()
    except OSError:
        return  # none yet, or unreadable: QSettings then starts from the defaults
    if _PICKLED not in text:
        return
    kept = b"\n".join(line for line in text.split(b"\n") if _PICKLED not in line)
    temporary = f"{os.fspath(path)}.clean"
    try:
        with open(temporary, "wb") as f:
            f.write(kept)
        os.replace(temporary, path)
    except OSError as exc:  # left as it is, it would be read, and run
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise KnownError(f"The settings file {os.fspath(path)} holds a line that would run code when it is read, "
                         f"and it could not be taken out ({exc.strerror or exc}): delete that file and start "
                         "SVI Workbench again.") from None


def _as_bytes(value: Any) -> bytes | None:
    if isinstance(value, QByteArray):
        return bytes(value.data())
    return bytes(value) if isinstance(value, bytes | bytearray) else None


def get(setting: Setting) -> Any:
    value = store().value(setting.key, setting.default)
    if value is None:
        return setting.default
    if setting.type is list:
        return [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]  # QSettings gives a list here
    if setting.type is bool:  # an INI file gives back "true" and "false", and bool("false") is True
        return value is True or str(value).lower() in ("true", "1")
    if setting.type is bytes:
        raw = _as_bytes(value)
        return setting.default if raw is None else raw
    try:
        return setting.type(value)
    except (TypeError, ValueError):
        return setting.default


def put(setting: Setting, value: Any) -> None:
    if get(setting) == value:  # the file is written whole, and the window's layout is put at every close
        return
    s = store()
    s.setValue(setting.key, QByteArray(value) if setting.type is bytes else value)
    s.sync()


def get_state(key: str) -> bytes:
    """A widget's saved state (a splitter's positions) under a key made at run time."""
    return _as_bytes(store().value(f"layout/{key}", b"")) or b""


def put_state(key: str, value: bytes) -> None:
    if get_state(key) == value:
        return
    s = store()
    s.setValue(f"layout/{key}", QByteArray(value))
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
