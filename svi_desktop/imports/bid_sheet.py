"""Reading bids from a filled-in bid template (.xlsx or .csv): every problem listed by row and column."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from svi_desktop.domain.bid_fields import FIELDS, BidField, agrees, lot_column_of
from svi_desktop.domain.bid_sheet_format import (
    COMMITMENT_COLUMNS,
    COMMITMENT_SHEET,
    FIXED_COLUMNS,
    MAX_RESPONSE_CHARS,
    MAX_ROWS,
    MAX_SHEET_BYTES,
)
from svi_desktop.domain.contract import Commitment
from svi_desktop.domain.model import Bid, BidStatus, Criterion, Framework, new_id
from svi_desktop.domain.rules import (
    parse_date,
)
from svi_desktop.errors import InvalidDocument
from svi_desktop.store.inputs import UnreadableInput, read_input

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Problem:
    row: int  # the spreadsheet's own row number (the header is row 1)
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.message}" if self.row else f"{self.column}: {self.message}"


@dataclass
class ParsedSheet:
    source: str
    bids: list[Bid] = field(default_factory=list)
    responses: dict[str, dict[str, str]] = field(default_factory=dict)  # bid id -> criterion id -> text
    rows: dict[str, int] = field(default_factory=dict)  # bid id -> row number
    commitments: list[Commitment] = field(default_factory=list)  # from the Commitments sheet, bids by id
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.bids)


def _read_rows(path: Path, sheet_name: str | None = None) -> list[list[object]]:
    """The Bids sheet's rows (a CSV file's), or with `sheet_name` that sheet's ([] when the workbook has none)."""
    name = path.name
    suffix = path.suffix.lower()
    if suffix == ".csv" and sheet_name is not None:
        return []
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise InvalidDocument(f"{name} is not a spreadsheet this program reads; use the bid template (.xlsx) or CSV.")
    try:
        data = read_input(path, limit=MAX_SHEET_BYTES, what="bid sheet")
    except UnreadableInput as exc:
        raise InvalidDocument(str(exc)) from None
    if suffix == ".csv":
        # Read over-long fields whole so that the problem list can say how long they are.
        csv.field_size_limit(64 * 1024 * 1024)
        try:
            with io.StringIO(data.decode("utf-8-sig"), newline="") as fh:
                return [list(r) for r in csv.reader(fh)]
        except UnicodeDecodeError:
            raise InvalidDocument(f"{name} is not a CSV file in UTF-8 text; save it as CSV UTF-8 and try again.") from None
        except (OSError, csv.Error) as exc:
            raise InvalidDocument(f"{name} cannot be read as CSV ({exc}).") from None
    from openpyxl import load_workbook

    try:
        # The file is opened here, so that it is closed even when openpyxl fails half way through a damaged one.
        with io.BytesIO(data) as fh:
            # Formulas are read as their text (data_only=False): nothing in a bid is ever calculated.
            wb = load_workbook(fh, read_only=True, data_only=False, keep_links=False)
            try:
                if sheet_name is not None and sheet_name not in wb.sheetnames:
                    return []
                ws = wb[sheet_name] if sheet_name else wb["Bids"] if "Bids" in wb.sheetnames else wb.worksheets[0]
                out = []
                for row in ws.iter_rows(values_only=True):
                    out.append(list(row))
                    if len(out) > MAX_ROWS + 1:
                        raise InvalidDocument(f"{name} has more than {MAX_ROWS:,} rows; split it into smaller sheets.")
                return out
            finally:
                wb.close()
    except InvalidDocument:
        raise
    except Exception as exc:
        raise InvalidDocument(
            f"{name} cannot be read as a spreadsheet ({exc.__class__.__name__}); it may be damaged or not an .xlsx file."
        ) from None


