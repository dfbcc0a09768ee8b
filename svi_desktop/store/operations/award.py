"""Signing off the award and freezing it; unfreezing, with a reason, for the record."""

from __future__ import annotations

import datetime as dt

from svi_desktop.domain.award import award_check, person_key
from svi_desktop.domain.changes import Applied, Change, ChangeKind
from svi_desktop.domain.model import SignOff, new_id
from svi_desktop.domain.notice_details import (
    CONTRACT_END,
    CONTRACT_START,
    DETAIL_BY_KEY,
    contract_dates_problem,
    detail_value,
)
from svi_desktop.domain.psr import BY_KEY as PSR_BY_KEY
from svi_desktop.domain.psr import weighed_value
from svi_desktop.domain.rules import parse_date
from svi_desktop.domain.settings import CRITERIA_PUBLISHED, FROZEN
from svi_desktop.errors import KnownError
from svi_desktop.store import audit, rows
from svi_desktop.store.operations.common import by_rule
from svi_desktop.store.operations.settings import get_setting, set_setting, where_published
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile


def ensure_assessed(tf: TenderFile, name: str, what: str) -> None:
    """Only someone listed in the conflicts assessment may sign off or unfreeze the award: everyone who influences
    the decision is assessed for conflicts of interest first (Procurement Act 2023, s.83)."""
    if person_key(name) not in {person_key(r[0]) for r in tf.query("SELECT person FROM assessments")}:
        raise KnownError(f"{name} is not in the conflicts assessment, so may not {what} (Procurement Act 2023, "
                         "s.83: everyone who influences the decision is assessed first); add them under Edit > "
                         "Conflicts assessment, or ask an approver who is listed.")


def sign_off(tf: TenderFile, *, name: str, role: str, signed_on: str) -> Applied:
    """A named approver signs off the award. The first sign-off freezes it: from then on scores, consensus,
    framework and bids refuse changes. Refused while the award record is incomplete. Not undone by Undo: only
    unfreezing, with a reason, reopens the record. Result: the SignOff."""
    # First, and afresh however long the file has been open: a sign-off never approves a file edited outside the
    # program, in any row.
    tf.ensure_untampered(afresh=True)
    name, role = name.strip(), role.strip()
    if not name or not role:
        raise KnownError("A sign-off needs the approver's name and role.")
    if len(name) > 200 or len(role) > 200:
        raise KnownError("An approver's name and role are at most 200 characters each.")
    day = by_rule(parse_date, signed_on)
    if not day:
        raise KnownError("A sign-off needs the date it was given.")
    if day > dt.date.today().isoformat():
        raise KnownError(f"A sign-off cannot be dated {day}, a day still to come; give the day it is given.")
    ended = _evaluation_ended(tf)
    if ended and day < ended:
        raise KnownError(f"A sign-off cannot be dated {day}, before the evaluation's last score or consensus "
                         f"({ended}); give the day it is given.")
    ensure_assessed(tf, name, "sign off the award")
    if person_key(name) in {person_key(r[0]) for r in tf.query("SELECT name FROM signoffs")}:
        raise KnownError(f"{name} has already signed off this award; each approver signs once.")
    frozen = get_setting(tf, FROZEN)
    if not frozen:
        missing = award_check(load_evaluation(tf), dt.date.today().isoformat())
        if missing:
            raise KnownError(f"The award record is not complete ({len(missing)} item"
                             f"{'' if len(missing) == 1 else 's'} missing, the first: {missing[0].text}); complete "
                             "it before signing off.")
    # Bound to the record: the approver approves the state the chain has reached (every row was just checked
    # against it), and the sign-off's own audit row is the next link after that head.
    entry = SignOff(new_id(), name, role, day, tf.state_digest(), audit.now())
    with tf.operation(action=f"sign off the award: {name} ({role}) on {day}"
                      + ("" if frozen else "; the award is frozen"),
                      entity="signoff", entity_id=entry.id,
                      new={**rows.signoff_row(entry), "chain_head": audit.digest(tf.db)}) as db:
        db.table("signoffs").insert(rows.signoff_row(entry))
        if not frozen:
            db.table("settings").insert({"key": FROZEN, "value": entry.at})
    return Applied(Change(ChangeKind.SETTINGS, (FROZEN,)), entry, None)


