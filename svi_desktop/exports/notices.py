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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, SimpleDocTemplate, Spacer

from svi_desktop.domain.audit import AuditRow, document_digest
from svi_desktop.domain.award import without_other_bidders
from svi_desktop.domain.contract import Lot
from svi_desktop.domain.lots import allocate, lot_limit, ordinal
from svi_desktop.domain.model import REGIME_NAMES, Bid, Evaluation, OrganisationType, Regime, SectionKind
from svi_desktop.domain.notice_details import (
    ABOVE_THRESHOLD,
    BUYER_ID,
    CONTRACT_END,
    CONTRACT_START,
    OCID_PREFIX,
    SUMMARIES_SENT,
    cpv_codes,
    identifier_scheme,
)
from svi_desktop.domain.numbers import fmt, money
from svi_desktop.domain.psr import KEY_CRITERIA
from svi_desktop.domain.rules import scored_criteria
from svi_desktop.domain.scoring import BidResult, Results, compute_results, effective_weights
from svi_desktop.domain.standstill import Standstill, standstill_for
from svi_desktop.errors import KnownError
from svi_desktop.exports.atomic import atomic_path, write_text_atomic
from svi_desktop.exports.ocds import UK_EXTENSION_URL, ensure_valid
from svi_desktop.exports.pdf_common import footed_canvas, para, styles, table
from svi_desktop.store.outputs import check_output

WIDTH = A4[0] - 30 * mm
OTHER_PROVIDER = "a provider not selected"


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


def _winner(results: Results) -> Bid:
    if not results.ranked:
        raise KnownError("No bid is ranked, so there is nobody to award the contract to; the notice was not made.")
    return results.ranked[0].bid


@dataclass(frozen=True)
class Award:
    """One contract the notice awards: the tender's, or a lot's to the bid awarded it under the limit on lots per
    supplier (not necessarily the lot's first), with the lot's own evaluation (its bids at their prices for it)."""

    lot: Lot | None
    ev: Evaluation
    results: Results
    winner: BidResult


def awards(ev: Evaluation, lot: str = "") -> list[Award]:
    """What a notice awards: the tender's one contract; in lots, each lot awarded (or the one lot `lot`)."""
    if not ev.lots:
        results = compute_results(ev)
        return [Award(None, ev, results, results.by_bid()[_winner(results).id])]
    out = []
    for a in allocate(ev).lots:
        if lot and a.lot.code != lot:
            continue
        if a.winner is None:
            if lot:
                raise KnownError(f"No bid is awarded lot {lot} on these results, so its notice was not made.")
            continue  # a lot nobody is awarded is not in the notice of the awards
        out.append(Award(a.lot, a.evaluation, a.results, a.results.by_bid()[a.winner]))
    if not out:
        raise KnownError("No lot is awarded on these results, so there is nobody to award a contract to; the notice "
                         "was not made.")
    return out


DRAFT_PREFIX = "ocds-draft0"  # a draft's OCID before the authority's prefix is recorded (a final one is refused)
PSR = (Regime.PSR_COMPETITIVE, Regime.PSR_DIRECT_A, Regime.PSR_DIRECT_B, Regime.PSR_DIRECT_C)
# The procedure in OCDS's closed method codelist, by regime: the PSR's direct awards are direct.
METHOD = {Regime.ACT_COMPETITIVE: "open", Regime.ACT_LIGHT_TOUCH: "open", Regime.PSR_COMPETITIVE: "open",
          Regime.PSR_DIRECT_A: "direct", Regime.PSR_DIRECT_B: "direct", Regime.PSR_DIRECT_C: "direct"}


def _when(day: dt.date, end: bool = False) -> str:
    """A day as an OCDS date-time: its start (or its last second) in UK time, with the offset."""
    try:
        from zoneinfo import ZoneInfo

        zone: dt.tzinfo = ZoneInfo("Europe/London")
    except Exception:  # no time zone data on this machine: UTC, still a valid offset
        zone = dt.UTC
    return dt.datetime.combine(day, dt.time(23, 59, 59) if end else dt.time(0), tzinfo=zone).isoformat()


def _amount(value: Any) -> dict[str, Any]:
    """A value in OCDS: a number with its currency (a whole number of pounds as an integer)."""
    number = int(value) if value == value.to_integral_value() else float(value)
    return {"amount": number, "currency": "GBP"}