def _cell_text(value: object, number: bool) -> str:
    """A cell as text for a field's rule: a date as YYYY-MM-DD, a number exactly as the cell holds it."""
    if isinstance(value, dt.datetime | dt.date):
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    if number and isinstance(value, int | float) and not isinstance(value, bool):
        return str(Decimal(str(value)))
    return _text(value)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_bid_sheet(path: Path, framework: Framework, existing_suppliers: set[str] | None = None) -> ParsedSheet:
    """Parse a bid sheet against a framework; nothing is written here."""
    path = Path(path)
    rows = _read_rows(path)
    sheet = ParsedSheet(path.name)
    if not rows or not any(_text(v).strip() for v in rows[0]):
        raise InvalidDocument(f"{path.name} has no heading row; use the bid template.")
    headers = [_text(h).strip() for h in rows[0]]
    by_code = {c.code.casefold(): c for c in framework.criteria}
    fixed = {h.casefold(): h for h in FIXED_COLUMNS}
    columns: dict[int, tuple[str, Criterion | None]] = {}
    per_lot: dict[str, tuple[BidField, str]] = {}  # a heading -> its field given per lot, and the lot
    for i, h in enumerate(headers):
        if not h:
            continue
        if h.casefold() in fixed:
            columns[i] = (fixed[h.casefold()], None)
            continue
        if (named := lot_column_of(h)) is not None:
            columns[i] = (h, None)
            per_lot[h] = named
            continue
        code = h.split(" ", 1)[0].casefold()
        if code in by_code:
            columns[i] = (h, by_code[code])
        else:
            sheet.problems.append(Problem(1, h, "unknown column: not a field of the template nor a criterion code"))
    if "Supplier" not in {name for name, c in columns.values() if c is None}:
        sheet.problems.append(Problem(1, "Supplier", "the Supplier column is missing; use the bid template"))
        return sheet
    seen = {s.casefold() for s in (existing_suppliers or set())}
    in_sheet: dict[str, int] = {}
    for r, raw in enumerate(rows[1:], start=2):
        values = {name: (raw[i] if i < len(raw) else None, crit) for i, (name, crit) in columns.items()}
        if all(_text(v).strip() == "" for v, _c in values.values()):
            continue
        _parse_row(sheet, r, values, seen, in_sheet, per_lot)
    if not sheet.bids and not sheet.problems:
        sheet.problems.append(Problem(0, path.name, "no bids found below the heading row"))
    _read_commitments(sheet, _read_rows(path, COMMITMENT_SHEET), framework)
    return sheet


