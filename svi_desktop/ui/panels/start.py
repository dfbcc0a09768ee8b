"""The start page: new from a template, open, open the demo, and the recent files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from svi_desktop import APP_NAME
from svi_desktop.imports.template_files import BUILT_IN_TEMPLATE, available_templates

# Qt's values by number where the start page needs them: naming any of Qt's own enums has PySide build all of
# them, 14 ms of a 100 ms start (issue 19, cold start). tests/gui/test_startup_imports.py checks them by name.
USER_ROLE = 256  # Qt.ItemDataRole.UserRole
WIDGET_SHORTCUT = 0  # Qt.ShortcutContext.WidgetShortcut


class StartPage(QWidget):
    new_requested = Signal(str)  # template name
    open_requested = Signal()
    demo_requested = Signal()
    recent_requested = Signal(str)
    forget_requested = Signal(str)  # Delete on a recent file: off the list, the file untouched

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startPage")
        title = QLabel(f"<h1>{APP_NAME}</h1>")  # rich text, as a QLabel takes text that starts with a tag
        intro = QLabel(self.tr("Evaluate tenders for public services on their social value. "
                               "Every change is saved as you make it."))
        intro.setWordWrap(True)

        self.template_box = QComboBox()
        self.template_box.setAccessibleName(self.tr("Template for a new tender"))
        for name in available_templates():
            self.template_box.addItem(name.replace("-", " ").capitalize(), name)
        self.template_box.setCurrentIndex(max(0, self.template_box.findData(BUILT_IN_TEMPLATE)))
        self.new_button = QPushButton(self.tr("&New tender from template…"))
        self.new_button.clicked.connect(lambda: self.new_requested.emit(self.template_box.currentData()))
        self.open_button = QPushButton(self.tr("&Open a tender…"))
        self.open_button.clicked.connect(self.open_requested)
        self.demo_button = QPushButton(self.tr("Open the &demo tender"))
        self.demo_button.clicked.connect(self.demo_requested)

        new_row = QHBoxLayout()
        new_row.addWidget(self.template_box, 1)
        new_row.addWidget(self.new_button)
        actions = QVBoxLayout()
        actions.addLayout(new_row)
        actions.addWidget(self.open_button)
        actions.addWidget(self.demo_button)

        self.recent = QListWidget()
        self.recent.setObjectName("recentFiles")
        self.recent.setAccessibleName(self.tr("Recent tenders"))
        self.recent.itemActivated.connect(lambda item: self.recent_requested.emit(item.data(USER_ROLE)))
        self.recent.setToolTip(self.tr("Enter opens the tender; Delete takes it off this list (the file stays)"))
        forget = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.recent)
        forget.setProperty("context", WIDGET_SHORTCUT)  # setContext takes only the enum
        forget.activated.connect(self._forget_current)
        recent_box = QGroupBox(self.tr("&Recent tenders"))
        QVBoxLayout(recent_box).addWidget(self.recent)

        column = QVBoxLayout()
        column.addWidget(title)
        column.addWidget(intro)
        column.addSpacing(12)
        column.addLayout(actions)
        column.addSpacing(12)
        column.addWidget(recent_box, 1)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 3)
        outer.addStretch(1)

    def _forget_current(self) -> None:
        item = self.recent.currentItem()
        if item is not None:
            self.forget_requested.emit(item.data(USER_ROLE))

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for p in paths:
            item = QListWidgetItem(f"{Path(p).name}    {Path(p).parent}")
            item.setData(USER_ROLE, p)
            item.setToolTip(p)
            if not Path(p).exists():
                item.setText(item.text() + self.tr("    (missing)"))
            self.recent.addItem(item)
