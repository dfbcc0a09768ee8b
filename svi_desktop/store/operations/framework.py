"""Operations on the tender's details and its framework: sections, criteria and the scale."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from svi_desktop.domain.changes import Applied, Change, ChangeKind, op, unchanged
from svi_desktop.domain.criterion_fields import CRITERION_FIELDS, FIELD_BY_NAME, sentence
from svi_desktop.domain.model import (
    RESULT_CRITERION_FIELDS,
    RESULT_SECTION_FIELDS,
    SECTION_FIELDS,
    TENDER_FIELDS,
    Criterion,
    CriterionKind,
    Framework,
    KeyDate,
    Regime,
    SectionKind,
    new_id,
)
from svi_desktop.domain.notice_details import cpv_value
from svi_desktop.domain.numbers import decimal_text
from svi_desktop.domain.pricing import FORMULAS
from svi_desktop.domain.rules import checked_key_dates
from svi_desktop.domain.scale import ScoringScale
from svi_desktop.errors import KnownError
from svi_desktop.store import rows
from svi_desktop.store.operations.common import by_rule, get_row, undo_reason, update_field
from svi_desktop.store.repository import load_tender_framework
from svi_desktop.store.tender_file import TenderFile


def _tender_id(tf: TenderFile) -> str:
    return tf.query("SELECT id FROM tender")[0][0]


def set_tender_field(tf: TenderFile, *, field: str, value: str, reason: str = "") -> Applied:
    if field not in TENDER_FIELDS:
        raise ValueError(field)
    if field == "title" and not value.strip():
        raise KnownError("A tender needs a title.")
    action = f"change {TENDER_FIELDS[field]}"
    if field == "cpv":
        value = by_rule(cpv_value, value)
    if field == "regime":
        if value and value not in {g.value for g in Regime}:
            raise KnownError(f"{value!r} is not a procurement regime the program knows.")
        tf.ensure_not_frozen()  # a frozen award says so before anything else
        current = tf.query("SELECT regime FROM tender LIMIT 1")
        if current and current[0][0] and current[0][0] != value and tf.has_scores():
            # The regime decides which rules, notices and standstill apply to scores already given: choosing one
            # for the first time is not changing it, but changing one chosen is a recorded decision.
            if not reason.strip():
                raise KnownError("The tender has scores, so changing its procurement regime needs a reason, which "
                                 "is recorded; give one.")
            if len(reason) > 2000:
                raise KnownError("The reason is longer than 2,000 characters; shorten it.")
            action = f"{action}: {reason.strip()}"
    return update_field(tf, table="tender", entity="tender", row_id=_tender_id(tf), field=field, value=value,
                        action=action, change=ChangeKind.TENDER, label=TENDER_FIELDS[field],
                        inverse=lambda before: op(set_tender_field, field=field, value=before,
                                                  reason=undo_reason(reason)))


def set_key_dates(tf: TenderFile, *, dates: tuple[KeyDate, ...]) -> Applied:
    """The tender's key dates, each a label and a date (checked_key_dates: Setup's rule, at every door)."""
    dates = by_rule(checked_key_dates, dates)
    return update_field(tf, table="tender", entity="tender", row_id=_tender_id(tf), field="key_dates",
                        value=rows.key_dates_text(dates), action="change key dates", change=ChangeKind.TENDER,
                        label="key dates", inverse=lambda before: op(set_key_dates, dates=rows.key_dates_from(before)))


def _section_value(field: str, value: Any) -> Any:
    if field == "share":
        share = Decimal(value)
        if not Decimal(0) <= share <= Decimal(100):
            raise KnownError("A section's share must be from 0% to 100%.")
        return decimal_text(share)
    if field == "price_formula" and value and value not in FORMULAS:
        raise KnownError(f"There is no price formula called {value!r}.")
    if field == "name" and not str(value).strip():
        raise KnownError("A section needs a name.")
    return value


def set_section_field(tf: TenderFile, *, section_id: str, field: str, value: Any, reason: str = "") -> Applied:
    if field not in SECTION_FIELDS:
        raise ValueError(field)
    section = rows.section_from(get_row(tf, "sections", section_id, "section"))
    if field == "share" and section.kind is SectionKind.GATES and Decimal(value) != 0:
        raise KnownError("A gates section carries no points, so its share stays at 0%.")
    return update_field(tf, table="sections", entity="section", row_id=section_id, field=field,
                        value=_section_value(field, value), action=f"change {SECTION_FIELDS[field]} of {section.name}",
                        change=ChangeKind.FRAMEWORK, label=section.name,
                        reason=reason if field in RESULT_SECTION_FIELDS else None,
                        inverse=lambda before: op(set_section_field, section_id=section_id, field=field, value=before,
                                                  reason=undo_reason(reason)))


def _scale_values(tf: TenderFile) -> list[int]:
    return [r[0] for r in tf.query("SELECT value FROM scale_levels ORDER BY value")]


def _criterion_value(tf: TenderFile, crit: Criterion, field: str, value: Any) -> Any:
    """A field's new value by its declared rule (domain/criterion_fields.py), then what needs the tender: a
    threshold on its scale, a gate's threshold, a code no other criterion has. Returns it as its column holds it."""
    declared = FIELD_BY_NAME[field]
    try:
        value = declared.read(value)
    except ValueError as exc:
        raise KnownError(sentence(exc, declared)) from None
    if field == "threshold":
        if value is None and crit.kind is CriterionKind.GATE:
            raise KnownError("A qualification gate needs a threshold.")
        values = _scale_values(tf)
        if value is not None and not values[0] <= value <= values[-1]:
            raise KnownError(f"A threshold must lie on the scale, from {values[0]} to {values[-1]}.")
    if field == "kind" and value is CriterionKind.GATE and crit.threshold is None:
        raise KnownError("Give the criterion a threshold before making it a gate.")
    if field == "code" and tf.query("SELECT 1 FROM criteria WHERE code = ? AND id != ?", (value, crit.id)):
        raise KnownError(f"Another criterion already has the code {value!r}.")
    return declared.row(value)


