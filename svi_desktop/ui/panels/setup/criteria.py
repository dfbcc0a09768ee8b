"""The criteria tree (section > criteria) and the form that edits the selected criterion."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from svi_desktop.domain.model import Criterion, CriterionKind, Framework, SectionKind
from svi_desktop.domain.numbers import decimal_text, fmt
from svi_desktop.ui.dialogs import ask
from svi_desktop.ui.operations import framework as edit
from svi_desktop.ui.session import TenderSession
from svi_desktop.ui.widgets.fields import ChoiceBox, CommitLineEdit, CommitSpinBox, CommitTextEdit
from svi_desktop.workflows import bids

ID_ROLE = Qt.ItemDataRole.UserRole
KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # "section" or "criterion"


class CriteriaTree(QTreeWidget):
    """Drag a criterion within its section to reorder it; the move is one undoable operation."""

    def __init__(self, editor: CriteriaEditor) -> None:
        super().__init__()
        self.editor = editor
        self.setObjectName("criteriaTree")
        self.setAccessibleName(self.tr("Criteria by section"))
        self.setHeaderLabels([self.tr("Code"), self.tr("Title"), self.tr("Kind"), self.tr("Weight"),
                              self.tr("Threshold")])
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformRowHeights(True)
        self.setColumnWidth(0, 100)
        self.setColumnWidth(1, 250)
        self.setColumnWidth(2, 70)
        self.setColumnWidth(3, 60)

    def dropEvent(self, event: QDropEvent) -> None:
        dragged = self.currentItem()
        target = self.itemAt(event.position().toPoint())
        event.ignore()  # the tree is rebuilt from the file; Qt must not move items itself
        if dragged is None or target is None or dragged.data(0, KIND_ROLE) != "criterion":
            return
        parent = target if target.data(0, KIND_ROLE) == "section" else target.parent()
        if parent is None or parent is not dragged.parent():
            self.editor.session.refused.emit(self.tr("Criteria can be reordered within their section only."))
            return
        position = 0 if target is parent else parent.indexOfChild(target)
        self.editor.move_to(dragged.data(0, ID_ROLE), position)


class CriteriaEditor(QGroupBox):
    def __init__(self, session: TenderSession, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Criteria"), parent)
        self.session = session
        self.tree = CriteriaTree(self)
        self.tree.currentItemChanged.connect(lambda *_: self._show_selected())
        # At least nine rows of the tree in view; the criterion's form below scrolls on a small screen.
        self.tree.setMinimumHeight(10 * (self.tree.fontMetrics().height() + 6) + 8)

        self.add_button = QPushButton(self.tr("Add &criterion"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.up_button = QPushButton(self.tr("Move &up"))
        self.down_button = QPushButton(self.tr("Move down"))
        for b, tip in ((self.up_button, "Ctrl+Up"), (self.down_button, "Ctrl+Down"), (self.remove_button, "Delete")):
            b.setToolTip(tip)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.up_button.clicked.connect(lambda: self.move_by(-1))
        self.down_button.clicked.connect(lambda: self.move_by(1))
        for keys, slot in (("Ctrl+Up", lambda: self.move_by(-1)), ("Ctrl+Down", lambda: self.move_by(1)),
                           (QKeySequence.StandardKey.Delete, self.remove)):
            shortcut = QShortcut(QKeySequence(keys), self.tree)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(b)
        buttons.addStretch(1)

        self.code = CommitLineEdit(self.tr("Criterion code"))
        self.title_edit = CommitLineEdit(self.tr("Criterion title"))
        self.kind = ChoiceBox(self.tr("Criterion kind"))
        self.kind.addItem(self.tr("Qualification gate (pass or fail)"), CriterionKind.GATE.value)
        self.kind.addItem(self.tr("Scored"), CriterionKind.SCORED.value)
        self.weight = CommitSpinBox(self.tr("Weight within its section"), 0.01, 1000)
        self.threshold_on = QCheckBox(self.tr("Minimum threshold"))
        self.threshold = CommitSpinBox(self.tr("Minimum threshold on the scale"), 0, 100)
        self.guidance = CommitTextEdit(self.tr("Guidance for evaluators"))
        self.contrast = CommitTextEdit(self.tr("Distinguished from"))
        self.flags = CommitTextEdit(self.tr("Red flags, one per line"))
        for box in (self.guidance, self.contrast, self.flags):
            box.setMaximumHeight(90)
        self.code.setObjectName("criterionCode")
        self.title_edit.setObjectName("criterionTitle")
        self.weight.setObjectName("criterionWeight")
        self.threshold.setObjectName("criterionThreshold")

        self.code.committed.connect(lambda v: self._set("code", v.strip()))
        self.title_edit.committed.connect(lambda v: self._set("title", v))
        self.kind.activated.connect(lambda _i: self._set("kind", self.kind.currentData()))
        self.weight.committed.connect(lambda v: self._set("weight", decimal_text(v)))
        self.threshold.committed.connect(lambda v: self._set("threshold", decimal_text(v)))
        self.threshold_on.clicked.connect(self._toggle_threshold)
        self.guidance.committed.connect(lambda v: self._set("guidance", v))
        self.contrast.committed.connect(lambda v: self._set("distinguished_from", v))
        self.flags.committed.connect(lambda v: self._set("flags", [f for f in v.splitlines() if f.strip()]))

        threshold_row = QHBoxLayout()
        threshold_row.addWidget(self.threshold_on)
        threshold_row.addWidget(self.threshold, 1)
        self.form = QFormLayout()
        self.form.addRow(self.tr("Co&de"), self.code)
        self.form.addRow(self.tr("T&itle"), self.title_edit)
        self.form.addRow(self.tr("Ki&nd"), self.kind)
        self.form.addRow(self.tr("&Weight"), self.weight)
        threshold_label = QLabel(self.tr("Threshold"))
        threshold_label.setBuddy(self.threshold_on)
        self.form.addRow(threshold_label, threshold_row)
        self.form.addRow(self.tr("&Guidance"), self.guidance)
        self.form.addRow(self.tr("Distinguished from"), self.contrast)
        self.form.addRow(self.tr("Red f&lags"), self.flags)
        self.details = QWidget()
        self.details.setLayout(self.form)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 3)
        layout.addLayout(buttons)
        layout.addWidget(self.details, 2)

    # -- showing -----------------------------------------------------------------

    def refresh(self, fw: Framework) -> None:
        selected = self.selected_id()
        blocked = self.tree.blockSignals(True)
        self.tree.clear()
        scale = fw.scale
        chosen = None
        for s in sorted(fw.sections, key=lambda s: s.position):
            top = QTreeWidgetItem([s.name, "", "", "", ""])
            top.setData(0, ID_ROLE, s.id)
            top.setData(0, KIND_ROLE, "section")
            top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsDragEnabled)
            if s.kind is SectionKind.PRICE:
                top.setText(0, self.tr("{name} (scored on price, no criteria)").format(name=s.name))
            self.tree.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)
            for c in fw.criteria_of(s.id):
                kind = self.tr("Gate") if c.kind is CriterionKind.GATE else self.tr("Scored")
                threshold = fmt(c.threshold, 0 if c.threshold == int(c.threshold) else 2) if c.threshold is not None else ""
                item = QTreeWidgetItem([c.code, c.title, kind, decimal_text(c.weight), threshold])
                item.setData(0, ID_ROLE, c.id)
                item.setData(0, KIND_ROLE, "criterion")
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsDropEnabled)
                top.addChild(item)
                if c.id == selected:
                    chosen = item
            top.setExpanded(True)
        self.threshold.setRange(scale.minimum, scale.maximum)
        self.tree.blockSignals(blocked)
        if chosen is None and fw.criteria and self.tree.topLevelItemCount():
            first = self.tree.topLevelItem(0)
            chosen = first.child(0) if first is not None and first.childCount() else None
        if chosen is not None:
            self.tree.setCurrentItem(chosen)
        self._show_selected()

    def selected_id(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, ID_ROLE) if item is not None and item.data(0, KIND_ROLE) == "criterion" else None

    def select(self, criterion_id: str) -> None:
        it = self.tree.invisibleRootItem()
        for i in range(it.childCount()):
            top = it.child(i)
            for j in range(top.childCount() if top is not None else 0):
                item = top.child(j)  # type: ignore[union-attr]  # top is not None when it has children
                if item is not None and item.data(0, ID_ROLE) == criterion_id:
                    self.tree.setCurrentItem(item)
                    return

    def _criterion(self) -> Criterion | None:
        cid = self.selected_id()
        return next((c for c in self.session.evaluation().framework.criteria if c.id == cid), None)

    def _show_selected(self) -> None:
        crit = self._criterion()
        self.details.setEnabled(crit is not None and not self.session.locked)
        for b in (self.remove_button, self.up_button, self.down_button):
            b.setEnabled(crit is not None and not self.session.locked)
        self.add_button.setEnabled(not self.session.locked)
        if crit is None:
            return
        self.code.set_value(crit.code)
        self.title_edit.set_value(crit.title)
        self.kind.setCurrentIndex(self.kind.findData(crit.kind.value))
        self.weight.set_value(crit.weight)
        self.threshold_on.setChecked(crit.threshold is not None)
        self.threshold.setEnabled(crit.threshold is not None)
        self.threshold.set_value(crit.threshold if crit.threshold is not None else Decimal(0))
        self.guidance.set_value(crit.guidance)
        self.contrast.set_value(crit.distinguished_from)
        self.flags.set_value("\n".join(crit.flags))

    # -- changing ----------------------------------------------------------------

    def _set(self, field: str, value: object) -> None:
        crit = self._criterion()
        if crit is None:
            return
        old = {
            "code": crit.code, "title": crit.title, "kind": crit.kind.value, "weight": decimal_text(crit.weight),
            "threshold": None if crit.threshold is None else decimal_text(crit.threshold),
            "guidance": crit.guidance, "distinguished_from": crit.distinguished_from, "flags": list(crit.flags),
        }[field]
        if old == value:
            return
        if edit.set_criterion_field(self.session, crit.id, crit.code, field, value, initiator=self) is None:
            self._show_selected()

    def _toggle_threshold(self, on: bool) -> None:
        crit = self._criterion()
        if crit is None:
            return
        if on:
            scale = self.session.evaluation().framework.scale
            self._set("threshold", str(scale.middle))
        else:
            self._set("threshold", None)
        self._show_selected()

    def add(self) -> None:
        fw = self.session.evaluation().framework
        item = self.tree.currentItem()
        section_id = None
        if item is not None:
            row = item if item.data(0, KIND_ROLE) == "section" else item.parent()
            section_id = row.data(0, ID_ROLE) if row is not None else None
        section = next((s for s in fw.sections if s.id == section_id), None)
        if section is None or section.kind is SectionKind.PRICE:
            section = next((s for s in fw.sections if s.kind is SectionKind.SCORED), None)
        if section is None:
            self.session.refused.emit(self.tr("Add a scored section first: criteria belong to a section."))
            return
        codes = {c.code for c in fw.criteria}
        n = 1
        while f"NEW{n}" in codes:
            n += 1
        code = f"NEW{n}"
        applied = edit.add_criterion(self.session, section.id, code, self.tr("New criterion"), initiator=self)
        if applied is not None:
            self.select(applied.result.id)
            self.title_edit.setFocus()
            self.title_edit.selectAll()

    def remove(self) -> None:
        crit = self._criterion()
        if crit is None:
            return
        scores, consensus, responses = bids.criterion_dependents(self.session.tf, crit.id)
        if scores or consensus or responses:
            message = self.tr(
                "Remove {code} {title}? It has {scores} scores, {consensus} consensus scores and {responses} responses "
                "recorded against it; they will be removed with it. Undo puts them back."
            ).format(code=crit.code, title=crit.title, scores=scores, consensus=consensus, responses=responses)
            if not ask(self, self.tr("Remove criterion"), message, yes=self.tr("Remove")):
                return
        edit.remove_criterion(self.session, crit.id, crit.code, initiator=self)

    def move_by(self, delta: int) -> None:
        item = self.tree.currentItem()
        if item is None or item.data(0, KIND_ROLE) != "criterion":
            return
        parent = item.parent()
        if parent is None:
            return
        position = parent.indexOfChild(item) + delta
        if 0 <= position < parent.childCount():
            self.move_to(item.data(0, ID_ROLE), position)

    def move_to(self, criterion_id: str, position: int) -> None:
        crit = next((c for c in self.session.evaluation().framework.criteria if c.id == criterion_id), None)
        if crit is None:
            return
        siblings = self.session.evaluation().framework.criteria_of(crit.section_id)
        old = [c.id for c in siblings].index(criterion_id)
        if old == position:
            return
        edit.move_criterion(self.session, criterion_id, crit.code, position, initiator=self)
        self.select(criterion_id)
