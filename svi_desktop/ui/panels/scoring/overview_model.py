"""One evaluator's scores as a grid: bids down, criteria across, coloured by score, with live gate status."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from svi_desktop.domain.model import Bid, Criterion, Score
from svi_desktop.domain.scale import ScoringScale
from svi_desktop.ui import theme

GATE_COLUMN = 0
BID_ROLE = Qt.ItemDataRole.UserRole + 2
CRITERION_ROLE = Qt.ItemDataRole.UserRole + 3


def gate_status(bid: Bid, gates: list[Criterion], scores: dict[tuple[str, str], Score]) -> tuple[str, bool | None]:
    """(text, passing): from this evaluator's own scores only. None means not every gate is scored yet."""
    failing = []
    unscored = 0
    for c in gates:
        s = scores.get((bid.id, c.id))
        if s is None:
            unscored += 1
        elif c.threshold is not None and s.value < c.threshold:
            failing.append(f"{c.code} {c.title}")
    if failing:
        return "Failing: " + ", ".join(failing), False
    if unscored:
        return f"{unscored} gates not scored", None
    return "Passes every gate", True


class OverviewModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.bids: list[Bid] = []
        self.criteria: list[Criterion] = []
        self.gates: list[Criterion] = []
        self.scores: dict[tuple[str, str], Score] = {}
        self.scale: ScoringScale | None = None
        self._row: dict[str, int] = {}
        self._col: dict[str, int] = {}
        self._complete: dict[tuple[str, str], bool] = {}
        self._done = 0
        self.owed: set[str] = set()  # the bids this evaluator scores: in competition, and no conflict excludes them

    def load(self, bids: list[Bid], criteria: list[Criterion], scale: ScoringScale,
             scores: dict[tuple[str, str], Score], owed: set[str] | None = None) -> None:
        self.beginResetModel()
        self.bids, self.criteria, self.scale, self.scores = bids, criteria, scale, scores
        self.owed = {b.id for b in bids} if owed is None else owed
        self.gates = [c for c in criteria if c.threshold is not None]
        self._row = {b.id: i for i, b in enumerate(bids)}
        self._col = {c.id: i + 1 for i, c in enumerate(criteria)}
        # Whether each of this evaluator's scores is complete, so that a key press updates the progress by one
        # score instead of counting them all (which grew with the tender: 15 ms a key press at 800 bids).
        self._complete = {(b, c): s.complete for (b, c), s in scores.items() if b in self.owed and c in self._col}
        self._done = sum(self._complete.values())
        self.endResetModel()

    def score_changed(self, bid_id: str, criterion_id: str) -> None:
        """The cache (shared with the panel) already holds the new score: repaint its cell and the gate."""
        r, c = self._row.get(bid_id), self._col.get(criterion_id)
        if r is None or c is None:
            return
        key = (bid_id, criterion_id)
        self._done -= self._complete.pop(key, False)
        score = self.scores.get(key)
        if score is not None and bid_id in self.owed:
            self._complete[key] = score.complete
            self._done += score.complete
        self.dataChanged.emit(self.index(r, c), self.index(r, c))
        self.dataChanged.emit(self.index(r, GATE_COLUMN), self.index(r, GATE_COLUMN))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.bids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.criteria) + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if section == GATE_COLUMN:
                return self.tr("Gates") if role == Qt.ItemDataRole.DisplayRole else None
            if 0 < section <= len(self.criteria):
                c = self.criteria[section - 1]
                if role == Qt.ItemDataRole.DisplayRole:
                    return c.code
                if role == Qt.ItemDataRole.ToolTipRole:
                    return c.title
        elif role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.bids):
            return self.bids[section].supplier
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole,
                                               Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole,
                                               Qt.ItemDataRole.ForegroundRole, BID_ROLE, CRITERION_ROLE):
            return None
        r, col = index.row(), index.column()
        if not (0 <= r < len(self.bids)) or not (0 <= col <= len(self.criteria)):
            return None
        bid = self.bids[r]
        if role == BID_ROLE:
            return bid
        if col == GATE_COLUMN:
            text, passing = gate_status(bid, self.gates, self.scores)
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return text
            if role == Qt.ItemDataRole.BackgroundRole and passing is False:
                return QBrush(QColor(theme.colour("flag_bg")))
            if role == Qt.ItemDataRole.ForegroundRole and passing is False:
                return QBrush(QColor(theme.colour("flag_fg")))
            return None
        crit = self.criteria[col - 1]
        if role == CRITERION_ROLE:
            return crit
        score = self.scores.get((bid.id, crit.id))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.DisplayRole:
            if score is None:
                return "·"
            return f"{score.value}" if score.complete else f"{score.value} ✎"
        if role == Qt.ItemDataRole.ToolTipRole:
            if score is None:
                return self.tr("Not scored")
            return self.tr("Incomplete: no rationale yet") if not score.complete else score.rationale[:300]
        if role == Qt.ItemDataRole.BackgroundRole and score is not None and self.scale is not None:
            share = (score.value - self.scale.minimum) / ((self.scale.maximum - self.scale.minimum) or 1)
            # From a pale red through pale yellow to a pale green: readable with dark text in either theme.
            red = int(244 - 60 * share) if share > 0.5 else 244
            green = int(199 + 40 * min(share * 2, 1))
            return QBrush(QColor(red, green, 195))
        if role == Qt.ItemDataRole.ForegroundRole and score is not None:
            return QBrush(QColor("#202020"))
        return None

    def progress(self) -> tuple[int, int, int]:
        """(complete, incomplete, total) for this evaluator: of the bids they score, not those a conflict excludes
        them from or that are out of the competition."""
        total = len(self.owed) * len(self.criteria)
        return self._done, len(self._complete) - self._done, total
