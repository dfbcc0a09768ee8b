"""The bid template: a workbook with one row per bid and one column per criterion's response."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from svi_desktop.domain.bid_fields import FIELDS, lot_column
from svi_desktop.domain.bid_sheet_format import (
    COMMITMENT_COLUMNS,
    COMMITMENT_SHEET,
    FIXED_COLUMNS,
    MAX_RESPONSE_CHARS,
    criterion_header,
)
from svi_desktop.domain.model import Framework, OrganisationType
from svi_desktop.domain.rules import scored_criteria
from svi_desktop.exports.atomic import atomic_path
from svi_desktop.exports.cells import append_text


def write_bid_template(framework: Framework, target: Path, tender_title: str = "", lots: tuple[str, ...] = ()) -> Path:
    """The template of a tender whose lots have the codes `lots`: a field given per lot has a column per lot."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Bids"
    criteria = scored_criteria(framework)
    by_lot = [lot_column(f, code) for f in FIELDS if f.per_lot for code in lots]
    fixed = len(FIXED_COLUMNS) + len(by_lot)
    headers = [*FIXED_COLUMNS, *by_lot, *(criterion_header(c) for c in criteria)]
    append_text(ws, headers)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE7F0")
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, _h in enumerate(headers, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = 28 if i <= fixed else 45
    ws.freeze_panes = "B2"
    types = DataValidation(type="list", formula1='"' + ",".join(o.value for o in OrganisationType) + '"',
                           allow_blank=True)
    types.error = "Choose one of the listed organisation types."
    ws.add_data_validation(types)
    column = ws.cell(1, 1 + [f.name for f in FIELDS].index("organisation_type")).column_letter
    types.add(f"{column}2:{column}5000")

    commitments = wb.create_sheet(COMMITMENT_SHEET)
    append_text(commitments, list(COMMITMENT_COLUMNS))
    for cell in commitments[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, _h in enumerate(COMMITMENT_COLUMNS, start=1):
        commitments.column_dimensions[commitments.cell(1, i).column_letter].width = 40 if i in (2, 6, 10) else 20
    commitments.freeze_panes = "B2"

    guide = wb.create_sheet("Guidance")
    append_text(guide, [f"Bid template{': ' + tender_title if tender_title else ''}"])
    guide["A1"].font = Font(bold=True, size=14)
    guide.append([])
    for line in (
        "Fill in one row per bid on the Bids sheet. Do not rename or reorder the column headings.",
        *(f.guide for f in FIELDS if f.guide),  # each field's, as domain/bid_fields.py declares it
        f"Each response: plain text, at most {MAX_RESPONSE_CHARS:,} characters. Text is stored exactly as "
        "written; formulas are kept as text and never calculated.",
        "Commitments sheet (optional): one row per measurable commitment of a bid, its Supplier as on the Bids "
        "sheet; Quantity a number; Delivered by a date; Lot one of the bid's lots (blank: all of them); Local theme "
        "a criterion code such as LT2. At award the winner's commitments become the contract's KPIs. A CSV file "
        "carries bids only.",
    ):
        append_text(guide, [line])
    guide.append([])
    append_text(guide, ["Column", "Criterion", "What the response should show"])
    for cell in guide[guide.max_row]:
        cell.font = bold
    for c in criteria:
        append_text(guide, [criterion_header(c), c.title, c.guidance])
    guide.column_dimensions["A"].width = 40
    guide.column_dimensions["B"].width = 40
    guide.column_dimensions["C"].width = 100
    with atomic_path(Path(target)) as tmp:
        wb.save(tmp)
    return Path(target)
