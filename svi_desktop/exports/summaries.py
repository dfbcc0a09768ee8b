"""Each bidder's assessment summary: how it was scored and why, with nothing from internal notes."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, SimpleDocTemplate, Spacer

from svi_desktop.domain.audit import AuditRow, document_digest
from svi_desktop.domain.lots import Allocation, LotAward, allocate
from svi_desktop.domain.model import (
    REGIME_NAMES,
    Bid,
    Consensus,
    Criterion,
    CriterionKind,
    Evaluation,
    Framework,
    Regime,
    SectionKind,
)
from svi_desktop.domain.numbers import fmt, money
from svi_desktop.domain.pricing import DEFAULT_FORMULA, FORMULAS
from svi_desktop.domain.rules import scored_criteria
from svi_desktop.domain.scoring import BidResult, Results, compute_results, effective_weights
from svi_desktop.domain.settings import CRITERIA_PUBLISHED, LOTS_PUBLISHED
from svi_desktop.exports.atomic import atomic_path
from svi_desktop.exports.pdf_common import PARAGRAPH_LIMIT, footed_canvas, styles, table, today
from svi_desktop.exports.pdf_common import para as new_para
from svi_desktop.exports.workbook import Cancelled
from svi_desktop.store.outputs import check_output

WIDTH = A4[0] - 30 * mm


_shared = threading.local()  # the paragraphs of one run of summaries, by text and style: most are in every summary


def para(text: str, style: ParagraphStyle, *, limit: int = PARAGRAPH_LIMIT) -> Paragraph:
    """A paragraph, made once per run of summaries: the criteria, the scale, the winning tender's explanations are
    the same in every bidder's summary, and a paragraph breaks its lines once for a width (pdf_common.WrapOnce)."""
    cache: dict | None = getattr(_shared, "paragraphs", None)
    if cache is None:
        return new_para(text, style, limit=limit)
    key = (text, style.name, limit)
    found = cache.get(key)
    if found is None:
        found = cache[key] = new_para(text, style, limit=limit)
    return found


@dataclass(frozen=True)
class SummaryOptions:
    draft: bool = True


def summary_name(bid: Bid, lot: str = "") -> str:
    safe = re.sub(r"[^A-Za-z0-9]+", "-", bid.supplier).strip("-")[:60] or "bidder"
    of_lot = f"lot-{re.sub(r'[^A-Za-z0-9]+', '-', lot).strip('-')[:20] or 'x'}-" if lot else ""
    return f"assessment-summary-{of_lot}{safe}-{bid.id[:8]}.pdf"


@dataclass(frozen=True)
class _LotOf:
    """What a summary of one lot needs beyond the lot's own evaluation: who is awarded it under the limit on lots
    per supplier, and how the limit was applied."""

    award: LotAward
    allocation: Allocation
    published: str  # where the limit and its tie-break were published ("" if not recorded)


def write_summaries(ev: Evaluation, folder: Path, audit_rows: list[AuditRow], options: SummaryOptions | None = None,
                    progress: Callable[[int], bool] | None = None, lot: str = "") -> list[Path]:
    """One PDF per bid into `folder`; each written under a temporary name and renamed. A tender in lots gets one per
    bidder per lot it bid for (or for the one lot `lot`), each naming that lot's winner under the limit."""
    options = options or SummaryOptions()
    folder = check_output(Path(folder), folder=True)
    folder.mkdir(parents=True, exist_ok=True)
    digest = document_digest(audit_rows)
    jobs: list[tuple[Evaluation, Results, Bid, _LotOf | None]] = []
    if ev.lots:
        allocation = allocate(ev)
        for award in allocation.lots:
            if lot and award.lot.code != lot:
                continue
            sub = award.evaluation
            jobs += [(sub, award.results, b, _LotOf(award, allocation, ev.settings.get(LOTS_PUBLISHED, "").strip()))
                     for b in sub.bids]
    else:
        results = compute_results(ev)
        jobs = [(ev, results, b, None) for b in ev.bids]
    made = []
    index = _Index.of(ev)
    weights: dict[int, dict] = {}
    _shared.paragraphs = {}
    try:
        for i, (sub, results, b, of_lot) in enumerate(jobs):
            eff = weights.setdefault(id(sub), effective_weights(sub.framework))
            target = folder / summary_name(b, of_lot.award.lot.code if of_lot else "")
            write_summary(sub, results, b, target, digest, options, index, eff, of_lot)
            made.append(target)
            if progress is not None and not progress(int(100 * (i + 1) / max(1, len(jobs)))):
                raise Cancelled
    finally:
        _shared.paragraphs = None
    return made


