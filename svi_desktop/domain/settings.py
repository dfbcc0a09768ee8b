"""The keys of the tender-level settings a file keeps, and their defaults."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

from svi_desktop.domain.model import Citation, Consensus

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
    """The spread (as a percentage of the scale's range) above which a score needs moderating."""
    return Decimal(settings.get(SPREAD_THRESHOLD, DEFAULT_SPREAD_PERCENT))

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
