"""An open tender in the window: the file, its undo stack, and the signal views listen to."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from svi_desktop.domain.model import Evaluation
from svi_desktop.errors import KnownError
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import Change, TenderFile
from svi_desktop.ui.commands import OperationCommand

log = logging.getLogger("svi.ui")


class TenderSession(QObject):
    changed = Signal(object)  # a store Change, after it has committed
    failed = Signal(str)  # a KnownError's sentence: the change was not applied
    saved = Signal()

    def __init__(self, tf: TenderFile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tf = tf
        self.undo_stack = QUndoStack(self)
        self._evaluation: Evaluation | None = None
        tf.subscribe(self._on_change)

    @property
    def read_only(self) -> bool:
        return self.tf.read_only

    def _on_change(self, change: Change) -> None:
        self._evaluation = None
        self.changed.emit(change)
        self.saved.emit()

    def evaluation(self) -> Evaluation:
        if self._evaluation is None:
            self._evaluation = load_evaluation(self.tf)
        return self._evaluation

    def run(self, text: str, do: Callable[[], Any], undo: Callable[[], Any]) -> bool:
        """Perform `do` now; on success it joins the undo stack as one step named `text`."""
        try:
            do()
        except KnownError as exc:
            log.info("refused %s: %s", text, exc.message)
            self.failed.emit(exc.message)
            return False
        self.undo_stack.push(OperationCommand(self, text, do, undo))
        return True

    def report(self, exc: KnownError) -> None:
        self.failed.emit(exc.message)

    def close(self) -> None:
        self.tf.unsubscribe(self._on_change)
        self.undo_stack.clear()
        self.tf.close()
