"""Outputs are doors too: no file the program writes may land on a tender, its journal or lock, a backup or a pack.

Every writer of a file (exports, JSON, templates, notices, packs, backups, restores) asks `check_output` first.
A tender (or a pack, which is a tender file of its own) is recognised by its content, not its name: the SQLite
header with our application id. A folder, a missing folder, a pipe, a device or a name with a control character
is refused in one sentence; nothing is written.
"""

from __future__ import annotations

import os
import stat
import struct
from pathlib import Path

from svi_desktop.errors import KnownError
from svi_desktop.store import schema

_SQLITE_MAGIC = b"SQLite format 3\x00"
_WAL_MAGIC = (0x377F0682, 0x377F0683)
_COMPANIONS = ("-wal", "-shm", "-journal")


class RefusedOutput(KnownError):
    """A destination the program will not write to: a tender, its companions, a backup, a folder, a device."""


def _first_bytes(path: Path, n: int) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(n)
    except OSError:
        return b""


def is_tender_file(path: Path) -> bool:
    """True for any SQLite file carrying our application id, whatever its name: a tender, a pack or a backup."""
    header = _first_bytes(path, 100)
    return (len(header) == 100 and header.startswith(_SQLITE_MAGIC)
            and struct.unpack(">I", header[68:72])[0] == schema.APPLICATION_ID)


def _is_wal(path: Path) -> bool:
    head = _first_bytes(path, 4)
    return len(head) == 4 and struct.unpack(">I", head)[0] in _WAL_MAGIC


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        return False
    return True


def check_output(target: Path, *, folder: bool = False) -> Path:
    """Refuse `target` as a place to write, in one sentence, unless it is safe; return it unchanged.

    With `folder`, `target` is a folder the program will write new files into (summaries, notices, packs): it
    must exist or be creatable, and must not itself be a file."""
    target = Path(target)
    name = str(target)
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise RefusedOutput(f"The name {name!r} holds a line break or another control character; choose a plain name.")
    if not target.name:
        raise RefusedOutput(f"{name!r} names no file; give a file name.")
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise RefusedOutput(f"{name} cannot be checked ({exc.strerror}); choose another place.") from None
    if folder:
        if st is not None and not stat.S_ISDIR(st.st_mode):
            raise RefusedOutput(f"{name} is a file, not a folder; give a folder to write into.")
        if st is None and not target.parent.is_dir():
            raise RefusedOutput(f"The folder {target.parent} does not exist; choose another folder.")
        _not_data_folder(target)
        return target
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise RefusedOutput(f"{name} is a folder; give the name of a file to write inside it.")
        if not stat.S_ISREG(st.st_mode):
            raise RefusedOutput(f"{name} is not an ordinary file (it is a pipe, a device or a socket); choose "
                                "another name.")
        if is_tender_file(target):
            raise RefusedOutput(f"{name} is a tender file (or an evaluator pack or backup); SVI Workbench never "
                                "writes over one: choose another name.")
        if _is_wal(target):
            raise RefusedOutput(f"{name} is a tender file's write-ahead log; choose another name.")
    if not target.parent.is_dir():
        raise RefusedOutput(f"The folder {target.parent} does not exist; choose another folder.")
    for suffix in _COMPANIONS:
        if target.name.endswith(suffix) and is_tender_file(target.with_name(target.name[: -len(suffix)])):
            raise RefusedOutput(f"{name} belongs to the tender file beside it; choose another name.")
    if target.name.startswith(".~lock.") and target.name.endswith("#"):
        raise RefusedOutput(f"{name} is a tender file's lock; choose another name.")
    _not_data_folder(target)
    return target


def _not_data_folder(target: Path) -> None:
    from svi_desktop.store.paths import data_dir

    if _inside(target, data_dir() / "backups"):
        raise RefusedOutput(f"{target} is in the backups folder, which only SVI Workbench's own backups may use; "
                            "choose another folder.")
