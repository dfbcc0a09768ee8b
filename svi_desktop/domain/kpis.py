"""The contract's KPIs as the lead reads them: promised against delivered, the ratings so far, when the next one
is due, and whether the contract has the KPIs s.52 asks for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from svi_desktop.domain import clock
from svi_desktop.domain.contract import (
    KPI_THRESHOLD,
    KPIS_REQUIRED,
    Kpi,
    KpiPeriod,
    Rating,
)
from svi_desktop.domain.model import Evaluation


@dataclass(frozen=True)
class KpiStatus:
    kpi: Kpi
    periods: tuple[KpiPeriod, ...]  # oldest first
    delivered: Decimal  # by the end of the last period rated (cumulative); 0 before any
    latest: Rating | None
    next_due: str  # ISO date the next rating is due by (12 months after the last, or after the KPI was made)
    overdue: bool

    @property
    def next_period_start(self) -> str:
        """The first day of the next period to rate: the day after the last one rated, else the KPI's start."""
        if not self.periods:
            return self.kpi.start
        return (dt.date.fromisoformat(self.periods[-1].period_end) + dt.timedelta(days=1)).isoformat()

    @property
    def share(self) -> Decimal | None:
        """Delivered as a share of the target, 0..1 and beyond; None for a target of 0."""
        return None if not self.kpi.target else self.delivered / self.kpi.target


def contract_kpis(ev: Evaluation, lot_code: str = "") -> tuple[Kpi, ...]:
    return tuple(sorted((k for k in ev.kpis if k.lot_code == lot_code), key=lambda k: (k.position, k.id)))


def statuses(ev: Evaluation, lot_code: str = "", today: dt.date | None = None) -> tuple[KpiStatus, ...]:
    today = today or clock.today()
    out = []
    for k in contract_kpis(ev, lot_code):
        periods = tuple(sorted((p for p in ev.kpi_periods if p.kpi_id == k.id), key=lambda p: p.period_end))
        # The last day covered: the end of the last period rated, else the day before the contract's first day.
        covered = dt.date.fromisoformat(periods[-1].period_end) if periods else (
            dt.date.fromisoformat(k.start or today.isoformat()) - dt.timedelta(days=1))
        due = _year_after(covered)
        out.append(KpiStatus(k, periods, periods[-1].actual if periods else Decimal(0),
                             periods[-1].rating if periods else None, due.isoformat(), due < today))
    return tuple(out)


def _year_after(day: dt.date) -> dt.date:
    """The last day of the 12 months after `day`: a rating at least once in every period of 12 months (s.71(2)).
    Calendar months: the same date a year on, and the last day of the month when `day` is the last of its month
    (the 12 months beginning 1 March 2023 end on 29 February 2024; those after 29 February 2024 on 28 February)."""
    if (day + dt.timedelta(days=1)).day == 1:  # the last day of its month
        after = dt.date(day.year + 1, day.month, 1) + dt.timedelta(days=32)
        return after.replace(day=1) - dt.timedelta(days=1)
    return day.replace(year=day.year + 1)  # not the month's last day: so never 29 February


def delivered_shares(s: KpiStatus) -> list[tuple[str, float]]:
    """(ISO date, per cent of the target delivered by then): nothing at the KPI's start, then the end of each rated
    period. Empty for a target of 0. What the window's chart and the notice's chart both draw."""
    if not s.kpi.target:
        return []
    return [(s.kpi.start, 0.0), *((p.period_end, float(p.actual / s.kpi.target * 100)) for p in s.periods)]


def contract_value(ev: Evaluation, lot_code: str = "") -> Decimal | None:
    """The contract's value: a lot's estimated value; in a tender without lots, the winner's price (the bid its
    KPIs were made for)."""
    if lot_code:
        return next((lot.value for lot in ev.lots if lot.code == lot_code), None)
    winner = next((k.bid_id for k in contract_kpis(ev)), None)
    return next((b.price for b in ev.bids if b.id == winner), None)


def kpi_shortfall(ev: Evaluation, lot_code: str = "") -> str | None:
    """A sentence when a contract worth more than £5 million has fewer than three KPIs (s.52(1)); else None."""
    value = contract_value(ev, lot_code)
    count = len(contract_kpis(ev, lot_code))
    if value is not None and value > KPI_THRESHOLD and count < KPIS_REQUIRED:
        return (f"The contract is worth more than £5 million, so it needs at least {KPIS_REQUIRED} KPIs (Procurement "
                f"Act 2023, s.52) unless an exception applies; it has {count}.")
    return None


def periods_problem(kpis: tuple[Kpi, ...], periods: tuple[KpiPeriod, ...], today: dt.date) -> str | None:
    """What is wrong with KPIs' ratings as a record (a JSON document's): the order rating them keeps, each period
    ended and within the contract, after the last rated, with the reason any rating but Good needs and a fall in
    the cumulative amount needs; None when it holds."""
    by_kpi: dict[str, list[KpiPeriod]] = {}
    for p in periods:
        by_kpi.setdefault(p.kpi_id, []).append(p)
    starts = {k.id: k.start for k in kpis}
    latest = (today + dt.timedelta(days=1)).isoformat()
    for kpi_id, rated in by_kpi.items():
        rated.sort(key=lambda p: p.period_start)
        before: KpiPeriod | None = None
        for p in rated:
            if p.period_end < p.period_start:
                return "A KPI's period cannot end before it starts."
            if starts.get(kpi_id) and p.period_start < starts[kpi_id]:
                return f"A KPI's period cannot start before the contract's KPIs run ({starts[kpi_id]})."
            if p.period_end > latest:
                return "A KPI's period is rated once it has ended: its end cannot be in the future."
            if before is not None and p.period_start <= before.period_end:
                return "A KPI's periods cannot overlap: each starts after the last rated ended."
            fell = before is not None and p.actual < before.actual
            if (p.rating is not Rating.GOOD or fell) and not p.note.strip():
                return ("A KPI's rating below Good, or a fall in the amount delivered (it is cumulative), needs "
                        "the reason.")
            if not p.evidence.strip():
                return "A KPI's rating needs the evidence of what was delivered."
            before = p
    return None
