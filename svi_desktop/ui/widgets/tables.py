"""Small read-only tables filled from rows of text (results, returns, the import preview)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QTableView, QTableWidget, QTableWidgetItem

from svi_desktop.ui.translate import translated

T = TypeVar("T")


def one_row_at_a_time(table: QAbstractItemView) -> None:
    """Whole rows are chosen, one at a time: a list of things to act on (a KPI, a commitment, a question)."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)


def chosen_item(table: QAbstractItemView, items: Sequence[T]) -> T | None:
    """The item on the one row chosen; None when no row, or more than one, is chosen."""
    rows = {i.row() for i in table.selectedIndexes()}
    row = rows.pop() if len(rows) == 1 else -1
    return items[row] if 0 <= row < len(items) else None


def read_only_table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    for i, text in enumerate(headers):
        item = t.horizontalHeaderItem(i)
        if item is not None:
            item.setToolTip(text)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def fill_table(t: QTableWidget, rows: list[list[str]]) -> None:
    t.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            t.setItem(r, c, QTableWidgetItem(v))
    t.resizeColumnsToContents()  # as wide as the heading or the widest value, so no heading is clipped


SAMPLED_ROWS = 60


def fit_columns(t: QTableView, flexible: tuple[int, ...], *, least: int = 9) -> None:
    """Columns as wide as their contents, then, where they would overrun the view (large type on a projector),
    the `flexible` ones (names, notes) give up width, down to `least` characters each, so the figures stay in
    view without scrolling sideways. Their text is elided and the whole of it is in the tooltip."""
    # Measured on the rows in view and a sample of the others, not every row: at 800 bids, measuring every cell
    # of the ranking held the window a quarter of a second after each change (issue 29, the scale table).
    t.horizontalHeader().setResizeContentsPrecision(SAMPLED_ROWS)
    t.resizeColumnsToContents()
    header = t.horizontalHeader()
    shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    bold = QFont(header.font())
    bold.setBold(True)  # a style may draw headings bold while measuring them plain: measure the wider
    metrics = QFontMetrics(bold)
    model = t.model()
    for c in shown:
        heading = str(model.headerData(c, Qt.Orientation.Horizontal) or "") if model is not None else ""
        need = metrics.horizontalAdvance(heading) + metrics.horizontalAdvance("xxxx")  # padding and sort arrow
        if c not in flexible and header.sectionSize(c) < need:
            header.resizeSection(c, need)
    room = t.viewport().width() or t.width()
    excess = sum(header.sectionSize(c) for c in shown) - room + 2  # rounding must not leave a scroll bar
    if excess <= 0:
        return
    floor = t.fontMetrics().horizontalAdvance("x" * least)
    give = {c: max(0, header.sectionSize(c) - floor) for c in flexible if c in shown}
    spare = sum(give.values())
    if not spare:
        return
    for c, can in give.items():
        header.resizeSection(c, header.sectionSize(c) - min(can, -(-excess * can // spare)))


class _Refit(QObject):
    def __init__(self, table: QTableView, flexible: Callable[[], tuple[int, ...]]) -> None:
        super().__init__(table)
        self.table, self.flexible = table, flexible

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.Show):
            fit_columns(self.table, self.flexible())
        return False


def keep_fitted(table: QTableView, flexible: Callable[[], tuple[int, ...]]) -> None:
    """Fit the columns again whenever the view changes width (a splitter, the window) or its type changes size
    (zoom, presentation mode: a style sheet's font arrives after the change that set it)."""
    table.viewport().installEventFilter(_Refit(table, flexible))


class _DeleteRemoves(QObject):
    def __init__(self, table: QAbstractItemView, remove: Callable[[], object]) -> None:
        super().__init__(table)
        self.table, self.remove = table, remove

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Delete
                and self.table.state() != QAbstractItemView.State.EditingState):
            self.remove()
            return True
        return False


def delete_key_removes(table: QAbstractItemView, remove: Callable[[], object]) -> None:
    """Delete on the table (not while a cell is being edited) calls `remove`: the row chosen goes, as its Remove
    button would take it."""
    table.installEventFilter(_DeleteRemoves(table, remove))


class HeadedTableModel(QAbstractTableModel):
    """A flat table with fixed column headings, translated in the model's context: the subclass says how many rows
    it has (`count`) and what each cell holds (`data`)."""

    def __init__(self, headers: Sequence[str], context: str, parent: Any = None) -> None:
        super().__init__(parent)
        self._headers, self._context = tuple(headers), context

    def count(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.count()

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self._headers)):
            return translated(self._context, self._headers[section])
        return None
