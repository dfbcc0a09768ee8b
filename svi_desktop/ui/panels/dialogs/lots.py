"""Edit > Lots and limits: the tender's lots, the most lots one supplier may be awarded with the rule for which it
keeps, and the criteria set for some lots only. A bid's lots are its Lot field in Bids ("1, 2")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from svi_desktop.domain.changes import ChangeKind
from svi_desktop.domain.contract import TIE_BREAK_NAMES, Lot, TieBreak
from svi_desktop.domain.lots import lot_codes, lot_limit, tie_break
from svi_desktop.domain.model import Criterion
from svi_desktop.domain.numbers import decimal_text
from svi_desktop.domain.settings import LOTS_PUBLISHED
from svi_desktop.ui.operations import contract as edit
from svi_desktop.ui.panels.dialogs.base import SessionDialog
from svi_desktop.ui.session import TenderSession
from svi_desktop.ui.widgets.fields import ChoiceBox
from svi_desktop.ui.widgets.tables import delete_key_removes

EDITABLE = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsEditable
FIXED = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled


class LotsDialog(SessionDialog):
    def __init__(self, session: TenderSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent, name="lotsDialog", size=(900, 620))
        self.setWindowTitle(self.tr("Lots and limits"))
        self.lots: list[Lot] = []
        self.criteria: list[Criterion] = []
        self._filling = False

        self.table = QTableWidget(0, 3)
        self.table.setObjectName("lotsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Code"), self.tr("Title"), self.tr("Estimated value (£)")])
        self.table.setAccessibleName(self.tr("The tender's lots"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemChanged.connect(self._lot_edited)
        delete_key_removes(self.table, self.remove_lot)
        self.code = QLineEdit()
        self.code.setObjectName("newLotCode")
        self.code.setMaxLength(40)
        self.code.setAccessibleName(self.tr("Code of the new lot"))
        self.title = QLineEdit()
        self.title.setObjectName("newLotTitle")
        self.title.setAccessibleName(self.tr("Title of the new lot"))
        self.value = QLineEdit()
        self.value.setObjectName("newLotValue")
        self.value.setAccessibleName(self.tr("Estimated value of the new lot"))
        self.add_button = QPushButton(self.tr("&Add lot"))
        self.add_button.setObjectName("addLot")
        self.add_button.clicked.connect(self.add_lot)
        for field in (self.code, self.title, self.value):
            field.returnPressed.connect(self.add_lot)
        self.remove_button = QPushButton(self.tr("&Remove lot"))
        self.remove_button.setObjectName("removeLot")
        self.remove_button.clicked.connect(self.remove_lot)
        new_row = QHBoxLayout()
        for label, field in ((self.tr("Co&de"), self.code), (self.tr("&Title"), self.title),
                             (self.tr("&Value"), self.value)):
            text = QLabel(label)
            text.setBuddy(field)
            new_row.addWidget(text)
            new_row.addWidget(field, 2 if field is self.title else 1)
        new_row.addWidget(self.add_button)
        new_row.addWidget(self.remove_button)

        self.limit = QSpinBox()
        self.limit.setObjectName("lotLimit")
        self.limit.setRange(0, 1000)
        self.limit.setSpecialValueText(self.tr("no limit"))
        self.limit.setAccessibleName(self.tr("Most lots one supplier may be awarded"))
        self.limit.editingFinished.connect(self._limit_edited)
        self.rule = ChoiceBox(self.tr("Which lots a supplier over the limit keeps"))
        self.rule.setObjectName("tieBreak")
        for rule in TieBreak:
            self.rule.addItem(TIE_BREAK_NAMES[rule], rule.value)
        self.rule.activated.connect(self._rule_chosen)
        self.published = QLineEdit()
        self.published.setObjectName("lotsPublished")
        self.published.setMaxLength(500)
        self.published.setPlaceholderText(self.tr("e.g. the tender notice, section 5.2"))
        self.published.setAccessibleName(self.tr("Where the limit and its rule are published"))
        self.published.editingFinished.connect(self._published_edited)
        limits = QGroupBox(self.tr("Limit on lots per supplier"))
        form = QFormLayout(limits)
        form.addRow(self.tr("&Most lots one supplier may win"), self.limit)
        form.addRow(self.tr("A supplier first in more &keeps"), self.rule)
        form.addRow(self.tr("&Published in"), self.published)
        form.addRow(QLabel(self.tr("Record the limit and the rule before bids are opened, as the tender notice "
                                   "states them: the Results panel applies them and says, lot by lot, who is "
                                   "awarded what and why.")))

        self.crit_table = QTableWidget(0, 2)
        self.crit_table.setObjectName("criterionLots")
        self.crit_table.setHorizontalHeaderLabels([self.tr("Criterion"), self.tr("Lots (blank: every lot)")])
        self.crit_table.setAccessibleName(self.tr("Criteria set for some lots only"))
        self.crit_table.horizontalHeader().setStretchLastSection(True)
        self.crit_table.itemChanged.connect(self._criterion_edited)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        # Return in the new lot's fields adds it (returnPressed, above); no button also takes it as the default.
        for button in (self.add_button, self.remove_button, *close.buttons()):
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("A bid's lots are its Lot field in Bids, the codes separated by commas "
                                        "(\"1, 2\"). Each lot is ranked as a tender of its own.")))
        layout.addWidget(self.table, 2)
        layout.addLayout(new_row)
        layout.addWidget(limits)
        layout.addWidget(QLabel(self.tr("Criteria for some lots only:")))
        layout.addWidget(self.crit_table, 3)
        layout.addWidget(close)
        self.refill_on(ChangeKind.FRAMEWORK, ChangeKind.SETTINGS, ChangeKind.BIDS)


    def fill(self) -> None:
        ev = self.session.evaluation()
        self._filling = True
        try:
            self.lots = sorted(ev.lots, key=lambda x: (x.position, x.code))
            self.table.setRowCount(len(self.lots))
            for r, lot in enumerate(self.lots):
                for c, (text, flags) in enumerate(((lot.code, FIXED), (lot.title, EDITABLE),
                                                   ("" if lot.value is None else decimal_text(lot.value), EDITABLE))):
                    item = QTableWidgetItem(text)
                    item.setFlags(flags)
                    self.table.setItem(r, c, item)
            self.table.resizeColumnToContents(0)
            own: dict[str, list[str]] = {}
            for x in ev.lot_criteria:
                own.setdefault(x.criterion_id, []).append(x.lot_code)
            sections = {x.id: x.position for x in ev.framework.sections}
            self.criteria = sorted(ev.framework.criteria, key=lambda c: (sections.get(c.section_id, 0), c.position,
                                                                         c.code))
            self.crit_table.setRowCount(len(self.criteria))
            for r, crit in enumerate(self.criteria):
                name = QTableWidgetItem(f"{crit.code}  {crit.title}")
                name.setFlags(FIXED)
                self.crit_table.setItem(r, 0, name)
                lots = QTableWidgetItem(", ".join(sorted(own.get(crit.id, []))))
                lots.setFlags(EDITABLE if self.lots else FIXED)
                self.crit_table.setItem(r, 1, lots)
            self.crit_table.resizeColumnToContents(0)
            self.limit.setValue(lot_limit(ev))
            self.rule.setCurrentIndex(max(0, self.rule.findData(tie_break(ev).value)))
            self.published.setText(ev.settings.get(LOTS_PUBLISHED, ""))
        finally:
            self._filling = False
        locked = self.session.locked
        for w in (self.add_button, self.remove_button, self.limit, self.rule, self.code, self.title, self.value,
                  self.published):
            w.setEnabled(not locked)

    # -- edits ---------------------------------------------------------------------------------------

    def add_lot(self) -> None:
        if edit.add_lot(self.session, self.code.text(), self.title.text(), self.value.text(), initiator=self):
            for field in (self.code, self.title, self.value):
                field.clear()
            self.code.setFocus()
        self.fill()

    def remove_lot(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        if len(rows) == 1 and rows[0] < len(self.lots):
            edit.remove_lot(self.session, self.lots[rows[0]], initiator=self)
            self.fill()

    def _lot_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.row() >= len(self.lots) or item.column() == 0:
            return
        edit.set_lot_field(self.session, self.lots[item.row()], "title" if item.column() == 1 else "value",
                           item.text(), initiator=self)
        self.fill()  # a refused value goes back to what the file holds

    def _criterion_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 1 or item.row() >= len(self.criteria):
            return
        edit.set_criterion_lots(self.session, self.criteria[item.row()], lot_codes(item.text()), initiator=self)
        self.fill()

    def _limit_edited(self) -> None:
        if not self._filling and self.limit.value() != lot_limit(self.session.evaluation()):
            edit.set_lot_limit(self.session, self.limit.value(), initiator=self)

    def _published_edited(self) -> None:
        if not self._filling and " ".join(self.published.text().split()) != \
                self.session.evaluation().settings.get(LOTS_PUBLISHED, ""):
            edit.set_lots_published(self.session, self.published.text(), initiator=self)

    def _rule_chosen(self, _index: int) -> None:
        if not self._filling:
            edit.set_tie_break(self.session, TieBreak(self.rule.currentData()), initiator=self)
