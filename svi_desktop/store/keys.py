"""The passphrases of the encrypted tender files this process has opened, by file, for as long as it runs: a second
connection to the same file (a backup on another thread, a read-only look) finds it here without asking again.
Never written anywhere."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

_lock = threading.Lock()
_known: dict[str, str] = {}


def _key(path: Path | str) -> str:
    try:
        return str(Path(path).resolve())
    except OSError:
        return str(Path(path).absolute())


def remember(path: Path | str, passphrase: str | None) -> None:
    with _lock:
        if passphrase:
            _known[_key(path)] = passphrase
        else:
            _known.pop(_key(path), None)


def known(path: Path | str) -> str | None:
    with _lock:
        return _known.get(_key(path))


def forget_all() -> None:
    with _lock:
        _known.clear()


_asker: Callable[[Path], str | None] | None = None


def ask_with(asker: Callable[[Path], str | None] | None) -> None:
    """Who is asked for the passphrase of an encrypted file opened without one: the `svi` command asks
    SVI_PASSPHRASE, then the terminal (cli/passphrases.py); the window asks before it opens (ui)."""
    global _asker
    _asker = asker


def ask(path: Path) -> str | None:
    return _asker(path) if _asker is not None else None
