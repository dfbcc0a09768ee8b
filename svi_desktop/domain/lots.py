"""Results lot by lot, and which supplier is awarded which lot under a limit on lots per supplier.

Each lot is evaluated as a tender of its own: the bids for it, the criteria shared by every lot and its own,
and everything recorded about them. So ranking, robustness and every export work per lot unchanged.

Under a limit, a supplier that ranks first in more lots than it may win keeps the lots the tender's recorded
rule chooses (TieBreak); in the others the next eligible bidder is awarded the lot, and so on until no supplier
holds more than the limit. Every step is said in words, for the decision record and the letters to bidders.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from typing import Protocol, TypeVar

from svi_desktop.domain.contract import TIE_BREAK_NAMES, Lot, TieBreak
from svi_desktop.domain.model import Bid, Evaluation
from svi_desktop.domain.numbers import fmt, money
from svi_desktop.domain.scoring import Results, compute_results
from svi_desktop.domain.settings import LOT_LIMIT, LOT_TIE_BREAK


class _OfBidAndCriterion(Protocol):
    @property
    def bid_id(self) -> str: ...

    @property
    def criterion_id(self) -> str: ...


T = TypeVar("T", bound=_OfBidAndCriterion)


def lot_codes(text: str) -> tuple[str, ...]:
    """The lots a bid is for, from its Lot field: codes separated by commas ("1, 3")."""
    return tuple(dict.fromkeys(c.strip() for c in text.split(",") if c.strip()))


def lot_limit(ev: Evaluation) -> int:
    """The most lots one supplier may be awarded; 0 for no limit."""
    text = ev.settings.get(LOT_LIMIT, "")
    return int(text) if text.isdigit() else 0


def tie_break(ev: Evaluation) -> TieBreak:
    text = ev.settings.get(LOT_TIE_BREAK, "")
    return TieBreak(text) if text in {t.value for t in TieBreak} else TieBreak.MARGIN


def bids_for(ev: Evaluation, code: str) -> tuple[Bid, ...]:
    return tuple(b for b in ev.bids if code in lot_codes(b.lot))


def lot_evaluation(ev: Evaluation, code: str) -> Evaluation:
    """The tender as it stands for one lot: its bids, the shared criteria and its own, and their records."""
    own: dict[str, set[str]] = {}
    for cl in ev.lot_criteria:
        own.setdefault(cl.criterion_id, set()).add(cl.lot_code)
    criteria = tuple(c for c in ev.framework.criteria if c.id not in own or code in own[c.id])
    # Each bid at its price for this lot, where it prices the lot apart: the lot's price score uses these.
    bids = tuple(replace(b, price=dict(b.prices).get(code, b.price)) for b in bids_for(ev, code))
    bid_ids, crit_ids = {b.id for b in bids}, {c.id for c in criteria}
    every_criterion = len(criteria) == len(ev.framework.criteria)  # no criterion of another lot's alone

    def kept(rows: tuple[T, ...]) -> tuple[T, ...]:
        # Inline, not a call per row: with 800 bids this runs over 160,000 scores for each lot.
        if every_criterion:
            return tuple(r for r in rows if r.bid_id in bid_ids)
        return tuple(r for r in rows if r.bid_id in bid_ids and r.criterion_id in crit_ids)

    lot = next((x for x in ev.lots if x.code == code), None)
    named = f"{ev.tender.title}, lot {code}" + (f" ({lot.title})" if lot is not None and lot.title else "")
    return replace(
        ev,
        tender=replace(ev.tender, title=named),  # every document made from it says which lot it is
        framework=replace(ev.framework, criteria=criteria),
        bids=bids,
        responses=kept(ev.responses),
        scores=kept(ev.scores),
        consensus=kept(ev.consensus),
        clarifications=kept(ev.clarifications),
        commitments=tuple(c for c in ev.commitments if c.bid_id in bid_ids and c.lot_code in ("", code)),
        kpis=tuple(k for k in ev.kpis if k.lot_code == code),
    )


def supplier_key(bid: Bid) -> str:
    """Who a bid is from, for the limit: its identifier (PPON or Companies House number) when it has one, else its
    name; so two bids from one supplier, one per lot, count as one supplier."""
    return f"id:{bid.identifier.strip().casefold()}" if bid.identifier.strip() else f"name:{bid.supplier.strip().casefold()}"


@dataclass(frozen=True)
class LotAward:
    lot: Lot
    results: Results
    ranked: tuple[str, ...]  # bid ids in rank order, the ranked (eligible) bids only
    winner: str | None  # the bid awarded the lot under the limit; None when no bid is ranked
    first: str | None  # the bid ranked first, before the limit
    explanation: str  # in words: who ranked first, and why another bidder is awarded it if so
    passed_over: tuple[str, ...]  # bid ids ranked above the winner (all of them, if none won) and passed over
    evaluation: Evaluation  # the lot's own evaluation (lot_evaluation), as it was ranked


@dataclass(frozen=True)
class Allocation:
    lots: tuple[LotAward, ...]
    limit: int
    rule: TieBreak
    steps: tuple[str, ...]  # how the limit was applied, step by step ("" steps when it was not needed)
    stepped: tuple[str, ...]  # the supplier (supplier_key) each step is about, step by step

    def steps_of(self, bid: Bid) -> tuple[str, ...]:
        """The steps of the limit that concern the supplier of `bid`: what it kept and where it was passed over."""
        return tuple(step for step, who in zip(self.steps, self.stepped, strict=True) if who == supplier_key(bid))

    def award_of(self, code: str) -> LotAward:
        return next(a for a in self.lots if a.lot.code == code)

    def winner_of(self, code: str) -> str | None:
        return next((a.winner for a in self.lots if a.lot.code == code), None)


def _margin(award_results: Results, ranked: tuple[str, ...], bid_id: str, excluded: set[str]) -> Fraction:
    """The bid's lead in total over the next bidder still eligible in this lot (its whole total if none)."""
    totals = {r.bid.id: r.total for r in award_results.ranked}
    rest = [b for b in ranked if b != bid_id and b not in excluded]
    return totals[bid_id] - (totals[rest[0]] if rest else Fraction(0))