def set_criterion_field(tf: TenderFile, *, criterion_id: str, field: str, value: Any, reason: str = "") -> Applied:
    if field not in CRITERION_FIELDS:
        raise ValueError(field)
    crit = rows.criterion_from(get_row(tf, "criteria", criterion_id, "criterion"))
    return update_field(tf, table="criteria", entity="criterion", row_id=criterion_id, field=field,
                        value=_criterion_value(tf, crit, field, value),
                        action=f"change {CRITERION_FIELDS[field]} of {crit.code}", change=ChangeKind.FRAMEWORK,
                        label=crit.code, reason=reason if field in RESULT_CRITERION_FIELDS else None,
                        inverse=lambda before: op(set_criterion_field, criterion_id=criterion_id, field=field,
                                                  value=json.loads(before) if field == "flags" else before,
                                                  reason=undo_reason(reason)))


def add_criterion(tf: TenderFile, *, section_id: str, code: str, title: str, criterion_id: str | None = None) -> Applied:
    """A new criterion at the end of a section; a gate in a gates section. Result: the Criterion."""
    section = rows.section_from(get_row(tf, "sections", section_id, "section"))
    if section.kind is SectionKind.PRICE:
        raise KnownError("A price section has no criteria: bids are scored on their price.")
    if tf.query("SELECT 1 FROM criteria WHERE code = ?", (code,)):
        raise KnownError(f"Another criterion already has the code {code!r}.")
    values = _scale_values(tf)
    gate = section.kind is SectionKind.GATES
    position = tf.query("SELECT COALESCE(MAX(position) + 1, 0) FROM criteria WHERE section_id = ?", (section_id,))[0][0]
    crit = Criterion(
        criterion_id or new_id(), section_id, code, title, CriterionKind.GATE if gate else CriterionKind.SCORED,
        Decimal(1), Decimal(values[len(values) // 2]) if gate else None, position=position,
    )
    change = Change(ChangeKind.FRAMEWORK, (crit.id,))
    with tf.operation(action=f"add criterion {code}", entity="criterion", entity_id=crit.id,
                      new=rows.criterion_row(crit)) as db:
        db.table("criteria").insert(rows.criterion_row(crit))
    return Applied(change, crit, op(remove_criterion, criterion_id=crit.id))


@dataclass(frozen=True)
class RemovedCriterion:
    """Everything removed with a criterion, so that undo can put it all back."""

    criterion: dict[str, Any]
    responses: tuple[dict[str, Any], ...]
    scores: tuple[dict[str, Any], ...]
    consensus: tuple[dict[str, Any], ...]


def count_dependents(tf: TenderFile, criterion_id: str) -> tuple[int, int, int]:
    """(scores, consensus, responses) recorded against a criterion."""
    q = "SELECT COUNT(*) FROM {} WHERE criterion_id = ?"
    scores, consensus, responses = (tf.query(q.format(t), (criterion_id,))[0][0]
                                    for t in ("scores", "consensus", "responses"))
    return scores, consensus, responses


def remove_criterion(tf: TenderFile, *, criterion_id: str) -> Applied:
    """Remove a criterion with its responses, scores and consensus. Result: what was removed."""
    row = get_row(tf, "criteria", criterion_id, "criterion")
    db = tf.db
    removed = RemovedCriterion(
        row,
        tuple(db.table("responses").rows_where("criterion_id = ?", [criterion_id])),
        tuple(db.table("scores").rows_where("criterion_id = ?", [criterion_id])),
        tuple(db.table("consensus").rows_where("criterion_id = ?", [criterion_id])),
    )
    with tf.operation(action=f"remove criterion {row['code']}", entity="criterion", entity_id=criterion_id,
                      old={"criterion": row, "scores": len(removed.scores), "responses": len(removed.responses),
                           "consensus": len(removed.consensus)}) as db:
        for table in ("responses", "scores", "consensus"):
            db.table(table).delete_where("criterion_id = ?", [criterion_id])
        db.table("criteria").delete(criterion_id)
        _renumber(db, row["section_id"])
    return Applied(Change(ChangeKind.FRAMEWORK, (criterion_id,)), removed, op(restore_criterion, removed=removed))


def restore_criterion(tf: TenderFile, *, removed: RemovedCriterion) -> Applied:
    row = removed.criterion
    with tf.operation(action=f"restore criterion {row['code']}", entity="criterion", entity_id=row["id"],
                      new={"criterion": row, "scores": len(removed.scores), "responses": len(removed.responses),
                           "consensus": len(removed.consensus)}) as db:
        db.execute("UPDATE criteria SET position = position + 1 WHERE section_id = ? AND position >= ?",
                   [row["section_id"], row["position"]])
        db.table("criteria").insert(row)
        db.table("responses").insert_all(removed.responses)
        db.table("scores").insert_all(removed.scores)
        db.table("consensus").insert_all(removed.consensus)
    return Applied(Change(ChangeKind.FRAMEWORK, (row["id"],)), None, op(remove_criterion, criterion_id=row["id"]))


def _renumber(db: Any, section_id: str) -> None:
    ids = [r[0] for r in db.execute("SELECT id FROM criteria WHERE section_id = ? ORDER BY position, code", [section_id])]
    for i, cid in enumerate(ids):
        db.execute("UPDATE criteria SET position = ? WHERE id = ?", [i, cid])


def move_criterion(tf: TenderFile, *, criterion_id: str, position: int) -> Applied:
    """Move a criterion to `position` within its section. Result: the position it had."""
    row = get_row(tf, "criteria", criterion_id, "criterion")
    ids = [r[0] for r in tf.query("SELECT id FROM criteria WHERE section_id = ? ORDER BY position, code",
                                  (row["section_id"],))]
    old = ids.index(criterion_id)
    position = max(0, min(position, len(ids) - 1))
    if position == old:
        return unchanged(old)
    ids.insert(position, ids.pop(old))
    change = Change(ChangeKind.FRAMEWORK, (criterion_id,))
    with tf.operation(action=f"move criterion {row['code']}", entity="criterion", entity_id=criterion_id,
                      old={"position": old}, new={"position": position}) as db:
        for i, cid in enumerate(ids):
            db.execute("UPDATE criteria SET position = ? WHERE id = ?", [i, cid])
    return Applied(change, old, op(move_criterion, criterion_id=criterion_id, position=old))


def set_scale(tf: TenderFile, *, scale: ScoringScale) -> Applied:
    """Replace the scale; refused while scores, consensus or thresholds would fall off it. Result: the old one."""
    old = load_tender_framework(tf).scale
    if old == scale:
        return unchanged(old)
    values = set(scale.values())
    off = tf.query("SELECT COUNT(*) FROM scores WHERE value NOT IN ({})".format(",".join("?" * len(values))),
                   tuple(values))[0][0]
    off += tf.query("SELECT COUNT(*) FROM consensus WHERE value NOT IN ({})".format(",".join("?" * len(values))),
                    tuple(values))[0][0]
    if off:
        raise KnownError(f"{off} recorded scores are not on the new scale, so it cannot replace the current one.")
    thresholds = [Decimal(r[0]) for r in tf.query("SELECT threshold FROM criteria WHERE threshold IS NOT NULL")]
    outside = [t for t in thresholds if not scale.minimum <= t <= scale.maximum]
    if outside:
        raise KnownError(f"{len(outside)} thresholds lie outside the new scale; change them first.")
    with tf.operation(action="change scale", entity="scale", entity_id=_tender_id(tf),
                      old=_scale_doc(old), new=_scale_doc(scale)) as db:
        db.execute("DELETE FROM scale_levels")
        db.table("scale_levels").insert_all({"value": lv.value, "label": lv.label, "descriptor": lv.descriptor}
                                      for lv in scale.levels)
        db.execute("UPDATE tender SET scale_name = ?", [scale.name])
    return Applied(Change(ChangeKind.SCALE), old, op(set_scale, scale=old))


def _scale_doc(scale: ScoringScale) -> dict[str, Any]:
    return {"name": scale.name, "levels": [[lv.value, lv.label, lv.descriptor] for lv in scale.levels]}


def apply_framework(tf: TenderFile, *, framework: Framework) -> Applied:
    """Replace the whole framework (a template); refused once responses or scores are recorded.
    Result: the framework it replaced."""
    recorded = tf.query("SELECT (SELECT COUNT(*) FROM scores) + (SELECT COUNT(*) FROM responses)"
                        " + (SELECT COUNT(*) FROM consensus)")[0][0]
    if recorded:
        raise KnownError("A template can only be applied before any responses or scores are recorded.")
    old = load_tender_framework(tf)
    with tf.operation(action=f"apply framework {framework.name}", entity="framework", entity_id=_tender_id(tf),
                      old={"name": old.name, "criteria": [c.code for c in old.criteria]},
                      new={"name": framework.name, "criteria": [c.code for c in framework.criteria]}) as db:
        db.execute("DELETE FROM criteria")
        db.execute("DELETE FROM sections")
        db.execute("DELETE FROM scale_levels")
        db.table("scale_levels").insert_all({"value": lv.value, "label": lv.label, "descriptor": lv.descriptor}
                                      for lv in framework.scale.levels)
        db.table("sections").insert_all(rows.section_row(s) for s in framework.sections)
        db.table("criteria").insert_all(rows.criterion_row(c) for c in framework.criteria)
        db.execute("UPDATE tender SET scale_name = ?, framework_name = ?, framework_description = ?",
                   [framework.scale.name, framework.name, framework.description])
    return Applied(Change(ChangeKind.FRAMEWORK), old, op(apply_framework, framework=old))
