"""The main window: menus, toolbar, status bar, the start page and the panels of an open tender."""

from __future__ import annotations

import logging
import time
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QWidget,
)

from svi_desktop import APP_NAME, __version__
from svi_desktop.domain.model import Evaluation, Tender, new_id
from svi_desktop.errors import FileLocked, KnownError
from svi_desktop.imports.demo import demo_evaluation
from svi_desktop.imports.framework_file import load_framework
from svi_desktop.store.backup import backup_connection, backup_file, changed_since_last_backup, restore, tender_id
from svi_desktop.store.create import create_tender_file
from svi_desktop.store.lock import current_user
from svi_desktop.store.packs import collect_returns, issue_packs, pack_info, uncollect
from svi_desktop.store.paths import data_dir, ensure_dir, is_network_path
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.ui import settings
from svi_desktop.ui.dialogs import show_error
from svi_desktop.ui.panels.start import StartPage
from svi_desktop.ui.session import TenderSession
from svi_desktop.ui.worker import Job, start

log = logging.getLogger("svi.ui")

FILE_FILTER = "SVI Workbench tenders (*.svi);;All files (*)"
# High contrast for a projector or a large shared screen: white on black, yellow for focus and selection.
HIGH_CONTRAST = """
QWidget { background: #000000; color: #ffffff; }
QTableView { gridline-color: #777777; selection-background-color: #ffd400; selection-color: #000000; }
QHeaderView::section { background: #1a1a1a; color: #ffffff; border: 1px solid #777777; padding: 4px; }
QPushButton, QToolButton, QComboBox { background: #1a1a1a; color: #ffffff; border: 2px solid #ffffff; padding: 4px; }
QPushButton:focus, QToolButton:focus, QComboBox:focus, QTableView:focus { border: 3px solid #ffd400; }
QToolButton:checked { background: #ffd400; color: #000000; }
QPlainTextEdit, QLineEdit { background: #000000; color: #ffffff; border: 1px solid #ffffff; }
"""
PANELS = ("Setup", "Bids", "Scoring", "Moderation", "Results", "Audit")


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.session: TenderSession | None = None
        self.panels: dict[str, QWidget] = {}
        self.stack = QStackedWidget()
        self.start_page = StartPage()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("panels")
        self.tabs.setDocumentMode(True)
        self.stack.addWidget(self.start_page)
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)
        self._build_actions()
        self._build_menus()
        self._build_status_bar()
        self.start_page.new_requested.connect(self.new_from_template)
        self.start_page.open_requested.connect(self.open_dialog)
        self.start_page.demo_requested.connect(self.open_demo)
        self.start_page.recent_requested.connect(lambda p: self.open_path(Path(p)))
        geometry = settings.get(settings.GEOMETRY)
        if geometry:
            self.restoreGeometry(QByteArray(geometry))
        else:
            screen = self.screen().availableGeometry()
            self.resize(int(screen.width() * 0.9), int(screen.height() * 0.9))
        state = settings.get(settings.WINDOW_STATE)
        if state:
            self.restoreState(QByteArray(state))
        self._last_backup = time.monotonic()
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(60_000)
        self.backup_timer.timeout.connect(self._tick)
        self.backup_timer.start()
        self._show_start()

    # -- building ------------------------------------------------------------------

    def _action(self, text: str, slot, shortcut: QKeySequence | str | None = None, name: str = "") -> QAction:  # noqa: ANN001
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        if name:
            action.setObjectName(name)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action(self.tr("&New from template…"), lambda: self.new_from_template(),
                                       QKeySequence.StandardKey.New, "newAction")
        self.open_action = self._action(self.tr("&Open…"), self.open_dialog, QKeySequence.StandardKey.Open, "openAction")
        self.demo_action = self._action(self.tr("Open &demo tender"), self.open_demo, None, "demoAction")
        self.copy_action = self._action(self.tr("Save a &Copy As…"), self.save_copy_as, "Ctrl+Shift+S", "copyAction")
        self.export_action = self._action(self.tr("&Export…"), self.export_dialog, "Ctrl+E", "exportAction")
        self.close_action = self._action(self.tr("&Close"), self.close_tender, QKeySequence.StandardKey.Close,
                                         "closeAction")
        self.quit_action = self._action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit, "quitAction")
        self.undo_action = self._action(self.tr("&Undo"), self._undo, QKeySequence.StandardKey.Undo, "undoAction")
        self.redo_action = self._action(self.tr("&Redo"), self._redo, "Ctrl+Shift+Z", "redoAction")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.about_action = self._action(self.tr("&About {app}").format(app=APP_NAME), self.show_about, None,
                                         "aboutAction")
        self.panel_actions = []
        for i, name in enumerate(PANELS):
            action = self._action(self.tr(name), lambda _=False, i=i: self.show_panel(i), f"Ctrl+{i + 1}",
                                  f"show{name}Action")
            self.panel_actions.append(action)
        self.presentation_action = self._action(self.tr("&Presentation mode"), self.toggle_presentation, "F11",
                                                "presentationAction")
        self.presentation_action.setCheckable(True)
        self.larger_action = self._action(self.tr("&Larger text"), lambda: self._scale_text(1.15),
                                          QKeySequence.StandardKey.ZoomIn, "largerAction")
        self.smaller_action = self._action(self.tr("S&maller text"), lambda: self._scale_text(1 / 1.15),
                                           QKeySequence.StandardKey.ZoomOut, "smallerAction")
        self.restore_action = self._action(self.tr("Restore from &backup…"), self.restore_dialog, None,
                                           "restoreAction")
        self.issue_action = self._action(self.tr("&Issue evaluator packs…"), self.issue_packs_dialog, None,
                                         "issuePacksAction")
        self.collect_action = self._action(self.tr("Co&llect returns…"), self.collect_dialog, None, "collectAction")
        self.evaluators_action = self._action(self.tr("E&valuators and declarations…"), self.show_evaluators, None,
                                              "evaluatorsAction")
        self.returns_action = self._action(self.tr("Re&turns from evaluators…"), self.show_returns, None,
                                           "returnsAction")

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu(self.tr("Open &Recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addAction(self.demo_action)
        file_menu.addSeparator()
        file_menu.addAction(self.copy_action)
        file_menu.addAction(self.restore_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.issue_action)
        file_menu.addAction(self.collect_action)
        file_menu.addSeparator()
        file_menu.addAction(self.close_action)
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.evaluators_action)
        edit_menu.addAction(self.returns_action)
        view_menu = bar.addMenu(self.tr("&View"))
        for action in self.panel_actions:
            view_menu.addAction(action)
        # Also on the window itself, so that the shortcuts work in presentation mode, with the menus hidden.
        self.addActions([*self.panel_actions, self.presentation_action, self.larger_action, self.smaller_action])
        view_menu.addSeparator()
        view_menu.addAction(self.presentation_action)
        view_menu.addAction(self.larger_action)
        view_menu.addAction(self.smaller_action)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.about_action)

        toolbar = QToolBar(self.tr("Main toolbar"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.new_action, self.open_action, self.undo_action, self.redo_action, self.export_action):
            toolbar.addAction(action)
        self.addToolBar(toolbar)

    def _build_status_bar(self) -> None:
        self.file_label = QLabel()
        self.file_label.setObjectName("statusFile")
        self.evaluator_label = QLabel()
        self.evaluator_label.setObjectName("statusEvaluator")
        self.saved_label = QLabel()
        self.saved_label.setObjectName("statusSaved")
        bar = self.statusBar()
        bar.addWidget(self.file_label, 1)
        bar.addPermanentWidget(self.evaluator_label)
        bar.addPermanentWidget(self.saved_label)

    # -- state ---------------------------------------------------------------------

    def _show_start(self) -> None:
        self.start_page.set_recent(settings.get(settings.RECENT_FILES))
        self.stack.setCurrentWidget(self.start_page)
        self.setWindowTitle(APP_NAME)
        self.file_label.setText(self.tr("No tender open"))
        self.evaluator_label.setText("")
        self.saved_label.setText("")
        for action in self._tender_actions():
            action.setEnabled(False)
        self._update_undo_actions()

    def _tender_actions(self) -> list[QAction]:
        return [self.copy_action, self.restore_action, self.export_action, self.close_action, *self.panel_actions, self.presentation_action,
                self.larger_action, self.smaller_action, self.issue_action, self.collect_action,
                self.evaluators_action, self.returns_action]

    def _update_undo_actions(self) -> None:
        stack = self.session.undo_stack if self.session else None
        can_undo = bool(stack and stack.canUndo())
        can_redo = bool(stack and stack.canRedo())
        self.undo_action.setEnabled(can_undo)
        self.redo_action.setEnabled(can_redo)
        self.undo_action.setText(self.tr("&Undo {step}").format(step=stack.undoText()) if can_undo else self.tr("&Undo"))
        self.redo_action.setText(self.tr("&Redo {step}").format(step=stack.redoText()) if can_redo else self.tr("&Redo"))

    def _undo(self) -> None:
        if self.session and self.session.undo_stack.canUndo():
            self.session.undo_stack.undo()

    def _redo(self) -> None:
        if self.session and self.session.undo_stack.canRedo():
            self.session.undo_stack.redo()

    def _attach(self, session: TenderSession) -> None:
        self.session = session
        panel = min(max(settings.get(settings.PANEL), 0), len(PANELS) - 1)
        session.undo_stack.indexChanged.connect(lambda _i: self._update_undo_actions())
        session.saved.connect(self._on_saved)
        session.failed.connect(self._on_failed)
        self.tabs.clear()
        # The panels load with the first tender, not at start-up: the start page needs none of them.
        from svi_desktop.ui.panels.audit import AuditPanel
        from svi_desktop.ui.panels.bids import BidsPanel
        from svi_desktop.ui.panels.moderation import ModerationPanel
        from svi_desktop.ui.panels.results import ResultsPanel
        from svi_desktop.ui.panels.scoring import ScoringPanel
        from svi_desktop.ui.panels.setup import SetupPanel

        scoring = ScoringPanel(session)
        scoring.evaluator_changed.connect(self._show_evaluator)
        self.panels = {"Setup": SetupPanel(session), "Bids": BidsPanel(session), "Scoring": scoring,
                       "Moderation": ModerationPanel(session), "Results": ResultsPanel(session),
                       "Audit": AuditPanel(session)}
        for name in PANELS:
            self.tabs.addTab(self.panels[name], self.tr(name))
        self.tabs.setCurrentIndex(panel)
        self.stack.setCurrentWidget(self.tabs)
        path = session.tf.path
        mode = self.tr(" (read-only)") if session.read_only else ""
        self.setWindowTitle(f"{path.name}{mode} — {APP_NAME}")
        self.file_label.setText(f"{path}{mode}")
        self._show_evaluator(scoring.evaluator.name if scoring.evaluator else "")
        self.saved_label.setText(self.tr("Read-only: changes cannot be made") if session.read_only
                                 else self.tr("All changes saved"))
        is_pack = pack_info(session.tf) is not None
        for action in self._tender_actions():
            action.setEnabled(True)
        for action in (self.issue_action, self.collect_action, self.returns_action):
            action.setEnabled(not is_pack and not session.read_only)
        if is_pack:
            self.setWindowTitle(f"{path.name} (evaluator pack){mode} — {APP_NAME}")
        self._update_undo_actions()

    # -- backups -------------------------------------------------------------------------

    def _backup(self, reason: str, *, only_if_changed: bool) -> None:
        """A verified rolling backup into the data folder; failures are told, never fatal."""
        if self.session is None or self.session.read_only:
            return
        tf = self.session.tf
        try:
            if only_if_changed and not changed_since_last_backup(tf):
                return
            tender = tender_id(tf)
        except KnownError as exc:
            self.statusBar().showMessage(exc.message, 10000)
            return
        self._last_backup = time.monotonic()
        # Copying and verifying a large tender takes a while: on a read-only connection of its own, off the
        # GUI thread, so the window stays responsive.
        path, keep = tf.path, settings.get(settings.BACKUPS_KEPT)
        job = Job(lambda _progress: backup_file(path, reason, keep, tender=tender))
        job.signals.failed.connect(lambda message: self.statusBar().showMessage(message, 10000))
        self._backup_job = start(job)

    def _tick(self) -> None:
        """Every minute: a backup once 15 minutes of editing have passed since the last one."""
        if self.session is None:
            return
        minutes = settings.get(settings.BACKUP_MINUTES)
        if time.monotonic() - getattr(self, "_last_backup", 0.0) >= minutes * 60:
            self._backup("every-15-minutes", only_if_changed=True)

    def restore_dialog(self) -> None:
        if self.session is None:
            return
        from svi_desktop.ui.panels.restore_dialog import RestoreDialog

        dialog = RestoreDialog(self.session, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen() is not None:
            self.restore(dialog.chosen())

    def restore(self, backup) -> bool:  # noqa: ANN001
        assert self.session is not None
        path = self.session.tf.path
        try:
            restore(self.session.tf, backup)
        except KnownError as exc:
            show_error(self, exc.message)
            return False
        self.close_tender()  # reopen so that every panel shows the restored tender
        return self.open_path(path)

    def _network_ok(self, path: Path) -> bool:
        """Warn once per file about a network drive; True to work on it there, False for a local copy."""
        warned = settings.get(settings.NETWORK_WARNED)
        if str(path.resolve()) in warned:
            return True
        settings.put(settings.NETWORK_WARNED, [*warned, str(path.resolve())])
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, self.tr(
            "{name} is on a network drive: if the connection drops while it is being written, the tender can be "
            "damaged. Work on a local copy and save a copy back when you have finished?").format(name=path.name),
            QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("networkDialog")
        box.setTextFormat(Qt.TextFormat.PlainText)
        local = box.addButton(self.tr("Work on a local copy"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Open it where it is"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is not local

    def open_local_copy(self, path: Path) -> bool:
        folder = ensure_dir("working")
        copy = folder / f"{path.stem}-{datetime.now().strftime('%Y%m%d-%H%M%S')}{path.suffix}"
        try:
            with TenderFile.open(path, actor=current_user(), read_only=True) as tf:
                made = backup_connection(tf.conn, path, "local-copy", folder=folder)
            made.replace(copy)
        except (KnownError, OSError) as exc:
            show_error(self, getattr(exc, "message", None) or self.tr("A local copy could not be made."))
            return False
        ok = self.open_path(copy)
        if ok:
            self.statusBar().showMessage(self.tr("Working on a local copy of {name}: use File > Save a Copy As to "
                                                 "put it back.").format(name=path.name), 15000)
        return ok

    def _show_evaluator(self, name: str) -> None:
        self.evaluator_label.setText(self.tr("Evaluator: {name}").format(name=name) if name
                                     else self.tr("Evaluator: none chosen"))

    def _on_saved(self) -> None:
        self.saved_label.setText(self.tr("All changes saved"))
        self.saved_label.setStyleSheet("")

    def _on_failed(self, message: str) -> None:
        self.saved_label.setText(self.tr("Last change not saved"))
        self.saved_label.setStyleSheet("color: palette(bright-text); background: #b3261e; padding: 0 6px;")
        show_error(self, message)

    def show_panel(self, index: int) -> None:
        if self.session is not None:
            self.tabs.setCurrentIndex(index)

    # -- files ---------------------------------------------------------------------

    def _folder(self) -> str:
        return settings.get(settings.LAST_FOLDER) or str(Path.home())

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a tender"), self._folder(), FILE_FILTER)
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path, read_only: bool = False) -> bool:
        """Open a tender file; on refusal, say why in one sentence and stay as we were."""
        try:
            tf = TenderFile.open(path, actor=current_user(), read_only=read_only)
        except FileLocked as exc:
            box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, exc.message, QMessageBox.StandardButton.NoButton, self)
            box.setObjectName("lockedDialog")
            box.setTextFormat(Qt.TextFormat.PlainText)
            read_only_button = box.addButton(self.tr("Open read-only"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            if box.clickedButton() is read_only_button:
                return self.open_path(path, read_only=True)
            return False
        except KnownError as exc:
            show_error(self, exc.message)
            return False
        if not read_only and is_network_path(path) and not self._network_ok(path):
            tf.close()
            return self.open_local_copy(path)
        self.close_tender()
        self._attach(TenderSession(tf, self))
        self._backup("opened", only_if_changed=True)
        settings.put(settings.LAST_FOLDER, str(path.parent))
        settings.remember_file(str(path.resolve()))
        log.info("opened %s in the window", path)
        return True

    def new_from_template(self, template: str | None = None, path: Path | None = None) -> bool:
        template = template or self.start_page.template_box.currentData()
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Save the new tender as"),
                                                    str(Path(self._folder()) / "tender.svi"), FILE_FILTER)
            if not chosen:
                return False
            path = Path(chosen)
        if path.suffix != ".svi":
            path = path.with_suffix(".svi")
        try:
            fw = load_framework(template)
            title = path.stem.replace("_", " ").replace("-", " ").strip() or self.tr("New tender")
            create_tender_file(path, Evaluation(Tender(new_id(), title), fw), action="create tender")
        except KnownError as exc:
            show_error(self, exc.message)
            return False
        return self.open_path(path)

    def open_demo(self) -> bool:
        """A fresh copy of the demo tender in the user's data folder: never a shared file."""
        folder = ensure_dir("demo")
        path = folder / f"demo-{datetime.now().strftime('%Y%m%d-%H%M%S-%f')}.svi"
        try:
            create_tender_file(path, demo_evaluation(), action="create demo tender")
        except KnownError as exc:
            show_error(self, exc.message)
            return False
        return self.open_path(path)

    def save_copy_as(self) -> None:
        if self.session is None:
            return
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Save a copy as"), self._folder(), FILE_FILTER)
        if not chosen:
            return
        target = Path(chosen)
        if target.resolve() == self.session.tf.path.resolve():
            show_error(self, self.tr("Choose a different name: that is the file already open."))
            return
        try:
            made = backup_connection(self.session.tf.conn, self.session.tf.path, "copy", folder=target.parent)
            made.replace(target)
        except (KnownError, OSError) as exc:
            show_error(self, getattr(exc, "message", None) or self.tr("The copy could not be written; nothing changed."))
            return
        self.statusBar().showMessage(self.tr("Saved a copy as {path}").format(path=target), 5000)

    def close_tender(self) -> None:
        if self.session is None:
            return
        if self.presentation_action.isChecked():
            self.toggle_presentation()
        settings.put(settings.PANEL, self.tabs.currentIndex())
        for panel in self.panels.values():
            if hasattr(panel, "save_layout"):
                panel.save_layout()
            if hasattr(panel, "cancel_robustness"):
                panel.cancel_robustness()
            panel.deleteLater()
        self.panels = {}
        self.tabs.clear()
        session, self.session = self.session, None
        session.close()
        session.deleteLater()
        self._show_start()

    def export_dialog(self) -> None:
        if self.session is not None:
            from svi_desktop.ui.panels.export_dialog import ExportDialog

            ExportDialog(self.session, self._folder(), self).exec()

    # -- evaluators, packs and returns ------------------------------------------------

    def show_evaluators(self) -> None:
        if self.session is not None:
            from svi_desktop.ui.panels.evaluators import EvaluatorsDialog

            EvaluatorsDialog(self.session, self).exec()

    def show_returns(self) -> None:
        if self.session is not None:
            from svi_desktop.ui.panels.evaluators import ReturnsDialog

            ReturnsDialog(self.session, self).exec()

    def issue_packs_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the evaluator packs"), self._folder())
        if folder:
            self.issue_packs_to(Path(folder))

    def issue_packs_to(self, folder: Path) -> list[Path]:
        assert self.session is not None
        try:
            made = issue_packs(self.session.tf, folder)
        except KnownError as exc:
            show_error(self, exc.message)
            return []
        self.statusBar().showMessage(self.tr("Issued {n} evaluator packs in {folder}").format(n=len(made),
                                                                                             folder=folder), 8000)
        return made

    def collect_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Collect returned packs"), self._folder(), FILE_FILTER)
        if paths:
            self.collect([Path(p) for p in paths])

    def collect(self, paths: list[Path]) -> bool:
        """Merge returned packs as one undoable step, then say what happened to each pack."""
        assert self.session is not None
        tf = self.session.tf
        try:
            result = collect_returns(tf, paths)
        except KnownError as exc:
            show_error(self, exc.message)
            return False
        if result.changed:
            state = {"result": result, "done": True}

            def do() -> None:
                if state.pop("done", False):
                    return  # the first time, it has just been done above
                state["result"] = collect_returns(tf, paths)

            self.session.run(self.tr("Collect {n} returns").format(n=len(result.merged) + len(result.conflicts)),
                             do, lambda: uncollect(tf, state["result"]))
        lines = [self.tr("Collected {p}: {n} scores from {e}.").format(p=p, n=n, e=e) for p, e, n in result.merged]
        lines += [self.tr("{p} was collected before; nothing changed.").format(p=p) for p in result.unchanged]
        lines += [self.tr("{p} is a second, different return from {e}: kept as a conflict "
                          "(Edit > Returns from evaluators).").format(p=p, e=e) for p, e in result.conflicts]
        lines += [reason for _p, reason in result.refused]
        box = QMessageBox(QMessageBox.Icon.Information if not result.refused else QMessageBox.Icon.Warning,
                          self.tr("Collect returns"), "\n".join(lines), QMessageBox.StandardButton.Ok, self)
        box.setObjectName("collectReport")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()
        return result.changed

    # -- presentation ----------------------------------------------------------------

    def toggle_presentation(self) -> None:
        """Full screen, large type and high contrast on the Moderation panel, for a projector."""
        if self.session is None:
            self.presentation_action.setChecked(False)
            return
        panel = self.panels["Moderation"]
        on = self.presentation_action.isChecked() if self.sender() is self.presentation_action else (
            not getattr(self, "_presenting", False))
        self.presentation_action.setChecked(on)
        self._presenting = on
        if on:
            self._before_presentation = (self.isMaximized(), bytes(self.saveGeometry().data()))
            self.tabs.setCurrentWidget(panel)
            self.menuBar().setVisible(False)
            self.findChild(QToolBar, "mainToolbar").setVisible(False)
            self.statusBar().setVisible(False)
            self.tabs.tabBar().setVisible(False)
            self.setStyleSheet(HIGH_CONTRAST)
            panel.set_presentation(True)
            self.panels["Results"].set_font_scale(panel.font_scale)
            self.panels["Results"].set_anonymous(True)
            self.showFullScreen()
        else:
            self.setStyleSheet("")
            panel.set_presentation(False)
            self.panels["Results"].set_font_scale(1.0)
            self.panels["Results"].set_anonymous(False)
            self.menuBar().setVisible(True)
            self.findChild(QToolBar, "mainToolbar").setVisible(True)
            self.statusBar().setVisible(True)
            self.tabs.tabBar().setVisible(True)
            self.showNormal()
            maximised, geometry = getattr(self, "_before_presentation", (False, b""))
            if geometry:
                self.restoreGeometry(QByteArray(geometry))
            if maximised:
                self.showMaximized()

    def _scale_text(self, factor: float) -> None:
        panel = self.panels.get("Moderation")
        if panel is not None:
            panel.set_font_scale(panel.font_scale * factor)
            self.panels["Results"].set_font_scale(panel.font_scale)

    def keyPressEvent(self, event) -> None:  # noqa: ANN001, N802
        if event.key() == Qt.Key.Key_Escape and getattr(self, "_presenting", False):
            self.toggle_presentation()
            return
        super().keyPressEvent(event)

    def show_about(self) -> None:
        path = str(self.session.tf.path) if self.session else self.tr("no tender open")
        text = self.tr("{app} {version}\n\nTender file: {path}\nData folder: {data}").format(
            app=APP_NAME, version=__version__, path=path, data=data_dir())
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("About {app}").format(app=APP_NAME), text,
                          QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setObjectName("aboutDialog")
        box.exec()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = settings.get(settings.RECENT_FILES)
        for p in recent:
            action = self.recent_menu.addAction(p)
            action.triggered.connect(lambda _=False, p=p: self.open_path(Path(p)))
        if not recent:
            self.recent_menu.addAction(self.tr("(none)")).setEnabled(False)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        settings.put(settings.GEOMETRY, bytes(self.saveGeometry().data()))
        settings.put(settings.WINDOW_STATE, bytes(self.saveState().data()))
        self.close_tender()
        event.accept()
