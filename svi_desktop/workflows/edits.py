"""Every change to a tender as a value, and the one door through which each reaches the file.

An edit is a frozen, typed dataclass naming what is to change (`SetScore`, `SetConsensus`, `Declare`, `SignOff`,
`SetCriterionField`, `ImportBids`...). `apply(tf, edit)` is the only way an edit is made: the window (through
`ui/session.py`), `svi` (through the workflows) and the tests build edits and hand them to it. It performs the
store operation, which checks every rule about that change (the file frozen or read-only, a row changed outside
the program, an evaluator's declared conflict, a reason where the Act asks for one), writes, audits and seals it
in one transaction, and returns the `Applied` value with its inverse: undo and redo are the same door run backwards.

A rule therefore lives in one place, below every front end: none of them can reach the file without it. To add an
edit: write the store operation (its rules, its write, its inverse), then one dataclass here whose fields are the
operation's arguments; `tests/unit/workflows/test_edits.py` checks that every edit names an operation with
exactly its fields and that applying it and its inverse leaves the tender as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal
from pathlib import Path
from typing import Any

from svi_desktop.domain.changes import Applied
from svi_desktop.domain.contract import Commitment, Rating, TieBreak
from svi_desktop.domain.model import (
    Bid,
    BidStatus,
    Citation,
    ConflictAssessment,
    ConflictManagement,
    Evaluation,
    Framework,
    KeyDate,
)
from svi_desktop.domain.scale import ScoringScale
from svi_desktop.domain.settings import ConsensusDraft
from svi_desktop.store import packs as packs_store
from svi_desktop.store import restore as restore_store
from svi_desktop.store.operations import assessments as assessments_
from svi_desktop.store.operations import award as award_
from svi_desktop.store.operations import bids as bids_
from svi_desktop.store.operations import clarifications as clarifications_
from svi_desktop.store.operations import contract as contract_
from svi_desktop.store.operations import evaluators as evaluators_
from svi_desktop.store.operations import framework as framework_
from svi_desktop.store.operations import moderation as moderation_
from svi_desktop.store.operations import record as record_
from svi_desktop.store.operations import scores as scores_
from svi_desktop.store.tender_file import TenderFile


class Edit:
    """A change to a tender, as data: compared, logged, kept and applied again (redo) without a screen."""

    def arguments(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]  # every Edit is a dataclass

    def _perform(self, tf: TenderFile) -> Applied:
        raise NotImplementedError(type(self).__name__)

    def __call__(self, tf: TenderFile) -> Applied:
        """An edit can stand wherever an operation is applied to a file; it still goes through the door."""
        return apply(tf, self)


def apply(tf: TenderFile, edit: Edit) -> Applied:
    """The one door: make `edit` in the tender file `tf`, or refuse it with a sentence (KnownError) and change
    nothing. Returns what the edit did and, unless it is a formal act recorded for good (a submission, a sign-off),
    how to undo it."""
    if not isinstance(edit, Edit):
        raise TypeError(f"not an edit: {edit!r}")
    return edit._perform(tf)


@dataclass(frozen=True)
class AddAuthorityKpi(Edit):
    """One of the authority's own KPIs for the contract."""

    lot_code: str
    bid_id: str
    measure: str
    target: Decimal | str
    unit: str
    due: str
    start: str = ""

    def _perform(self, tf: TenderFile) -> Applied:
        return contract_.add_authority_kpi(tf, **self.arguments())


@dataclass(frozen=True)
class AddBid(Edit):
    """Add one bid at the end of the list. Result: the Bid as stored."""

    bid: Bid

    def _perform(self, tf: TenderFile) -> Applied:
        return bids_.add_bid(tf, **self.arguments())


@dataclass(frozen=True)
class AddCommitment(Edit):
    """A bid's commitment. Result: the Commitment as stored."""

    commitment: Commitment

    def _perform(self, tf: TenderFile) -> Applied:
        return contract_.add_commitment(tf, **self.arguments())


