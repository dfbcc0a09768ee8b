"""Read a tender JSON document (docs/json-format.md) into domain objects, refusing any inconsistency."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from svi_desktop.domain.bid_fields import FIELDS, BidField, agrees
from svi_desktop.domain.contract import Commitment, CriterionLot, Kpi, KpiPeriod, KpiSource, Lot, Rating
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
    Declaration,
    Evaluation,
    Evaluator,
    Framework,
    KeyDate,
    Regime,
    Response,
    Score,
    Section,
    SectionKind,
    SignOff,
    Tender,
)
from svi_desktop.domain.notice_details import DETAIL_BY_KEY, cpv_value, detail_value
from svi_desktop.domain.pricing import FORMULAS
from svi_desktop.domain.psr import BY_KEY as PSR_BY_KEY
from svi_desktop.domain.psr import weighed_value
from svi_desktop.domain.rules import (
    checked_assessment,
    checked_key_dates,
    outside_marker,
    outside_scores,
    parse_date,
)
from svi_desktop.domain.settings import CONSENSUS_DRAFT, FROZEN, SETTING_RULES
from svi_desktop.errors import InvalidDocument
from svi_desktop.imports.fields import Node, load_json, read_criterion_fields
from svi_desktop.imports.framework_file import read_scale
from svi_desktop.store.inputs import UnreadableInput, read_input

K = TypeVar("K", bound=tuple[str, ...])  # the key a list's objects must not share

FORMAT = "svi-tender"
MAX_BYTES = 512 * 1024 * 1024


def read_tender_document(path: Path) -> Evaluation:
    return read_document(path)[0]


def read_document(path: Path) -> tuple[Evaluation, tuple[str, ...]]:
    """The tender a document holds, and the history it records (its file's audit trail, as text: one line a
    change), which a new tender keeps in its first audit row, not verified."""
    path = Path(path)
    try:
        raw = read_input(path, limit=MAX_BYTES, what="tender document")
    except UnreadableInput as exc:
        raise InvalidDocument(str(exc)) from None
    root = Node(load_json(raw, path.name), "", path.name)
    return parse_tender_document(root), document_history(root)


def document_history(root: Node) -> tuple[str, ...]:
    """Each change the document's history records, as "when who: what" (none before documents carried it)."""
    out = []
    for h in root.child("history").items(required=False):
        h.obj()
        seq = h.child("seq").integer()
        at, actor = h.child("at").text(max_length=40), h.child("actor").text(required=False, max_length=200)
        out.append(f"{seq}. {at} {actor}: {h.child('action').text(max_length=10_000)}")
    return tuple(out)


