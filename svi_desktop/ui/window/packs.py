"""Issuing evaluator packs and collecting returns from the window, with the report of each collection."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from svi_desktop.ui.operations import packs as pack_edit
from svi_desktop.workflows import packs

if TYPE_CHECKING:
    from svi_desktop.ui.main_window import MainWindow

FILE_FILTER = "SVI Workbench tenders (*.svi);;All files (*)"


class PackActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def issue_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, self.tr("Folder for the evaluator packs"),
                                                  self.window.files.folder())
        if folder:
            self.issue_to(Path(folder))

    def issue_to(self, folder: Path) -> list[Path]:
        session = self.window.session
        assert session is not None
        applied = pack_edit.issue(session, folder)
        if applied is None:
            return []
        self.window.statusBar().showMessage(self.tr("Issued {n} evaluator packs in {folder}").format(
            n=len(applied.result), folder=folder), 8000)
        return list(applied.result)

    def collect_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self.window, self.tr("Collect returned packs"),
                                                self.window.files.folder(), FILE_FILTER)
        if paths:
            self.collect([Path(p) for p in paths])

    def collect(self, paths: list[Path]) -> bool:
        """Merge returned packs as one undoable step, then say what happened to each pack."""
        session = self.window.session
        assert session is not None
        applied = pack_edit.collect(session, paths)
        if applied is None:
            return False
        lines = packs.report(applied.result)
        refused = any(line.refused for line in lines)
        box = QMessageBox(QMessageBox.Icon.Warning if refused else QMessageBox.Icon.Information,
                          self.tr("Collect returns"), "\n".join(line.text for line in lines),
                          QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("collectReport")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.exec()
        return applied.changed
