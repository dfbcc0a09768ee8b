"""Each bidder's assessment summary: how it was scored and why, with nothing from internal notes."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from svi_desktop.domain.audit import AuditRow, document_digest
from svi_desktop.domain.model import Bid, CriterionKind, Evaluation, SectionKind
from svi_desktop.domain.numbers import fmt, round_half_up
from svi_desktop.domain.scoring import BidResult, Results, compute_results, effective_weights
from svi_desktop.exports.atomic import atomic_path
from svi_desktop.exports.pdf_common import footed_canvas, para, styles, table, today
from svi_desktop.exports.workbook import Cancelled

WIDTH = A4[0] - 30 * mm


@dataclass(frozen=True)
class SummaryOptions:
    draft: bool = True


def summary_name(bid: Bid) -> str:
    safe = re.sub(r"[^A-Za-z0-9]+", "-", bid.supplier).strip("-")[:60] or "bidder"
    return f"assessment-summary-{safe}-{bid.id[:8]}.pdf"


def write_summaries(ev: Evaluation, folder: Path, audit_rows: list[AuditRow], options: SummaryOptions | None = None,
                    progress: Callable[[int], bool] | None = None) -> list[Path]:
    """One PDF per bid into `folder`; each written under a temporary name and renamed."""
    options = options or SummaryOptions()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    results = compute_results(ev)
    digest = document_digest(audit_rows)
    made = []
    bids = list(ev.bids)
    index = _Index.of(ev)
    eff = effective_weights(ev.framework)
    for i, b in enumerate(bids):
        target = folder / summary_name(b)
        write_summary(ev, results, b, target, digest, options, index, eff)
        made.append(target)
        if progress is not None and not progress(int(100 * (i + 1) / max(1, len(bids)))):
            raise Cancelled
    return made


@dataclass(frozen=True)
class _Index:
    """Quotes and consensus by (bid, criterion), built once for all the summaries."""

    quotes: dict[tuple[str, str], list[str]]
    consensus: dict[tuple[str, str], object]

    @classmethod
    def of(cls, ev: Evaluation) -> _Index:
        quotes: dict[tuple[str, str], list[str]] = {}
        for s in ev.scores:
            for q in s.evidence:
                quotes.setdefault((s.bid_id, s.criterion_id), []).append(q.text)
        return cls(quotes, {(c.bid_id, c.criterion_id): c for c in ev.consensus})


def _explanation(ev: Evaluation, bid: Bid, r: BidResult, crit_id: str, index: _Index) -> str:
    """Only what is marked for the bidder: the panel's feedback, the level's descriptor, and quotes of the
    bidder's own response. Rationales and moderation notes are internal and never appear."""
    scale = ev.framework.scale
    value = r.criteria[crit_id].value
    if value is None:
        return "Not scored."
    agreed = index.consensus.get((bid.id, crit_id))
    level = scale.level(int(round_half_up(value, 0)))
    parts = []
    if level is not None:
        parts.append(f"{level.label}: {level.descriptor}")
    if agreed is not None and agreed.feedback.strip():  # type: ignore[attr-defined]
        parts.append(agreed.feedback.strip())  # type: ignore[attr-defined]
    unique = list(dict.fromkeys(index.quotes.get((bid.id, crit_id), [])))[:2]
    if unique:
        parts.append("Your response: " + " … ".join(f"“{q}”" for q in unique))
    return " ".join(parts)


