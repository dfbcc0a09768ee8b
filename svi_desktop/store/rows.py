"""Conversions between table rows and domain objects, in both directions."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from svi_desktop.domain.bid_fields import DETAILS, FIELDS, BidField
from svi_desktop.domain.contract import Commitment, CriterionLot, Kpi, KpiPeriod, KpiSource, Lot, Rating
from svi_desktop.domain.criterion_fields import FIELDS as CRITERION
from svi_desktop.domain.model import (
    Bid,
    BidConflict,
    BidStatus,
    Citation,
    Clarification,
    ConflictAssessment,
    ConflictManagement,
    Consensus,
    Criterion,
    CriterionKind,
    Declaration,
    Evaluator,
    KeyDate,
    OrganisationType,
    Regime,
    Score,
    Section,
    SectionKind,
    SignOff,
    Tender,
)
from svi_desktop.domain.numbers import decimal_text, finite_decimal
from svi_desktop.errors import DamagedFile


class BadRow(DamagedFile):
    """A row whose values are not what the program writes. `reason` says what is wrong with it; the message is a
    whole sentence in case it is shown as it is (the loader names the table and row instead)."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"The tender file is damaged: a row {reason}; restore it from a backup.")
        self.reason = reason


def _t(r: dict[str, Any], key: str) -> str:
    v = r[key]
    if not isinstance(v, str):
        raise BadRow(f"its {key} is not text")
    return v


def _i(r: dict[str, Any], key: str) -> int:
    v = r[key]
    if isinstance(v, bool) or not isinstance(v, int):
        raise BadRow(f"its {key} is not a whole number")
    return v


def _number(text: Any, key: str) -> Decimal:
    if not isinstance(text, str):
        raise BadRow(f"its {key} is not a number")
    value = finite_decimal(text)
    if value is None:
        raise BadRow(f"its {key} {text[:40]!r} is not a number")
    return value


def _dec(text: str | None, key: str = "value") -> Decimal | None:
    return None if text is None else _number(text, key)


def _enum(kind: type[Any], r: dict[str, Any], key: str) -> Any:
    try:
        return kind(r[key])
    except ValueError:
        raise BadRow(f"its {key} {str(r[key])[:40]!r} is not one the program knows") from None


def _json(r: dict[str, Any], key: str) -> Any:
    text = _t(r, key)
    if text == "[]":  # most scores cite nothing and tick no flag: 80,000 of them in a large tender
        return []
    try:
        return json.loads(text)
    except ValueError:
        raise BadRow(f"its {key} is not the list the program writes") from None


def _strings(r: dict[str, Any], key: str) -> tuple[str, ...]:
    items = _json(r, key)
    if not isinstance(items, list) or any(not isinstance(x, str) for x in items):
        raise BadRow(f"its {key} is not a list of text")
    return tuple(items)


def section_row(s: Section) -> dict[str, Any]:
    return {"id": s.id, "name": s.name, "share": decimal_text(s.share), "kind": s.kind.value,
            "position": s.position, "price_formula": s.price_formula}


def section_from(r: dict[str, Any]) -> Section:
    return Section(_t(r, "id"), _t(r, "name"), _number(r["share"], "share"), _enum(SectionKind, r, "kind"),
                   _i(r, "position"), _t(r, "price_formula"))


def criterion_row(c: Criterion) -> dict[str, Any]:
    return {"id": c.id, "section_id": c.section_id, **{f.name: f.row(f.of(c)) for f in CRITERION},
            "position": c.position}


def criterion_from(r: dict[str, Any]) -> Criterion:
    return Criterion(
        id=_t(r, "id"), section_id=_t(r, "section_id"), code=_t(r, "code"), title=_t(r, "title"),
        kind=_enum(CriterionKind, r, "kind"), weight=_number(r["weight"], "weight"),
        threshold=_dec(r["threshold"], "threshold"), guidance=_t(r, "guidance"),
        distinguished_from=_t(r, "distinguished_from"), flags=_strings(r, "flags"), position=_i(r, "position"),
    )