class _Ids:
    """Every id in the document is unique across all kinds of thing."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}

    def claim(self, node: Node) -> str:
        value = node.text(max_length=64)
        if value in self.seen:
            raise node.fail(f"the id {value!r} is already used at {self.seen[value]}")
        self.seen[value] = node.path
        return value


def parse_tender_document(root: Node) -> Evaluation:
    root.obj()
    if root.child("format").value != FORMAT:
        raise root.child("format").fail(f"must be {FORMAT!r}")
    if root.child("version").integer() != 1:
        raise root.child("version").fail("must be 1")
    ids = _Ids()
    t = root.child("tender").obj()
    tender = Tender(
        ids.claim(t.child("id")), t.child("title").text(max_length=500),
        t.child("reference").text(required=False), t.child("authority").text(required=False),
        t.child("description").text(required=False),
        _key_dates(t.child("key_dates")),
        t.child("regime").choice({"": "", **{g.value: g.value for g in Regime}}, required=False, default=""),
        _cpv(t.child("cpv")),
    )
    framework = _framework(root.child("framework").obj(), ids)
    crit_ids = {c.id for c in framework.criteria}
    values = set(framework.scale.values())

    bids = []
    for b in root.child("bids").items(required=False):
        b.obj()
        bid = Bid(ids.claim(b.child("id")), status=b.child("status").choice({s.value: s for s in BidStatus}),
                  status_reason=b.child("status_reason").text(required=False),
                  **{f.name: _checked(b.child(f.name), f) for f in FIELDS})  # each field by its declared rule
        if (problem := agrees(bid)) is not None:
            raise b.fail(problem.rstrip("."))
        bids.append(bid)
    bid_ids = {b.id for b in bids}

    def ref(node: Node, known: set[str], what: str) -> str:
        value = node.text()
        if value not in known:
            raise node.fail(f"unknown {what} {value[:40]!r}")
        return value

    def bid_and_criterion(node: Node) -> tuple[str, str]:
        return ref(node.child("bid"), bid_ids, "bid"), ref(node.child("criterion"), crit_ids, "criterion")

    responses = []
    for r, pair in _each_once(root.child("responses"), bid_and_criterion,
                              "a second response from the same bid to the same criterion"):
        responses.append(Response(*pair, r.child("text").text(required=False)))

    evaluators = []
    for e in root.child("evaluators").items(required=False):
        e.obj()
        d = e.child("declaration")
        decl = None
        if d.value is not None:
            d.obj()
            conflicts = []
            for c in d.child("conflicts").items(required=False):  # version 1 documents have none
                c.obj()
                management = c.child("management").choice({m.value: m for m in ConflictManagement}, required=False,
                                                          default=ConflictManagement.EXCLUDED)
                reason = c.child("reason").text(required=False, max_length=10_000)
                if management is ConflictManagement.MAY_SCORE and not reason.strip():
                    raise c.child("reason").fail("is needed when the evaluator may score the bid despite the conflict")
                conflicts.append(BidConflict(ref(c.child("bid"), bid_ids, "bid"),
                                             c.child("details").text(max_length=10_000), management, reason))
            if len({c.bid_id for c in conflicts}) != len(conflicts):
                raise d.child("conflicts").fail("declares a conflict with the same bid twice")
            decl = Declaration(d.child("conflict").boolean() or bool(conflicts), d.child("details").text(required=False),
                               d.child("management").text(required=False), d.child("declared_at").text(required=False),
                               tuple(conflicts))
        evaluators.append(Evaluator(ids.claim(e.child("id")), e.child("name").text(max_length=200),
                                    e.child("role").text(required=False), e.child("organisation").text(required=False),
                                    decl))
    ev_ids = {e.id for e in evaluators}

    scores = []
    for s, key in _each_once(root.child("scores"),
                             lambda n: (ref(n.child("evaluator"), ev_ids, "evaluator"), *bid_and_criterion(n)),
                             "a second score by the same evaluator for the same bid and criterion"):
        value = s.child("value").integer()
        if value not in values:
            raise s.child("value").fail(f"{value} is not on the scale ({', '.join(map(str, sorted(values)))})")
        evidence = tuple(
            Citation(c.obj().child("text").text(required=False), c.child("start").whole(), c.child("end").whole())
            for c in s.child("evidence").items(required=False)
        )
        scores.append(Score(ids.claim(s.child("id")), *key, value, s.child("rationale").text(required=False),
                            evidence, s.child("flags").strings(), s.child("updated_at").text(required=False),
                            s.child("on_behalf").text(required=False, max_length=10_000)))

    excluded = {(e.id, c.bid_id) for e in evaluators if e.declaration is not None for c in e.declaration.conflicts
                if c.management is ConflictManagement.EXCLUDED}
    consensus = []
    for c, pair in _each_once(root.child("consensus"), bid_and_criterion,
                              "a second consensus for the same bid and criterion"):
        value = c.child("value").integer()
        if value not in values:
            raise c.child("value").fail(f"{value} is not on the scale")
        texts = {r.criterion_id: r.text for r in responses if r.bid_id == pair[0]}
        citations = []
        for q in c.child("citations").items(required=False):  # none before version 7
            cited = Citation(q.obj().child("text").text(), q.child("start").whole(), q.child("end").whole())
            if texts.get(pair[1], "")[cited.start:cited.end] != cited.text or cited.start >= cited.end:
                raise q.fail("does not quote the bid's response where it says")
            citations.append(cited)
        # The rule of the window and of `svi` (store/operations/scores.py): a consensus no evaluator's score
        # supports says why, in its note; a document cannot carry one past it.
        counted = [x.value for x in scores if (x.bid_id, x.criterion_id) == pair and (x.evaluator_id, pair[0])
                   not in excluded]
        span = outside_scores(value, counted, c.child("note").text())
        if span is not None:
            raise c.child("note").fail(f"does not say why the panel agreed {value}, outside the evaluators' scores "
                                       f"({span}): a line beginning \"{outside_marker(span)}\" is needed")
        consensus.append(Consensus(*pair, value, c.child("note").text(), c.child("feedback").text(required=False),
                                   c.child("updated_at").text(required=False), tuple(citations),
                                   c.child("advantages").text(required=False)))

    settings_node = root.child("settings")
    settings = {}
    if settings_node.value is not None:
        settings_node.obj()
        for k in settings_node.value:
            settings[k] = settings_node.child(k).text(required=False)
            rule = _SETTING_RULES.get(k)  # a setting with a rule keeps it here as in the window and `svi`
            if rule is None and not k.startswith(_LEFT_OUT):
                raise settings_node.child(k).fail("is not a setting this program knows")
            if rule is not None:
                kept = settings_node.child(k).by_rule(rule, k, settings[k])
                if kept is None:
                    del settings[k]
                else:
                    settings[k] = kept
    assessments = []
    for a in root.child("conflicts_assessment").items(required=False):  # version 1 documents have none
        a.obj()
        entry: dict[str, str] = {k: a.child(k).text(required=k != "mitigation", max_length=20_000) for k in (
            "person", "role", "interests", "assessment", "mitigation", "reviewed_by", "reviewed_on", "next_review")}
        for k in ("reviewed_on", "next_review"):
            try:
                entry[k] = parse_date(entry[k]) or entry[k]
            except ValueError:
                raise a.child(k).fail("is not a date (YYYY-MM-DD)") from None
        # The rule Edit > Conflicts assessment keeps.
        assessments.append(a.by_rule(checked_assessment, ConflictAssessment(ids.claim(a.child("id")), **entry)))
    signoffs = []
    for x in root.child("signoffs").items(required=False):  # none before version 7
        x.obj()
        signed_on = x.child("signed_on").text()
        try:
            signed_on = parse_date(signed_on) or signed_on
        except ValueError:
            raise x.child("signed_on").fail("is not a date (YYYY-MM-DD)") from None
        signoffs.append(SignOff(ids.claim(x.child("id")), x.child("name").text(max_length=200),
                                x.child("role").text(max_length=200), signed_on,
                                x.child("state").text(required=False, max_length=100),
                                x.child("at").text(required=False, max_length=40)))
    clarifications = []
    for x in root.child("clarifications").items(required=False):  # none before version 8
        x.obj()
        entry = {}
        for k in ("sent_at", "answered_at"):
            text = x.child(k).text(required=False, max_length=40)
            try:
                entry[k] = (parse_date(text) or text) if text else ""
            except ValueError:
                raise x.child(k).fail("is not a date (YYYY-MM-DD)") from None
        clarifications.append(Clarification(
            ids.claim(x.child("id")), ref(x.child("bid"), bid_ids, "bid"),
            ref(x.child("criterion"), crit_ids, "criterion"), x.child("question").text(max_length=5_000),
            x.child("raised_by").text(max_length=200), x.child("raised_at").text(max_length=40),
            entry["sent_at"], x.child("answer").text(required=False, max_length=100_000), entry["answered_at"]))
    lots, lot_criteria, commitments, kpis, periods = _contract(root, ids, bid_ids, crit_ids, ref)
    document_history(root)  # read (and so checked) here; read_document returns it
    root.refuse_unknown()  # a field nobody read would be lost without a word
    return Evaluation(tender, framework, tuple(bids), tuple(responses), tuple(evaluators), tuple(scores),
                      tuple(consensus), settings, tuple(assessments), tuple(signoffs), tuple(clarifications),
                      lots, lot_criteria, commitments, kpis, periods)


def _each_once(items: Node, key: Callable[[Node], K], second: str) -> Iterator[tuple[Node, K]]:
    """Each object of an optional list with its key (ids it refers to, each checked by `key`); a second object
    with the same key is refused with `second`, naming where it stands."""
    seen: set[K] = set()
    for node in items.items(required=False):
        node.obj()
        found = key(node)
        if found in seen:
            raise node.fail(second)
        seen.add(found)
        yield node, found


def _amount(node: Node) -> Decimal:
    value = node.decimal()
    if value is None or value < 0:
        raise node.fail("must be a number of 0 or more")
    return value


def _date(node: Node, *, required: bool = True) -> str:
    text = node.text(required=required, max_length=40)
    if not text:
        return ""
    try:
        return parse_date(text) or text
    except ValueError:
        raise node.fail("is not a date (YYYY-MM-DD)") from None


def _optional_ref(node: Node, known: set[str], what: str, ref: Callable[[Node, set[str], str], str]) -> str:
    """A reference that may be blank ("" for every lot, or no theme); otherwise it must name a known one."""
    return ref(node, known, what) if node.text(required=False, max_length=100) else ""


def _contract(root: Node, ids: Any, bid_ids: set[str], crit_ids: set[str], ref: Callable[[Node, set[str], str], str]
              ) -> tuple[tuple[Lot, ...], tuple[CriterionLot, ...], tuple[Commitment, ...], tuple[Kpi, ...],
                         tuple[KpiPeriod, ...]]:
    """Lots, commitments, KPIs and their ratings (none before version 9)."""
    lots: list[Lot] = []
    for x in root.child("lots").items(required=False):
        x.obj()
        code = x.child("code").text(max_length=40).strip()
        if "," in code or not code:
            raise x.child("code").fail("must be a short code with no comma")
        if code in {lot.code for lot in lots}:
            raise x.child("code").fail(f"is a second lot {code!r}")
        value = None if x.child("value").value is None else _amount(x.child("value"))  # as Lots and limits takes it
        lots.append(Lot(ids.claim(x.child("id")), code, x.child("title").text(required=False, max_length=500),
                        value, len(lots)))
    codes = {lot.code for lot in lots}
    lot_criteria = []
    for x in root.child("lot_criteria").items(required=False):
        x.obj()
        lot_criteria.append(CriterionLot(ref(x.child("criterion"), crit_ids, "criterion"),
                                         ref(x.child("lot"), codes, "lot")))
    commitments: list[Commitment] = []
    for x in root.child("commitments").items(required=False):
        x.obj()
        lot = _optional_ref(x.child("lot"), codes, "lot", ref)
        theme = _optional_ref(x.child("theme"), crit_ids, "criterion", ref)
        commitments.append(Commitment(
            ids.claim(x.child("id")), ref(x.child("bid"), bid_ids, "bid"), x.child("measure").text(max_length=1000),
            _amount(x.child("quantity")), x.child("unit").text(required=False, max_length=200), _date(x.child("due")),
            x.child("evidence").text(required=False, max_length=20_000), lot, theme,
            x.child("outcome").text(required=False, max_length=100),
            x.child("metric").text(required=False, max_length=1000), len(commitments)))
    kpis: list[Kpi] = []
    for x in root.child("kpis").items(required=False):
        x.obj()
        lot = _optional_ref(x.child("lot"), codes, "lot", ref)
        kpis.append(Kpi(
            ids.claim(x.child("id")), lot, ref(x.child("bid"), bid_ids, "bid"),
            x.child("source").choice({k.value: k for k in KpiSource}), x.child("measure").text(max_length=1000),
            _amount(x.child("target")), x.child("unit").text(required=False, max_length=200), _date(x.child("due")),
            _date(x.child("start")), x.child("commitment").text(required=False, max_length=100),
            x.child("outcome").text(required=False, max_length=100), x.child("metric").text(required=False, max_length=1000),
            x.child("made_at").text(required=False, max_length=40), len(kpis)))
    kpi_ids = {k.id for k in kpis}
    periods: list[KpiPeriod] = []
    for x in root.child("kpi_periods").items(required=False):
        x.obj()
        periods.append(KpiPeriod(
            ids.claim(x.child("id")), ref(x.child("kpi"), kpi_ids, "KPI"), _date(x.child("period_start")),
            _date(x.child("period_end")), _amount(x.child("actual")), x.child("evidence").text(max_length=20_000),
            x.child("rating").choice({r.value: r for r in Rating}), x.child("note").text(required=False, max_length=20_000),
            x.child("recorded_by").text(required=False, max_length=200),
            x.child("recorded_at").text(required=False, max_length=40)))
    return tuple(lots), tuple(lot_criteria), tuple(commitments), tuple(kpis), tuple(periods)


def _checked(node: Node, field: BidField) -> Any:
    """A bid's field read by its declared rule (a number is accepted for a number, as text is)."""
    if field.number and isinstance(node.value, int | float) and not isinstance(node.value, bool):
        node = node.at(str(node.value))
    try:
        if field.per_lot:  # a list of {"lot": code, <item>: value}
            if node.value is not None and not isinstance(node.value, list):
                raise node.fail("must be a list")
            items = node.items(required=False)
            for item in items:  # the keys of each entry are the field's ("lot" and its item), and no other
                item.obj().child("lot"), item.child(field.item)
            return field.accept([item.value for item in items])
        return field.parse(node.text(required=False, max_length=field.max_length))
    except ValueError as exc:
        raise node.fail(str(exc).rstrip(".")) from None


