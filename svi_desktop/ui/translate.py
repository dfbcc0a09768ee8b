"""Translating words kept in constants: marked where they are written, translated where they are shown."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication


def noop(context: str, text: str) -> str:
    """Mark a constant for translation (lupdate finds it here); the text itself is returned unchanged."""
    return str(QT_TRANSLATE_NOOP(context, text))


def translated(context: str, text: str) -> str:
    """The translation of a text marked with `noop` in the same context."""
    return QCoreApplication.translate(context, text)
