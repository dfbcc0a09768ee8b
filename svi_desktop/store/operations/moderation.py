"""The moderation lock: once moderation starts, individual scores stay as they were."""

from __future__ import annotations

from decimal import Decimal

from svi_desktop.errors import KnownError
from svi_desktop.store import audit
from svi_desktop.store.operations.settings import (
    DEFAULT_SPREAD_PERCENT,
    MODERATION_STARTED,
    PACK_SUBMITTED,
    SPREAD_THRESHOLD,
    get_setting,
    set_setting,
)
from svi_desktop.store.tender_file import TenderFile


def ensure_scores_open(tf: TenderFile) -> None:
    """Refuse a change to individual scores in a submitted pack or once moderation has started."""
    submitted = get_setting(tf, PACK_SUBMITTED)
    if submitted:
        raise KnownError(f"This evaluator pack was submitted on {submitted[:16].replace('T', ' ')}, "
                         "so its scores can no longer be changed.")
    started = get_setting(tf, MODERATION_STARTED)
    if started:
        raise KnownError(f"Moderation started on {started[:16].replace('T', ' ')}, so individual scores are locked; "
                         "the lead can unlock them in the Moderation panel.")


def start_moderation(tf: TenderFile) -> None:
    set_setting(tf, key=MODERATION_STARTED, value=audit.now(), action="start moderation (individual scores locked)")


def unlock_scores(tf: TenderFile, *, reason: str) -> str:
    """The lead's recorded decision to let individual scores change again; returns when moderation had started."""
    if not reason.strip():
        raise KnownError("Say why individual scores are being unlocked: the reason is recorded.")
    started = get_setting(tf, MODERATION_STARTED)
    set_setting(tf, key=MODERATION_STARTED, value=None, action=f"unlock individual scores: {reason.strip()}")
    return started


def restart_moderation(tf: TenderFile, *, started: str) -> None:
    set_setting(tf, key=MODERATION_STARTED, value=started, action="lock individual scores again")


def spread_threshold_percent(tf: TenderFile) -> Decimal:
    return Decimal(get_setting(tf, SPREAD_THRESHOLD, DEFAULT_SPREAD_PERCENT))


def set_spread_threshold_percent(tf: TenderFile, *, percent: Decimal) -> None:
    if not Decimal(0) <= percent <= Decimal(100):
        raise KnownError("The spread threshold is a percentage of the scale's range, from 0 to 100.")
    set_setting(tf, key=SPREAD_THRESHOLD, value=str(percent.normalize()), action="change the spread threshold")