def _read_commitments(sheet: ParsedSheet, rows: list[list[object]], framework: Framework) -> None:
    """The Commitments sheet: each row a commitment of a bid on the Bids sheet, checked like the bids."""
    if not rows:
        return
    where = COMMITMENT_SHEET
    headers = [_text(h).strip().casefold() for h in rows[0]]
    wanted = [h.casefold() for h in COMMITMENT_COLUMNS]
    if headers[:len(wanted)] != wanted:
        sheet.problems.append(Problem(1, where, "the headings are not the template's: "
                                      + ", ".join(COMMITMENT_COLUMNS)))
        return
    bids = {b.supplier.casefold(): b for b in sheet.bids}
    codes = {c.code.casefold(): c.id for c in framework.criteria}
    positions: dict[str, int] = {}
    for r, raw in enumerate(rows[1:], start=2):
        cells = [_text(raw[i] if i < len(raw) else None) for i in range(len(wanted))]
        if not any(c.strip() for c in cells):
            continue
        supplier, measure, quantity, unit, due, evidence, lot, theme, outcome, metric = (c.strip() for c in cells)
        raw_due = raw[4] if len(raw) > 4 else None
        problems = []
        if any(CONTROL.search(c) for c in cells):
            problems.append(Problem(r, where, "contains control characters; remove them and try again"))
        bid = bids.get(supplier.casefold())
        if bid is None:
            problems.append(Problem(r, f"{where}: Supplier", f"{supplier or '(blank)'} is not a bid on the Bids sheet"))
        if not measure or len(measure) > 1000:
            problems.append(Problem(r, f"{where}: Measure", "missing, or longer than 1,000 characters"))
        try:
            amount = Decimal(quantity.replace(",", ""))
            if not amount.is_finite() or amount < 0:
                raise InvalidOperation
        except InvalidOperation:
            problems.append(Problem(r, f"{where}: Quantity", f"{quantity!r} is not a number of 0 or more"))
            amount = Decimal(0)
        if isinstance(raw_due, dt.datetime | dt.date):
            day = (raw_due.date() if isinstance(raw_due, dt.datetime) else raw_due).isoformat()
        else:
            try:
                day = parse_date(due)
            except ValueError:
                day = ""
            if not day:
                problems.append(Problem(r, f"{where}: Delivered by", f"{due!r} is not a date (use YYYY-MM-DD)"))
        if bid is not None and lot and lot not in [c.strip() for c in bid.lot.split(",")]:
            problems.append(Problem(r, f"{where}: Lot", f"{supplier} does not bid for lot {lot}"))
        if theme and theme.casefold() not in codes:
            problems.append(Problem(r, f"{where}: Local theme", f"{theme!r} is not a criterion code of this tender"))
        for name, text, limit in (("Unit", unit, 200), ("Evidence", evidence, 20_000), ("Outcome", outcome, 100),
                                  ("Reporting metric", metric, 1000)):
            if len(text) > limit:
                problems.append(Problem(r, f"{where}: {name}", f"longer than {limit:,} characters"))
        if problems or bid is None:
            sheet.problems.extend(problems)
            continue
        positions[bid.id] = positions.get(bid.id, -1) + 1
        sheet.commitments.append(Commitment(new_id(), bid.id, measure, amount, unit, day, evidence, lot,
                                            codes.get(theme.casefold(), "") if theme else "", outcome, metric,
                                            positions[bid.id]))


def _parse_row(sheet: ParsedSheet, r: int, values: dict, seen: set[str], in_sheet: dict[str, int],
               per_lot: dict[str, tuple[BidField, str]]) -> None:
    problems = sheet.problems
    before = len(problems)

    def cell(name: str) -> object:
        return values.get(name, (None, None))[0]

    for name, (value, _crit) in values.items():
        if isinstance(value, str) and CONTROL.search(value):
            problems.append(Problem(r, name, "contains control characters; remove them and try again"))
    given: dict[str, object] = {}
    for f in FIELDS:  # each field by its declared rule
        try:
            if f.per_lot:  # from its column for each lot
                given[f.name] = f.accept([(code, text) for h, (of, code) in per_lot.items() if of is f
                                          if (text := _cell_text(cell(h), f.number)).strip()])
            else:
                given[f.name] = f.parse(_cell_text(cell(f.column), f.number))
        except ValueError as exc:
            problems.append(Problem(r, f.column, str(exc).rstrip(".")))
    supplier = str(given.get("supplier", ""))
    if supplier.casefold() in seen:
        problems.append(Problem(r, "Supplier", f"{supplier} already has a bid in this tender"))
    elif supplier.casefold() in in_sheet:
        problems.append(Problem(r, "Supplier", f"duplicate supplier: {supplier} is also on row {in_sheet[supplier.casefold()]}"))
    elif supplier:
        in_sheet[supplier.casefold()] = r
    responses: dict[str, str] = {}
    for name, (value, crit) in values.items():
        if crit is None or value is None:
            continue
        text = _text(value)
        if len(text) > MAX_RESPONSE_CHARS:
            problems.append(Problem(r, name, f"text over the limit: {len(text):,} characters, "
                                    f"at most {MAX_RESPONSE_CHARS:,}"))
        elif text.strip():
            responses[crit.id] = text
    if len(problems) == before:
        bid = Bid(new_id(), status=BidStatus.RECEIVED, **given)  # type: ignore[arg-type]  # each as its field declares
        if (problem := agrees(bid)) is not None:
            problems.append(Problem(r, "Lot", problem.rstrip(".")))
            return
        sheet.bids.append(bid)
        sheet.responses[bid.id] = responses
        sheet.rows[bid.id] = r
