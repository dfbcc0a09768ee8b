"""File > Restore from backup: the tender's backups with their dates and what changed since."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from svi_desktop.ui import settings
from svi_desktop.ui.session import TenderSession
from svi_desktop.workflows import backups
from svi_desktop.workflows.backups import BackupInfo


class RestoreDialog(QDialog):
    def __init__(self, session: TenderSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle(self.tr("Restore from backup"))
        self.resize(760, 420)
        self.backups = backups.backups_of(session.tf)
        self.list = QListWidget()
        self.list.setObjectName("backupList")
        self.list.setAccessibleName(self.tr("Backups of this tender, newest first"))
        for b in self.backups:
            item = QListWidgetItem(backups.describe(session.tf, b))
            item.setToolTip(str(b.path))
            self.list.addItem(item)
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
        self.list.currentRowChanged.connect(lambda r: self.restore_button.setEnabled(r >= 0 and not session.read_only))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Restoring replaces the tender with the backup; a backup of the tender as it "
                                        "is now is made first, so nothing is lost.")))
        layout.addWidget(self.list, 1)
        layout.addLayout(keep_row)
        layout.addWidget(self.buttons)
        if not self.backups:
            self.list.addItem(self.tr("There are no backups of this tender yet."))
            self.list.setEnabled(False)

    def chosen(self) -> BackupInfo | None:
        row = self.list.currentRow()
        return self.backups[row] if 0 <= row < len(self.backups) else None
