"""File > Export: choose what to write and where; it runs in the background with progress and Cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from svi_desktop.ui import settings
from svi_desktop.ui.session import TenderSession
from svi_desktop.ui.worker import Job, start
from svi_desktop.workflows import exports


class ExportDialog(QDialog):
    done_writing = Signal()  # the export finished and the dialog says what it wrote

    def __init__(self, session: TenderSession, folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export"))
        self.session = session
        self.folder = folder
        self.job: Job | None = None
        self.written: list[Path] = []
        self.source = exports.read_source(session.tf)  # read once, on this thread; written on another

        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("What to export"))
        for key, name in exports.KINDS.items():
            self.kind.addItem(name, key)
        self.kind.currentIndexChanged.connect(lambda _i: self._default_path())
        self.final = QCheckBox(self.tr("Mark as &final (otherwise it is marked draft)"))
        # A tender in lots: the whole tender, or one lot alone (its bids, the shared criteria and its own).
        self.lot = QComboBox()
        self.lot.setObjectName("exportLot")
        self.lot.setAccessibleName(self.tr("Export the whole tender or one lot"))
        self.lot.addItem(self.tr("The whole tender"), "")
        for x in sorted(self.source.evaluation.lots, key=lambda x: (x.position, x.code)):
            self.lot.addItem(self.tr("Lot {code}").format(code=x.code) + (f": {x.title}" if x.title else ""), x.code)
        self.lot.currentIndexChanged.connect(lambda _i: self._default_path())
        self.path = QLineEdit()
        self.path.setAccessibleName(self.tr("Where to write it"))
        browse = QPushButton(self.tr("&Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("&Export"), self.kind)
        if self.source.evaluation.lots:
            form.addRow(self.tr("&Of"), self.lot)
        to_label = QLabel(self.tr("&To"))
        to_label.setBuddy(self.path)  # the mnemonic works and the & is not shown
        form.addRow(to_label, row)
        form.addRow("", self.final)
        self.progress = QProgressBar()
        self.progress.setObjectName("exportProgress")
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(self.tr("E&xport"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.export_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        self.open_folder_button = self.buttons.addButton(self.tr("&Open folder"), QDialogButtonBox.ButtonRole.ActionRole)
        self.open_folder_button.setObjectName("openExportFolder")
        self.open_folder_button.setVisible(False)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setObjectName("exportStatus")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if session.tf.encrypted:  # said before anything is written: exports are plain by purpose
            from svi_desktop.ui.panels.dialogs.passphrase import plain_export_text

            self.plain_warning = QLabel(plain_export_text())
            self.plain_warning.setObjectName("plainExportWarning")
            self.plain_warning.setWordWrap(True)
            layout.addWidget(self.plain_warning)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._default_path()
        self.resize(620, 200)

    def _default_path(self) -> None:
        name = exports.default_name(self.source, self.kind.currentData())
        lot = self.lot.currentData()
        if lot:  # "REF evaluation.xlsx" becomes "REF lot 2 evaluation.xlsx"
            stem, _, rest = name.partition(" ")
            name = f"{stem} lot {lot} {rest}"
        self.path.setText(str(Path(self.folder) / name))

    def _browse(self) -> None:
        kind = self.kind.currentData()
        if kind == "summaries":
            chosen = QFileDialog.getExistingDirectory(self, self.tr("Folder for the summaries"), self.folder)
        else:
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), self.path.text(),
                                                    "Excel (*.xlsx)" if kind == "xlsx" else "PDF (*.pdf)")
        if chosen:
            self.path.setText(chosen)

    def run(self) -> None:
        source = self.source
        kind, out, final = self.kind.currentData(), Path(self.path.text()), self.final.isChecked()
        lot = self.lot.currentData() or ""
        self.job = Job(lambda progress: exports.write(source, kind, out, final=final, progress=progress, lot=lot))
        self.job.signals.progress.connect(self.progress.setValue)
        self.job.signals.finished.connect(self._done)
        self.job.signals.failed.connect(self._failed)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.export_button.setEnabled(False)
        self.status.setText(self.tr("Exporting…"))
        start(self.job)

    def _done(self, written: list[Path]) -> None:
        """Stay open and say what was written and where, with Open folder; Close ends."""
        self.job = None
        self.written = written
        self.progress.setVisible(False)
        where = written[0].parent if written else Path(self.path.text()).parent
        self.status.setText(self.tr("Wrote {n} file(s) in {folder}: {names}").format(
            n=len(written), folder=where, names=", ".join(p.name for p in written[:6])
            + (" …" if len(written) > 6 else "")))
        settings.put(settings.EXPORT_FOLDER, str(where if self.kind.currentData() != "summaries"
                                                  else Path(self.path.text()).parent))
        self.export_button.setEnabled(True)
        self.open_folder_button.setVisible(True)
        self.cancel_button.setText(self.tr("Close"))
        self.done_writing.emit()

    def open_folder(self) -> None:
        if self.written:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written[0].parent)))

    def _failed(self, message: str) -> None:
        self.job = None
        self.export_button.setEnabled(True)
        self.progress.setVisible(False)
        self.status.setText(message)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()  # the exporter stops at its next step and removes its temporary file
            self.job = None
            self.status.setText(self.tr("Cancelled: nothing was written."))
            self.export_button.setEnabled(True)
            self.progress.setVisible(False)
            return
        self.reject()