def allocate(ev: Evaluation) -> Allocation:
    """Rank every lot, then apply the limit on lots per supplier with the recorded rule."""
    lots = sorted(ev.lots, key=lambda lot: (lot.position, lot.code))
    limit, rule = lot_limit(ev), tie_break(ev)
    bids = {b.id: b for b in ev.bids}
    per_lot: dict[str, tuple[Results, tuple[str, ...]]] = {}
    subs: dict[str, Evaluation] = {}
    for lot in lots:
        subs[lot.code] = lot_evaluation(ev, lot.code)
        results = compute_results(subs[lot.code])
        per_lot[lot.code] = (results, tuple(r.bid.id for r in results.ranked))
    # Who may no longer be awarded which lot: (lot code) -> suppliers passed over there.
    passed: dict[str, set[str]] = {lot.code: set() for lot in lots}
    steps: list[str] = []
    stepped: list[str] = []
    by_code = {lot.code: lot for lot in lots}

    def holder(code: str) -> str | None:
        return next((b for b in per_lot[code][1] if supplier_key(bids[b]) not in passed[code]), None)

    for _round in range(len(lots) * max(1, len(bids)) + 1):  # each round passes one supplier over in one lot at least
        held: dict[str, list[str]] = {}
        for lot in lots:
            b = holder(lot.code)
            if b is not None:
                held.setdefault(supplier_key(bids[b]), []).append(lot.code)
        over = sorted((s, codes) for s, codes in held.items() if limit and len(codes) > limit)
        if not over:
            break
        supplier, codes = over[0]
        if rule is TieBreak.MARGIN:
            def margin(code: str) -> Fraction:
                b = holder(code)
                assert b is not None
                excluded = {x for x in per_lot[code][1] if supplier_key(bids[x]) in passed[code]}
                return _margin(per_lot[code][0], per_lot[code][1], b, excluded)
            order = sorted(codes, key=lambda c: (-margin(c), by_code[c].position, c))
            why = {c: f"a lead of {fmt(margin(c))} points" for c in codes}
        elif rule is TieBreak.VALUE:
            order = sorted(codes, key=lambda c: (-(by_code[c].value or Decimal(0)), by_code[c].position, c))
            why = {c: f"an estimated value of {money(by_code[c].value or Decimal(0))}" for c in codes}
        else:
            order = sorted(codes, key=lambda c: (by_code[c].position, c))
            why = {c: f"listed {ordinal(i + 1)} of {len(lots)}"
                   for i, c in enumerate(sorted(by_code, key=lambda c: (by_code[c].position, c))) if c in codes}
        keep, release = order[:limit], order[limit:]
        name = bids[holder(codes[0]) or ""].supplier
        listed = [_lot_name(by_code[c]) for c in sorted(codes, key=lambda c: (by_code[c].position, c))]
        steps.append(
            f"{name} ranked first in {len(codes)} lots, {_and(listed)}, but may be awarded at most {limit}. "
            f"By the tender's rule, {TIE_BREAK_NAMES[rule]}, it keeps "
            + _and([f"Lot {c} ({why[c]})" for c in keep]) + " and is passed over in "
            + _and([f"Lot {c} ({why[c]})" for c in release]) + "."
            # Equal leads or values between a lot kept and one given up: the tender's list order settled it.
            + (" Where they are equal, the lot listed first is kept."
               if rule is not TieBreak.ORDER and why[keep[-1]] == why[release[0]] else ""))
        stepped.append(supplier)
        for c in release:
            passed[c].add(supplier)
    awards = []
    for lot in lots:
        results, ranked = per_lot[lot.code]
        first = ranked[0] if ranked else None
        winner = holder(lot.code)
        # Everyone ranked above the one awarded the lot was passed over under the limit: each is named.
        above = tuple(ranked[:ranked.index(winner)] if winner is not None else ranked)
        lots_word = "lot" if limit == 1 else "lots"
        if first is None:
            text = f"{_lot_name(lot)}: no bid is ranked, so the lot is not awarded on these results."
        elif winner == first:
            text = f"{_lot_name(lot)}: {bids[first].supplier} ranked first and is awarded the lot."
        else:
            if len(above) == 1:
                who = f"{bids[first].supplier} ranked first but was passed over"
            else:
                who = _and([f"{bids[b].supplier}, ranked {ordinal(ranked.index(b) + 1)}," for b in above])
                who = f"{who} were each passed over"
            if winner is None:
                text = (f"{_lot_name(lot)}: {who} under the limit of {limit} {lots_word} per supplier, and no other "
                        "ranked bidder may be awarded it.")
            else:
                text = (f"{_lot_name(lot)}: {who} under the limit of {limit} {lots_word} per supplier; "
                        f"{bids[winner].supplier}, ranked {ordinal(ranked.index(winner) + 1)}, is awarded the lot.")
        awards.append(LotAward(lot, results, ranked, winner, first, text, above if winner != first else (),
                               subs[lot.code]))
    return Allocation(tuple(awards), limit, rule, tuple(steps), tuple(stepped))


def _lot_name(lot: Lot) -> str:
    return f"Lot {lot.code}" + (f" ({lot.title})" if lot.title and lot.title != lot.code else "")


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}.get(n, f"{n}th")


def awarded_bid(ev: Evaluation, lot_code: str = "") -> str | None:
    """The bid awarded the contract: the tender's first ranked, or a lot's under the limit on lots per supplier."""
    if lot_code:
        return allocate(ev).winner_of(lot_code)
    ranked = compute_results(ev).ranked
    return ranked[0].bid.id if ranked else None
