"""One writer per tender file: a lock file beside it, held with an OS lock for as long as it is open.

The OS releases the lock when the holding process dies, however it dies, so a
lock left behind by a killed program is recognised as stale and taken over.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from svi_desktop.errors import FileLocked, StorageError

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl


def lock_path_for(path: Path) -> Path:
    return path.with_name(f".~lock.{path.name}#")


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # getuser raises different errors on different systems
        return "unknown user"


def writer_present(path: Path) -> bool:
    """True when a program holds the file open for editing (POSIX: its lock on the file itself)."""
    if sys.platform == "win32":
        return lock_path_for(Path(path).resolve()).exists()
    try:
        fd = os.open(Path(path).resolve(), os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # closing releases the probe's shared lock
    return False


class TenderLock:
    """The one writer of a tender file. Keyed on the file's identity: the lock file sits beside the real file
    (a symbolic link is followed), and on POSIX the file itself is locked too, so that a hard link under any
    name or folder cannot open a second writer."""

    def __init__(self, path: Path) -> None:
        self.name = Path(path).name
        self.path = Path(path).resolve()
        self.lock_path = lock_path_for(self.path)
        self._fh: TextIO | None = None
        self._identity_fd: int | None = None

    def acquire(self) -> None:
        self._lock_identity()
        try:
            self._acquire_lock_file()
        except BaseException:
            self._release_identity()
            raise

    def _lock_identity(self) -> None:
        if sys.platform == "win32":  # Windows locks are mandatory: locking the file would stop SQLite reading it
            return
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except OSError as exc:
            raise StorageError(f"{self.name} cannot be opened ({exc.strerror}); check that you may open it.") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            holder = _describe_holder(self.lock_path)
            raise FileLocked(f"{self.name} is already open for editing by {holder} (perhaps under another name "
                             "for the same file); close it there first, or open it read-only.", holder) from None
        self._identity_fd = fd

    def _release_identity(self) -> None:
        if self._identity_fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._identity_fd)  # closing the descriptor releases its flock
            self._identity_fd = None

    def _acquire_lock_file(self) -> None:
        for _attempt in range(5):
            try:
                fh = open(self.lock_path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the lock's lifetime
            except OSError as exc:
                raise StorageError(
                    f"{self.name} cannot be opened for editing because its folder cannot be written to "
                    f"({exc.strerror}); open it read-only, or copy it to a folder you can write to."
                ) from None
            if not self._try_lock(fh):
                holder = _describe_holder(self.lock_path)
                fh.close()
                raise FileLocked(
                    f"{self.name} is already open for editing by {holder}; "
                    "close it there first, or open it read-only.",
                    holder,
                )
            # The lock file may have been replaced between open and lock: make sure
            # the one we hold is the one at the path.
            try:
                same = os.path.samestat(os.fstat(fh.fileno()), os.stat(self.lock_path))
            except FileNotFoundError:
                same = False
            if same:
                self._fh = fh
                self._write_holder()
                return
            self._unlock(fh)
            fh.close()
        raise FileLocked(f"{self.name} is being opened by another program; try again.", "another program")

    def _write_holder(self) -> None:
        assert self._fh is not None
        info = {
            "user": current_user(),
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        self._fh.seek(0)
        self._fh.truncate()
        self._fh.write(json.dumps(info))
        self._fh.flush()

    def release(self) -> None:
        if self._fh is not None:
            with contextlib.suppress(OSError):
                self.lock_path.unlink()
            self._unlock(self._fh)
            self._fh.close()
            self._fh = None
        self._release_identity()

    @staticmethod
    def _try_lock(fh: TextIO) -> bool:
        try:
            if sys.platform == "win32":
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    @staticmethod
    def _unlock(fh: TextIO) -> None:
        with contextlib.suppress(OSError):
            if sys.platform == "win32":
                msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
            else:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _describe_holder(lock_path: Path) -> str:
    try:
        info = json.loads(lock_path.read_text(encoding="utf-8"))
        return f"{info['user']} on {info['host']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "another copy of the program"
