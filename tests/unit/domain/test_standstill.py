"""The standstill's last day against dates worked by hand (Procurement Act 2023: eight working days beginning
with the day the notice is published; no weekend, Christmas Day, Good Friday or bank holiday in any UK part)."""

from __future__ import annotations

import datetime as dt

import pytest

from svi_desktop.domain.standstill import is_working_day, psr_standstill_last_day, standstill_for, standstill_last_day

D = dt.date


@pytest.mark.parametrize(("published", "last", "why"), [
    (D(2027, 3, 1), D(2027, 3, 10), "Mon 1 March: 1-5, 8, 9, 10; no holiday in the way"),
    (D(2026, 12, 21), D(2027, 1, 5), "21-24 Dec; Christmas Fri 25; Boxing Day substitute Mon 28; 29-31; "
                                     "New Year Fri 1 Jan; Scotland's 2 January substitute Mon 4 Jan; Tue 5 Jan"),
    (D(2027, 3, 12), D(2027, 3, 24), "Fri 12; 15, 16; St Patrick's Day Wed 17 (Northern Ireland only); 18-24"),
    (D(2026, 11, 26), D(2026, 12, 8), "Thu 26, Fri 27; St Andrew's Day Mon 30 Nov (Scotland only); 1-4, 7, 8 Dec"),
    (D(2027, 3, 6), D(2027, 3, 18), "published on a Saturday: counting starts Mon 8; St Patrick's Day skipped"),
    (D(2027, 3, 22), D(2027, 4, 2), "Mon 22-Thu 25 (4); Good Friday 26 and Easter Monday 29 skipped; "
                                    "30, 31 March, 1, 2 April (8)"),
])
def test_the_last_day_of_the_standstill(published: dt.date, last: dt.date, why: str) -> None:
    assert standstill_last_day(published) == last, why


def test_working_days_by_the_acts_definition() -> None:
    assert not is_working_day(D(2026, 12, 25)) and not is_working_day(D(2027, 3, 26))  # Christmas, Good Friday
    assert not is_working_day(D(2027, 7, 12))  # the Battle of the Boyne, Northern Ireland only
    assert not is_working_day(D(2027, 8, 2))  # Scotland's summer bank holiday
    assert is_working_day(D(2027, 8, 3)) and not is_working_day(D(2027, 3, 13))  # a Tuesday; a Saturday


def test_svi_award_standstill(tmp_path) -> None:
    from tests.helpers.hostile import cli

    assert cli("demo", str(tmp_path / "t.svi"))[0] == 0
    code, out, _err = cli("award", "standstill", str(tmp_path / "t.svi"), "--notice-date", "2026-12-21")
    assert code == 0 and "ends at the end of Tuesday 05 January 2027 (2027-01-05)" in out
    code, _out, err = cli("award", "standstill", str(tmp_path / "t.svi"), "--notice-date", "21/12/2026")
    assert code == 2 and err == "svi: '21/12/2026' is not a date; write it as YYYY-MM-DD.\n"


@pytest.mark.parametrize(("published", "last", "why"), [
    (D(2027, 3, 1), D(2027, 3, 12), "Mon 1 March; begins Tue 2; Wed 3 (1) to Fri 5 (3), Mon 8 (4) to Fri 12 (8)"),
    (D(2026, 12, 18), D(2027, 1, 5), "Fri 18 Dec; begins Sat 19; 21-24 (4); Christmas, Boxing Day substitute Mon 28 "
                                     "skipped; 29-31 (7); New Year Fri 1 Jan and Scotland's substitute Mon 4 "
                                     "skipped; Tue 5 Jan (8)"),
    (D(2027, 3, 19), D(2027, 4, 2), "Fri 19; begins Sat 20; 22-25 (4); Good Friday 26, Easter Monday 29 skipped; "
                                    "30, 31 March, 1, 2 April (8)"),
])
def test_the_psr_standstill_begins_the_day_after_the_notice(published: dt.date, last: dt.date, why: str) -> None:
    assert psr_standstill_last_day(published) == last, why


def test_the_regime_decides_the_standstill() -> None:
    act = standstill_for("act-competitive", D(2027, 3, 1))
    psr = standstill_for("psr-competitive", D(2027, 3, 1))
    assert act is not None and psr is not None
    assert (act.last_day, act.notice) == (D(2027, 3, 10), "contract award notice")
    assert (psr.last_day, psr.notice) == (D(2027, 3, 12), "notice of intention to award")
    assert standstill_for("psr-direct-a", D(2027, 3, 1)) is None
    assert standstill_for("psr-direct-c", D(2027, 3, 1)) is not None
