"""The keys of the tender-level settings a file keeps, and their defaults."""

from __future__ import annotations

from decimal import Decimal

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
FROZEN = "award.frozen_at"  # set when the award is signed off and frozen: scores, bids and framework refuse changes


def spread_threshold_percent(settings: dict[str, str]) -> Decimal:
    """The spread (as a percentage of the scale's range) above which a score needs moderating."""
    return Decimal(settings.get(SPREAD_THRESHOLD, DEFAULT_SPREAD_PERCENT))

PACK_ID = "pack.id"  # which issue of packs this one belongs to: a return from an earlier issue is refused
PACK_CODE_CHECK = "pack.code_check"  # catches a mistyped return code at submit
PACK_TAG = "pack.tag"  # HMAC-SHA256 of the return under the evaluator's return key