@dataclass(frozen=True)
class AddCriterion(Edit):
    """A new criterion at the end of a section; a gate in a gates section. Result: the Criterion."""

    section_id: str
    code: str
    title: str
    criterion_id: str | None = None

    def _perform(self, tf: TenderFile) -> Applied:
        return framework_.add_criterion(tf, **self.arguments())


@dataclass(frozen=True)
class AddDocument(Edit):
    """Copy a file into the tender, with its SHA-256; refused past the size limit."""

    bid_id: str
    source: Path
    document_id: str | None = None

    def _perform(self, tf: TenderFile) -> Applied:
        return bids_.add_document(tf, **self.arguments())


@dataclass(frozen=True)
class AddEvaluator(Edit):
    """A new evaluator on the panel. Result: the Evaluator."""

    name: str
    role: str = ""
    organisation: str = ""
    id: str | None = None

    def _perform(self, tf: TenderFile) -> Applied:
        return evaluators_.add_evaluator(tf, **self.arguments())


@dataclass(frozen=True)
class AddLot(Edit):
    """A lot of the tender. Result: the Lot."""

    code: str
    title: str = ""
    value: Decimal | str | None = None
    lot_id: str | None = None

    def _perform(self, tf: TenderFile) -> Applied:
        return contract_.add_lot(tf, **self.arguments())


@dataclass(frozen=True)
class ApplyFramework(Edit):
    """Replace the whole framework (a template); refused once responses or scores are recorded. Result: the framework
    it replaced."""

    framework: Framework

    def _perform(self, tf: TenderFile) -> Applied:
        return framework_.apply_framework(tf, **self.arguments())


@dataclass(frozen=True)
class Declare(Edit):
    """Record a declaration of interests, bidder by bidder and dated now: `conflicts` holds (bid id, details) for each
    bidder the evaluator has a conflict with; none means no conflict with any. Each conflict excludes the evaluator
    from that bid until the lead decides otherwise (a decision already made for a bidder still declared stands). A
    recorded act with no inverse: a new declaration replaces it."""

    evaluator_id: str
    conflicts: tuple[tuple[str, str], ...] = ()

    def _perform(self, tf: TenderFile) -> Applied:
        return evaluators_.declare(tf, **self.arguments())


@dataclass(frozen=True)
class MakeKpis(Edit):
    """At award: the winner's commitments (for the lot, and those for all its lots) become the contract's KPIs, running
    from `start` (the contract's first day; today if not given). Result: the KPIs made. Refused when that contract's
    KPIs have been made from commitments already."""

    bid_id: str
    lot_code: str = ""
    start: str = ""

    def _perform(self, tf: TenderFile) -> Applied:
        return contract_.make_kpis(tf, **self.arguments())


@dataclass(frozen=True)
class ManageConflict(Edit):
    """The lead's decision on a declared conflict: the evaluator is excluded from the bid, or may score it (with the
    reason, recorded)."""

    evaluator_id: str
    bid_id: str
    management: ConflictManagement
    reason: str = ""

    def _perform(self, tf: TenderFile) -> Applied:
        return evaluators_.manage_conflict(tf, **self.arguments())


@dataclass(frozen=True)
class MoveCriterion(Edit):
    """Move a criterion to `position` within its section. Result: the position it had."""

    criterion_id: str
    position: int

    def _perform(self, tf: TenderFile) -> Applied:
        return framework_.move_criterion(tf, **self.arguments())


@dataclass(frozen=True)
class RaiseClarification(Edit):
    """Ask the supplier a question on its response to one criterion. Result: the Clarification."""

    bid_id: str
    criterion_id: str
    question: str
    raised_by: str
    id: str | None = None

    def _perform(self, tf: TenderFile) -> Applied:
        return clarifications_.raise_clarification(tf, **self.arguments())


