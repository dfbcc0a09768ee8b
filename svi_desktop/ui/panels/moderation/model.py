"""The moderation table for one criterion: every bid, each evaluator's score, the spread and the consensus."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from svi_desktop.domain.model import Bid, Consensus, Criterion, Evaluator, Score
from svi_desktop.domain.numbers import fmt, money
from svi_desktop.ui import theme
from svi_desktop.ui.names import evaluator_label

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
BID_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class ModerationRow:
    bid: Bid
    scores: tuple[Score | None, ...]  # one per evaluator, in column order
    consensus: Consensus | None
    excluded: tuple[str, ...] = ()  # per evaluator: why their score does not count ("" when it does)

    def counted(self) -> list[int]:
        """The values that count: an excluded evaluator's score stays on screen, struck through, but not here."""
        return [s.value for i, s in enumerate(self.scores)
                if s is not None and not (self.excluded and self.excluded[i])]

    @property
    def spread(self) -> int | None:
        values = self.counted()
        return max(values) - min(values) if len(values) >= 2 else None

    @property
    def mean(self) -> Fraction | None:
        values = self.counted()
        return Fraction(sum(values), len(values)) if values else None


class ModerationModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[ModerationRow] = []
        self.evaluators: list[Evaluator] = []
        self.criterion: Criterion | None = None
        self.spread_threshold: Fraction = Fraction(0)
        self.anonymous = False
        self.show_prices = True

    # columns: bid, [price], evaluators..., mean, spread, consensus, note
    def _layout(self) -> list[str]:
        cols = ["bid"]
        if self.show_prices:
            cols.append("price")
        cols += [f"e{i}" for i in range(len(self.evaluators))]
        return [*cols, "mean", "spread", "consensus", "note"]

    def load(self, rows: list[ModerationRow], evaluators: list[Evaluator], criterion: Criterion | None,
             spread_threshold: Fraction) -> None:
        self.beginResetModel()
        self.rows, self.evaluators, self.criterion = rows, evaluators, criterion
        self.spread_threshold = spread_threshold
        self.endResetModel()

    def set_presentation(self, *, anonymous: bool, show_prices: bool) -> None:
        self.beginResetModel()
        self.anonymous, self.show_prices = anonymous, show_prices
        self.endResetModel()

    def keys(self) -> list[str]:
        """What each column shows, in order: bid, price, e0…, mean, spread, consensus, note."""
        return self._layout()

    def column_of(self, key: str) -> int:
        return self._layout().index(key)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._layout())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        layout = self._layout()
        if not 0 <= section < len(layout):
            return None
        key = layout[section]
        if key.startswith("e"):
            i = int(key[1:])
            return evaluator_label(i, self.evaluators[i], self.anonymous)
        return {"bid": self.tr("Bid"), "price": self.tr("Price"), "mean": self.tr("Mean"),
                "spread": self.tr("Spread"), "consensus": self.tr("Consensus"), "note": self.tr("Moderation note")}[key]

    def disputed(self, row: ModerationRow) -> bool:
        return row.spread is not None and row.spread >= self.spread_threshold and self.spread_threshold > 0

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SORT_ROLE,
                                               BID_ROLE, Qt.ItemDataRole.BackgroundRole,
                                               Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole,
                                               Qt.ItemDataRole.TextAlignmentRole):
            return None
        layout = self._layout()
        if not (0 <= index.row() < len(self.rows) and 0 <= index.column() < len(layout)):
            return None
        row, key = self.rows[index.row()], layout[index.column()]
        if role == BID_ROLE:
            return row.bid
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return None if key in ("bid", "note") else int(Qt.AlignmentFlag.AlignCenter)
        if key == "spread" and self.disputed(row):
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(theme.colour("mark_bg")))
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(theme.colour("mark_fg")))
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        why = row.excluded[int(key[1:])] if key.startswith("e") and row.excluded else ""
        if why and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setStrikeOut(True)  # kept on record, left out of the mean, the spread and the results
            return font
        if why and role == Qt.ItemDataRole.ToolTipRole:
            return f"Excluded: {why}"
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole):
            return None
        if key == "bid":
            value = row.bid.supplier
            return value.casefold() if role == SORT_ROLE else value
        if key == "price":
            if role == SORT_ROLE:
                return float(row.bid.price) if row.bid.price is not None else -1.0
            return money(row.bid.price) if row.bid.price is not None else ""
        if key.startswith("e"):
            s = row.scores[int(key[1:])]
            if role == SORT_ROLE:
                return -1 if s is None else s.value
            if role == Qt.ItemDataRole.ToolTipRole:
                return None if s is None else _describe(s)
            if s is None:
                return "·"
            marks = ("" if s.complete else " ✎") + (" ⚑" if s.flags else "") + (" ✍" if s.on_behalf else "")
            return f"{s.value}{marks}"
        if key == "mean":
            if role == SORT_ROLE:
                return float(row.mean) if row.mean is not None else -1.0
            return fmt(row.mean) if row.mean is not None else ""
        if key == "spread":
            if role == SORT_ROLE:
                return -1 if row.spread is None else row.spread
            return "" if row.spread is None else str(row.spread)
        if key == "consensus":
            if role == SORT_ROLE:
                return -1 if row.consensus is None else row.consensus.value
            return "" if row.consensus is None else str(row.consensus.value)
        if key == "note":
            note = row.consensus.note if row.consensus else ""
            return note.casefold() if role == SORT_ROLE else note
        return None


def _describe(s: Score) -> str:
    parts = [s.rationale or "(no rationale)"]
    parts += [f"Evidence: “{c.text}”" for c in s.evidence]
    if s.flags:
        parts.append("Red flags: " + "; ".join(s.flags))
    if s.on_behalf:
        parts.append(f"Entered on the evaluator's behalf: {s.on_behalf}")
    return "\n".join(parts)


class ModerationProxy(QSortFilterProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
