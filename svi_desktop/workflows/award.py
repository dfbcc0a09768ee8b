"""The award from either front end: the completeness check, sign-off and freezing, unfreezing."""

from __future__ import annotations

import datetime as dt

from svi_desktop.domain.award import Missing, award_check, frozen_at
from svi_desktop.domain.model import Evaluation
from svi_desktop.errors import KnownError
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.workflows import edits

__all__ = ["Missing", "check", "check_evaluation", "ensure_final_allowed", "sign_off", "unfreeze"]


def today() -> str:
    return dt.date.today().isoformat()


def check_evaluation(ev: Evaluation) -> list[Missing]:
    return award_check(ev, today())


def check(tf: TenderFile) -> list[Missing]:
    """Every item missing from the award record (empty when it is complete)."""
    return check_evaluation(load_evaluation(tf))


def ensure_final_allowed(ev: Evaluation, what: str) -> None:
    """Refuse a final document (report, summaries, notice) until the record is complete and signed off."""
    missing = check_evaluation(ev)
    if missing:
        raise KnownError(f"The final {what} cannot be made: the award record is not complete ({len(missing)} item"
                         f"{'' if len(missing) == 1 else 's'} missing, the first: {missing[0].text[:-1]}); see "
                         "Award > Completeness check (svi award check), or make a draft.")
    if not frozen_at(ev) or not ev.signoffs:
        raise KnownError(f"The final {what} cannot be made before the award is signed off: use Award > Sign off "
                         "(svi award sign-off), or make a draft.")


def sign_off(tf: TenderFile, *, name: str, role: str, signed_on: str) -> None:
    edits.apply(tf, edits.SignOff(name=name, role=role, signed_on=signed_on))


def unfreeze(tf: TenderFile, *, reason: str, name: str, role: str) -> None:
    edits.apply(tf, edits.Unfreeze(reason=reason, name=name, role=role))
