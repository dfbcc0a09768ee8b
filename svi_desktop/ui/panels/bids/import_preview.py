"""The import preview: every problem by row and column, or the bids that will be added. Nothing is written here."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from svi_desktop.domain.numbers import money
from svi_desktop.imports.bid_sheet import ParsedSheet
from svi_desktop.ui.widgets.tables import fill_table, read_only_table


class ImportPreview(QDialog):
    def __init__(self, sheet: ParsedSheet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importPreview")
        self.setWindowTitle(self.tr("Import bids from {name}").format(name=sheet.source))
        self.resize(820, 480)
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        if sheet.problems:
            n = len(sheet.problems)
            self.summary.setText(self.tr(
                "{n} problem(s) found in {name}. Nothing will be imported until they are put right in the sheet."
            ).format(n=n, name=sheet.source))
            self.table = read_only_table([self.tr("Row"), self.tr("Column"), self.tr("Problem")])
            fill_table(self.table, [[str(p.row) if p.row else "", p.column, p.message] for p in sheet.problems])
        else:
            n = len(sheet.bids)
            responses = sum(len(v) for v in sheet.responses.values())
            promised = len(sheet.commitments)
            self.summary.setText(self.tr("{n} bids with {r} responses and {c} commitments will be added, as one step "
                                         "that Undo reverses.").format(n=n, r=responses, c=promised))
            self.table = read_only_table([self.tr("Row"), self.tr("Supplier"), self.tr("Price"), self.tr("Responses"),
                                          self.tr("Commitments")])
            fill_table(self.table, [[str(sheet.rows[b.id]), b.supplier, money(b.price) if b.price is not None else "",
                                     str(len(sheet.responses[b.id])), self._commitments(sheet, b.id)]
                                    for b in sheet.bids])
        self.table.setObjectName("importTable")
        self.table.horizontalHeader().setSectionResizeMode(self.table.columnCount() - 1, QHeaderView.ResizeMode.Stretch)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(self.tr("&Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(sheet.ok)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)

    @staticmethod
    def _commitments(sheet: ParsedSheet, bid_id: str) -> str:
        """The bid's promises as the Commitments sheet gives them: how many of what, by when."""
        return "; ".join(f"{c.measure}: {c.quantity} {c.unit} by {c.due}" for c in sheet.commitments
                         if c.bid_id == bid_id)
