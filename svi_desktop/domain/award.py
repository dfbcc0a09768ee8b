"""The award record: what it must hold before final documents are made, under the tender's regime.

The completeness check lists every missing item, one sentence each, with the place it belongs (a bid, a
criterion, an evaluator) so that the window can take the user there. An empty list means the record is complete:
final reports, final assessment summaries and notices may then be made, and the award may be signed off.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from svi_desktop.domain.model import BidStatus, Evaluation, Regime
from svi_desktop.domain.rules import scored_criteria
from svi_desktop.domain.scoring import Results, compute_results, effective_weights
from svi_desktop.domain.settings import CRITERIA_PUBLISHED, FROZEN, spread_threshold_percent


@dataclass(frozen=True)
class Missing:
    """One item the award record lacks. `kind` groups items; the ids say where it belongs."""

    kind: str  # regime, published, supplier, unscored, declaration, evaluator, conflict, assessment, spread,
    # feedback, advantages
    text: str
    bid_id: str = ""
    criterion_id: str = ""
    evaluator_id: str = ""


@dataclass(frozen=True)
class Requirements:
    """What a regime asks of the award record."""

    supplier_details: bool  # registered address, email and identifier of every supplier
    feedback: bool  # an explanation for the bidder of every score
    advantages: bool  # the winner's relative advantages, for the losing bidders


REQUIREMENTS = {
    # Procurement Act 2023 s.50 and Procurement Regulations 2024 reg 31: an assessment summary for every supplier.
    Regime.ACT_COMPETITIVE: Requirements(supplier_details=True, feedback=True, advantages=True),
    Regime.ACT_LIGHT_TOUCH: Requirements(supplier_details=True, feedback=True, advantages=True),
    # The Provider Selection Regime: a direct award has one provider to tell and nobody to compare with; a
    # competitive process explains the decision to every provider that took part.
    Regime.PSR_DIRECT_A: Requirements(supplier_details=True, feedback=False, advantages=False),
    Regime.PSR_DIRECT_B: Requirements(supplier_details=True, feedback=False, advantages=False),
    Regime.PSR_DIRECT_C: Requirements(supplier_details=True, feedback=True, advantages=False),
    Regime.PSR_COMPETITIVE: Requirements(supplier_details=True, feedback=True, advantages=True),
    Regime.OTHER: Requirements(supplier_details=False, feedback=True, advantages=True),
}


def requirements(regime: str) -> Requirements:
    try:
        return REQUIREMENTS[Regime(regime)]
    except ValueError:  # no regime chosen yet: ask for everything, so nothing is missed when it is
        return Requirements(supplier_details=True, feedback=True, advantages=True)


def frozen_at(ev: Evaluation) -> str:
    """When the award was signed off and frozen ("" if it is not)."""
    return ev.settings.get(FROZEN, "")


def quality_awaiting_consensus(ev: Evaluation) -> int:
    """How many responses of the bids still in competition await the panel's consensus on a quality criterion
    (every criterion outside a price section). Until none do, quality is moderated blind to price: the shared
    screen shows no price, price score, total or ranking, so that price cannot sway a quality score."""
    agreed = {(c.bid_id, c.criterion_id) for c in ev.consensus}
    criteria = scored_criteria(ev.framework)
    return sum(1 for b in ev.bids if not b.out_of_competition for c in criteria if (b.id, c.id) not in agreed)


def spread_limit(ev: Evaluation) -> Fraction | None:
    """The spread of individual scores at or above which the panel must moderate (None: no limit)."""
    scale = ev.framework.scale
    limit = Fraction(spread_threshold_percent(ev.settings)) / 100 * (scale.maximum - scale.minimum)
    return limit if limit > 0 else None


def award_check(ev: Evaluation, today: str, results: Results | None = None) -> list[Missing]:
    """Every item missing from the award record, in the order a lead would work through them."""
    results = results or compute_results(ev)
    need = requirements(ev.tender.regime)
    out: list[Missing] = []
    if not ev.tender.regime:
        out.append(Missing("regime", "No procurement regime is chosen: choose it in Setup."))
    if need.feedback and not ev.settings.get(CRITERIA_PUBLISHED, "").strip():
        out.append(Missing("published", "Where the award criteria are published is not recorded: fill it in Setup."))
    names = {b.id: b.supplier for b in ev.bids}
    codes = {c.id: f"{c.code} {c.title}" for c in ev.framework.criteria}
    active = [b for b in ev.bids if not b.out_of_competition]
    if need.supplier_details:
        for b in ev.bids:
            if b.status is BidStatus.WITHDRAWN:
                continue
            if b.details_missing:
                out.append(Missing("supplier", f"Supplier details missing for {b.supplier}: "
                                   + ", ".join(b.details_missing) + ".", bid_id=b.id))
    criteria = scored_criteria(ev.framework)
    excluded = ev.exclusions()
    scored = {(s.evaluator_id, s.bid_id, s.criterion_id) for s in ev.scores}
    counted: dict[tuple[str, str], list[int]] = {}
    for s in ev.counted_scores():
        counted.setdefault((s.bid_id, s.criterion_id), []).append(s.value)
    agreed = {(c.bid_id, c.criterion_id): c for c in ev.consensus}
    for b in active:
        for c in criteria:
            if (b.id, c.id) not in agreed and not counted.get((b.id, c.id)):
                out.append(Missing("unscored", f"{codes[c.id]} is not scored for {b.supplier}.",
                                   bid_id=b.id, criterion_id=c.id))
    for e in ev.evaluators:
        if e.declaration is None:
            out.append(Missing("declaration", f"{e.name} has not declared their interests.", evaluator_id=e.id))
        owed = [(b.id, c.id) for b in active for c in criteria if (e.id, b.id) not in excluded]
        left = sum(1 for bid_id, crit_id in owed if (e.id, bid_id, crit_id) not in scored)
        if left:
            out.append(Missing("evaluator", f"{e.name} has not scored {left} of {len(owed)} responses.",
                               evaluator_id=e.id))
        if e.declaration is not None and e.declaration.conflict and not e.declaration.conflicts \
                and not e.declaration.management.strip():
            out.append(Missing("conflict", f"The conflict {e.name} declared is not managed: record how it is "
                               "managed, bidder by bidder.", evaluator_id=e.id))
    for a in ev.assessments:
        if a.due(today):
            out.append(Missing("assessment", f"The conflicts assessment of {a.person} ({a.role}) was due for review "
                               f"on {a.next_review}."))
    limit = spread_limit(ev)
    if limit is not None:
        for (bid_id, crit_id), values in sorted(counted.items()):
            if bid_id in {b.id for b in active} and crit_id in codes and max(values) - min(values) >= limit \
                    and not (agreed.get((bid_id, crit_id)) and agreed[(bid_id, crit_id)].note.strip()):
                out.append(Missing("spread", f"{names[bid_id]} on {codes[crit_id]}: the scores differ by "
                                   f"{max(values) - min(values)} and the panel has not recorded a moderation note.",
                                   bid_id=bid_id, criterion_id=crit_id))
    if need.feedback:
        for b in active:
            for c in criteria:
                found = agreed.get((b.id, c.id))
                if found is None or not found.feedback.strip():
                    out.append(Missing("feedback", f"Feedback for {b.supplier} on {codes[c.id]} is not written.",
                                       bid_id=b.id, criterion_id=c.id))
    if need.advantages and len(results.ranked) > 1:
        winner = results.ranked[0]
        earning = effective_weights(ev.framework)  # a gate ranks nobody: only criteria that earn points
        for c in criteria:
            if c.id not in earning:
                continue
            w = winner.criteria[c.id].value
            beaten = w is not None and any(
                r.criteria[c.id].value is not None and r.criteria[c.id].value < w  # type: ignore[operator]  # w is not None, and neither is the value compared
                for r in (*results.ranked[1:], *results.not_ranked) if not r.bid.out_of_competition)
            found = agreed.get((winner.bid.id, c.id))
            if beaten and (found is None or not found.advantages.strip()):
                out.append(Missing("advantages", f"The relative advantages of {winner.bid.supplier}, the winning "
                                   f"bid, on {codes[c.id]} are not written.", bid_id=winner.bid.id,
                                   criterion_id=c.id))
    return out


def person_key(name: str) -> str:
    """A person's name as compared: spaces and case aside ("  priya   SHAH " is Priya Shah)."""
    return " ".join(name.split()).casefold()


def people_at_work(ev: Evaluation) -> list[tuple[str, str]]:
    """(name, role) of everyone who may work on the tender in the window: the evaluators, and the people of the
    conflicts assessment (the lead, approvers, advisers), each once, the assessment's role first."""
    out: dict[str, tuple[str, str]] = {}
    for a in ev.assessments:
        out.setdefault(person_key(a.person), (a.person.strip(), a.role.strip()))
    for e in ev.evaluators:
        out.setdefault(person_key(e.name), (e.name.strip(), "evaluator"))
    return sorted(out.values(), key=lambda p: p[0].casefold())
