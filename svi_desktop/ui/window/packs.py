"""Issuing evaluator packs and collecting returns from the window, with the report of each collection."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

# The dialogs' classes through the module, when used: PySide builds a class's enums when its name is first
# taken, and these are not wanted to show the start page (issue 19, cold start).
from PySide6 import QtCore, QtWidgets
from PySide6.QtCore import QObject

from svi_desktop.errors import KnownError

if TYPE_CHECKING:  # the workflows load when packs are issued or collected, not at start-up
    from svi_desktop.ui.window.files import FileLifecycle
    from svi_desktop.ui.window.shell import Shell
    from svi_desktop.workflows import packs

FILE_FILTER = "SVI Workbench tenders (*.svi);;All files (*)"


class PackActions(QObject):
    def __init__(self, window: Shell, files: FileLifecycle) -> None:
        super().__init__(window)
        self.window = window
        self.files = files

    def issue_dialog(self) -> None:
        folder = QtWidgets.QFileDialog.getExistingDirectory(self.window, self.tr("Folder for the evaluator packs"),
                                                  self.files.folder())
        if folder:
            self.issue_to(Path(folder))

    def issue_to(self, folder: Path) -> list[packs.IssuedPack]:
        from svi_desktop.ui.operations import packs as pack_edit

        session = self.window.session
        assert session is not None
        applied = pack_edit.issue(session, folder)
        if applied is None:
            return []
        issued: list[packs.IssuedPack] = list(applied.result)
        self.show_codes(issued, folder)
        return issued

    def show_codes(self, issued: list[packs.IssuedPack], folder: Path) -> None:
        """The return codes, each in a read-only field with a Copy button: each goes to its evaluator apart from
        the pack."""
        intro = self.tr("Issued {n} evaluator packs in {folder}.\n\nGive each evaluator their return code apart "
                        "from the pack (by phone or on paper): they type it when they submit, and only a return "
                        "sealed with it will be collected. File > Show return codes shows them again until "
                        "each return is collected.").format(n=len(issued), folder=folder)
        if any(p.passphrase for p in issued):
            intro += "\n\n" + self.tr("The tender is encrypted, so each pack is too, with a passphrase of its own: "
                                       "give it with the return code. Yours does not open a pack.")
        self._codes_dialog(intro, [(p.evaluator, p.code) for p in issued], [p.passphrase for p in issued])

    def show_waiting(self) -> None:
        """The return codes whose returns are not collected yet, for an evaluator who lost theirs."""
        from svi_desktop.ui.dialogs import show_error
        from svi_desktop.workflows import packs

        session = self.window.session
        if session is None:
            return
        try:
            waiting = packs.codes(session.tf)
        except KnownError as exc:  # asked in an evaluator's pack
            show_error(self.window, exc.message)
            return
        if not waiting:
            intro = self.tr("No return code is waiting: every pack issued from this file has been collected, or "
                            "none was issued.")
        else:
            intro = self.tr("The return codes of the packs whose returns are not collected yet. Give each "
                            "evaluator their own, apart from the pack (by phone or on paper). A code is dropped "
                            "from this file when its return is collected.")
        self._codes_dialog(intro, [(c.evaluator, c.code) for c in waiting], [c.passphrase for c in waiting])

    def _codes_dialog(self, intro: str, codes: list[tuple[str, str]], passphrases: list[str] | None = None) -> None:
        from svi_desktop.ui.panels.dialogs.codes import ReturnCodesDialog

        dialog = ReturnCodesDialog(intro, codes, self.window, passphrases)
        dialog.exec()
        dialog.deleteLater()

    def collect_dialog(self) -> None:
        paths, _ = QtWidgets.QFileDialog.getOpenFileNames(self.window, self.tr("Collect returned packs"),
                                                self.files.folder(), FILE_FILTER)
        if paths:
            self.collect([Path(p) for p in paths])

    def collect(self, paths: list[Path]) -> bool:
        """Merge returned packs as one undoable step, then say what happened to each pack."""
        from svi_desktop.ui.operations import packs as pack_edit
        from svi_desktop.workflows import packs

        session = self.window.session
        assert session is not None
        applied = pack_edit.collect(session, paths)
        if applied is None:
            return False
        lines = packs.report(applied.result)
        refused = any(line.refused for line in lines)
        box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Warning if refused else QtWidgets.QMessageBox.Icon.Information,
                          self.tr("Collect returns"), "\n".join(line.text for line in lines),
                          QtWidgets.QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("collectReport")
        box.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        box.exec()
        return applied.changed
