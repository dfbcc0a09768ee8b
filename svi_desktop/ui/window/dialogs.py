"""The dialogs the window's menus open: export, evaluators, returns, the conflicts assessment, About."""

from __future__ import annotations

import importlib
from functools import partialmethod
from typing import TYPE_CHECKING

# The dialogs' classes through the module, when used: PySide builds a class's enums when its name is first
# taken, and these are not wanted to show the start page (issue 19, cold start).
from PySide6 import QtCore, QtWidgets
from PySide6.QtCore import QObject

from svi_desktop import APP_NAME, __version__
from svi_desktop.errors import KnownError
from svi_desktop.ui import settings
from svi_desktop.ui.dialogs import show_error
from svi_desktop.ui.window.shell import PANELS
from svi_desktop.workflows.paths import data_dir

if TYPE_CHECKING:
    from svi_desktop.domain.award import Missing
    from svi_desktop.ui.window.files import FileLifecycle
    from svi_desktop.ui.window.shell import Shell


class WindowDialogs(QObject):
    def __init__(self, window: Shell, files: FileLifecycle) -> None:
        super().__init__(window)
        self.window = window
        self.files = files
        self.check_dialog: QtWidgets.QDialog | None = None

    def _run(self, dialog: QtWidgets.QDialog) -> None:
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exec()

    def export(self) -> None:
        session = self.window.session
        if session is None:
            return
        from svi_desktop.ui.panels.dialogs.export import ExportDialog

        try:
            # The folder of the last export, else the tender's own (never the packs folder).
            folder = settings.get(settings.EXPORT_FOLDER) or str(session.path.parent)
            dialog = ExportDialog(session, folder, self.window)
        except KnownError as exc:  # an undeclared evaluator's pack, say
            show_error(self.window, exc.message)
            return
        self._run(dialog)

    def _open(self, module: str, name: str) -> None:
        """A dialog over the open tender; its module is loaded when it is first asked for, not at start-up."""
        if self.window.session is not None:
            dialog = getattr(importlib.import_module(f"svi_desktop.ui.panels.dialogs.{module}"), name)
            self._run(dialog(self.window.session, self.window))

    evaluators = partialmethod(_open, "evaluators", "EvaluatorsDialog")

    clarifications = partialmethod(_open, "clarifications", "ClarificationsDialog")

    lots = partialmethod(_open, "lots", "LotsDialog")

    def commitments(self) -> None:
        """The commitments of the bid chosen in Bids (or the first bid)."""
        if self.window.session is None:
            return
        from svi_desktop.ui.panels.dialogs.commitments import CommitmentsDialog

        ev = self.window.session.evaluation()
        if not ev.bids:
            self.window.session.report_hint(self.tr("Add a bid first: commitments are a bid's."))
            return
        chosen = getattr(self.window.panels.get("Bids"), "current_bid", lambda: None)()
        self._run(CommitmentsDialog(self.window.session, chosen.id if chosen else ev.bids[0].id, self.window))

    screens = partialmethod(_open, "screens", "ScreensDialog")

    returns = partialmethod(_open, "evaluators", "ReturnsDialog")

    assessment = partialmethod(_open, "assessment", "AssessmentDialog")

    def standstill(self) -> None:
        from svi_desktop.ui.panels.dialogs.standstill import StandstillDialog

        session = self.window.session
        self._run(StandstillDialog(self.window, regime=session.evaluation().tender.regime if session else ""))

    def award_check(self) -> None:
        """Not modal: the list stays open beside the window while the record is completed."""
        session = self.window.session
        if session is None:
            return
        from svi_desktop.ui.panels.dialogs.award import AwardCheckDialog

        if self.check_dialog is not None:
            self.check_dialog.raise_()
            self.check_dialog.activateWindow()
            return
        dialog = AwardCheckDialog(session, self.window)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.go_to.connect(self.go_to_missing)
        dialog.destroyed.connect(lambda *_: setattr(self, "check_dialog", None))
        self.check_dialog = dialog
        dialog.show()

    sign_off = partialmethod(_open, "award", "SignOffDialog")

    def notice(self) -> None:
        if self.window.session is not None:
            from svi_desktop.ui.panels.dialogs.award import NoticeDialog

            self._run(NoticeDialog(self.window.session, self.files.folder(), self.window))

    unfreeze = partialmethod(_open, "award", "UnfreezeDialog")

    def shortcuts(self) -> None:
        from svi_desktop.ui.panels.dialogs.help import ShortcutsDialog

        w = self.window
        current = next((name for name, panel in w.panels.items() if panel is w.tabs.currentWidget()), "") \
            if w.session is not None else ""
        self._run(ShortcutsDialog(current, w))

    def guide(self) -> None:
        from svi_desktop.ui.panels.dialogs.help import GuideDialog

        self._run(GuideDialog(self.window))

    def about(self) -> None:
        session = self.window.session
        path = str(session.path) if session else self.tr("no tender open")
        text = self.tr("{app} {version}\n\nTender file: {path}\nData folder: {data}").format(
            app=APP_NAME, version=__version__, path=path, data=data_dir())
        box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Information, self.tr("About {app}").format(app=APP_NAME), text,
                          QtWidgets.QMessageBox.StandardButton.Ok, self.window)
        box.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        box.setObjectName("aboutDialog")
        box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        box.exec()

    def go_to_missing(self, m: Missing) -> None:
        """Show the place an item of the completeness check belongs to."""
        window = self.window
        names = PANELS
        if m.kind in ("regime", "published"):
            window.show_panel(names.index("Setup"))
            setup = window.panel("Setup")
            (setup.regime if m.kind == "regime" else setup.published).setFocus()
        elif m.kind == "supplier":
            window.show_panel(names.index("Bids"))
            window.panel("Bids").select(m.bid_id)
            window.panel("Bids").detail.address.setFocus()
        elif m.kind == "lots":  # the limit's tie-break, or where it is published
            self.lots()
        elif m.kind in ("unscored", "spread", "feedback", "naming", "advantages"):
            window.show_panel(names.index("Moderation"))
            panel = window.panel("Moderation")
            index = next((i for i, c in enumerate(panel.criteria) if c.id == m.criterion_id), 0)
            panel.show_criterion(index)
            panel.select(m.bid_id)
            (panel.advantages if m.kind == "advantages" else panel.feedback).setFocus()
        elif m.kind in ("declaration", "conflict"):
            self.evaluators()
        elif m.kind == "evaluator":
            window.show_panel(names.index("Scoring"))
            window.panel("Scoring").choose_evaluator(m.evaluator_id)
        elif m.kind == "assessment":
            self.assessment()
