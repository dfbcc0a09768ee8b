"""The moderation lock: once moderation starts, individual scores stay as they were."""

from __future__ import annotations

from decimal import Decimal

from svi_desktop.domain.changes import Applied
from svi_desktop.domain.numbers import decimal_text
from svi_desktop.domain.settings import FROZEN, MODERATION_STARTED, PACK_SUBMITTED, SPREAD_THRESHOLD, check_spread
from svi_desktop.errors import KnownError
from svi_desktop.store import audit
from svi_desktop.store.operations.common import by_rule
from svi_desktop.store.operations.settings import set_setting
from svi_desktop.store.tender_file import TenderFile, frozen_refusal


def ensure_scores_open(tf: TenderFile) -> None:
    """Refuse a change to individual scores in a submitted pack, once moderation has started, or once the award is
    frozen (so the score's write need not ask again)."""
    refuse_closed_scores(dict(tf.query("SELECT key, value FROM settings WHERE key IN (?, ?, ?)",
                                       (PACK_SUBMITTED, MODERATION_STARTED, FROZEN))))


def refuse_closed_scores(found: dict[str, str | None]) -> None:
    """The refusal for ensure_scores_open, from the three settings already read (the key press reads them with
    its other checks in one statement)."""
    if found.get(FROZEN):
        raise frozen_refusal(str(found[FROZEN]))
    submitted = found.get(PACK_SUBMITTED)
    if submitted:
        raise KnownError(f"This evaluator pack was submitted on {submitted[:16].replace('T', ' ')}, "
                         "so its scores can no longer be changed.")
    started = found.get(MODERATION_STARTED)
    if started:
        raise KnownError(f"Moderation started on {started[:16].replace('T', ' ')}, so individual scores are locked; "
                         "the lead can unlock them in the Moderation panel.")


def start_moderation(tf: TenderFile) -> Applied:
    return set_setting(tf, key=MODERATION_STARTED, value=audit.now(),
                       action="start moderation (individual scores locked)")


def unlock_scores(tf: TenderFile, *, reason: str) -> Applied:
    """The lead's recorded decision to let individual scores change again."""
    if not reason.strip():
        raise KnownError("Say why individual scores are being unlocked: the reason is recorded.")
    return set_setting(tf, key=MODERATION_STARTED, value=None, action=f"unlock individual scores: {reason.strip()}")


def set_spread_threshold_percent(tf: TenderFile, *, percent: Decimal) -> Applied:
    by_rule(check_spread, percent)
    return set_setting(tf, key=SPREAD_THRESHOLD, value=decimal_text(percent), action="change the spread threshold")
