"""The ranking as a table: rank, bid, gate outcome, section subtotals and total."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from svi_desktop.domain.model import Section
from svi_desktop.domain.numbers import fmt
from svi_desktop.domain.scoring import BidResult

BID_ROLE = Qt.ItemDataRole.UserRole + 2


class ResultsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.results: list[BidResult] = []
        self.sections: list[Section] = []
        self.names: dict[str, str] = {}  # bid id -> what to call it: the supplier, or "Bid A" when anonymised

    def load(self, results: list[BidResult], sections: list[Section], names: dict[str, str] | None = None) -> None:
        self.beginResetModel()
        self.results, self.sections, self.names = results, sections, names or {}
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.results)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4 + len(self.sections)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole heading, where a narrow column elides it
            role = Qt.ItemDataRole.DisplayRole
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if section in (0, 1, 2):
            return (self.tr("Rank"), self.tr("Bid"), self.tr("Gates"))[section]
        if 3 <= section < 3 + len(self.sections):
            s = self.sections[section - 3]
            return f"{s.name} ({fmt(s.share, 0)}%)"
        if section == 3 + len(self.sections):
            return self.tr("Total")
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.results)):
            return None
        r, col = self.results[index.row()], index.column()
        if role == BID_ROLE:
            return r.bid
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter) if col >= 3 or col == 0 else None
        if role == Qt.ItemDataRole.ToolTipRole and col == 2:
            return r.reason_not_ranked or self.tr("Passes every qualification gate")
        if role == Qt.ItemDataRole.ToolTipRole and col == 1:
            return self.names.get(r.bid.id, r.bid.supplier)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == 0:
            return "" if r.rank is None else str(r.rank)
        if col == 1:
            return self.names.get(r.bid.id, r.bid.supplier)
        if col == 2:
            return self.tr("Pass") if not r.gate_failures else self.tr("Fail")
        if 3 <= col < 3 + len(self.sections):
            return fmt(r.sections[self.sections[col - 3].id])
        if col == 3 + len(self.sections):
            return fmt(r.total)
        return None