@dataclass(frozen=True)
class _Index:
    """The panel's agreed scores, with their feedback and citations, by (bid, criterion), built once for all."""

    consensus: dict[tuple[str, str], Consensus]

    @classmethod
    def of(cls, ev: Evaluation) -> _Index:
        return cls({(c.bid_id, c.criterion_id): c for c in ev.consensus})


NOT_WRITTEN = "[The panel's explanation is not written yet.]"


def _explanation(bid_id: str, crit_id: str, index: _Index) -> str:
    """The panel's explanation for the bidder, in its own words, with the passages of the bidder's tender it cites.
    Never a descriptor of the scale, never a rationale or a moderation note (those are internal)."""
    agreed = index.consensus.get((bid_id, crit_id))
    if agreed is None or not agreed.feedback.strip():
        return NOT_WRITTEN
    text = agreed.feedback.strip()
    if agreed.citations:
        text += " Passages of the tender the panel refers to: " + " … ".join(f"“{q.text.strip()}”"
                                                                          for q in agreed.citations)
    return text


def _advantages(bid_id: str, crit_id: str, index: _Index) -> str:
    agreed = index.consensus.get((bid_id, crit_id))
    return agreed.advantages.strip() if agreed is not None else ""


def _for_others(winner_id: str, c: Criterion, index: _Index) -> str:
    """The explanation of the winning tender's assessment the other bidders receive (reg 31): the panel's text
    written for them, in the third person, never the feedback addressed to the winner. A gate it passed needs none
    beyond its threshold."""
    if c.kind is CriterionKind.GATE:
        return f"It met the threshold of this qualification gate ({fmt(c.threshold)})." if c.threshold is not None \
            else "It met this qualification gate."
    return _advantages(winner_id, c.id, index) or NOT_WRITTEN


def _price_text(fw: Framework, bid: Bid, r: BidResult, winner: BidResult | None, in_lot: bool, st: dict) -> list:
    """The bidder's price and price score, the winning tender's, and the formula in words (s.50, reg 31). A bid not
    ranked (out of the competition, or a gate not passed) has no price score, and is told why."""
    out: list = []
    for sec in (x for x in fw.sections if x.kind is SectionKind.PRICE):
        rule = FORMULAS.get(sec.price_formula or DEFAULT_FORMULA)
        points = fmt(sec.share, 0)
        lot = " for this lot" if in_lot else ""
        if bid.price is not None and not bid.out_of_competition:
            mine = (f"Your price{lot}: {money(bid.price)}; your price score: {fmt(r.sections[sec.id])} out of {points}."
                    if r.ranked else
                    f"Your price{lot}: {money(bid.price)}. It has no price score: "
                    + ("the bid did not pass every qualification gate, so its price was not weighed."
                       if r.gate_failures else "the bid was not ranked, so its price was not weighed."))
            out.append(para(mine, st["body"]))
        if winner is not None and winner.bid.price is not None:
            out.append(para(f"The winning tender's price{lot}: {money(winner.bid.price)}; its price score: "
                            f"{fmt(winner.sections[sec.id])} out of {points}.", st["body"]))
        if rule is not None:
            out.append(para(f"Price was scored by the published formula “{rule.name}”: {rule.explanation}, out of "
                            f"{points} points; the lowest and highest prices are those of the bids in the competition that passed "
                            "every qualification gate.", st["body"]))
    return out


def _score(value: Fraction | None) -> str:
    return fmt(value) if value is not None else "–"


