"""Award > Standstill period: the window shows the same last day as `svi award standstill`."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from svi_desktop.ui.main_window import MainWindow
from svi_desktop.ui.panels.dialogs.standstill import StandstillDialog
from tests.helpers.hostile import cli


def test_the_menu_opens_the_dialog_and_closes_with_escape(window: MainWindow, qtbot: QtBot) -> None:
    seen: dict[str, str] = {}

    def look_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, StandstillDialog)
        seen["title"] = dialog.windowTitle()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, look_and_close)
    window.standstill_action.trigger()  # needs no open tender
    assert seen["title"] == "Standstill period"
    award = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Award")
    assert window.standstill_action in award.actions()


def test_the_last_day_over_christmas_matches_the_command_line(qtbot: QtBot, tmp_path) -> None:
    dialog = StandstillDialog(today=dt.date(2026, 12, 21))
    qtbot.addWidget(dialog)
    # Published Monday 21 December 2026: 21, 22, 23, 24, (25 Christmas, 26-27 weekend, 28 Boxing Day substitute),
    # 29, 30, 31, (1 January bank holiday, 2-3 weekend, 4 January a Scottish bank holiday), 5 January: the eighth.
    assert dialog.last_day() == dt.date(2027, 1, 5)
    assert "Tuesday 5 January 2027" in dialog.result_label.text()
    dialog.notice_date.setFocus()
    # Wednesday 1 April 2026: 1, 2, (Good Friday 3, weekend, Easter Monday 6), 7, 8, 9, 10, 13, 14: the eighth.
    dialog.notice_date.setDate(QDate(2026, 4, 1))
    assert "Tuesday 14 April 2026" in dialog.result_label.text()
    assert cli("demo", str(tmp_path / "d.svi"))[0] == 0
    code, out, _err = cli("award", "standstill", str(tmp_path / "d.svi"), "--notice-date", "2026-04-01")
    assert code == 0 and "2026-04-14" in out


def test_under_psr_the_standstill_begins_the_day_after_the_notice(qtbot: QtBot, tmp_path) -> None:
    dialog = StandstillDialog(today=dt.date(2027, 3, 1), regime="psr-competitive")
    qtbot.addWidget(dialog)
    assert dialog.rules.currentData() == "psr-competitive"
    # Published Monday 1 March 2027; begins Tuesday 2; Wed 3 to Fri 5 and Mon 8 to Fri 12: the eighth.
    assert "Friday 12 March 2027" in dialog.result_label.text() and "reg 12" in dialog.result_label.text()
    dialog.rules.setFocus()
    qtbot.keyClick(dialog.rules, Qt.Key.Key_Up)  # the Act's rule: eight working days beginning with the day
    assert "Wednesday 10 March 2027" in dialog.result_label.text()
    path = tmp_path / "p.svi"
    assert cli("demo", str(path))[0] == 0
    from svi_desktop.store.operations.framework import set_tender_field
    from svi_desktop.store.tender_file import TenderFile

    with TenderFile.open(path, actor="t") as tf:
        set_tender_field(tf, field="regime", value="psr-competitive", reason="Test: a PSR award.")
    code, out, _err = cli("award", "standstill", str(path), "--notice-date", "2027-03-01")
    assert code == 0 and "2027-03-12" in out and "notice of intention to award" in out
    with TenderFile.open(path, actor="t") as tf:
        set_tender_field(tf, field="regime", value="psr-direct-a", reason="Test: a PSR award.")
    code, out, _err = cli("award", "standstill", str(path), "--notice-date", "2027-03-01")
    assert code == 0 and "has no statutory standstill" in out
