"""The Excel workbook: live formulas a reviewer can check, the scores, moderation, framework and audit."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from svi_desktop.domain.audit import AuditRow, document_digest
from svi_desktop.domain.bid_fields import FIELDS
from svi_desktop.domain.criterion_fields import FIELDS as CRITERION
from svi_desktop.domain.criterion_fields import CriterionField
from svi_desktop.domain.lots import allocate
from svi_desktop.domain.model import Evaluation, SectionKind
from svi_desktop.domain.pricing import FORMULAS
from svi_desktop.domain.scoring import Results, compute_results
from svi_desktop.exports.atomic import atomic_path
from svi_desktop.exports.cells import put_text

HEAD = Font(bold=True, color="FFFFFF")
HEAD_FILL = PatternFill("solid", fgColor="1F4E79")


class Cancelled(Exception):
    """The user cancelled the export: nothing was written."""


@dataclass(frozen=True)
class WorkbookOptions:
    draft: bool = True


def _name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", text)


def _header(ws: Worksheet, headers: list[str], widths: list[int]) -> None:
    """The first row: every heading as text (criterion codes come from the tender and may start with '=')."""
    for col, text in enumerate(headers, start=1):
        put_text(ws.cell(1, col), text)
    for cell in ws[1]:
        cell.font = HEAD
        cell.fill = HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.row_dimensions[1].height = 32  # two lines: headings wrap rather than being cut
    ws.freeze_panes = "B2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def _define(wb: Workbook, name: str, ws: Worksheet, ref: str) -> None:
    wb.defined_names[name] = DefinedName(name, attr_text=f"{quote_sheetname(ws.title)}!{ref}")


def write_workbook(ev: Evaluation, target: Path, audit_rows: list[AuditRow], options: WorkbookOptions | None = None,
                   progress: Callable[[int], bool] | None = None) -> Path:
    """Write the workbook to a temporary name and rename it; `progress(percent)` returning False cancels."""
    options = options or WorkbookOptions()

    def step(n: int) -> None:
        if progress is not None and not progress(n):
            raise Cancelled

    results = compute_results(ev)
    wb = build_workbook(ev, results, audit_rows, options, step)
    step(95)
    with atomic_path(Path(target)) as tmp:
        wb.save(tmp)
    step(100)
    return Path(target)


def build_workbook(ev: Evaluation, results: Results, audit_rows: list[AuditRow], options: WorkbookOptions,
                   step: Callable[[int], None]) -> Workbook:
    fw = ev.framework
    wb = Workbook()
    sections = sorted(fw.sections, key=lambda s: s.position)
    point_sections = [s for s in sections if s.kind is not SectionKind.GATES]
    criteria = [c for s in sections for c in fw.criteria_of(s.id)]
    # Defined names by position as well as code: "Q-1", "Q.1" and "Q 1" must not become one name.
    weight_name = {c.id: f"W_{i}_{_name(c.code)}" for i, c in enumerate(criteria, start=1)}
    bids = list(ev.bids)

    # -- Framework: shares, weights, thresholds and the scale, as named cells ----------------
    fws = wb.active
    fws.title = "Framework"
    # A column per field of a criterion (domain/criterion_fields.py), its section after its title.
    columns: list[CriterionField | None] = [*CRITERION[:2], None, *CRITERION[2:]]
    width_of = {"code": 9, "title": 34, "guidance": 60, "distinguished_from": 40, "flags": 30}
    _header(fws, [f.column if f else "Section" for f in columns],
            [width_of.get(f.name, 10) if f else 24 for f in columns])
    column_of = {f.name: get_column_letter(i) for i, f in enumerate(columns, start=1) if f}
    for row, c in enumerate(criteria, start=2):  # explicit rows: ws.max_row scans every cell each time
        for col, f in enumerate(columns, start=1):
            cell = fws.cell(row, col)
            if f is None:
                put_text(cell, next(s for s in sections if s.id == c.section_id).name)
            elif f.number:
                cell.value = None if f.of(c) is None else float(f.of(c))
            else:
                put_text(cell, f.shown(f.of(c)), wrap=f.wrap)
        _define(wb, weight_name[c.id], fws, f"${column_of['weight']}${row}")
        if c.threshold is not None:
            _define(wb, "T" + weight_name[c.id][1:], fws, f"${column_of['threshold']}${row}")
    fws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(criteria) + 1}"
    base = len(criteria) + 3
    fws.cell(base, 1, "Section").font = Font(bold=True)
    fws.cell(base, 2, "Share %").font = Font(bold=True)
    fws.cell(base, 3, "Kind").font = Font(bold=True)
    fws.cell(base, 4, "Price formula").font = Font(bold=True)
    share_names = {}
    for i, s in enumerate(sections, start=1):
        r = base + i
        put_text(fws.cell(r, 1), s.name)
        fws.cell(r, 2, float(s.share) if s.kind is not SectionKind.GATES else 0.0)
        fws.cell(r, 3, s.kind.value)
        if s.kind is SectionKind.PRICE:
            fws.cell(r, 4, FORMULAS[s.price_formula or "relative"].name)
        share_names[s.id] = f"Share_{i}"
        _define(wb, share_names[s.id], fws, f"$B${r}")
    r = base + len(sections) + 2
    fws.cell(r, 1, "Scale").font = Font(bold=True)
    put_text(fws.cell(r, 2), fw.scale.name)
    fws.cell(r + 1, 1, "Lowest level")
    fws.cell(r + 1, 2, fw.scale.minimum)
    fws.cell(r + 2, 1, "Highest level")
    fws.cell(r + 2, 2, fw.scale.maximum)
    _define(wb, "ScaleMin", fws, f"$B${r + 1}")
    _define(wb, "ScaleMax", fws, f"$B${r + 2}")
    r += 4
    for col, h in enumerate(("Value", "Label", "Descriptor"), start=1):
        fws.cell(r, col, h).font = Font(bold=True)
    for lv in fw.scale.levels:
        r += 1
        fws.cell(r, 1, lv.value)
        put_text(fws.cell(r, 2), lv.label)
        put_text(fws.cell(r, 3), lv.descriptor, wrap=True)
    step(15)

    # -- Scores: the value the engine uses for each bid and criterion, as formulas over the individual scores
    # sheet and the moderation log (the consensus where there is one, else the mean of the scores that count);
    # the gates and eligibility as formulas over the thresholds. Bids and criteria are matched by number, never by
    # name: a supplier's name may hold the wildcards and operators that COUNTIFS would read as a pattern.
    n_ind, n_mod = max(2, len(ev.scores) + 1), max(2, len(ev.consensus) + 1)
    ind_name = quote_sheetname("Individual scores")
    mod_name = quote_sheetname("Moderation log")
    for defined, sheet, letter, last_row in (("IndScore", ind_name, "D", n_ind), ("IndBid", ind_name, "J", n_ind),
                                       ("IndCrit", ind_name, "K", n_ind), ("IndCounts", ind_name, "L", n_ind),
                                       ("ConValue", mod_name, "C", n_mod), ("ConBid", mod_name, "H", n_mod),
                                       ("ConCrit", mod_name, "I", n_mod)):
        wb.defined_names[defined] = DefinedName(defined, attr_text=f"{sheet}!${letter}$2:${letter}${last_row}")
    sc = wb.create_sheet("Scores")
    _header(sc, ["Bid", "Price", "Status", "Gates", "Eligible", *[c.code for c in criteria]],
            [34, 14, 12, 8, 9, *[8] * len(criteria)])
    first_crit = 6
    col_of = {c.id: get_column_letter(first_crit + i) for i, c in enumerate(criteria)}
    crit_no = {c.id: i for i, c in enumerate(criteria, start=1)}
    bid_no = {b.id: i for i, b in enumerate(bids, start=1)}
    gated = [c for c in criteria if c.threshold is not None]
    for row, b in enumerate(bids, start=2):
        n = bid_no[b.id]
        sc.append([None, float(b.price) if b.price is not None else None, b.status.value])
        put_text(sc.cell(row, 1), b.supplier)
        for c in criteria:
            m = crit_no[c.id]
            cell = sc[f"{col_of[c.id]}{row}"]
            cell.value = (f"=IF(COUNTIFS(ConBid,{n},ConCrit,{m})>0,SUMIFS(ConValue,ConBid,{n},ConCrit,{m}),"
                          f"IF(COUNTIFS(IndBid,{n},IndCrit,{m},IndCounts,1)>0,"
                          f"AVERAGEIFS(IndScore,IndBid,{n},IndCrit,{m},IndCounts,1),\"\"))")
            cell.number_format = "0.00"
        checks = ",".join(f"ISNUMBER({col_of[c.id]}{row}),N({col_of[c.id]}{row})>={'T' + weight_name[c.id][1:]}"
                          for c in gated)
        sc.cell(row, 4, f'=IF(AND({checks}),"pass","fail")' if gated else "pass")
        sc.cell(row, 5, f'=IF(AND(OR(C{row}="received",C{row}="compliant"),D{row}="pass"),1,0)')
    last = max(2, len(bids) + 1)
    sc.auto_filter.ref = f"A1:{get_column_letter(first_crit - 1 + len(criteria))}{last}"
    _define(wb, "Prices", sc, f"$B$2:$B${last}")
    _define(wb, "Eligible", sc, f"$E$2:$E${last}")
    step(35)

    # -- Summary: in rank order, live formulas over Scores, so the arithmetic can be checked in Excel ----------
    su = wb.create_sheet("Summary", 0)
    titles = [s.name for s in point_sections]
    _header(su, ["Bid", "Rank", "Gates", *titles, "Total", "Not ranked because"],
            [34, 7, 8, *[16] * len(titles), 10, 60])
    formula = next((s.price_formula for s in point_sections if s.kind is SectionKind.PRICE and s.price_formula),
                   "relative")
    in_order = [*results.ranked, *results.not_ranked]
    total_col = get_column_letter(4 + len(point_sections))
    totals = f"${total_col}$2:${total_col}${max(2, len(in_order) + 1)}"
    for i, res in enumerate(in_order):
        row, srow = i + 2, bid_no[res.bid.id] + 1  # the bid's row here, and in Scores
        su.cell(row, 1, f"=Scores!A{srow}")
        su.cell(row, 2, f'=IF(ISNUMBER({total_col}{row}),RANK({total_col}{row},{totals},0),"")')
        su.cell(row, 3, f"=Scores!D{srow}")
        for j, s in enumerate(point_sections):
            cell = su.cell(row, 4 + j)
            share = share_names[s.id]
            if s.kind is SectionKind.PRICE:
                price = f"Scores!B{srow}"
                low, high = "_xlfn.MINIFS(Prices,Eligible,1)", "_xlfn.MAXIFS(Prices,Eligible,1)"
                body = {
                    "relative": f"{low}/{price}",
                    "deviation": f"MAX(0,1-({price}-{low})/{low})",
                    "range": f"IF({high}={low},1,({high}-{price})/({high}-{low}))",
                }[formula]
                cell.value = f'=IF(AND(ISNUMBER({price}),{price}>0,COUNTIF(Eligible,1)>0),{share}*MIN(1,MAX(0,{body})),0)'
            else:
                crits = [c for c in fw.criteria_of(s.id) if c.kind.value == "scored"]
                if not crits:
                    cell.value = 0
                    continue
                terms = "+".join(f"{weight_name[c.id]}*IF(ISNUMBER(Scores!{col_of[c.id]}{srow}),"
                                 f"Scores!{col_of[c.id]}{srow}-ScaleMin,0)" for c in crits)
                weights = "+".join(weight_name[c.id] for c in crits)
                cell.value = f"={share}*({terms})/(ScaleMax-ScaleMin)/({weights})"
            cell.number_format = "0.00"
        total = su.cell(row, 4 + len(point_sections))
        first, end = get_column_letter(4), get_column_letter(3 + len(point_sections))
        total.value = f'=IF(Scores!E{srow}=1,SUM({first}{row}:{end}{row}),"")'  # a bid not ranked has no total
        total.number_format = "0.00"
        total.font = Font(bold=True)
        put_text(su.cell(row, 5 + len(point_sections)), res.reason_not_ranked, wrap=True)
    su.auto_filter.ref = f"A1:{get_column_letter(5 + len(point_sections))}{max(2, len(bids) + 1)}"
    note_row = len(bids) + 3
    put_text(su.cell(note_row, 1), ("DRAFT: not signed off. " if options.draft else "") +
             f"{ev.tender.title} ({ev.tender.reference}). Totals are live formulas over the Scores sheet, whose "
             "values are formulas over the Individual scores and Moderation log sheets; shares, weights, thresholds "
             "and the scale are named cells on the Framework sheet. Bids are in rank order; a bid not ranked has no "
             f"total. Record digest of the tender file (its state and audit trail): {document_digest(audit_rows)} (svi check FILE --expect DIGEST "
             "verifies a file against it)."
             + ("" if options.draft or not ev.signoffs else " Signed off by " + "; ".join(
                 f"{x.name}, {x.role}, on {x.signed_on}" for x in ev.signoffs) + "."))
    for w in results.warnings:
        note_row += 1
        put_text(su.cell(note_row, 1), f"Warning: {w}")
        su.cell(note_row, 1).font = Font(bold=True, color="B3261E")
    if results.ranked:  # only the ranked bids: a bid that failed a gate has no total to draw
        chart = BarChart()
        chart.type = "bar"
        chart.title = "Total score by bid"
        chart.y_axis.title = "Points out of 100"
        chart.y_axis.scaling.min = 0  # from zero: an axis starting near the scores exaggerates the gaps
        chart.y_axis.scaling.max = 100
        totals_col = 4 + len(point_sections)
        ranked_rows = 1 + len(results.ranked)
        chart.add_data(Reference(su, min_col=totals_col, min_row=1, max_row=ranked_rows), titles_from_data=True)
        chart.set_categories(Reference(su, min_col=1, min_row=2, max_row=ranked_rows))
        chart.height = max(7, 0.6 * len(results.ranked))
        chart.width = 18
        su.add_chart(chart, f"A{note_row + 3}")
    step(50)

    # -- Matrix: a heat map of the scores -------------------------------------------------------
    mx = wb.create_sheet("Matrix")
    _header(mx, ["Bid", *[c.code for c in criteria]], [34, *[8] * len(criteria)])
    for i in range(len(bids)):
        row = i + 2
        mx.cell(row, 1, f"=Scores!A{row}")
        for j, c in enumerate(criteria):
            mx.cell(row, 2 + j, f"=IF(ISNUMBER(Scores!{col_of[c.id]}{row}),Scores!{col_of[c.id]}{row},\"\")")
            mx.cell(row, 2 + j).number_format = "0.0"
    if bids and criteria:
        area = f"B2:{get_column_letter(1 + len(criteria))}{1 + len(bids)}"
        mx.conditional_formatting.add(area, ColorScaleRule(
            start_type="num", start_value=fw.scale.minimum, start_color="F8696B",
            mid_type="num", mid_value=(fw.scale.minimum + fw.scale.maximum) / 2, mid_color="FFEB84",
            end_type="num", end_value=fw.scale.maximum, end_color="63BE7B"))
    step(60)

    # -- Individual scores -----------------------------------------------------------------------
    ind = wb.create_sheet("Individual scores")
    _header(ind, ["Bid", "Criterion", "Evaluator", "Score", "Complete", "Rationale", "Evidence", "Red flags",
                  "Updated", "Bid #", "Criterion #", "Counts"], [30, 10, 22, 7, 10, 60, 60, 30, 22, 7, 10, 8])
    names = {e.id: e.name for e in ev.evaluators}
    suppliers = {b.id: b.supplier for b in bids}
    codes = {c.id: c.code for c in criteria}
    ordered = sorted(ev.scores, key=lambda x: (suppliers.get(x.bid_id, ""), codes.get(x.criterion_id, ""),
                                               names.get(x.evaluator_id, "")))
    excluded = ev.exclusions()
    for row, score in enumerate(ordered, start=2):
        conflict = excluded.get((score.evaluator_id, score.bid_id))
        ind.append([None, None, None, score.value, "yes" if score.complete else "INCOMPLETE", None, None, None, None,
                    bid_no.get(score.bid_id), crit_no.get(score.criterion_id), 0 if conflict is not None else 1])
        if conflict is not None:  # kept on record, struck through, left out of every figure
            put_text(ind.cell(row, 5), f"EXCLUDED: conflict of interest declared: {conflict.details}", wrap=True)
            ind.cell(row, 4).font = Font(strike=True)
        put_text(ind.cell(row, 2), codes.get(score.criterion_id, ""))
        put_text(ind.cell(row, 1), suppliers.get(score.bid_id, ""))
        put_text(ind.cell(row, 3), names.get(score.evaluator_id, ""))
        put_text(ind.cell(row, 6), score.rationale, wrap=True)
        put_text(ind.cell(row, 7), "\n".join(f"“{c.text}” (characters {c.start}–{c.end})" for c in score.evidence),
                 wrap=True)
        put_text(ind.cell(row, 8), "; ".join(score.flags))
        put_text(ind.cell(row, 9), score.updated_at)
        if not score.complete:
            ind.cell(row, 5).font = Font(bold=True, color="B3261E")
    ind.auto_filter.ref = f"A1:L{max(2, len(ordered) + 1)}"
    step(75)

    # -- Moderation log --------------------------------------------------------------------------
    mod = wb.create_sheet("Moderation log")
    _header(mod, ["Bid", "Criterion", "Consensus", "Individual scores", "Moderation note", "Feedback for the bidder",
                  "Agreed", "Bid #", "Criterion #"], [30, 10, 10, 18, 60, 50, 22, 7, 10])
    individual: dict[tuple[str, str], list[int]] = {}
    for score in ev.scores:
        individual.setdefault((score.bid_id, score.criterion_id), []).append(score.value)
    agreed = sorted(ev.consensus, key=lambda c: (suppliers.get(c.bid_id, ""), codes.get(c.criterion_id, "")))
    for row, agreement in enumerate(agreed, start=2):
        scores = sorted(individual.get((agreement.bid_id, agreement.criterion_id), []))
        mod.append([None, None, agreement.value, ", ".join(map(str, scores)), None, None, None,
                    bid_no.get(agreement.bid_id), crit_no.get(agreement.criterion_id)])
        put_text(mod.cell(row, 2), codes.get(agreement.criterion_id, ""))
        put_text(mod.cell(row, 1), suppliers.get(agreement.bid_id, ""))
        put_text(mod.cell(row, 5), agreement.note, wrap=True)
        put_text(mod.cell(row, 6), agreement.feedback, wrap=True)
        put_text(mod.cell(row, 7), agreement.updated_at)
    mod.auto_filter.ref = f"A1:I{max(2, len(agreed) + 1)}"

    _contract_sheets(wb, ev)
    _bids_sheet(wb, ev)

    # -- Audit log -------------------------------------------------------------------------------
    au = wb.create_sheet("Audit log")
    _header(au, ["#", "When (UTC)", "Who", "What", "Entity", "Old value", "New value", "Hash"],
            [6, 26, 16, 40, 12, 50, 50, 20])
    for row, a in enumerate(audit_rows, start=2):
        au.append([a.seq])
        for col, text in ((2, a.at), (3, a.actor), (4, a.action), (5, a.entity), (6, a.old or ""), (7, a.new or ""),
                          (8, a.hash)):
            put_text(au.cell(row, col), text[:32000])
    au.auto_filter.ref = f"A1:H{max(2, len(audit_rows) + 1)}"
    step(90)
    return wb


def _bids_sheet(wb: Workbook, ev: Evaluation) -> None:
    """Each bid as its supplier gave it: one column per field domain/bid_fields.py declares, then its status."""
    bs = wb.create_sheet("Bids")
    _header(bs, [*(f.heading for f in FIELDS), "Status", "Why"],
            [34 if f.name in ("supplier", "address") else 16 for f in FIELDS] + [12, 50])
    for row, b in enumerate(ev.bids, start=2):
        for col, f in enumerate(FIELDS, start=1):
            value = f.of(b)
            if f.number and not f.per_lot:
                bs.cell(row, col, None if value is None else float(value)).number_format = "#,##0.00"
            else:
                put_text(bs.cell(row, col), f.show(value))
        put_text(bs.cell(row, len(FIELDS) + 1), b.status.value)
        put_text(bs.cell(row, len(FIELDS) + 2), b.status_reason, wrap=True)
    bs.auto_filter.ref = f"A1:{get_column_letter(len(FIELDS) + 2)}{max(2, len(ev.bids) + 1)}"


def _contract_sheets(wb: Workbook, ev: Evaluation) -> None:
    """A tender in lots: who is awarded each lot and why. Bids with commitments: what each promised."""
    suppliers = {b.id: b.supplier for b in ev.bids}
    if ev.lots:
        allocation = allocate(ev)
        lots = wb.create_sheet("Lots")
        _header(lots, ["Lot", "Title", "Estimated value", "Ranked first", "Awarded to", "Why"], [8, 24, 16, 30, 30, 90])
        for row, a in enumerate(allocation.lots, start=2):
            lots.append([None, None, None if a.lot.value is None else float(a.lot.value)])
            lots.cell(row, 3).number_format = "£#,##0"
            for col, text in ((1, a.lot.code), (2, a.lot.title), (4, suppliers.get(a.first or "", "")),
                              (5, suppliers.get(a.winner or "", "")), (6, a.explanation)):
                put_text(lots.cell(row, col), text, wrap=col == 6)
        for step_text in allocation.steps:  # below the lots, after a blank row, across the sheet's width
            row = lots.max_row + 2
            put_text(lots.cell(row, 1), step_text, wrap=True)
            lots.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
            lots.row_dimensions[row].height = 15 * (1 + len(step_text) // 160)
    if ev.commitments:
        themes = {c.id: c.code for c in ev.framework.criteria}
        com = wb.create_sheet("Commitments")
        _header(com, ["Bid", "Measure", "Quantity", "Unit", "Delivered by", "Evidence", "Lot", "Local theme",
                      "Model outcome", "Reporting metric"], [30, 40, 10, 14, 12, 50, 6, 10, 14, 30])
        ordered = sorted(ev.commitments, key=lambda c: (suppliers.get(c.bid_id, ""), c.position))
        for row, c in enumerate(ordered, start=2):
            com.append([None, None, float(c.quantity)])
            for col, text in ((1, suppliers.get(c.bid_id, "")), (2, c.measure), (4, c.unit), (5, c.due),
                              (6, c.evidence), (7, c.lot_code), (8, themes.get(c.theme, "")), (9, c.outcome),
                              (10, c.metric)):
                put_text(com.cell(row, col), text, wrap=col in (2, 6))