def write_summary(ev: Evaluation, results: Results, bid: Bid, target: Path, digest: str,
                  options: SummaryOptions, index: _Index, eff: dict, of_lot: _LotOf | None = None) -> Path:
    """One supplier's assessment summary (Procurement Act 2023 s.50; Procurement Regulations 2024 reg 31): its
    details; each award criterion with its relative importance and the scores available; its scores with the
    panel's explanations by reference to its tender; sub-totals and total; the winner named; and, for a supplier
    that lost, the winning tender's scores and explanations and why it was better. No internal note, rationale or
    other bidder's price appears."""
    st = styles()
    fw = ev.framework
    by_bid = results.by_bid()
    r = by_bid[bid.id]
    if of_lot is None:
        winner = results.ranked[0] if results.ranked else None
    else:  # the lot's winner under the limit on lots per supplier, who need not have ranked first
        winner = by_bid[of_lot.award.winner] if of_lot.award.winner else None
    successful = winner is not None and winner.bid.id == bid.id
    show_winner = winner is not None and not successful
    passed_over = of_lot is not None and bid.id in of_lot.award.passed_over
    sections = sorted(fw.sections, key=lambda x: x.position)
    t = ev.tender
    heading = f"Assessment summary: {bid.supplier}" + (f", lot {of_lot.award.lot.code}" if of_lot else "")
    s: list = [para(heading, st["h1"]),
               para(f"{t.title}" + (f" ({t.reference})" if t.reference else "") + f", {t.authority}. Issued {today()}."
                    + (" DRAFT: not for issue." if options.draft else ""), st["body"]),
               para(f"Awarded under: {REGIME_NAMES[Regime(t.regime)]}." if t.regime else "", st["body"]),
               Spacer(1, 2 * mm)]
    details = [["Supplier", para(bid.supplier, st["cell"])],
               ["Registered address", para(bid.address.replace("\n", ", ") or "–", st["cell"])],
               ["Identifier", para(bid.identifier or "–", st["cell"])],
               ["Email", para(bid.email or "–", st["cell"])]]
    s.append(table(details, [40 * mm, WIDTH - 40 * mm], header=False))
    s.append(para("Outcome", st["h2"]))
    if bid.out_of_competition:
        s.append(para(f"Your bid was {bid.status.value}" + (f": {bid.status_reason}" if bid.status_reason else ".")
                      + " It was therefore not ranked.", st["body"]))
    elif r.gate_failures:
        s.append(para("Your bid did not reach the threshold of every qualification gate, so it was not ranked.",
                      st["body"]))
    elif successful and r.rank == 1:
        s.append(para(f"Your tender is the most advantageous tender: it ranked first with a total of {fmt(r.total)} "
                      "out of 100.", st["body"]))
    elif successful:  # awarded a lot under the limit, those ranked above it passed over
        s.append(para(f"Your bid ranked {r.rank} of {len(results.ranked)} with a total of {fmt(r.total)} out of 100, "
                      f"and the lot is awarded to you: {of_lot.award.explanation if of_lot else ''}", st["body"]))
    elif passed_over and of_lot is not None:
        s.append(para(f"Your bid ranked {r.rank} of {len(results.ranked)} with a total of {fmt(r.total)} out of 100, "
                      "but the lot is not awarded to you, under the limit on the lots one supplier may be awarded "
                      "(why, below).", st["body"]))
    else:
        s.append(para(f"Your bid ranked {r.rank} of {len(results.ranked)} with a total of {fmt(r.total)} out of 100.",
                      st["body"]))
    if show_winner:
        assert winner is not None  # show_winner says so
        at_price = f", at a price of {money(winner.bid.price)}," if winner.bid.price is not None else ""
        whose = ("The tender to which the contracting authority intends to award the lot is that of" if of_lot else
                 "The most advantageous tender, to which the contracting authority intends to award the contract, is "
                 "that of")
        s.append(para(f"{whose} {winner.bid.supplier}{at_price or ','} with a total of {fmt(winner.total)} out of 100.",
                      st["body"]))
    s += _price_text(fw, bid, r, winner if show_winner else None, of_lot is not None, st)
    s.append(para("The award criteria and how bids were scored", st["h2"]))
    scale = fw.scale
    s.append(para(f"Each criterion was scored from {scale.minimum} to {scale.maximum}; the meaning of each score is "
                  "below. Where the evaluation panel agreed a consensus score, that score is used; otherwise the mean "
                  "of the evaluators' scores. A qualification gate must reach its threshold; scored criteria count "
                  "towards the total in proportion to their importance. The award criteria in full, with their "
                  "guidance, are published "
                  + (f"at {published}." if (published := ev.settings.get(CRITERIA_PUBLISHED, "").strip()) else
                     f"in the tender documents for {t.reference or t.title} by {t.authority}."),
                  st["body"]))
    s.append(table([["Score", "Meaning of the score"]] + [[str(lv.value), para(f"{lv.label}: {lv.descriptor}", st["cell"])]
                                                          for lv in scale.levels], [18 * mm, WIDTH - 18 * mm]))

    def importance(c: Criterion) -> str:
        if c.kind is CriterionKind.GATE:
            return f"gate: at least {fmt(c.threshold)}" if c.threshold is not None else "gate"
        return f"{fmt(eff.get(c.id, Fraction(0)))}% of the total"

    for sec in sections:
        crits = fw.criteria_of(sec.id)
        if not crits:
            continue
        s.append(CondPageBreak(35 * mm))  # a heading never sits alone at the foot of a page
        s.append(para(f"{sec.name}" + (f" ({fmt(sec.share, 0)}% of the total)" if sec.kind is not SectionKind.GATES
                                       else " (qualification gates)"), st["h2"]))
        price = sec.kind is SectionKind.PRICE
        rows = [["Criterion", "Importance", "Your score", "The panel's explanation"]]
        for c in crits:
            explanation = ("Scored by the published price formula from your tendered price." if price
                           else _explanation(bid.id, c.id, index))
            rows.append([para(f"{c.code} {c.title}", st["cell"]), para(importance(c), st["cell"]),
                         _score(r.criteria[c.id].value), para(explanation, st["cell"])])
        s.append(table(rows, [42 * mm, 26 * mm, 17 * mm, WIDTH - 85 * mm]))
        if show_winner and not price:
            w = winner.criteria  # type: ignore[union-attr]  # winner is set whenever a bid is ranked, as here
            rows = [["Criterion", "Its score", "The panel's explanation of the winning tender's assessment"]]
            for c in crits:
                rows.append([para(f"{c.code} {c.title}", st["cell"]), _score(w[c.id].value),
                             para(_for_others(winner.bid.id, c, index), st["cell"])])  # type: ignore[union-attr]  # winner is set whenever a bid is ranked, as here
            s.append(CondPageBreak(30 * mm))
            s.append(para(f"The winning tender ({winner.bid.supplier}) on {sec.name}", st["h3"]))  # type: ignore[union-attr]  # winner is set whenever a bid is ranked, as here
            s.append(table(rows, [42 * mm, 17 * mm, WIDTH - 59 * mm]))
    point = [x for x in sections if x.kind is not SectionKind.GATES]
    s.append(CondPageBreak(30 * mm))
    s.append(para("Sub-totals and total", st["h2"]))
    rows = [["Section", "Your points", *(["Winning tender"] if show_winner else [])]]
    for x in point:
        # A bid not ranked (a gate failed, or out of the competition) has no price score: its price was not weighed.
        mine = "no price score" if x.kind is SectionKind.PRICE and not r.ranked else fmt(r.sections[x.id])
        rows.append([para(f"{x.name} (out of {fmt(x.share, 0)})", st["cell"]), mine,
                     *([fmt(winner.sections[x.id])] if show_winner else [])])  # type: ignore[union-attr]  # winner is set whenever a bid is ranked, as here
    rows.append(["Total (out of 100)", fmt(r.total) if r.ranked else "not ranked",
                 *([fmt(winner.total)] if show_winner else [])])  # type: ignore[union-attr]  # winner is set whenever a bid is ranked, as here
    s.append(table(rows, [80 * mm, 30 * mm, *([30 * mm] if show_winner else [])]))
    if show_winner and passed_over and of_lot is not None:
        s.append(CondPageBreak(30 * mm))
        s.append(para("Why the lot is not awarded to you", st["h2"]))
        s.append(para(_limit_text(of_lot, bid), st["body"]))
    elif show_winner:
        s.append(CondPageBreak(30 * mm))
        s.append(para("Why your tender was not the most advantageous", st["h2"]))
        s.extend(_why_lost(ev, bid, r, winner, index, eff, st))  # type: ignore[arg-type]  # winner is set whenever a bid is ranked, as here
    if not options.draft and ev.signoffs:
        s.append(para("Approval", st["h2"]))
        s.append(para("The award decision was signed off by "
                      + "; ".join(f"{x.name}, {x.role}, on {x.signed_on}" for x in ev.signoffs) + ".", st["body"]))
    s.append(Spacer(1, 4 * mm))
    s.append(Paragraph("If you have questions about this summary, contact the procurement team named in the "
                       "invitation to tender.", st["small"]))
    with atomic_path(Path(target)) as tmp:
        doc = SimpleDocTemplate(str(tmp), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                                bottomMargin=18 * mm, title=heading, pageCompression=0)
        doc.build(s, canvasmaker=footed_canvas(ev.tender.reference or ev.tender.title, digest, options.draft))
    return Path(target)


