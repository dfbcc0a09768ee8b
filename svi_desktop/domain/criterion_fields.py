"""A criterion's fields, declared once: what each is called in a sentence and in the workbook, the rule that reads
one from a document (the JSON document, a framework template) or from a person, and how it is written down.

The rule of every edit to a criterion (`store/operations/framework.py`), the store's rows, the JSON document out and
in, the framework template out and in, and the workbook's Framework sheet read `FIELDS`. What needs the tender
(a threshold on its scale, a code no other criterion has, a gate's threshold) is checked where the tender is known,
after the field's own rule. A new field of a criterion is one entry here, its attribute on `Criterion`
(`domain/model.py`) and its column (`store/schema.py`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from svi_desktop.domain.model import Criterion, CriterionKind
from svi_desktop.domain.numbers import decimal_text, parse_decimal

MAX_CODE = 20
MAX_TITLE = 200
MAX_TEXT = 1_000_000


def _text(limit: int | None, what: str, *, required: bool = False, strip: bool = False) -> Callable[[Any], str]:
    def read(value: Any) -> str:
        if value is None:
            if required:
                raise ValueError("is missing")
            value = ""
        if not isinstance(value, str):
            raise ValueError("must be text")
        if required and not value.strip():
            raise ValueError(f"A criterion needs a {what}.")
        kept = value.strip() if strip else value  # a code is matched; a title or guidance is kept as typed
        if limit is not None and len(kept) > limit:
            raise ValueError(f"A criterion's {what} is at most {limit:,} characters.")
        return kept
    return read


def _number(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise ValueError("must be a number")
    return parse_decimal(str(value))  # not a number, too large, too many places: its sentence says which


def _weight(value: Any) -> Decimal:
    weight = _number(value)
    if weight is None or weight <= 0:
        raise ValueError("must be more than 0")
    return weight


def _kind(value: Any) -> CriterionKind:
    try:
        return CriterionKind(value)
    except ValueError:
        raise ValueError(f"{str(value)[:40]!r} is not one of {', '.join(k.value for k in CriterionKind)}") from None


def _flags(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):  # as stored: the JSON list; as typed: separated by semicolons
        try:
            value = json.loads(value) if value.strip().startswith("[") else value.split(";")
        except (ValueError, RecursionError):
            raise ValueError("are not the list the program writes") from None
    if not isinstance(value, list | tuple) or not all(isinstance(f, str) for f in value):
        raise ValueError("must be a list of text")
    flags = tuple(f for f in (s.strip() for s in value) if f)
    if sum(len(f) for f in flags) > MAX_TEXT:
        raise ValueError(f"are at most {MAX_TEXT:,} characters in all")
    return flags


def _decimal_data(value: Decimal | None) -> str | None:
    return None if value is None else decimal_text(value)


@dataclass(frozen=True)
class CriterionField:
    name: str  # the attribute of Criterion, the column of criteria, the key in the JSON document and the template
    label: str  # as a sentence names it ("distinguished from")
    column: str  # the workbook's heading
    read: Callable[[Any], Any]  # a value from a document or a person -> the value as Criterion holds it; ValueError
    data: Callable[[Any], Any] = lambda v: v  # the value as a document carries it
    shown: Callable[[Any], str] = str  # on one line for a reader
    number: bool = False  # a number in the workbook
    wrap: bool = False  # long text, wrapped in the workbook
    stored: Callable[[Any], Any] | None = None  # the value as its column holds it, when not as a document carries it

    def of(self, criterion: Criterion) -> Any:
        return getattr(criterion, self.name)

    def row(self, value: Any) -> Any:
        """The value as the criteria table's column holds it."""
        return (self.stored or self.data)(value)


def sentence(exc: ValueError, field: CriterionField) -> str:
    """A field's refusal as a sentence of its own."""
    text = str(exc)
    return text if text[:1].isupper() and text.endswith(".") else f"The {field.label} {text}."


FIELDS: tuple[CriterionField, ...] = (
    CriterionField("code", "code", "Code", _text(MAX_CODE, "code", required=True, strip=True)),
    CriterionField("title", "title", "Title", _text(MAX_TITLE, "title", required=True)),
    CriterionField("kind", "kind", "Kind", _kind, data=lambda k: k.value, shown=lambda k: k.value),
    CriterionField("weight", "weight", "Weight", _weight, data=decimal_text, number=True),
    CriterionField("threshold", "threshold", "Threshold", _number, data=_decimal_data, number=True,
                   shown=lambda t: "" if t is None else decimal_text(t)),
    CriterionField("guidance", "guidance", "Guidance", _text(MAX_TEXT, "guidance"), wrap=True),
    CriterionField("distinguished_from", "distinguished from", "Distinguished from",
                   _text(MAX_TEXT, "distinguished from"), wrap=True),
    CriterionField("flags", "red flags", "Red flags", _flags, data=list, shown="; ".join,
                   stored=lambda flags: json.dumps(list(flags), ensure_ascii=False)),
)
FIELD_BY_NAME = {f.name: f for f in FIELDS}
# Every field of a criterion an edit may change, with what a sentence calls it.
CRITERION_FIELDS = {f.name: f.label for f in FIELDS}
