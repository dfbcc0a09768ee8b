"""The things a tender evaluation is made of, as immutable dataclasses."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from svi_desktop.domain.contract import Commitment, CriterionLot, Kpi, KpiPeriod, Lot
from svi_desktop.domain.scale import ScoringScale


def new_id() -> str:
    """A stable identifier: it travels with the row through packs and merges."""
    return uuid.uuid4().hex


class SectionKind(StrEnum):
    GATES = "gates"
    SCORED = "scored"
    PRICE = "price"


class CriterionKind(StrEnum):
    GATE = "gate"
    SCORED = "scored"


class BidStatus(StrEnum):
    RECEIVED = "received"
    COMPLIANT = "compliant"
    EXCLUDED = "excluded"
    WITHDRAWN = "withdrawn"


class OrganisationType(StrEnum):
    VCFSE = "VCFSE"
    SME = "SME"
    LARGE = "large enterprise"
    PUBLIC = "public body"
    OTHER = "other"


# How the window writes each type: capitalised alike ("Large enterprise" beside "SME"); the stored value is unchanged.
ORGANISATION_NAMES = {OrganisationType.VCFSE: "VCFSE", OrganisationType.SME: "SME",
                      OrganisationType.LARGE: "Large enterprise", OrganisationType.PUBLIC: "Public body",
                      OrganisationType.OTHER: "Other"}


class Regime(StrEnum):
    """The rules the award is made under: they decide what the award record needs and which notice is made."""

    ACT_COMPETITIVE = "act-competitive"
    ACT_LIGHT_TOUCH = "act-light-touch"
    PSR_DIRECT_A = "psr-direct-a"
    PSR_DIRECT_B = "psr-direct-b"
    PSR_DIRECT_C = "psr-direct-c"
    PSR_COMPETITIVE = "psr-competitive"
    OTHER = "other"


REGIME_NAMES = {
    Regime.ACT_COMPETITIVE: "Procurement Act 2023, competitive tendering procedure",
    Regime.ACT_LIGHT_TOUCH: "Procurement Act 2023, light-touch contract",
    Regime.PSR_DIRECT_A: "Provider Selection Regime, direct award process A",
    Regime.PSR_DIRECT_B: "Provider Selection Regime, direct award process B",
    Regime.PSR_DIRECT_C: "Provider Selection Regime, direct award process C",
    Regime.PSR_COMPETITIVE: "Provider Selection Regime, competitive process",
    Regime.OTHER: "Other",
}

# The fields a person can change, with the words the window, the undo steps and the audit use for them.
TENDER_FIELDS = {"title": "title", "reference": "reference", "authority": "contracting authority",
                 "description": "description", "regime": "procurement regime", "cpv": "CPV codes"}
SECTION_FIELDS = {"name": "name", "share": "share", "price_formula": "price formula"}
# What decides the result: once a bid is scored, each is changed only with a reason, recorded (Procurement Act 2023,
# s.98), from every door.
RESULT_SECTION_FIELDS = ("share", "price_formula")
RESULT_CRITERION_FIELDS = ("weight", "threshold")
RESULT_BID_FIELDS = ("price", "prices")
EVALUATOR_FIELDS = {"name": "name", "role": "role", "organisation": "organisation"}


@dataclass(frozen=True)
class KeyDate:
    label: str
    date: str  # ISO 8601 date, kept as text so that no time zone creeps in


@dataclass(frozen=True)
class Tender:
    id: str
    title: str
    reference: str = ""
    authority: str = ""
    description: str = ""
    key_dates: tuple[KeyDate, ...] = ()
    regime: str = ""  # a Regime's value; "" until the lead chooses one
    cpv: str = ""  # the CPV codes of what is bought, the main one first ("85000000-9, 85300000-2")


@dataclass(frozen=True)
class Section:
    id: str
    name: str
    share: Decimal  # percentage of the total, 0..100
    kind: SectionKind
    position: int = 0
    price_formula: str = ""  # only for kind PRICE; see domain.pricing


@dataclass(frozen=True)
class Criterion:
    id: str
    section_id: str
    code: str
    title: str
    kind: CriterionKind
    weight: Decimal = Decimal(1)  # relative weight within the section
    threshold: Decimal | None = None  # minimum acceptable score on the scale
    guidance: str = ""
    distinguished_from: str = ""
    flags: tuple[str, ...] = ()  # red flags an evaluator can tick
    position: int = 0


@dataclass(frozen=True)
class Bid:
    id: str
    supplier: str
    organisation_type: OrganisationType = OrganisationType.OTHER
    price: Decimal | None = None
    status: BidStatus = BidStatus.RECEIVED
    status_reason: str = ""
    lot: str = ""
    received: str = ""  # ISO 8601 date
    # The supplier's details its assessment summary and the notices give (Procurement Regulations 2024, reg 31).
    address: str = ""  # registered address
    email: str = ""
    identifier: str = ""  # its PPON or Companies House number
    prices: tuple[tuple[str, Decimal], ...] = ()  # its price for each lot it prices apart, by the lot's code

    @property
    def details_missing(self) -> tuple[str, ...]:
        return tuple(what for what, value in (("registered address", self.address), ("email", self.email),
                                              ("identifier (PPON or Companies House number)", self.identifier))
                     if not value.strip())

    @property
    def out_of_competition(self) -> bool:
        return self.status in (BidStatus.EXCLUDED, BidStatus.WITHDRAWN)


@dataclass(frozen=True)
class Response:
    bid_id: str
    criterion_id: str
    text: str


class ConflictManagement(StrEnum):
    """The lead's decision on a declared conflict: excluded from the bid (the default), or may score it."""

    EXCLUDED = "excluded"
    MAY_SCORE = "may_score"


