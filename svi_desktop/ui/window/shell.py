"""The main window as its parts (ui/window/*.py) see it: its widgets, its actions and the steps they call on it,
declared here, below the parts. So no part imports the window, the window imports its parts, and ui/ has no import
circle (tests/test_layering.py). MainWindow (ui/main_window.py) is the one Shell; a part that needs another part is
given it when it is made."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QStackedWidget, QTabWidget, QToolBar, QWidget

from svi_desktop.ui.translate import noop

if TYPE_CHECKING:
    from svi_desktop.ui.panels.base import Panel
    from svi_desktop.ui.panels.start import StartPage
    from svi_desktop.ui.session import TenderSession

PANELS = tuple(noop("Panels", name) for name in ("Setup", "Bids", "Scoring", "Moderation", "Results", "Audit",
                                                           "Contract"))


class ActionSlots:
    """The window's actions, set on it by install_actions and install_menus (w.undo_action, ...)."""

    new_action: QAction
    open_action: QAction
    demo_action: QAction
    copy_action: QAction
    encrypt_action: QAction
    export_action: QAction
    close_action: QAction
    quit_action: QAction
    undo_action: QAction
    redo_action: QAction
    about_action: QAction
    panel_actions: list[QAction]
    presentation_action: QAction
    larger_action: QAction
    smaller_action: QAction
    restore_action: QAction
    issue_action: QAction
    collect_action: QAction
    codes_action: QAction
    evaluators_action: QAction
    returns_action: QAction
    clarifications_action: QAction
    lots_action: QAction
    commitments_action: QAction
    screens_action: QAction
    assessment_action: QAction
    standstill_action: QAction
    award_check_action: QAction
    sign_off_action: QAction
    unfreeze_action: QAction
    notice_action: QAction
    reset_zoom_action: QAction
    shortcuts_action: QAction
    guide_action: QAction
    help_key: QShortcut
    recent_menu: QMenu
    toolbar: QToolBar
    colour_actions: list[QAction]



class Shell(QMainWindow, ActionSlots):
    """The window's widgets and the steps its parts call; MainWindow builds the one and makes the others."""

    session: TenderSession | None
    panels: dict[str, Panel]
    stack: QStackedWidget
    start_page: StartPage
    tabs: QTabWidget
    frozen_banner: QLabel
    tender_view: QWidget
    # The status line's labels (ui/window/status.py builds them) and the open file's part of the title.
    file_label: QLabel
    evaluator_label: QLabel
    saved_label: QLabel
    title_text: str

    def panel(self, name: str) -> Any:
        raise NotImplementedError  # each of these is MainWindow's

    def show_panel(self, index: int) -> None:
        raise NotImplementedError

    def show_start(self) -> None:
        raise NotImplementedError

    def attach(self, session: TenderSession) -> None:
        raise NotImplementedError

    def detach(self) -> TenderSession:
        raise NotImplementedError

    def undo(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        raise NotImplementedError

    def apply_colours(self, preference: str | None = None) -> None:
        raise NotImplementedError


def tender_actions(w: Shell) -> list[QAction]:
    """The actions that need an open tender."""
    return [w.copy_action, w.encrypt_action, w.restore_action, w.export_action, w.close_action, *w.panel_actions, w.presentation_action,
            w.larger_action, w.smaller_action, w.reset_zoom_action, w.issue_action, w.codes_action, w.collect_action,
            w.evaluators_action,
            w.returns_action, w.assessment_action, w.award_check_action, w.sign_off_action, w.unfreeze_action,
            w.notice_action, w.clarifications_action, w.screens_action, w.lots_action, w.commitments_action]
