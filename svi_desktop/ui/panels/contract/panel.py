"""The Contract panel: after the award, the contract's KPIs (the winner's commitments and the authority's own),
each rated period by period on the scale of a contract performance notice, delivered against promised as a
chart, and the notice itself."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from svi_desktop.domain.changes import ChangeKind
from svi_desktop.domain.contract import RATING_NAMES, KpiSource, Rating
from svi_desktop.domain.kpis import KpiStatus, kpi_shortfall, statuses
from svi_desktop.domain.notice_details import CONTRACT_START
from svi_desktop.domain.numbers import quantity
from svi_desktop.errors import KnownError
from svi_desktop.ui import theme
from svi_desktop.ui.operations import contract as edit
from svi_desktop.ui.panels.base import Panel
from svi_desktop.ui.session import TenderSession
from svi_desktop.ui.widgets.build import named
from svi_desktop.ui.widgets.charts import DeliveryChart, delivery_series
from svi_desktop.ui.widgets.fields import ChoiceBox
from svi_desktop.ui.widgets.tables import chosen_item, fill_table, fit_columns, one_row_at_a_time, read_only_table
from svi_desktop.workflows import contract as flow


class ContractPanel(Panel):
    listens_to = frozenset({ChangeKind.KPIS, ChangeKind.BIDS, ChangeKind.FRAMEWORK})  # the KPIs, suppliers, lots

    def __init__(self, session: TenderSession, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("contractPanel")
        self.today = today or dt.date.today()
        self.found: tuple[KpiStatus, ...] = ()

        self.lot_box = QComboBox()
        self.lot_box.setObjectName("contractLot")
        self.lot_box.setAccessibleName(self.tr("Lot whose contract is shown"))
        self.lot_box.activated.connect(lambda _i: self.refresh())
        self.lot_label = QLabel(self.tr("&Lot:"))
        self.lot_label.setBuddy(self.lot_box)
        self.start = QLineEdit(self.today.isoformat())
        self.start.setObjectName("contractStart")
        self.start.setAccessibleName(self.tr("The contract's first day"))
        self.start.setMaximumWidth(120)
        self.make_button = QPushButton(self.tr("&Make the winner's commitments the KPIs"))
        self.make_button.setObjectName("makeKpis")
        self.make_button.clicked.connect(self.make_kpis)
        self.notice_button = QPushButton(self.tr("Performance &notice…"))
        self.notice_button.setObjectName("performanceNotice")
        self.notice_button.clicked.connect(self.notice_dialog)
        self.summary = QLabel()
        self.summary.setObjectName("contractSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.shortfall = QLabel()
        self.shortfall.setObjectName("kpiShortfall")
        self.shortfall.setWordWrap(True)
        self.shortfall.setStyleSheet(f"color: {theme.colour('error')};")

        self.table = read_only_table([self.tr("KPI"), self.tr("From"), self.tr("Promised"), self.tr("By"),
                                      self.tr("Delivered"), self.tr("Latest rating"), self.tr("Next rating due")])
        self.table.setObjectName("kpiTable")
        self.table.setAccessibleName(self.tr("The contract's KPIs"))
        one_row_at_a_time(self.table)
        self.table.setWordWrap(True)
        self.table.itemSelectionChanged.connect(self._chosen_changed)
        self.chart = DeliveryChart(self.tr("Delivered against promised"))
        self.chart.setObjectName("deliveryChart")

        # Rating the chosen KPI for one period.
        self.period_start = named(QLineEdit(), "periodStart")
        self.period_end = named(QLineEdit(), "periodEnd")
        self.actual = named(QLineEdit(), "periodActual")
        self.evidence = named(QPlainTextEdit(), "periodEvidence")
        self.evidence.setTabChangesFocus(True)
        self.evidence.setFixedHeight(56)
        self.rating = ChoiceBox(self.tr("Rating"))
        self.rating.setObjectName("periodRating")
        for r in Rating:
            self.rating.addItem(RATING_NAMES[r], r.value)
        self.reason = named(QPlainTextEdit(), "periodReason")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(56)
        self.rate_button = QPushButton(self.tr("&Record the rating"))
        self.rate_button.setObjectName("recordRating")
        self.rate_button.clicked.connect(self.rate)
        for label, field in ((self.tr("First day of the period"), self.period_start),
                             (self.tr("Last day of the period"), self.period_end),
                             (self.tr("Delivered by its end, over the contract so far"), self.actual),
                             (self.tr("Evidence"), self.evidence),
                             (self.tr("Reason for the rating (required unless Good)"), self.reason)):
            field.setAccessibleName(label)
        self.rate_box = QGroupBox(self.tr("Rate the chosen KPI"))
        form = QFormLayout(self.rate_box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        period = QHBoxLayout()
        period.addWidget(self.period_start)
        period.addWidget(QLabel(self.tr("to")))
        period.addWidget(self.period_end)
        period_label = QLabel(self.tr("&Period"))
        period_label.setBuddy(self.period_start)
        form.addRow(period_label, period)
        form.addRow(self.tr("&Delivered (cumulative)"), self.actual)
        form.addRow(self.tr("Ev&idence"), self.evidence)
        form.addRow(self.tr("Ra&ting"), self.rating)
        form.addRow(self.tr("Reas&on"), self.reason)
        form.addRow(self.rate_button)

        # The authority's own KPI.
        self.own_measure = named(QLineEdit(), "ownMeasure")
        self.own_target = named(QLineEdit(), "ownTarget")
        self.own_unit = named(QLineEdit(), "ownUnit")
        self.own_due = named(QLineEdit(), "ownDue")
        self.own_due.setPlaceholderText("YYYY-MM-DD")
        for label, field in ((self.tr("Measure of the authority's KPI"), self.own_measure),
                             (self.tr("Target"), self.own_target), (self.tr("Unit"), self.own_unit),
                             (self.tr("Date it is due by"), self.own_due)):
            field.setAccessibleName(label)
        self.own_button = QPushButton(self.tr("Add the authority's &KPI"))
        self.own_button.setObjectName("addOwnKpi")
        self.own_button.clicked.connect(self.add_own)
        own = QGroupBox(self.tr("The authority's own KPI"))
        own_form = QFormLayout(own)
        own_form.addRow(self.tr("Meas&ure"), self.own_measure)
        amount = QHBoxLayout()
        amount.addWidget(self.own_target, 1)
        amount.addWidget(self.own_unit, 2)
        target_label = QLabel(self.tr("Tar&get"))
        target_label.setBuddy(self.own_target)
        own_form.addRow(target_label, amount)
        own_form.addRow(self.tr("Due &by"), self.own_due)
        own_form.addRow(self.own_button)

        top = QHBoxLayout()
        top.addWidget(self.lot_label)
        top.addWidget(self.lot_box)
        start_label = QLabel(self.tr("Contract &starts"))
        start_label.setBuddy(self.start)
        top.addWidget(start_label)
        top.addWidget(self.start)
        top.addWidget(self.make_button)
        top.addStretch(1)
        top.addWidget(self.notice_button)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.table)
        left.addWidget(self.chart)
        left.setSizes([300, 300])
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.rate_box)
        rl.addWidget(own)
        rl.addStretch(1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([700, 400])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.shortfall)
        layout.addWidget(split, 1)
        self.refresh_when_shown()

    # -- reading -------------------------------------------------------------------------------------

    def lot(self) -> str:
        return str(self.lot_box.currentData() or "")

    def refresh(self) -> None:
        ev = self.session.evaluation()
        chosen = self.lot()
        self.lot_box.blockSignals(True)
        self.lot_box.clear()
        for x in sorted(ev.lots, key=lambda x: (x.position, x.code)):
            self.lot_box.addItem(x.code + (f": {x.title}" if x.title else ""), x.code)
        self.lot_box.setCurrentIndex(max(0, self.lot_box.findData(chosen)))
        self.lot_box.blockSignals(False)
        self.lot_box.setVisible(bool(ev.lots))
        self.lot_label.setVisible(bool(ev.lots))
        lot = self.lot()
        previous = self.chosen()
        self.found = statuses(ev, lot, self.today)
        fill_table(self.table, [[s.kpi.measure, self.tr("commitment") if s.kpi.source is KpiSource.COMMITMENT
                                 else self.tr("authority"), quantity(s.kpi.target, s.kpi.unit), s.kpi.due,
                                 quantity(s.delivered, s.kpi.unit), RATING_NAMES[s.latest] if s.latest
                                 else self.tr("not yet rated"),
                                 s.next_due + (self.tr(" (overdue)") if s.overdue else "")] for s in self.found])
        fit_columns(self.table, (0,))
        self.table.resizeRowsToContents()
        if previous is not None:
            for r, s in enumerate(self.found):
                if s.kpi.id == previous.kpi.id:
                    self.table.selectRow(r)
        if self.found:  # the contract's start, as recorded with its KPIs
            self.start.setText(self.found[0].kpi.start)
        elif ev.settings.get(CONTRACT_START):  # or as recorded for the notice (Setup > Notice details)
            self.start.setText(ev.settings[CONTRACT_START])
        labels, series, top = delivery_series(self.found)
        self.chart.set_data(labels, series, top)
        suppliers = {b.id: b.supplier for b in ev.bids}
        if self.found:
            self.summary.setText(self.tr("The contract{lot} with {supplier}: {n} KPIs. Each is rated at least every "
                                         "12 months (Procurement Act 2023, s.71).").format(
                lot=self.tr(" for lot {code}").format(code=lot) if lot else "",
                supplier=suppliers.get(self.found[0].kpi.bid_id, "?"), n=len(self.found)))
        else:
            self.summary.setText(self.tr("After the award, make the winner's commitments the contract's KPIs "
                                         "(each bid's commitments are under Edit > Commitments of the bid), and add "
                                         "the authority's own."))
        short = kpi_shortfall(ev, lot)
        self.shortfall.setText(short or "")
        self.shortfall.setVisible(bool(short))
        locked = self.session.contract_locked
        self.make_button.setEnabled(not locked and not any(s.kpi.source is KpiSource.COMMITMENT for s in self.found))
        self.own_button.setEnabled(not locked)
        self.notice_button.setEnabled(bool(self.found))
        self._chosen_changed()

    def chosen(self) -> KpiStatus | None:
        return chosen_item(self.table, self.found)

    def _chosen_changed(self) -> None:
        s = self.chosen()
        self.rate_box.setEnabled(s is not None and not self.session.contract_locked)
        if s is None:
            self.rate_box.setTitle(self.tr("Rate the chosen KPI"))
            return
        self.rate_box.setTitle(self.tr("Rate: {measure}").format(measure=s.kpi.measure[:60]))
        self.period_start.setText(s.next_period_start)
        if not self.period_end.text():
            self.period_end.setText(self.today.isoformat())

    def focus_default(self) -> None:
        self.table.setFocus()

    # -- edits -------------------------------------------------------------------------------------------

    def make_kpis(self) -> None:
        edit.make_kpis(self.session, self.lot(), self.start.text(), initiator=self)
        self.refresh()

    def add_own(self) -> None:
        if edit.add_authority_kpi(self.session, self.lot(), self.own_measure.text(), self.own_target.text(),
                                  self.own_unit.text(), self.own_due.text(), self.start.text(), initiator=self):
            for field in (self.own_measure, self.own_target, self.own_unit, self.own_due):
                field.clear()
        self.refresh()

    def rate(self) -> None:
        s = self.chosen()
        if s is None:
            return
        if edit.record_period(self.session, s.kpi, self.period_start.text(), self.period_end.text(), self.actual.text(),
                              self.evidence.toPlainText(), Rating(self.rating.currentData()),
                              self.reason.toPlainText(), initiator=self):
            self.actual.clear()
            self.evidence.clear()
            self.reason.clear()
            self.period_end.clear()
        self.refresh()

    def notice_dialog(self) -> None:
        from svi_desktop.ui.panels.dialogs.passphrase import confirm_plain_export

        if not confirm_plain_export(self, self.session.tf.encrypted):
            return
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the performance notice"), str(Path.home()))
        if folder:
            self.write_notice(Path(folder))

    def write_notice(self, folder: Path) -> list[Path]:
        try:
            made = flow.write_performance_notice(self.session.tf, folder, lot_code=self.lot())
        except KnownError as exc:
            self.session.report(exc)
            return []
        self.session.report_hint(self.tr("Wrote the performance notice: {files}").format(
            files=", ".join(p.name for p in made)))
        return made