@dataclass(frozen=True)
class RecordAnswer(Edit):
    """The supplier's answer, as received on `answered_on`: attached to its response for every evaluator."""

    clarification_id: str
    answer: str
    answered_on: str

    def _perform(self, tf: TenderFile) -> Applied:
        return clarifications_.record_answer(tf, **self.arguments())


@dataclass(frozen=True)
class RecordAssessment(Edit):
    """Add an entry, or replace it after a review. Result: the entry as stored."""

    entry: ConflictAssessment

    def _perform(self, tf: TenderFile) -> Applied:
        return assessments_.record_assessment(tf, **self.arguments())


@dataclass(frozen=True)
class RecordPeriod(Edit):
    """One period's rating of a KPI: what was delivered by the period's end (cumulative), the evidence, the rating on
    the contract performance notice's scale, and the reason for any rating but Good. Result: the KpiPeriod."""

    kpi_id: str
    period_start: str
    period_end: str
    actual: Decimal | str
    evidence: str
    rating: Rating | str
    note: str = ""
    recorded_by: str = ""

    def _perform(self, tf: TenderFile) -> Applied:
        return contract_.record_period(tf, **self.arguments())


@dataclass(frozen=True)
class RecordSent(Edit):
    """The lead sent the question to the supplier on `sent_on`. A recorded fact, not undone."""

    clarification_id: str
    sent_on: str

    def _perform(self, tf: TenderFile) -> Applied:
        return clarifications_.record_sent(tf, **self.arguments())


@dataclass(frozen=True)
class RemoveAssessment(Edit):
    """Remove one entry of the conflicts assessment; undo puts it back."""

    entry_id: str

    def _perform(self, tf: TenderFile) -> Applied:
        return assessments_.remove_assessment(tf, **self.arguments())


@dataclass(frozen=True)
class RemoveBids(Edit):
    """Remove bids with their responses, scores, consensus and documents. Result: what was removed."""

    bid_ids: tuple[str, ...]
    source: str = ""

    def _perform(self, tf: TenderFile) -> Applied:
        return bids_.remove_bids(tf, **self.arguments())


@dataclass(frozen=True)
class RemoveCommitment(Edit):
    """Remove one of a bid's commitments; undo puts it back."""

    commitment_id: str

    def _perform(self, tf: TenderFile) -> Applied:
        return contract_.remove_commitment(tf, **self.arguments())


@dataclass(frozen=True)
class RemoveCriterion(Edit):
    """Remove a criterion with its responses, scores and consensus. Result: what was removed."""

    criterion_id: str

    def _perform(self, tf: TenderFile) -> Applied:
        return framework_.remove_criterion(tf, **self.arguments())


@dataclass(frozen=True)
class RemoveDocument(Edit):
    """Remove a document from its bid. Result: the removed row (with its bytes), which undo puts back."""

    document_id: str

    def _perform(self, tf: TenderFile) -> Applied:
        return bids_.remove_document(tf, **self.arguments())


@dataclass(frozen=True)
class RemoveEvaluator(Edit):
    """Remove an evaluator who has recorded nothing. Result: the Evaluator removed."""

    evaluator_id: str

    def _perform(self, tf: TenderFile) -> Applied:
        return evaluators_.remove_evaluator(tf, **self.arguments())


@dataclass(frozen=True)
class RemoveLot(Edit):
    """Take a lot out; refused while a bid, criterion, commitment or KPI names it."""

    lot_id: str

    def _perform(self, tf: TenderFile) -> Applied:
        return contract_.remove_lot(tf, **self.arguments())


@dataclass(frozen=True)
class SetBidField(Edit):
    """Change one of a bid's details, validated as the window validates it."""

    bid_id: str
    field: str
    value: Any
    reason: str = ""  # a weight, threshold, price formula or price changed after the first score needs one (s.98)

    def _perform(self, tf: TenderFile) -> Applied:
        return bids_.set_bid_field(tf, **self.arguments())


