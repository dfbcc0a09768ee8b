"""The Provider Selection Regime's key criteria (Health Care Services (Provider Selection Regime) Regulations 2023,
reg 5), and how the authority weighed each: recorded for the notice of intention to award, which states them.

Under direct award process C the existing provider is assessed against these same criteria, with no competition:
the record is that assessment, criterion by criterion, not rival scores.
"""

from __future__ import annotations

from dataclasses import dataclass

from svi_desktop.domain.model import Evaluation, Regime

PREFIX = "psr.key_criterion."
LIMIT = 2000


@dataclass(frozen=True)
class KeyCriterion:
    key: str  # the setting that records how it was weighed
    name: str
    option: str  # svi award psr-criteria --option


KEY_CRITERIA = (
    KeyCriterion(PREFIX + "quality", "Quality and innovation", "quality"),
    KeyCriterion(PREFIX + "value", "Value", "value"),
    KeyCriterion(PREFIX + "integration", "Integration, collaboration and service sustainability", "integration"),
    KeyCriterion(PREFIX + "access", "Improving access, reducing health inequalities and facilitating choice", "access"),
    KeyCriterion(PREFIX + "social_value", "Social value", "social-value"),
)
BY_KEY = {k.key: k for k in KEY_CRITERIA}
PSR_REGIMES = (Regime.PSR_COMPETITIVE.value, Regime.PSR_DIRECT_A.value, Regime.PSR_DIRECT_B.value,
               Regime.PSR_DIRECT_C.value)


def weighed_value(key: str, text: str) -> str | None:
    """How a key criterion was weighed, as kept (None: cleared); ValueError in one sentence."""
    text = " ".join(text.split())
    if len(text) > LIMIT:
        raise ValueError(f"How “{BY_KEY[key].name}” was weighed is at most {LIMIT:,} characters.")
    return text or None


def missing_key_criteria(ev: Evaluation) -> list[str]:
    """The key criteria whose weighing (or, under process C, whose assessment of the existing provider) is not
    recorded, for a PSR award."""
    if ev.tender.regime not in PSR_REGIMES:
        return []
    return [k.name for k in KEY_CRITERIA if not ev.settings.get(k.key, "").strip()]
