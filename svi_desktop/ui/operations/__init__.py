"""One function per user edit: its undo text and the store operation, performed through the session.

Modelled on Anki's `aqt/operations`: a panel calls one of these and never writes
an undo step of its own. Each returns the store's `Applied` (None when refused,
with the sentence already shown).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def tr(text: str) -> str:
    return QCoreApplication.translate("operations", text)
