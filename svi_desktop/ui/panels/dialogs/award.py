"""Award > Completeness check and Award > Sign off: the list of what the award record lacks, each item taking the
user to its place; the named approvers' sign-off, which freezes the award; unfreezing with a reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from svi_desktop.domain.award import frozen_at
from svi_desktop.errors import KnownError
from svi_desktop.exports.notices import notice_title
from svi_desktop.ui.operations import award as award_edit
from svi_desktop.ui.session import TenderSession
from svi_desktop.ui.widgets import build
from svi_desktop.ui.widgets.build import accept_box, named
from svi_desktop.ui.worker import Job, start
from svi_desktop.workflows import award, exports

MISSING_ROLE = Qt.ItemDataRole.UserRole + 1


class AwardCheckDialog(QDialog):
    """Not modal: it stays beside the window while the lead completes the record, and follows every change."""

    go_to = Signal(object)  # a Missing

    def __init__(self, session: TenderSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("awardCheckDialog")
        self.setWindowTitle(self.tr("Award record: completeness check"))
        self.summary = QLabel()
        self.summary.setObjectName("awardCheckSummary")
        self.summary.setWordWrap(True)
        self.items = QListWidget()
        self.items.setObjectName("awardCheckItems")
        self.items.setAccessibleName(self.tr("What the award record lacks; press Enter to go to an item"))
        self.items.itemActivated.connect(lambda item: self.go_to.emit(item.data(MISSING_ROLE)))
        go = QPushButton(self.tr("&Go to item"))
        go.clicked.connect(self._go_to_current)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(go, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        for button in buttons.buttons():  # Enter on an item goes to it; it never closes the list
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
                button.setDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.items, 1)
        layout.addWidget(buttons)
        self.resize(760, 480)
        self.job: Job | None = None
        session.changed.connect(self.refresh)
        self.refresh()

    def _go_to_current(self) -> None:
        item = self.items.currentItem()
        if item is not None:
            self.go_to.emit(item.data(MISSING_ROLE))

    def refresh(self, *_args: object) -> None:
        """Check the record again, off the window's thread: in lots it ranks every lot and applies the limit
        (seconds at 800 bids). A check overtaken by a later change is dropped."""
        if self.job is not None:
            self.job.cancel()
        ev = self.session.evaluation()
        self.summary.setText(self.tr("Checking the award record…"))
        job = Job(lambda _progress: award.check_evaluation(ev))
        self.job = job
        job.signals.finished.connect(lambda missing, job=job: self._show(job, missing))
        job.signals.failed.connect(lambda message, job=job: self._failed(job, message))
        start(job)

    def _failed(self, job: Job, message: str) -> None:
        if job is self.job:
            self.job = None
            self.summary.setText(message)

    def _show(self, job: Job, missing: list) -> None:
        if job is not self.job:  # overtaken by a later change
            return
        self.job = None
        self.items.clear()
        for m in missing:
            item = QListWidgetItem(m.text)
            item.setData(MISSING_ROLE, m)
            self.items.addItem(item)
        if missing:
            self.summary.setText(self.tr("{n} item(s) missing. Final documents and the sign-off wait until the "
                                         "record is complete. Press Enter on an item to go to its place.").format(
                n=len(missing)))
            self.items.setCurrentRow(0)
        else:
            self.summary.setText(self.tr("The award record is complete: it can be signed off (Award > Sign off)."))

    def done(self, result: int) -> None:
        self.session.changed.disconnect(self.refresh)
        if self.job is not None:
            self.job.cancel()
            self.job = None
        super().done(result)


class SignOffDialog(QDialog):
    def __init__(self, session: TenderSession, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("signOffDialog")
        self.setWindowTitle(self.tr("Sign off the award"))
        ev = session.evaluation()
        self.status = QLabel()
        self.status.setObjectName("signOffStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        signed = "; ".join(f"{s.name}, {s.role}, {s.signed_on}" for s in ev.signoffs)
        if frozen_at(ev):
            self.status.setText(self.tr("The award is frozen. Signed off by: {who}. Further approvers may sign off "
                                        "the same record.").format(who=signed))
        else:
            self.status.setText(self.tr("Signing off freezes the award: scores, consensus, framework and bids can "
                                        "then change only after unfreezing it, with a reason that is recorded."))
        self.name = named(QLineEdit(), "signOffName")
        self.role = named(QLineEdit(), "signOffRole")
        self.date = named(QDateEdit(), "signOffDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        day = today or dt.date.today()
        self.date.setDate(QDate(day.year, day.month, day.day))
        form = QFormLayout()
        form.addRow(self.tr("Approver's &name"), self.name)
        form.addRow(self.tr("&Role"), self.role)
        form.addRow(self.tr("&Date"), self.date)
        buttons, self.sign_button = accept_box(self, self.tr("&Sign off"), self.sign, "signOffButton")
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def sign(self) -> None:
        applied = award_edit.sign_off(self.session, self.name.text(), self.role.text(),
                                      self.date.date().toString("yyyy-MM-dd"))
        if applied is not None:
            self.accept()


class UnfreezeDialog(QDialog):
    """Award > Unfreeze: who reopens the signed-off award, their role and why, all recorded in the audit trail."""

    def __init__(self, session: TenderSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("unfreezeDialog")
        self.setMinimumWidth(480)  # the introduction reads in two lines, not four
        self.setWindowTitle(self.tr("Unfreeze the award"))
        intro = build.intro(self.tr("Reopening the signed-off award withdraws its sign-offs: it must be signed off again. "
                               "Your name, your role and the reason are recorded."))
        self.name = named(QLineEdit(), "unfreezeName")
        self.role = named(QLineEdit(), "unfreezeRole")
        self.reason = named(QPlainTextEdit(), "unfreezeReason")
        self.reason.setTabChangesFocus(True)
        form = QFormLayout()
        form.addRow(self.tr("Your &name"), self.name)
        form.addRow(self.tr("Your &role"), self.role)
        form.addRow(self.tr("&Why"), self.reason)
        buttons, self.unfreeze_button = accept_box(self, self.tr("&Unfreeze"), self.unfreeze, "unfreezeButton")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def unfreeze(self) -> None:
        applied = award_edit.unfreeze(self.session, self.reason.toPlainText(), self.name.text(), self.role.text())
        if applied is not None:
            self.accept()


class NoticeDialog(QDialog):
    """Award > Notice: the notice the regime requires, written into a folder; what was written is shown."""

    def __init__(self, session: TenderSession, folder: str, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("noticeDialog")
        regime = session.evaluation().tender.regime
        self.setWindowTitle(self.tr("Notice"))
        self.kind = QLabel(notice_title(regime) if regime else self.tr("Choose the procurement regime in Setup "
                                                                         "first: it decides which notice is made."))
        self.kind.setObjectName("noticeKind")
        self.kind.setWordWrap(True)
        self.published = named(QDateEdit(), "noticePublished")
        self.published.setCalendarPopup(True)
        self.published.setDisplayFormat("dddd d MMMM yyyy")
        day = today or dt.date.today()
        self.published.setDate(QDate(day.year, day.month, day.day))
        self.folder = QLineEdit(folder)
        self.folder.setObjectName("noticeFolder")
        browse = QPushButton(self.tr("&Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        # A tender in lots: one notice with an award for each lot, or one lot's notice alone (its own day and
        # standstill), as svi award notice --lot makes.
        self.lot = named(QComboBox(), "noticeLot")
        self.lot.setAccessibleName(self.tr("The notice of every lot or of one lot"))
        self.lot.addItem(self.tr("Every lot: one notice, an award for each"), "")
        lots = session.evaluation().lots
        for x in sorted(lots, key=lambda x: (x.position, x.code)):
            self.lot.addItem(self.tr("Lot {code} alone").format(code=x.code) + (f": {x.title}" if x.title else ""),
                             x.code)
        self.final = QCheckBox(self.tr("&Final (the record must be complete and signed off)"))
        self.final.setObjectName("noticeFinal")
        self.status = QLabel()
        self.status.setObjectName("noticeStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow(self.tr("Notice"), self.kind)
        form.addRow(self.tr("To be &published on"), self.published)
        folder_label = QLabel(self.tr("F&older"))  # a row of two widgets takes no buddy by itself: Alt+O
        folder_label.setBuddy(self.folder)
        form.addRow(folder_label, row)
        if lots:
            form.addRow(self.tr("&Lots"), self.lot)
        form.addRow("", self.final)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.write_button = buttons.addButton(self.tr("&Write notice"), QDialogButtonBox.ButtonRole.ActionRole)
        self.write_button.setObjectName("writeNotice")
        self.write_button.clicked.connect(self.write)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        if session.tf.encrypted:  # said before anything is written: notices are plain by purpose
            from svi_desktop.ui.panels.dialogs.passphrase import plain_export_text

            warning = QLabel(plain_export_text())
            warning.setObjectName("plainExportWarning")
            warning.setWordWrap(True)
            layout.addWidget(warning)
        layout.addWidget(buttons)
        self.written: list[Path] = []

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Folder for the notice"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def write(self) -> bool:
        q = self.published.date()
        try:
            source = exports.read_source(self.session.tf)
            self.written = exports.write_notice(source, Path(self.folder.text()), final=self.final.isChecked(),
                                                published=dt.date(q.year(), q.month(), q.day()),
                                                lot=self.lot.currentData() or "")
        except KnownError as exc:
            self.status.setText(exc.message)
            return False
        self.status.setText(self.tr("Wrote {files}").format(files="; ".join(str(p) for p in self.written)))
        return True
