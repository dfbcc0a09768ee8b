"""The passphrases of the encrypted tender files this process has opened, by file, for as long as it runs: a second
connection to the same file (a backup on another thread, a read-only look) finds it here without asking again.
Never written anywhere."""

from __future__ import annotations

import base64
import threading
from collections.abc import Callable
from pathlib import Path

_lock = threading.Lock()
_known: dict[str, str | bytes] = {}


def _key(path: Path | str) -> str:
    try:
        return str(Path(path).resolve())
    except OSError:
        return str(Path(path).absolute())


def remember(path: Path | str, passphrase: str | bytes | None) -> None:
    with _lock:
        if passphrase:
            _known[_key(path)] = passphrase
        else:
            _known.pop(_key(path), None)


def known(path: Path | str) -> str | bytes | None:
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


# A recovery key: the file's raw 32-byte key in base32, in groups of four (52 letters and digits).
_RECOVERY_LENGTH = 52


def recovery_text(raw: bytes) -> str:
    text = base64.b32encode(raw).decode("ascii").rstrip("=")
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4))


def parse_recovery(text: str) -> bytes | None:
    """The raw key a recovery key stands for, or None when `text` is not one (a passphrase)."""
    letters = "".join(ch for ch in text.upper() if ch not in " -\t\n")
    if len(letters) != _RECOVERY_LENGTH or any(ch not in "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567" for ch in letters):
        return None
    try:
        raw = base64.b32decode(letters + "====")
    except ValueError:
        return None
    return raw if len(raw) == 32 else None


def as_key(given: str | bytes | None) -> str | bytes | None:
    """What opens a file from what was typed: a recovery key's raw key, else the passphrase as it is."""
    if isinstance(given, str):
        return parse_recovery(given) or given
    return given
