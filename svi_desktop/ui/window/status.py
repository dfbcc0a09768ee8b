"""The window's status line and title: the open file, who is scoring, whether the last change was saved, the
undo and redo steps, and whether the award is signed off and frozen (the title and the banner above the panels)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtWidgets import QLabel

from svi_desktop import APP_NAME
from svi_desktop.ui import theme
from svi_desktop.ui.dialogs import show_error

if TYPE_CHECKING:
    from svi_desktop.ui.session import Notice
    from svi_desktop.ui.window.shell import Shell


def build_status_bar(w: Shell) -> None:
    w.file_label = QLabel()
    w.file_label.setObjectName("statusFile")
    w.evaluator_label = QLabel()
    w.evaluator_label.setObjectName("statusEvaluator")
    w.saved_label = QLabel()
    w.saved_label.setObjectName("statusSaved")
    bar = w.statusBar()
    bar.addWidget(w.file_label, 1)
    bar.addPermanentWidget(w.evaluator_label)
    bar.addPermanentWidget(w.saved_label)


def update_undo_actions(w: Shell) -> None:
    stack = w.session.undo_stack if w.session else None
    can_undo, can_redo = bool(stack and stack.canUndo()), bool(stack and stack.canRedo())
    w.undo_action.setEnabled(can_undo)
    w.redo_action.setEnabled(can_redo)
    # A supplier's "&" would be read as a mnemonic and vanish: doubled, it shows as itself.
    w.undo_action.setText(w.tr("&Undo {step}").format(step=stack.undoText().replace("&", "&&"))
                             if stack and can_undo else w.tr("&Undo"))
    w.redo_action.setText(w.tr("&Redo {step}").format(step=stack.redoText().replace("&", "&&"))
                             if stack and can_redo else w.tr("&Redo"))
    # The toolbar keeps a short, fixed label (its buttons no longer shift); the step is in the tooltip.
    w.undo_action.setIconText(w.tr("Undo"))
    w.redo_action.setIconText(w.tr("Redo"))
    w.undo_action.setToolTip(w.tr("Undo {step} (Ctrl+Z)").format(step=stack.undoText()) if stack and can_undo
                                else w.tr("Undo (Ctrl+Z)"))
    w.redo_action.setToolTip(w.tr("Redo {step} (Ctrl+Shift+Z)").format(step=stack.redoText())
                                if stack and can_redo else w.tr("Redo (Ctrl+Shift+Z)"))


def show_evaluator(w: Shell, name: str) -> None:
    w.evaluator_label.setText(w.tr("Evaluator: {name}").format(name=name) if name
                                 else w.tr("Evaluator: none chosen"))


def title_after(w: Shell, notice: Notice) -> None:
    from svi_desktop.domain.changes import ChangeKind

    if notice.kind not in (ChangeKind.SCORES, ChangeKind.CONSENSUS):  # a key press does not sign off
        show_title(w)


def show_title(w: Shell) -> None:
    """The file's name, and whether its award is signed off and frozen: a frozen tender does not look like any
    other (who signed, and when, are in the title too)."""
    from svi_desktop.domain.award import frozen_at

    if w.session is None:
        return
    ev = w.session.evaluation()
    when = frozen_at(ev)
    frozen = ""
    if when:
        names = ", ".join(s.name for s in ev.signoffs)
        frozen = w.tr(" (signed off by {names} and frozen {when})").format(
            names=names or w.tr("nobody recorded"), when=when[:16].replace("T", " "))
        who = "; ".join(w.tr("{name} ({role}) on {day}").format(name=s.name, role=s.role, day=s.signed_on)
                        for s in ev.signoffs) or w.tr("nobody recorded")
        w.frozen_banner.setTextFormat(QtCore.Qt.TextFormat.PlainText)  # here: Qt's enums cost the start
        w.frozen_banner.setText(w.tr(
            "Signed off by {who}, and frozen {when}: nothing in this tender can change but the contract's KPIs. "
            "To change it, unfreeze it (Award > Unfreeze) and say why.").format(
                who=who, when=when[:16].replace("T", " ")))
        w.frozen_banner.setStyleSheet(f"background: {theme.colour('warning_bg')}; "
                                         f"color: {theme.colour('warning_fg')}; padding: 6px; font-weight: bold;")
    w.frozen_banner.setVisible(bool(when))
    w.setWindowTitle(f"{w.title_text}{frozen} — {APP_NAME}")


def on_saved(w: Shell) -> None:
    w.saved_label.setText(w.tr("All changes saved"))
    w.saved_label.setStyleSheet("")


def on_failed(w: Shell, message: str) -> None:
    """The file could not take the change: it is not saved, and the status bar says so until the next save."""
    w.saved_label.setText(w.tr("Last change not saved"))
    w.saved_label.setStyleSheet(f"color: {theme.colour('error_on_bg')}; background: {theme.colour('error_bg')}; "
                                   "padding: 0 6px;")
    show_error(w, message)


def on_refused(w: Shell, message: str) -> None:
    """A rule refused the edit: nothing changed and nothing was lost, so the saved state stands."""
    w.saved_label.setText(w.tr("All changes saved; the last edit was refused"))
    w.saved_label.setStyleSheet("")
    w.statusBar().showMessage(message, 10000)
    show_error(w, message)