def _party_id(b: Bid) -> str:
    scheme = identifier_scheme(b.identifier)
    return f"{scheme}-{b.identifier}" if scheme else f"supplier-{b.id}"


def _supplier(b: Bid) -> dict[str, Any]:
    scheme = identifier_scheme(b.identifier)
    details: dict[str, Any] = {"vcse": b.organisation_type is OrganisationType.VCFSE}
    if b.organisation_type in (OrganisationType.SME, OrganisationType.LARGE):
        details["scale"] = "sme" if b.organisation_type is OrganisationType.SME else "large"
    return {"id": _party_id(b), "name": b.supplier, "roles": ["supplier"],
            **({"identifier": {"scheme": scheme, "id": b.identifier, "legalName": b.supplier}} if scheme else {}),
            "address": {"streetAddress": b.address.replace("\n", ", ")}, "contactPoint": {"email": b.email},
            "details": details}


def notice_package(ev: Evaluation, published: dt.date, digest: str, given: list[Award] | None = None,
                   lot: str = "", *, draft: bool = True) -> dict[str, Any]:
    """The notice's information for the central digital platform: an OCDS 1.1.5 release package (UK profile) with
    one release and its awards (`given`, else worked out: `awards`); in lots, the tender's lots (`tender.lots`) and an
    award per lot (`awards[].relatedLots`), or the one lot `lot`. The program's own facts (the state digest, the
    decision makers) are under `svi`."""
    given = given or awards(ev, lot)
    t = ev.tender
    regime = Regime(t.regime)
    settings = ev.settings
    found = standstill_for(t.regime, published)
    tendered = {b.id: b for a in given for b in a.ev.bids}  # in lots, those who bid for the lots awarded
    sme = sum(1 for b in tendered.values() if b.organisation_type is OrganisationType.SME)
    vcse = sum(1 for b in tendered.values() if b.organisation_type is OrganisationType.VCFSE)
    above = settings.get(ABOVE_THRESHOLD, "yes") == "yes"
    release_id = f"{t.id}-notice-{published.isoformat()}" + (f"-lot-{lot}" if lot else "")
    buyer_ppon = settings.get(BUYER_ID, "")
    buyer = {"id": f"GB-PPON-{buyer_ppon}" if buyer_ppon else "buyer", "name": t.authority or "the authority"}
    codes = cpv_codes(t.cpv)
    intention = regime in (Regime.PSR_COMPETITIVE, Regime.PSR_DIRECT_C)  # the PSR's notice of intention to award
    tender: dict[str, Any] = {
        "id": t.reference or t.id, "title": t.title, "description": t.description,
        "status": "active" if intention else "complete",
        "procurementMethod": METHOD[regime], "procurementMethodDetails": REGIME_NAMES[regime],
        "mainProcurementCategory": "services", "aboveThreshold": above,
        "awardCriteria": "ratedCriteria",
        "awardCriteriaDetails": "; ".join(
            f"{s.name}: " + ("qualification gates" if s.kind is SectionKind.GATES else f"{fmt(s.share, 0)}%")
            for s in sorted(ev.framework.sections, key=lambda x: x.position)) + (
            "; key criteria (PSR reg 5): " + "; ".join(
                f"{k.name}: " + (without_other_bidders(settings.get(k.key, ""), ev.bids, given[0].winner.bid.id,
                                                       OTHER_PROVIDER) or "not recorded")
                for k in KEY_CRITERIA) if regime in PSR else ""),
        "numberOfTenderers": len(tendered),
        "documents": [{"id": "notice", "documentType": "awardNotice", "title": notice_title(t.regime),
                       "language": "en", **({"noticeType": "UK6"} if t.regime.startswith("act-") else {})}],
    }
    if codes:
        main = {"scheme": "CPV", "id": codes[0]}
        more = [{"scheme": "CPV", "id": c} for c in codes[1:]]
        tender["classification"] = main
        tender["items"] = [{"id": "1", "description": t.title, "classification": main,
                            **({"additionalClassifications": more} if more else {})}]
    if ev.lots:
        tender["lots"] = [{"id": a.lot.code, "title": a.lot.title or f"Lot {a.lot.code}",
                           **({"value": _amount(a.lot.value)} if a.lot.value is not None else {})}
                          for a in given if a.lot is not None]
    sent = settings.get(SUMMARIES_SENT, "")
    start, end = settings.get(CONTRACT_START, ""), settings.get(CONTRACT_END, "")
    award_rows, contracts = [], []
    for a in given:
        award_id = f"{t.id}-award" + (f"-lot-{a.lot.code}" if a.lot else "")
        w = a.winner.bid
        row: dict[str, Any] = {
            "id": award_id, "title": a.ev.tender.title, "status": "pending" if found or intention else "active",
            "date": _when(published), "suppliers": [{"id": _party_id(w), "name": w.supplier}],
            "aboveThreshold": above, "mainProcurementCategory": "services",
        }
        if w.price is not None:  # in a lot, the winner's price for that lot (lot_evaluation prices each bid so)
            row["value"] = _amount(w.price)
        if a.lot:
            row["relatedLots"] = [a.lot.code]
        if found is not None:
            first = published + dt.timedelta(days=1) if regime in PSR else published
            row["standstillPeriod"] = {"startDate": _when(first), "endDate": _when(found.last_day, end=True)}
        if sent:
            row["assessmentSummariesDateSent"] = _when(dt.date.fromisoformat(sent))
        award_rows.append(row)
        if start:
            contracts.append({"id": f"{award_id}-contract", "awardID": award_id, "title": a.ev.tender.title,
                              "status": "pending", "aboveThreshold": above,
                              "period": {"startDate": _when(dt.date.fromisoformat(start)),
                                         **({"endDate": _when(dt.date.fromisoformat(end), end=True)} if end
                                            else {})},
                              **({"value": _amount(w.price)} if w.price is not None else {})})
    release: dict[str, Any] = {
        "ocid": f"{settings.get(OCID_PREFIX) or DRAFT_PREFIX}-{t.id}",
        "id": release_id,
        "date": _when(published),
        "tag": ["award"] + (["contract"] if contracts else []),
        "initiationType": "tender",
        "language": "en",
        "parties": [
            {**buyer, "roles": ["buyer"],
             **({"identifier": {"scheme": "GB-PPON", "id": buyer_ppon, "legalName": t.authority}}
                if buyer_ppon else {})},
            *(_supplier(w) for w in {a.winner.bid.id: a.winner.bid for a in given}.values()),
        ],
        "buyer": buyer,
        "tender": tender,
        "bids": {"statistics": [
            {"id": "1", "measure": "finalStageBids", "value": len(tendered)},
            {"id": "2", "measure": "smeFinalStageBids", "value": sme},
            {"id": "3", "measure": "vcseFinalStageBids", "value": vcse}]},
        "awards": award_rows,
    }
    if contracts:
        release["contracts"] = contracts
    return {
        "uri": f"urn:svi-workbench:{release_id}",
        "version": "1.1",
        "publishedDate": _when(published),
        "publisher": {"name": t.authority or "the authority"},
        "extensions": [UK_EXTENSION_URL],
        "releases": [release],
        "svi": {"format": "svi-award-notice", "version": 2, "regime": t.regime, "draft": draft,
                "decisionMakers": [{"name": x.name, "role": x.role, "signedOn": x.signed_on} for x in ev.signoffs],
                "stateDigest": digest},
    }


