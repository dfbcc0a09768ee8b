"""The PDF evaluation report: method, results, robustness, each bid, the panel, sign-off and audit."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.graphics.charts.spider import SpiderChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)
from reportlab.platypus.tableofcontents import TableOfContents

from svi_desktop.domain.audit import AuditRow, document_digest
from svi_desktop.domain.bid_fields import FIELDS
from svi_desktop.domain.contract import TIE_BREAK_NAMES
from svi_desktop.domain.decisions import decision_record
from svi_desktop.domain.lots import allocate
from svi_desktop.domain.model import REGIME_NAMES, CriterionKind, Evaluation, Regime, SectionKind
from svi_desktop.domain.numbers import fmt
from svi_desktop.domain.pricing import FORMULAS
from svi_desktop.domain.robustness import Robustness, formula_rankings, robustness
from svi_desktop.domain.rules import scored_criteria
from svi_desktop.domain.scoring import Results, compute_results, effective_weights
from svi_desktop.domain.screens import screen
from svi_desktop.exports.atomic import atomic_path
from svi_desktop.exports.pdf_common import FONT, footed_canvas, para, safe, styles, table, today
from svi_desktop.exports.workbook import Cancelled

WIDTH = A4[0] - 30 * mm


@dataclass(frozen=True)
class ReportOptions:
    draft: bool = True
    draws: int = 5000
    seed: int = 1


class _Doc(SimpleDocTemplate):
    """Headings of level 1 and 2 go into the table of contents."""

    def afterFlowable(self, flowable: object) -> None:
        if isinstance(flowable, Paragraph) and flowable.style.name in ("h1", "h2"):
            level = 0 if flowable.style.name == "h1" else 1
            # The contents re-parse their text as markup: escape it again, or a heading such as a
            # supplier's name could smuggle <img> or <font> into the contents page.
            self.notify("TOCEntry", (level, safe(flowable.getPlainText()), self.page))


def radar(ev: Evaluation, values: dict[str, float]) -> Drawing:
    """The bid across the ten imperatives (the gates section's criteria)."""
    fw = ev.framework
    gates = next((s for s in sorted(fw.sections, key=lambda s: s.position) if s.kind is SectionKind.GATES), None)
    axes = list(fw.criteria_of(gates.id)) if gates else []
    d = Drawing(WIDTH, 62 * mm)
    if len(axes) < 3:
        return d
    chart = SpiderChart()
    side = 48 * mm  # a square in the middle; the labels sit outside it, anchored away from the chart
    chart.x, chart.y, chart.width, chart.height = (WIDTH - side) / 2, 7 * mm, side, side
    chart.data = [[values.get(c.id, 0.0) for c in axes], [float(fw.scale.maximum)] * len(axes)]
    chart.labels = [c.title for c in axes]
    chart.strands[0].strokeColor = colors.HexColor("#0072B2")
    chart.strands[0].fillColor = colors.Color(0, 0.45, 0.7, alpha=0.25)
    chart.strands[0].strokeWidth = 1.5
    chart.strands[1].strokeColor = colors.HexColor("#BBBBBB")
    chart.strands[1].fillColor = None
    chart.strands[1].strokeWidth = 0.3
    chart.strandLabels.fontName = FONT
    chart.spokeLabels.fontName = FONT
    chart.spokeLabels.fontSize = 6.5
    for i in range(len(axes)):  # clockwise from the top, as the chart draws them
        angle = math.radians(chart.startAngle - 360 * i / len(axes))
        chart.spokes[i].labelRadius = 1.1
        across, up = math.cos(angle), math.sin(angle)
        chart.spokeLabels[i].boxAnchor = "w" if across > 0.15 else "e" if across < -0.15 else ("s" if up > 0 else "n")
    d.add(chart)
    return d


def write_report(ev: Evaluation, target: Path, audit_rows: list[AuditRow], audit_ok: str | None,
                 options: ReportOptions | None = None, progress: Callable[[int], bool] | None = None) -> Path:
    """Build the report under a temporary name and rename it; `progress(percent)` returning False cancels."""
    options = options or ReportOptions()

    def step(n: int) -> None:
        if progress is not None and not progress(n):
            raise Cancelled

    results = compute_results(ev)
    rob = robustness(ev, results, draws=options.draws, seed=options.seed)
    step(10)
    story = _story(ev, results, rob, audit_rows, audit_ok, options, step)
    digest = document_digest(audit_rows)
    reference = ev.tender.reference or ev.tender.title
    with atomic_path(Path(target)) as tmp:
        doc = _Doc(str(tmp), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                   bottomMargin=18 * mm, title=f"Evaluation report: {ev.tender.title}",
                   author=ev.tender.authority, subject=reference)
        doc.multiBuild(story, canvasmaker=footed_canvas(reference, digest, options.draft))
    step(100)
    return Path(target)


def _story(ev: Evaluation, results: Results, rob: Robustness, audit_rows: list[AuditRow], audit_ok: str | None,
           options: ReportOptions, step: Callable[[int], None]) -> list:
    st = styles()
    t = ev.tender
    fw = ev.framework
    s: list = []
    # Cover
    s += [Spacer(1, 40 * mm), para(t.title, st["title"]), Spacer(1, 6 * mm),
          para("Evaluation report", st["centre"]), Spacer(1, 4 * mm),
          para(t.authority, st["centre"]), para(f"Reference {t.reference}" if t.reference else "", st["centre"]),
          para(f"Awarded under: {REGIME_NAMES[Regime(t.regime)]}" if t.regime else
               "Awarded under: the procurement regime is not yet recorded", st["centre"]),
          para(f"Produced {today()}", st["centre"]), Spacer(1, 12 * mm),
          para("DRAFT: not yet signed off" if options.draft else "FINAL", st["stamp"]), PageBreak()]
    toc = TableOfContents()
    toc.levelStyles = [st["body"], st["small"]]
    s += [para("Contents", st["h1"]), toc, PageBreak()]

    # Method
    eff = effective_weights(fw)
    s.append(para("1. Method", st["h1"]))
    s.append(para(t.description, st["body"]))
    s.append(para("How bids were scored", st["h2"]))
    s.append(Paragraph(
        "Each evaluator scored every bid alone against each criterion on the scale below, with a rationale. "
        "For each bid and criterion the panel's consensus is used where one was agreed, otherwise the mean of the "
        "evaluators' scores. A bid that is unscored or below the threshold of any qualification gate is not ranked. "
        "Scored criteria are normalised to the scale, weighted within their section, and each section is scaled to "
        "its share of the total. All arithmetic is exact; figures are rounded only for display.", st["body"]))
    rows = [["Section", "Kind", "Share of total"]]
    for sec in sorted(fw.sections, key=lambda x: x.position):
        rows.append([para(sec.name, st["cell"]), sec.kind.value, f"{fmt(sec.share)}%"])
    s += [Spacer(1, 3 * mm), table(rows, [90 * mm, 40 * mm, 40 * mm])]
    rows = [["Code", "Criterion", "Kind", "Weight", "Share of total", "Threshold"]]
    for sec in sorted(fw.sections, key=lambda x: x.position):
        for c in fw.criteria_of(sec.id):
            rows.append([c.code, para(c.title, st["cell"]), c.kind.value, fmt(c.weight),
                         f"{fmt(eff[c.id])}%" if c.id in eff else "gate",
                         fmt(c.threshold) if c.threshold is not None else "–"])
    s += [Spacer(1, 3 * mm), table(rows, [16 * mm, 70 * mm, 18 * mm, 18 * mm, 26 * mm, 22 * mm])]
    s.append(para("Scale", st["h2"]))
    rows = [["Score", "Label", "Descriptor"]] + [[str(lv.value), para(lv.label, st["cell"]),
                                                   para(lv.descriptor, st["cell"])] for lv in fw.scale.levels]
    s.append(table(rows, [16 * mm, 30 * mm, WIDTH - 46 * mm]))
    formula = FORMULAS[results.price_formula]
    s.append(para("Price", st["h2"]))
    s.append(para(f"Price formula: {formula.name}: {formula.explanation}. It is applied among the bids that pass "
                  "every qualification gate and are not excluded or withdrawn.", st["body"]))
    step(20)

    # Results
    s += [CondPageBreak(110 * mm), para("2. Results", st["h1"])]  # no near-empty page after the method
    point = [x for x in sorted(fw.sections, key=lambda x: x.position) if x.kind is not SectionKind.GATES]
    rows = [["Rank", "Bid", *[f"{x.name} ({fmt(x.share, 0)}%)" for x in point], "Total"]]
    for r in results.ranked:
        rows.append([str(r.rank), para(r.bid.supplier, st["cell"]), *[fmt(r.sections[x.id]) for x in point],
                     fmt(r.total)])
    other = (WIDTH - 14 * mm - 55 * mm - 18 * mm) / max(1, len(point))
    s.append(table(rows, [14 * mm, 55 * mm, *[other] * len(point), 18 * mm]))
    if results.not_ranked:
        s.append(para("Bids not ranked", st["h2"]))
        rows = [["Bid", "Reason"]] + [[para(r.bid.supplier, st["cell"]), para(r.reason_not_ranked, st["cell"])]
                                      for r in results.not_ranked]
        s.append(table(rows, [55 * mm, WIDTH - 55 * mm]))
    for w in results.warnings:
        s.append(para(f"Warning: {w}", st["body"]))
    s += _lots_section(ev, st)

    # Robustness
    s += [para("3. Robustness of the ranking", st["h1"]), para(rob.verdict, st["body"])]
    rows = [["Share or weight", "Now", "Leader changes below", "Leader changes above"]]
    for f in rob.flips:
        unit = "%" if f.kind == "share" else ""
        rows.append([para(f.name, st["cell"]), f"{fmt(f.current)}{unit}",
                     para("" if f.below is None else f"{fmt(f.below[0])}{unit}: {f.below[1]}", st["cell"]),
                     para("" if f.above is None else f"{fmt(f.above[0])}{unit}: {f.above[1]}", st["cell"])])
    s.append(table(rows, [55 * mm, 20 * mm, (WIDTH - 75 * mm) / 2, (WIDTH - 75 * mm) / 2]))
    if rob.perturbation is not None:
        p = rob.perturbation
        names = {b.id: b.supplier for b in ev.bids}
        s.append(para(f"Share of {p.draws:,} random draws (every share and weight varied by up to "
                      f"±{fmt(p.spread * 100, 0)}%, seed {p.seed}) in which each bid ranks first:", st["body"]))
        rows = [["Bid", "Ranked first"]] + [[para(names[b], st["cell"]), f"{fmt(v * 100, 1)}%"]
                                            for b, v in sorted(p.first_share.items(), key=lambda kv: -kv[1])]
        s.append(table(rows, [100 * mm, 40 * mm]))
    rankings = formula_rankings(ev)
    s.append(para("The ranking under each price formula", st["h2"]))
    rows = [["Bid", *[FORMULAS[k].name for k in rankings]]]
    for r in results.ranked:
        rows.append([para(r.bid.supplier, st["cell"]),
                     *[f"{rankings[k].by_bid()[r.bid.id].rank} ({fmt(rankings[k].by_bid()[r.bid.id].total)})"
                       for k in rankings]])
    s.append(table(rows, [60 * mm, *[(WIDTH - 60 * mm) / len(rankings)] * len(rankings)]))
    step(30)

    # Each bid
    s += [CondPageBreak(120 * mm), para("4. The bids", st["h1"])]
    by_bid = results.by_bid()
    evaluators = {e.id: e.name for e in ev.evaluators}
    consensus = {(c.bid_id, c.criterion_id): c for c in ev.consensus}
    scores_by: dict[tuple[str, str], list] = {}
    for sc in ev.counted_scores():  # an excluded evaluator's evidence and flags are not quoted as if they counted
        scores_by.setdefault((sc.bid_id, sc.criterion_id), []).append(sc)
    criteria = scored_criteria(fw)
    excluded = ev.excluded_scores()
    for i, b in enumerate(ev.bids):
        r = by_bid[b.id]
        head = [para(b.supplier, st["h2"]),
                para("; ".join(f"{f.heading}: {f.show(f.of(b))}" for f in FIELDS[1:] if f.show(f.of(b)))
                     + f"; status {b.status.value}" + (f" ({b.status_reason})" if b.status_reason else "") +
                     (f"; rank {r.rank}, total {fmt(r.total)}" if r.ranked else f"; not ranked: {r.reason_not_ranked}"),
                     st["body"])]
        gates = [c for c in criteria if c.kind is CriterionKind.GATE]
        rows = [["Gate", "Value", "Threshold", "Outcome"]]
        failed = {f.criterion_id for f in r.gate_failures}
        for c in gates:
            v = r.criteria[c.id].value
            rows.append([para(f"{c.code} {c.title}", st["cell"]), fmt(v) if v is not None else "not scored",
                         fmt(c.threshold) if c.threshold is not None else "–", "fail" if c.id in failed else "pass"])
        s.append(KeepTogether([*head, table(rows, [90 * mm, 25 * mm, 25 * mm, 25 * mm]),
                               radar(ev, {c.id: float(r.criteria[c.id].value or 0) for c in gates})]))
        rows = [["Criterion", "Value", "Source", "Scores", "Spread"]]
        for c in criteria:
            cr = r.criteria[c.id]
            rows.append([para(f"{c.code} {c.title}", st["cell"]), fmt(cr.value) if cr.value is not None else "–",
                         cr.source, ", ".join(map(str, cr.scores)), "" if cr.spread is None else str(cr.spread)])
        s.append(table(rows, [80 * mm, 18 * mm, 24 * mm, 30 * mm, 18 * mm]))
        notes = [(c, consensus[(b.id, c.id)]) for c in criteria if (b.id, c.id) in consensus]
        if notes:
            s.append(para("Moderation notes", st["h3"]))
            for c, con in notes:
                s.append(para(f"{c.code}: agreed {con.value}. {con.note}", st["body"]))
        quotes = [(c, sc, q) for c in criteria for sc in scores_by.get((b.id, c.id), []) for q in sc.evidence]
        if quotes:
            s.append(para("Evidence cited by the evaluators", st["h3"]))
            for c, sc, q in quotes:
                s.append(para(f"{c.code}, {evaluators.get(sc.evaluator_id, '')}: “{q.text}”", st["quote"]))
        flags = [(c, sc) for c in criteria for sc in scores_by.get((b.id, c.id), []) if sc.flags]
        if flags:
            s.append(para("Red flags", st["h3"]))
            for c, sc in flags:
                s.append(para(f"{c.code}, {evaluators.get(sc.evaluator_id, '')}: {'; '.join(sc.flags)}", st["body"]))
        order = {c.id: i for i, c in enumerate(criteria)}
        left_out = sorted(((sc, conflict) for sc, conflict in excluded if sc.bid_id == b.id),
                          key=lambda x: (order.get(x[0].criterion_id, 0), evaluators.get(x[0].evaluator_id, "")))
        if left_out:
            s.append(para("Scores kept on record but left out (a declared conflict of interest)", st["h3"]))
            codes = {c.id: c.code for c in fw.criteria}
            for sc, conflict in left_out:
                struck = f"{codes.get(sc.criterion_id, sc.criterion_id)}, {evaluators.get(sc.evaluator_id, '')}: {sc.value}"
                why = f"(excluded: conflict of interest declared: {conflict.details})"
                s.append(Paragraph(f"<strike>{safe(struck)}</strike> {safe(why)}", st["body"]))
        behalf = [(c, sc) for c in criteria for sc in scores_by.get((b.id, c.id), []) if sc.on_behalf]
        if behalf:
            s.append(para("Scores entered on an evaluator's behalf", st["h3"]))
            for c, sc in behalf:
                s.append(para(f"{c.code}, {evaluators.get(sc.evaluator_id, '')}: {sc.value}, entered on their behalf "
                              f"({sc.on_behalf})", st["body"]))
        allowed = [(e, cf) for e in ev.evaluators if e.declaration for cf in e.declaration.conflicts
                   if cf.bid_id == b.id and not cf.excluded]
        for e, cf in allowed:
            s.append(para(f"{e.name} declared a conflict with this bidder ({cf.details}) and may score it, as the lead "
                          f"decided: {cf.reason}", st["body"]))
        incomplete = sum(1 for c in criteria for sc in scores_by.get((b.id, c.id), []) if not sc.complete)
        if incomplete:
            s.append(para(f"{incomplete} scores for this bid have no rationale (incomplete).", st["body"]))
        s.append(Spacer(1, 6 * mm))
        step(30 + int(55 * (i + 1) / max(1, len(ev.bids))))

    # The panel
    s += [CondPageBreak(80 * mm), para("5. Evaluators and their declarations", st["h1"])]
    rows = [["Evaluator", "Role", "Declaration"]]
    for e in ev.evaluators:
        d = e.declaration
        suppliers = {b.id: b.supplier for b in ev.bids}
        if d is None:
            text = "not declared"
        elif not d.conflict:
            text = f"No conflict of interest, declared {d.declared_at[:10]}"
        elif d.conflicts:
            text = f"Declared {d.declared_at[:10]}: " + " ".join(
                f"{suppliers.get(c.bid_id, c.bid_id)}: {c.details} "
                + ("Excluded from that bid." if c.excluded else f"May score it, as the lead decided: {c.reason}")
                for c in d.conflicts)
        else:
            text = f"Conflict declared {d.declared_at[:10]}: {d.details} Managed by: {d.management}"
        rows.append([para(e.name, st["cell"]), para(", ".join(x for x in (e.role, e.organisation) if x), st["cell"]),
                     para(text, st["cell"])])
    s.append(table(rows, [45 * mm, 50 * mm, WIDTH - 95 * mm]))
    s.append(para("Conflicts assessment (Procurement Act 2023, section 83)", st["h2"]))
    if ev.assessments:
        rows = [["Person and role", "Interests", "Assessment and mitigation", "Reviewed", "Next review"]]
        for a in ev.assessments:
            rows.append([para(f"{a.person} ({a.role})", st["cell"]), para(a.interests, st["cell"]),
                         para(f"{a.assessment} Mitigation: {a.mitigation or 'none needed'}", st["cell"]),
                         para(f"{a.reviewed_on} by {a.reviewed_by}", st["cell"]), para(a.next_review, st["cell"])])
        s.append(table(rows, [38 * mm, 35 * mm, WIDTH - 131 * mm, 32 * mm, 26 * mm]))
    else:
        s.append(para("No one has yet been entered in the conflicts assessment (Edit > Conflicts assessment).",
                      st["body"]))

    # Sign-off
    s += [CondPageBreak(80 * mm), para("6. Sign-off", st["h1"]),
          para("We confirm that this evaluation was carried out as described in this report and that the ranking "
               "above is the outcome of the evaluation.", st["body"]), Spacer(1, 8 * mm)]
    if ev.signoffs:
        s.append(para("Signed off in the tender file (each with the state digest of the record approved):",
                      st["body"]))
        s.append(table([["Approver", "Role", "Date", "State digest approved"]]
                       + [[para(x.name, st["cell"]), para(x.role, st["cell"]), x.signed_on,
                           para(x.state, st["cell"])] for x in ev.signoffs],
                       [40 * mm, 45 * mm, 22 * mm, WIDTH - 107 * mm]))
        s.append(Spacer(1, 6 * mm))
    rows = [["Role", "Name", "Signature", "Date"]] + [[para(e.role or "Evaluator", st["cell"]),
                                                        para(e.name, st["cell"]), "", ""] for e in ev.evaluators]
    rows.append(["Evaluation lead", "", "", ""])
    sign = table(rows, [45 * mm, 50 * mm, 55 * mm, WIDTH - 150 * mm], zebra=False)
    sign.setStyle([("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white]), ("TOPPADDING", (0, 1), (-1, -1), 12),
                   ("BOTTOMPADDING", (0, 1), (-1, -1), 12)])
    s.append(sign)

    # Audit
    s += [CondPageBreak(80 * mm), para("7. Audit summary", st["h1"])]
    if audit_rows:
        kinds = Counter(a.action.split(" ")[0] for a in audit_rows)
        s.append(para(f"The tender file records {len(audit_rows):,} changes, from {audit_rows[0].at[:19]} to "
                      f"{audit_rows[-1].at[:19]} (UTC), each chained to the one before by its SHA-256. "
                      f"The digest of the whole trail is {audit_rows[-1].hash}. The record digest (the tender's state "
                      f"and its audit trail) when this report was made is {document_digest(audit_rows)}; anyone can check the file "
                      "against it with the command svi check FILE --expect DIGEST.", st["body"]))
        s.append(para("Chain check: " + ("every row verified." if audit_ok is None else audit_ok), st["body"]))
        rows = [["Kind of change", "Count"]] + [[k, str(n)] for k, n in kinds.most_common()]
        s.append(table(rows, [80 * mm, 30 * mm]))
    else:
        s.append(para("No audit rows were supplied.", st["body"]))
    s += _decision_appendix(ev, audit_rows, st)
    s += _screens_appendix(ev, st)
    return s


# The appendix stops here; the rest is in the CSV export (Audit > Export the trail) and the file itself.
APPENDIX_LIMIT = 2_000


def _lots_section(ev: Evaluation, st: dict) -> list:
    """A tender in lots: each lot's winner under the limit on lots per supplier, and the rule applied, in words."""
    if not ev.lots:
        return []
    allocation = allocate(ev)
    rule = (f"Each supplier may be awarded at most {allocation.limit} {'lot' if allocation.limit == 1 else 'lots'}; "
            f"one ranked first in more keeps {TIE_BREAK_NAMES[allocation.rule]}, the rule the tender recorded."
            if allocation.limit else "There is no limit on the lots one supplier may be awarded.")
    out: list = [para("Lots", st["h2"]),
                 para("Each lot is ranked as a tender of its own: the bids for it, on the criteria shared by every "
                      "lot and its own. " + rule, st["body"])]
    names = {b.id: b.supplier for b in ev.bids}
    rows = [["Lot", "Ranked first", "Awarded to", "Why"]]
    for a in allocation.lots:
        rows.append([para(f"{a.lot.code}" + (f" ({a.lot.title})" if a.lot.title else ""), st["cell"]),
                     para(names.get(a.first or "", "–"), st["cell"]), para(names.get(a.winner or "", "–"), st["cell"]),
                     para(a.explanation, st["cell"])])
    out.append(table(rows, [25 * mm, 40 * mm, 40 * mm, WIDTH - 105 * mm]))
    out += [para(step, st["body"]) for step in allocation.steps]
    return out


def _screens_appendix(ev: Evaluation, st: dict) -> list:
    """Internal appendix: what the evidence screens found (never in an assessment summary, never sent to a bidder).
    The substantiation hints are per response and stay in the window."""
    found = screen(ev, with_hints=False)
    if not (found.pairs or found.restated or found.details):
        return []
    codes = {c.id: c.code for c in ev.framework.criteria}
    names = {b.id: b.supplier for b in ev.bids}
    out: list = [CondPageBreak(80 * mm), para("Internal appendix: evidence screens", st["h1"]),
                 para("For the evaluation team only; not for publication or for any bidder. Passages shared between "
                      "rival bids, responses that restate the question, and details that are the same in more than "
                      "one bid. A finding is a prompt to look, never a score; shared passages between rival bids may "
                      "also need reporting as possible collusion.", st["body"])]
    rows = [["Criterion", "Bids", "Shared", "A passage they share"]]
    for p in found.pairs[:APPENDIX_LIMIT]:
        rows.append([codes.get(p.criterion_id or "", "whole bid"), para(" and ".join(names.get(b, "?") for b in p.bids),
                                                                      st["cell"]),
                     f"{p.shared:.0%}", para(p.passages[0].text_a if p.passages else "", st["cell"], limit=300)])
    if len(rows) > 1:
        out += [para("Shared passages", st["h2"]), table(rows, [22 * mm, 50 * mm, 16 * mm, WIDTH - 88 * mm])]
    rows = [["Criterion", "Bid", "Share of the response", "Restated guidance"]]
    for r in found.restated[:APPENDIX_LIMIT]:
        rows.append([codes.get(r.criterion_id, "?"), para(names.get(r.bid_id, "?"), st["cell"]), f"{r.shared:.0%}",
                     para(r.passages[0][2] if r.passages else "", st["cell"], limit=300)])
    if len(rows) > 1:
        out += [para("The question restated", st["h2"]), table(rows, [22 * mm, 50 * mm, 26 * mm, WIDTH - 98 * mm])]
    rows = [["Same", "Bids", "Value"]] + [[d.kind, para(", ".join(names.get(b, "?") for b in d.bids), st["cell"]),
                                           para(d.value, st["cell"], limit=200)] for d in found.details]
    if len(rows) > 1:
        out += [para("The same details", st["h2"]), table(rows, [30 * mm, 80 * mm, WIDTH - 110 * mm])]
    return out


def _decision_appendix(ev: Evaluation, audit_rows: list[AuditRow], st: dict) -> list:
    """Appendix: every material decision in words (Procurement Act 2023, s.98). Individual scores are counted
    here and listed in the workbook and the CSV export of the trail."""
    if not audit_rows:
        return []
    decisions = decision_record(audit_rows, ev)
    material = [d for d in decisions if d.kind != "score"]
    scores = len(decisions) - len(material)
    out: list = [PageBreak(), para("Appendix: the decision record", st["h1"]),
                 para(f"Each decision recorded in the tender file, in words: who made it, when, what was decided, "
                      f"from what to what, and why. The {scores:,} changes to individual evaluators' scores are "
                      "counted here, not listed: each is in the workbook's individual scores and in the CSV export "
                      "of the audit trail, with its rationale.", st["body"])]
    changed = [d for d in decisions if d.after_scoring]
    out.append(para("Changes after scoring began", st["h2"]))
    if changed:  # the change log s.98 asks for: what decides the result, changed once bids were scored, and why
        out.append(para(f"{len(changed)} change{'' if len(changed) == 1 else 's'} to a weight, a threshold, the price "
                        "formula or a price after the first score, each with the reason recorded:", st["body"]))
        log = [["#", "When (UTC)", "Who", "What", "From", "To", "Why"]]
        for d in changed[:APPENDIX_LIMIT]:
            log.append([str(d.seq), para(d.when, st["cell"]), para(d.who, st["cell"]), para(d.what, st["cell"]),
                        para(d.before, st["cell"], limit=300), para(d.after, st["cell"], limit=300),
                        para(d.why, st["cell"], limit=600)])
        out.append(table(log, [10 * mm, 20 * mm, 22 * mm, 45 * mm, 28 * mm, 28 * mm, WIDTH - 153 * mm]))
    else:
        out.append(para("No weight, threshold, price formula or price was changed after the first score.",
                        st["body"]))
    out.append(para("Every decision", st["h2"]))
    rows = [["#", "When (UTC)", "Who", "What", "From", "To", "Why"]]
    for d in material[:APPENDIX_LIMIT]:
        rows.append([str(d.seq), para(d.when, st["cell"]), para(d.who, st["cell"]), para(d.what, st["cell"]),
                     para(d.before or "–", st["cell"], limit=600), para(d.after or "–", st["cell"], limit=600),
                     para(d.why or "–", st["cell"], limit=600)])
    out.append(table(rows, [10 * mm, 20 * mm, 22 * mm, 45 * mm, 28 * mm, 28 * mm, WIDTH - 153 * mm]))
    if len(material) > APPENDIX_LIMIT:
        out.append(para(f"The other {len(material) - APPENDIX_LIMIT:,} decisions are in the CSV export of the audit "
                        "trail.", st["body"]))
    return out
