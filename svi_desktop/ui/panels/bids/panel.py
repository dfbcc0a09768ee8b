"""The Bids panel: the list of bids with their status and progress, and the selected bid's detail."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svi_desktop.domain.changes import ChangeKind
from svi_desktop.domain.model import Bid, BidStatus, new_id
from svi_desktop.errors import KnownError
from svi_desktop.ui.dialogs import ask, show_error
from svi_desktop.ui.operations import bids as edit
from svi_desktop.ui.panels.base import Panel
from svi_desktop.ui.panels.bids.detail import BidDetail
from svi_desktop.ui.panels.bids.import_preview import ImportPreview
from svi_desktop.ui.panels.bids.model import (
    BID_ROLE,
    LOT,
    ORG_TYPE,
    SUPPLIER,
    BidsFilterProxy,
    BidsTableModel,
    bid_rows,
)
from svi_desktop.ui.session import TenderSession
from svi_desktop.ui.widgets.fields import scrolling
from svi_desktop.ui.widgets.tables import fit_columns, keep_fitted, one_row_at_a_time
from svi_desktop.workflows import bids


class BidsPanel(Panel):
    listens_to = frozenset({ChangeKind.TENDER, ChangeKind.BIDS, ChangeKind.RESPONSES, ChangeKind.SCORES, ChangeKind.FRAMEWORK,
                            ChangeKind.EVALUATORS, ChangeKind.DOCUMENTS})

    def __init__(self, session: TenderSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("bidsPanel")
        self.model = BidsTableModel(self)
        self.proxy = BidsFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit()
        self.search.setObjectName("bidSearch")
        self.search.setPlaceholderText(self.tr("Search bids…"))
        self.search.setAccessibleName(self.tr("Search bids"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName(self.tr("Show bids with status"))
        self.status_filter.addItem(self.tr("All statuses"), "")
        for s in BidStatus:
            self.status_filter.addItem(s.value.capitalize(), s.value)
        self.status_filter.currentIndexChanged.connect(lambda _i: self.proxy.set_status(self.status_filter.currentData()))

        self.table = QTableView()
        self.table.setObjectName("bidsTable")
        self.table.setAccessibleName(self.tr("Bids"))
        self.table.setModel(self.proxy)
        # The tender's own order, as in Scoring, Moderation and every export; a heading click sorts, and a third
        # click on it returns to the tender's order.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setSortIndicatorClearable(True)
        self.table.setSortingEnabled(True)
        one_row_at_a_time(self.table)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setStretchLastSection(True)
        keep_fitted(self.table, lambda: (SUPPLIER, ORG_TYPE))  # every column in view; long names give way
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())

        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            ("add", self.tr("Add &bid…"), self.add_dialog),
            ("compliant", self.tr("Mark &compliant"), lambda: self.set_status(BidStatus.COMPLIANT)),
            ("exclude", self.tr("E&xclude…"), lambda: self.status_dialog(BidStatus.EXCLUDED)),
            ("withdraw", self.tr("&Withdraw…"), lambda: self.status_dialog(BidStatus.WITHDRAWN)),
            ("reinstate", self.tr("Reinstate"), lambda: self.set_status(BidStatus.RECEIVED)),
            ("remove", self.tr("Remove"), self.remove),
            ("import", self.tr("&Import bids…"), self.import_dialog),
            ("template", self.tr("Save bid template…"), self.template_dialog),
        ):
            button = QPushButton(text)
            button.setObjectName(f"bids_{key}")
            button.clicked.connect(slot)
            self.buttons[key] = button
        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addWidget(self.status_filter)
        top.addWidget(self.buttons["add"])
        actions = QHBoxLayout()
        for key in ("compliant", "exclude", "withdraw"):
            actions.addWidget(self.buttons[key])
        actions.addStretch(1)
        sheets = QHBoxLayout()
        for key in ("reinstate", "remove", "import", "template"):
            sheets.addWidget(self.buttons[key])
        sheets.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(actions)
        left_layout.addLayout(sheets)

        self.detail = BidDetail(session)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(scrolling(self.detail))
        self.splitter.setSizes([700, 600])
        self.gate = QLabel(self.tr("The bids are shown once you have declared your interests, bidder by bidder "
                                   "(Scoring panel, Declare interests)."))
        self.gate.setObjectName("bidsGate")
        self.gate.setWordWrap(True)
        self.gate.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.gate)
        layout.addWidget(self.splitter, 1)
        self.refresh_when_shown()

    # -- showing ---------------------------------------------------------------

    def refresh(self) -> None:
        selected = self.current_bid()
        ev = self.session.evaluation()
        hidden = self.session.is_pack and not self.session.pack_declared
        self.gate.setVisible(hidden)  # nothing of any bid before the evaluator has declared
        self.splitter.setVisible(not hidden)
        self.model.set_rows([] if hidden else bid_rows(ev))
        # Lots are shown only where the tender has them.
        self.table.setColumnHidden(LOT, not any(b.lot for b in ev.bids))
        fit_columns(self.table, (SUPPLIER, ORG_TYPE))
        if selected is not None:
            self.select(selected.id)
        elif self.proxy.rowCount():
            self.table.selectRow(0)
        self._show_current()

    def current_bid(self) -> Bid | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid():
            return None
        bid = self.proxy.data(index, BID_ROLE)
        # The proxy's row may show an old copy: take the bid as the file now has it.
        return next((b for b in self.session.evaluation().bids if bid and b.id == bid.id), None)

    def select(self, bid_id: str) -> None:
        row = self.model.row_of(bid_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def _show_current(self) -> None:
        bid = self.current_bid()
        self.detail.show_bid(bid)
        editable = not self.session.locked
        self.buttons["add"].setEnabled(editable)
        self.buttons["import"].setEnabled(editable)
        for key in ("compliant", "exclude", "withdraw", "reinstate", "remove"):
            self.buttons[key].setEnabled(editable and bid is not None)
        if bid is not None:
            self.buttons["compliant"].setEnabled(editable and bid.status is not BidStatus.COMPLIANT)
            self.buttons["reinstate"].setEnabled(editable and bid.out_of_competition)

    # -- changing --------------------------------------------------------------

    def add_dialog(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Add a bid"), self.tr("Supplier's name:"))
        if ok and name.strip():
            self.add(name)

    def add(self, supplier: str) -> bool:
        applied = edit.add_bid(self.session, Bid(new_id(), supplier.strip()), initiator=self)
        if applied is None:
            return False
        self.select(applied.result.id)
        return True

    def status_dialog(self, status: BidStatus) -> None:
        bid = self.current_bid()
        if bid is None:
            return
        label = (self.tr("Why is the bid from {s} excluded? The reason is recorded and shown with the bid.")
                 if status is BidStatus.EXCLUDED else self.tr("Why was the bid from {s} withdrawn (optional)?"))
        reason, ok = QInputDialog.getMultiLineText(self, self.tr("{what} bid").format(what=status.value.capitalize()),
                                                   label.format(s=bid.supplier))
        if ok:
            self.set_status(status, reason)

    def set_status(self, status: BidStatus, reason: str = "") -> bool:
        bid = self.current_bid()
        if bid is None:
            return False
        return edit.set_status(self.session, bid, status, reason, initiator=self) is not None

    def remove(self) -> None:
        bid = self.current_bid()
        if bid is None:
            return
        counts = bids.bid_dependents(self.session.tf, bid.id)
        if any(counts.values()):
            message = self.tr(
                "Remove the bid from {s}? Its {responses} responses, {scores} scores, {consensus} consensus scores and "
                "{documents} documents will be removed with it. Undo puts them back."
            ).format(s=bid.supplier, **counts)
            if not ask(self, self.tr("Remove bid"), message, yes=self.tr("Remove")):
                return
        edit.remove_bid(self.session, bid, initiator=self)

    def template_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save bid template"), "bid-template.xlsx",
                                              self.tr("Excel workbook (*.xlsx)"))
        if path:
            self.save_template(Path(path))

    def save_template(self, path: Path) -> bool:
        from svi_desktop.exports.bid_template import write_bid_template  # openpyxl loads only when needed

        ev = self.session.evaluation()
        try:
            write_bid_template(ev.framework, path, ev.tender.title, tuple(lot.code for lot in ev.lots))
        except KnownError as exc:
            show_error(self, exc.message)
            return False
        self.session.hinted.emit(self.tr("Saved the bid template as {p}").format(p=path))
        return True

    def import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import bids"), "", self.tr("Spreadsheets (*.xlsx *.csv)"))
        if path:
            self.import_sheet(Path(path))

    def import_sheet(self, path: Path) -> bool:
        """Read the sheet, show every problem or the bids to add; write only when the user confirms."""
        try:
            sheet = bids.read_sheet(self.session.tf, path)
        except KnownError as exc:
            show_error(self, exc.message)
            return False
        preview = ImportPreview(sheet, self)
        if preview.exec() != QDialog.DialogCode.Accepted or not sheet.ok:
            return False
        return edit.import_sheet(self.session, sheet, path, initiator=self) is not None
