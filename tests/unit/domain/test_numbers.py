"""Rounding once, for display: half up, fixed places, money with separators."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from svi_desktop.domain.numbers import fmt, money, parse_decimal


def test_fmt_rounds_half_up_once() -> None:
    assert fmt(Fraction(1095, 84)) == "13.04"
    assert fmt(Fraction(5, 1000)) == "0.01"
    assert fmt(Fraction(-5, 1000)) == "-0.01"
    assert fmt(Decimal("2.5"), 0) == "3"
    assert fmt(None) == "–"


def test_money() -> None:
    assert money(Decimal("1180000")) == "£1,180,000"
    assert money(Decimal("940000.5")) == "£940,000.50"
    assert money(Decimal("999.999")) == "£1,000"


def test_parse_decimal() -> None:
    assert parse_decimal(" 1,250.5 ") == Decimal("1250.5")
    assert parse_decimal("15%") == Decimal(15)
