"""The Setup panel: tender details, sections and shares, the criteria and the scoring scale."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from svi_desktop.domain.changes import ChangeKind
from svi_desktop.domain.model import REGIME_NAMES
from svi_desktop.domain.notice_details import DETAILS, NOTICE_HINTS
from svi_desktop.domain.psr import KEY_CRITERIA
from svi_desktop.domain.rules import parse_key_dates
from svi_desktop.domain.settings import CRITERIA_PUBLISHED
from svi_desktop.errors import KnownError
from svi_desktop.ui import settings
from svi_desktop.ui.dialogs import show_error
from svi_desktop.ui.operations import award as award_edit
from svi_desktop.ui.operations import framework as edit
from svi_desktop.ui.panels.base import Panel
from svi_desktop.ui.panels.setup.criteria import CriteriaEditor
from svi_desktop.ui.panels.setup.scale import ScaleEditor
from svi_desktop.ui.panels.setup.sections import SectionsEditor
from svi_desktop.ui.session import TenderSession
from svi_desktop.ui.widgets.fields import ChoiceBox, CommitLineEdit, CommitTextEdit, scrolling, set_editable
from svi_desktop.workflows import templates


class SetupPanel(Panel):
    listens_to = frozenset({ChangeKind.TENDER, ChangeKind.FRAMEWORK, ChangeKind.SCALE, ChangeKind.SETTINGS})

    def __init__(self, session: TenderSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("setupPanel")

        details = QGroupBox(self.tr("Tender details"))
        form = QFormLayout(details)
        self.fields = {
            "title": CommitLineEdit(self.tr("Tender title")),
            "reference": CommitLineEdit(self.tr("Tender reference")),
            "authority": CommitLineEdit(self.tr("Contracting authority")),
        }
        self.description = CommitTextEdit(self.tr("Tender description"))
        self.description.setMaximumHeight(90)
        self.key_dates = CommitTextEdit(self.tr("Key dates, one a line: label colon date"))
        self.key_dates.setMaximumHeight(90)
        self.key_dates.setPlaceholderText("Closing date for bids: 2026-10-13")
        for key, label in (("title", self.tr("&Title")), ("reference", self.tr("&Reference")),
                           ("authority", self.tr("C&ontracting authority"))):
            self.fields[key].setObjectName(f"tender_{key}")
            self.fields[key].committed.connect(lambda v, k=key: self._set_tender(k, v))
            form.addRow(label, self.fields[key])
        self.description.committed.connect(lambda v: self._set_tender("description", v))
        self.key_dates.committed.connect(self._set_key_dates)
        self.regime = ChoiceBox(self.tr("Procurement regime"))
        self.regime.setObjectName("tender_regime")
        self.regime.addItem(self.tr("Not yet chosen"), "")
        for regime, name in REGIME_NAMES.items():
            self.regime.addItem(name, regime.value)
        self.regime.activated.connect(lambda i: self._set_regime(self.regime.itemData(i)))
        form.addRow(self.tr("Procure&ment regime"), self.regime)
        self.published = CommitLineEdit(self.tr("Where the award criteria are published"))
        self.published.setObjectName("tender_criteria_published")
        self.published.setPlaceholderText(self.tr("A web address or document reference, quoted in every assessment "
                                                  "summary"))
        self.published.committed.connect(self._set_published)
        form.addRow(self.tr("Criteria pu&blished at"), self.published)
        form.addRow(self.tr("Description"), self.description)
        form.addRow(self.tr("&Key dates"), self.key_dates)

        # What the notices need beyond the evaluation: kept as the tender's settings, each by its one rule. Open to
        # change after sign-off (the contract's dates, the day the summaries went), not in a pack or read-only.
        notice = QGroupBox(self.tr("Notice details"))
        notice.setObjectName("noticeDetails")
        notice_form = QFormLayout(notice)
        self.cpv = CommitLineEdit(self.tr("CPV codes, the main one first"))
        self.cpv.setObjectName("tender_cpv")
        self.cpv.setPlaceholderText("85000000-9, 85300000-2")
        self.cpv.committed.connect(lambda v: self._set_tender("cpv", v))
        notice_form.addRow(self.tr("CPV codes"), self.cpv)
        self.notice = {}
        for d in DETAILS:
            line = CommitLineEdit(d.label[:1].upper() + d.label[1:])
            line.setObjectName(f"notice_{d.key.split('.', 1)[1]}")
            line.setPlaceholderText(NOTICE_HINTS.get(d.key, ""))
            line.committed.connect(lambda v, k=d.key: self._set_notice_detail(k, v))
            notice_form.addRow(d.label[:1].upper() + d.label[1:], line)
            self.notice[d.key] = line

        psr = QGroupBox(self.tr("PSR key criteria (reg 5): how each was weighed"))
        psr.setObjectName("psrKeyCriteria")
        psr_form = QFormLayout(psr)
        self.psr = {}
        for k in KEY_CRITERIA:
            line = CommitLineEdit(k.name)
            line.setObjectName(f"psr_{k.key.rsplit('.', 1)[1]}")
            line.setPlaceholderText(self.tr("Under direct award process C: the existing provider's assessment"))
            line.committed.connect(lambda v, key=k.key: self._set_psr(key, v))
            psr_form.addRow(k.name, line)
            self.psr[k.key] = line

        self.sections = SectionsEditor(session)
        self.scale = ScaleEditor(session)
        self.criteria = CriteriaEditor(session)

        self.template_button = QPushButton(self.tr("Appl&y a template…"))
        self.template_button.clicked.connect(self.apply_template)
        self.save_template_button = QPushButton(self.tr("&Save framework as template…"))
        self.save_template_button.clicked.connect(self.save_as_template)
        template_row = QHBoxLayout()
        template_row.addWidget(self.template_button)
        template_row.addWidget(self.save_template_button)
        template_row.addStretch(1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(details)
        left_layout.addWidget(notice)
        left_layout.addWidget(psr)
        left_layout.addWidget(self.sections)
        left_layout.addWidget(self.scale, 1)
        left_layout.addLayout(template_row)
        scroll = scrolling(left)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("setupSplitter")
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(scrolling(self.criteria))
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        saved = settings.get(settings.SETUP_SPLITTER)
        if saved:
            self.splitter.restoreState(QByteArray(saved))
        else:
            self.splitter.setSizes([620, 660])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self.refresh_when_shown()

    def save_layout(self) -> None:
        settings.put(settings.SETUP_SPLITTER, bytes(self.splitter.saveState().data()))
        super().save_layout()

    def refresh(self) -> None:
        ev = self.session.evaluation()
        t = ev.tender
        for key in self.fields:
            self.fields[key].set_value(getattr(t, key))
        self.description.set_value(t.description)
        self.regime.setCurrentIndex(max(0, self.regime.findData(t.regime)))
        self.published.set_value(self.session.evaluation().settings.get(CRITERIA_PUBLISHED, ""))
        self.key_dates.set_value("\n".join(f"{d.label}: {d.date}" for d in t.key_dates))
        self.cpv.set_value(t.cpv)
        for key, line in self.notice.items():
            line.set_value(ev.settings.get(key, ""))
        for key, line in self.psr.items():
            line.set_value(ev.settings.get(key, ""))
        self.sections.refresh(ev.framework)
        previous: QWidget = self.key_dates  # Tab reads down the column: the details, the notice's, the sections,
        for w in (self.cpv, *self.notice.values(), *self.psr.values(), *self.sections.tab_stops()):  # the scale
            QWidget.setTabOrder(previous, w)
            previous = w
        self.scale.refresh(ev.framework.scale)
        self.criteria.refresh(ev.framework)
        locked = self.session.locked  # read-only or a pack; or signed off and frozen, which can come and go
        for w in (*self.fields.values(), self.published, self.description, self.key_dates, self.regime,
                  self.template_button, self.save_template_button):
            set_editable(w, not locked)
        self.sections.setEnabled(not locked)
        set_editable(self.cpv, not locked)
        for line in self.psr.values():
            set_editable(line, not locked)
        for line in self.notice.values():
            set_editable(line, not (self.session.read_only or self.session.is_pack))

    def _set_tender(self, field: str, value: str) -> None:
        if edit.set_tender_field(self.session, field, value) is None:
            self.refresh()

    def _set_regime(self, regime: str) -> None:
        """The regime decides the rules the scores were given under: once a bid is scored, a change is confirmed
        with a reason, which the audit trail records (an arrow key passing over the box once changed it silently)."""
        ev = self.session.evaluation()
        reason = ""
        if ev.tender.regime and regime != ev.tender.regime and ev.scores:
            reason, ok = QInputDialog.getMultiLineText(
                self, self.tr("Change the procurement regime"),
                self.tr("Bids have already been scored under the current regime. Change it only if it was chosen "
                        "wrongly; the reason is recorded in the audit trail. Why change it?"))
            if not ok or not reason.strip():
                self.refresh()  # the box shows the regime the file holds
                return
        if edit.set_tender_field(self.session, "regime", regime, reason=reason) is None:
            self.refresh()

    def _set_published(self, text: str) -> None:
        if award_edit.set_criteria_published(self.session, text, initiator=self) is None:
            self.refresh()

    def _set_psr(self, key: str, text: str) -> None:
        if award_edit.set_psr_key_criterion(self.session, key, text, initiator=self) is None:
            self.refresh()

    def _set_notice_detail(self, key: str, text: str) -> None:
        if award_edit.set_notice_detail(self.session, key, text, initiator=self) is None:
            self.refresh()

    def _set_key_dates(self, text: str) -> None:
        try:
            dates = parse_key_dates(text)
        except ValueError as exc:
            self.session.report(KnownError(str(exc)))
            return
        edit.set_key_dates(self.session, dates)

    def apply_template(self) -> None:
        names = templates.template_names()
        name, ok = QInputDialog.getItem(self, self.tr("Apply a template"),
                                        self.tr("Replace the framework with the template:"), names, 0, False)
        if ok and name:
            self.apply_template_named(name)

    def apply_template_named(self, name: str) -> bool:
        applied = edit.apply_template(self.session, name)
        return applied is not None and applied.changed

    def save_as_template(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Save framework as template"), self.tr("Template name:"))
        if ok:
            self.save_template_named(name)

    def save_template_named(self, name: str) -> Path | None:
        try:
            return templates.save_as_template(self.session.tf, name)
        except KnownError as exc:
            show_error(self, exc.message)
            return None
