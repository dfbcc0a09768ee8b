"""Exact numbers for scores and weights, rounded once, for display only."""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache


def exact(value: Decimal | int | Fraction | str) -> Fraction:
    """A Fraction that equals `value` exactly (Decimal and text included)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, str):
        return Fraction(parse_decimal(value))
    return Fraction(value)


# The bounds of every number a person or a file may give (a price, a weight, a share, a threshold, a quantity).
LARGEST = 10**12
SMALLEST_PLACES = 12


def finite_decimal(text: str) -> Decimal | None:
    """The finite decimal number `text` writes exactly ("12.5", "-3", "1E3"); None for anything else (words,
    infinity, NaN). The one place the program turns text into a Decimal: what each caller then allows (a price
    more than 0, a weight, a row's value) and the sentence it says are its own."""
    try:
        value = Decimal(text)
    except (InvalidOperation, ArithmeticError, TypeError, ValueError):
        return None
    return value if value.is_finite() else None


def parse_decimal(text: str) -> Decimal:
    """Parse a finite decimal number written by a person ("15", "12.5", " 7 ")."""
    cleaned = text.strip().replace(",", "")
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1].strip()
    value = finite_decimal(cleaned)
    if value is None:
        raise ValueError(f"{text!r} is not a number")
    if abs(value) > LARGEST:
        raise ValueError(f"{text[:40]!r} is larger than {LARGEST:,}, the largest number a tender holds")
    if value and value.as_tuple().exponent < -SMALLEST_PLACES:  # type: ignore[operator]  # a finite Decimal: its exponent is an int
        raise ValueError(f"{text[:40]!r} has more than {SMALLEST_PLACES} decimal places")
    return value


def round_half_up(value: Fraction, places: int = 2) -> Fraction:
    scale = 10**places
    scaled = value * scale
    rounded = math.floor(abs(scaled) + Fraction(1, 2))
    return Fraction(rounded if scaled >= 0 else -rounded, scale)


@lru_cache(maxsize=65_536)  # the same scores and weights are written thousands of times in 200 summaries
def fmt(value: Fraction | Decimal | int | None, places: int = 2) -> str:
    """Text for a score or total: rounded half up, fixed places; a dash for none."""
    if value is None:
        return "–"
    rounded = round_half_up(exact(value), places)
    sign = "-" if rounded < 0 else ""
    rounded = abs(rounded)
    whole = rounded.numerator // rounded.denominator
    if places == 0:
        return f"{sign}{whole}"
    frac = (rounded - whole) * 10**places
    return f"{sign}{whole}.{int(frac):0{places}d}"


def decimal_text(value: Decimal) -> str:
    """Canonical text for a Decimal as stored in the file: no exponent, no trailing zeros."""
    text = format(value.normalize(), "f")
    return text if text != "-0" else "0"


def money(value: Fraction | Decimal | int | None, places: int = 0) -> str:
    """Pounds with thousands separators: £1,180,000 (pence shown only when asked for or present)."""
    if value is None:
        return "–"
    text = fmt(value, 2)
    if places == 0 and text.endswith(".00"):
        text = text[:-3]
    whole, _, pence = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = f"{int(whole.lstrip('-')):,}"
    return f"{sign}£{whole}" + (f".{pence}" if pence else "")


def human_size(n: int) -> str:
    """1.5 MB, 300 KB, 12 bytes: a size as a person reads it."""
    if n >= 1024 * 1024:
        return f"{n / 1048576:.1f} MB".replace(".0 MB", " MB")
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


def quantity(value: Decimal, unit: str) -> str:
    """12 apprenticeships, 2.5 tonnes, £200,000: whole numbers without decimals, pounds as money."""
    if unit.strip() in ("£", "GBP", "pounds"):
        return money(value)
    text = fmt(value, 0) if value == value.to_integral() else fmt(value, 2)
    return f"{text}%" if unit.strip() == "%" else f"{text} {unit}".strip()
