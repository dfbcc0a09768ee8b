"""One bid's answer to one criterion, with this evaluator's score, rationale, evidence and red flags."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from svi_desktop.domain.citations import locate, shown_ranges
from svi_desktop.domain.model import Bid, Clarification, Criterion, Score
from svi_desktop.domain.scale import ScoringScale
from svi_desktop.domain.screens import Hints
from svi_desktop.ui import theme
from svi_desktop.ui.widgets.fields import CommitTextEdit, ElidedLabel
from svi_desktop.ui.widgets.response_view import ResponseView
from svi_desktop.ui.widgets.score_picker import ScorePicker


class RationaleEdit(CommitTextEdit):
    focused = Signal()

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.focused.emit()
        super().focusInEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Ctrl+Enter and Tab belong to the panel (confirm, next bid); commit first.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and (
            event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
            or event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.commit()
            event.ignore()
            return
        super().keyPressEvent(event)


class ScoringColumn(QFrame):
    """Signals carry what the user asked for; the panel turns them into operations."""

    score_picked = Signal(int)
    rationale_committed = Signal(str)
    cite_requested = Signal(object)  # a Citation
    uncite_requested = Signal(int)  # the index of a citation to remove
    flags_changed = Signal(tuple)
    activated = Signal()

    def __init__(self, parent: QWidget | None = None, *, show_title: bool = True) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("scoringColumn")
        self.setMinimumWidth(300)
        self.bid: Bid | None = None
        self.criterion: Criterion | None = None
        self._stored = ""
        self.title = QLabel(self)  # parented now: setVisible on an orphan would show it as a window
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # a supplier's name is untrusted text
        self.title.setWordWrap(True)
        self.title.setVisible(show_title)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.response = ResponseView()
        self.response.focused.connect(self.activated)
        self.cite_button = QPushButton(self.tr("Cite selection"))
        self.cite_button.setToolTip(self.tr("Quote the selected passage as evidence (Ctrl+Shift+C)"))
        self.cite_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cite_button.clicked.connect(self.cite)
        self.picker = ScorePicker()
        self.picker.picked.connect(self.score_picked)
        self.level_label = ElidedLabel()  # one line; the whole descriptor is its tooltip and in the guidance
        self.level_label.setObjectName("levelLabel")
        self.rationale = RationaleEdit(self.tr("Rationale for the score"))
        self.rationale.setPlaceholderText(self.tr("Why this score? Refer to the response."))
        self.rationale.setMaximumHeight(3 * self.fontMetrics().lineSpacing() + 14)
        self.rationale.committed.connect(self.rationale_committed)
        self.rationale.focused.connect(self.activated)
        # The cited passages: a list that scrolls (it never grows over the rationale); Delete removes one.
        self.evidence = QListWidget()
        self.evidence.setObjectName("evidence")
        self.evidence.setAccessibleName(self.tr("Passages cited as evidence; Delete removes the selected one"))
        self.evidence.setWordWrap(True)
        self.evidence.setMaximumHeight(2 * self.fontMetrics().lineSpacing() + 8)
        self.evidence.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.evidence.installEventFilter(self)
        self.flags_box = QWidget()
        self.flags_layout = QVBoxLayout(self.flags_box)
        self.flags_layout.setContentsMargins(0, 0, 0, 0)
        self.flags_layout.setSpacing(0)
        self.flag_boxes: list[QCheckBox] = []
        self.status = QLabel()
        self.status.setObjectName("columnStatus")
        # Advisory screens of the response (never a score): checkable commitments, vague phrasing, bare claims.
        self.screen_label = ElidedLabel()
        self.screen_label.setObjectName("screenHints")
        self.screen_label.setAccessibleName(self.tr("Evidence screen of this response (advisory)"))
        # The supplier's answers to clarifications on this response, read by every evaluator.
        self.clarification_label = QLabel()
        self.clarification_label.setObjectName("clarifications")
        self.clarification_label.setTextFormat(Qt.TextFormat.PlainText)  # the supplier's text is untrusted
        self.clarification_label.setWordWrap(True)
        self.clarification_label.setVisible(False)

        # Everything but the response is kept to a line or a few, so that the response has the room.
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 3)
        title_row.addWidget(self.screen_label, 2)  # beside the name: the response keeps its lines
        title_row.addWidget(self.status)
        level_row = QHBoxLayout()
        level_row.addWidget(self.level_label, 1)
        level_row.addWidget(self.cite_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(title_row)
        layout.addWidget(self.response, 1)
        layout.addWidget(self.clarification_label)
        layout.addWidget(self.picker)
        layout.addLayout(level_row)
        layout.addWidget(self.rationale)
        layout.addWidget(self.evidence)
        layout.addWidget(self.flags_box)

    def show_excluded(self, bid: Bid, criterion: Criterion, scale: ScoringScale) -> None:
        """A bid the evaluator declared a conflict with and is excluded from: nothing of it is shown or scored."""
        self.show_item(bid, criterion, scale, None, None, editable=False)
        self.show_screens(None)
        self.response.setPlaceholderText(self.tr("You declared a conflict of interest with this bidder, so you are "
                                                 "excluded from scoring this bid and its response is not shown."))
        self.status.setText(self.tr("Excluded: conflict of interest declared"))

    def show_screens(self, found: Hints | None, clarifications: tuple[Clarification, ...] = ()) -> None:
        """The advisory screen of the response, and the clarifications asked and answered on it."""
        if found is None:
            self.screen_label.set_full_text("")
        else:
            vague = sorted({m.text.lower() for m in found.vague})
            self.screen_label.set_full_text(self.tr("Screen: {c} checkable · {v} vague · {u} bare claims").format(c=len(found.commitments), v=len(found.vague),
                                                                       u=len(found.unsupported)))
            tip = [self.tr("Advisory: it never changes a score and never reaches the bidder.")]
            if found.commitments:
                tip.append(self.tr("Checkable: ") + "; ".join(m.text for m in found.commitments[:12]))
            if vague:
                tip.append(self.tr("Vague or marketing phrasing: ") + ", ".join(vague[:12]))
            tip += [self.tr("No evidence in: “{s}”").format(s=m.text[:160]) for m in found.unsupported[:5]]
            self.screen_label.setToolTip("\n".join(tip))
        lines = []
        for c in clarifications:
            asked = self.tr("Clarification ({when}): {q}").format(when=c.raised_at[:10], q=c.question[:400])
            answer = (self.tr("Answer ({when}): {a}").format(when=c.answered_at, a=c.answer[:600]
                                                             + ("…" if len(c.answer) > 600 else ""))
                      if c.answer else self.tr("Not yet answered ({state}).").format(state=c.state))
            lines.append(f"{asked}\n{answer}")
        self.clarification_label.setText("\n".join(lines))
        self.clarification_label.setVisible(bool(lines))

    def show_item(self, bid: Bid, criterion: Criterion, scale: ScoringScale, response: str | None,
                  score: Score | None, *, editable: bool) -> None:
        same = self.bid is not None and self.criterion is not None and (self.bid.id, self.criterion.id) == (
            bid.id, criterion.id)
        if not same and self.rationale.has_pending() and self.rationale.isEnabled():
            self.rationale.commit()  # saved under the item it was typed for, before this column shows another
        self.bid, self.criterion, self.scale = bid, criterion, scale
        self._stored = response or ""
        self.title.setText(bid.supplier + (f"  ({bid.status.value})" if bid.out_of_competition else ""))
        if not same or self.response.toPlainText() != (response or ""):
            self.response.setPlainText(response or "")
            if not response:
                self.response.setPlaceholderText(self.tr("No response was recorded for this criterion."))
        self.picker.set_scale(scale)
        self.picker.set_value(score.value if score else None)
        self.picker.setEnabled(editable)
        level = scale.level(score.value) if score else None
        described = f"{level.label}: {level.descriptor}" if level else self.tr("Not scored yet.")
        self.level_label.set_full_text(described)
        self.rationale.set_value(score.rationale if score else "")
        self.rationale.setEnabled(editable and score is not None)
        self.rationale.setPlaceholderText(
            self.tr("Why this score? Refer to the response.") if score else self.tr("Choose a score first."))
        self.cite_button.setEnabled(editable and score is not None)
        quotes = score.evidence if score else ()
        self._highlight(quotes)
        self.evidence.clear()
        for c in quotes:
            self.evidence.addItem(f"“{c.text}”")
        self.evidence.setToolTip("\n".join(f"“{c.text}”" for c in quotes))
        self.evidence.setVisible(bool(quotes))
        self.evidence.setEnabled(editable)
        self._set_flags(criterion.flags, score.flags if score else (), editable and score is not None)
        if score is None:
            self.status.setText(self.tr("Not scored"))
        elif not score.complete:
            self.status.setText(self.tr("Incomplete: a rationale is needed"))
        else:
            self.status.setText(self.tr("Scored"))
        self.status.setStyleSheet(f"color: {theme.colour('error')};" if score is not None and not score.complete
                                  else "")

    def _set_flags(self, names: tuple[str, ...], ticked: tuple[str, ...], enabled: bool) -> None:
        if [b.text() for b in self.flag_boxes] != list(names):
            for b in self.flag_boxes:
                self.flags_layout.removeWidget(b)
                b.hide()
                b.deleteLater()
            self.flag_boxes = []
            for n, name in enumerate(names, start=1):
                box = QCheckBox(name)
                box.setToolTip(self.tr("Red flag (Alt+{n})").format(n=n) if n <= 9 else self.tr("Red flag"))
                box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                box.clicked.connect(lambda _checked: self.flags_changed.emit(self.ticked_flags()))
                self.flags_layout.addWidget(box)
                self.flag_boxes.append(box)
        for box in self.flag_boxes:
            box.setChecked(box.text() in ticked)
            box.setEnabled(enabled)

    def _highlight(self, quotes: tuple) -> None:
        """The passages cited as evidence, marked in the response."""
        selections = []
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(theme.colour("mark_bg")))
        fmt.setForeground(QColor(theme.colour("mark_fg")))
        for start, end in shown_ranges(self.response.toPlainText(), tuple(quotes)):
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.response.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format = fmt
            selections.append(selection)
        self.response.setExtraSelections(selections)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.evidence and event.type() == QEvent.Type.KeyPress and cast(QKeyEvent, event).key() in (
                Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.evidence.currentRow() >= 0:
            self.uncite_requested.emit(self.evidence.currentRow())
            return True
        return super().eventFilter(watched, event)

    def ticked_flags(self) -> tuple[str, ...]:
        return tuple(b.text() for b in self.flag_boxes if b.isChecked())

    def cite(self) -> None:
        cursor: QTextCursor = self.response.textCursor()
        if not cursor.hasSelection():
            return
        citation = locate(self._stored, self.response.toPlainText(), cursor.selectionStart(), cursor.selectionEnd())
        if citation is not None:
            self.cite_requested.emit(citation)

    def set_current(self, current: bool) -> None:
        self.setLineWidth(3 if current else 1)
        self.setStyleSheet("#scoringColumn { border: 2px solid palette(highlight); }" if current else "")
