"""The notice the tender's regime requires, from the same record as the summaries.

Procurement Act 2023 (competitive or light-touch): the contract award notice's information (s.50; Procurement
Regulations 2024), as a PDF to check and sign, and as JSON for the central digital platform (shaped as an Open
Contracting Data Standard release, the platform's data standard). Provider Selection Regime: the notice of intention
to award (reg 12 and Schedule 7 information), naming the decision makers, the reasons against the key criteria, the
conflicts declared and how they were managed, and the standstill's last day. PSR direct awards A and B publish a
notice of the award after it is made; "other" regimes have no statutory notice, and a record of the decision is made.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer

from svi_desktop.domain.audit import AuditRow, document_digest
from svi_desktop.domain.model import REGIME_NAMES, Bid, Evaluation, OrganisationType, Regime, SectionKind
from svi_desktop.domain.numbers import decimal_text, fmt, money
from svi_desktop.domain.rules import scored_criteria
from svi_desktop.domain.scoring import Results, compute_results, effective_weights
from svi_desktop.domain.standstill import Standstill, standstill_for
from svi_desktop.errors import KnownError
from svi_desktop.exports.atomic import atomic_path, write_text_atomic
from svi_desktop.exports.pdf_common import footed_canvas, para, styles, table
from svi_desktop.store.outputs import check_output

WIDTH = A4[0] - 30 * mm


def notice_title(regime: str) -> str:
    if regime.startswith("psr-direct-a") or regime.startswith("psr-direct-b"):
        return "Notice of the award of a contract (Provider Selection Regime, direct award)"
    if regime.startswith("psr-"):
        return "Notice of intention to award a contract (Provider Selection Regime)"
    if regime.startswith("act-"):
        return "Contract award notice (Procurement Act 2023)"
    return "Record of the award decision"


def _stem(ev: Evaluation) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", ev.tender.reference or ev.tender.title).strip("-")[:60] or "tender"


def _identifier(b: Bid) -> dict[str, str]:
    scheme = "GB-PPON" if b.identifier.startswith("P") and "-" in b.identifier else "GB-COH"
    return {"scheme": scheme, "id": b.identifier}


def _winner(results: Results) -> Bid:
    if not results.ranked:
        raise KnownError("No bid is ranked, so there is nobody to award the contract to; the notice was not made.")
    return results.ranked[0].bid


def notice_document(ev: Evaluation, published: dt.date, digest: str, results: Results | None = None) -> dict[str, Any]:
    """The notice's information, for the central digital platform: an OCDS release with the award."""
    results = results or compute_results(ev)
    w = _winner(results)
    t = ev.tender
    found = standstill_for(t.regime, published)
    sme = sum(1 for b in ev.bids if b.organisation_type is OrganisationType.SME)
    vcse = sum(1 for b in ev.bids if b.organisation_type is OrganisationType.VCFSE)
    return {
        "format": "svi-award-notice",
        "version": 1,
        "ocid": f"ocds-svi-{t.id}",
        "id": f"{t.id}-award-notice-{published.isoformat()}",
        "date": published.isoformat(),
        "tag": ["award"],
        "noticeType": notice_title(t.regime),
        "regime": t.regime,
        "parties": [
            {"id": "buyer", "name": t.authority, "roles": ["buyer"]},
            {"id": w.id, "name": w.supplier, "roles": ["supplier"], "identifier": _identifier(w),
             "address": {"streetAddress": w.address}, "contactPoint": {"email": w.email},
             "details": {"scale": {OrganisationType.SME: "sme", OrganisationType.VCFSE: "vcse"}.get(
                 w.organisation_type, "large" if w.organisation_type is OrganisationType.LARGE else "other")}},
        ],
        "buyer": {"id": "buyer", "name": t.authority},
        "tender": {
            "id": t.reference or t.id, "title": t.title, "description": t.description,
            "numberOfTenderers": len(ev.bids),
            "tenderersFromSMEs": sme, "tenderersFromVCSEs": vcse,
            "awardCriteria": [
                {"name": s.name, "share": decimal_text(s.share), "kind": s.kind.value}
                for s in sorted(ev.framework.sections, key=lambda x: x.position)],
        },
        "awards": [{
            "id": f"{t.id}-award",
            "title": t.title,
            "status": "pending",
            "date": published.isoformat(),
            "suppliers": [{"id": w.id, "name": w.supplier}],
            "value": None if w.price is None else {"amount": decimal_text(w.price), "currency": "GBP"},
            "standstillPeriod": None if found is None else {"startDate": published.isoformat(),
                                                            "endDate": found.last_day.isoformat()},
        }],
        "decisionMakers": [{"name": x.name, "role": x.role, "signedOn": x.signed_on} for x in ev.signoffs],
        "stateDigest": digest,
    }