def set_criteria_published(tf: TenderFile, *, where: str) -> Applied:
    """Where the award criteria in full are published (a web address or a document's reference): each
    assessment summary says so (Procurement Regulations 2024, reg 31)."""
    return set_setting(tf, key=CRITERIA_PUBLISHED, value=where_published(where, "the award criteria are"),
                       action="record where the award criteria are published")


def set_notice_detail(tf: TenderFile, *, key: str, value: str) -> Applied:
    """One of the details a notice needs beyond the evaluation (domain/notice_details.py), by its rule; blank
    clears it. The contract's start is not after its end, nor before the award (the last sign-off)."""
    if key not in DETAIL_BY_KEY:
        raise ValueError(key)
    kept = by_rule(detail_value, key, value, dt.date.today().isoformat())
    if kept and key in (CONTRACT_START, CONTRACT_END):
        start = kept if key == CONTRACT_START else get_setting(tf, CONTRACT_START)
        end = kept if key == CONTRACT_END else get_setting(tf, CONTRACT_END)
        signed = max((r[0] for r in tf.query("SELECT signed_on FROM signoffs")), default="")
        problem = contract_dates_problem(start, end, signed if key == CONTRACT_START else "")
        if problem:
            raise KnownError(problem)
    label = DETAIL_BY_KEY[key].label
    # Open after sign-off, like the sign-off itself: the contract's dates and the day the summaries went are facts of
    # the award's aftermath, not of the evaluation the freeze protects.
    return set_setting(tf, key=key, value=kept, action=f"record the {label}: {kept}" if kept else f"clear the {label}",
                       entity="notice")


def set_psr_key_criterion(tf: TenderFile, *, key: str, text: str) -> Applied:
    """How one of the PSR's key criteria (reg 5) was weighed, or under process C how the existing provider was
    assessed against it: the notice of intention to award states it. Part of the decision, so frozen with it."""
    if key not in PSR_BY_KEY:
        raise ValueError(key)
    kept = by_rule(weighed_value, key, text)
    name = PSR_BY_KEY[key].name
    return set_setting(tf, key=key, value=kept, action=f"record how the key criterion {name} was weighed" if kept
                       else f"clear how the key criterion {name} was weighed")


def _evaluation_ended(tf: TenderFile) -> str:
    """The day of the evaluation's last score or consensus ('' when there is none)."""
    found = tf.query("SELECT max(m) FROM (SELECT max(updated_at) AS m FROM scores UNION ALL "
                     "SELECT max(updated_at) FROM consensus)")
    return (found[0][0] or "")[:10] if found else ""


def unfreeze(tf: TenderFile, *, reason: str, name: str, role: str) -> Applied:
    """Reopen a signed-off award. The named person, their role and the reason are recorded in the chain; the
    sign-offs are withdrawn (they approved a record that may now change) and stay in the audit trail."""
    name, role = " ".join(name.split()), " ".join(role.split())
    if not name or not role:
        raise KnownError("Say who is reopening the signed-off award, with their role: both are recorded.")
    if len(name) > 200 or len(role) > 200:
        raise KnownError("A name and a role are at most 200 characters each.")
    if not reason.strip():
        raise KnownError("Say why the signed-off award is being reopened: the reason is recorded.")
    tf.ensure_untampered()  # unfreezing a file edited outside the program would launder the edit
    frozen = get_setting(tf, FROZEN)
    if not frozen:
        raise KnownError("The award is not frozen, so there is nothing to unfreeze.")
    ensure_assessed(tf, name, "unfreeze the award")
    signed = [rows.signoff_from(r) for r in tf.db.table("signoffs").rows]
    with tf.operation(action=f"unfreeze the award: {reason.strip()}", entity="award", entity_id=FROZEN,
                      old={"frozen_at": frozen, "signoffs": [rows.signoff_row(s) for s in signed]},
                      new={"reason": reason.strip(), "by": name, "role": role}) as db:
        db.execute("DELETE FROM signoffs")
        db.execute("DELETE FROM settings WHERE key = ?", [FROZEN])
    return Applied(Change(ChangeKind.SETTINGS, (FROZEN,)), None, None)
