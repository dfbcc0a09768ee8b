"""The contract performance notice: each KPI of the contract, what was promised, what was delivered period by
period and its rating on the scale of Procurement Act 2023 s.71 (Good, Approaching target, Requires improvement,
Inadequate, Other), with a chart of delivered against promised over the contract's life. As PDF, and as CSV for
the central digital platform's form or the authority's own records."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer

from svi_desktop.domain.audit import AuditRow, document_digest
from svi_desktop.domain.contract import RATING_NAMES, KpiSource
from svi_desktop.domain.kpis import KpiStatus, contract_value, delivered_shares, kpi_shortfall, statuses
from svi_desktop.domain.model import Evaluation
from svi_desktop.domain.numbers import fmt, money, quantity
from svi_desktop.errors import KnownError
from svi_desktop.exports.atomic import atomic_path
from svi_desktop.exports.cells import csv_cell
from svi_desktop.exports.pdf_common import FONT, footed_canvas, para, styles, table

WIDTH = A4[0] - 30 * mm
SERIES = ["#1f5fa8", "#b3261e", "#2e7d32", "#8a5a00", "#6a1b9a", "#00838f", "#5d4037", "#455a64"]


def _contract_name(ev: Evaluation, lot_code: str) -> str:
    lot = next((x for x in ev.lots if x.code == lot_code), None)
    return f"{ev.tender.title}" + (f", lot {lot.code}" + (f" ({lot.title})" if lot.title else "") if lot else "")


def _supplier(ev: Evaluation, found: tuple[KpiStatus, ...]) -> str:
    bids = {b.id: b for b in ev.bids}
    ids = {s.kpi.bid_id for s in found}
    return "; ".join(sorted(bids[i].supplier + (f" ({bids[i].identifier})" if bids[i].identifier else "")
                            for i in ids if i in bids)) or "–"


def _pct(s: KpiStatus) -> str:
    share = s.share
    return "–" if share is None else f"{fmt(share * 100, 0)}%"


def _chart(found: tuple[KpiStatus, ...]) -> Drawing | None:
    rated = [s for s in found if s.periods and s.kpi.target]
    if not rated:
        return None
    start = min(dt.date.fromisoformat(s.kpi.start) for s in rated)
    series = [[((dt.date.fromisoformat(day) - start).days / 365.25, share) for day, share in delivered_shares(s)]
              for s in rated]
    top = max(110.0, max(y for pts in series for _x, y in pts) * 1.1)
    right = max(1.0, max(x for pts in series for x, _y in pts))
    d = Drawing(WIDTH, 70 * mm)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 14 * mm, 12 * mm, WIDTH - 70 * mm, 52 * mm
    plot.data = series
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = 0, right
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax = 0, top
    plot.xValueAxis.labels.fontName = plot.yValueAxis.labels.fontName = FONT
    plot.xValueAxis.labels.fontSize = plot.yValueAxis.labels.fontSize = 7
    plot.yValueAxis.labelTextFormat = "%d%%"
    plot.xValueAxis.labelTextFormat = "%.1f"
    for i in range(len(series)):
        plot.lines[i].strokeColor = colors.HexColor(SERIES[i % len(SERIES)])
        plot.lines[i].strokeWidth = 1.5
    d.add(plot)
    # The promise: 100% of each target.
    y100 = plot.y + plot.height * 100 / top
    d.add(Line(plot.x, y100, plot.x + plot.width, y100, strokeColor=colors.HexColor("#444444"), strokeDashArray=[3, 2]))
    d.add(String(plot.x + plot.width - 2, y100 + 2, "target", fontName=FONT, fontSize=7, textAnchor="end"))
    d.add(String(plot.x + plot.width / 2, 2 * mm, "years since the contract started", fontName=FONT,
                 fontSize=7, textAnchor="middle"))
    legend = Legend()
    legend.x, legend.y = plot.x + plot.width + 6 * mm, plot.y + plot.height
    legend.fontName, legend.fontSize = FONT, 7
    legend.alignment = "right"
    legend.colorNamePairs = [(colors.HexColor(SERIES[i % len(SERIES)]), s.kpi.measure[:38])
                             for i, s in enumerate(rated)]
    d.add(legend)
    return d


def _rows(ev: Evaluation, lot_code: str) -> tuple[KpiStatus, ...]:
    found = statuses(ev, lot_code)
    if not found:
        raise KnownError("This contract has no KPIs yet: make them from the winner's commitments first.")
    return found


def write_performance_pdf(ev: Evaluation, target: Path, audit_rows: list[AuditRow], *, lot_code: str = "",
                          draft: bool = True) -> Path:
    found = _rows(ev, lot_code)
    st = styles()
    t = ev.tender
    title = "Contract performance notice"
    s: list = [para(title, st["h1"]),
               para(("DRAFT: not for publication. " if draft else "") + _contract_name(ev, lot_code)
                    + (f" ({t.reference})" if t.reference else "") + f". {t.authority}.", st["body"]),
               para("The contract's key performance indicators and how the supplier performed against each, rated "
                    "Good, Approaching target, Requires improvement, Inadequate or Other (Procurement Act 2023, "
                    "s.71).", st["body"]), Spacer(1, 2 * mm)]
    value = contract_value(ev, lot_code)
    s.append(table([["Supplier", para(_supplier(ev, found), st["cell"])],
                    ["Contract", para(_contract_name(ev, lot_code), st["cell"])],
                    ["Estimated value", money(value) if value is not None else "–"],
                    ["KPIs", str(len(found))]], [45 * mm, WIDTH - 45 * mm], header=False))
    shortfall = kpi_shortfall(ev, lot_code)
    if shortfall:
        s.append(para(shortfall, st["body"]))
    s.append(para("Delivered against promised", st["h2"]))
    chart = _chart(found)
    if chart is not None:
        s.append(chart)
        s.append(para("Each line is one KPI: what had been delivered by the end of each period rated, as a share of "
                      "what was promised.", st["small"]))
    else:
        s.append(para("No period has been rated yet.", st["body"]))
    s.append(para("The KPIs", st["h2"]))
    rows = [["KPI", "Promised", "By", "Delivered", "Latest rating"]]
    for x in found:
        k = x.kpi
        origin = "the supplier's commitment" if k.source is KpiSource.COMMITMENT else "the authority's KPI"
        rows.append([para(f"{k.measure} ({origin})" + (f". Metric: {k.metric}" if k.metric else ""), st["cell"]),
                     para(quantity(k.target, k.unit), st["cell"]), k.due,
                     para(f"{quantity(x.delivered, k.unit)} ({_pct(x)})", st["cell"]),
                     para(RATING_NAMES[x.latest] if x.latest else "not yet rated", st["cell"])])
    s.append(table(rows, [64 * mm, 32 * mm, 20 * mm, 34 * mm, WIDTH - 150 * mm]))
    for x in found:
        s.append(para(x.kpi.measure, st["h3"]))
        if not x.periods:
            s.append(para(f"Not yet rated; the first rating is due by {x.next_due}.", st["body"]))
            continue
        rows = [["Period", "Delivered by its end", "Rating", "Why, and the evidence"]]
        for p in x.periods:
            why = (f"{p.note} " if p.note else "") + f"Evidence: {p.evidence}"
            rows.append([para(f"{p.period_start} to {p.period_end}", st["cell"]),
                         para(quantity(p.actual, x.kpi.unit), st["cell"]), para(RATING_NAMES[p.rating], st["cell"]),
                         para(why, st["cell"])])
        s.append(table(rows, [26 * mm, 32 * mm, 27 * mm, WIDTH - 85 * mm]))
        s.append(para(f"Rated by {x.periods[-1].recorded_by}. The next rating is due by {x.next_due}"
                      + (", and is overdue." if x.overdue else "."), st["small"]))
    digest = document_digest(audit_rows)
    with atomic_path(Path(target)) as tmp:
        doc = SimpleDocTemplate(str(tmp), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                                bottomMargin=18 * mm, title=title)
        doc.build(s, canvasmaker=footed_canvas(t.reference or t.title, digest, draft))
    return Path(target)


CSV_COLUMNS = ["contract", "supplier", "kpi", "source", "metric", "target", "unit", "due", "period_start",
               "period_end", "delivered", "share_of_target", "rating", "reason", "evidence", "rated_by"]


def write_performance_csv(ev: Evaluation, target: Path, *, lot_code: str = "") -> Path:
    """One row per rated period of each KPI (and one for a KPI not yet rated), with the rating's words. Every cell
    is written so a spreadsheet takes it as text, never as a formula."""
    found = _rows(ev, lot_code)
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(CSV_COLUMNS)
    name, supplier = _contract_name(ev, lot_code), _supplier(ev, found)
    for x in found:
        k = x.kpi
        base = [name, supplier, k.measure, k.source.value, k.metric, str(k.target), k.unit, k.due]
        if not x.periods:
            w.writerow([csv_cell(v) for v in [*base, "", "", "", "", "not yet rated", "", "", ""]])
        for p in x.periods:
            share = "" if not k.target else str((p.actual / k.target).quantize(Decimal("0.001")))
            w.writerow([csv_cell(v) for v in [*base, p.period_start, p.period_end, str(p.actual), share,
                                               RATING_NAMES[p.rating], p.note, p.evidence, p.recorded_by]])
    with atomic_path(Path(target)) as tmp:
        tmp.write_text(out.getvalue(), encoding="utf-8-sig", newline="")
    return Path(target)
