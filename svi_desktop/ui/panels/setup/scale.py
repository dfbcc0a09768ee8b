"""The scoring scale: presets, and each level's label and descriptor."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from svi_desktop.domain.scale import PRESETS, ScaleLevel, ScoringScale
from svi_desktop.ui.operations import framework as edit
from svi_desktop.ui.session import TenderSession


class ScaleEditor(QGroupBox):
    def __init__(self, session: TenderSession, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Scoring scale"), parent)
        self.session = session
        self.scale: ScoringScale | None = None
        self.preset = QComboBox()
        self.preset.setAccessibleName(self.tr("Scale preset"))
        for name in PRESETS:
            self.preset.addItem(self.tr("{name} ({n} levels)").format(name=name, n=len(PRESETS[name].levels)), name)
        self.apply_button = QPushButton(self.tr("Use &preset"))
        self.apply_button.clicked.connect(self.apply_preset)
        self.current = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.current, 1)
        row.addWidget(self.preset)
        row.addWidget(self.apply_button)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("scaleLevels")
        self.table.setAccessibleName(self.tr("Scale levels: value, label and descriptor"))
        self.table.setHorizontalHeaderLabels([self.tr("Value"), self.tr("Label"), self.tr("Descriptor")])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.itemChanged.connect(self._edited)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table)

    def refresh(self, scale: ScoringScale) -> None:
        self.scale = scale
        self.current.setText(self.tr("Current scale: {name}").format(name=scale.name))
        blocked = self.table.blockSignals(True)
        self.table.setRowCount(len(scale.levels))
        for r, level in enumerate(scale.levels):
            value = QTableWidgetItem(str(level.value))
            value.setFlags(value.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(r, 0, value)
            self.table.setItem(r, 1, QTableWidgetItem(level.label))
            self.table.setItem(r, 2, QTableWidgetItem(level.descriptor))
        self.table.resizeColumnToContents(0)
        self.table.setColumnWidth(1, 130)
        self.table.blockSignals(blocked)
        self.setEnabled(not self.session.locked)

    def _replace(self, new: ScoringScale, text: str) -> None:
        old = self.scale
        if old is None or new == old:
            return
        if edit.set_scale(self.session, new, text, initiator=self) is None:
            self.refresh(old)

    def apply_preset(self) -> None:
        name = self.preset.currentData()
        self._replace(PRESETS[name], self.tr("Use the {name} scale").format(name=name))

    def _edited(self, item: QTableWidgetItem) -> None:
        if self.scale is None:
            return
        r = item.row()
        level = self.scale.levels[r]
        label_cell, descriptor_cell = self.table.item(r, 1), self.table.item(r, 2)
        label = (label_cell.text().strip() if label_cell is not None else "") or level.label
        descriptor = descriptor_cell.text() if descriptor_cell is not None else level.descriptor
        levels = list(self.scale.levels)
        levels[r] = ScaleLevel(level.value, label, descriptor)
        what = self.tr("label") if item.column() == 1 else self.tr("descriptor")
        self._replace(replace(self.scale, levels=tuple(levels)),
                      self.tr("Change {what} of level {value}").format(what=what, value=level.value))
