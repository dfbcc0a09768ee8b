"""Who is working: asked when a tender is opened for writing, so that the audit trail names a person, not the
computer's account."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

MAX_NAME = 200


class WhoDialog(QDialog):
    def __init__(self, file_name: str, people: list[tuple[str, str]], last: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("whoDialog")
        self.setWindowTitle(self.tr("Who is working?"))
        intro = QLabel(self.tr(
            "Who is working on {name}? Every change is recorded in the audit trail under this name. Choose an "
            "evaluator of the tender or a person of its conflicts assessment (the lead, an approver); the lead of a "
            "new tender types their name.").format(name=file_name))
        intro.setWordWrap(True)
        self.person = QComboBox()
        self.person.setObjectName("whoPerson")
        self.person.setEditable(True)
        self.person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.person.setAccessibleName(self.tr("Who is working"))
        for name, role in people:
            self.person.addItem(f"{name} ({role})" if role else name)
        found = self.person.findText(last, Qt.MatchFlag.MatchExactly) if last else -1
        self.person.setCurrentIndex(found)
        if found < 0:
            self.person.setEditText("")
        line = self.person.lineEdit()
        if line is not None:
            line.setMaxLength(MAX_NAME)
            line.setPlaceholderText(self.tr("Your name"))
        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.person)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.person.editTextChanged.connect(lambda text: self.ok_button.setEnabled(bool(text.strip())))
        self.ok_button.setEnabled(bool(self.person.currentText().strip()))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.person.setFocus()

    def who(self) -> str:
        return " ".join(self.person.currentText().split())
