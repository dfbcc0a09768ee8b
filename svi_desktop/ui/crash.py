"""Crash handling: a bug shows a dialog with the log file's path; a known error shows its sentence."""

from __future__ import annotations

import faulthandler
import logging
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

from svi_desktop.errors import KnownError
from svi_desktop.workflows.paths import ensure_dir, make_private

log = logging.getLogger("svi.crash")
_fault_file = None


def logs_dir() -> Path:
    return ensure_dir("logs")


def setup_logging() -> Path:
    path = logs_dir() / "svi-workbench.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    make_private(path)
    handler.setFormatter(RedactingFormatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    root = logging.getLogger("svi")
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    return path


def make_private_path(path: Path) -> Path:
    path.touch(exist_ok=True)
    return make_private(path)


def install() -> None:
    """Route uncaught exceptions to a dialog, and native crashes to a file."""
    global _fault_file
    _fault_file = open(make_private_path(logs_dir() / "native-crash.log"), "a", encoding="utf-8")  # noqa: SIM115 - for the process's life
    faulthandler.enable(_fault_file)
    sys.excepthook = handle


def redacted(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    """Where the bug is (the code's own lines), never what it was given: an exception's message can quote a
    bidder's text, so only its length is kept."""
    frames = "".join(traceback.format_tb(tb))
    return (f"Traceback (most recent call last):\n{frames}{exc_type.__module__}.{exc_type.__qualname__}: "
            f"(message withheld: {len(str(exc))} characters)\n")


class RedactingFormatter(logging.Formatter):
    """Log lines keep the code's traceback but never an exception's message (it may quote bidder text)."""

    def formatException(self, ei: Any) -> str:
        exc_type, exc, tb = ei
        if exc_type is None or exc is None:
            return ""
        return redacted(exc_type, exc, tb).rstrip("\n")


def write_crash_log(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    path = logs_dir() / f"crash-{stamp}.log"
    path.write_text(redacted(exc_type, exc, tb), encoding="utf-8")
    return make_private(path)


def handle(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    from svi_desktop.ui.dialogs import show_error

    if isinstance(exc, KnownError):
        show_error(None, exc.message)
        return
    path = write_crash_log(exc_type, exc, tb)
    log.error("unexpected error, described in %s", path.name)
    show_error(
        None,
        "Something went wrong inside SVI Workbench. Everything saved before this moment is safe in the tender file. "
        f"The details are in {path}; please send that file to your support contact.",
        "Unexpected error",
    )