@dataclass(frozen=True)
class SetConsensus(Edit):
    """Record the panel's agreed score; a moderation note saying how it was reached is required. The feedback (for the
    bidder) may cite passages of the bid's response; `advantages` is the winner's relative advantages."""

    bid_id: str
    criterion_id: str
    value: int
    note: str
    feedback: str = ""
    citations: tuple[Citation, ...] = ()
    advantages: str = ""
    outside_reason: str = ""

    def _perform(self, tf: TenderFile) -> Applied:
        return scores_.set_consensus(tf, **self.arguments())


@dataclass(frozen=True)
class SetConsensusDraft(Edit):
    """Keep what the panel has typed for a consensus and not yet recorded (a blank draft clears it): nothing typed is
    lost to moving on, closing or a crash. A draft is not a consensus: no result, summary or notice reads it."""

    bid_id: str
    criterion_id: str
    draft: ConsensusDraft

    def _perform(self, tf: TenderFile) -> Applied:
        return scores_.set_consensus_draft(tf, **self.arguments())


@dataclass(frozen=True)
class SetCriteriaPublished(Edit):
    """Where the award criteria in full are published (a web address or a document's reference): each assessment
    summary says so (Procurement Regulations 2024, reg 31)."""

    where: str

    def _perform(self, tf: TenderFile) -> Applied:
        return award_.set_criteria_published(tf, **self.arguments())


@dataclass(frozen=True)
class SetPsrKeyCriterion(Edit):
    """How one of the PSR's key criteria (reg 5) was weighed (process C: the existing provider's assessment)."""

    key: str
    text: str

    def _perform(self, tf: TenderFile) -> Applied:
        return award_.set_psr_key_criterion(tf, **self.arguments())


@dataclass(frozen=True)
class SetNoticeDetail(Edit):
    """One detail a notice needs beyond the evaluation (the OCID prefix, the authority's identifier, the contract's
    dates...): domain/notice_details.py."""

    key: str
    value: str

    def _perform(self, tf: TenderFile) -> Applied:
        return award_.set_notice_detail(tf, **self.arguments())


@dataclass(frozen=True)
class SetCriterionField(Edit):
    """Change one field of a criterion (title, weight, threshold, guidance...); the rules of the
    field's value are the store's."""

    criterion_id: str
    field: str
    value: Any
    reason: str = ""  # a weight, threshold, price formula or price changed after the first score needs one (s.98)

    def _perform(self, tf: TenderFile) -> Applied:
        return framework_.set_criterion_field(tf, **self.arguments())


@dataclass(frozen=True)
class SetCriterionLots(Edit):
    """Set a criterion for some lots only; no codes: shared by every lot."""

    criterion_id: str
    codes: tuple[str, ...]

    def _perform(self, tf: TenderFile) -> Applied:
        return contract_.set_criterion_lots(tf, **self.arguments())


@dataclass(frozen=True)
class SetEvaluatorField(Edit):
    """Change one field of an evaluator (name, role, organisation)."""

    evaluator_id: str
    field: str
    value: str

    def _perform(self, tf: TenderFile) -> Applied:
        return evaluators_.set_evaluator_field(tf, **self.arguments())


@dataclass(frozen=True)
class SetKeyDates(Edit):
    """The tender's key dates, as a whole."""

    dates: tuple[KeyDate, ...]

    def _perform(self, tf: TenderFile) -> Applied:
        return framework_.set_key_dates(tf, **self.arguments())


@dataclass(frozen=True)
class SetLotField(Edit):
    """Change a lot's title or estimated value (its code is what bids name, so it stays)."""

    lot_id: str
    field: str
    value: str

    def _perform(self, tf: TenderFile) -> Applied:
        return contract_.set_lot_field(tf, **self.arguments())


@dataclass(frozen=True)
class SetLotLimit(Edit):
    """The most lots one supplier may be awarded; 0 for no limit."""

    limit: int

    def _perform(self, tf: TenderFile) -> Applied:
        return contract_.set_lot_limit(tf, **self.arguments())


