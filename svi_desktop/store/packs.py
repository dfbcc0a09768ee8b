"""Evaluator packs: one .svi per evaluator holding only their own scores; submitted, checked and collected."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from svi_desktop.domain.changes import Applied, Change, ChangeKind, op, unchanged
from svi_desktop.domain.digests import framework_digest, scores_digest
from svi_desktop.domain.model import Evaluation, Evaluator, Score, new_id
from svi_desktop.domain.settings import (
    PACK_DIGEST,
    PACK_EVALUATOR,
    PACK_FRAMEWORK,
    PACK_ISSUED,
    PACK_SOURCE,
    PACK_SUBMITTED,
)
from svi_desktop.errors import KnownError
from svi_desktop.store import audit, rows
from svi_desktop.store.lock import current_user
from svi_desktop.store.operations.moderation import ensure_scores_open
from svi_desktop.store.operations.settings import UNDO_PREFIX, get_setting
from svi_desktop.store.populate import populate
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")[:60] or "tender"


def pack_name(ev: Evaluation, evaluator: Evaluator) -> str:
    return f"{_safe(ev.tender.reference or ev.tender.title)}-{_safe(evaluator.name)}.svi"


def issue_packs(tf: TenderFile, *, folder: Path, evaluator_ids: list[str] | None = None) -> Applied:
    """Write one pack per evaluator into `folder`; each holds that evaluator's own scores only.
    Result: the packs' paths. Issuing is recorded, not undone (the packs have gone out)."""
    if get_setting(tf, PACK_EVALUATOR):
        raise KnownError("This file is itself an evaluator pack; issue packs from the lead's tender file.")
    folder = Path(folder)
    if not folder.is_dir():
        raise KnownError(f"The folder {folder} does not exist; choose another.")
    ev = load_evaluation(tf)
    chosen = [e for e in ev.evaluators if evaluator_ids is None or e.id in evaluator_ids]
    if not chosen:
        raise KnownError("There are no evaluators to issue packs to; add the evaluators first.")
    targets = [folder / pack_name(ev, e) for e in chosen]
    existing = [t.name for t in targets if t.exists()]
    if existing:
        raise KnownError(f"{existing[0]} already exists in that folder; choose an empty folder.")
    digest = framework_digest(ev.framework)
    documents = list(tf.db.table("documents").rows)
    made = []
    for e, target in zip(chosen, targets, strict=True):
        own = replace(
            ev,
            evaluators=(e,),
            scores=tuple(s for s in ev.scores if s.evaluator_id == e.id),
            consensus=(),
            settings={PACK_EVALUATOR: e.id, PACK_ISSUED: audit.now(), PACK_SOURCE: tf.path.name,
                      PACK_FRAMEWORK: digest},
        )

        def build(db: Any, own: Evaluation = own, e: Evaluator = e) -> None:
            populate(db, own, actor=current_user(), action=f"issue evaluator pack to {e.name}")
            db.table("documents").insert_all(documents)

        TenderFile.create(target, actor=current_user(), build=build).close()
        made.append(target)
    with tf.operation(action=f"issue {len(made)} evaluator packs", entity="packs", entity_id=str(folder),
                      new={"packs": [p.name for p in made], "framework_digest": digest}):
        pass
    return Applied(Change(ChangeKind.AUDIT), made, None)


@dataclass(frozen=True)
class PackInfo:
    evaluator_id: str
    issued_at: str
    submitted_at: str
    scores_digest: str


def pack_info(tf: TenderFile) -> PackInfo | None:
    evaluator = get_setting(tf, PACK_EVALUATOR)
    if not evaluator:
        return None
    return PackInfo(evaluator, get_setting(tf, PACK_ISSUED), get_setting(tf, PACK_SUBMITTED),
                    get_setting(tf, PACK_DIGEST))


def submit_pack(tf: TenderFile) -> Applied:
    """Lock the pack: record the time and a digest of the evaluator's scores. Result: the digest.
    Submitting is a formal act: recorded, never undone."""
    info = pack_info(tf)
    if info is None:
        raise KnownError("Only an evaluator pack can be submitted; this is the lead's tender file.")
    ensure_scores_open(tf)
    ev = load_evaluation(tf)
    me = next((e for e in ev.evaluators if e.id == info.evaluator_id), None)
    if me is None or me.declaration is None:
        raise KnownError("Declare your interests before submitting the pack.")
    digest = scores_digest(ev.scores)
    when = audit.now()
    with tf.operation(action="submit evaluator pack", entity="pack", entity_id=info.evaluator_id,
                      new={"submitted_at": when, "scores_digest": digest, "scores": len(ev.scores)}) as db:
        db.table("settings").upsert({"key": PACK_SUBMITTED, "value": when}, pk="key")
        db.table("settings").upsert({"key": PACK_DIGEST, "value": digest}, pk="key")
    return Applied(Change(ChangeKind.SETTINGS, (PACK_SUBMITTED,)), digest, None)


