"""A bid's fields, declared once: what each is called in a sentence, on the bid sheet and in the workbook, the rule
that reads one from text, and how one is written down.

Every door and every document reads `FIELDS`: the store's rows and the rule of every edit to a bid
(`store/operations/bids.py`), the JSON document in and out, the bid sheet's columns (its template and its reader),
the bid form (the supplier's details, `DETAILS`), the workbook's Bids sheet and the report's account of each bid. A
new field a supplier gives is one entry here, its attribute on `Bid` (`domain/model.py`) and its column
(`store/schema.py`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from svi_desktop.domain.model import ORGANISATION_NAMES, Bid, OrganisationType
from svi_desktop.domain.numbers import decimal_text, money
from svi_desktop.domain.rules import check_address, check_email, check_identifier, parse_date, parse_price

MAX_SUPPLIER_CHARS = 300


def _one_line(text: str) -> str:
    return text.replace("\n", ", ")


def _supplier(text: str) -> str:
    name = text.strip()
    if not name:
        raise ValueError("A bid needs the supplier's name.")
    if len(name) > MAX_SUPPLIER_CHARS:
        raise ValueError(f"A supplier's name is at most {MAX_SUPPLIER_CHARS} characters.")
    return name


def _organisation_type(text: str) -> OrganisationType:
    if not text.strip():
        return OrganisationType.OTHER
    match = {o.value.casefold(): o for o in OrganisationType}.get(text.strip().casefold())
    if match is None:
        raise ValueError(f"{text.strip()[:60]!r} is not one of " + ", ".join(o.value for o in OrganisationType) + ".")
    return match


def _lot(text: str) -> str:
    return text.strip()  # which lots a tender has is the store's rule (check_bid_lots)


def _price_text(value: Decimal | None) -> str:
    return "" if value is None else decimal_text(value)


@dataclass(frozen=True)
class BidField:
    """One field of a bid. `parse`, `text` and `shown` are about one value; a field `per_lot` holds one value for
    each lot the bid is for (a tuple of (lot code, value) pairs): a column per lot on the bid sheet, a list of
    {"lot": code, <item>: value} in a JSON document, a line per lot on the bid form."""

    name: str  # the attribute of Bid, the column of bids and the key in a JSON document
    label: str  # as a sentence names it ("registered address")
    column: str  # the bid sheet's heading, the workbook's and the report's
    parse: Callable[[str], Any]  # text as written -> the value as Bid holds it; ValueError with a sentence
    text: Callable[[Any], str] = str  # the value as written down (rows, JSON, the bid sheet)
    shown: Callable[[Any], str] = str  # the value on one line, for a reader (the workbook, the report)
    entry: Callable[[Any], str] | None = None  # the value as the bid form's line shows it to edit (else shown)
    guide: str = ""  # the bid template's guidance
    form_label: str = ""  # the bid form's label, with its Alt letter
    hint: str = ""  # and the form field's placeholder
    max_length: int = 1000
    number: bool = False  # a number in the workbook, not text
    detail: bool = False  # one of the supplier's details (reg 31), laid out on the form from here
    choices: tuple[Any, ...] = ()  # the values to choose from, when there is a list (the form shows a list)
    per_lot: bool = False
    item: str = ""  # per lot: the key of each value in a JSON document's list

    # -- one whole value, in each form it takes --------------------------------------------------------------

    def accept(self, value: Any) -> Any:
        """A value as given by a person or a program (text, the value itself, or per lot pairs or a JSON list)
        checked by the rule."""
        if self.per_lot:
            return self._pairs(value)
        return self.parse(value if isinstance(value, str) else self.text(value))

    def data(self, value: Any) -> Any:
        """The value as a JSON document carries it (no price: null; per lot: a list of objects)."""
        if self.per_lot:
            return [{"lot": code, self.item: self.text(v)} for code, v in value]
        return None if value is None else self.text(value)

    def write(self, value: Any) -> str:
        """The value as one line a person types ("L1: 1180000; L2: 990000" per lot)."""
        if self.per_lot:
            return "; ".join(f"{code}: {self.text(v)}" for code, v in value)
        return "" if value is None else self.text(value)

    def show(self, value: Any) -> str:
        """The value on one line for a reader ("lot L1 £1,180,000; lot L2 £990,000" per lot)."""
        if self.per_lot:
            return "; ".join(f"lot {code} {self.shown(v)}" for code, v in value)
        return self.shown(value)

    def edited(self, value: Any) -> str:
        """The value as the bid form's line shows it, to be edited."""
        return (self.entry or self.shown)(value)

    @property
    def heading(self) -> str:
        """The field's heading in the workbook and the report (a field per lot has a column per lot elsewhere)."""
        return self.label.capitalize() if self.per_lot else self.column

    def of(self, bid: Bid) -> Any:
        return getattr(bid, self.name)

    def _pairs(self, value: Any) -> tuple[tuple[str, Any], ...]:
        if isinstance(value, str) and value.lstrip().startswith("["):  # as stored: the JSON list
            try:
                value = json.loads(value)
            except ValueError:
                raise ValueError(f"The {self.label} are not the list the program writes.") from None
        if isinstance(value, str):  # "L1: 1180000; L2: 990000"
            items: list[Any] = []
            for part in value.split(";"):
                if part.strip():
                    code, colon, text = part.rpartition(":")
                    if not colon or not code.strip():
                        raise ValueError(f"{part.strip()[:60]!r} does not name its lot; write each as the lot's "
                                         f"code, a colon and the {self.item or 'value'}.")
                    items.append((code, text))
        elif isinstance(value, list | tuple):
            items = [(v.get("lot"), v.get(self.item)) if isinstance(v, dict) else tuple(v) for v in value]
        else:
            raise ValueError(f"The {self.label} are a list, lot by lot.")
        out: dict[str, Any] = {}
        for code, given in items:
            if not isinstance(code, str) or not code.strip():
                raise ValueError(f"Each of the {self.label} names its lot.")
            code = code.strip()
            if code in out:
                raise ValueError(f"Lot {code[:40]} is given twice in the {self.label}.")
            if self.number and isinstance(given, int | float | Decimal) and not isinstance(given, bool):
                given = str(Decimal(str(given)))
            elif given is None:
                given = ""
            elif not isinstance(given, str):
                raise ValueError(f"Lot {code[:40]}: the {self.item or 'value'} must be text.")
            parsed = self.parse(given)
            if parsed is None or parsed == "":
                raise ValueError(f"Lot {code[:40]} has no {self.item or 'value'} in the {self.label}.")
            out[code] = parsed
        return tuple(out.items())


