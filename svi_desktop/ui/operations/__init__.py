"""One function per user edit: its undo text and the store operation, performed through the session.

Modelled on Anki's `aqt/operations`: a panel calls one of these and never writes
an undo step of its own. Each returns the store's `Applied` (None when refused,
with the sentence already shown).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QInputDialog


def tr(text: str) -> str:
    return QCoreApplication.translate("operations", text)


def ask_reason(what: str) -> str | None:
    """Why a change to what decides the result is made once bids are scored (recorded: Procurement Act 2023,
    s.98); None when the user cancels or gives none, and then nothing changes."""
    reason, ok = QInputDialog.getMultiLineText(
        QApplication.activeWindow(), tr("Why change {what}?").format(what=what),
        tr("Bids have already been scored. A change to {what} is recorded in the audit trail and listed in the "
           "report's change log with its reason. Why is it changed?").format(what=what))
    return reason.strip() if ok and reason.strip() else None
