"""Edit > Clarifications: every question asked of a supplier, when the lead sent it, and the answer."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QInputDialog,
    QVBoxLayout,
    QWidget,
)

from svi_desktop.domain.changes import ChangeKind
from svi_desktop.domain.model import Clarification
from svi_desktop.ui.operations import clarifications as edit
from svi_desktop.ui.panels.dialogs.base import SessionDialog
from svi_desktop.ui.session import TenderSession
from svi_desktop.ui.widgets import build
from svi_desktop.ui.widgets.tables import chosen_item, fill_table, one_row_at_a_time, read_only_table


class ClarificationsDialog(SessionDialog):
    def __init__(self, session: TenderSession, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(session, parent, name="clarificationsDialog", size=(1000, 420))
        self.setWindowTitle(self.tr("Clarifications"))
        self.today = today or dt.date.today()
        self.items: list[Clarification] = []
        self.table = read_only_table([self.tr("Supplier"), self.tr("Criterion"), self.tr("Question"),
                                      self.tr("Asked by"), self.tr("Raised"), self.tr("Sent"), self.tr("Answer")])
        self.table.setObjectName("clarificationsTable")
        self.table.setAccessibleName(self.tr("Clarifications asked of suppliers"))
        one_row_at_a_time(self.table)
        self.table.setWordWrap(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.sent_button = build.button(self.tr("Record as &sent…"), self.sent_dialog, name="recordSent")
        self.answer_button = build.button(self.tr("Record the &answer…"), self.answer_dialog, name="recordAnswer")
        row = self.close_row(self.sent_button, self.answer_button)
        layout = QVBoxLayout(self)
        intro = build.intro(self.tr("Evaluators raise questions in Scoring (Ctrl+Shift+Q). You send each to the "
                               "supplier and record its answer here; every evaluator then reads the answer beside "
                               "the response. Each step is in the decision record."))
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.refill_on(ChangeKind.RESPONSES)

    def fill(self) -> None:
        ev = self.session.evaluation()
        names = {b.id: b.supplier for b in ev.bids}
        codes = {c.id: c.code for c in ev.framework.criteria}
        chosen = self.chosen()
        self.items = list(ev.clarifications)
        fill_table(self.table, [[names.get(c.bid_id, "?"), codes.get(c.criterion_id, "?"), c.question[:300],
                                 c.raised_by, c.raised_at[:10], c.sent_at or self.tr("not sent"),
                                 (f"{c.answered_at}: {c.answer[:300]}" if c.answer else "")] for c in self.items])
        self.table.resizeRowsToContents()
        if chosen is not None:
            for r, c in enumerate(self.items):
                if c.id == chosen.id:
                    self.table.selectRow(r)
        self._update_buttons()

    def chosen(self) -> Clarification | None:
        return chosen_item(self.table, self.items)

    def _update_buttons(self) -> None:
        c = self.chosen()
        editable = c is not None and not self.session.locked
        self.sent_button.setEnabled(editable and c is not None and not c.answer)
        self.answer_button.setEnabled(editable and c is not None and bool(c.sent_at))

    def sent_dialog(self) -> None:
        c = self.chosen()
        if c is None:
            return
        day, ok = QInputDialog.getText(self, self.tr("Sent to the supplier"),
                                       self.tr("The date it was sent (YYYY-MM-DD):"), text=self.today.isoformat())
        if ok:
            edit.record_sent(self.session, c, day, initiator=self)
            self.fill()

    def answer_dialog(self) -> None:
        c = self.chosen()
        if c is None:
            return
        answer, ok = QInputDialog.getMultiLineText(self, self.tr("The supplier's answer"),
                                                   self.tr("Paste the answer as the supplier gave it:"), c.answer)
        if not ok:
            return
        day, ok = QInputDialog.getText(self, self.tr("The supplier's answer"),
                                       self.tr("The date the answer came (YYYY-MM-DD):"), text=self.today.isoformat())
        if ok:
            edit.record_answer(self.session, c, answer, day, initiator=self)
            self.fill()