@dataclass(frozen=True)
class CheckedPack:
    path: Path
    evaluator: Evaluator
    scores: tuple[Score, ...]
    digest: str
    submitted_at: str


def check_pack(path: Path, lead: Evaluation) -> CheckedPack:
    """Open a returned pack read-only and check it belongs, is submitted and is untouched."""
    name = Path(path).name
    try:
        with TenderFile.open(path, actor=current_user(), read_only=True) as pack:
            info = pack_info(pack)
            ev = load_evaluation(pack)
    except KnownError as exc:
        raise KnownError(f"{name} was refused: {exc.message[0].lower()}{exc.message[1:]}") from None
    if info is None:
        raise KnownError(f"{name} was refused: it is not an evaluator pack.")
    if ev.tender.id != lead.tender.id:
        raise KnownError(f"{name} was refused: it is a pack from another tender ({ev.tender.title}).")
    if framework_digest(ev.framework) != framework_digest(lead.framework):
        raise KnownError(f"{name} was refused: its framework differs from this tender's (it was changed after "
                         "the pack was issued), so its scores cannot be compared.")
    if not info.submitted_at:
        raise KnownError(f"{name} was refused: it has not been submitted; the evaluator must press Submit first.")
    if scores_digest(ev.scores) != info.scores_digest:
        raise KnownError(f"{name} was refused: its scores do not match the digest recorded when it was submitted, "
                         "so they were changed afterwards.")
    foreign = {s.evaluator_id for s in ev.scores} - {info.evaluator_id}
    if foreign or len(ev.evaluators) != 1:
        raise KnownError(f"{name} was refused: it holds another evaluator's scores.")
    evaluator = ev.evaluators[0]
    if evaluator.id not in {e.id for e in lead.evaluators}:
        raise KnownError(f"{name} was refused: its evaluator, {evaluator.name}, is not on this tender's panel.")
    return CheckedPack(Path(path), evaluator, ev.scores, info.scores_digest, info.submitted_at)


@dataclass
class Collection:
    """What one collection did, pack by pack, for the report."""

    merged: list[tuple[str, str, int]] = field(default_factory=list)  # (pack, evaluator, scores)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (pack, evaluator)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (pack, reason)

    @property
    def changed(self) -> bool:
        return bool(self.merged or self.conflicts)


@dataclass(frozen=True)
class ReturnsState:
    """Every row a collection or a conflict decision touches for some evaluators: their scores,
    their declarations (evaluator rows) and their returns. Putting one back undoes either exactly."""

    evaluator_ids: tuple[str, ...]
    scores: tuple[dict[str, Any], ...]
    evaluators: tuple[dict[str, Any], ...]
    returns: tuple[dict[str, Any], ...]


def _returns_state(tf: TenderFile, evaluator_ids: tuple[str, ...]) -> ReturnsState:
    marks = ",".join("?" * len(evaluator_ids))
    ids = list(evaluator_ids)
    return ReturnsState(
        evaluator_ids,
        tuple(tf.db.table("scores").rows_where(f"evaluator_id IN ({marks})", ids, order_by="id")),
        tuple(tf.db.table("evaluators").rows_where(f"id IN ({marks})", ids, order_by="id")),
        tuple(tf.db.table("returns").rows_where(f"evaluator_id IN ({marks})", ids, order_by="id")),
    )


def _write_returns_state(db: Any, state: ReturnsState) -> None:
    marks = ",".join("?" * len(state.evaluator_ids))
    ids = list(state.evaluator_ids)
    db.execute(f"DELETE FROM scores WHERE evaluator_id IN ({marks})", ids)
    db.execute(f"DELETE FROM returns WHERE evaluator_id IN ({marks})", ids)
    db.table("scores").insert_all(state.scores)
    db.table("returns").insert_all(state.returns)
    for e in state.evaluators:
        db.table("evaluators").update(e["id"], e)


def put_returns_state(tf: TenderFile, *, state: ReturnsState, action: str) -> Applied:
    """Put some evaluators' scores, declarations and returns back as `state` holds them (undo and redo
    of a collection or a conflict decision). Its inverse is the state it replaced."""
    ensure_scores_open(tf)
    before = _returns_state(tf, state.evaluator_ids)
    if before == state:
        return unchanged()
    change = Change(ChangeKind.SCORES)
    with tf.operation(action=action, entity="returns", entity_id=",".join(state.evaluator_ids),
                      old={"scores": len(before.scores), "returns": len(before.returns)},
                      new={"scores": len(state.scores), "returns": len(state.returns)}) as db:
        _write_returns_state(db, state)
    other = action[len(UNDO_PREFIX):] if action.startswith(UNDO_PREFIX) else UNDO_PREFIX + action
    return Applied(change, None, op(put_returns_state, state=before, action=other))


