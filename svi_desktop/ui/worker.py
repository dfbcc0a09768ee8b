"""Long work off the GUI thread: a function run in a thread pool, reporting back through signals."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from svi_desktop.errors import KnownError

log = logging.getLogger("svi.ui")


class _Signals(QObject):
    progress = Signal(int)
    finished = Signal(object)
    failed = Signal(str)


class Job(QRunnable):
    """Runs `work(progress)`; `progress(n)` returns False once the job is cancelled. No widget is touched here."""

    def __init__(self, work: Callable[[Callable[[int], bool]], Any]) -> None:
        super().__init__()
        self.signals = _Signals()
        self._work = work
        self.cancelled = False
        self.setAutoDelete(False)

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


_RUNNING: set[Job] = set()  # a job outlives the widget that started it, until it has finished


def start(job: Job) -> Job:
    _RUNNING.add(job)
    job.signals.finished.connect(lambda _result: _RUNNING.discard(job))
    job.signals.failed.connect(lambda _message: _RUNNING.discard(job))
    QThreadPool.globalInstance().start(job)
    return job
