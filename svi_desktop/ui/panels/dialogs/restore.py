"""File > Restore from backup: the tender's backups with their dates and what changed since."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from svi_desktop.errors import KnownError
from svi_desktop.ui import settings
from svi_desktop.ui.dialogs import ask, show_error
from svi_desktop.ui.panels.dialogs.base import SessionDialog
from svi_desktop.ui.session import TenderSession
from svi_desktop.workflows import backups
from svi_desktop.workflows.backups import BackupInfo


class RestoreDialog(SessionDialog):
    def __init__(self, session: TenderSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent, name="restoreDialog", size=(760, 420))
        self.setWindowTitle(self.tr("Restore from backup"))
        self.list = QListWidget()
        self.list.setObjectName("backupList")
        self.list.setAccessibleName(self.tr("Backups of this tender, newest first"))
        self.keep = QSpinBox()
        self.keep.setRange(2, 500)
        self.keep.setValue(settings.get(settings.BACKUPS_KEPT))
        self.keep.setAccessibleName(self.tr("Backups to keep"))
        self.keep.valueChanged.connect(lambda v: settings.put(settings.BACKUPS_KEPT, v))
        keep_row = QHBoxLayout()
        keep_row.addWidget(QLabel(self.tr("Backups kept for each tender:")))
        keep_row.addWidget(self.keep)
        keep_row.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(self.tr("&Restore"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(False)
        self.delete_button = self.buttons.addButton(self.tr("&Delete backup…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.delete_button.setObjectName("deleteBackup")
        self.delete_button.setToolTip(self.tr("Backups hold the bidders' text: delete those you no longer need."))
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self.delete_dialog)
        self.list.currentRowChanged.connect(self._update_buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Restoring replaces the tender with the backup; a backup of the tender as it "
                                        "is now is made first, so nothing is lost.")))
        layout.addWidget(self.list, 1)
        layout.addLayout(keep_row)
        layout.addWidget(self.buttons)
        self.fill()

    def fill(self) -> None:
        self.backups = backups.backups_of(self.session.tf)
        self.list.clear()
        for b in self.backups:
            item = QListWidgetItem(backups.describe(self.session.tf, b))
            item.setToolTip(str(b.path))
            self.list.addItem(item)
        self.list.setEnabled(bool(self.backups))
        if not self.backups:
            self.list.addItem(self.tr("There are no backups of this tender yet."))
        self._update_buttons(self.list.currentRow())

    def _update_buttons(self, row: int) -> None:
        chosen = 0 <= row < len(self.backups)
        self.restore_button.setEnabled(chosen and not self.session.read_only)
        self.delete_button.setEnabled(chosen)

    def delete_dialog(self) -> None:
        backup = self.chosen()
        if backup is not None and ask(self, self.tr("Delete backup"), self.tr(
                "Delete the backup of {when}? It cannot be brought back.").format(when=backup.label),
                yes=self.tr("Delete")):
            self.delete(backup)

    def delete(self, backup: BackupInfo) -> bool:
        try:
            backups.delete(backup)
        except KnownError as exc:
            show_error(self, exc.message)
            return False
        self.fill()
        return True

    def chosen(self) -> BackupInfo | None:
        row = self.list.currentRow()
        return self.backups[row] if 0 <= row < len(self.backups) else None
