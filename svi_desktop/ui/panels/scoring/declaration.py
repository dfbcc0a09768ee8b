"""The declaration of interests an evaluator makes, bidder by bidder, before seeing any response."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from svi_desktop.domain.model import Bid

BIDDER, KIND, CONFLICT, DETAILS = range(4)


class DeclarationDialog(QDialog):
    """Every bidder listed by name and kind of organisation; for each, no conflict or a conflict with details."""

    def __init__(self, evaluator_name: str, bids: list[Bid], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("declarationDialog")
        self.setWindowTitle(self.tr("Declaration of interests"))
        self.resize(760, 420)
        self.bids = list(bids)
        intro = QLabel(self.tr(
            "{name}, before you see any bid, declare whether you have a conflict of interest with any of these "
            "bidders: a financial interest, a family or close personal link, or a current or recent role with the "
            "organisation. A conflict keeps you from scoring that bid unless the lead decides otherwise. The "
            "declaration is dated and recorded in the tender."
        ).format(name=evaluator_name))
        intro.setWordWrap(True)
        self.none = QRadioButton(self.tr("I have &no conflict of interest with any of these bidders"))
        self.conflict = QRadioButton(self.tr("I have a &conflict of interest with the bidders ticked below"))
        self.table = QTableWidget(len(self.bids), 4)
        self.table.setObjectName("declarationTable")
        self.table.setAccessibleName(self.tr("Bidders: tick each one you have a conflict with, and say what it is"))
        self.table.setHorizontalHeaderLabels([self.tr("Bidder"), self.tr("Organisation"), self.tr("Conflict"),
                                              self.tr("What the conflict is")])
        self.table.horizontalHeader().setSectionResizeMode(DETAILS, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        for row, bid in enumerate(self.bids):
            for col, text in ((BIDDER, bid.supplier), (KIND, bid.organisation_type.value)):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, col, item)
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            tick.setCheckState(Qt.CheckState.Unchecked)
            self.table.setItem(row, CONFLICT, tick)
            self.table.setItem(row, DETAILS, QTableWidgetItem(""))
        self.table.resizeColumnToContents(BIDDER)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Declare"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.none)
        layout.addWidget(self.conflict)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        for w in (self.none, self.conflict):
            w.toggled.connect(self._update)
        self.table.itemChanged.connect(lambda _item: self._update())
        self._update()

    def set_conflict(self, bid_id: str, details: str) -> None:
        """Tick a bidder and say what the conflict is (as the evaluator would, by keyboard or mouse)."""
        row = next(i for i, b in enumerate(self.bids) if b.id == bid_id)
        self.conflict.setChecked(True)
        self._cell(row, CONFLICT).setCheckState(Qt.CheckState.Checked)
        self._cell(row, DETAILS).setText(details)

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None  # every row is made with an item in each column
        return item

    def _ticked(self) -> list[int]:
        return [r for r in range(len(self.bids)) if self._cell(r, CONFLICT).checkState() == Qt.CheckState.Checked]

    def _update(self) -> None:
        conflict = self.conflict.isChecked()
        self.table.setEnabled(conflict)
        ticked = self._ticked()
        missing = [self.bids[r].supplier for r in ticked if not self._cell(r, DETAILS).text().strip()]
        if conflict and not ticked:
            self.hint.setText(self.tr("Tick each bidder you have a conflict with."))
        elif conflict and missing:
            self.hint.setText(self.tr("Say what the conflict with {name} is.").format(name=missing[0]))
        else:
            self.hint.setText("")
        self.ok_button.setEnabled(self.none.isChecked() or (conflict and bool(ticked) and not missing))

    def answer(self) -> tuple[tuple[str, str], ...]:
        """(bid id, details) for each bidder ticked; none when there is no conflict."""
        if not self.conflict.isChecked():
            return ()
        return tuple((self.bids[r].id, self._cell(r, DETAILS).text().strip()) for r in self._ticked())
