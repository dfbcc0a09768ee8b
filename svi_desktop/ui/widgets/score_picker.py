"""A row of buttons, one per level of the scale, each showing its value and label."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QSizePolicy, QToolButton, QWidget

from svi_desktop.domain.scale import ScoringScale


class ScorePicker(QWidget):
    picked = Signal(int)  # a level's value, chosen by the user

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Score"))
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.idClicked.connect(self.picked)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self._scale: ScoringScale | None = None
        self._buttons: dict[int, QToolButton] = {}
        # The chosen level is unmistakable in every theme: filled with the palette's highlight (at least 3:1 against
        # the buttons beside it, its text 4.5:1 on it: tests/gui/test_theme.py), not Fusion's faint sunken shade.
        self.setStyleSheet("QToolButton:checked { background: palette(highlight); color: palette(highlighted-text); "
                           "border: 1px solid palette(highlight); font-weight: bold; }")

    def set_scale(self, scale: ScoringScale) -> None:
        if scale == self._scale:
            return
        self._scale = scale
        for b in self._buttons.values():
            self.group.removeButton(b)
            b.deleteLater()
        self._buttons = {}
        for level in scale.levels:
            b = QToolButton()
            b.setText(f"{level.value}\n{level.label}")
            b.setCheckable(True)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the column takes the digit keys
            b.setToolTip(f"{level.value} {level.label}: {level.descriptor}")
            b.setAccessibleName(f"{level.value} {level.label}")
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.group.addButton(b, level.value)
            self._layout.addWidget(b)
            self._buttons[level.value] = b

    def set_value(self, value: int | None) -> None:
        self.group.setExclusive(False)
        for v, b in self._buttons.items():
            b.setChecked(v == value)
        self.group.setExclusive(True)

    def value(self) -> int | None:
        checked = self.group.checkedId()
        return None if checked == -1 else checked

    def has_value(self, value: int) -> bool:
        return value in self._buttons

    def button(self, value: int) -> QToolButton:
        return self._buttons[value]