def write_summary(ev: Evaluation, results: Results, bid: Bid, target: Path, digest: str,
                  options: SummaryOptions, index: _Index, eff: dict) -> Path:
    st = styles()
    fw = ev.framework
    r = next(x for x in (*results.ranked, *results.not_ranked) if x.bid.id == bid.id)
    winner = results.ranked[0] if results.ranked else None
    successful = winner is not None and winner.bid.id == bid.id
    sections = sorted(fw.sections, key=lambda s: s.position)
    s: list = [para(f"Assessment summary: {bid.supplier}", st["h1"]),
               para(f"{ev.tender.title} ({ev.tender.reference}), {ev.tender.authority}. Issued {today()}."
                    + (" DRAFT." if options.draft else ""), st["body"]), Spacer(1, 3 * mm)]
    if bid.out_of_competition:
        s.append(para(f"Your bid was {bid.status.value}" + (f": {bid.status_reason}" if bid.status_reason else ".")
                      + " It was therefore not ranked.", st["body"]))
    elif r.gate_failures:
        s.append(para("Your bid did not pass every qualification gate, so it was not ranked: "
                      + "; ".join(f.describe() for f in r.gate_failures) + ".", st["body"]))
    elif successful:
        s.append(para(f"Your bid ranked first with a total of {fmt(r.total)} out of 100.", st["body"]))
    else:
        s.append(para(f"Your bid ranked {r.rank} of {len(results.ranked)} with a total of {fmt(r.total)} out of 100. "
                      f"The winning bid scored {fmt(winner.total)}.", st["body"]))  # type: ignore[union-attr]
    s.append(para("How bids were scored", st["h2"]))
    s.append(para("Each criterion was scored on the scale below. Where the evaluation panel agreed a consensus score, "
                  "that score is used; otherwise the mean of the evaluators' scores. Qualification gates must reach "
                  "their threshold; scored criteria count towards the total in proportion to their importance.",
                  st["body"]))
    s.append(table([["Score", "Meaning"]] + [[str(lv.value), para(f"{lv.label}: {lv.descriptor}", st["cell"])]
                                             for lv in fw.scale.levels], [18 * mm, WIDTH - 18 * mm]))
    show_winner = winner is not None and not successful
    head = ["Criterion", "Importance", "Your score", *(["Winner"] if show_winner else []), "Explanation"]
    widths = [42 * mm, 24 * mm, 17 * mm, *([17 * mm] if show_winner else []), 0]
    widths[-1] = WIDTH - sum(widths)
    for sec in sections:
        crits = fw.criteria_of(sec.id)
        if not crits:
            continue
        s.append(para(f"{sec.name}" + (f" ({fmt(sec.share, 0)}% of the total)" if sec.kind is not SectionKind.GATES
                                       else " (qualification gates)"), st["h2"]))
        rows = [head]
        for c in crits:
            value = r.criteria[c.id].value
            importance = (f"gate: at least {fmt(c.threshold)}" if c.kind is CriterionKind.GATE and c.threshold
                          is not None else f"{fmt(eff.get(c.id, Fraction(0)))}% of the total")
            row = [para(f"{c.code} {c.title}", st["cell"]), para(importance, st["cell"]),
                   fmt(value) if value is not None else "–"]
            if show_winner:
                wv = winner.criteria[c.id].value  # type: ignore[union-attr]
                row.append(fmt(wv) if wv is not None else "–")
            row.append(para(_explanation(ev, bid, r, c.id, index), st["cell"]))
            rows.append(row)
        s.append(table(rows, widths))
    point = [x for x in sections if x.kind is not SectionKind.GATES]
    s.append(para("Your subtotals and total", st["h2"]))
    rows = [["Section", "Your points", *(["Winning bid"] if show_winner else [])]]
    for x in point:
        rows.append([para(x.name, st["cell"]), fmt(r.sections[x.id]),
                     *([fmt(winner.sections[x.id])] if show_winner else [])])  # type: ignore[union-attr]
    rows.append(["Total", fmt(r.total), *([fmt(winner.total)] if show_winner else [])])  # type: ignore[union-attr]
    s.append(table(rows, [80 * mm, 30 * mm, *([30 * mm] if show_winner else [])]))
    if show_winner and not r.gate_failures and not bid.out_of_competition:
        below = [c for c in fw.criteria if c.id in eff and r.criteria[c.id].value is not None
                 and winner.criteria[c.id].value is not None  # type: ignore[union-attr]
                 and r.criteria[c.id].value < winner.criteria[c.id].value]  # type: ignore[operator, union-attr]
        if below:
            s.append(para("Where your bid scored below the winning bid: "
                          + "; ".join(f"{c.code} {c.title}" for c in below) + ".", st["body"]))
    s.append(Spacer(1, 4 * mm))
    s.append(Paragraph("If you have questions about this summary, contact the procurement team named in the "
                       "invitation to tender.", st["small"]))
    with atomic_path(Path(target)) as tmp:
        doc = SimpleDocTemplate(str(tmp), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                                bottomMargin=18 * mm, title=f"Assessment summary: {bid.supplier}")
        doc.build(s, canvasmaker=footed_canvas(ev.tender.reference or ev.tender.title, digest, options.draft))
    return Path(target)
