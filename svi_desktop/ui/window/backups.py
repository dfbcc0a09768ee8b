"""Rolling backups while a tender is open: on opening a changed file, and every 15 minutes of editing."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from svi_desktop.errors import KnownError
from svi_desktop.ui import settings
from svi_desktop.ui.worker import Job, start

if TYPE_CHECKING:
    from svi_desktop.ui.window.shell import Shell


class BackupTimer(QObject):
    def __init__(self, window: Shell) -> None:
        super().__init__(window)
        self.window = window
        self.last = time.monotonic()
        self.job: Job | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(60_000)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def backup(self, reason: str, *, only_if_changed: bool) -> None:
        """A verified rolling backup into the data folder; failures are told, never fatal."""
        from svi_desktop.workflows import backups

        session = self.window.session
        if session is None or session.read_only:
            return
        try:
            plan = backups.plan_backup(session.tf, only_if_changed=only_if_changed)
        except KnownError as exc:
            self.window.statusBar().showMessage(exc.message, 10000)
            return
        if plan is None:
            return
        self.last = time.monotonic()
        # Copying and verifying a large tender takes a while: on a read-only connection of its own, off the
        # GUI thread, so the window stays responsive.
        keep = settings.get(settings.BACKUPS_KEPT)
        job = Job(lambda _progress: backups.run_backup(plan, reason, keep))
        job.signals.failed.connect(self._failed)
        self.job = start(job)

    def finish(self, seconds: float = 15) -> None:
        """Let a backup still being made finish before the tender is closed, so that no connection of the program
        is left on a closed file (it can be renamed, converted or copied at once). A backup takes about a second
        for a large tender; the wait is shown, and given up after `seconds` with a word in the status bar."""
        if self.job is None or self.job.done.is_set():
            return
        from PySide6.QtCore import Qt  # not at start-up: Qt's enums load with it (tests/gui/test_startup_imports.py)
        from PySide6.QtWidgets import QApplication

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            finished = self.job.wait(seconds)
        finally:
            QApplication.restoreOverrideCursor()
        if not finished:
            self.window.statusBar().showMessage(self.tr("A backup is still being made; the tender is closed without "
                                                        "waiting for it."), 10000)

    def _failed(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 10000)

    def tick(self) -> None:
        """Every minute: a backup once 15 minutes of editing have passed since the last one."""
        if self.window.session is None:
            return
        if time.monotonic() - self.last >= settings.get(settings.BACKUP_MINUTES) * 60:
            self.backup("every-15-minutes", only_if_changed=True)
