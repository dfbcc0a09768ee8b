"""The main window's shell: the start page, the panels of an open tender, menus and the status bar."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore
from PySide6.QtCore import QByteArray, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from svi_desktop import APP_NAME
from svi_desktop.ui import settings
from svi_desktop.ui.panels.start import StartPage
from svi_desktop.ui.translate import translated
from svi_desktop.ui.window import colours, status
from svi_desktop.ui.window.actions import install_actions, install_menus
from svi_desktop.ui.window.backups import BackupTimer
from svi_desktop.ui.window.dialogs import WindowDialogs
from svi_desktop.ui.window.files import FileLifecycle
from svi_desktop.ui.window.packs import PackActions
from svi_desktop.ui.window.presentation import Presentation
from svi_desktop.ui.window.shell import PANELS, Shell, tender_actions

# The session, the store and the workflows load with the first tender, not at start-up: the start page needs
# none of them, and they are most of the program (issue 19: cold start at most 1.3x a bare window).
if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QKeyEvent

    from svi_desktop.ui.panels.base import Panel
    from svi_desktop.ui.session import TenderSession

log = logging.getLogger("svi.ui")


class MainWindow(Shell):
    """The one Shell (ui/window/shell.py): it makes the window's parts, giving each the others it needs."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.session: TenderSession | None = None
        self.panels: dict[str, Panel] = {}
        self.presentation = Presentation(self)
        self.backups = BackupTimer(self)
        self.files = FileLifecycle(self, self.backups, self.presentation)
        self.packs = PackActions(self, self.files)
        self.dialogs = WindowDialogs(self, self.files)
        self.stack = QStackedWidget()
        self.start_page = StartPage()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("panels")
        self.tabs.setDocumentMode(True)
        # Above every panel: a signed-off tender says so, with who signed and when (its editors are read-only).
        self.frozen_banner = QLabel()
        self.frozen_banner.setObjectName("frozenBanner")
        self.frozen_banner.setWordWrap(True)
        self.frozen_banner.setVisible(False)
        self.tender_view = QWidget()
        view = QVBoxLayout(self.tender_view)
        view.setContentsMargins(0, 0, 0, 0)
        view.setSpacing(0)
        view.addWidget(self.frozen_banner)
        view.addWidget(self.tabs, 1)
        self.stack.addWidget(self.start_page)
        self.stack.addWidget(self.tender_view)
        self.setCentralWidget(self.stack)
        install_actions(self, self.files, self.packs, self.presentation, self.dialogs)
        install_menus(self, self.files)
        self.apply_colours()
        hints = QGuiApplication.styleHints()
        if hints is not None:  # the system's light or dark scheme, followed unless View > Colours says otherwise
            hints.colorSchemeChanged.connect(lambda _scheme: self.apply_colours())
        status.build_status_bar(self)
        self.start_page.new_requested.connect(self.files.new_from_template)
        self.start_page.open_requested.connect(self.files.open_dialog)
        self.start_page.demo_requested.connect(self.files.open_demo)
        self.start_page.recent_requested.connect(lambda p: self.files.open_path(Path(p)))
        self.start_page.forget_requested.connect(lambda p: self.start_page.set_recent(settings.forget_file(p)))
        geometry = settings.get(settings.GEOMETRY)
        screen = self.screen().availableGeometry()
        restored = bool(geometry) and self.restoreGeometry(QByteArray(geometry))
        # A window saved on a larger screen (a laptop taken off its monitor) would open larger than this one, and
        # the window system then shrinks it to whatever it likes: start at nine tenths of this screen instead.
        if not restored or self.width() > screen.width() or self.height() > screen.height():
            self.resize(int(screen.width() * 0.9), int(screen.height() * 0.9))
            self.move(screen.topLeft())
        state = settings.get(settings.WINDOW_STATE)
        if state:
            self.restoreState(QByteArray(state))
        self.show_start()
        QTimer.singleShot(250, self, lambda: colours.confirm_scheme(self, self.presentation.on))  # the window is shown as soon as it is made

    def apply_colours(self, preference: str | None = None) -> None:
        colours.apply_colours(self, self.presentation.on, preference)

    # -- the start page and an open tender -----------------------------------------------------

    def show_start(self) -> None:
        self.frozen_banner.setVisible(False)
        self.start_page.set_recent(settings.get(settings.RECENT_FILES))
        self.stack.setCurrentWidget(self.start_page)
        self.setWindowTitle(APP_NAME)
        self.file_label.setText(self.tr("No tender open"))
        self.evaluator_label.setText("")
        self.saved_label.setText("")
        for action in tender_actions(self):
            action.setEnabled(False)
        status.update_undo_actions(self)

    def panel(self, name: str) -> Any:
        """A panel by its tab name; typed loosely, since the shell imports the panels only with a tender."""
        return self.panels[name]

    def attach(self, session: TenderSession) -> None:
        """Show an open tender: build its panels (they load with the first tender, not at start-up)."""
        from svi_desktop.ui.panels.audit import AuditPanel
        from svi_desktop.ui.panels.bids import BidsPanel
        from svi_desktop.ui.panels.contract.panel import ContractPanel
        from svi_desktop.ui.panels.moderation import ModerationPanel
        from svi_desktop.ui.panels.results import ResultsPanel
        from svi_desktop.ui.panels.scoring import ScoringPanel
        from svi_desktop.ui.panels.setup import SetupPanel
        from svi_desktop.ui.widgets.fields import flush_focused
        from svi_desktop.ui.window.reveal import reveal
        from svi_desktop.workflows import packs, tenders

        self.session = session
        session.flush_typing = flush_focused
        session.undo_stack.indexChanged.connect(lambda _index: status.update_undo_actions(self))
        session.saved.connect(lambda: status.on_saved(self))
        session.failed.connect(lambda message: status.on_failed(self, message))
        session.refused.connect(lambda message: status.on_refused(self, message))
        session.hinted.connect(lambda text: self.statusBar().showMessage(text, 8000))
        scoring = ScoringPanel(session)
        scoring.evaluator_changed.connect(lambda name: status.show_evaluator(self, name))
        moderation = ModerationPanel(session)
        self.panels = {"Setup": SetupPanel(session), "Bids": BidsPanel(session), "Scoring": scoring,
                       "Moderation": moderation, "Results": ResultsPanel(session),
                       "Audit": AuditPanel(session), "Contract": ContractPanel(session)}
        for panel in self.panels.values():
            panel.restore_layout()
        # After the panels (connected as they were built), so they have taken the change in before it is shown.
        session.changed.connect(lambda notice: reveal(self, notice))
        session.changed.connect(lambda _notice: self.presentation.follow())  # an undone consensus hides results
        moderation.reveal_requested.connect(self.presentation.reveal_asked)
        self.tabs.clear()
        for name in PANELS:
            self.tabs.addTab(self.panels[name], translated("Panels", name))
        is_pack = packs.info(session.tf) is not None
        # An evaluator's pack opens on Scoring (at their first unscored response), not where the lead last was.
        self.tabs.setCurrentIndex(PANELS.index("Scoring") if is_pack
                                  else min(max(settings.get(settings.PANEL), 0), len(PANELS) - 1))
        self.presentation.apply_zoom()  # the remembered text size
        self.stack.setCurrentWidget(self.tender_view)
        path = session.path
        mode = self.tr(" (read-only)") if session.read_only else ""
        kind = self.tr(" (evaluator pack)") if is_pack else ""
        self.title_text = f"{path.name}{kind}{mode}"
        status.show_title(self)
        session.changed.connect(lambda notice: status.title_after(self, notice))
        self.file_label.setText(f"{path}{mode}")
        status.show_evaluator(self, scoring.evaluator.name if scoring.evaluator else "")
        self.saved_label.setText(self.tr("Read-only: changes cannot be made") if session.read_only
                                 else self.tr("All changes saved"))
        self.saved_label.setStyleSheet("")  # a red "not saved" belonged to the file closed before
        for action in tender_actions(self):
            action.setEnabled(True)
        for action in (self.issue_action, self.collect_action, self.returns_action, self.assessment_action,
                       self.award_check_action, self.sign_off_action, self.unfreeze_action, self.notice_action):
            action.setEnabled(not is_pack and not session.read_only)
        self.codes_action.setEnabled(not is_pack)  # reading them changes nothing
        self.encrypt_action.setEnabled(not session.read_only and not is_pack)  # a pack's encryption is the lead's
        self.encrypt_action.setText(self.tr("Change &Passphrase…") if session.tf.encrypted else self.tr("Encry&pt…"))
        if session.tf.encrypted:
            self.file_label.setText(self.tr("{path} (encrypted)").format(path=path) + mode)
        due = [] if is_pack else tenders.reviews_due(session.evaluation())
        if due:  # the conflicts assessment is kept under review: say so whenever the tender is opened
            self.statusBar().showMessage(self.tr("A review of the conflicts assessment is due for {who} "
                                                 "(Edit > Conflicts assessment).").format(who=", ".join(due)), 60000)
        for i, name in enumerate(PANELS):  # a pack only scores: no moderation, no results
            hidden = is_pack and name in ("Moderation", "Results", "Contract")
            self.tabs.setTabVisible(i, not hidden)
            self.panel_actions[i].setEnabled(not hidden)
        status.update_undo_actions(self)

    def detach(self) -> TenderSession:
        """Take the panels down and hand back the session, for the caller to close."""
        assert self.session is not None
        self.session.before_edit()  # what the focused editor holds is saved before its panel goes
        settings.put(settings.PANEL, self.tabs.currentIndex())
        if self.dialogs.check_dialog is not None:  # it follows this session's changes
            self.dialogs.check_dialog.close()
        for panel in self.panels.values():
            panel.save_layout()
            panel.shutdown()
            panel.release()
            panel.deleteLater()
        self.panels = {}
        self.tabs.clear()
        session, self.session = self.session, None
        self.show_start()
        return session

    # -- undo, status, panels ---------------------------------------------------------------------

    def undo(self) -> None:
        if self.session:
            self.session.before_edit()  # typing not yet saved is a step of its own: undone first, not lost
        if self.session and self.session.undo_stack.canUndo():
            self.session.undo_stack.undo()

    def redo(self) -> None:
        if self.session:
            self.session.before_edit()
        if self.session and self.session.undo_stack.canRedo():
            self.session.undo_stack.redo()

    def show_panel(self, index: int) -> None:
        if self.session is not None and self.tabs.isTabEnabled(index):  # presentation mode disables some
            from svi_desktop.ui.panels.base import Panel

            self.tabs.setCurrentIndex(index)
            panel = self.tabs.currentWidget()
            if isinstance(panel, Panel):
                panel.focus_default()  # the keyboard starts in the panel, not on the tab bar

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == QtCore.Qt.Key.Key_Escape and self.presentation.on:
            self.presentation.set(False)
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings.put(settings.GEOMETRY, bytes(self.saveGeometry().data()))
        settings.put(settings.WINDOW_STATE, bytes(self.saveState().data()))
        self.files.close_tender()
        event.accept()
