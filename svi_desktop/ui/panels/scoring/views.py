"""The parts of the Scoring panel: the criterion's guidance, and the two ways of laying out columns."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from svi_desktop.domain.model import Criterion, CriterionKind
from svi_desktop.domain.numbers import fmt
from svi_desktop.domain.scale import ScoringScale
from svi_desktop.ui.panels.scoring.column import ScoringColumn

COLUMN_WIDTH = 330


class CriterionHeader(QFrame):
    """What the evaluator scores against, always in view: guidance, the contrast and the descriptors."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("criterionHeader")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setObjectName("criterionTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.position = QLabel()
        self.guidance = QLabel()
        self.guidance.setObjectName("criterionGuidance")
        self.contrast = QLabel()
        self.contrast.setObjectName("criterionContrast")
        self.descriptors = QLabel()
        self.descriptors.setObjectName("scaleDescriptors")
        for label in (self.title, self.guidance, self.contrast, self.descriptors):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The guidance and the descriptors fold away (Ctrl+G), so that the responses have the room.
        self.toggle = QToolButton()
        self.toggle.setObjectName("guidanceToggle")
        self.toggle.setCheckable(True)
        self.toggle.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.position)
        top.addWidget(self.toggle)
        self.top = top  # the panel adds the clarification button here, beside the criterion it is about
        left = QVBoxLayout()
        left.addLayout(top)
        left.addWidget(self.guidance)
        left.addWidget(self.contrast)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(self.descriptors, 2)
        self.set_collapsed(False)

    def set_collapsed(self, collapsed: bool) -> None:
        for label in (self.guidance, self.contrast, self.descriptors):
            label.setVisible(not collapsed)
        self.toggle.setChecked(collapsed)
        self.toggle.setText(self.tr("Show guidance ▾") if collapsed else self.tr("Hide guidance ▴"))
        self.toggle.setToolTip(self.tr("Show or hide the guidance and the scale's descriptors (Ctrl+G)"))
        self.toggle.setAccessibleName(self.toggle.text())

    @property
    def collapsed(self) -> bool:
        return self.toggle.isChecked()

    def show_criterion(self, criterion: Criterion, scale: ScoringScale, index: int, count: int) -> None:
        kind = "Qualification gate" if criterion.kind is CriterionKind.GATE else "Scored"
        threshold = f", threshold {fmt(criterion.threshold, 0)}" if criterion.threshold is not None else ""
        self.title.setText(f"{criterion.code} {criterion.title}")
        self.position.setText(self.tr("Criterion {i} of {n} · {kind}{t}").format(i=index + 1, n=count, kind=kind,
                                                                                  t=threshold))
        guidance = criterion.guidance.strip()
        said = guidance.lower().startswith("look for")  # the guidance may already begin "Look for…"
        self.guidance.setText(guidance if said else f"Look for: {guidance}" if guidance else "")
        self.contrast.setText(f"Distinguished from: {criterion.distinguished_from}"
                              if criterion.distinguished_from else "")
        self.descriptors.setText("\n".join(f"{lv.value} {lv.label}: {lv.descriptor}" for lv in scale.levels))


class ColumnStrip(QWidget):
    """A fixed pool of columns over the list of bids, with a scroll bar: switching criterion or moving
    along the bids fills only the columns on screen, however many bids there are."""

    offset_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns: list[ScoringColumn] = []
        self.row = QHBoxLayout()
        self.row.setSpacing(6)
        self.scroll_bar = QScrollBar(Qt.Orientation.Horizontal)
        self.scroll_bar.setObjectName("bidScroll")
        self.scroll_bar.valueChanged.connect(self.offset_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.row, 1)
        layout.addWidget(self.scroll_bar)
        self.count = 0

    def visible_count(self) -> int:
        return max(1, min(self.count or 1, self.width() // COLUMN_WIDTH or 1, 6))

    def ensure_columns(self) -> bool:
        """Make the pool match the width; True when it changed."""
        wanted = self.visible_count()
        if wanted == len(self.columns):
            return False
        while len(self.columns) < wanted:
            column = ScoringColumn()
            self.columns.append(column)
            self.row.addWidget(column)
            if self.isVisible():
                column.show()  # at once, not on the next turn of the event loop: it may take the focus now
        while len(self.columns) > wanted:
            column = self.columns.pop()
            column.hide()
            column.deleteLater()
        return True

    def set_count(self, count: int) -> None:
        self.count = count
        self.ensure_columns()
        self.scroll_bar.setRange(0, max(0, count - len(self.columns)))
        self.scroll_bar.setPageStep(len(self.columns))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.ensure_columns():
            self.set_count(self.count)
            self.offset_changed.emit(self.scroll_bar.value())


class CriteriaList(QListWidget):
    """In the by-bid view: every criterion, with this evaluator's progress on the bid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("byBidCriteria")
        self.setAccessibleName(self.tr("Criteria for this bid"))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMaximumWidth(280)

    def fill(self, criteria: list[Criterion], marks: list[str], current: int) -> None:
        blocked = self.blockSignals(True)
        if self.count() != len(criteria):
            self.clear()
            for _c in criteria:
                self.addItem(QListWidgetItem())
        for i, (c, mark) in enumerate(zip(criteria, marks, strict=True)):
            self.item(i).setText(f"{mark} {c.code} {c.title}")
        self.setCurrentRow(current)
        self.blockSignals(blocked)