def _framework(f: Node, ids: _Ids) -> Framework:
    scale = read_scale(f.child("scale"))
    sections: list[Section] = []
    criteria: list[Criterion] = []
    codes: dict[str, str] = {}
    for i, s in enumerate(f.child("sections").items()):
        s.obj()
        share = s.child("share").decimal()
        if share is None or not 0 <= share <= 100:
            raise s.child("share").fail("must be a percentage from 0 to 100")
        formula = s.child("price_formula").text(required=False)
        if formula and formula not in FORMULAS:
            raise s.child("price_formula").fail(f"{formula!r} is not one of {', '.join(FORMULAS)}")
        section = Section(ids.claim(s.child("id")), s.child("name").text(max_length=200), share,
                          s.child("kind").choice({k.value: k for k in SectionKind}), i, formula)
        sections.append(section)
        for j, c in enumerate(s.child("criteria").items(required=False)):
            c.obj()
            given = read_criterion_fields(c)  # each by its declared rule (domain/criterion_fields.py)
            code = given["code"]
            if code in codes:
                raise c.child("code").fail(f"the code {code!r} is already used at {codes[code]}")
            codes[code] = c.child("code").path
            threshold = given["threshold"]
            if threshold is not None and not scale.minimum <= threshold <= scale.maximum:
                raise c.child("threshold").fail(f"must lie on the scale, from {scale.minimum} to {scale.maximum}")
            criteria.append(Criterion(ids.claim(c.child("id")), section.id, position=j, **given))
    return Framework(f.child("name").text(required=False), scale, tuple(sections), tuple(criteria),
                     f.child("description").text(required=False))


