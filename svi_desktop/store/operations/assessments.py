"""The conflicts assessment (Procurement Act 2023, s.83): everyone who influences the decision, kept under review."""

from __future__ import annotations

from svi_desktop.domain.changes import Applied, Change, ChangeKind, op, unchanged
from svi_desktop.domain.model import ConflictAssessment
from svi_desktop.domain.rules import checked_assessment
from svi_desktop.errors import KnownError
from svi_desktop.store import rows
from svi_desktop.store.operations.common import by_rule
from svi_desktop.store.tender_file import TenderFile


def _get(tf: TenderFile, entry_id: str) -> ConflictAssessment | None:
    found = list(tf.db.table("assessments").rows_where("id = ?", [entry_id], limit=1))
    return rows.assessment_from(found[0]) if found else None


def record_assessment(tf: TenderFile, *, entry: ConflictAssessment) -> Applied:
    """Add an entry, or replace it after a review. Result: the entry as stored."""
    entry = by_rule(checked_assessment, entry)
    old = _get(tf, entry.id)
    if old == entry:
        return unchanged(entry)
    change = Change(ChangeKind.EVALUATORS, (entry.id,))
    with tf.operation(action=f"{'review' if old else 'assess'} conflicts of {entry.person} ({entry.role})",
                      entity="assessment", entity_id=entry.id,
                      old=None if old is None else rows.assessment_row(old), new=rows.assessment_row(entry)) as db:
        db.execute("DELETE FROM assessments WHERE id = ?", [entry.id])
        db.table("assessments").insert(rows.assessment_row(entry))
    inverse = op(remove_assessment, entry_id=entry.id) if old is None else op(record_assessment, entry=old)
    return Applied(change, entry, inverse)


def remove_assessment(tf: TenderFile, *, entry_id: str) -> Applied:
    old = _get(tf, entry_id)
    if old is None:
        raise KnownError("That entry is no longer in the conflicts assessment.")
    with tf.operation(action=f"remove {old.person} from the conflicts assessment", entity="assessment",
                      entity_id=entry_id, old=rows.assessment_row(old)) as db:
        db.execute("DELETE FROM assessments WHERE id = ?", [entry_id])
    return Applied(Change(ChangeKind.EVALUATORS, (entry_id,)), old, op(record_assessment, entry=old))