def _why_lost(ev: Evaluation, bid: Bid, r: BidResult, winner: BidResult, index: _Index, eff: dict,
              st: dict) -> list:
    """A failed gate with the panel's reason; an exclusion with its reason; or the criteria where this bid scored
    lower, each with the winning tender's relative advantages in the panel's words."""
    if bid.out_of_competition:
        return [para(f"Your bid was {bid.status.value}"
                     + (f": {bid.status_reason}" if bid.status_reason else ".") , st["body"])]
    if r.gate_failures:
        out = [para("Your bid did not pass these qualification gates:", st["body"])]
        rows = [["Gate", "Threshold", "Your score", "The panel's reason"]]
        for f in r.gate_failures:
            rows.append([para(f"{f.code} {f.title}", st["cell"]), fmt(f.threshold), _score(f.value),
                         para(_explanation(bid.id, f.criterion_id, index), st["cell"])])
        out.append(table(rows, [50 * mm, 20 * mm, 20 * mm, WIDTH - 90 * mm]))
        return out
    below = [c for c in scored_criteria(ev.framework) if c.id in eff and r.criteria[c.id].value is not None
             and winner.criteria[c.id].value is not None
             and r.criteria[c.id].value < winner.criteria[c.id].value]  # type: ignore[operator]  # winner is set whenever a bid is ranked, as here
    if not below:
        return [para(f"The winning tender's total of {fmt(winner.total)} was higher than yours.", st["body"])]
    rows = [["Criterion", "Your score", "Winning score", "The winning tender's relative advantages"]]
    for c in below:
        rows.append([para(f"{c.code} {c.title}", st["cell"]), _score(r.criteria[c.id].value),
                     _score(winner.criteria[c.id].value),
                     para(_advantages(winner.bid.id, c.id, index) or NOT_WRITTEN, st["cell"])])
    return [para("Your tender scored lower than the winning tender on these criteria:", st["body"]),
            table(rows, [50 * mm, 20 * mm, 22 * mm, WIDTH - 92 * mm])]


def _limit_text(of_lot: _LotOf, bid: Bid) -> str:
    """Why a bid that ranked above the lot's winner is not awarded the lot: the limit, the rule as published, how it
    was applied to this supplier, and who is awarded the lot instead (everyone passed over named)."""
    a, allocation = of_lot.award, of_lot.allocation
    steps = " ".join(allocation.steps_of(bid))
    limit = allocation.limit
    return (f"The tender allows one supplier to be awarded at most {limit} {'lot' if limit == 1 else 'lots'}"
            + (f", as published {of_lot.published}" if of_lot.published else "") + ". " + (steps + " " if steps else "")
            + a.explanation)