def _key_dates(node: Node) -> tuple[KeyDate, ...]:
    """The tender's key dates, by the rule Setup keeps."""
    dates = tuple(KeyDate(d.obj().child("label").text(max_length=200), d.child("date").text(max_length=40))
                  for d in node.items(required=False))
    return node.by_rule(checked_key_dates, dates)


def _cpv(node: Node) -> str:
    """The tender's CPV codes, by the rule the Setup field and `svi` use."""
    return node.by_rule(cpv_value, node.text(required=False, max_length=1000))


# Every setting a tender keeps has its rule, the one the window and `svi` apply: how a PSR key criterion was
# weighed, each notice detail, the spread threshold, the lots' limit and tie-break, where things were published,
# when moderation started. What an evaluator pack keeps, the panel's drafts and the freeze are read and then left
# out of the new tender (workflows/tenders.py); any other key is not a setting of this program and is refused.
_SETTING_RULES: dict[str, Callable[[str, str], str | None]] = {
    **{k: weighed_value for k in PSR_BY_KEY},
    **{k: (lambda key, value: detail_value(key, value, dt.date.today().isoformat())) for k in DETAIL_BY_KEY},
    **SETTING_RULES,
}
_LEFT_OUT = (FROZEN, "pack.", CONSENSUS_DRAFT)