def write_notice(ev: Evaluation, folder: Path, audit_rows: list[AuditRow], *, published: dt.date,
                 draft: bool = True, lot: str = "") -> list[Path]:
    """The regime's notice as PDF (and, under the Act, JSON for the central digital platform) into `folder`. In
    lots: one notice with an award per lot, or with `lot` the notice of that lot alone (its own day, its own
    standstill)."""
    if not ev.tender.regime:
        raise KnownError("Choose the procurement regime in Setup first: it decides which notice is made.")
    given = awards(ev, lot)
    digest = document_digest(audit_rows)
    folder = check_output(Path(folder), folder=True)
    folder.mkdir(parents=True, exist_ok=True)
    stem = (f"{_stem(ev)}-{'award-notice' if ev.tender.regime.startswith('act-') else 'notice'}"
            + (f"-lot-{re.sub(r'[^A-Za-z0-9]+', '-', lot).strip('-')[:20] or 'x'}" if lot else ""))
    doc = None
    if ev.tender.regime != Regime.OTHER:  # every statutory notice has its JSON, checked before anything is written
        doc = notice_package(ev, published, digest, given, lot, draft=draft)
        ensure_valid(doc)
    made = [_write_pdf(ev, given, folder / f"{stem}.pdf", digest, published, draft)]
    if doc is not None:
        made.append(write_text_atomic(folder / f"{stem}.json", json.dumps(doc, indent=2, ensure_ascii=False) + "\n"))
    return made


