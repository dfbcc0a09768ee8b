"""When a KPI's next rating falls due: at least once in every period of 12 months (Procurement Act 2023 s.71(2)),
counted from the contract's first day, then from the last day each rating covered."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from svi_desktop.domain.contract import Kpi, KpiPeriod, KpiSource, Rating
from svi_desktop.domain.kpis import statuses
from svi_desktop.domain.model import Evaluation
from svi_desktop.imports.demo import demo_evaluation

KPI = Kpi(id="k1", lot_code="", bid_id="b1", source=KpiSource.AUTHORITY, measure="Apprentices", target=Decimal(12),
          unit="apprentices", due="2028-03-31", start="2025-12-01")


def _status(ev: Evaluation, *ends: str, today: str = "2026-06-15"):  # type: ignore[no-untyped-def]
    periods = tuple(KpiPeriod(id=f"p{i}", kpi_id="k1", period_start="2025-12-01", period_end=end, actual=Decimal(i),
                              evidence="Return", rating=Rating.GOOD) for i, end in enumerate(ends))
    return statuses(replace(ev, kpis=(KPI,), kpi_periods=periods), today=dt.date.fromisoformat(today))[0]


@pytest.mark.parametrize(("ends", "due"), [
    ((), "2026-11-30"),  # 1 December 2025 to 30 November 2026: not a day later
    (("2026-05-31",), "2027-05-31"),
    (("2026-05-31", "2027-02-28"), "2028-02-29"),  # calendar months: the last day of February, in a leap year too
    (("2028-02-29",), "2029-02-28"),  # after a leap day
    (("2027-02-27",), "2028-02-27"),  # not the last day of its month: the same date a year on
    (("2026-04-30",), "2027-04-30"),
    (("2026-12-31",), "2027-12-31"),
])
def test_the_next_rating_falls_due_twelve_months_after_the_last_day_covered(ends: tuple[str, ...], due: str) -> None:
    assert _status(demo_evaluation(), *ends).next_due == due


@pytest.mark.parametrize(("start", "due"), [
    ("2023-03-01", "2024-02-29"),  # the 12 months beginning 1 March 2023 end on 29 February 2024 (issue 31)
    ("2024-03-01", "2025-02-28"),
    ("2024-02-29", "2025-02-28"),  # beginning on a leap day: the 12 months end the day before 1 March
    ("2025-01-01", "2025-12-31"),
    ("2025-05-15", "2026-05-14"),
])
def test_twelve_months_from_the_contract_start_are_calendar_months(start: str, due: str) -> None:
    ev = replace(demo_evaluation(), kpis=(replace(KPI, start=start),), kpi_periods=())
    assert statuses(ev, today=dt.date(2023, 1, 1))[0].next_due == due


def test_a_rating_not_made_in_time_is_overdue_the_day_after() -> None:
    ev = demo_evaluation()
    assert not _status(ev, today="2026-11-30").overdue
    assert _status(ev, today="2026-12-01").overdue
