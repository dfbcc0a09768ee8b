"""The conflicts assessment (Procurement Act 2023, s.83): everyone who influences the decision, kept under review."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from svi_desktop.domain.changes import ChangeKind
from svi_desktop.domain.model import ConflictAssessment, new_id
from svi_desktop.ui.operations import assessments as edit
from svi_desktop.ui.panels.dialogs.base import SessionDialog
from svi_desktop.ui.session import TenderSession
from svi_desktop.ui.widgets import build
from svi_desktop.ui.widgets.tables import chosen_item, fill_table, read_only_table

FIELDS = ("person", "role", "interests", "assessment", "mitigation", "reviewed_by", "reviewed_on", "next_review")


class AssessmentDialog(SessionDialog):
    def __init__(self, session: TenderSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent, name="assessmentDialog", size=(1000, 560))
        self.setWindowTitle(self.tr("Conflicts assessment"))
        self.table = read_only_table([self.tr("Person"), self.tr("Role"), self.tr("Interests"), self.tr("Assessment"),
                                      self.tr("Mitigation"), self.tr("Reviewed by"), self.tr("Reviewed on"),
                                      self.tr("Next review")])
        self.table.setObjectName("assessmentTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.itemSelectionChanged.connect(self._selected_to_form)
        labels = {"person": self.tr("&Person"), "role": self.tr("R&ole in the decision"),
                  "interests": self.tr("&Interests"), "assessment": self.tr("&Assessment"),
                  "mitigation": self.tr("&Mitigation"), "reviewed_by": self.tr("Reviewed &by"),
                  "reviewed_on": self.tr("Revie&wed on (YYYY-MM-DD)"), "next_review": self.tr("&Next review")}
        self.fields = {k: QLineEdit() for k in FIELDS}
        form = QFormLayout()
        for k in FIELDS:
            self.fields[k].setObjectName(f"assessment_{k}")
            self.fields[k].setAccessibleName(labels[k].replace("&", ""))
            form.addRow(labels[k], self.fields[k])
        self.add_button = build.button(self.tr("A&dd to the assessment"), self.add)
        self.review_button = build.button(self.tr("Sa&ve as a review of the selected entry"), self.review)
        self.remove_button = build.button(self.tr("&Remove the selected entry"), self.remove)
        for b in (self.add_button, self.review_button, self.remove_button):
            b.setEnabled(not session.locked)
        buttons = build.button_row(self.add_button, self.review_button, self.remove_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        intro = build.intro(self.tr(
            "Everyone who influences the decision (evaluators, the lead, advisers, approvers): their interests, "
            "the assessment, the mitigation, who reviewed it and when, and when it is next reviewed. It is printed "
            "in the evaluation report; the program reminds you when a review is due."))
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self._blank()
        self.refill_on(ChangeKind.EVALUATORS)

    def fill(self) -> None:
        self.entries = list(self.session.evaluation().assessments)
        fill_table(self.table, [[getattr(a, k) for k in FIELDS] for a in self.entries])
        self.review_button.setEnabled(False)
        self.remove_button.setEnabled(False)

    def _blank(self) -> None:
        today = date.today()
        for k in FIELDS:
            self.fields[k].clear()
        self.fields["reviewed_on"].setText(today.isoformat())
        self.fields["next_review"].setText((today + timedelta(days=90)).isoformat())

    def _chosen(self) -> ConflictAssessment | None:
        return chosen_item(self.table, self.entries)

    def _selected_to_form(self) -> None:
        chosen = self._chosen()
        self.review_button.setEnabled(chosen is not None and not self.session.locked)
        self.remove_button.setEnabled(chosen is not None and not self.session.locked)
        if chosen is not None:
            for k in FIELDS:
                self.fields[k].setText(getattr(chosen, k))

    def _entry(self, entry_id: str) -> ConflictAssessment:
        return ConflictAssessment(entry_id, *(self.fields[k].text() for k in FIELDS))

    def add(self) -> bool:
        if edit.record(self.session, self._entry(new_id())) is None:
            return False
        self._blank()
        return True

    def review(self) -> bool:
        chosen = self._chosen()
        return chosen is not None and edit.record(self.session, self._entry(chosen.id)) is not None

    def remove(self) -> bool:
        chosen = self._chosen()
        return chosen is not None and edit.remove(self.session, chosen) is not None
