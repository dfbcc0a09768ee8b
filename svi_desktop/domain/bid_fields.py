"""A bid's fields, declared once: what each is called, and for the supplier's details (Procurement Regulations 2024,
reg 31: registered address, email, identifier) the rule that checks one and how the one-line form shows it.

The store's rows, the rule of every edit to a bid (`store/operations/bids.py`), the JSON document in and out, and
the bid form read `DETAILS`; a new detail of the supplier is one entry here, its attribute on `Bid`
(`domain/model.py`) and its column (`store/schema.py`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from svi_desktop.domain.rules import check_address, check_email, check_identifier


def _one_line(text: str) -> str:
    return text.replace("\n", ", ")


@dataclass(frozen=True)
class DetailField:
    name: str  # the attribute of Bid, the column of bids and the key in a JSON document
    label: str  # as a sentence names it ("registered address")
    form_label: str  # the bid form's label, with its Alt letter
    hint: str  # the form field's placeholder
    check: Callable[[str], str]  # the rule: the value as stored, or ValueError with a sentence
    shown: Callable[[str], str] = str  # how the one-line form field shows the stored value
    max_length: int = 1000


DETAILS: tuple[DetailField, ...] = (
    DetailField("address", "registered address", "Registered a&ddress",
                "As registered, for the assessment summary and the notices", check_address, _one_line),
    DetailField("email", "email", "E&mail", "Where the assessment summary and notices are sent", check_email),
    DetailField("identifier", "identifier", "Ide&ntifier", "PPON (PABC-1234-DEFG) or Companies House number",
                check_identifier),
)
DETAIL_BY_NAME = {f.name: f for f in DETAILS}

# Every field of a bid an edit may change, with what a sentence calls it.
BID_FIELDS = {"supplier": "supplier", "organisation_type": "organisation type", "lot": "lot",
              "received": "date received", "price": "price", **{f.name: f.label for f in DETAILS}}
