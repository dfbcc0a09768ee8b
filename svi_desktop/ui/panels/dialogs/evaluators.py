"""The panel of evaluators with every declaration (the lead's view), and the returns collected from them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from svi_desktop.domain.award import person_key
from svi_desktop.domain.changes import ChangeKind
from svi_desktop.domain.model import BidConflict, ConflictManagement, Evaluator
from svi_desktop.ui.operations import evaluators as edit
from svi_desktop.ui.panels.dialogs.base import SessionDialog
from svi_desktop.ui.session import Notice, TenderSession
from svi_desktop.ui.translate import noop, translated
from svi_desktop.ui.widgets.tables import chosen_item, delete_key_removes, fill_table, read_only_table
from svi_desktop.workflows import packs
from svi_desktop.workflows.packs import Return


def declaration_text(e: Evaluator) -> str:
    d = e.declaration
    if d is None:
        return "Not yet declared"
    when = d.declared_at[:10]
    if not d.conflict:
        return f"No conflict of interest ({when})"
    if d.conflicts:
        return f"Conflict declared ({when}) with {len(d.conflicts)} bidder(s): {d.details}"
    return f"Conflict declared ({when}): {d.details} Managed by: {d.management}"


class EvaluatorsDialog(SessionDialog):
    COLUMNS = tuple(noop("EvaluatorsDialog", c) for c in ("Name", "Role", "Organisation", "Declaration"))

    def __init__(self, session: TenderSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent, name="evaluatorsDialog", size=(960, 420))
        self.evaluators: list[Evaluator] = []  # in the table's order, from fill()
        self.setWindowTitle(self.tr("Evaluators and their declarations"))
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("evaluatorsTable")
        self.table.setHorizontalHeaderLabels([translated("EvaluatorsDialog", c) for c in self.COLUMNS])
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.itemChanged.connect(self._edited)
        self.add_button = QPushButton(self.tr("&Add evaluator"))
        self.add_button.clicked.connect(self.add)
        self.add_button.setEnabled(not session.locked)
        self.remove_button = QPushButton(self.tr("&Remove evaluator"))
        self.remove_button.setObjectName("removeEvaluatorButton")
        self.remove_button.setToolTip(self.tr("Remove the chosen evaluator, if they have recorded nothing (Delete)"))
        self.remove_button.clicked.connect(self.remove)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        delete_key_removes(self.table, self.remove)
        self.order: list[str] = []  # the rows stay where they are while the dialog is open; new ones go last
        row = self.close_row(self.add_button, self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Each evaluator declares before seeing any response. Names, roles and "
                                        "organisations can be edited here; declarations are made by the evaluators.")))
        layout.addWidget(self.table, 1)
        self.conflicts = read_only_table([self.tr("Evaluator"), self.tr("Bidder"), self.tr("Conflict declared"),
                                          self.tr("The lead's decision")])
        self.conflicts.setObjectName("conflictsTable")
        self.conflicts.setAccessibleName(self.tr("Declared conflicts and the lead's decision on each"))
        self.conflicts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.conflicts.itemSelectionChanged.connect(self._update_buttons)
        self.exclude_button = QPushButton(self.tr("E&xclude from the bid"))
        self.exclude_button.setObjectName("excludeButton")
        self.exclude_button.clicked.connect(lambda: self.decide(ConflictManagement.EXCLUDED))
        self.allow_button = QPushButton(self.tr("&May score it…"))
        self.allow_button.setObjectName("allowButton")
        self.allow_button.clicked.connect(self.allow_dialog)
        decide_row = QHBoxLayout()
        decide_row.addWidget(self.exclude_button)
        decide_row.addWidget(self.allow_button)
        decide_row.addStretch(1)
        layout.addWidget(QLabel(self.tr("Declared conflicts: an evaluator is excluded from the bid unless you decide "
                                        "they may score it, with the reason (both are recorded).")))
        layout.addWidget(self.conflicts, 1)
        layout.addLayout(decide_row)
        layout.addLayout(row)
        session.changed.connect(self._on_change)  # a bound slot: Qt disconnects it when the dialog goes
        self.fill()

    def _on_change(self, notice: Notice) -> None:
        if notice.kind is ChangeKind.EVALUATORS and notice.initiator is not self:
            self.fill()

    def fill(self) -> None:
        current = self.evaluators[self.table.currentRow()].id if 0 <= self.table.currentRow() < len(
            self.evaluators) else None
        found = {e.id: e for e in self.session.evaluation().evaluators}
        self.order = [i for i in self.order if i in found] + [i for i in found if i not in self.order]
        self.evaluators = [found[i] for i in self.order]
        blocked = self.table.blockSignals(True)
        self.table.setRowCount(len(self.evaluators))
        for r, e in enumerate(self.evaluators):
            for c, value in enumerate((e.name, e.role, e.organisation, declaration_text(e))):
                item = QTableWidgetItem(value)
                if c == 3 or self.session.locked:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()  # a handful of rows: wrap the declarations
        if current in self.order:
            self.table.setCurrentCell(self.order.index(current), max(self.table.currentColumn(), 0))
        self.table.blockSignals(blocked)
        bids = {b.id: b for b in self.session.evaluation().bids}
        self.declared = [(e, c) for e in self.evaluators if e.declaration is not None for c in e.declaration.conflicts
                         if c.bid_id in bids]
        fill_table(self.conflicts, [
            [e.name, bids[c.bid_id].supplier, c.details,
             self.tr("Excluded from the bid") if c.excluded else self.tr("May score it: {reason}").format(
                 reason=c.reason)] for e, c in self.declared])
        self._update_buttons()

    def _chosen(self) -> tuple[Evaluator, BidConflict] | None:
        return chosen_item(self.conflicts, self.declared)

    def _chosen_evaluator(self) -> Evaluator | None:
        rows = {i.row() for i in self.table.selectedIndexes()} or {self.table.currentRow()}
        row = rows.pop() if len(rows) == 1 else -1
        return self.evaluators[row] if 0 <= row < len(self.evaluators) else None

    def remove(self) -> bool:
        chosen = self._chosen_evaluator()
        if chosen is None or self.session.locked:
            return False
        if edit.remove_evaluator(self.session, chosen, initiator=self) is None:
            return False
        self.fill()
        return True

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self._chosen_evaluator() is not None and not self.session.locked)
        chosen = self._chosen()
        editable = chosen is not None and not self.session.locked
        self.exclude_button.setEnabled(editable and chosen is not None and not chosen[1].excluded)
        self.allow_button.setEnabled(editable and chosen is not None and chosen[1].excluded)

    def allow_dialog(self) -> None:
        reason, ok = QInputDialog.getMultiLineText(
            self, self.tr("May score despite the conflict"),
            self.tr("Why may this evaluator score the bid despite the conflict? The reason is recorded and printed "
                    "in the report."))
        if ok:
            self.decide(ConflictManagement.MAY_SCORE, reason)

    def decide(self, management: ConflictManagement, reason: str = "") -> bool:
        chosen = self._chosen()
        if chosen is None:
            return False
        evaluator, conflict = chosen
        bid = next(b for b in self.session.evaluation().bids if b.id == conflict.bid_id)
        if edit.manage_conflict(self.session, evaluator, bid, management, reason) is None:
            return False
        self.fill()
        return True

    def _edited(self, item: QTableWidgetItem) -> None:
        e = self.evaluators[item.row()]
        field = ("name", "role", "organisation")[item.column()]
        old, new = getattr(e, field), item.text().strip()
        if old == new:
            return
        edit.set_evaluator_field(self.session, e, field, new, initiator=self)
        self.fill()  # in place: the row stays where it was

    def add(self, name: str = "") -> None:
        if not name:  # a placeholder to type over, named as nobody on the panel is
            taken = {person_key(e.name) for e in self.session.evaluation().evaluators}
            name = next(n for n in (self.tr("New evaluator"), *(self.tr("New evaluator {n}").format(n=i)
                                                                for i in range(2, 10_000)))
                        if person_key(n) not in taken)
        added = edit.add_evaluator(self.session, name, initiator=self)
        self.fill()
        if added is not None:
            row = self.order.index(added.result.id)
            self.table.setCurrentCell(row, 0)
            item = self.table.item(row, 0)
            if item is not None:
                self.table.editItem(item)


class ReturnsDialog(SessionDialog):
    """Every return collected, with the conflicts waiting for the lead's decision."""

    def __init__(self, session: TenderSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent, name="returnsDialog", size=(900, 380))
        self.setWindowTitle(self.tr("Returns from evaluators"))
        self.table = read_only_table([self.tr("Evaluator"), self.tr("Pack"), self.tr("Submitted"), self.tr("Collected"),
                                      self.tr("Scores"), self.tr("Status")])
        self.table.setObjectName("returnsTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.accept_button = QPushButton(self.tr("&Accept this return"))
        self.reject_button = QPushButton(self.tr("&Keep the earlier return"))
        self.accept_button.clicked.connect(lambda: self.decide(True))
        self.reject_button.clicked.connect(lambda: self.decide(False))
        row = self.close_row(self.accept_button, self.reject_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("A second, different return from an evaluator waits here as a conflict; "
                                        "both returns stay on record whichever is kept.")))
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.fill()

    def fill(self) -> None:
        names = {e.id: e.name for e in self.session.evaluation().evaluators}
        self.returns = packs.returns(self.session.tf)
        fill_table(self.table, [[names.get(ret.evaluator_id, "?"), ret.source, ret.submitted_at[:16].replace("T", " "),
                                 ret.collected_at[:16].replace("T", " "), str(len(ret.scores)), ret.status]
                                for ret in self.returns])
        self._update_buttons()

    def _selected(self) -> Return | None:
        return chosen_item(self.table, self.returns)

    def _update_buttons(self) -> None:
        chosen = self._selected()
        pending = chosen is not None and chosen.status == "conflict" and not self.session.locked
        self.accept_button.setEnabled(pending)
        self.reject_button.setEnabled(pending)

    def decide(self, accept: bool) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        # The lead's decision is recorded, not undone: both returns stay on record either way.
        if edit.resolve_return(self.session, chosen.id, accept) is not None:
            self.fill()