def agrees(bid: Bid) -> str | None:
    """What a bid's fields say that does not fit together, as a sentence, or None: a field given per lot names only
    lots the bid is for (its Lot field)."""
    lots = {c.strip() for c in bid.lot.split(",") if c.strip()}
    for f in FIELDS:
        if f.per_lot:
            stray = [code for code, _v in f.of(bid) if code not in lots]
            if stray:
                return (f"{bid.supplier} does not bid for lot {stray[0][:40]}, so it has no {f.item} for it; "
                        f"add the lot to its Lot field first.")
    return None


FIELDS: tuple[BidField, ...] = (
    BidField("supplier", "supplier", "Supplier", _supplier, max_length=MAX_SUPPLIER_CHARS, form_label="&Supplier",
             guide=f"Supplier is required and must be unique; at most {MAX_SUPPLIER_CHARS} characters."),
    BidField("organisation_type", "organisation type", "Organisation type", _organisation_type,
             text=lambda o: o.value, shown=lambda o: o.value, entry=lambda o: ORGANISATION_NAMES[o],
             choices=tuple(OrganisationType), form_label="&Organisation type",
             guide="Organisation type: " + ", ".join(o.value for o in OrganisationType) + " (blank means other)."),
    BidField("lot", "lot", "Lot", _lot, form_label="&Lot", hint="The codes of its lots, separated by commas",
             guide="Lot: the codes of the lots the bid is for, separated by "
             "commas (blank when the tender is not in lots)."),
    BidField("received", "date received", "Date received", parse_date, form_label="Date &received", hint="YYYY-MM-DD",
             guide="Date received: a date, or text in the form YYYY-MM-DD."),
    BidField("price", "price", "Price", parse_price, text=_price_text,
             shown=lambda p: "not given" if p is None else money(p), number=True, form_label="&Price (£)",
             entry=lambda p: "" if p is None else f"{p:,}",  # 3,760,000, as in the list of bids
             guide="Price: a number, without text (a £ sign and thousands commas are accepted)."),
    BidField("prices", "prices per lot", "Price", parse_price, text=_price_text, shown=money, number=True,
             entry=lambda p: f"{p:,}", per_lot=True, item="price", form_label="Price per lo&t (£)",
             hint="Blank: its price above", guide="Price for lot <code>: the bid's price for that lot, where it "
             "prices lots apart (blank: its Price); each lot's price score uses these."),
    BidField("address", "registered address", "Registered address", check_address, shown=_one_line,
             detail=True, form_label="Registered a&ddress", hint="As registered, for the assessment summary and the notices",
             guide="Registered address, Email and Identifier: the supplier's details, which its assessment summary "
                   "and the award notices give."),
    BidField("email", "email", "Email", check_email, detail=True, form_label="E&mail",
             hint="Where the assessment summary and notices are sent"),
    BidField("identifier", "identifier", "Identifier", check_identifier, detail=True, form_label="Ide&ntifier",
             hint="PPON (PABC-1234-DEFG) or Companies House number",
             guide="Identifier: its PPON (such as PABC-1234-DEFG) or Companies House number (such as 01234567 or "
                   "SC123456)."),
)
FIELD_BY_NAME = {f.name: f for f in FIELDS}
# The supplier's details (Procurement Regulations 2024, reg 31): the fields the bid form lays out from here.
DETAILS: tuple[BidField, ...] = tuple(f for f in FIELDS if f.detail)
DETAIL_BY_NAME = {f.name: f for f in DETAILS}
COLUMNS = tuple(f.column for f in FIELDS if not f.per_lot)  # a field per lot: a column per lot (lot_column)


def lot_column(f: BidField, code: str) -> str:
    """The bid sheet's column of a field per lot, for one lot."""
    return f"{f.column} for lot {code}"


def lot_column_of(heading: str) -> tuple[BidField, str] | None:
    """The field per lot and the lot a bid sheet's heading names, or None."""
    for f in FIELDS:
        prefix = f"{f.column} for lot ".casefold()
        if f.per_lot and heading.casefold().startswith(prefix) and heading[len(prefix):].strip():
            return f, heading[len(prefix):].strip()
    return None

# Every field of a bid an edit may change, with what a sentence calls it.
BID_FIELDS = {f.name: f.label for f in FIELDS}