@dataclass(frozen=True)
class SetLotsPublished(Edit):
    """Where the limit on lots per supplier and its tie-break were published."""

    where: str

    def _perform(self, tf: TenderFile) -> Applied:
        return contract_.set_lots_published(tf, **self.arguments())


@dataclass(frozen=True)
class SetResponse(Edit):
    """Store a bid's response to one criterion exactly as received (None removes it)."""

    bid_id: str
    criterion_id: str
    text: str | None

    def _perform(self, tf: TenderFile) -> Applied:
        return bids_.set_response(tf, **self.arguments())


@dataclass(frozen=True)
class SetScale(Edit):
    """Replace the scale; refused while scores, consensus or thresholds would fall off it. Result: the old one."""

    scale: ScoringScale

    def _perform(self, tf: TenderFile) -> Applied:
        return framework_.set_scale(tf, **self.arguments())


@dataclass(frozen=True)
class SetScore(Edit):
    """Record or change one evaluator's score; fields given as None keep what was there. Result: the Score. `on_behalf`
    is why someone else entered it for the evaluator (scores sent on paper, say): recorded on the score and in its
    audit row, which names the evaluator apart from the operating-system user who entered it."""

    evaluator_id: str
    bid_id: str
    criterion_id: str
    value: int
    rationale: str | None = None
    evidence: tuple[Citation, ...] | None = None
    flags: tuple[str, ...] | None = None
    on_behalf: str = ""

    def _perform(self, tf: TenderFile) -> Applied:
        return scores_.set_score(tf, **self.arguments())


@dataclass(frozen=True)
class SetSectionField(Edit):
    """Change one field of a section (its name or its share of the total)."""

    section_id: str
    field: str
    value: Any
    reason: str = ""  # a weight, threshold, price formula or price changed after the first score needs one (s.98)

    def _perform(self, tf: TenderFile) -> Applied:
        return framework_.set_section_field(tf, **self.arguments())


@dataclass(frozen=True)
class SetSpreadThresholdPercent(Edit):
    """The spread, as a percentage of the scale, past which moderation flags a response."""

    percent: Decimal

    def _perform(self, tf: TenderFile) -> Applied:
        return moderation_.set_spread_threshold_percent(tf, **self.arguments())


@dataclass(frozen=True)
class SetStatus(Edit):
    """Mark a bid received, compliant, excluded (a reason is required) or withdrawn."""

    bid_id: str
    status: BidStatus
    reason: str = ""

    def _perform(self, tf: TenderFile) -> Applied:
        return bids_.set_status(tf, **self.arguments())


@dataclass(frozen=True)
class SetTenderField(Edit):
    """Change one of the tender's details (title, reference, authority, regime...); changing the
    regime of a scored tender needs a reason, recorded."""

    field: str
    value: str
    reason: str = ""

    def _perform(self, tf: TenderFile) -> Applied:
        return framework_.set_tender_field(tf, **self.arguments())


@dataclass(frozen=True)
class SetTieBreak(Edit):
    """Which lots a supplier over the limit keeps: recorded before the bids are opened, applied as recorded."""

    rule: TieBreak | str

    def _perform(self, tf: TenderFile) -> Applied:
        return contract_.set_tie_break(tf, **self.arguments())


@dataclass(frozen=True)
class SignOff(Edit):
    """A named approver signs off the award. The first sign-off freezes it: from then on scores, consensus, framework
    and bids refuse changes. Refused while the award record is incomplete. Not undone by Undo: only unfreezing, with
    a reason, reopens the record. Result: the SignOff."""

    name: str
    role: str
    signed_on: str

    def _perform(self, tf: TenderFile) -> Applied:
        return award_.sign_off(tf, **self.arguments())


@dataclass(frozen=True)
class StartModeration(Edit):
    """Moderation begins: the evaluators' individual scores are locked, so that what the panel moderates stands
    still. Undo unlocks them."""

    def _perform(self, tf: TenderFile) -> Applied:
        return moderation_.start_moderation(tf, **self.arguments())


