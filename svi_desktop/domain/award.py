"""The award record: what it must hold before final documents are made, under the tender's regime.

The completeness check lists every missing item, one sentence each, with the place it belongs (a bid, a
criterion, an evaluator) so that the window can take the user there. An empty list means the record is complete:
final reports, final assessment summaries and notices may then be made, and the award may be signed off.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

from svi_desktop.domain.lots import allocate, lot_limit
from svi_desktop.domain.model import Bid, BidStatus, Criterion, Evaluation, Regime
from svi_desktop.domain.psr import missing_key_criteria
from svi_desktop.domain.rules import scored_criteria
from svi_desktop.domain.scoring import Results, compute_results, effective_weights
from svi_desktop.domain.settings import (
    CRITERIA_PUBLISHED,
    FROZEN,
    LOT_TIE_BREAK,
    LOTS_PUBLISHED,
    spread_threshold_percent,
)


@dataclass(frozen=True)
class Missing:
    """One item the award record lacks. `kind` groups items; the ids say where it belongs."""

    kind: str  # regime, published, lots, supplier, unscored, declaration, evaluator, conflict, assessment, spread,
    # feedback, naming, advantages
    text: str
    bid_id: str = ""
    criterion_id: str = ""
    evaluator_id: str = ""
    lot: str = ""  # in a tender in lots, the lot whose record lacks it


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
    need = requirements(ev.tender.regime)
    out: list[Missing] = []
    if not ev.tender.regime:
        out.append(Missing("regime", "No procurement regime is chosen: choose it in Setup."))
    if need.feedback and not ev.settings.get(CRITERIA_PUBLISHED, "").strip():
        out.append(Missing("published", "Where the award criteria are published is not recorded: fill it in Setup."))
    process_c = ev.tender.regime == Regime.PSR_DIRECT_C.value
    for name in missing_key_criteria(ev):  # the PSR's key criteria, reg 5: the notice states how each was weighed
        out.append(Missing("psr", (f"The assessment of the existing provider against the key criterion “{name}” is "
                                   if process_c else f"How the key criterion “{name}” was weighed is ")
                           + "not recorded (PSR reg 5): fill it in Setup, PSR key criteria."))
    if ev.lots and lot_limit(ev):
        if not ev.settings.get(LOT_TIE_BREAK, "").strip():
            out.append(Missing("lots", "The rule for which lots a supplier over the limit keeps is not recorded: "
                               "choose it in Lots and limits."))
        if not ev.settings.get(LOTS_PUBLISHED, "").strip():
            out.append(Missing("lots", "Where the limit on lots per supplier and its tie-break are published is not "
                               "recorded: fill it in Lots and limits."))
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
    excluded = ev.exclusions()
    # One pass over the scores (160,000 of them at 800 bids): who scored what, and the values that count.
    scored: dict[str, set[tuple[str, str]]] = {e.id: set() for e in ev.evaluators}  # evaluator -> (bid, criterion)
    counted: dict[tuple[str, str], list[int]] = {}
    for s in ev.scores:
        key = (s.bid_id, s.criterion_id)
        scored.setdefault(s.evaluator_id, set()).add(key)
        if excluded and (s.evaluator_id, s.bid_id) in excluded:
            continue
        values = counted.get(key)
        if values is None:
            counted[key] = [s.value]
        else:
            values.append(s.value)
    agreed = {(c.bid_id, c.criterion_id): c for c in ev.consensus}
    scopes = _scopes(ev, results)
    for sc in scopes:
        for b in sc.active:
            for c in sc.criteria:
                if (b.id, c.id) not in agreed and not counted.get((b.id, c.id)):
                    out.append(Missing("unscored", f"{sc.prefix}{codes[c.id]} is not scored for {b.supplier}.",
                                       bid_id=b.id, criterion_id=c.id, lot=sc.lot))
    pairs = {(b.id, c.id) for sc in scopes for b in sc.active for c in sc.criteria}  # in lots, each bid's lots'
    for e in ev.evaluators:
        if e.declaration is None:
            out.append(Missing("declaration", f"{e.name} has not declared their interests.", evaluator_id=e.id))
        barred = {bid_id for who, bid_id in excluded if who == e.id}
        owed = pairs if not barred else {p for p in pairs if p[0] not in barred}
        left = len(owed - scored.get(e.id, set()))
        if left:
            out.append(Missing("evaluator", f"{e.name} has not scored {left} of {len(owed)} responses.",
                               evaluator_id=e.id))
        if e.declaration is not None and e.declaration.conflict and not e.declaration.conflicts \
                and not e.declaration.management.strip():
            out.append(Missing("conflict", f"The conflict {e.name} declared is not managed: record how it is "
                               "managed, bidder by bidder.", evaluator_id=e.id))
    assessed = {person_key(a.person) for a in ev.assessments}
    people = [(e.name, "evaluator", e.id) for e in ev.evaluators] + [(x.name, "approver", "") for x in ev.signoffs]
    for name, role, evaluator_id in people:  # everyone who influences the decision is assessed first (s.83)
        if person_key(name) not in assessed:
            out.append(Missing("assessment", f"{name} ({role}) is not in the conflicts assessment: everyone who "
                               "influences the decision is assessed for conflicts of interest first (Procurement Act "
                               "2023, s.83); add them under Edit > Conflicts assessment.", evaluator_id=evaluator_id))
    for a in ev.assessments:
        if a.due(today):
            out.append(Missing("assessment", f"The conflicts assessment of {a.person} ({a.role}) was due for review "
                               f"on {a.next_review}."))
    limit = spread_limit(ev)
    if limit is not None:
        active_ids = {b.id for b in active}
        at_least = math.ceil(limit)  # scores are whole numbers: so is their spread
        wide = sorted((key, max(values) - min(values)) for key, values in counted.items()
                      if max(values) - min(values) >= at_least)
        for (bid_id, crit_id), spread in wide:
            if bid_id in active_ids and crit_id in codes \
                    and not (agreed.get((bid_id, crit_id)) and agreed[(bid_id, crit_id)].note.strip()):
                out.append(Missing("spread", f"{names[bid_id]} on {codes[crit_id]}: the scores differ by "
                                   f"{spread} and the panel has not recorded a moderation note.",
                                   bid_id=bid_id, criterion_id=crit_id))
    if need.feedback:
        for sc in scopes:
            for b in sc.active:
                for c in sc.criteria:
                    found = agreed.get((b.id, c.id))
                    if found is None or not found.feedback.strip():
                        out.append(Missing("feedback", f"{sc.prefix}Feedback for {b.supplier} on {codes[c.id]} is not "
                                           "written.", bid_id=b.id, criterion_id=c.id, lot=sc.lot))
    out += _feedback_naming_others(ev, codes)
    if need.advantages:
        for sc in scopes:
            out += _advantages_missing(sc, agreed, codes)
    return out


LEGAL_SUFFIX = re.compile(r"\s+(?:cic|ltd\.?|limited|plc|llp|lp|cio|inc\.?|the)$", re.IGNORECASE)


def bidder_names(bids: tuple[Bid, ...] | list[Bid]) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """One pattern of every bidder's name, with and without its legal suffix (CIC, Ltd, plc...), whole words, any
    case, and which bid each way of writing it names; None when no name is long enough to look for."""
    variants: dict[str, str] = {}  # a name as it may be written -> the bid it names
    for b in bids:
        name = " ".join(b.supplier.split())
        for v in (name, LEGAL_SUFFIX.sub("", name)):
            if len(v) >= 4:  # a name of two or three letters is found in ordinary words
                variants.setdefault(v.casefold(), b.id)
    if not variants:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
                      + r")(?!\w)", re.IGNORECASE), variants


def without_other_bidders(text: str, bids: tuple[Bid, ...] | list[Bid], keep: str, instead: str) -> str:
    """`text` with every bidder's name but that of the bid `keep` replaced by `instead` (a notice names the chosen
    provider only)."""
    found = bidder_names(bids)
    if found is None:
        return text
    pattern, variants = found
    return pattern.sub(lambda m: m.group(0) if variants[m.group(0).casefold()] == keep else instead, text)


def _feedback_naming_others(ev: Evaluation, codes: dict[str, str]) -> list[Missing]:
    """Feedback goes to its bidder alone (in its assessment summary): one naming another bidder would tell it about
    a rival. Each place where it does is listed, the bidder named with it. (The winner's relative advantages are
    written to be read by the others, and are not checked.) Each feedback is searched once, for every name."""
    found = bidder_names(ev.bids)
    if found is None:
        return []
    pattern, variants = found
    names = {b.id: b.supplier for b in ev.bids}
    out = []
    for c in sorted(ev.consensus, key=lambda c: (names.get(c.bid_id, ""), codes.get(c.criterion_id, ""))):
        if c.bid_id not in names or c.criterion_id not in codes or not c.feedback:
            continue
        named = dict.fromkeys(variants[m.group(0).casefold()] for m in pattern.finditer(c.feedback))
        for other in named:
            if other != c.bid_id:
                out.append(Missing("naming", f"Feedback for {names[c.bid_id]} on {codes[c.criterion_id]} names "
                                   f"another bidder, {names[other]}: feedback goes to its bidder alone; take the "
                                   "name out.", bid_id=c.bid_id, criterion_id=c.criterion_id))
    return out


@dataclass(frozen=True)
class _Scope:
    """What one contract's record must hold: the tender's, or in lots each lot's (its bids, its criteria, the bid
    awarded it under the limit on lots per supplier)."""

    lot: str
    prefix: str  # "Lot 2: " or ""
    active: list[Bid]
    criteria: tuple[Criterion, ...]
    results: Results
    winner: str | None
    earning: dict


def _scopes(ev: Evaluation, results: Results | None) -> list[_Scope]:
    if not ev.lots:
        results = results or compute_results(ev)
        return [_Scope("", "", [b for b in ev.bids if not b.out_of_competition], scored_criteria(ev.framework),
                       results, results.ranked[0].bid.id if results.ranked else None,
                       effective_weights(ev.framework))]
    out = []
    for a in allocate(ev).lots:
        sub = a.evaluation
        out.append(_Scope(a.lot.code, f"Lot {a.lot.code}: ", [b for b in sub.bids if not b.out_of_competition],
                          scored_criteria(sub.framework), a.results, a.winner, effective_weights(sub.framework)))
    return out


SECOND_PERSON = re.compile(r"(?<!\w)(?:you|your|yours|yourself)(?!\w)", re.IGNORECASE)


def _advantages_missing(sc: _Scope, agreed: dict, codes: dict[str, str]) -> list[Missing]:
    """The explanation of the winning tender's assessment the other bidders receive (Procurement Regulations 2024,
    reg 31), with its relative advantages: written for them, on each criterion earning points, in the third person
    (feedback addressed to the winner, "your response...", is never sent to the others). In lots, of the bid awarded
    the lot, who need not have ranked first."""
    if sc.winner is None or len(sc.results.ranked) < 2:
        return []
    winner = sc.results.by_bid()[sc.winner]
    role = "the bid awarded the lot" if sc.lot else "the winning bid"
    out = []
    for c in sc.criteria:
        if c.id not in sc.earning:
            continue
        found = agreed.get((sc.winner, c.id))
        text = found.advantages.strip() if found is not None else ""
        if not text:
            out.append(Missing("advantages", f"{sc.prefix}The relative advantages of {winner.bid.supplier}, {role}, on "
                               f"{codes[c.id]} are not written: the other bidders are told how it was assessed.",
                               bid_id=sc.winner, criterion_id=c.id, lot=sc.lot))
        elif (you := SECOND_PERSON.search(text)) is not None:
            out.append(Missing("advantages", f"{sc.prefix}The relative advantages of {winner.bid.supplier}, {role}, on "
                               f"{codes[c.id]} speak to the winner ('{you.group(0)}'): they "
                               "are sent to the other bidders, so write them in the third person.",
                               bid_id=sc.winner, criterion_id=c.id, lot=sc.lot))
    return out


def person_key(name: str) -> str:
    """A person's name as compared: spaces and case aside ("  priya   SHAH " is Priya Shah)."""
    return " ".join(name.split()).casefold()


def name_refused(name: str, others: list[str]) -> str | None:
    """Why `name` cannot be an evaluator's beside the panel's `others`, or None: the record must say who scored
    what, so no two evaluators share a name (spaces and case aside)."""
    if not name.strip():
        return "An evaluator needs a name."
    same = next((o for o in others if person_key(o) == person_key(name)), None)
    if same is not None:
        return (f"{same.strip()[:80]} is on the panel already: give each evaluator a name of their own (with a middle "
                "initial, say), so that the record shows who scored what.")
    return None


def people_at_work(ev: Evaluation) -> list[tuple[str, str]]:
    """(name, role) of everyone who may work on the tender in the window: the evaluators, and the people of the
    conflicts assessment (the lead, approvers, advisers), each once, the assessment's role first."""
    out: dict[str, tuple[str, str]] = {}
    for a in ev.assessments:
        out.setdefault(person_key(a.person), (a.person.strip(), a.role.strip()))
    for e in ev.evaluators:
        out.setdefault(person_key(e.name), (e.name.strip(), "evaluator"))
    return sorted(out.values(), key=lambda p: p[0].casefold())
