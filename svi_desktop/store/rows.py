"""Conversions between table rows and domain objects, in both directions."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from svi_desktop.domain.model import (
    Bid,
    BidStatus,
    Citation,
    Consensus,
    Criterion,
    CriterionKind,
    Declaration,
    Evaluator,
    KeyDate,
    OrganisationType,
    Score,
    Section,
    SectionKind,
    Tender,
)
from svi_desktop.domain.numbers import decimal_text


def _dec(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def section_row(s: Section) -> dict[str, Any]:
    return {"id": s.id, "name": s.name, "share": decimal_text(s.share), "kind": s.kind.value,
            "position": s.position, "price_formula": s.price_formula}


def section_from(r: dict[str, Any]) -> Section:
    return Section(r["id"], r["name"], Decimal(r["share"]), SectionKind(r["kind"]), r["position"], r["price_formula"])


def criterion_row(c: Criterion) -> dict[str, Any]:
    return {
        "id": c.id, "section_id": c.section_id, "code": c.code, "title": c.title, "kind": c.kind.value,
        "weight": decimal_text(c.weight), "threshold": None if c.threshold is None else decimal_text(c.threshold),
        "guidance": c.guidance, "distinguished_from": c.distinguished_from, "flags": json.dumps(list(c.flags)),
        "position": c.position,
    }


def criterion_from(r: dict[str, Any]) -> Criterion:
    return Criterion(
        id=r["id"], section_id=r["section_id"], code=r["code"], title=r["title"], kind=CriterionKind(r["kind"]),
        weight=Decimal(r["weight"]), threshold=_dec(r["threshold"]), guidance=r["guidance"],
        distinguished_from=r["distinguished_from"], flags=tuple(json.loads(r["flags"])), position=r["position"],
    )


def tender_from(r: dict[str, Any]) -> Tender:
    return Tender(r["id"], r["title"], r["reference"], r["authority"], r["description"], key_dates_from(r["key_dates"]))


def key_dates_from(text: str) -> tuple[KeyDate, ...]:
    return tuple(KeyDate(d["label"], d["date"]) for d in json.loads(text))


def key_dates_text(dates: tuple[KeyDate, ...]) -> str:
    return json.dumps([{"label": d.label, "date": d.date} for d in dates], ensure_ascii=False)


def bid_row(b: Bid, position: int = 0) -> dict[str, Any]:
    return {
        "id": b.id, "supplier": b.supplier, "organisation_type": b.organisation_type.value,
        "price": None if b.price is None else decimal_text(b.price), "status": b.status.value,
        "status_reason": b.status_reason, "lot": b.lot, "received": b.received, "position": position,
    }


def bid_from(r: dict[str, Any]) -> Bid:
    return Bid(
        id=r["id"], supplier=r["supplier"], organisation_type=OrganisationType(r["organisation_type"]),
        price=_dec(r["price"]), status=BidStatus(r["status"]), status_reason=r["status_reason"], lot=r["lot"],
        received=r["received"],
    )


def evaluator_row(e: Evaluator) -> dict[str, Any]:
    d = e.declaration
    return {
        "id": e.id, "name": e.name, "role": e.role, "organisation": e.organisation,
        "coi_conflict": None if d is None else int(d.conflict),
        "coi_details": d.details if d else "", "coi_management": d.management if d else "",
        "coi_declared_at": d.declared_at if d else "",
    }


def evaluator_from(r: dict[str, Any]) -> Evaluator:
    decl = None
    if r["coi_conflict"] is not None:
        decl = Declaration(bool(r["coi_conflict"]), r["coi_details"], r["coi_management"], r["coi_declared_at"])
    return Evaluator(r["id"], r["name"], r["role"], r["organisation"], decl)


def citations_text(evidence: tuple[Citation, ...]) -> str:
    return json.dumps([{"text": c.text, "start": c.start, "end": c.end} for c in evidence], ensure_ascii=False)


def score_row(s: Score) -> dict[str, Any]:
    return {
        "id": s.id, "evaluator_id": s.evaluator_id, "bid_id": s.bid_id, "criterion_id": s.criterion_id,
        "value": s.value, "rationale": s.rationale, "evidence": citations_text(s.evidence),
        "flags": json.dumps(list(s.flags), ensure_ascii=False), "updated_at": s.updated_at,
    }


def score_from(r: dict[str, Any]) -> Score:
    return Score(
        id=r["id"], evaluator_id=r["evaluator_id"], bid_id=r["bid_id"], criterion_id=r["criterion_id"],
        value=r["value"], rationale=r["rationale"],
        evidence=tuple(Citation(c["text"], c["start"], c["end"]) for c in json.loads(r["evidence"])),
        flags=tuple(json.loads(r["flags"])), updated_at=r["updated_at"],
    )


def consensus_row(c: Consensus) -> dict[str, Any]:
    return {"bid_id": c.bid_id, "criterion_id": c.criterion_id, "value": c.value, "note": c.note,
            "feedback": c.feedback, "updated_at": c.updated_at}


def consensus_from(r: dict[str, Any]) -> Consensus:
    return Consensus(r["bid_id"], r["criterion_id"], r["value"], r["note"], r["feedback"], r["updated_at"])
