"""The audit trail as a table, each change in words (the decision record): who, when, what, from, to, why."""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from svi_desktop.domain.audit import AuditRow
from svi_desktop.domain.decisions import Decision
from svi_desktop.ui import theme
from svi_desktop.ui.translate import noop
from svi_desktop.ui.widgets.tables import HeadedTableModel

HEADERS = tuple(noop("AuditModel", h) for h in ("#", "When (UTC)", "Who", "What", "From", "To", "Why"))


def _short(text: str | None, limit: int = 160) -> str:
    if not text:
        return ""
    return text if len(text) <= limit else text[:limit] + "…"


class AuditModel(HeadedTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(HEADERS, "AuditModel", parent)
        self.rows: list[AuditRow] = []
        self.decisions: list[Decision] = []
        self.broken_seq: int | None = None

    def count(self) -> int:
        return len(self.rows)

    def load(self, rows: list[AuditRow], decisions: list[Decision], broken_seq: int | None) -> None:
        self.beginResetModel()
        self.rows, self.decisions, self.broken_seq = rows, decisions, broken_seq
        self.endResetModel()

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.BackgroundRole and self.broken_seq is not None and r.seq >= self.broken_seq:
            from PySide6.QtGui import QBrush, QColor

            return QBrush(QColor(theme.colour("flag_bg")))
        d = self.decisions[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() >= 3:
            return _short((d.what, d.before, d.after, d.why)[index.column() - 3], 2000)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole):
            return None
        values = (r.seq, r.at[:19].replace("T", " "), d.who, d.what, _short(d.before), _short(d.after),
                  _short(d.why))
        value = values[index.column()]
        return value if role == Qt.ItemDataRole.UserRole or index.column() == 0 else str(value)


class AuditFilter(QSortFilterProxyModel):
    """Rows by one person (or anyone) containing the words typed, in any column."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(Qt.ItemDataRole.UserRole)
        self.who = ""
        self.text = ""

    def set_filter(self, who: str, text: str) -> None:
        self.beginFilterChange()
        self.who, self.text = who, text.casefold().strip()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = cast(AuditModel, self.sourceModel())  # set once, to the audit model
        r, d = model.rows[source_row], model.decisions[source_row]
        if self.who and r.actor != self.who:
            return False
        if not self.text:
            return True
        return self.text in " ".join((str(r.seq), r.at, d.who, d.what, d.before, d.after, d.why,
                                      r.old or "", r.new or "")).casefold()
