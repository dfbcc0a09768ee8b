"""What an operation changed and how to undo it: typed changes, and the operations that performed them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ChangeKind(StrEnum):
    """The parts of a tender a change can touch; views name the kinds they show."""

    TENDER = "tender"
    FRAMEWORK = "framework"
    SCALE = "scale"
    BIDS = "bids"
    RESPONSES = "responses"
    DOCUMENTS = "documents"
    EVALUATORS = "evaluators"
    SCORES = "scores"
    CONSENSUS = "consensus"
    SETTINGS = "settings"
    KPIS = "kpis"  # the contract's KPIs and their ratings, after the award
    AUDIT = "audit"  # only the audit trail grew (an export or a pack issue recorded)


@dataclass(frozen=True)
class Change:
    """One committed change: its kind and the ids it touched.

    For SCORES the ids are the (evaluator id, bid id, criterion id) key of the
    score; for CONSENSUS the (bid id, criterion id) key; elsewhere row ids.
    `settings` are the settings the change also wrote, (key, value or None when
    removed): a recorded consensus removes its draft, and its undo puts it back.
    """

    kind: ChangeKind
    ids: tuple[str, ...] = ()
    settings: tuple[tuple[str, str | None], ...] = ()


@dataclass(frozen=True)
class Op:
    """A store operation bound to its keyword arguments; `op(tf)` performs it on an open tender file and
    returns its `Applied`. Plain data, so that an inverse can be kept, compared and tested."""

    func: Callable[..., Applied]
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    def __call__(self, tf: Any) -> Applied:
        return self.func(tf, **self.kwargs)

    @property
    def name(self) -> str:
        return self.func.__name__


def op(func: Callable[..., Applied], **kwargs: Any) -> Op:
    return Op(func, kwargs)


@dataclass(frozen=True)
class Applied:
    """One performed operation.

    `change` is None when nothing needed changing (the file is untouched). `inverse`
    is built where the write happened, from what was there before; applying it gives
    an `Applied` whose own inverse re-applies the change, so undo and redo are the
    same mechanism. An act that is recorded but never undone (a declaration, a
    submission) has no inverse.
    """

    change: Change | None
    result: Any = None
    inverse: Op | None = None

    @property
    def changed(self) -> bool:
        return self.change is not None


def unchanged(result: Any = None) -> Applied:
    return Applied(None, result, None)
