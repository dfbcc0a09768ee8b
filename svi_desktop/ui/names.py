"""How the window names people on a shared screen: by name, or anonymised as Evaluator A, B... (Moderation and
Results both)."""

from __future__ import annotations

from svi_desktop.domain.model import Evaluator


def evaluator_label(index: int, evaluator: Evaluator, anonymous: bool) -> str:
    return f"Evaluator {chr(ord('A') + index) if index < 26 else index + 1}" if anonymous else evaluator.name
