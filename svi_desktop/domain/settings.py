"""The keys of the tender-level settings a file keeps, and their defaults."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from svi_desktop.domain.contract import TieBreak
from svi_desktop.domain.model import Citation, Consensus
from svi_desktop.domain.numbers import decimal_text

PACK_EVALUATOR = "pack.evaluator_id"
PACK_ISSUED = "pack.issued_at"
PACK_SOURCE = "pack.source"
PACK_FRAMEWORK = "pack.framework_digest"
PACK_SUBMITTED = "pack.submitted_at"
PACK_DIGEST = "pack.scores_digest"
MODERATION_STARTED = "moderation.started_at"
SPREAD_THRESHOLD = "moderation.spread_threshold_percent"
DEFAULT_SPREAD_PERCENT = "40"
CRITERIA_PUBLISHED = "award.criteria_published_at"  # where the award criteria in full are published (reg 31)
LOT_LIMIT = "lots.limit_per_supplier"  # the most lots one supplier may be awarded; absent or "0" for no limit
LOT_TIE_BREAK = "lots.tie_break"  # a TieBreak's value: which lots a supplier over the limit keeps
LOTS_PUBLISHED = "lots.published"  # where the limit on lots per supplier and its tie-break were published
FROZEN = "award.frozen_at"  # set when the award is signed off and frozen: scores, bids and framework refuse changes


def spread_threshold_percent(settings: dict[str, str]) -> Decimal:
    """The spread (as a percentage of the scale's range) above which a score needs moderating; the default when
    the file holds none the rule allows (a file edited outside the program is refused writing, yet still shown)."""
    try:
        return Decimal(spread_value(SPREAD_THRESHOLD, settings.get(SPREAD_THRESHOLD, DEFAULT_SPREAD_PERCENT)))
    except ValueError:
        return Decimal(DEFAULT_SPREAD_PERCENT)


# -- the rule of each setting, wherever its value comes from (the window, svi, a JSON document) ----------------
# Each takes the key and the value given and returns the value kept (None: the setting cleared), or raises
# ValueError with a sentence.

SPREAD_RULE = "The spread threshold is a percentage of the scale's range, from 0 to 100."
LOT_LIMIT_RULE = "The limit on lots per supplier must be a whole number from 0 (no limit) up to 1000."
MAX_LOT_LIMIT = 1000


def check_spread(percent: Decimal) -> Decimal:
    if not percent.is_finite() or not Decimal(0) <= percent <= Decimal(100):
        raise ValueError(SPREAD_RULE)
    return percent


def spread_value(_key: str, value: str) -> str:
    try:
        percent = Decimal(value.strip())
    except InvalidOperation:
        raise ValueError(SPREAD_RULE) from None
    return decimal_text(check_spread(percent))


def check_lot_limit(limit: int) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 0 <= limit <= MAX_LOT_LIMIT:
        raise ValueError(LOT_LIMIT_RULE)
    return limit


def lot_limit_value(_key: str, value: str) -> str | None:
    text = value.strip()
    if not text.isascii() or not text.isdigit():
        raise ValueError(LOT_LIMIT_RULE)
    limit = check_lot_limit(int(text))
    return str(limit) if limit else None


def tie_break_rule(rule: TieBreak | str) -> TieBreak:
    try:
        return TieBreak(rule)
    except ValueError:
        raise ValueError(f"{str(rule)[:40]!r} is not a tie-break rule the program knows "
                         f"({', '.join(t.value for t in TieBreak)}).") from None


def tie_break_value(_key: str, value: str) -> str:
    return tie_break_rule(value.strip()).value


def published_where(where: str, what: str) -> str | None:
    """Where something the summaries cite was published (`what`: "the award criteria are"), as one line of at most
    500 characters; None (cleared) when blank."""
    where = " ".join(where.split())
    if len(where) > 500:
        raise ValueError(f"Where {what} published is at most 500 characters: a web address or a document's "
                         "reference.")
    return where or None


def _moment(_key: str, value: str) -> str | None:
    """A moment the program recorded (when moderation started): a date and time with its offset from UTC."""
    if not value.strip():
        return None
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError("is not a date and time the program recorded (2026-11-26T10:00:00+00:00)") from None
    if moment.tzinfo is None:
        raise ValueError("is a date and time without its offset from UTC (2026-11-26T10:00:00+00:00)")
    return moment.isoformat(timespec="microseconds")


SETTING_RULES: dict[str, Callable[[str, str], str | None]] = {
    SPREAD_THRESHOLD: spread_value,
    LOT_LIMIT: lot_limit_value,
    LOT_TIE_BREAK: tie_break_value,
    CRITERIA_PUBLISHED: lambda _k, v: published_where(v, "the award criteria are"),
    LOTS_PUBLISHED: lambda _k, v: published_where(v, "the limit on lots per supplier and its tie-break are"),
    MODERATION_STARTED: _moment,
}

PACK_ID = "pack.id"  # which issue of packs this one belongs to: a return from an earlier issue is refused
PACK_CODE_CHECK = "pack.code_check"  # catches a mistyped return code at submit
PACK_TAG = "pack.tag"  # HMAC-SHA256 of the return under the evaluator's return key


CONSENSUS_DRAFT = "moderation.draft:"  # + "<criterion id>:<bid id>": the panel's consensus being typed, not yet agreed


def consensus_draft_key(criterion_id: str, bid_id: str) -> str:
    return f"{CONSENSUS_DRAFT}{criterion_id}:{bid_id}"


@dataclass(frozen=True)
class ConsensusDraft:
    """What the panel has typed for one bid on one criterion and not yet recorded as its consensus: kept in the file
    as it is typed, so that moving to another bid, closing the window or a crash loses none of it."""

    value: int | None = None
    note: str = ""
    feedback: str = ""
    advantages: str = ""
    citations: tuple[Citation, ...] = ()

    @classmethod
    def of(cls, consensus: Consensus) -> ConsensusDraft:
        """What the editors hold for a recorded consensus."""
        return cls(consensus.value, consensus.note, consensus.feedback, consensus.advantages,
                   tuple(consensus.citations))

    @property
    def blank(self) -> bool:
        return self.value is None and not (self.note or self.feedback or self.advantages or self.citations)

    def text(self) -> str:
        return json.dumps({"value": self.value, "note": self.note, "feedback": self.feedback,
                           "advantages": self.advantages,
                           "citations": [{"text": c.text, "start": c.start, "end": c.end} for c in self.citations]},
                          ensure_ascii=False, sort_keys=True)

    @classmethod
    def parse(cls, text: str | None) -> ConsensusDraft | None:
        """The draft a setting holds, or None when it holds none the program wrote."""
        try:
            d = json.loads(text or "")
            value = d["value"]
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                return None
            note, feedback, advantages = (d[k] for k in ("note", "feedback", "advantages"))
            if not all(isinstance(t, str) for t in (note, feedback, advantages)):
                return None
            cites = tuple(Citation(str(c["text"]), int(c["start"]), int(c["end"])) for c in d["citations"])
        except (ValueError, TypeError, KeyError):
            return None
        return cls(value, note, feedback, advantages, cites)


def consensus_drafts(settings: dict[str, str]) -> dict[tuple[str, str], ConsensusDraft]:
    """Every draft in the file, by (criterion id, bid id)."""
    out: dict[tuple[str, str], ConsensusDraft] = {}
    for key, value in settings.items():
        if key.startswith(CONSENSUS_DRAFT):
            crit, _, bid = key[len(CONSENSUS_DRAFT):].partition(":")
            draft = ConsensusDraft.parse(value)
            if draft is not None and crit and bid:
                out[(crit, bid)] = draft
    return out
