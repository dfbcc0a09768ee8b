"""A bid's fields, declared once: what each is called in a sentence, on the bid sheet and in the workbook, the rule
that reads one from text, and how one is written down.

Every door and every document reads `FIELDS`: the store's rows and the rule of every edit to a bid
(`store/operations/bids.py`), the JSON document in and out, the bid sheet's columns (its template and its reader),
the bid form (the supplier's details, `DETAILS`), the workbook's Bids sheet and the report's account of each bid. A
new field a supplier gives is one entry here, its attribute on `Bid` (`domain/model.py`) and its column
(`store/schema.py`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from svi_desktop.domain.model import Bid, OrganisationType
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
    name: str  # the attribute of Bid, the column of bids and the key in a JSON document
    label: str  # as a sentence names it ("registered address")
    column: str  # the bid sheet's heading, the workbook's and the report's
    parse: Callable[[str], Any]  # text as written -> the value as Bid holds it; ValueError with a sentence
    text: Callable[[Any], str] = str  # the value as written down (rows, JSON, the bid sheet)
    shown: Callable[[Any], str] = str  # the value on one line, for a person (the form, the workbook, the report)
    guide: str = ""  # the bid template's guidance
    form_label: str = ""  # a supplier's detail: the bid form's label, with its Alt letter
    hint: str = ""  # and the form field's placeholder
    max_length: int = 1000
    number: bool = False  # a number in the workbook, not text

    def accept(self, value: Any) -> Any:
        """A value as given by a person or a program (text, or the value itself) checked by the rule."""
        return self.parse(value if isinstance(value, str) else self.text(value))

    def data(self, value: Any) -> str | None:
        """The value as stored and as a JSON document carries it (no price: null)."""
        return None if value is None else self.text(value)

    def of(self, bid: Bid) -> Any:
        return getattr(bid, self.name)


FIELDS: tuple[BidField, ...] = (
    BidField("supplier", "supplier", "Supplier", _supplier, max_length=MAX_SUPPLIER_CHARS,
             guide=f"Supplier is required and must be unique; at most {MAX_SUPPLIER_CHARS} characters."),
    BidField("organisation_type", "organisation type", "Organisation type", _organisation_type,
             text=lambda o: o.value, shown=lambda o: o.value,
             guide="Organisation type: " + ", ".join(o.value for o in OrganisationType) + " (blank means other)."),
    BidField("lot", "lot", "Lot", _lot, guide="Lot: the codes of the lots the bid is for, separated by "
             "commas (blank when the tender is not in lots)."),
    BidField("received", "date received", "Date received", parse_date,
             guide="Date received: a date, or text in the form YYYY-MM-DD."),
    BidField("price", "price", "Price", parse_price, text=_price_text,
             shown=lambda p: "not given" if p is None else money(p), number=True,
             guide="Price: a number, without text (a £ sign and thousands commas are accepted)."),
    BidField("address", "registered address", "Registered address", check_address, shown=_one_line,
             form_label="Registered a&ddress", hint="As registered, for the assessment summary and the notices",
             guide="Registered address, Email and Identifier: the supplier's details, which its assessment summary "
                   "and the award notices give."),
    BidField("email", "email", "Email", check_email, form_label="E&mail",
             hint="Where the assessment summary and notices are sent"),
    BidField("identifier", "identifier", "Identifier", check_identifier, form_label="Ide&ntifier",
             hint="PPON (PABC-1234-DEFG) or Companies House number",
             guide="Identifier: its PPON (such as PABC-1234-DEFG) or Companies House number (such as 01234567 or "
                   "SC123456)."),
)
FIELD_BY_NAME = {f.name: f for f in FIELDS}
# The supplier's details (Procurement Regulations 2024, reg 31): the fields the bid form lays out from here.
DETAILS: tuple[BidField, ...] = tuple(f for f in FIELDS if f.form_label)
DETAIL_BY_NAME = {f.name: f for f in DETAILS}
COLUMNS = tuple(f.column for f in FIELDS)

# Every field of a bid an edit may change, with what a sentence calls it.
BID_FIELDS = {f.name: f.label for f in FIELDS}