def tender_from(r: dict[str, Any]) -> Tender:
    regime = _t(r, "regime") if "regime" in r else ""
    if regime and regime not in {g.value for g in Regime}:
        raise BadRow(f"its regime {regime[:40]!r} is not one the program knows")
    return Tender(_t(r, "id"), _t(r, "title"), _t(r, "reference"), _t(r, "authority"), _t(r, "description"),
                  key_dates_from(_t(r, "key_dates")), regime, _t(r, "cpv") if "cpv" in r else "")


def key_dates_from(text: str) -> tuple[KeyDate, ...]:
    try:
        items = json.loads(text)
        return tuple(KeyDate(d["label"], d["date"]) for d in items
                     if isinstance(d["label"], str) and isinstance(d["date"], str))
    except (ValueError, TypeError, KeyError):
        raise BadRow("its key dates are not the list the program writes") from None


def key_dates_text(dates: tuple[KeyDate, ...]) -> str:
    return json.dumps([{"label": d.label, "date": d.date} for d in dates], ensure_ascii=False)


def bid_row(b: Bid, position: int = 0) -> dict[str, Any]:
    return {"id": b.id, **{f.name: field_row(f, f.of(b)) for f in FIELDS}, "status": b.status.value,
            "status_reason": b.status_reason, "position": position}


def field_row(f: BidField, value: Any) -> Any:
    """A bid's field as its column holds it: a field per lot as the JSON list a document carries."""
    return json.dumps(f.data(value), ensure_ascii=False) if f.per_lot else f.data(value)


def _per_lot(f: BidField, r: dict[str, Any]) -> Any:
    try:
        return f.accept(_t(r, f.name))
    except ValueError:
        raise BadRow(f"its {f.name} are not the list the program writes") from None


