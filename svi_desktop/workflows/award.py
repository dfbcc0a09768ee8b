"""The award from either front end: the completeness check, sign-off and freezing, unfreezing."""

from __future__ import annotations

import datetime as dt

from svi_desktop.domain.award import Missing, award_check, frozen_at
from svi_desktop.domain.model import Evaluation
from svi_desktop.domain.notice_details import (
    CONTRACT_END,
    CONTRACT_START,
    contract_dates_problem,
    cpv_value,
    detail_value,
    last_signed,
)
from svi_desktop.domain.psr import weighed_value
from svi_desktop.errors import KnownError
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.workflows import edits

__all__ = ["Missing", "check", "check_evaluation", "ensure_final_allowed", "set_notice_details", "set_psr_key_criteria", "sign_off", "unfreeze"]


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


def set_notice_details(tf: TenderFile, *, cpv: str | None = None, details: dict[str, str] | None = None) -> None:
    """The tender's CPV codes and any of the notice's details, each by its rule, all checked before any is made, so
    that a bad one changes nothing."""
    details = details or {}
    try:
        if cpv is not None:
            cpv_value(cpv)
        kept = {k: detail_value(k, v, today()) for k, v in details.items()}
    except ValueError as exc:
        raise KnownError(str(exc)) from None
    ev = load_evaluation(tf)
    settings = ev.settings
    start = kept[CONTRACT_START] if CONTRACT_START in kept else settings.get(CONTRACT_START, "")
    end = kept[CONTRACT_END] if CONTRACT_END in kept else settings.get(CONTRACT_END, "")
    # The store's rule for the dates, checked here for all of them first (a start before the award included), so
    # that no detail is recorded when a later one would be refused.
    problem = contract_dates_problem(start or "", end or "", last_signed(ev) if kept.get(CONTRACT_START) else "")
    if problem:
        raise KnownError(problem)
    order = list(kept)
    if CONTRACT_START in kept and CONTRACT_END in kept and start and (settings.get(CONTRACT_END) or "9") < start:
        order.remove(CONTRACT_END)
        order.insert(0, CONTRACT_END)  # the new end first, so the new start is never checked against the old end
    if cpv is not None:
        edits.apply(tf, edits.SetTenderField(field="cpv", value=cpv))
    for key in order:
        edits.apply(tf, edits.SetNoticeDetail(key=key, value=details[key]))


def set_psr_key_criteria(tf: TenderFile, texts: dict[str, str]) -> None:
    """How each PSR key criterion given was weighed, all checked before any is recorded."""
    try:
        for key, text in texts.items():
            weighed_value(key, text)
    except ValueError as exc:
        raise KnownError(str(exc)) from None
    for key, text in texts.items():
        edits.apply(tf, edits.SetPsrKeyCriterion(key=key, text=text))


def unfreeze(tf: TenderFile, *, reason: str, name: str, role: str) -> None:
    edits.apply(tf, edits.Unfreeze(reason=reason, name=name, role=role))
