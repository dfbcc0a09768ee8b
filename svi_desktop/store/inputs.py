"""Reading a file the user names as input (a JSON document, a framework file, a bid sheet, a document).

Every such file may be hostile: a FIFO would hang a plain read, a device never ends, a folder gives a
traceback, a huge file fills memory. `read_input` opens without blocking, checks what it opened is an
ordinary file within the size limit, and only then reads it, so what is checked is what is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from svi_desktop.domain.numbers import human_size
from svi_desktop.errors import KnownError


class UnreadableInput(KnownError):
    """An input file that is not an ordinary file, is too large or cannot be read."""


def read_input(path: Path, *, limit: int, what: str = "file") -> bytes:
    """The bytes of `path`, refused in one sentence if it is not an ordinary file of at most `limit` bytes."""
    path = Path(path)
    name = path.name or str(path)
    if any(ord(c) < 32 for c in str(path)):
        raise UnreadableInput(f"The name {str(path)!r} holds a control character; give the {what} a plain name.")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise UnreadableInput(f"{name} does not exist; check the name and the folder.") from None
    except IsADirectoryError:
        raise UnreadableInput(f"{name} is a folder, not a {what}.") from None
    except OSError as exc:
        raise UnreadableInput(f"{name} cannot be read ({exc.strerror}); check that you may open it.") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise UnreadableInput(f"{name} is a folder, not a {what}.")
        if not stat.S_ISREG(st.st_mode):
            raise UnreadableInput(f"{name} is not an ordinary file (it is a pipe, a device or a socket), so it "
                                  f"cannot be read as a {what}.")
        if st.st_size > limit:
            raise UnreadableInput(f"{name} is {human_size(st.st_size)}, larger than the {human_size(limit)} a "
                                  f"{what} may be.")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:  # the file grew while it was read
                raise UnreadableInput(f"{name} grew past the {human_size(limit)} a {what} may be while it was "
                                      "read; try again when nothing is writing it.")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise UnreadableInput(f"{name} cannot be read ({exc.strerror}).") from None
    finally:
        os.close(fd)
