"""The standstill period after a contract award notice, in working days as the Procurement Act 2023 defines them.

A working day is a day other than a Saturday or Sunday, Christmas Day, Good Friday, or a bank holiday under the
Banking and Financial Dealings Act 1971 in any part of the United Kingdom (s.123): a bank holiday in Scotland
or Northern Ireland alone is still not a working day. The standstill is eight working days beginning with the
day the notice is published. Bank holidays come from the `holidays` library (England and Wales, Scotland,
Northern Ireland, with their substitute days).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

STANDSTILL_WORKING_DAYS = 8
UK_PARTS = ("ENG", "WLS", "SCT", "NIR")


@cache
def _not_working(year: int) -> frozenset[dt.date]:
    import holidays

    days: set[dt.date] = set()
    for part in UK_PARTS:
        days |= set(holidays.country_holidays("GB", subdiv=part, years=year))
    days.add(dt.date(year, 12, 25))  # named in the Act whatever the calendar says
    return frozenset(days)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _not_working(day.year)


def standstill_last_day(notice_published: dt.date, working_days: int = STANDSTILL_WORKING_DAYS) -> dt.date:
    """The last day of a standstill of `working_days` working days beginning with the day of publication (that
    day counts when it is a working day)."""
    day, counted = notice_published, 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted == working_days:
                return day
        day += dt.timedelta(days=1)


def psr_standstill_last_day(notice_published: dt.date, working_days: int = STANDSTILL_WORKING_DAYS) -> dt.date:
    """The Provider Selection Regime's standstill (Health Care Services (Provider Selection Regime) Regulations 2023,
    reg 12): it begins on the day after the notice of intention to award is published, and representations may be
    made until midnight at the end of the 8th working day after the day it begins. Working days are counted as the
    Act counts them (no bank holiday in any UK part): where the PSR's own definition counts fewer holidays, this
    gives the same day or a later one, never an earlier one, so a contract is never entered into too soon."""
    begins = notice_published + dt.timedelta(days=1)
    day, counted = begins, 0
    while True:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
            if counted == working_days:
                return day


@dataclass(frozen=True)
class Standstill:
    last_day: dt.date
    notice: str  # the notice that starts it
    rule: str  # the rule, in words, for the notice and the window


def standstill_for(regime: str, notice_published: dt.date) -> Standstill | None:
    """The standstill the tender's regime requires after its notice, or None when it has none (PSR direct awards
    A and B, whose contracts may be entered into without one, and awards under other rules). No regime chosen
    yet: the Act's."""
    if regime in ("psr-direct-a", "psr-direct-b", "other"):
        return None
    if regime.startswith("psr-"):
        return Standstill(psr_standstill_last_day(notice_published), "notice of intention to award",
                          f"Provider Selection Regime, reg 12: it begins on the day after the notice is published "
                          f"and ends at midnight at the end of the {STANDSTILL_WORKING_DAYS}th working day after "
                          "the day it begins")
    return Standstill(standstill_last_day(notice_published), "contract award notice",
                      f"Procurement Act 2023, s.51: {STANDSTILL_WORKING_DAYS} working days beginning with the day "
                      "the notice is published")