def write_notice(ev: Evaluation, folder: Path, audit_rows: list[AuditRow], *, published: dt.date,
                 draft: bool = True) -> list[Path]:
    """The regime's notice as PDF (and, under the Act, JSON for the central digital platform) into `folder`."""
    if not ev.tender.regime:
        raise KnownError("Choose the procurement regime in Setup first: it decides which notice is made.")
    results = compute_results(ev)
    _winner(results)
    digest = document_digest(audit_rows)
    folder = check_output(Path(folder), folder=True)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{_stem(ev)}-{'award-notice' if ev.tender.regime.startswith('act-') else 'notice'}"
    made = [_write_pdf(ev, results, folder / f"{stem}.pdf", digest, published, draft)]
    if ev.tender.regime.startswith("act-"):
        doc = notice_document(ev, published, digest, results)
        if draft:
            doc["draft"] = True
        made.append(write_text_atomic(folder / f"{stem}.json", json.dumps(doc, indent=2, ensure_ascii=False) + "\n"))
    return made


def _write_pdf(ev: Evaluation, results: Results, target: Path, digest: str, published: dt.date, draft: bool) -> Path:
    st = styles()
    t = ev.tender
    regime = Regime(t.regime)
    w = results.ranked[0]
    found = standstill_for(t.regime, published)
    s: list = [para(notice_title(t.regime), st["h1"]),
               para(("DRAFT: not for publication. " if draft else "") + f"{t.title}"
                    + (f" ({t.reference})" if t.reference else "") + f". {t.authority}.", st["body"]),
               para(f"Awarded under: {REGIME_NAMES[regime]}. Notice published on {published:%A} {published.day} "
                    f"{published:%B %Y}.", st["body"]), Spacer(1, 2 * mm)]
    s.append(para("The supplier", st["h2"]))
    s.append(table([["Supplier", para(w.bid.supplier, st["cell"])],
                    ["Identifier", w.bid.identifier or "–"],
                    ["Registered address", para(w.bid.address.replace("\n", ", ") or "–", st["cell"])],
                    ["Email", para(w.bid.email or "–", st["cell"])],
                    ["Type of organisation", w.bid.organisation_type.value],
                    ["Contract value", money(w.bid.price) if w.bid.price is not None else "–"]],
                   [45 * mm, WIDTH - 45 * mm], header=False))
    s.append(para("The procurement", st["h2"]))
    sme = sum(1 for b in ev.bids if b.organisation_type is OrganisationType.SME)
    vcse = sum(1 for b in ev.bids if b.organisation_type is OrganisationType.VCFSE)
    s.append(para(f"{len(ev.bids)} tenders were received ({sme} from SMEs, {vcse} from VCSEs). The winning tender "
                  f"scored {fmt(w.total)} out of 100.", st["body"]))
    if t.description:
        s.append(para(t.description, st["body"]))
    if found is not None:
        s.append(para("Standstill", st["h2"]))
        s.append(para(_standstill_text(found), st["body"]))
    if regime in (Regime.PSR_COMPETITIVE, Regime.PSR_DIRECT_A, Regime.PSR_DIRECT_B, Regime.PSR_DIRECT_C):
        s += _psr_sections(ev, results, st)
    else:
        rows = [["Award criterion", "Weighting"]]
        for sec in sorted(ev.framework.sections, key=lambda x: x.position):
            rows.append([para(sec.name, st["cell"]), "qualification gates" if sec.kind is SectionKind.GATES
                         else f"{fmt(sec.share, 0)}%"])
        s.append(para("Award criteria", st["h2"]))
        s.append(table(rows, [110 * mm, 40 * mm]))
    if ev.signoffs:
        s.append(para("Decision", st["h2"]))
        s.append(para("The award decision was signed off by " + "; ".join(
            f"{x.name}, {x.role}, on {x.signed_on}" for x in ev.signoffs) + ".", st["body"]))
    with atomic_path(target) as tmp:
        doc = SimpleDocTemplate(str(tmp), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                                bottomMargin=18 * mm, title=notice_title(t.regime))
        doc.build(s, canvasmaker=footed_canvas(t.reference or t.title, digest, draft))
    return target


