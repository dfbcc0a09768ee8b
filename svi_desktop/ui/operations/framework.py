"""Edits to the tender's details, its sections, criteria and scale."""

from __future__ import annotations

from typing import Any

from svi_desktop.domain.changes import Applied
from svi_desktop.domain.criterion_fields import CRITERION_FIELDS
from svi_desktop.domain.model import RESULT_CRITERION_FIELDS, RESULT_SECTION_FIELDS, TENDER_FIELDS, KeyDate
from svi_desktop.domain.scale import ScoringScale
from svi_desktop.errors import KnownError
from svi_desktop.ui.operations import ask_reason, tr
from svi_desktop.ui.session import TenderSession
from svi_desktop.workflows import edits, templates


def set_tender_field(session: TenderSession, field: str, value: str, *, reason: str = "",
                     initiator: object = None) -> Applied | None:
    return session.perform(tr("Change {what}").format(what=TENDER_FIELDS[field]),
                           edits.SetTenderField(field=field, value=value, reason=reason), initiator=initiator)


def set_key_dates(session: TenderSession, dates: tuple[KeyDate, ...], *, initiator: object = None) -> Applied | None:
    return session.perform(tr("Change key dates"), edits.SetKeyDates(dates=dates), initiator=initiator)


def set_section_field(session: TenderSession, section_id: str, field: str, value: Any, text: str, *,
                      initiator: object = None) -> Applied | None:
    reason = ""
    if field in RESULT_SECTION_FIELDS and session.scored:
        reason = ask_reason(text[:1].lower() + text[1:].removeprefix("hange ")) or ""
        if not reason:
            return None
    return session.perform(text, edits.SetSectionField(section_id=section_id, field=field, value=value,
                                                       reason=reason), initiator=initiator)


def set_criterion_field(session: TenderSession, criterion_id: str, code: str, field: str, value: Any, *,
                        initiator: object = None) -> Applied | None:
    reason = ""
    if field in RESULT_CRITERION_FIELDS and session.scored:
        reason = ask_reason(tr("the {what} of {code}").format(what=CRITERION_FIELDS[field], code=code)) or ""
        if not reason:
            return None
    return session.perform(tr("Change {what} of {code}").format(what=CRITERION_FIELDS[field], code=code),
                           edits.SetCriterionField(criterion_id=criterion_id, field=field, value=value,
                                                   reason=reason), initiator=initiator)


def add_criterion(session: TenderSession, section_id: str, code: str, title: str, *,
                  initiator: object = None) -> Applied | None:
    return session.perform(tr("Add criterion {code}").format(code=code),
                           edits.AddCriterion(section_id=section_id, code=code, title=title), initiator=initiator)


def remove_criterion(session: TenderSession, criterion_id: str, code: str, *, initiator: object = None) -> Applied | None:
    return session.perform(tr("Remove criterion {code}").format(code=code),
                           edits.RemoveCriterion(criterion_id=criterion_id), initiator=initiator)


def move_criterion(session: TenderSession, criterion_id: str, code: str, position: int, *,
                   initiator: object = None) -> Applied | None:
    return session.perform(tr("Move criterion {code}").format(code=code),
                           edits.MoveCriterion(criterion_id=criterion_id, position=position), initiator=initiator)


def set_scale(session: TenderSession, scale: ScoringScale, text: str, *, initiator: object = None) -> Applied | None:
    return session.perform(text, edits.SetScale(scale=scale), initiator=initiator)


def apply_template(session: TenderSession, name: str, *, initiator: object = None) -> Applied | None:
    try:
        framework = templates.template(name)
    except KnownError as exc:  # a broken template file: say so, change nothing
        session.report(exc)
        return None
    return session.perform(tr("Apply template {name}").format(name=name),
                           edits.ApplyFramework(framework=framework), initiator=initiator)
