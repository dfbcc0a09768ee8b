"""The Audit panel: every change, filterable, with the trail's verification and an export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svi_desktop.domain.changes import ChangeKind
from svi_desktop.domain.decisions import decision_record
from svi_desktop.errors import KnownError
from svi_desktop.ui import theme
from svi_desktop.ui.panels.audit.model import AuditFilter, AuditModel
from svi_desktop.ui.panels.base import Panel
from svi_desktop.ui.session import TenderSession
from svi_desktop.workflows import tenders


class AuditPanel(Panel):
    listens_to = frozenset(ChangeKind)  # every change writes an audit row

    def __init__(self, session: TenderSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("auditPanel")
        self.detail_dialog: QDialog | None = None
        self.status = QLabel()
        self.status.setObjectName("auditStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Filter: who, what, when, values…"))
        self.search.setAccessibleName(self.tr("Filter the audit trail"))
        self.search.setClearButtonEnabled(True)
        self.who = QComboBox()
        self.who.setAccessibleName(self.tr("Show changes by"))
        self.verify_button = QPushButton(self.tr("Verif&y the whole file"))
        self.verify_button.clicked.connect(lambda: self.refresh(full=True))
        self.export_button = QPushButton(self.tr("E&xport the trail…"))
        self.export_button.clicked.connect(self.export_dialog)
        self.model = AuditModel(self)
        self.proxy = AuditFilter(self)
        self.proxy.setSourceModel(self.model)
        self.search.textChanged.connect(self._filter)
        self.who.currentIndexChanged.connect(lambda _i: self._filter())
        self.table = QTableView()
        self.table.setObjectName("auditTable")
        self.table.setAccessibleName(self.tr("The decision record: every change, newest first; Enter shows one whole"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in ((0, 50), (1, 130), (2, 110), (3, 330), (4, 140), (5, 140)):
            self.table.setColumnWidth(col, width)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.activated.connect(self.show_detail)  # double-click or Enter
        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addWidget(self.who)
        top.addWidget(self.verify_button)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.refresh_when_shown()

    def refresh(self, full: bool = False) -> None:
        trail = tenders.audit_trail(self.session.tf, full_check=full)
        rows, problems, broken = trail.rows, trail.problems, trail.altered_row
        if problems:
            self.status.setText(self.tr("The audit trail does not check out: {p}. Restore the file from a backup "
                                        "(File > Restore from backup) and report this to the evaluation lead.")
                                .format(p="; ".join(problems)))
            self.status.setStyleSheet(f"color: {theme.colour('error_on_bg')}; background: {theme.colour('error_bg')}; "
                                      "padding: 6px; font-weight: bold;")
        else:
            what = self.tr("The file, its audit trail and its scores check out") if full else self.tr(
                "The audit trail checks out")
            self.status.setText(self.tr("{what}: {n} changes recorded, digest {d}.").format(
                what=what, n=f"{len(rows):,}", d=rows[-1].hash[:16] if rows else "–"))
            self.status.setStyleSheet("")
        self.model.load(rows, decision_record(rows, self.session.evaluation()), broken)
        current = self.who.currentData()
        blocked = self.who.blockSignals(True)
        self.who.clear()
        self.who.addItem(self.tr("Everyone"), "")
        for actor in sorted({r.actor for r in rows}):
            self.who.addItem(actor, actor)
        self.who.setCurrentIndex(max(0, self.who.findData(current)) if current else 0)
        self.who.blockSignals(blocked)
        self._filter()

    def show_detail(self, index: QModelIndex | None = None) -> None:
        """The whole of one change: the decision in words, then the row as recorded, with its hashes."""
        current = self.table.currentIndex() if index is None else index
        if not current.isValid():
            return
        row = self.proxy.mapToSource(current).row()
        r, d = self.model.rows[row], self.model.decisions[row]
        text = "\n".join([
            self.tr("Change {n} of {total}").format(n=r.seq, total=len(self.model.rows)), "",
            self.tr("When (UTC): {v}").format(v=r.at), self.tr("Who: {v}").format(v=d.who),
            self.tr("What: {v}").format(v=d.what), self.tr("From: {v}").format(v=d.before or "–"),
            self.tr("To: {v}").format(v=d.after or "–"), self.tr("Why: {v}").format(v=d.why or "–"), "",
            self.tr("As recorded: {action} ({entity} {id})").format(action=r.action, entity=r.entity, id=r.entity_id),
            self.tr("Old: {v}").format(v=r.old or "–"), self.tr("New: {v}").format(v=r.new or "–"),
            self.tr("Hash: {v}").format(v=r.hash), self.tr("Previous hash: {v}").format(v=r.prev_hash)])
        dialog = QDialog(self)
        dialog.setObjectName("auditDetail")
        dialog.setWindowTitle(self.tr("Change {n}").format(n=r.seq))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view = QPlainTextEdit(text)
        view.setObjectName("auditDetailText")
        view.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(view)
        layout.addWidget(buttons)
        dialog.resize(720, 460)
        self.detail_dialog = dialog
        dialog.open()

    def _filter(self) -> None:
        self.proxy.set_filter(self.who.currentData() or "", self.search.text())

    def export_dialog(self) -> None:
        from svi_desktop.ui.panels.dialogs.passphrase import confirm_plain_export

        if not confirm_plain_export(self, self.session.tf.encrypted):
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the audit trail"), "audit-trail.csv",
                                              self.tr("CSV (*.csv)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> bool:
        from svi_desktop.exports.audit_csv import write_audit_csv

        try:
            rows = tenders.audit_trail(self.session.tf).rows
            write_audit_csv(rows, path, decision_record(rows, self.session.evaluation()))
        except KnownError as exc:
            self.session.report(exc)
            return False
        return True
