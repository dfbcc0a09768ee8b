"""The installed Qt binding must not leak references to None (PySide6 6.12.0 did, and crashed long sessions)."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_setters_keep_none_alive(qtbot: QtBot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    label, text = QLabel(holder), QPlainTextEdit(holder)
    for call in (lambda: label.setText("x"), lambda: label.setStyleSheet(""), lambda: text.setPlainText("y"),
                 lambda: holder.tr("z")):
        before = sys.getrefcount(None)
        for _ in range(2000):
            call()
        assert sys.getrefcount(None) - before > -100
