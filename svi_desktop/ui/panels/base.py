"""What every panel shares: its own signal connections, and refreshing when shown, not on every change while hidden."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, QMetaObject, SignalInstance
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import QSplitter, QWidget

from svi_desktop.domain.changes import ChangeKind
from svi_desktop.domain.settings import FROZEN
from svi_desktop.ui.session import Notice, TenderSession


class Panel(QWidget):
    """Subclasses name the change kinds they show and implement `refresh`.

    A panel that can show its own edit without reloading (the Scoring panel's key
    press) overrides `on_own_change`; by default a panel refreshes like any other
    listener, because its edit may change more than the widget that made it.
    """

    listens_to: frozenset[ChangeKind] = frozenset()
    font_scale = 1.0
    MIN_SCALE, MAX_SCALE = 0.8, 3.0

    def __init__(self, session: TenderSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._stale = False
        self._connections: list[tuple[SignalInstance, QMetaObject.Connection]] = []
        self.track_signal(session.changed, self._on_change)

    def track_signal(self, signal: SignalInstance, slot: Callable[..., Any]) -> None:
        """Connect a signal that outlives this panel (the session's); it is disconnected when the panel goes."""
        self._connections.append((signal, signal.connect(slot)))

    def release(self) -> None:
        """Disconnect from everything the panel did not create, before it is deleted."""
        for signal, connection in self._connections:
            signal.disconnect(connection)
        self._connections.clear()

    def owns(self, initiator: object | None) -> bool:
        return isinstance(initiator, QWidget) and (initiator is self or self.isAncestorOf(initiator))

    def _on_change(self, notice: Notice) -> None:
        frozen_or_not = notice.kind is ChangeKind.SETTINGS and FROZEN in notice.change.ids
        if notice.kind not in self.listens_to and not frozen_or_not:  # signed off: every editor turns read-only
            return
        if self.owns(notice.initiator):
            self.on_own_change(notice)
        elif self.isVisible():
            self.on_change(notice)
        else:
            self._stale = True

    def on_change(self, notice: Notice) -> None:
        self.refresh()

    def on_own_change(self, notice: Notice) -> None:
        self.on_change(notice)

    def refresh_when_shown(self) -> None:
        """Build the panel's content now if it is on screen, else the first time it is shown:
        opening a large tender then costs one panel, not six."""
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self._stale = False
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        raise NotImplementedError

    def focus_default(self) -> None:
        """Where the keyboard starts when the panel is chosen (Ctrl+1 to Ctrl+7)."""
        self.focusNextChild()

    def set_font_scale(self, scale: float) -> None:
        """Zoom: every text of the panel at `scale` times the normal size. A style sheet, because a window style
        sheet (presentation mode's contrast) stops setFont reaching the children."""
        self.font_scale = max(self.MIN_SCALE, min(self.MAX_SCALE, scale))
        size = base_point_size() * self.font_scale
        if abs(self.font_scale - 1.0) < 1e-6:
            self.setStyleSheet("")
            return
        # Headings keep their emphasis: the same proportion of the zoomed size.
        rules = [f"QWidget {{ font-size: {size:.1f}pt; }}"] + [
            f"{name} {{ font-size: {size * factor:.1f}pt; font-weight: bold; }}" for name, factor in EMPHASIS.items()]
        self.setStyleSheet(" ".join(rules))


    def save_layout(self) -> None:
        """Remember where the person put every splitter of the panel."""
        from svi_desktop.ui import settings

        for i, splitter in enumerate(self.findChildren(QSplitter)):
            settings.put_state(f"{self.objectName()}/splitter{i}", bytes(splitter.saveState().data()))

    def restore_layout(self) -> None:
        """Put every splitter back where the person left it (the panel's own sizes when there is none saved)."""
        from svi_desktop.ui import settings

        for i, splitter in enumerate(self.findChildren(QSplitter)):
            state = settings.get_state(f"{self.objectName()}/splitter{i}")
            if state:
                splitter.restoreState(QByteArray(state))

    def shutdown(self) -> None:
        """Stop any background work before the panel goes; panels that start some override this."""


# Labels drawn larger than the text around them (object name: how much larger).
EMPHASIS = {"QLabel#verdict": 1.15, "QLabel#criterionTitle": 1.3}


def base_point_size() -> float:
    size = QFont().pointSizeF()
    return size if size > 0 else 10.0
