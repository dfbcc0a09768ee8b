"""The conflicts assessment (Procurement Act 2023, s.83): entries added, reviewed and removed, each one undo step."""

from __future__ import annotations

from svi_desktop.domain.changes import Applied
from svi_desktop.domain.model import ConflictAssessment
from svi_desktop.ui.operations import tr
from svi_desktop.ui.session import TenderSession
from svi_desktop.workflows import edits


def record(session: TenderSession, entry: ConflictAssessment, *, initiator: object = None) -> Applied | None:
    return session.perform(tr("Assess the conflicts of {person}").format(person=entry.person.strip()),
                           edits.RecordAssessment(entry=entry), initiator=initiator)


def remove(session: TenderSession, entry: ConflictAssessment, *, initiator: object = None) -> Applied | None:
    return session.perform(tr("Remove {person} from the conflicts assessment").format(person=entry.person),
                           edits.RemoveAssessment(entry_id=entry.id), initiator=initiator)
