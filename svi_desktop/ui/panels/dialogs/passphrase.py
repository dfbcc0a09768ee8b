"""Passphrases in the window: asked with a password field to open an encrypted tender, chosen (typed twice) to
encrypt one, with the warning that a lost passphrase cannot be recovered."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from svi_desktop.workflows.tenders import passphrase_problem


def _tr(text: str) -> str:
    return QCoreApplication.translate("Passphrase", text)


def lost_text() -> str:
    return _tr("A lost passphrase cannot be recovered: nobody, SVI Workbench's makers included, can open the tender "
               "without it or its recovery key, which is shown once, next. Keep both where your organisation keeps "
               "such secrets.")


def plain_export_text() -> str:
    return _tr("This tender is encrypted, but what you export is not: anyone who can read the exported file can read "
               "what it holds. Keep it where you keep the bids.")


def ask_passphrase(parent: QWidget | None, name: str, problem: str = "") -> str | None:
    """The passphrase of the encrypted tender `name`, typed into a password field; None when cancelled."""
    dialog = QInputDialog(parent)
    dialog.setObjectName("passphraseDialog")
    dialog.setWindowTitle(_tr("Encrypted tender"))
    dialog.setLabelText((problem + "\n\n" if problem else "")
                        + _tr("{name} is encrypted. Its passphrase (or its recovery key):").format(name=name))
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.textValue() or None
    finally:
        dialog.deleteLater()


class ChoosePassphraseDialog(QDialog):
    """A new passphrase, typed twice, checked as it is typed; the warning above the fields."""

    def __init__(self, title: str, intro: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("choosePassphrase")
        self.setWindowTitle(title)
        text = QLabel(intro + "\n\n" + lost_text())
        text.setWordWrap(True)
        text.setObjectName("choosePassphraseIntro")
        self.first = QLineEdit()
        self.first.setObjectName("newPassphrase")
        self.second = QLineEdit()
        self.second.setObjectName("newPassphraseAgain")
        for field in (self.first, self.second):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.textChanged.connect(self._check)
        self.first.setAccessibleName(_tr("New passphrase"))
        self.second.setAccessibleName(_tr("The same passphrase again"))
        form = QFormLayout()
        form.addRow(_tr("&Passphrase"), self.first)
        form.addRow(_tr("The &same again"), self.second)
        self.problem = QLabel()
        self.problem.setObjectName("passphraseProblem")
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(520, 240)
        self._check()

    def _check(self) -> None:
        typed = self.first.text()
        problem = passphrase_problem(typed) if typed else ""
        if not problem and self.second.text() and self.second.text() != typed:
            problem = _tr("The two passphrases differ.")
        self.problem.setText(problem or "")
        ok = bool(typed) and not problem and self.second.text() == typed
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if button is not None:
            button.setEnabled(ok)

    def passphrase(self) -> str:
        return self.first.text()


def choose_passphrase(parent: QWidget | None, title: str, intro: str) -> str | None:
    dialog = ChoosePassphraseDialog(title, intro, parent)
    try:
        return dialog.passphrase() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def confirm_plain_export(parent: QWidget | None, encrypted: bool) -> bool:
    """Before a plain file is written from an encrypted tender: said, and Cancel writes nothing."""
    if not encrypted:
        return True
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, _tr("Export"), plain_export_text(),
                      QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel, parent)
    box.setObjectName("plainExportConfirm")
    try:
        return box.exec() == QMessageBox.StandardButton.Ok
    finally:
        box.deleteLater()


class RecoveryKeyDialog(QDialog):
    """The recovery key, shown once: read-only, with a Copy button, and what it is for."""

    def __init__(self, name: str, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryKey")
        self.setWindowTitle(_tr("Recovery key"))
        text = QLabel(_tr("The recovery key of {name} opens it and its backups if the passphrase is lost (svi recover, "
                          "or typed where the passphrase is asked). It is shown this once and kept nowhere: write it "
                          "down or print it, and keep it apart from the file. A new passphrase makes a new one.").format(
                              name=name))
        text.setWordWrap(True)
        self.field = QLineEdit(key)
        self.field.setReadOnly(True)
        self.field.setObjectName("recoveryKeyField")
        self.field.setAccessibleName(_tr("Recovery key"))
        self.field.setMinimumWidth(self.field.fontMetrics().horizontalAdvance(key) + 24)
        copy = QPushButton(_tr("&Copy"))
        copy.setObjectName("copyRecoveryKey")
        copy.clicked.connect(self._copy)
        self.status = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.field)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def _copy(self) -> None:
        from PySide6.QtGui import QGuiApplication

        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.field.text())
        self.status.setText(_tr("Copied."))


def show_recovery_key(parent: QWidget | None, name: str, key: str) -> None:
    dialog = RecoveryKeyDialog(name, key, parent)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()
