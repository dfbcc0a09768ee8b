"""Write a file under a temporary name and rename it, so a crash never leaves half a file."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from svi_desktop.errors import StorageError
from svi_desktop.store.outputs import check_output

# The disk or the folder refused: a sentence, not a bug (disk full, over quota, read-only, no permission, I/O).
_ENVIRONMENT = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO}


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target` in one step."""
    target = check_output(Path(target))  # never over a tender, a pack, a backup, a folder or a device
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise StorageError(f"{target.parent} cannot be written to ({exc.strerror}); choose another folder.") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        try:
            yield tmp  # other errors of the writer itself pass through unchanged
        except OSError as exc:
            if exc.errno in _ENVIRONMENT:
                raise StorageError(f"{target.name} could not be written ({exc.strerror}); free some space or choose "
                                   "another folder. Nothing was changed.") from None
            raise
        try:
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except OSError as exc:
            raise StorageError(f"{target.name} could not be written ({exc.strerror}); nothing was changed.") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def write_text_atomic(target: Path, text: str) -> Path:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(target)
