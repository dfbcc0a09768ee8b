"""The conflict-of-interest declaration an evaluator makes before seeing any response."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)


class DeclarationDialog(QDialog):
    def __init__(self, evaluator_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("declarationDialog")
        self.setWindowTitle(self.tr("Declaration of interests"))
        intro = QLabel(self.tr(
            "{name}, before you see any bid, declare whether you have a conflict of interest with any bidder: a "
            "financial interest, a family or close personal link, or a current or recent role with the organisation. "
            "The declaration is dated and recorded in the tender."
        ).format(name=evaluator_name))
        intro.setWordWrap(True)
        self.none = QRadioButton(self.tr("I have &no conflict of interest to declare"))
        self.conflict = QRadioButton(self.tr("I have a &conflict of interest to declare"))
        self.details = QPlainTextEdit()
        self.details.setAccessibleName(self.tr("Details of the conflict"))
        self.details.setTabChangesFocus(True)
        self.management = QPlainTextEdit()
        self.management.setAccessibleName(self.tr("How the conflict is managed"))
        self.management.setTabChangesFocus(True)
        form = QFormLayout()
        form.addRow(self.tr("&Details"), self.details)
        form.addRow(self.tr("How it is &managed"), self.management)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Declare"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.none)
        layout.addWidget(self.conflict)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        for w in (self.none, self.conflict):
            w.toggled.connect(self._update)
        self.details.textChanged.connect(self._update)
        self.management.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        conflict = self.conflict.isChecked()
        self.details.setEnabled(conflict)
        self.management.setEnabled(conflict)
        ready = self.none.isChecked() or (
            conflict and bool(self.details.toPlainText().strip()) and bool(self.management.toPlainText().strip()))
        self.ok_button.setEnabled(ready)

    def answer(self) -> tuple[bool, str, str]:
        return self.conflict.isChecked(), self.details.toPlainText().strip(), self.management.toPlainText().strip()