def _standstill_text(found: Standstill) -> str:
    day = found.last_day
    return (f"The contract will not be entered into before the standstill period ends at midnight at the end of "
            f"{day:%A} {day.day} {day:%B %Y} ({found.rule}).")


def _psr_sections(ev: Evaluation, results: Results, st: dict) -> list:
    """What the PSR's notice of intention to award adds: the decision makers, the reasons against the key criteria
    (how they were weighed, and the panel's explanation of the selected provider's scores), and the conflicts."""
    w = results.ranked[0]
    out: list = [para("Decision makers", st["h2"])]
    names = [f"{x.name} ({x.role})" for x in ev.signoffs] or ["(not signed off yet)"]
    panel = [f"{e.name}" + (f" ({e.role})" if e.role else "") for e in ev.evaluators]
    out.append(para("The decision was made by " + "; ".join(names) + ", on the evaluation of a panel of "
                    + "; ".join(panel) + ".", st["body"]))
    out.append(para("Reasons for the decision, against the key criteria", st["h2"]))
    eff = effective_weights(ev.framework)
    agreed = {(c.bid_id, c.criterion_id): c for c in ev.consensus}
    rows = [["Criterion", "Weight", "Score", "The panel's reasons"]]
    for c in scored_criteria(ev.framework):
        value = w.criteria[c.id].value
        found = agreed.get((w.bid.id, c.id))
        reason = (found.feedback if found and found.feedback.strip() else "–")
        rows.append([para(f"{c.code} {c.title}", st["cell"]),
                     f"{fmt(eff[c.id])}%" if c.id in eff else "gate",
                     fmt(value) if value is not None else "–", para(reason, st["cell"])])
    out.append(table(rows, [50 * mm, 18 * mm, 16 * mm, WIDTH - 84 * mm]))
    out.append(para("Conflicts of interest declared, and how they were managed", st["h2"]))
    rows = [["Person", "Declared", "How it was managed"]]
    bids = {b.id: b.supplier for b in ev.bids}
    for e in ev.evaluators:
        d = e.declaration
        if d is None:
            rows.append([para(e.name, st["cell"]), "not declared", "–"])
        elif not d.conflict and not d.conflicts:
            rows.append([para(e.name, st["cell"]), "no conflict", "–"])
        else:
            for conflict in d.conflicts:
                managed = ("excluded from scoring this bidder" if conflict.excluded
                           else f"allowed to score: {conflict.reason}")
                rows.append([para(e.name, st["cell"]),
                             para(f"{bids.get(conflict.bid_id, '?')}: {conflict.details}", st["cell"]),
                             para(managed, st["cell"])])
            if not d.conflicts:
                rows.append([para(e.name, st["cell"]), para(d.details, st["cell"]), para(d.management, st["cell"])])
    for a in ev.assessments:
        rows.append([para(f"{a.person} ({a.role})", st["cell"]), para(a.interests, st["cell"]),
                     para(f"{a.assessment} {a.mitigation}".strip(), st["cell"])])
    out.append(table(rows, [45 * mm, 60 * mm, WIDTH - 105 * mm]))
    return out
