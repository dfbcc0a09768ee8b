"""Lots, and what carries a winner's social value past the award: its commitments, the contract's KPIs and
their ratings period by period.

A tender may be divided into lots; a bid is for one or more of them, and the authority may limit how many lots
one supplier is awarded, with an objective rule, set out in advance, for which lots it keeps (Procurement Act
2023, s.23(4)). A commitment is what a bid promises ("12 apprenticeships for borough residents by
March 2028"); at award the winner's commitments become the contract's key performance indicators (s.52 asks for
at least three on a contract worth more than £5 million), beside the authority's own, and each is rated at least
every twelve months on the scale of a contract performance notice (s.71 and Procurement Regulations 2024 reg 39).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


@dataclass(frozen=True)
class Lot:
    id: str
    code: str  # short and unique ("1", "North"): what a bid's lots and a criterion's lots name
    title: str
    value: Decimal | None = None  # the estimated value of the lot's contract
    position: int = 0


@dataclass(frozen=True)
class CriterionLot:
    """A criterion set for one lot. A criterion with no such rows is shared by every lot."""

    criterion_id: str
    lot_code: str


class TieBreak(StrEnum):
    """Which lots a supplier keeps when it ranks first in more lots than the limit allows."""

    MARGIN = "margin"  # the lots where its lead over the next eligible bidder is greatest
    VALUE = "value"  # the lots of greatest value
    ORDER = "order"  # the lots in the order the tender lists them


TIE_BREAK_NAMES = {
    TieBreak.MARGIN: "the lots where its lead over the next bidder is greatest",
    TieBreak.VALUE: "the lots of greatest estimated value",
    TieBreak.ORDER: "the lots in the order the tender lists them",
}


@dataclass(frozen=True)
class Commitment:
    """A measurable promise in a bid: measure, how many of what, by when, and how it will be evidenced."""

    id: str
    bid_id: str
    measure: str  # "Apprenticeships for borough residents"
    quantity: Decimal
    unit: str  # "apprenticeships", "hours", "tonnes CO2e", "£"
    due: str  # ISO date it is to be delivered by
    evidence: str = ""  # how delivery will be shown
    lot_code: str = ""  # "" for every lot the bid is for
    theme: str = ""  # the id of the local theme's criterion it answers, if any
    outcome: str = ""  # the Social Value Model outcome it serves (resources/social-value-model.json), if any
    metric: str = ""  # the reporting metric it is measured by
    position: int = 0


class KpiSource(StrEnum):
    COMMITMENT = "commitment"  # the winner's commitment, made a KPI at award
    AUTHORITY = "authority"  # the authority's own KPI


@dataclass(frozen=True)
class Kpi:
    id: str
    lot_code: str  # "" in a tender without lots
    bid_id: str  # the supplier the contract was awarded to
    source: KpiSource
    measure: str
    target: Decimal
    unit: str
    due: str  # ISO date
    start: str = ""  # ISO date the contract (and so the KPI) runs from: ratings fall due every 12 months from it
    commitment_id: str = ""  # the commitment it was made from
    outcome: str = ""
    metric: str = ""
    made_at: str = ""  # ISO timestamp
    position: int = 0


class Rating(StrEnum):
    """The ratings of a contract performance notice (Procurement Act 2023 s.71; Procurement Regulations 2024)."""

    GOOD = "good"
    APPROACHING = "approaching target"
    REQUIRES_IMPROVEMENT = "requires improvement"
    INADEQUATE = "inadequate"
    OTHER = "other"


RATING_NAMES = {Rating.GOOD: "Good", Rating.APPROACHING: "Approaching target",
                Rating.REQUIRES_IMPROVEMENT: "Requires improvement", Rating.INADEQUATE: "Inadequate",
                Rating.OTHER: "Other"}


@dataclass(frozen=True)
class KpiPeriod:
    """One rating of one KPI: the period it covers, what was delivered by its end, the evidence, the rating."""

    id: str
    kpi_id: str
    period_start: str  # ISO date
    period_end: str  # ISO date
    actual: Decimal  # delivered by the end of the period, cumulative over the contract
    evidence: str
    rating: Rating
    note: str = ""  # the reason for the rating; required for "other" and for anything below "good"
    recorded_by: str = ""
    recorded_at: str = ""  # ISO timestamp


# s.52(1): a public contract worth more than £5 million needs at least three KPIs (unless one of the exceptions).
KPI_THRESHOLD = Decimal(5_000_000)
KPIS_REQUIRED = 3
