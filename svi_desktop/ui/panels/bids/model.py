"""The bids table: one row per bid with its status and progress, behind a sort and filter proxy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import QApplication

from svi_desktop.domain.model import ORGANISATION_NAMES, Bid, BidStatus, Evaluation
from svi_desktop.domain.numbers import money
from svi_desktop.domain.rules import scored_criteria
from svi_desktop.ui.translate import noop
from svi_desktop.ui.widgets.tables import HeadedTableModel

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
BID_ROLE = Qt.ItemDataRole.UserRole + 2

SUPPLIER, ORG_TYPE, LOT, RECEIVED, PRICE, STATUS, RESPONSES, SCORES = range(8)
HEADERS = tuple(noop("BidsTableModel", h) for h in ("Supplier", "Organisation type", "Lot", "Received", "Price",
                                                      "Status", "Responses", "Scores"))


@dataclass(frozen=True)
class BidRow:
    bid: Bid
    responses: int
    criteria: int
    scores: int
    scores_expected: int


def bid_rows(ev: Evaluation) -> list[BidRow]:
    answerable = scored_criteria(ev.framework)
    ids = {c.id for c in answerable}
    responses: dict[str, int] = {}
    for r in ev.responses:
        if r.criterion_id in ids and r.text.strip():
            responses[r.bid_id] = responses.get(r.bid_id, 0) + 1
    scores: dict[str, int] = {}
    for s in ev.scores:
        if s.complete:
            scores[s.bid_id] = scores.get(s.bid_id, 0) + 1
    expected = len(answerable) * len(ev.evaluators)
    return [BidRow(b, responses.get(b.id, 0), len(answerable), scores.get(b.id, 0), expected) for b in ev.bids]


def status_text(bid: Bid) -> str:
    if bid.status in (BidStatus.EXCLUDED, BidStatus.WITHDRAWN) and bid.status_reason:
        return f"{bid.status.value.capitalize()}: {bid.status_reason}"
    return bid.status.value.capitalize()


class BidsTableModel(HeadedTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(HEADERS, "BidsTableModel", parent)
        self._rows: list[BidRow] = []

    def set_rows(self, rows: list[BidRow]) -> None:
        if [r.bid.id for r in rows] == [r.bid.id for r in self._rows]:
            changed = [i for i, (a, b) in enumerate(zip(self._rows, rows, strict=True)) if a != b]
            self._rows = rows
            if changed:
                self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), len(HEADERS) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def count(self) -> int:
        return len(self._rows)

    def row_of(self, bid_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.bid.id == bid_id), -1)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, SORT_ROLE, BID_ROLE, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.TextAlignmentRole):
            return None
        row = self._rows[index.row()]
        bid, col = row.bid, index.column()
        if role == BID_ROLE:
            return bid
        if role == Qt.ItemDataRole.ForegroundRole:
            if bid.out_of_competition:
                return QBrush(QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col in (PRICE, RESPONSES, SCORES):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return status_text(bid) if col == STATUS else None
        if role == SORT_ROLE:
            return {
                SUPPLIER: bid.supplier.casefold(), ORG_TYPE: bid.organisation_type.value, LOT: bid.lot,
                RECEIVED: bid.received, PRICE: float(bid.price) if bid.price is not None else -1.0,
                STATUS: bid.status.value, RESPONSES: row.responses, SCORES: row.scores,
            }[col]
        return {
            SUPPLIER: bid.supplier, ORG_TYPE: ORGANISATION_NAMES[bid.organisation_type], LOT: bid.lot,
            RECEIVED: bid.received,
            PRICE: money(bid.price) if bid.price is not None else "",
            STATUS: status_text(bid), RESPONSES: f"{row.responses} of {row.criteria}",
            SCORES: f"{row.scores} of {row.scores_expected}",
        }[col]


class BidsFilterProxy(QSortFilterProxyModel):
    """Search by any visible text; optionally show only one status."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._status: str = ""
        self._text: str = ""

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.casefold().strip()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_status(self, status: str) -> None:
        self.beginFilterChange()
        self._status = status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        bid: Bid | None = model.data(model.index(source_row, 0, source_parent), BID_ROLE)
        if bid is None:
            return False
        if self._status and bid.status.value != self._status:
            return False
        if not self._text:
            return True
        haystack = " ".join(str(model.data(model.index(source_row, c, source_parent))) for c in range(len(HEADERS)))
        return self._text in haystack.casefold()
