"""Passphrases for `svi`: from the environment variable SVI_PASSPHRASE, else asked on the terminal; with neither
(a script, a pipe), an encrypted file is refused in one sentence, never waited on."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from svi_desktop.errors import KnownError
from svi_desktop.store import keys
from svi_desktop.workflows.tenders import passphrase_problem

ENV = "SVI_PASSPHRASE"
NEW_ENV = "SVI_NEW_PASSPHRASE"  # svi passphrase: the new one, when the old is in SVI_PASSPHRASE
LOST = ("A lost passphrase cannot be recovered: nobody, SVI Workbench's makers included, can open the tender "
        "without it or its recovery key (shown once, next), so keep both where your organisation keeps such secrets.")


def _terminal() -> bool:
    try:
        return sys.stdin.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def to_open(path: Path) -> str | None:
    """The passphrase of an encrypted file: SVI_PASSPHRASE, else asked once on a terminal, else None."""
    given = os.environ.get(ENV)
    if given:
        return given
    if not _terminal():
        return None
    try:
        return getpass.getpass(f"Passphrase for {Path(path).name}: ") or None
    except (EOFError, KeyboardInterrupt):
        return None


def install() -> None:
    keys.ask_with(to_open)


def refusal_hint(message: str) -> str:
    """An encrypted file's refusal, with where svi takes the passphrase from."""
    return message.rstrip(".") + f" (in {ENV}, or at the prompt on a terminal)."


def _given(variable: str, what: str, prompt: str, again: str = "") -> str:
    """A secret from the environment variable, else typed on a terminal (twice, when `again` asks it); with
    neither, refused in one sentence rather than waited for."""
    given = os.environ.get(variable)
    if given is not None:
        return given
    if not _terminal():
        raise KnownError(f"No {what} was given: set {variable}, or run svi on a terminal to be asked.")
    try:
        given = getpass.getpass(prompt)
        repeated = getpass.getpass(again) if again else given
    except (EOFError, KeyboardInterrupt):
        raise KnownError(f"No {what} was given, so nothing was changed.") from None
    if given != repeated:
        raise KnownError(f"The two {what}s differ, so nothing was changed; type the same one twice.")
    return given


def to_choose(variable: str = ENV) -> str:
    """A new passphrase: from `variable`, else typed twice on a terminal; checked (passphrase_problem). Says first
    that a lost passphrase cannot be recovered."""
    print(LOST, file=sys.stderr)
    given = _given(variable, "passphrase", "New passphrase: ", again="The same again: ")
    problem = passphrase_problem(given)
    if problem:
        raise KnownError(problem)
    return given


RECOVERY_ENV = "SVI_RECOVERY_KEY"


def recovery_key() -> bytes:
    """A recovery key: from SVI_RECOVERY_KEY, else typed on a terminal; refused when it is not written as one."""
    raw = keys.parse_recovery(_given(RECOVERY_ENV, "recovery key", "Recovery key: "))
    if raw is None:
        raise KnownError("That is not a recovery key (52 letters and digits in groups of four); nothing was changed.")
    return raw