def bid_from(r: dict[str, Any]) -> Bid:
    declared: dict[str, Any] = {f.name: _t(r, f.name) for f in DETAILS if f.name in r}  # none before version 7
    declared.update({f.name: _per_lot(f, r) for f in FIELDS if f.per_lot and f.name in r})  # each as declared
    return Bid(
        id=_t(r, "id"), supplier=_t(r, "supplier"), organisation_type=_enum(OrganisationType, r, "organisation_type"),
        price=_dec(r["price"], "price"), status=_enum(BidStatus, r, "status"), status_reason=_t(r, "status_reason"),
        lot=_t(r, "lot"), received=_t(r, "received"), **declared,
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
        if r["coi_conflict"] not in (0, 1):
            raise BadRow("its declaration is neither a conflict nor none")
        decl = Declaration(bool(r["coi_conflict"]), _t(r, "coi_details"), _t(r, "coi_management"),
                           _t(r, "coi_declared_at"))
    return Evaluator(_t(r, "id"), _t(r, "name"), _t(r, "role"), _t(r, "organisation"), decl)


def conflict_row(evaluator_id: str, c: BidConflict, decided_at: str = "") -> dict[str, Any]:
    return {"evaluator_id": evaluator_id, "bid_id": c.bid_id, "details": c.details, "management": c.management.value,
            "reason": c.reason, "decided_at": decided_at}


def conflict_from(r: dict[str, Any]) -> tuple[str, BidConflict]:
    return _t(r, "evaluator_id"), BidConflict(_t(r, "bid_id"), _t(r, "details"),
                                              _enum(ConflictManagement, r, "management"), _t(r, "reason"))


def assessment_row(a: ConflictAssessment) -> dict[str, Any]:
    return {"id": a.id, "person": a.person, "role": a.role, "interests": a.interests, "assessment": a.assessment,
            "mitigation": a.mitigation, "reviewed_by": a.reviewed_by, "reviewed_on": a.reviewed_on,
            "next_review": a.next_review}


def assessment_from(r: dict[str, Any]) -> ConflictAssessment:
    return ConflictAssessment(*(_t(r, k) for k in ("id", "person", "role", "interests", "assessment", "mitigation",
                                                   "reviewed_by", "reviewed_on", "next_review")))


def citations_text(evidence: tuple[Citation, ...]) -> str:
    return json.dumps([{"text": c.text, "start": c.start, "end": c.end} for c in evidence], ensure_ascii=False)


def score_row(s: Score) -> dict[str, Any]:
    return {
        "id": s.id, "evaluator_id": s.evaluator_id, "bid_id": s.bid_id, "criterion_id": s.criterion_id,
        "value": s.value, "rationale": s.rationale, "evidence": citations_text(s.evidence),
        "flags": json.dumps(list(s.flags), ensure_ascii=False), "updated_at": s.updated_at,
        "on_behalf": s.on_behalf,
    }


def score_from(r: dict[str, Any]) -> Score:
    # The common row, checked in one expression (a large tender has 160,000 of them): every text column exactly
    # text, the value exactly a whole number, nothing cited or flagged. Anything else takes the full checks below.
    i, e, b, c, v, rat, up = (r["id"], r["evaluator_id"], r["bid_id"], r["criterion_id"], r["value"], r["rationale"],
                              r["updated_at"])
    behalf = r.get("on_behalf", "")
    if (type(v) is int and type(i) is str and type(e) is str and type(b) is str and type(c) is str
            and type(rat) is str and type(up) is str and type(behalf) is str
            and r["evidence"] == "[]" and r["flags"] == "[]"):
        return Score(i, e, b, c, v, rat, (), (), up, behalf)
    return Score(
        id=_t(r, "id"), evaluator_id=_t(r, "evaluator_id"), bid_id=_t(r, "bid_id"), criterion_id=_t(r, "criterion_id"),
        value=_i(r, "value"), rationale=_t(r, "rationale"), evidence=_citations(r),
        flags=_strings(r, "flags"), updated_at=_t(r, "updated_at"),
        on_behalf=_t(r, "on_behalf") if "on_behalf" in r else "",  # a return collected before version 6 has none
    )


def _citations(r: dict[str, Any], key: str = "evidence") -> tuple[Citation, ...]:
    items = _json(r, key)
    try:
        out = tuple(Citation(c["text"], c["start"], c["end"]) for c in items)
    except (TypeError, KeyError):
        raise BadRow(f"its {key} is not the list the program writes") from None
    if any(not isinstance(c.text, str) or isinstance(c.start, bool) or not isinstance(c.start, int)
           or isinstance(c.end, bool) or not isinstance(c.end, int) or not 0 <= c.start <= c.end for c in out):
        raise BadRow(f"its {key} does not point into a response")
    return out


def consensus_row(c: Consensus) -> dict[str, Any]:
    return {"bid_id": c.bid_id, "criterion_id": c.criterion_id, "value": c.value, "note": c.note,
            "feedback": c.feedback, "updated_at": c.updated_at, "citations": citations_text(c.citations),
            "advantages": c.advantages}


def consensus_from(r: dict[str, Any]) -> Consensus:
    return Consensus(_t(r, "bid_id"), _t(r, "criterion_id"), _i(r, "value"), _t(r, "note"), _t(r, "feedback"),
                     _t(r, "updated_at"), _citations(r, "citations") if "citations" in r else (),
                     _t(r, "advantages") if "advantages" in r else "")


def signoff_row(s: SignOff) -> dict[str, Any]:
    return {"id": s.id, "name": s.name, "role": s.role, "signed_on": s.signed_on, "state": s.state, "at": s.at}


def signoff_from(r: dict[str, Any]) -> SignOff:
    return SignOff(*(_t(r, k) for k in ("id", "name", "role", "signed_on", "state", "at")))


CLARIFICATION_FIELDS = ("id", "bid_id", "criterion_id", "question", "raised_by", "raised_at", "sent_at", "answer",
                        "answered_at")


def clarification_row(c: Clarification) -> dict[str, Any]:
    return {k: getattr(c, k) for k in CLARIFICATION_FIELDS}


def clarification_from(r: dict[str, Any]) -> Clarification:
    return Clarification(*(_t(r, k) for k in CLARIFICATION_FIELDS))


# -- lots, commitments, KPIs (version 9) --------------------------------------------------------------------------

def _opt_dec(r: dict[str, Any], key: str) -> Decimal | None:
    return None if r[key] is None else _number(r[key], key)


def _date_text(r: dict[str, Any], key: str, *, required: bool = True) -> str:
    text = _t(r, key)
    if not text and not required:
        return ""
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise BadRow(f"its {key} {text[:40]!r} is not a date") from None


def lot_row(lot: Lot) -> dict[str, Any]:
    return {"id": lot.id, "code": lot.code, "title": lot.title,
            "value": None if lot.value is None else decimal_text(lot.value), "position": lot.position}


def lot_from(r: dict[str, Any]) -> Lot:
    code = _t(r, "code")
    if not code.strip() or "," in code:
        raise BadRow("its code is empty or holds a comma")
    return Lot(_t(r, "id"), code, _t(r, "title"), _opt_dec(r, "value"), _i(r, "position"))


def lot_criterion_from(r: dict[str, Any]) -> CriterionLot:
    return CriterionLot(_t(r, "criterion_id"), _t(r, "lot_code"))


COMMITMENT_TEXT = ("id", "bid_id", "measure", "unit", "evidence", "lot_code", "theme", "outcome", "metric")


def commitment_row(c: Commitment) -> dict[str, Any]:
    return {**{k: getattr(c, k) for k in COMMITMENT_TEXT}, "quantity": decimal_text(c.quantity), "due": c.due,
            "position": c.position}


def commitment_from(r: dict[str, Any]) -> Commitment:
    return Commitment(
        id=_t(r, "id"), bid_id=_t(r, "bid_id"), measure=_t(r, "measure"), quantity=_number(r["quantity"], "quantity"),
        unit=_t(r, "unit"), due=_date_text(r, "due"), evidence=_t(r, "evidence"), lot_code=_t(r, "lot_code"),
        theme=_t(r, "theme"), outcome=_t(r, "outcome"), metric=_t(r, "metric"), position=_i(r, "position"))


KPI_TEXT = ("id", "lot_code", "bid_id", "measure", "unit", "commitment_id", "outcome", "metric", "made_at")


def kpi_row(k: Kpi) -> dict[str, Any]:
    return {**{f: getattr(k, f) for f in KPI_TEXT}, "source": k.source.value, "target": decimal_text(k.target),
            "due": k.due, "start": k.start, "position": k.position}


def kpi_from(r: dict[str, Any]) -> Kpi:
    return Kpi(
        id=_t(r, "id"), lot_code=_t(r, "lot_code"), bid_id=_t(r, "bid_id"), source=_enum(KpiSource, r, "source"),
        measure=_t(r, "measure"), target=_number(r["target"], "target"), unit=_t(r, "unit"), due=_date_text(r, "due"),
        start=_date_text(r, "start"), commitment_id=_t(r, "commitment_id"), outcome=_t(r, "outcome"), metric=_t(r, "metric"),
        made_at=_t(r, "made_at"), position=_i(r, "position"))


PERIOD_TEXT = ("id", "kpi_id", "evidence", "note", "recorded_by", "recorded_at")


def kpi_period_row(p: KpiPeriod) -> dict[str, Any]:
    return {**{f: getattr(p, f) for f in PERIOD_TEXT}, "period_start": p.period_start, "period_end": p.period_end,
            "actual": decimal_text(p.actual), "rating": p.rating.value}


def kpi_period_from(r: dict[str, Any]) -> KpiPeriod:
    return KpiPeriod(
        id=_t(r, "id"), kpi_id=_t(r, "kpi_id"), period_start=_date_text(r, "period_start"),
        period_end=_date_text(r, "period_end"), actual=_number(r["actual"], "actual"), evidence=_t(r, "evidence"),
        rating=_enum(Rating, r, "rating"), note=_t(r, "note"), recorded_by=_t(r, "recorded_by"),
        recorded_at=_t(r, "recorded_at"))
