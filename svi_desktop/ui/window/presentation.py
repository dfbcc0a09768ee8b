"""Presentation mode for a projector: full screen, large type, high contrast, evaluators' names hidden, and
blind to price until the quality consensus is complete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject
from PySide6.QtGui import QAction, QGuiApplication

from svi_desktop.ui import settings, theme
from svi_desktop.ui.window.shell import PANELS, tender_actions

PRESENTATION_SCALE = 1.6

if TYPE_CHECKING:
    from svi_desktop.ui.window.shell import Shell

# High contrast for a projector or a large shared screen: white on black, yellow for focus and selection.
HIGH_CONTRAST = """
QWidget { background: #000000; color: #ffffff; }
QTableView { gridline-color: #777777; selection-background-color: #ffd400; selection-color: #000000; }
QHeaderView::section { background: #1a1a1a; color: #ffffff; border: 1px solid #777777; padding: 4px; }
QPushButton, QToolButton, QComboBox { background: #1a1a1a; color: #ffffff; border: 2px solid #ffffff; padding: 4px; }
QPushButton:focus, QToolButton:focus, QComboBox:focus, QTableView:focus { border: 3px solid #ffd400; }
QToolButton:checked { background: #ffd400; color: #000000; }
QPlainTextEdit, QLineEdit { background: #000000; color: #ffffff; border: 1px solid #ffffff; }
QCheckBox::indicator { width: 18px; height: 18px; border: 2px solid #ffffff; background: #000000; }
QCheckBox::indicator:checked { background: #ffd400; border: 2px solid #ffd400; }
QCheckBox:focus { color: #ffd400; }
QPushButton:disabled, QToolButton:disabled, QComboBox:disabled { color: #a6a6a6; border: 2px dashed #a6a6a6; }
QPlainTextEdit:focus, QLineEdit:focus { border: 3px solid #ffd400; }
"""


class Presentation(QObject):
    def __init__(self, window: Shell) -> None:
        super().__init__(window)
        self.window = window
        self.on = False
        self.revealed = False  # the lead has shown the results on the shared screen (only once quality is agreed)
        self._before: tuple[bool, bytes] = (False, b"")
        self._reachable: list[tuple[bool, bool]] = []  # each panel's action and tab, as they were before
        self._actions: list[tuple[QAction, bool]] = []  # the other actions, as they were before

    def toggle(self) -> None:
        self.set(not self.on)

    def set(self, on: bool) -> None:
        """Full screen, large type and high contrast on the Moderation panel, for a projector."""
        w = self.window
        if w.session is None:
            w.presentation_action.setChecked(False)
            return
        moderation, results = w.panel("Moderation"), w.panel("Results")
        if on == self.on:
            return
        self.on = on
        self.revealed = False
        w.presentation_action.setChecked(on)
        for bar in (w.menuBar(), w.toolbar, w.statusBar(), w.tabs.tabBar()):
            bar.setVisible(not on)
        self._limit_actions(on)
        if on:
            self._before = (w.isMaximized(), bytes(w.saveGeometry().data()))
            w.tabs.setCurrentWidget(moderation)
            w.setStyleSheet(HIGH_CONTRAST)
            app = QGuiApplication.instance()
            if isinstance(app, QGuiApplication):
                theme.apply(app, "projector")
            moderation.set_presentation(True)
            results.set_anonymous(True)
            self.apply_zoom()
            w.showFullScreen()
            return
        w.setStyleSheet("")
        w.apply_colours()
        moderation.set_presentation(False)
        results.set_anonymous(False)
        self.apply_zoom()
        w.showNormal()
        maximised, geometry = self._before
        if geometry:
            w.restoreGeometry(QByteArray(geometry))
        if maximised:
            w.showMaximized()

    # -- what the shared screen may show ------------------------------------------------------

    def quality_agreed(self) -> bool:
        """Every quality response of every bid in competition has the panel's consensus: until then the shared
        screen is blind to price (no price, price score, total or ranking)."""
        from svi_desktop.domain.award import quality_awaiting_consensus

        session = self.window.session
        return session is not None and quality_awaiting_consensus(session.evaluation()) == 0

    def reveal(self) -> bool:
        """The lead shows the results (anonymised) on the shared screen: only once quality is agreed."""
        if not self.on or self.revealed:
            return self.revealed
        if not self.quality_agreed():
            return False
        self.revealed = True
        self._limit_panels()
        self.window.show_panel(PANELS.index("Results"))
        return True

    def reveal_asked(self) -> None:
        """Moderation's "Show the results": asked once, since what the shared screen has shown cannot be unseen."""
        from svi_desktop.ui.dialogs import ask

        if self.on and self.quality_agreed() and ask(
                self.window, self.tr("Show the results"),
                self.tr("Show the ranking, prices and totals on the shared screen? Every quality score is agreed; "
                        "the suppliers stay anonymised."), yes=self.tr("Show the results")):
            self.reveal()

    def follow(self) -> None:
        """After any change while presenting (an undone consensus, say): quality no longer agreed hides the
        results again and goes back to Moderation."""
        if self.on and self.revealed and not self.quality_agreed():
            self.revealed = False
            self._limit_panels()
            w = self.window
            if w.tabs.currentWidget() is not w.panel("Moderation"):
                w.tabs.setCurrentWidget(w.panel("Moderation"))

    def _limit_actions(self, on: bool) -> None:
        """On the shared screen only Moderation can be reached, and Results once the lead reveals it (Ctrl+4,
        Ctrl+5): Scoring would show one evaluator's own scores under their name, Audit who changed what, and
        every dialog (export, lots, award check...) prices or totals. Undo, zoom and leaving stay."""
        w = self.window
        if on:
            self._reachable = [(a.isEnabled(), w.tabs.isTabEnabled(i)) for i, a in enumerate(w.panel_actions)]
            kept = {w.presentation_action, w.larger_action, w.smaller_action, w.reset_zoom_action, *w.panel_actions}
            self._actions = [(a, a.isEnabled()) for a in (*tender_actions(w), w.new_action, w.open_action,
                                                           w.demo_action) if a not in kept]
            for action, _was in self._actions:
                action.setEnabled(False)
            self._limit_panels()
            return
        for action, was in self._actions:
            action.setEnabled(was)
        self._actions = []
        for i, (action_on, tab_on) in enumerate(self._reachable):
            w.panel_actions[i].setEnabled(action_on)
            w.tabs.setTabEnabled(i, tab_on)
        self._reachable = []

    def _limit_panels(self) -> None:
        w = self.window
        for i, (action_on, tab_on) in enumerate(self._reachable):
            shown = PANELS[i] == "Moderation" or (PANELS[i] == "Results" and self.revealed)
            w.panel_actions[i].setEnabled(action_on and shown)
            w.tabs.setTabEnabled(i, tab_on and shown)  # Ctrl+Tab skips the others too

    @staticmethod
    def zoom() -> float:
        return max(0.8, min(2.5, float(settings.get(settings.ZOOM))))

    def scale_text(self, factor: float) -> None:
        """Ctrl+Plus and Ctrl+Minus: every panel's text, remembered; a factor of 0 returns to normal (Ctrl+0)."""
        zoom = 1.0 if factor == 0 else max(0.8, min(2.5, self.zoom() * factor))
        settings.put(settings.ZOOM, round(zoom, 4))
        self.apply_zoom()
        self.window.statusBar().showMessage(self.tr("Text at {p}%").format(p=round(zoom * 100)), 3000)

    def apply_zoom(self) -> None:
        """The remembered zoom on every panel; presentation mode adds its own 1.6 for the projector."""
        if self.window.session is None:
            return
        scale = self.zoom() * (PRESENTATION_SCALE if self.on else 1.0)
        for panel in self.window.panels.values():
            panel.set_font_scale(scale)
