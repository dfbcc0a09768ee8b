"""Undo beside the write, headless: every store operation's inverse puts every table back, and the inverse's
inverse gives the applied state again; a refused operation changes nothing."""

from __future__ import annotations

import contextlib
import inspect
import random
import shutil
from collections.abc import Callable
from decimal import Decimal
from itertools import count
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svi_desktop.domain.bid_fields import BID_FIELDS
from svi_desktop.domain.changes import Applied, Op, op
from svi_desktop.domain.model import (
    Bid,
    BidStatus,
    ConflictAssessment,
    ConflictManagement,
    KeyDate,
    OrganisationType,
    SectionKind,
    new_id,
)
from svi_desktop.domain.pricing import FORMULAS
from svi_desktop.domain.rules import scored_criteria
from svi_desktop.domain.scale import preset
from svi_desktop.domain.settings import ConsensusDraft
from svi_desktop.errors import KnownError
from svi_desktop.imports.framework_file import read_template
from svi_desktop.store import packs, restore
from svi_desktop.store.operations import assessments, bids, evaluators, framework, moderation, scores
from svi_desktop.store.operations import settings as setting_ops
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.workflows import tenders
from tests.helpers.files import make_demo

Generator = Callable[[TenderFile, random.Random, Path], Op | None]


def snapshot(tf: TenderFile) -> dict[str, list[tuple]]:
    """Every row of every table the program owns, audit aside, in an order that does not depend on rowids."""
    tables = [r[0] for r in tf.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'audit' "
                                     "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {t: sorted(tf.query(f"SELECT * FROM {t}"), key=repr) for t in tables}


def audit_count(tf: TenderFile) -> int:
    return tf.query("SELECT COUNT(*) FROM audit")[0][0]


def _pick(rng: random.Random, items: list | tuple):
    return rng.choice(list(items)) if items else None


def _text(rng: random.Random) -> str:
    return rng.choice(["Revised", "Second thoughts", "Ünïcode – £ & <b>", "x"]) + f" {rng.randint(0, 999)}"


def _gen_tender_field(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op:
    return op(framework.set_tender_field, field=rng.choice(["title", "reference", "authority", "description"]),
              value=_text(rng))


def _gen_key_dates(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op:
    return op(framework.set_key_dates, dates=tuple(KeyDate(f"Step {i}", f"2027-0{i + 1}-1{i}")
                                                   for i in range(rng.randint(0, 3))))


def _gen_section_field(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op | None:
    section = _pick(rng, load_evaluation(tf).framework.sections)
    if section is None:
        return None
    if section.kind is SectionKind.PRICE and rng.random() < 0.5:
        return op(framework.set_section_field, section_id=section.id, field="price_formula",
                  value=rng.choice(list(FORMULAS)))
    field = rng.choice(["name", "share"])
    value = _text(rng) if field == "name" else str(rng.choice([0, 10, 15, 55, 100, 101]))
    return op(framework.set_section_field, section_id=section.id, field=field, value=value)


def _gen_criterion_field(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op | None:
    crit = _pick(rng, load_evaluation(tf).framework.criteria)
    if crit is None:
        return None
    field = rng.choice(["code", "title", "kind", "weight", "threshold", "guidance", "distinguished_from", "flags"])
    value = {
        "code": f"C{rng.randint(0, 99)}", "title": _text(rng), "kind": rng.choice(["gate", "scored"]),
        "weight": str(rng.choice([Decimal("0.5"), 1, 2, 3])), "threshold": rng.choice([None, "1", "2", "3.5"]),
        "guidance": _text(rng), "distinguished_from": _text(rng), "flags": [_text(rng), " "],
    }[field]
    return op(framework.set_criterion_field, criterion_id=crit.id, field=field, value=value)


def _gen_add_criterion(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op | None:
    section = _pick(rng, load_evaluation(tf).framework.sections)
    return None if section is None else op(framework.add_criterion, section_id=section.id,
                                           code=f"N{rng.randint(0, 999)}", title=_text(rng))


def _gen_remove_criterion(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op | None:
    crit = _pick(rng, load_evaluation(tf).framework.criteria)
    return None if crit is None else op(framework.remove_criterion, criterion_id=crit.id)


def _gen_move_criterion(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op | None:
    crit = _pick(rng, load_evaluation(tf).framework.criteria)
    return None if crit is None else op(framework.move_criterion, criterion_id=crit.id, position=rng.randint(-1, 9))


def _gen_scale(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op:
    return op(framework.set_scale, scale=preset(rng.choice(["0-4", "0-5", "0-10", "0-100"])))


def _gen_apply_framework(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op:
    return op(framework.apply_framework,
              framework=read_template(rng.choice(["local-social-value-themes", "social-value-imperatives"])))


def _gen_add_bid(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op:
    return op(bids.add_bid, bid=Bid(new_id(), f"Supplier {rng.randint(0, 9999)}",
                                    rng.choice(list(OrganisationType)), rng.choice([None, Decimal("950000.5")]),
                                    received=rng.choice(["", "2026-11-02"])))


def _gen_bid_field(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op | None:
    bid = _pick(rng, load_evaluation(tf).bids)
    if bid is None:
        return None
    field = rng.choice(list(BID_FIELDS))
    value = {"supplier": f"Renamed {rng.randint(0, 99)}", "organisation_type": rng.choice(list(OrganisationType)),
             "lot": rng.choice(["", "Lot 2"]), "received": rng.choice(["", "2026-10-01", "not a date"]),
             "price": rng.choice([None, "1200000", "0", "-5"]),
             "address": rng.choice(["", "1 High Street\nOldham OL1 1AA", "x" * 1001]),
             "email": rng.choice(["", "bids@example.org", "not an email"]),
             "identifier": rng.choice(["", "pabc-1234-defg", "SC123456", "12345"]),
             "prices": rng.choice(["", "Lot 2: 990000", "Lot 9: 5", "Lot 2: 0"])}[field]
    return op(bids.set_bid_field, bid_id=bid.id, field=field, value=value)


def _gen_status(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op | None:
    bid = _pick(rng, load_evaluation(tf).bids)
    return None if bid is None else op(bids.set_status, bid_id=bid.id, status=rng.choice(list(BidStatus)),
                                       reason=rng.choice(["", "Late", "Missing insurance"]))


def _gen_remove_bids(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op | None:
    ids = [b.id for b in load_evaluation(tf).bids]
    return None if not ids else op(bids.remove_bids, bid_ids=tuple(rng.sample(ids, rng.randint(1, min(2, len(ids))))))


def _gen_response(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op | None:
    ev = load_evaluation(tf)
    bid, crit = _pick(rng, ev.bids), _pick(rng, ev.framework.criteria)
    if bid is None or crit is None:
        return None
    return op(bids.set_response, bid_id=bid.id, criterion_id=crit.id, text=rng.choice([None, _text(rng)]))


def _gen_add_document(tf: TenderFile, rng: random.Random, tmp: Path) -> Op | None:
    bid = _pick(rng, load_evaluation(tf).bids)
    source = tmp / f"evidence-{rng.randint(0, 99)}.pdf"
    source.write_bytes(b"%PDF-1.4 evidence " + bytes([rng.randint(0, 255) for _ in range(32)]))
    return None if bid is None else op(bids.add_document, bid_id=bid.id, source=source)


def _gen_remove_document(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op | None:
    ids = [r[0] for r in tf.query("SELECT id FROM documents ORDER BY id")]
    return None if not ids else op(bids.remove_document, document_id=rng.choice(ids))


def _gen_import_bids(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op:
    crits = scored_criteria(load_evaluation(tf).framework)
    new = [Bid(new_id(), f"Imported {rng.randint(0, 9999)} {i}") for i in range(rng.randint(1, 2))]
    responses = {b.id: ({crits[0].id: _text(rng)} if crits else {}) for b in new}
    return op(bids.import_bids, bids=new, responses=responses, source="bids.xlsx")


def _gen_add_evaluator(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op:
    return op(evaluators.add_evaluator, name=f"Evaluator {rng.randint(0, 99)}", role=rng.choice(["", "Chair"]))


def _gen_remove_evaluator(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op | None:
    e = _pick(rng, load_evaluation(tf).evaluators)
    return None if e is None else op(evaluators.remove_evaluator, evaluator_id=e.id)


def _gen_evaluator_field(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op | None:
    e = _pick(rng, load_evaluation(tf).evaluators)
    return None if e is None else op(evaluators.set_evaluator_field, evaluator_id=e.id,
                                     field=rng.choice(["name", "role", "organisation"]), value=_text(rng))


def _gen_declare(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op | None:
    ev = load_evaluation(tf)
    e, bid = _pick(rng, ev.evaluators), _pick(rng, ev.bids)
    if e is None:
        return None
    conflicts = ((bid.id, "My sister works there."),) if bid is not None and rng.random() < 0.6 else ()
    return op(evaluators.declare, evaluator_id=e.id, conflicts=conflicts)


def _gen_manage_conflict(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op | None:
    found = tf.query("SELECT evaluator_id, bid_id FROM conflicts ORDER BY evaluator_id, bid_id")
    if not found:
        return None
    e, b = rng.choice(found)
    return op(evaluators.manage_conflict, evaluator_id=e, bid_id=b,
              management=rng.choice(list(ConflictManagement)), reason=rng.choice(["", "A remote link, declared."]))


def _gen_assessment(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op:
    known = [r[0] for r in tf.query("SELECT id FROM assessments ORDER BY id")]
    entry_id = rng.choice(known) if known and rng.random() < 0.5 else new_id()
    return op(assessments.record_assessment, entry=ConflictAssessment(
        entry_id, rng.choice(["Dana Lead", "An adviser", ""]), rng.choice(["lead", "adviser"]), _text(rng),
        "No conflict found.", rng.choice(["", "Leaves the room for LT3."]), "Head of Procurement",
        rng.choice(["2026-11-01", "not a date"]), rng.choice(["2027-02-01", "2026-10-01"])))


def _gen_remove_assessment(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op | None:
    known = [r[0] for r in tf.query("SELECT id FROM assessments ORDER BY id")]
    return op(assessments.remove_assessment, entry_id=rng.choice(known)) if known else None


def _gen_setting(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op:
    return op(setting_ops.set_setting, key="test.note", value=rng.choice([None, "a", "b"]), action="note")


def _gen_start(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op:
    return op(moderation.start_moderation)


def _gen_unlock(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op:
    return op(moderation.unlock_scores, reason=rng.choice(["", "An evaluator misread LT2"]))


def _gen_spread(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op:
    return op(moderation.set_spread_threshold_percent, percent=Decimal(rng.choice([0, 25, 40, 100, 101])))


def _gen_score(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op | None:
    ev = load_evaluation(tf)
    e, bid, crit = _pick(rng, ev.evaluators), _pick(rng, ev.bids), _pick(rng, scored_criteria(ev.framework))
    if e is None or bid is None or crit is None:
        return None
    return op(scores.set_score, evaluator_id=e.id, bid_id=bid.id, criterion_id=crit.id,
              value=rng.choice([*ev.framework.scale.values(), 99]), rationale=rng.choice([None, _text(rng)]),
              flags=rng.choice([None, (), ("Copied text",)]))


def _gen_consensus(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op | None:
    ev = load_evaluation(tf)
    bid, crit = _pick(rng, ev.bids), _pick(rng, scored_criteria(ev.framework))
    if bid is None or crit is None:
        return None
    return op(scores.set_consensus, bid_id=bid.id, criterion_id=crit.id, value=rng.choice(ev.framework.scale.values()),
              note=rng.choice(["", "Agreed after discussion of the evidence"]), feedback=_text(rng))


def _gen_consensus_draft(tf: TenderFile, rng: random.Random, _tmp: Path) -> Op | None:
    from svi_desktop.domain.settings import ConsensusDraft

    ev = load_evaluation(tf)
    bid, crit = _pick(rng, ev.bids), _pick(rng, ev.framework.criteria)
    if bid is None or crit is None:
        return None
    draft = ConsensusDraft(rng.choice([None, *ev.framework.scale.values(), 99]), rng.choice(["", "The panel leaned"]),
                           _text(rng))
    return op(scores.set_consensus_draft, bid_id=bid.id, criterion_id=crit.id, draft=draft)


GENERATORS: dict[str, Generator] = {
    "set_tender_field": _gen_tender_field, "set_key_dates": _gen_key_dates, "set_section_field": _gen_section_field,
    "set_criterion_field": _gen_criterion_field, "add_criterion": _gen_add_criterion,
    "remove_criterion": _gen_remove_criterion, "move_criterion": _gen_move_criterion, "set_scale": _gen_scale,
    "apply_framework": _gen_apply_framework, "add_bid": _gen_add_bid, "set_bid_field": _gen_bid_field,
    "set_status": _gen_status, "remove_bids": _gen_remove_bids, "set_response": _gen_response,
    "add_document": _gen_add_document, "remove_document": _gen_remove_document, "import_bids": _gen_import_bids,
    "add_evaluator": _gen_add_evaluator, "remove_evaluator": _gen_remove_evaluator,
    "set_evaluator_field": _gen_evaluator_field, "declare": _gen_declare,
    "manage_conflict": _gen_manage_conflict, "record_assessment": _gen_assessment,
    "remove_assessment": _gen_remove_assessment, "set_setting": _gen_setting,
    "start_moderation": _gen_start, "unlock_scores": _gen_unlock, "set_spread_threshold_percent": _gen_spread,
    "set_score": _gen_score, "set_consensus": _gen_consensus, "set_consensus_draft": _gen_consensus_draft,
}
# Reached only as the inverse of another operation, or in the packs test below.
INVERSES = {"restore_criterion", "restore_bids", "restore_document", "restore_evaluator", "restore_score",
            "restore_consensus", "put_returns_state"}
PACK_OPERATIONS = {"issue_packs", "submit_pack", "collect_returns", "resolve_conflict"}
WHOLE_FILE = {"restore_from"}  # tested on its own below


def check_step(tf: TenderFile, operation: Op, called: set[str]) -> None:
    """Apply; if refused, nothing changed. Else undo gives every table as before, redo as after."""
    before, rows = snapshot(tf), audit_count(tf)
    try:
        applied = operation(tf)
    except KnownError:
        assert snapshot(tf) == before and audit_count(tf) == rows, f"a refused {operation.name} changed the file"
        return
    called.add(operation.name)
    if not applied.changed:
        assert snapshot(tf) == before and audit_count(tf) == rows, f"an unchanged {operation.name} wrote"
        return
    assert audit_count(tf) == rows + 1
    after = snapshot(tf)
    if applied.inverse is None:  # a recorded act (a declaration): never undone
        assert operation.name == "declare"
        return
    undone = applied.inverse(tf)
    called.add(applied.inverse.name)
    assert snapshot(tf) == before, f"undoing {operation.name} did not put every table back"
    assert undone.changed and undone.inverse is not None and audit_count(tf) == rows + 2
    redone = undone.inverse(tf)
    called.add(undone.inverse.name)
    assert snapshot(tf) == after, f"redoing {operation.name} did not give the applied state again"
    assert redone.inverse is not None and audit_count(tf) == rows + 3


@pytest.fixture(scope="module")
def bases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bases")
    blank = folder / "blank.svi"
    tenders.new_tender(blank, template="social-value-tender")
    return {"demo": make_demo(folder / "demo.svi"), "blank": blank}


_names = count()


def _copy(base: Path, folder: Path) -> Path:
    target = folder / f"t{next(_names)}.svi"
    shutil.copy(base, target)
    return target


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(base=st.sampled_from(["demo", "demo", "blank"]),
       steps=st.lists(st.tuples(st.sampled_from(sorted(GENERATORS)), st.integers(0, 2**32 - 1)),
                      min_size=1, max_size=6))
def test_random_sequences_apply_undo_redo(bases: dict[str, Path], tmp_path: Path, base: str,
                                          steps: list[tuple[str, int]]) -> None:
    called: set[str] = set()
    with TenderFile.open(_copy(bases[base], tmp_path), actor="property") as tf:
        for name, seed in steps:
            operation = GENERATORS[name](tf, random.Random(seed), tmp_path)
            if operation is not None:
                check_step(tf, operation, called)
        assert tf.check() == []  # the audit chain and seals hold after every undo and redo


def test_every_operation_once(bases: dict[str, Path], tmp_path: Path) -> None:
    """Each generator at least once on a state where it applies, so that every inverse is reached too."""
    called: set[str] = set()
    for base in ("blank", "demo"):
        with TenderFile.open(_copy(bases[base], tmp_path), actor="property") as tf:
            for name in sorted(GENERATORS):
                for seed in range(12):  # a few tries: some draws are refused (an off-scale value, say)
                    operation = GENERATORS[name](tf, random.Random(seed), tmp_path)
                    if operation is not None:
                        check_step(tf, operation, called)
                    if name in called:
                        break
            # Documents: one added, then removed, so that removal and its inverse are reached.
            check_step(tf, _gen_add_document(tf, random.Random(1), tmp_path), called)
            check_step(tf, _gen_remove_document(tf, random.Random(1), tmp_path), called)
    missing = (set(GENERATORS) | INVERSES - {"put_returns_state"}) - called
    assert not missing, f"not exercised: {sorted(missing)}"


def _applied_operations() -> set[str]:
    names = set()
    for module in (bids, evaluators, framework, moderation, scores, setting_ops, packs, assessments, restore):
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if func.__module__ == module.__name__ and inspect.signature(func).return_annotation in ("Applied", Applied):
                names.add(name)
    return names


def test_every_operation_that_returns_applied_is_covered() -> None:
    assert _applied_operations() == set(GENERATORS) | INVERSES | PACK_OPERATIONS | WHOLE_FILE


def test_a_restore_undoes_and_redoes_exactly(bases: dict[str, Path], tmp_path: Path) -> None:
    called: set[str] = set()
    with TenderFile.open(_copy(bases["demo"], tmp_path), actor="property") as tf:
        backup = restore.make_backup(tf, "before-my-edits")
        for name in ("set_score", "set_bid_field", "add_criterion"):
            for seed in range(12):
                operation = GENERATORS[name](tf, random.Random(seed), tmp_path)
                if operation is not None:
                    with contextlib.suppress(KnownError):
                        operation(tf)
        before = snapshot(tf)
        applied = op(restore.restore_from, path=backup, label="before my edits")(tf)
        after = snapshot(tf)
        assert after != before and applied.inverse is not None
        undone = applied.inverse(tf)  # the trail comes back with the rows: the restore replaced both
        assert snapshot(tf) == before and tf.check() == []
        assert undone.inverse is not None
        undone.inverse(tf)
        assert snapshot(tf) == after and tf.check() == []
        called.add(applied.inverse.name)
    assert called == {"restore_from"}


def _submit_own(pack: Path, value: int, code: str) -> None:
    with TenderFile.open(pack, actor="evaluator") as tf:
        ev = load_evaluation(tf)
        me = ev.evaluators[0]
        evaluators.declare(tf, evaluator_id=me.id)
        for crit in scored_criteria(ev.framework)[:3]:
            scores.set_score(tf, evaluator_id=me.id, bid_id=ev.bids[0].id, criterion_id=crit.id, value=value,
                             rationale="From the pack.")
        assert packs.submit_pack(tf, code=code).inverse is None  # submitting is never undone


def test_collection_and_conflict_decision_undo_and_redo_exactly(bases: dict[str, Path], tmp_path: Path) -> None:
    lead = _copy(bases["demo"], tmp_path)
    folder = tmp_path / "packs"
    folder.mkdir()
    with TenderFile.open(lead, actor="lead") as tf:
        issued = packs.issue_packs(tf, folder=folder)
        assert issued.inverse is None and len(issued.result) == 3
    aisha = next(p for p in issued.result if "Aisha" in p.path.name)
    first = aisha.path
    second = tmp_path / "second-Aisha.svi"
    shutil.copy(first, second)
    _submit_own(first, 1, aisha.code)
    _submit_own(second, 3, aisha.code)
    called: set[str] = set()
    with TenderFile.open(lead, actor="lead") as tf:
        check_step(tf, op(packs.collect_returns, paths=[first]), called)
        check_step(tf, op(packs.collect_returns, paths=[second]), called)  # a second, different return: a conflict
        conflict = next(r for r in packs.list_returns(tf) if r.status == "conflict")
        check_step(tf, op(packs.resolve_conflict, return_id=conflict.id, accept=True), called)
        assert tf.check() == []
    assert called == {"collect_returns", "put_returns_state", "resolve_conflict"}


def test_inverses_are_plain_data() -> None:
    """An inverse is an Op: a function and its arguments, comparable and kept without closures."""
    a = op(scores.restore_score, evaluator_id="e", bid_id="b", criterion_id="c", score=None)
    assert a == op(scores.restore_score, evaluator_id="e", bid_id="b", criterion_id="c", score=None)
    assert a.name == "restore_score"


def test_recording_a_drafted_consensus_undoes_to_the_draft(bases: dict[str, Path], tmp_path: Path) -> None:
    """The panel's draft goes when its consensus is recorded; undone, the draft is back exactly (every table as
    before), and redone, gone again, for a first agreement and for a change of one already agreed."""
    with TenderFile.open(_copy(bases["demo"], tmp_path), actor="property") as tf:
        ev = load_evaluation(tf)
        agreed = ev.consensus[0]
        fresh = next((b.id, c.id) for b in ev.bids for c in ev.framework.criteria if c.kind.value == "scored"
                     and not any((k.bid_id, k.criterion_id) == (b.id, c.id) for k in ev.consensus))
        for bid_id, crit_id, value in ((agreed.bid_id, agreed.criterion_id, agreed.value), (*fresh, None)):
            draft = ConsensusDraft(value=value, note="Leaning to the middle of the evaluators' scores.")
            scores.set_consensus_draft(tf, bid_id=bid_id, criterion_id=crit_id, draft=draft)
            counted = [s.value for s in load_evaluation(tf).scores if (s.bid_id, s.criterion_id) == (bid_id, crit_id)]
            called: set[str] = set()
            check_step(tf, op(scores.set_consensus, bid_id=bid_id, criterion_id=crit_id,
                              value=value if value is not None else sorted(counted)[len(counted) // 2],
                              note="Agreed at the panel meeting."), called)
            assert called == {"set_consensus", "restore_consensus"}