@dataclass(frozen=True)
class BidConflict:
    """A conflict an evaluator declared with one bidder, and how the lead manages it."""

    bid_id: str
    details: str
    management: ConflictManagement = ConflictManagement.EXCLUDED
    reason: str = ""  # why the lead let them score it (required for MAY_SCORE)

    @property
    def excluded(self) -> bool:
        return self.management is ConflictManagement.EXCLUDED


@dataclass(frozen=True)
class Declaration:
    """A conflict-of-interest declaration, bidder by bidder; `conflict` False means none to declare."""

    conflict: bool
    details: str = ""
    management: str = ""
    declared_at: str = ""  # ISO 8601 timestamp
    conflicts: tuple[BidConflict, ...] = ()

    def with_bid(self, bid_id: str) -> BidConflict | None:
        return next((c for c in self.conflicts if c.bid_id == bid_id), None)


@dataclass(frozen=True)
class Evaluator:
    id: str
    name: str
    role: str = ""
    organisation: str = ""
    declaration: Declaration | None = None


@dataclass(frozen=True)
class Citation:
    """A passage of a bid's response quoted as evidence: exact text and position."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Score:
    id: str
    evaluator_id: str
    bid_id: str
    criterion_id: str
    value: int
    rationale: str = ""
    evidence: tuple[Citation, ...] = ()
    flags: tuple[str, ...] = ()
    updated_at: str = ""
    on_behalf: str = ""  # entered by someone else for the evaluator (scores sent on paper, say): why

    @property
    def complete(self) -> bool:
        return bool(self.rationale.strip())


@dataclass(frozen=True)
class Consensus:
    bid_id: str
    criterion_id: str
    value: int
    note: str  # the moderation record: internal
    feedback: str = ""  # marked for the bidder: may appear in its summary
    updated_at: str = ""
    citations: tuple[Citation, ...] = ()  # passages of the bid's response the feedback refers to
    advantages: str = ""  # for the winning bid: its relative advantages on this criterion, for the losing bidders


@dataclass(frozen=True)
class Clarification:
    """A question to a supplier about its response to one criterion, and the supplier's answer: a communication
    with the supplier, in the decision record; the answer is read beside the response by every evaluator."""

    id: str
    bid_id: str
    criterion_id: str
    question: str
    raised_by: str  # who asked (an evaluator or the lead), by name
    raised_at: str  # ISO timestamp
    sent_at: str = ""  # ISO date the lead sent it to the supplier
    answer: str = ""
    answered_at: str = ""  # ISO date the answer came

    @property
    def state(self) -> str:
        return "answered" if self.answer else "sent" if self.sent_at else "not sent"


@dataclass(frozen=True)
class SignOff:
    """A named approver's sign-off of the award decision, with the state digest of the file they approved."""

    id: str
    name: str
    role: str
    signed_on: str  # ISO date
    state: str  # the tender's state digest when signed
    at: str = ""  # ISO timestamp of the entry


@dataclass(frozen=True)
class ConflictAssessment:
    """One person who influences the decision, in the conflicts assessment (Procurement Act 2023, s.83): their
    interests, the assessment, the mitigation, who reviewed it and when, and when it is next reviewed."""

    id: str
    person: str
    role: str  # evaluator, lead, adviser, approver...
    interests: str
    assessment: str
    mitigation: str
    reviewed_by: str
    reviewed_on: str  # ISO date
    next_review: str  # ISO date

    def due(self, today: str) -> bool:
        return self.next_review <= today


@dataclass(frozen=True)
class Framework:
    """What bids are judged on: sections, their criteria and the scale."""

    name: str
    scale: ScoringScale
    sections: tuple[Section, ...]
    criteria: tuple[Criterion, ...]
    description: str = ""

    def criteria_of(self, section_id: str) -> tuple[Criterion, ...]:
        return tuple(
            sorted(
                (c for c in self.criteria if c.section_id == section_id),
                key=lambda c: (c.position, c.code),
            )
        )


@dataclass(frozen=True)
class Evaluation:
    """Everything one tender file holds, as the engine and the exporters see it."""

    tender: Tender
    framework: Framework
    bids: tuple[Bid, ...] = ()
    responses: tuple[Response, ...] = ()
    evaluators: tuple[Evaluator, ...] = ()
    scores: tuple[Score, ...] = ()
    consensus: tuple[Consensus, ...] = ()
    settings: dict[str, str] = field(default_factory=dict)
    assessments: tuple[ConflictAssessment, ...] = ()
    signoffs: tuple[SignOff, ...] = ()
    clarifications: tuple[Clarification, ...] = ()
    lots: tuple[Lot, ...] = ()
    lot_criteria: tuple[CriterionLot, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    kpi_periods: tuple[KpiPeriod, ...] = ()

    def exclusions(self) -> dict[tuple[str, str], BidConflict]:
        """(evaluator id, bid id) -> the declared conflict that keeps that evaluator from scoring that bid."""
        return {(e.id, c.bid_id): c for e in self.evaluators if e.declaration is not None
                for c in e.declaration.conflicts if c.excluded}

    def counted_scores(self) -> tuple[Score, ...]:
        """The scores that count: an excluded evaluator's scores of the bid are kept on record but left out."""
        excluded = self.exclusions()
        if not excluded:
            return self.scores
        return tuple(s for s in self.scores if (s.evaluator_id, s.bid_id) not in excluded)

    def excluded_scores(self) -> tuple[tuple[Score, BidConflict], ...]:
        excluded = self.exclusions()
        return tuple((s, excluded[(s.evaluator_id, s.bid_id)]) for s in self.scores
                     if (s.evaluator_id, s.bid_id) in excluded)