def _write_pdf(ev: Evaluation, given: list[Award], target: Path, digest: str, published: dt.date,
               draft: bool) -> Path:
    st = styles()
    t = ev.tender
    regime = Regime(t.regime)
    found = standstill_for(t.regime, published)
    title = t.title + (f", lot {given[0].lot.code}" if len(given) == 1 and given[0].lot is not None else "")
    s: list = [para(notice_title(t.regime), st["h1"]),
               para(("DRAFT: not for publication. " if draft else "") + f"{title}"
                    + (f" ({t.reference})" if t.reference else "") + f". {t.authority}.", st["body"]),
               para(f"Awarded under: {REGIME_NAMES[regime]}. Notice published on {published:%A} {published.day} "
                    f"{published:%B %Y}.", st["body"]), Spacer(1, 2 * mm)]
    for a in given:
        w = a.winner
        if a.lot is not None:
            s.append(para(f"Lot {a.lot.code}" + (f": {a.lot.title}" if a.lot.title else ""), st["h2"]))
        s.append(para("The supplier", st["h3" if a.lot is not None else "h2"]))
        s.append(table([["Supplier", para(w.bid.supplier, st["cell"])],
                        ["Identifier", w.bid.identifier or "–"],
                        ["Registered address", para(w.bid.address.replace("\n", ", ") or "–", st["cell"])],
                        ["Email", para(w.bid.email or "–", st["cell"])],
                        ["Type of organisation", w.bid.organisation_type.value],
                        ["Contract value", money(w.bid.price) if w.bid.price is not None else "–"]],
                       [45 * mm, WIDTH - 45 * mm], header=False))
        bids = a.ev.bids
        sme = sum(1 for b in bids if b.organisation_type is OrganisationType.SME)
        vcse = sum(1 for b in bids if b.organisation_type is OrganisationType.VCFSE)
        s.append(para(f"{len(bids)} tenders were received{' for the lot' if a.lot is not None else ''} ({sme} from "
                      f"SMEs, {vcse} from VCSEs). The winning tender scored {fmt(w.total)} out of 100.", st["body"]))
        if a.lot is not None and w.rank != 1:  # no bidder passed over is named: a notice names the supplier only
            limit = lot_limit(ev)
            above = "the bidder ranked above it was" if w.rank == 2 else "the bidders ranked above it were"
            s.append(para(f"The winning tender ranked {ordinal(w.rank or 0)} for the lot: {above} passed over under "
                          f"the tender's limit of {limit} {'lot' if limit == 1 else 'lots'} per supplier.", st["body"]))
    if t.description:
        s += _h2("The procurement", st)
        s.append(para(t.description, st["body"]))
    if found is not None:
        s += _h2("Standstill", st)
        s.append(para(_standstill_text(found), st["body"]))
    if regime in (Regime.PSR_COMPETITIVE, Regime.PSR_DIRECT_A, Regime.PSR_DIRECT_B, Regime.PSR_DIRECT_C):
        for a in given:
            s += _psr_sections(a.ev, a.winner, st)
    else:
        rows = [["Award criterion", "Weighting"]]
        for sec in sorted(ev.framework.sections, key=lambda x: x.position):
            rows.append([para(sec.name, st["cell"]), "qualification gates" if sec.kind is SectionKind.GATES
                         else f"{fmt(sec.share, 0)}%"])
        s += _h2("Award criteria", st)
        s.append(table(rows, [110 * mm, 40 * mm]))
    if ev.signoffs:
        s += _h2("Decision", st)
        s.append(para("The award decision was signed off by " + "; ".join(
            f"{x.name}, {x.role}, on {x.signed_on}" for x in ev.signoffs) + ".", st["body"]))
    with atomic_path(target) as tmp:
        doc = SimpleDocTemplate(str(tmp), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                                bottomMargin=18 * mm, title=notice_title(t.regime))
        doc.build(s, canvasmaker=footed_canvas(t.reference or t.title, digest, draft))
    return target


