"""Edit > Commitments of the bid: what a bid promises, measurably (measure, how many of what, by when, the
evidence), linked to a local theme or an outcome of the Social Value Model. At award the winner's commitments
become the contract's KPIs (the Contract panel)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from svi_desktop.domain.changes import ChangeKind
from svi_desktop.domain.contract import Commitment
from svi_desktop.domain.lots import lot_codes
from svi_desktop.domain.model import CriterionKind
from svi_desktop.domain.numbers import decimal_text
from svi_desktop.errors import KnownError
from svi_desktop.ui.operations import contract as edit
from svi_desktop.ui.panels.dialogs.base import SessionDialog
from svi_desktop.ui.session import TenderSession
from svi_desktop.ui.widgets.build import button, named
from svi_desktop.ui.widgets.tables import (
    chosen_item,
    delete_key_removes,
    fill_table,
    one_row_at_a_time,
    read_only_table,
)
from svi_desktop.workflows.contract import model_metrics, model_outcomes


class CommitmentsDialog(SessionDialog):
    def __init__(self, session: TenderSession, bid_id: str, parent: QWidget | None = None) -> None:
        super().__init__(session, parent, name="commitmentsDialog", size=(1000, 640))
        self.setWindowTitle(self.tr("Commitments of the bid"))
        self.items: list[Commitment] = []
        self.bid_box = QComboBox()
        self.bid_box.setObjectName("commitmentBid")
        self.bid_box.setAccessibleName(self.tr("Bid whose commitments are shown"))
        self.bid_box.activated.connect(lambda _i: self.fill())
        for b in session.evaluation().bids:
            self.bid_box.addItem(b.supplier, b.id)
        self.bid_box.setCurrentIndex(max(0, self.bid_box.findData(bid_id)))

        self.table = read_only_table([self.tr("Measure"), self.tr("Promised"), self.tr("By"), self.tr("Lot"),
                                      self.tr("Theme or outcome"), self.tr("Reporting metric")])
        self.table.setObjectName("commitmentsTable")
        self.table.setAccessibleName(self.tr("The bid's commitments"))
        one_row_at_a_time(self.table)
        self.table.setWordWrap(True)
        self.table.itemSelectionChanged.connect(self._chosen_changed)
        delete_key_removes(self.table, self.remove)

        self.measure = named(QLineEdit(), "commitmentMeasure")
        self.quantity = named(QLineEdit(), "commitmentQuantity")
        self.unit = named(QLineEdit(), "commitmentUnit")
        self.due = named(QLineEdit(), "commitmentDue")
        self.due.setPlaceholderText("YYYY-MM-DD")
        self.evidence = named(QPlainTextEdit(), "commitmentEvidence")
        self.evidence.setTabChangesFocus(True)
        self.evidence.setFixedHeight(60)
        self.lot = QComboBox()
        self.lot.setObjectName("commitmentLot")
        self.theme_box = QComboBox()
        self.theme_box.setObjectName("commitmentTheme")
        # The model's reporting metrics when the model file lists them; any other metric can be typed.
        self.metric_field = QComboBox()
        self.metric_field.setEditable(True)
        self.metric_field.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.metric_field.setObjectName("commitmentMetric")
        for _id, _outcome, name in model_metrics():
            self.metric_field.addItem(name)
        self.metric_field.setCurrentIndex(-1)
        amount = QHBoxLayout()
        amount.addWidget(self.quantity, 1)
        amount.addWidget(self.unit, 2)
        form = QFormLayout()
        form.addRow(self.tr("&Measure"), self.measure)
        amount_label = QLabel(self.tr("&How many, of what"))
        amount_label.setBuddy(self.quantity)
        form.addRow(amount_label, amount)
        form.addRow(self.tr("&Delivered by"), self.due)
        form.addRow(self.tr("&Evidence of delivery"), self.evidence)
        form.addRow(self.tr("&Lot"), self.lot)
        form.addRow(self.tr("Local &theme or model outcome"), self.theme_box)
        form.addRow(self.tr("Re&porting metric"), self.metric_field)
        for label, field in ((self.tr("Measure"), self.measure), (self.tr("Quantity"), self.quantity),
                             (self.tr("Unit"), self.unit), (self.tr("Date it is delivered by"), self.due),
                             (self.tr("Evidence of delivery"), self.evidence), (self.tr("Lot"), self.lot),
                             (self.tr("Local theme or Social Value Model outcome"), self.theme_box),
                             (self.tr("Reporting metric"), self.metric_field)):
            field.setAccessibleName(label)

        self.add_button = button(self.tr("&Add as new"), self.add, name="addCommitment")
        self.save_button = button(self.tr("&Save changes"), self.save, name="saveCommitment")
        self.remove_button = button(self.tr("&Remove"), self.remove, name="removeCommitment")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        for each in close.buttons():  # Return in a field must not close the dialog
            if isinstance(each, QPushButton):
                each.setAutoDefault(False)
        for each in (self.add_button, self.save_button, self.remove_button):
            each.setAutoDefault(False)
        self.measure.returnPressed.connect(self.add)
        buttons = QHBoxLayout()
        for push in (self.add_button, self.save_button, self.remove_button):
            buttons.addWidget(push)
        buttons.addStretch(1)
        buttons.addWidget(close)
        bid_row = QHBoxLayout()
        bid_label = QLabel(self.tr("&Bid"))
        bid_label.setBuddy(self.bid_box)
        bid_row.addWidget(bid_label)
        bid_row.addWidget(self.bid_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bid_row)
        layout.addWidget(QLabel(self.tr("What the bid promises, measurably. At award, the winner's commitments "
                                        "become the contract's KPIs, rated at least every 12 months.")))
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.refill_on(ChangeKind.BIDS, ChangeKind.FRAMEWORK, ChangeKind.KPIS)

    # -- reading -----------------------------------------------------------------------------------

    def bid_id(self) -> str:
        return str(self.bid_box.currentData() or "")


    def fill(self) -> None:
        ev = self.session.evaluation()
        bid = next((b for b in ev.bids if b.id == self.bid_id()), None)
        chosen = self.chosen()
        self.items = [c for c in ev.commitments if bid is not None and c.bid_id == bid.id]
        themes = {c.id: f"{c.code} {c.title}" for c in ev.framework.criteria}
        outcomes = dict(model_outcomes())
        fill_table(self.table, [[c.measure, f"{decimal_text(c.quantity)} {c.unit}".strip(), c.due,
                                 c.lot_code or self.tr("all its lots"),
                                 themes.get(c.theme, "") or outcomes.get(c.outcome, c.outcome), c.metric]
                                for c in self.items])
        self.table.resizeRowsToContents()
        self.lot.clear()
        self.lot.addItem(self.tr("Every lot the bid is for"), "")
        for code in lot_codes(bid.lot if bid else ""):
            self.lot.addItem(code, code)
        self.theme_box.clear()
        self.theme_box.addItem(self.tr("(none)"), ("", ""))
        for c in sorted(ev.framework.criteria, key=lambda c: (c.position, c.code)):
            if c.kind is CriterionKind.SCORED:
                self.theme_box.addItem(self.tr("Local theme: {code} {title}").format(code=c.code, title=c.title),
                                       ("theme", c.id))
        for oid, name in outcomes.items():
            self.theme_box.addItem(self.tr("Social Value Model: {name}").format(name=name), ("outcome", oid))
        if chosen is not None:
            for r, item in enumerate(self.items):
                if item.id == chosen.id:
                    self.table.selectRow(r)
        locked = self.session.locked
        for w in (self.add_button, self.save_button, self.remove_button):
            w.setEnabled(not locked)
        self._chosen_changed()

    def chosen(self) -> Commitment | None:
        return chosen_item(self.table, self.items)

    def _chosen_changed(self) -> None:
        c = self.chosen()
        self.save_button.setEnabled(c is not None and not self.session.locked)
        self.remove_button.setEnabled(c is not None and not self.session.locked)
        if c is None:
            return
        self.measure.setText(c.measure)
        self.quantity.setText(decimal_text(c.quantity))
        self.unit.setText(c.unit)
        self.due.setText(c.due)
        self.evidence.setPlainText(c.evidence)
        self.lot.setCurrentIndex(max(0, self.lot.findData(c.lot_code)))
        link = ("theme", c.theme) if c.theme else ("outcome", c.outcome) if c.outcome else ("", "")
        self.theme_box.setCurrentIndex(max(0, self.theme_box.findData(link)))
        self.metric_field.setEditText(c.metric)

    def _from_form(self, base: Commitment | None) -> Commitment | None:
        try:
            quantity = Decimal(self.quantity.text().strip().replace(",", "") or "x")
        except InvalidOperation:
            self.session.report(KnownError(self.tr("Say how many, as a number, such as 12 or 2.5.")))
            self.quantity.setFocus()
            return None
        kind, ref = self.theme_box.currentData() or ("", "")
        return Commitment(base.id if base else "", self.bid_id(), self.measure.text(), quantity, self.unit.text(),
                          self.due.text(), self.evidence.toPlainText(), self.lot.currentData() or "",
                          ref if kind == "theme" else "", ref if kind == "outcome" else "",
                          self.metric_field.currentText())

    # -- edits ---------------------------------------------------------------------------------------

    def add(self) -> None:
        c = self._from_form(None)
        if c is not None and edit.add_commitment(self.session, c, initiator=self):
            for field in (self.measure, self.quantity, self.unit, self.due):
                field.clear()
            self.metric_field.setCurrentIndex(-1)
            self.metric_field.setEditText("")
            self.evidence.clear()
            self.measure.setFocus()
        self.fill()

    def save(self) -> None:
        base = self.chosen()
        c = self._from_form(base)
        if base is not None and c is not None:
            edit.update_commitment(self.session, c, initiator=self)
            self.fill()

    def remove(self) -> None:
        c = self.chosen()
        if c is not None:
            edit.remove_commitment(self.session, c, initiator=self)
            self.fill()
