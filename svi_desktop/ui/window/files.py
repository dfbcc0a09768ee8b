"""The file lifecycle in the window: new, open, recent, the demo, a network drive's local copy, copy, restore, close."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

# The dialogs' classes through the module, when used: PySide builds a class's enums when its name is first
# taken, and these are not wanted to show the start page (issue 19, cold start).
from PySide6 import QtCore, QtWidgets
from PySide6.QtCore import QObject

from svi_desktop import APP_NAME
from svi_desktop.errors import EncryptedFile, FileLocked, KnownError
from svi_desktop.ui import settings
from svi_desktop.ui.dialogs import show_error

# The store, the session and the workflows load with the first tender opened, not at start-up (issue 19: the
# start page needs none of them).
if TYPE_CHECKING:
    from svi_desktop.domain.model import Evaluation
    from svi_desktop.ui.window.backups import BackupTimer
    from svi_desktop.ui.window.presentation import Presentation
    from svi_desktop.ui.window.shell import Shell
    from svi_desktop.workflows.backups import BackupInfo

log = logging.getLogger("svi.ui")

FILE_FILTER = "SVI Workbench tenders (*.svi);;All files (*)"


class FileLifecycle(QObject):
    def __init__(self, window: Shell, backups: BackupTimer, presentation: Presentation) -> None:
        super().__init__(window)
        self.window = window
        self.backups = backups
        self.presentation = presentation

    def folder(self) -> str:
        return settings.get(settings.LAST_FOLDER) or str(Path.home())

    def _message_box(self, text: str, name: str) -> QtWidgets.QMessageBox:
        box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Warning, APP_NAME, text, QtWidgets.QMessageBox.StandardButton.NoButton, self.window)
        box.setObjectName(name)
        box.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        return box

    # -- opening -------------------------------------------------------------------------

    def open_dialog(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(self.window, self.tr("Open a tender"), self.folder(), FILE_FILTER)
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path, read_only: bool = False, *, passphrase: str | bytes | None = None,
                  as_who: str = "") -> bool:
        """Open a tender file; on refusal, say why in one sentence and stay as we were. An encrypted one asks for its
        passphrase (again, saying so, when the one typed does not open it) until it opens or the question is
        cancelled. `as_who`: the person already working (the file was closed and opened again, encrypted)."""
        from svi_desktop.ui.session import TenderSession
        from svi_desktop.workflows import tenders

        try:
            tf, evaluation = tenders.open_and_read(path, read_only=read_only, passphrase=passphrase)
        except EncryptedFile as exc:
            given = self.ask_passphrase(path, exc.message if passphrase else "")
            if not given:
                return False
            return self.open_path(path, read_only, passphrase=given, as_who=as_who)
        except FileLocked as exc:
            box = self._message_box(exc.message, "lockedDialog")
            read_only_button = box.addButton(self.tr("Open read-only"), QtWidgets.QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QtWidgets.QMessageBox.StandardButton.Cancel)
            box.exec()
            if box.clickedButton() is read_only_button:
                return self.open_path(path, read_only=True)
            return False
        except KnownError as exc:
            show_error(self.window, exc.message)
            return False
        if not read_only and tf.integrity_problem:
            # A signed-off award changed outside the program: shown as it is, never written to.
            problem = tf.integrity_problem
            tf.close()
            opened = self.open_path(path, read_only=True)
            show_error(self.window, self.tr(
                "{name} was changed outside SVI Workbench ({problem}), so it is open read-only; run svi check on it "
                "and restore it from a backup.").format(name=path.name, problem=problem))
            return opened
        if not read_only and tenders.on_network_drive(path) and not self._network_ok(path):
            tf.close()
            return self.open_local_copy(path)
        if not read_only:
            who = as_who or self.who_is_working(path, evaluation, tf.pack_evaluator)
            if not who:
                tf.close()
                return False
            tf.actor = who  # the audit trail names the person, not the computer's account
        self.close_tender()
        self.window.attach(TenderSession(tf, self.window, evaluation=evaluation))
        self.backups.backup("opened", only_if_changed=True)
        if not tenders.is_demo_copy(path):  # each demo run makes a fresh copy: remembering them fills the list
            settings.put(settings.LAST_FOLDER, str(path.parent))
            settings.remember_file(str(path.resolve()))
        log.info("opened %s in the window", path)
        return True

    def ask_passphrase(self, path: Path, problem: str = "") -> str | None:
        from svi_desktop.ui.panels.dialogs.passphrase import ask_passphrase

        return ask_passphrase(self.window, path.name, problem)

    def choose_passphrase(self, title: str, intro: str) -> str | None:
        from svi_desktop.ui.panels.dialogs.passphrase import choose_passphrase

        return choose_passphrase(self.window, title, intro)

    def encrypt(self) -> bool:
        """File > Encrypt…: the open tender encrypted (or its passphrase changed), with its backups. The file is
        closed, converted and opened again: the undo history starts afresh. False when nothing was converted."""
        from svi_desktop.workflows import tenders

        session = self.window.session
        if session is None or session.read_only:
            return False
        path, who, old = session.path, session.tf.actor, session.tf.passphrase
        if old is None:
            title = self.tr("Encrypt the tender")
            intro = self.tr("{name} and its backups will be encrypted with this passphrase, and the packs issued "
                            "from it with passphrases of their own. The file is closed and opened again, so Undo "
                            "starts afresh.").format(name=path.name)
        else:
            title = self.tr("Change the passphrase")
            intro = self.tr("{name} and its backups will open with this passphrase, not the one it has now. The file "
                            "is closed and opened again, so Undo starts afresh.").format(name=path.name)
        new = self.choose_passphrase(title, intro)
        if not new:
            return False
        self.close_tender()
        try:
            if old is None:
                done = self._in_background(self.tr("Encrypting {name} and its backups…").format(name=path.name),
                                           lambda: tenders.encrypt(path, new, actor=who))
            else:
                done = self._in_background(self.tr("Changing the passphrase of {name} and its backups…").format(
                    name=path.name), lambda: tenders.change_passphrase(path, old, new, actor=who))
        except KnownError as exc:
            show_error(self.window, exc.message)
            self.open_path(path, passphrase=old, as_who=who)  # as it was
            return False
        self.show_recovery_key(path, done.recovery_key)
        opened = self.open_path(path, passphrase=new, as_who=who)
        if opened:
            self.window.statusBar().showMessage(self.tr("{name} is encrypted.").format(name=path.name), 8000)
        return opened

    def _in_background(self, text: str, work: Callable[[], Any]) -> Any:
        """`work` off the window's thread (a large tender and its backups take seconds to convert), the window
        disabled meanwhile with a busy bar in the status bar; its KnownError raised here."""
        from svi_desktop.ui.worker import Job, start

        status = self.window.statusBar()
        bar = QtWidgets.QProgressBar()
        bar.setObjectName("backgroundProgress")
        bar.setRange(0, 0)  # busy: a conversion is one step, complete or not done
        bar.setMaximumWidth(160)
        status.addPermanentWidget(bar)
        status.showMessage(text)
        self.window.setEnabled(False)
        outcome: dict[str, Any] = {}
        loop = QtCore.QEventLoop()
        job = Job(lambda _progress: work())
        job.signals.finished.connect(lambda result: outcome.update(result=result))
        job.signals.failed.connect(lambda message: outcome.update(error=message))
        job.signals.ended.connect(loop.quit)  # queued to this thread: delivered once the loop runs
        try:
            start(job)
            loop.exec()
        finally:
            self.window.setEnabled(True)
            status.removeWidget(bar)
            bar.deleteLater()
            status.clearMessage()
        if "error" in outcome:
            raise KnownError(outcome["error"])
        return outcome["result"]

    def show_recovery_key(self, path: Path, key: str) -> None:
        from svi_desktop.ui.panels.dialogs.passphrase import show_recovery_key

        show_recovery_key(self.window, path.name, key)

    def who_is_working(self, path: Path, evaluation: Evaluation, pack_evaluator: str = "") -> str:
        """The person the audit trail names for this session ("" when the question was cancelled): a pack's own
        evaluator; otherwise asked, the person chosen last time offered first."""
        from svi_desktop.domain.award import people_at_work

        if pack_evaluator:
            own = next((e.name for e in evaluation.evaluators if e.id == pack_evaluator), "")
            return self.tr("{name} (evaluator, own pack)").format(name=own) if own else ""
        who = self.ask_who(path, people_at_work(evaluation))
        if who:
            settings.put(settings.WORKING_AS, who)
        return who

    def ask_who(self, path: Path, people: list[tuple[str, str]]) -> str:
        from svi_desktop.ui.panels.dialogs.who import WhoDialog

        dialog = WhoDialog(path.name, people, settings.get(settings.WORKING_AS), self.window)
        accepted = dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted
        who = dialog.who()
        dialog.deleteLater()
        return who if accepted else ""

    def _network_ok(self, path: Path) -> bool:
        """Warn once per file about a network drive; True to work on it there, False for a local copy."""
        warned = settings.get(settings.NETWORK_WARNED)
        if str(path.resolve()) in warned:
            return True
        settings.put(settings.NETWORK_WARNED, [*warned, str(path.resolve())])
        box = self._message_box(self.tr(
            "{name} is on a network drive: if the connection drops while it is being written, the tender can be "
            "damaged. Work on a local copy and save a copy back when you have finished?").format(name=path.name),
            "networkDialog")
        local = box.addButton(self.tr("Work on a local copy"), QtWidgets.QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Open it where it is"), QtWidgets.QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is not local

    def open_local_copy(self, path: Path) -> bool:
        from svi_desktop.workflows import tenders

        try:
            copy = tenders.local_working_copy(path)
        except KnownError as exc:
            show_error(self.window, exc.message)
            return False
        ok = self.open_path(copy)
        if ok:
            self.window.statusBar().showMessage(self.tr(
                "Working on a local copy of {name}: use File > Save a Copy As to put it back.").format(name=path.name),
                15000)
        return ok

    def new_from_template(self, template: str | None = None, path: Path | None = None) -> bool:
        from svi_desktop.workflows import tenders

        template = template or self.window.start_page.template_box.currentData()
        if path is None:
            chosen, _ = QtWidgets.QFileDialog.getSaveFileName(self.window, self.tr("Save the new tender as"),
                                                    str(Path(self.folder()) / "tender.svi"), FILE_FILTER)
            if not chosen:
                return False
            path = Path(chosen)
        path = tenders.with_extension(path)
        passphrase = self.offer_encryption(path)
        if passphrase == "":
            return False  # cancelled
        try:
            tenders.new_tender(path, template=template, passphrase=passphrase)
            if passphrase:
                self.show_recovery_key(path, tenders.recovery_key(path, passphrase))
        except KnownError as exc:
            show_error(self.window, exc.message)
            return False
        return self.open_path(path, passphrase=passphrase)

    def offer_encryption(self, path: Path) -> str | None:
        """Whether to encrypt a new tender: its passphrase, None for a plain file, "" when cancelled."""
        box = self._message_box(self.tr("Encrypt {name}? Its bids will hold commercially sensitive prices and "
                                        "responses; encrypted, the file opens only with its passphrase.").format(
                                            name=path.name), "offerEncryption")
        box.setIcon(QtWidgets.QMessageBox.Icon.Question)
        encrypt = box.addButton(self.tr("&Encrypt with a passphrase…"), QtWidgets.QMessageBox.ButtonRole.AcceptRole)
        plain = box.addButton(self.tr("&Leave it unencrypted"), QtWidgets.QMessageBox.ButtonRole.RejectRole)
        box.addButton(QtWidgets.QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(plain)
        box.exec()
        if box.clickedButton() is plain:
            return None
        if box.clickedButton() is not encrypt:
            return ""
        chosen = self.choose_passphrase(self.tr("Encrypt the new tender"),
                                        self.tr("{name} will be encrypted with this passphrase from its first "
                                                "byte.").format(name=path.name))
        return chosen or ""

    def open_demo(self) -> bool:
        """A fresh copy of the demo tender in the user's data folder: never a shared file."""
        from svi_desktop.workflows import tenders

        try:
            path = tenders.demo_tender(tenders.fresh_demo_path())
        except KnownError as exc:
            show_error(self.window, exc.message)
            return False
        return self.open_path(path)

    def fill_recent_menu(self) -> None:
        menu = self.window.recent_menu
        menu.clear()
        recent = settings.get(settings.RECENT_FILES)
        for p in recent:
            missing = not Path(p).exists()
            action = menu.addAction(p + (self.tr("  (missing)") if missing else ""))
            action.setEnabled(not missing)
            action.triggered.connect(lambda _=False, p=p: self.open_path(Path(p)))
        if not recent:
            menu.addAction(self.tr("(none)")).setEnabled(False)
            return
        menu.addSeparator()
        clear = menu.addAction(self.tr("&Clear the list"))
        clear.triggered.connect(lambda: settings.put(settings.RECENT_FILES, []))

    # -- copies and backups ------------------------------------------------------------------

    def save_copy_as(self) -> None:
        from svi_desktop.workflows import tenders

        session = self.window.session
        if session is None:
            return
        chosen, _ = QtWidgets.QFileDialog.getSaveFileName(self.window, self.tr("Save a copy as"), self.folder(), FILE_FILTER)
        if not chosen:
            return
        try:
            target = tenders.copy_tender(session.tf, Path(chosen))
        except KnownError as exc:
            show_error(self.window, exc.message)
            return
        self.window.statusBar().showMessage(self.tr("Saved a copy as {path}").format(path=target), 5000)

    def restore_dialog(self) -> None:
        if self.window.session is None:
            return
        from svi_desktop.ui.panels.dialogs.restore import RestoreDialog

        dialog = RestoreDialog(self.window.session, self.window)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted and dialog.chosen() is not None:
            self.restore(dialog.chosen())

    def restore(self, backup: BackupInfo | None) -> bool:
        from svi_desktop.ui.operations import tender as restore_edit

        session = self.window.session
        if session is None or backup is None:
            return False
        # One undo step; every panel shows the restored tender when it hears of the change.
        return restore_edit.restore_backup(session, backup) is not None

    # -- closing -------------------------------------------------------------------------

    def close_tender(self) -> None:
        if self.window.session is None:
            return
        if self.presentation.on:
            self.presentation.set(False)
        session = self.window.detach()
        self.backups.finish()  # no connection of the program is left on the file once it is closed
        session.close()
        session.deleteLater()