def _h2(text: str, st: dict) -> list:
    """A heading that never sits alone at the foot of a page: it moves to the next with what follows it."""
    return [CondPageBreak(35 * mm), para(text, st["h2"])]


def _standstill_text(found: Standstill) -> str:
    day = found.last_day
    return (f"The contract will not be entered into before the standstill period ends at midnight at the end of "
            f"{day:%A} {day.day} {day:%B %Y} ({found.rule}).")


def _psr_sections(ev: Evaluation, w: BidResult, st: dict) -> list:
    """What the PSR's notice of intention to award adds: the decision makers, the reasons against the key criteria
    (how they were weighed, and the panel's explanation of the selected provider's scores), and the conflicts."""
    out: list = _h2("Decision makers", st)
    names = [f"{x.name} ({x.role})" for x in ev.signoffs] or ["(not signed off yet)"]
    panel = [f"{e.name}" + (f" ({e.role})" if e.role else "") for e in ev.evaluators]
    out.append(para("The decision was made by " + "; ".join(names) + ", on the evaluation of a panel of "
                    + "; ".join(panel) + ".", st["body"]))
    process_c = ev.tender.regime == Regime.PSR_DIRECT_C.value
    if process_c:
        out += _h2("The existing provider's assessment against the key criteria", st)
        out.append(para("Direct award process C: no competition was held. The existing provider was assessed against "
                        "the key criteria of regulation 5, as below; no other provider's tender was scored.",
                        st["body"]))
    else:
        out += _h2("The key criteria and how each was weighed", st)
    rows = [["Key criterion (reg 5)", "The existing provider's assessment" if process_c else "How it was weighed"]]
    rows += [[para(k.name, st["cell"]), para(without_other_bidders(ev.settings.get(k.key, ""), ev.bids, w.bid.id,
                                                                   OTHER_PROVIDER) or "(not recorded)", st["cell"])]
             for k in KEY_CRITERIA]
    out.append(table(rows, [60 * mm, WIDTH - 60 * mm]))
    if process_c:
        return out + _conflicts(ev, w, st)
    out += _h2("Reasons for the decision: the selected provider's assessment, criterion by criterion", st)
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
    return out + _conflicts(ev, w, st)


def _conflicts(ev: Evaluation, w: BidResult, st: dict) -> list:
    """The conflicts of interest of the decision makers and the panel, and how each was managed, naming no provider
    but the chosen one."""
    out: list = _h2("Conflicts of interest declared, and how they were managed", st)
    rows = [["Person", "Declared", "How it was managed"]]
    bids = {b.id: b.supplier for b in ev.bids}

    def unnamed(text: str) -> str:  # the notice names the chosen provider only (PSR; issue 32)
        return without_other_bidders(text, ev.bids, w.bid.id, OTHER_PROVIDER)

    for e in ev.evaluators:
        d = e.declaration
        if d is None:
            rows.append([para(e.name, st["cell"]), "not declared", "–"])
        elif not d.conflict and not d.conflicts:
            rows.append([para(e.name, st["cell"]), "no conflict", "–"])
        else:
            for conflict in d.conflicts:
                managed = ("excluded from scoring this bidder" if conflict.excluded
                           else f"allowed to score: {unnamed(conflict.reason)}")
                who = bids.get(conflict.bid_id, "?") if conflict.bid_id == w.bid.id else OTHER_PROVIDER
                rows.append([para(e.name, st["cell"]),
                             para(f"{who}: {unnamed(conflict.details)}", st["cell"]),
                             para(managed, st["cell"])])
            if not d.conflicts:
                rows.append([para(e.name, st["cell"]), para(unnamed(d.details), st["cell"]),
                             para(unnamed(d.management), st["cell"])])
    for a in ev.assessments:
        rows.append([para(f"{a.person} ({a.role})", st["cell"]), para(unnamed(a.interests), st["cell"]),
                     para(unnamed(f"{a.assessment} {a.mitigation}".strip()), st["cell"])])
    out.append(table(rows, [45 * mm, 60 * mm, WIDTH - 105 * mm]))
    return out
