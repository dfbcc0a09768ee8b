"""A whole tender as one JSON document (the shape is documented in docs/json-format.md)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from svi_desktop.domain.audit import AuditRow
from svi_desktop.domain.bid_fields import FIELDS
from svi_desktop.domain.criterion_fields import FIELDS as CRITERION
from svi_desktop.domain.model import Evaluation
from svi_desktop.domain.numbers import decimal_text
from svi_desktop.exports.atomic import write_text_atomic

FORMAT = "svi-tender"
VERSION = 1


def tender_document(ev: Evaluation) -> dict[str, Any]:
    fw = ev.framework
    t = ev.tender

    def dec(v: Decimal | None) -> str | None:
        return None if v is None else decimal_text(v)

    return {
        "format": FORMAT,
        "version": VERSION,
        "tender": {
            "id": t.id, "title": t.title, "reference": t.reference, "authority": t.authority,
            "description": t.description, "key_dates": [{"label": d.label, "date": d.date} for d in t.key_dates],
            "regime": t.regime, "cpv": t.cpv,
        },
        "framework": {
            "name": fw.name,
            "description": fw.description,
            "scale": {
                "name": fw.scale.name,
                "levels": [{"value": lv.value, "label": lv.label, "descriptor": lv.descriptor} for lv in fw.scale.levels],
            },
            "sections": [
                {
                    "id": s.id, "name": s.name, "kind": s.kind.value, "share": dec(s.share),
                    "price_formula": s.price_formula,
                    "criteria": [{"id": c.id, **{f.name: f.data(f.of(c)) for f in CRITERION}}
                                 for c in fw.criteria_of(s.id)],  # each field as domain/criterion_fields.py declares
                }
                for s in sorted(fw.sections, key=lambda s: s.position)
            ],
        },
        "bids": [
            {"id": b.id, **{f.name: f.data(f.of(b)) for f in FIELDS}, "status": b.status.value,
             "status_reason": b.status_reason}
            for b in ev.bids
        ],
        "responses": [{"bid": r.bid_id, "criterion": r.criterion_id, "text": r.text} for r in ev.responses],
        "evaluators": [
            {
                "id": e.id, "name": e.name, "role": e.role, "organisation": e.organisation,
                "declaration": None if e.declaration is None else {
                    "conflict": e.declaration.conflict, "details": e.declaration.details,
                    "management": e.declaration.management, "declared_at": e.declaration.declared_at,
                    "conflicts": [{"bid": c.bid_id, "details": c.details, "management": c.management.value,
                                   "reason": c.reason} for c in e.declaration.conflicts],
                },
            }
            for e in ev.evaluators
        ],
        "scores": [
            {
                "id": s.id, "evaluator": s.evaluator_id, "bid": s.bid_id, "criterion": s.criterion_id,
                "value": s.value, "rationale": s.rationale,
                "evidence": [{"text": c.text, "start": c.start, "end": c.end} for c in s.evidence],
                "flags": list(s.flags), "updated_at": s.updated_at, "on_behalf": s.on_behalf,
            }
            for s in ev.scores
        ],
        "consensus": [
            {"bid": c.bid_id, "criterion": c.criterion_id, "value": c.value, "note": c.note,
             "feedback": c.feedback, "updated_at": c.updated_at,
             "citations": [{"text": q.text, "start": q.start, "end": q.end} for q in c.citations],
             "advantages": c.advantages}
            for c in ev.consensus
        ],
        "settings": dict(sorted(ev.settings.items())),
        "conflicts_assessment": [
            {"id": a.id, "person": a.person, "role": a.role, "interests": a.interests, "assessment": a.assessment,
             "mitigation": a.mitigation, "reviewed_by": a.reviewed_by, "reviewed_on": a.reviewed_on,
             "next_review": a.next_review} for a in ev.assessments],
        "signoffs": [{"id": x.id, "name": x.name, "role": x.role, "signed_on": x.signed_on, "state": x.state,
                      "at": x.at} for x in ev.signoffs],
        "clarifications": [{"id": x.id, "bid": x.bid_id, "criterion": x.criterion_id, "question": x.question,
                            "raised_by": x.raised_by, "raised_at": x.raised_at, "sent_at": x.sent_at,
                            "answer": x.answer, "answered_at": x.answered_at} for x in ev.clarifications],
        "lots": [{"id": x.id, "code": x.code, "title": x.title, "value": dec(x.value)} for x in ev.lots],
        "lot_criteria": [{"criterion": x.criterion_id, "lot": x.lot_code} for x in ev.lot_criteria],
        "commitments": [{"id": x.id, "bid": x.bid_id, "measure": x.measure, "quantity": dec(x.quantity),
                         "unit": x.unit, "due": x.due, "evidence": x.evidence, "lot": x.lot_code, "theme": x.theme,
                         "outcome": x.outcome, "metric": x.metric} for x in ev.commitments],
        "kpis": [{"id": x.id, "lot": x.lot_code, "bid": x.bid_id, "source": x.source.value, "measure": x.measure,
                  "target": dec(x.target), "unit": x.unit, "due": x.due, "start": x.start, "commitment": x.commitment_id,
                  "outcome": x.outcome, "metric": x.metric, "made_at": x.made_at} for x in ev.kpis],
        "kpi_periods": [{"id": x.id, "kpi": x.kpi_id, "period_start": x.period_start, "period_end": x.period_end,
                         "actual": dec(x.actual), "evidence": x.evidence, "rating": x.rating.value, "note": x.note,
                         "recorded_by": x.recorded_by, "recorded_at": x.recorded_at} for x in ev.kpi_periods],
    }


def export_json(ev: Evaluation, target: Path, history: list[AuditRow] | None = None) -> Path:
    """The tender as a JSON document; with `history`, its audit trail as the record of who changed what when (a
    tender imported from it keeps it as text in its first audit row)."""
    doc = tender_document(ev)
    if history:
        doc["history"] = [{"seq": r.seq, "at": r.at, "actor": r.actor, "action": r.action} for r in history]
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    return write_text_atomic(Path(target), text)
