"""The standstill period: choose the day the contract award notice is published, read the period's last day."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from svi_desktop.domain.standstill import standstill_for


class StandstillDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, today: dt.date | None = None, regime: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("standstillDialog")
        self.setWindowTitle(self.tr("Standstill period"))
        form = QFormLayout(self)
        self.rules = QComboBox()
        self.rules.setObjectName("standstillRules")
        self.rules.addItem(self.tr("Procurement Act 2023: contract award notice"), "act-competitive")
        self.rules.addItem(self.tr("Provider Selection Regime: notice of intention to award"), "psr-competitive")
        self.rules.setCurrentIndex(1 if regime.startswith("psr-") else 0)  # the open tender's regime
        self.rules.currentIndexChanged.connect(lambda _i: self._update())
        form.addRow(self.tr("&Rules"), self.rules)
        self.notice_date = QDateEdit()
        self.notice_date.setObjectName("noticeDate")
        self.notice_date.setCalendarPopup(True)
        self.notice_date.setDisplayFormat("dddd d MMMM yyyy")
        self.notice_date.setMinimumDate(QDate(2000, 1, 1))
        self.notice_date.setMaximumDate(QDate(2099, 12, 31))
        start = today or dt.date.today()
        self.notice_date.setDate(QDate(start.year, start.month, start.day))
        self.notice_date.dateChanged.connect(self._update)
        form.addRow(self.tr("Contract award &notice published on"), self.notice_date)
        self.result_label = QLabel()
        self.result_label.setObjectName("standstillResult")
        self.result_label.setWordWrap(True)
        form.addRow(self.result_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._update()

    def last_day(self) -> dt.date:
        q = self.notice_date.date()
        found = standstill_for(self.rules.currentData(), dt.date(q.year(), q.month(), q.day()))
        assert found is not None  # both rules offered have a standstill
        return found.last_day

    def _update(self) -> None:
        q = self.notice_date.date()
        found = standstill_for(self.rules.currentData(), dt.date(q.year(), q.month(), q.day()))
        assert found is not None
        self.result_label.setText(self.tr(
            "The standstill ends at the end of {day} ({rule}; weekends, Christmas Day, Good Friday and every UK bank "
            "holiday do not count). The contract may not be entered into before then."
        ).format(day=_long(found.last_day), rule=found.rule))


def _long(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"
