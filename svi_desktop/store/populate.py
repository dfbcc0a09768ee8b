"""Filling a new tender file from domain objects: new tenders, the demo, JSON imports."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from svi_desktop.domain.model import Evaluation
from svi_desktop.store import audit, rows, sealing

if TYPE_CHECKING:
    import sqlite_utils


def _fit(db: sqlite_utils.Database, table: str, items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows for a table of an older version (a test's old file): a column it lacks may only hold its default."""
    have = set(db.table(table).columns_dict)
    out = []
    for r in items:
        extra = {k: v for k, v in r.items() if k not in have}
        if any(v not in ("", "[]", None) for v in extra.values()):
            raise ValueError(f"the {table} table of this version has no column for {sorted(extra)}")
        out.append({k: v for k, v in r.items() if k in have})
    return out


def populate(db: sqlite_utils.Database, ev: Evaluation, *, actor: str, action: str = "create tender",
             documents: Iterable[dict[str, Any]] = (), seal: bool = True, note: dict[str, Any] | None = None) -> None:
    """Write every row of `ev` into an empty tender file (inside the caller's transaction); `note` joins what the
    first audit row records."""
    fw = ev.framework
    t = ev.tender
    db.table("tender").insert(
        {
            "id": t.id, "title": t.title, "reference": t.reference, "authority": t.authority,
            "description": t.description, "key_dates": rows.key_dates_text(t.key_dates),
            **({"regime": t.regime} if t.regime else {}),  # files before version 6 have no such column
            **({"cpv": t.cpv} if t.cpv else {}),  # nor before version 12 this one
            "framework_name": fw.name, "framework_description": fw.description, "scale_name": fw.scale.name,
            "created_at": audit.now(),
        }
    )
    db.table("scale_levels").insert_all(
        {"value": lv.value, "label": lv.label, "descriptor": lv.descriptor} for lv in fw.scale.levels
    )
    db.table("sections").insert_all(rows.section_row(s) for s in fw.sections)
    db.table("criteria").insert_all(rows.criterion_row(c) for c in fw.criteria)
    db.table("bids").insert_all(_fit(db, "bids", (rows.bid_row(b, i) for i, b in enumerate(ev.bids))))
    db.table("responses").insert_all(
        {"bid_id": r.bid_id, "criterion_id": r.criterion_id, "text": r.text} for r in ev.responses
    )
    db.table("evaluators").insert_all(rows.evaluator_row(e) for e in ev.evaluators)
    db.table("conflicts").insert_all(rows.conflict_row(e.id, c) for e in ev.evaluators if e.declaration
                                     for c in e.declaration.conflicts)
    db.table("scores").insert_all(rows.score_row(s) for s in ev.scores)
    db.table("consensus").insert_all(_fit(db, "consensus", (rows.consensus_row(c) for c in ev.consensus)))
    db.table("assessments").insert_all(rows.assessment_row(a) for a in ev.assessments)
    db.table("settings").insert_all({"key": k, "value": v} for k, v in ev.settings.items())
    db.table("signoffs").insert_all(rows.signoff_row(s) for s in ev.signoffs)
    db.table("clarifications").insert_all(rows.clarification_row(c) for c in ev.clarifications)
    db.table("lots").insert_all(rows.lot_row(lot) for lot in ev.lots)
    db.table("lot_criteria").insert_all({"criterion_id": x.criterion_id, "lot_code": x.lot_code}
                                        for x in ev.lot_criteria)
    db.table("commitments").insert_all(rows.commitment_row(c) for c in ev.commitments)
    db.table("kpis").insert_all(rows.kpi_row(k) for k in ev.kpis)
    db.table("kpi_periods").insert_all(rows.kpi_period_row(p) for p in ev.kpi_periods)
    db.table("documents").insert_all(documents)
    audit.append(
        db,
        state=sealing.seal_everything(db) if seal else None,  # no seal: a test's file of an older version
        actor=actor,
        action=action,
        entity="tender",
        entity_id=t.id,
        new={
            "title": t.title,
            "framework": fw.name,
            "criteria": len(fw.criteria),
            "bids": len(ev.bids),
            "evaluators": len(ev.evaluators),
            "scores": len(ev.scores),
            **(note or {}),
        },
    )