def collect_returns(tf: TenderFile, *, paths: list[Path]) -> Applied:
    """Merge any number of submitted packs in one transaction; refused packs are listed with the reason.
    Result: the Collection report. Undo puts back the evaluators' scores and returns as they were."""
    if pack_info(tf) is not None:
        raise KnownError("Returns are collected into the lead's tender file, not into a pack.")
    ensure_scores_open(tf)
    lead = load_evaluation(tf)
    result = Collection()
    checked: list[CheckedPack] = []
    for p in paths:
        try:
            checked.append(check_pack(Path(p), lead))
        except KnownError as exc:
            result.refused.append((Path(p).name, exc.message))
    plan = []
    seen = {(r[0], r[1]): r[2] for r in tf.query("SELECT evaluator_id, scores_digest, status FROM returns")}
    merged_evaluators = {r[0] for r in tf.query("SELECT evaluator_id FROM returns WHERE status = 'merged'")}
    for c in checked:
        if (c.evaluator.id, c.digest) in seen:
            result.unchanged.append(c.path.name)
            continue
        status = "conflict" if c.evaluator.id in merged_evaluators else "merged"
        plan.append((c, status))
        seen[(c.evaluator.id, c.digest)] = status
        if status == "merged":
            merged_evaluators.add(c.evaluator.id)
    if not plan:
        return unchanged(result)
    before = _returns_state(tf, tuple(sorted({c.evaluator.id for c, _s in plan})))
    tf.backup("before-collecting-returns")
    now = audit.now()
    action = f"collect {len(plan)} evaluator returns"
    change = Change(ChangeKind.SCORES)
    with tf.operation(action=action, entity="returns", entity_id=now,
                      new={"returns": [[c.path.name, c.evaluator.name, status, len(c.scores)] for c, status in plan]}) as db:
        for c, status in plan:
            db.table("returns").insert({
                "id": new_id(), "evaluator_id": c.evaluator.id, "scores_digest": c.digest,
                "submitted_at": c.submitted_at, "collected_at": now, "source": c.path.name, "status": status,
                "scores": json.dumps([rows.score_row(s) for s in c.scores], ensure_ascii=False),
            })
            if status == "conflict":
                result.conflicts.append((c.path.name, c.evaluator.name))
                continue
            _replace_scores(db, c.evaluator, c.scores)
            result.merged.append((c.path.name, c.evaluator.name, len(c.scores)))
    return Applied(change, result, op(put_returns_state, state=before, action=UNDO_PREFIX + action))


def _replace_scores(db: Any, evaluator: Evaluator, scores: tuple[Score, ...]) -> None:
    """The return's scores take the place of the evaluator's scores for the same bid and criterion."""
    for s in scores:
        db.table("scores").delete_where("evaluator_id = ? AND bid_id = ? AND criterion_id = ?",
                                  [s.evaluator_id, s.bid_id, s.criterion_id])
        db.table("scores").insert(rows.score_row(s), replace=True)
    if evaluator.declaration is not None:
        db.table("evaluators").update(evaluator.id, {k: v for k, v in rows.evaluator_row(evaluator).items()
                                               if k.startswith("coi_")})


@dataclass(frozen=True)
class Return:
    id: str
    evaluator_id: str
    source: str
    submitted_at: str
    collected_at: str
    status: str
    scores: tuple[Score, ...]


def list_returns(tf: TenderFile) -> list[Return]:
    out = []
    for r in tf.db.table("returns").rows_where(order_by="collected_at, source"):
        scores = tuple(rows.score_from(s) for s in json.loads(r["scores"]))
        out.append(Return(r["id"], r["evaluator_id"], r["source"], r["submitted_at"], r["collected_at"],
                          r["status"], scores))
    return out


def resolve_conflict(tf: TenderFile, *, return_id: str, accept: bool) -> Applied:
    """The lead's choice between two returns from one evaluator: both stay on record."""
    ensure_scores_open(tf)
    chosen = next((r for r in list_returns(tf) if r.id == return_id), None)
    if chosen is None or chosen.status != "conflict":
        raise KnownError("That return is not waiting for a decision.")
    evaluator = next(rows.evaluator_from(e) for e in tf.db.table("evaluators").rows_where("id = ?", [chosen.evaluator_id]))
    before = _returns_state(tf, (chosen.evaluator_id,))
    verdict = "accept" if accept else "reject"
    action = f"{verdict} the second return from {evaluator.name}"
    change = Change(ChangeKind.SCORES)
    with tf.operation(action=action, entity="return", entity_id=return_id, old={"status": "conflict"},
                      new={"status": "merged" if accept else "rejected"}) as db:
        if accept:
            db.execute("UPDATE returns SET status = 'superseded' WHERE evaluator_id = ? AND status = 'merged'",
                       [chosen.evaluator_id])
            db.table("scores").delete_where("evaluator_id = ?", [chosen.evaluator_id])
            db.table("scores").insert_all(rows.score_row(s) for s in chosen.scores)
            db.table("returns").update(return_id, {"status": "merged"})
        else:
            db.table("returns").update(return_id, {"status": "rejected"})
    return Applied(change, None, op(put_returns_state, state=before, action=UNDO_PREFIX + action))
