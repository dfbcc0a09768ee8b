"""Price formulas: how a bid's price becomes a share of the price section's points."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class PriceFormula:
    key: str
    name: str
    explanation: str
    score: Callable[[Fraction, Sequence[Fraction]], Fraction]  # price, the lowest and highest prices -> 0..1


def _relative(price: Fraction, prices: Sequence[Fraction]) -> Fraction:
    return min(prices) / price


def _deviation(price: Fraction, prices: Sequence[Fraction]) -> Fraction:
    lowest = min(prices)
    return 1 - (price - lowest) / lowest


def _range(price: Fraction, prices: Sequence[Fraction]) -> Fraction:
    lowest, highest = min(prices), max(prices)
    if highest == lowest:
        return Fraction(1)
    return (highest - price) / (highest - lowest)


FORMULAS: dict[str, PriceFormula] = {
    f.key: f
    for f in (
        PriceFormula(
            "relative",
            "Relative to the lowest price",
            "lowest price ÷ this price × the section's points",
            _relative,
        ),
        PriceFormula(
            "deviation",
            "Deviation from the lowest price",
            "the section's points less 1% of them for every 1% above the lowest price, never below 0",
            _deviation,
        ),
        PriceFormula(
            "range",
            "Position between lowest and highest",
            "(highest price − this price) ÷ (highest price − lowest price) × the section's points",
            _range,
        ),
    )
}
DEFAULT_FORMULA = "relative"


def price_fraction(formula: str, price: Fraction, prices: Sequence[Fraction]) -> Fraction:
    """The share (0..1) of the price section a bid earns; `prices` are the competing bids' prices."""
    if not prices or price <= 0:
        return Fraction(0)
    try:
        rule = FORMULAS[formula or DEFAULT_FORMULA]
    except KeyError:
        raise ValueError(f"no price formula called {formula!r}") from None
    return max(Fraction(0), min(Fraction(1), rule.score(price, prices)))
