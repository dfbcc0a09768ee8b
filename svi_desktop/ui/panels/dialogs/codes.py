"""The return codes of the packs just issued: each in a read-only field with its own Copy button, to hand to its
evaluator apart from the pack (by phone or on paper)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class ReturnCodesDialog(QDialog):
    def __init__(self, intro: str, codes: list[tuple[str, str]], parent: QWidget | None = None,
                 passphrases: list[str] | None = None) -> None:
        """`codes`: (evaluator, return code), in the order issued; `passphrases`: each pack's own, when the tender
        is encrypted (shown beside its code, with its own Copy button)."""
        super().__init__(parent)
        self.setObjectName("returnCodes")
        self.setWindowTitle(self.tr("Return codes"))
        self.codes = codes
        self.passphrases = [p for p in (passphrases or [])]
        label = QLabel(intro)
        label.setWordWrap(True)
        label.setObjectName("returnCodesIntro")
        grid = QGridLayout()
        self.fields: list[QLineEdit] = []
        self.copy_buttons: list[QPushButton] = []
        top = 0
        if any(self.passphrases):  # two codes per evaluator: say which is which
            grid.addWidget(QLabel(self.tr("Return code")), 0, 1)
            grid.addWidget(QLabel(self.tr("Pack passphrase")), 0, 3)
            top = 1
        for row, (who, code) in enumerate(codes):
            field, copy = self._copyable(code, f"returnCode{row}", f"copyReturnCode{row}", self.tr("Copy"),
                                         self.tr("Return code for {who}").format(who=who),
                                         self.tr("Copy the return code for {who}").format(who=who))
            name = QLabel(who)
            name.setBuddy(field)
            grid.addWidget(name, top + row, 0)
            grid.addWidget(field, top + row, 1)
            grid.addWidget(copy, top + row, 2)
            self.fields.append(field)
            self.copy_buttons.append(copy)
            phrase = self.passphrases[row] if row < len(self.passphrases) else ""
            if phrase:
                pack_field, pack_copy = self._copyable(
                    phrase, f"packPassphrase{row}", f"copyPackPassphrase{row}", self.tr("Copy passphrase"),
                    self.tr("Pack passphrase for {who}").format(who=who),
                    self.tr("Copy the pack passphrase for {who}").format(who=who))
                grid.addWidget(pack_field, top + row, 3)
                grid.addWidget(pack_copy, top + row, 4)
        self.copy_all = QPushButton(self.tr("Copy &all"))
        self.copy_all.setObjectName("copyAllReturnCodes")
        self.copy_all.clicked.connect(lambda: self._copy(self._all()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.addButton(self.copy_all, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(grid)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        if self.fields:
            self.fields[0].setFocus()

    def _copyable(self, text: str, name: str, copy_name: str, copy_label: str, accessible: str,
                  copy_accessible: str) -> tuple[QLineEdit, QPushButton]:
        """A read-only field (selectable and copyable; nothing to type) and its Copy button."""
        field = QLineEdit(text)
        field.setReadOnly(True)
        field.setObjectName(name)
        field.setAccessibleName(accessible)
        field.setMinimumWidth(field.fontMetrics().horizontalAdvance(text) + 24)
        copy = QPushButton(copy_label)
        copy.setObjectName(copy_name)
        copy.setAccessibleName(copy_accessible)
        copy.clicked.connect(lambda _checked=False, c=text: self._copy(c))
        return field, copy

    def _all(self) -> str:
        return "\n".join(f"{who}: {code}" + (f", pack passphrase {self.passphrases[i]}"
                                              if i < len(self.passphrases) and self.passphrases[i] else "")
                         for i, (who, code) in enumerate(self.codes))

    def text(self) -> str:
        """What the dialog says, for a reader that reads text (and the tests)."""
        intro = self.findChild(QLabel, "returnCodesIntro")
        return (intro.text() if intro else "") + "\n" + self._all()

    def _copy(self, text: str) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(text)
        self.status.setText(self.tr("Copied."))
