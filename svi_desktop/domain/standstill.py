"""The standstill period after a contract award notice, in working days as the Procurement Act 2023 defines them.

A working day is a day other than a Saturday or Sunday, Christmas Day, Good Friday, or a bank holiday under the
Banking and Financial Dealings Act 1971 in any part of the United Kingdom (s.123): a bank holiday in Scotland
or Northern Ireland alone is still not a working day. The standstill is eight working days beginning with the
day the notice is published. Bank holidays come from the `holidays` library (England and Wales, Scotland,
Northern Ireland, with their substitute days).
"""

from __future__ import annotations

import datetime as dt
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
