"""Scoring scales: levels with a value, a label and a descriptor, and the presets."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class ScaleLevel:
    value: int
    label: str
    descriptor: str = ""


@dataclass(frozen=True)
class ScoringScale:
    name: str
    levels: tuple[ScaleLevel, ...]

    def __post_init__(self) -> None:
        values = [level.value for level in self.levels]
        if len(values) < 2:
            raise ValueError("a scale needs at least two levels")
        if values != sorted(set(values)):
            raise ValueError("scale levels must rise strictly")

    @property
    def minimum(self) -> int:
        return self.levels[0].value

    @property
    def maximum(self) -> int:
        return self.levels[-1].value

    @property
    def middle(self) -> int:
        """The middle level: the default threshold of a qualification gate."""
        return self.levels[len(self.levels) // 2].value

    def values(self) -> tuple[int, ...]:
        return tuple(level.value for level in self.levels)

    def level(self, value: int) -> ScaleLevel | None:
        return next((lv for lv in self.levels if lv.value == value), None)

    def normalise(self, value: Fraction) -> Fraction:
        """Map a score on this scale onto 0..1."""
        return (Fraction(value) - self.minimum) / (self.maximum - self.minimum)


_LABELS_5 = ("Unacceptable", "Poor", "Acceptable", "Good", "Excellent")
_DESCRIPTORS_5 = (
    "No response, or a response that does not address the requirement.",
    "Addresses the requirement only in part; significant gaps or unsubstantiated claims.",
    "Meets the requirement with some evidence; a few weaknesses or minor gaps.",
    "Meets the requirement fully, with clear and credible evidence of practice.",
    "Exceeds the requirement, with strong evidence of delivery and added social value.",
)
_LABELS_6 = ("Unacceptable", "Poor", "Weak", "Satisfactory", "Good", "Excellent")
_DESCRIPTORS_6 = (
    "No response, or a response that does not address the requirement.",
    "Major reservations: little relevant evidence and unsubstantiated claims.",
    "Some reservations: partial response with limited evidence.",
    "Meets the requirement with adequate evidence; minor weaknesses.",
    "Meets the requirement fully with clear and credible evidence.",
    "Exceeds the requirement with strong evidence of delivery and added social value.",
)


def _preset(name: str, values: tuple[int, ...], labels: tuple[str, ...], descs: tuple[str, ...]) -> ScoringScale:
    return ScoringScale(name, tuple(ScaleLevel(v, lab, d) for v, lab, d in zip(values, labels, descs, strict=True)))


def _preset_0_10() -> ScoringScale:
    # Eleven levels, each borrowing the descriptor of the 0-5 band it falls in.
    labels = (
        "Unacceptable", "Very poor", "Poor", "Weak", "Below expectations", "Satisfactory",
        "Adequate", "Good", "Very good", "Excellent", "Outstanding",
    )
    bands = (0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5)
    return _preset("0-10", tuple(range(11)), labels, tuple(_DESCRIPTORS_6[b] for b in bands))


PRESETS: dict[str, ScoringScale] = {
    "0-4": _preset("0-4", (0, 1, 2, 3, 4), _LABELS_5, _DESCRIPTORS_5),
    "0-5": _preset("0-5", (0, 1, 2, 3, 4, 5), _LABELS_6, _DESCRIPTORS_6),
    "0-10": _preset_0_10(),
    "0-100": _preset("0-100", (0, 20, 40, 60, 80, 100), _LABELS_6, _DESCRIPTORS_6),
}


def preset(name: str) -> ScoringScale:
    try:
        return PRESETS[name]
    except KeyError:
        raise ValueError(f"no scale preset called {name!r}; choose one of {', '.join(PRESETS)}") from None
