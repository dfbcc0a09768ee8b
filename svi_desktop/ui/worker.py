"""Long work off the GUI thread: a function run in a thread pool, reporting back through signals."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from svi_desktop.errors import KnownError

log = logging.getLogger("svi.ui")


class _Signals(QObject):
    progress = Signal(int)
    finished = Signal(object)
    failed = Signal(str)
    ended = Signal()  # always, last: finished, failed or cancelled


class Job(QRunnable):
    """Runs `work(progress)`; `progress(n)` returns False once the job is cancelled. No widget is touched here."""

    def __init__(self, work: Callable[[Callable[[int], bool]], Any]) -> None:
        super().__init__()
        self.signals = _Signals()
        self._work = work
        self.cancelled = False
        self.done = threading.Event()  # set when the work has returned, whatever became of it
        self.setAutoDelete(False)

    def wait(self, seconds: float) -> bool:
        """Block until the work has returned (True), or `seconds` have passed (False). The work reports through
        queued signals, so it never needs the waiting thread to finish."""
        return self.done.wait(seconds)

    def cancel(self) -> None:
        self.cancelled = True

    def _emit(self, signal: str, *args: Any) -> bool:
        """Report back; False when nobody is left to hear it (the program is closing and Qt has deleted the
        signals' object under the thread), which the work takes as being cancelled."""
        try:
            getattr(self.signals, signal).emit(*args)
        except RuntimeError:
            self.cancelled = True
            return False
        return True

    def _progress(self, n: int) -> bool:
        return self._emit("progress", n) and not self.cancelled

    def run(self) -> None:
        try:
            self._run()
        finally:
            self.done.set()
            self._emit("ended")

    def _run(self) -> None:
        try:
            result = self._work(self._progress)
        except KnownError as exc:
            self._emit("failed", exc.message)
            return
        except Exception:  # a bug: logged with its traceback; the GUI says so plainly
            log.exception("background job failed")
            self._emit("failed", "The calculation failed unexpectedly; the details are in the log.")
            return
        if not self.cancelled:
            self._emit("finished", result)


# A job outlives the widget that started it, until it has ended: finished, failed, or cancelled. (A cancelled job
# was once kept here for good, and with it, through its work, the whole of the tender closed while it ran.)
_RUNNING: set[Job] = set()


def start(job: Job) -> Job:
    _RUNNING.add(job)
    job.signals.ended.connect(lambda: _ended(job))
    QThreadPool.globalInstance().start(job)
    return job


def _ended(job: Job) -> None:
    """On the GUI thread, once the job has ended: let it go, with its work (which holds what it worked on) and its
    signals (Qt holds their connections, this one among them, out of the garbage collector's sight)."""
    _RUNNING.discard(job)
    job._work = _spent
    job.signals.deleteLater()


def _spent(_progress: Callable[[int], bool]) -> None:
    return None
