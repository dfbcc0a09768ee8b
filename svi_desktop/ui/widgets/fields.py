"""Fields that commit once, when editing is finished, and can be set without echoing back."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QWidget,
)

from svi_desktop.domain.numbers import decimal_text


class CommitLineEdit(QLineEdit):
    committed = Signal(str)

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self._value = ""
        self.editingFinished.connect(self._finish)

    def set_value(self, value: str) -> None:
        self._value = value
        if self.text() != value:
            self.setText(value)
            if not self.hasFocus():
                self.setCursorPosition(0)  # a long value shows its beginning, not its end

    def _finish(self) -> None:
        if self.text() != self._value:
            self._value = self.text()
            self.committed.emit(self.text())

    def flush(self) -> None:
        self._finish()


class ElidedLabel(QLabel):
    """One line that ends in "…" where it does not fit (never cut mid-letter); the whole text is the tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        super().setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(0, self.width())))


class ChoiceBox(QComboBox):
    """A drop-down whose choice is a recorded change (a criterion's kind, the regime): a letter typed while passing
    through it, or a scroll wheel going by, does not change it. The arrow keys, F4 and Alt+Down still choose."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text and text.isprintable() and not text.isspace() and not (
                event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)):
            event.ignore()  # keyboard search would pick another item and record it
            return
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not self.hasFocus():
            event.ignore()  # scrolling the page past the box must not change it
            return
        super().wheelEvent(event)


class CommitTextEdit(QPlainTextEdit):
    """Plain text only (bidder and user text is never interpreted); saved as it is typed (after a pause of
    PAUSE_MS), and on focus-out or Ctrl+Enter, so nothing typed is lost to a refresh, a close or a crash."""

    committed = Signal(str)
    PAUSE_MS = 1500

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setTabChangesFocus(True)
        self._value = ""
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(self.PAUSE_MS)
        self._pause.timeout.connect(self.commit)
        self.textChanged.connect(self._typed)

    def _typed(self) -> None:
        if self.toPlainText() != self._value and self.isEnabled() and not self.isReadOnly():
            self._pause.start()

    def set_value(self, value: str) -> None:
        """Show the stored value. A caller about to show another record saves `has_pending()` text first."""
        self._value = value
        if self.toPlainText() != value:
            self.setPlainText(value)
        self._pause.stop()

    def has_pending(self) -> bool:
        return self.toPlainText() != self._value

    def pending(self) -> str | None:
        """The typed text not yet saved, taken as saved by the caller (who writes it with its own change)."""
        self._pause.stop()
        if self.toPlainText() == self._value:
            return None
        self._value = self.toPlainText()
        return self._value

    def commit(self) -> None:
        self._pause.stop()
        if self.toPlainText() != self._value:
            self._value = self.toPlainText()
            self.committed.emit(self._value)

    def flush(self) -> None:
        self.commit()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.commit()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtCore import Qt

        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.commit()
            return
        super().keyPressEvent(event)


class CommitSpinBox(QDoubleSpinBox):
    committed = Signal(Decimal)

    def __init__(self, accessible_name: str, minimum: float, maximum: float, decimals: int = 2,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setRange(minimum, maximum)
        self.setDecimals(decimals)
        self._value = Decimal(0)
        self.editingFinished.connect(self._finish)

    def decimal(self) -> Decimal:
        return Decimal(self.cleanText().replace(",", "") or "0")

    def set_value(self, value: Decimal) -> None:
        self._value = Decimal(value)
        blocked = self.blockSignals(True)
        self.setValue(float(value))
        self.blockSignals(blocked)

    def _finish(self) -> None:
        value = self.decimal()
        if decimal_text(value) != decimal_text(self._value):
            self._value = value
            self.committed.emit(value)

    def flush(self) -> None:
        self._finish()


def set_editable(widget: QWidget, editable: bool) -> None:
    """A text or number field becomes read-only, not disabled, so that what it holds can still be read, selected
    and copied (a signed-off tender); anything else is disabled."""
    if isinstance(widget, QLineEdit | QPlainTextEdit | QAbstractSpinBox):
        widget.setReadOnly(not editable)
    else:
        widget.setEnabled(editable)


def flush_focused() -> None:
    """Save what is typed in the editor that has the keyboard, before anything else is written or the tender is
    closed: a toolbar button, a menu, a tick box or a shortcut takes no focus, so the editor's own save-on-leaving
    would never run and a refresh would write the stored value back over the typed one."""
    from PySide6.QtWidgets import QApplication

    widget = QApplication.focusWidget()
    while widget is not None and not isinstance(widget, CommitLineEdit | CommitTextEdit | CommitSpinBox):
        widget = widget.parentWidget()  # a spin box's keyboard is its line edit
    if widget is not None and widget.isEnabled() and not (isinstance(widget, CommitTextEdit) and widget.isReadOnly()):
        widget.flush()


class FocusOutFilter(QObject):
    """Commit a widget's value when it loses focus (for widgets without editingFinished)."""

    def __init__(self, callback: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self._callback()
        return False


def scrolling(widget: QWidget, *, sideways: bool = False) -> QScrollArea:
    """`widget` in a frameless scroll area: on a small screen it scrolls instead of forcing the window taller than
    the screen (a tab's minimum height is its tallest page's)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a stop of its own on Tab: its fields are
    if not sideways:
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area