@dataclass(frozen=True)
class Unfreeze(Edit):
    """Reopen a signed-off award. The named person, their role and the reason are recorded in the chain; the sign-offs
    are withdrawn (they approved a record that may now change) and stay in the audit trail."""

    reason: str
    name: str
    role: str

    def _perform(self, tf: TenderFile) -> Applied:
        return award_.unfreeze(tf, **self.arguments())


@dataclass(frozen=True)
class UnlockScores(Edit):
    """The lead's recorded decision to let individual scores change again."""

    reason: str

    def _perform(self, tf: TenderFile) -> Applied:
        return moderation_.unlock_scores(tf, **self.arguments())


@dataclass(frozen=True)
class UpdateCommitment(Edit):
    """Change one of a bid's commitments."""

    commitment: Commitment

    def _perform(self, tf: TenderFile) -> Applied:
        return contract_.update_commitment(tf, **self.arguments())


@dataclass(frozen=True)
class ImportBids(Edit):
    """Add many bids and their responses in one transaction. Result: their ids."""

    bids: list[Bid]
    responses: dict[str, dict[str, str]]
    source: str
    commitments: list[Commitment] | None = None

    def _perform(self, tf: TenderFile) -> Applied:
        return bids_.import_bids(tf, **self.arguments())


@dataclass(frozen=True)
class ImportRecord(Edit):
    """The record a JSON document carries (conflicts, scores, consensus, clarifications, KPIs), into the new file
    made from it, each checked by the rule of the edit that makes it one at a time. Result: how many of each."""

    evaluation: Evaluation
    source: str

    def _perform(self, tf: TenderFile) -> Applied:
        return record_.import_record(tf, **self.arguments())


@dataclass(frozen=True)
class CollectReturns(Edit):
    """Merge any number of submitted packs in one transaction; refused packs are listed with the reason. Result: the
    Collection report. Undo puts back the evaluators' scores and returns as they were."""

    paths: list[Path]

    def _perform(self, tf: TenderFile) -> Applied:
        return packs_store.collect_returns(tf, **self.arguments())


@dataclass(frozen=True)
class IssuePacks(Edit):
    """Write one pack per evaluator into `folder`; each holds that evaluator's own scores only, and none holds a key or
    a code. Result: the IssuedPacks, with each evaluator's return code. This file keeps a key derived from each
    code, to check the seal of the return, and the code itself until that evaluator's return is collected, so that
    the lead can show it again (`waiting_codes`). Issuing is recorded, not undone (the packs have gone out); issuing
    again gives new codes, and returns from the earlier issue are then refused."""

    folder: Path
    evaluator_ids: list[str] | None = None

    def _perform(self, tf: TenderFile) -> Applied:
        return packs_store.issue_packs(tf, **self.arguments())


@dataclass(frozen=True)
class SubmitPack(Edit):
    """Lock the pack and seal it with the evaluator's return code: the time, a digest of the scores, and the HMAC of
    the whole return. Result: the digest. Submitting is a formal act: recorded, never undone."""

    code: str

    def _perform(self, tf: TenderFile) -> Applied:
        return packs_store.submit_pack(tf, **self.arguments())


@dataclass(frozen=True)
class ResolveConflict(Edit):
    """The lead's choice between two returns from one evaluator: both stay on record."""

    return_id: str
    accept: bool

    def _perform(self, tf: TenderFile) -> Applied:
        return packs_store.resolve_conflict(tf, **self.arguments())


@dataclass(frozen=True)
class RestoreBackup(Edit):
    """Replace the open file's content with a backup's, as one step that can be undone: a backup of the present state
    is made first, and the inverse restores that. A backup of another tender, or of another role (an evaluator's
    pack onto the lead's file, or the other way round), is refused and the file is left as it was. A signed-off
    award is not restored over: it must be unfrozen, with a reason, first."""

    path: Path
    label: str

    def _perform(self, tf: TenderFile) -> Applied:
        return restore_store.restore_from(tf, **self.arguments())
