"""Evaluator packs: one .svi per evaluator holding only their own scores; submitted, checked and collected."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from svi_desktop.domain.changes import Applied, Change, ChangeKind, op, unchanged
from svi_desktop.domain.digests import framework_digest, scores_digest
from svi_desktop.domain.model import Bid, Evaluation, Evaluator, Score, new_id
from svi_desktop.domain.returns import code_check, derive_key, new_return_code, return_message, return_tag, tags_match
from svi_desktop.domain.rules import scored_criteria
from svi_desktop.domain.settings import (
    PACK_CODE_CHECK,
    PACK_DIGEST,
    PACK_EVALUATOR,
    PACK_FRAMEWORK,
    PACK_ID,
    PACK_ISSUED,
    PACK_SOURCE,
    PACK_SUBMITTED,
    PACK_TAG,
)
from svi_desktop.errors import EncryptedFile, KnownError
from svi_desktop.store import audit, rows
from svi_desktop.store.lock import current_user
from svi_desktop.store.operations.moderation import ensure_scores_open
from svi_desktop.store.operations.settings import UNDO_PREFIX, get_setting
from svi_desktop.store.outputs import check_output
from svi_desktop.store.populate import populate
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile, inspect_header

log = logging.getLogger("svi.store")


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")[:60] or "tender"


def pack_name(ev: Evaluation, evaluator: Evaluator) -> str:
    return f"{_safe(ev.tender.reference or ev.tender.title)}-{_safe(evaluator.name)}.svi"


@dataclass(frozen=True)
class IssuedPack:
    """A pack written for one evaluator, and the return code to give them apart from the pack."""

    path: Path
    evaluator: str
    code: str
    passphrase: str = ""  # the pack's own, when the tender is encrypted: given with the code, apart from the pack


def issue_packs(tf: TenderFile, *, folder: Path, evaluator_ids: list[str] | None = None) -> Applied:
    """Write one pack per evaluator into `folder`; each holds that evaluator's own scores only, and none holds
    a key or a code. Result: the IssuedPacks, with each evaluator's return code. This file keeps a key derived
    from each code, to check the seal of the return, and the code itself until that evaluator's return is
    collected, so that the lead can show it again (`waiting_codes`). Issuing is recorded, not undone (the packs
    have gone out); issuing again gives new codes, and returns from the earlier issue are then refused."""
    if get_setting(tf, PACK_EVALUATOR):
        raise KnownError("This file is itself an evaluator pack; issue packs from the lead's tender file.")
    tf.ensure_not_frozen()  # before any pack is written, not after
    tf.ensure_untampered()  # a pack built from a row edited outside the program would seal the edit
    folder = check_output(Path(folder), folder=True)
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
    made: list[IssuedPack] = []
    keys = []
    excluded = ev.exclusions()
    for e, target in zip(chosen, targets, strict=True):
        pack_id, code, issued = new_id(), new_return_code(), audit.now()
        # An encrypted tender's pack is encrypted too, with a passphrase of its own: the lead's does not open it.
        passphrase = new_return_code() if tf.encrypted else ""
        # Nothing of a bid the evaluator is excluded from goes into their pack: no response, price or document.
        hidden = {b for (who, b) in excluded if who == e.id}
        key = derive_key(code, tender_id=ev.tender.id, evaluator_id=e.id, pack_id=pack_id)
        keys.append({"evaluator_id": e.id, "pack_id": pack_id, "key": key.hex(), "issued_at": issued, "code": code,
                     "passphrase": passphrase})
        own = replace(
            ev,
            # Quality is scored blind to price: no pack carries a price. A bid the evaluator is excluded from
            # stays as its supplier's name alone (the declaration names it): no status, dates, lot or details.
            bids=tuple(Bid(b.id, b.supplier) if b.id in hidden else replace(b, price=None) for b in ev.bids),
            responses=tuple(r for r in ev.responses if r.bid_id not in hidden),
            evaluators=(e,),
            scores=tuple(s for s in ev.scores if s.evaluator_id == e.id and s.bid_id not in hidden),
            consensus=(),
            assessments=(),  # the conflicts assessment stays with the lead
            # Clarifications answered so far travel with the responses they clarify.
            clarifications=tuple(c for c in ev.clarifications if c.bid_id not in hidden),
            # A bid's commitments are part of what it offers; the contract's KPIs come after the award.
            commitments=tuple(c for c in ev.commitments if c.bid_id not in hidden),
            kpis=(),
            kpi_periods=(),
            settings={PACK_EVALUATOR: e.id, PACK_ISSUED: issued, PACK_SOURCE: tf.path.name,
                      PACK_FRAMEWORK: digest, PACK_ID: pack_id, PACK_CODE_CHECK: code_check(key)},
        )

        def build(db: Any, own: Evaluation = own, e: Evaluator = e, hidden: set[str] = hidden) -> None:
            populate(db, own, actor=current_user(), action=f"issue evaluator pack to {e.name}",
                     documents=[d for d in documents if d["bid_id"] not in hidden])

        TenderFile.create(target, actor=current_user(), build=build, passphrase=passphrase or None).close()
        made.append(IssuedPack(target, e.name, code, passphrase))
    with tf.operation(action=f"issue {len(made)} evaluator packs", entity="packs", entity_id=str(folder),
                      new={"packs": [p.path.name for p in made], "framework_digest": digest}) as db:
        for row in keys:
            db.execute("INSERT INTO return_keys (evaluator_id, pack_id, key, issued_at, passphrase) "
                       "VALUES (?, ?, ?, ?, ?) ON CONFLICT (evaluator_id) DO UPDATE SET pack_id = excluded.pack_id, "
                       "key = excluded.key, issued_at = excluded.issued_at, passphrase = excluded.passphrase",
                       [row["evaluator_id"], row["pack_id"], row["key"], row["issued_at"], row["passphrase"]])
            db.execute("INSERT INTO return_codes (evaluator_id, pack_id, code) VALUES (?, ?, ?) "
                       "ON CONFLICT (evaluator_id) DO UPDATE SET pack_id = excluded.pack_id, code = excluded.code",
                       [row["evaluator_id"], row["pack_id"], row["code"]])
    return Applied(Change(ChangeKind.SETTINGS), made, None)


@dataclass(frozen=True)
class WaitingCode:
    """A return code issued and not yet used: the evaluator's return has not been collected."""

    evaluator: str
    code: str
    issued_at: str
    passphrase: str = ""  # the pack's own, when the tender is encrypted


def waiting_codes(tf: TenderFile) -> list[WaitingCode]:
    """The return codes of the packs issued from this file whose returns are not collected yet, in the panel's
    order (by name), so that the lead can hand one over again. A code is dropped when its return is collected."""
    if get_setting(tf, PACK_EVALUATOR):
        raise KnownError("This file is an evaluator pack; the return codes are kept in the lead's tender file.")
    found = tf.query("SELECT e.name, c.code, k.issued_at, k.passphrase FROM return_codes c "
                     "JOIN evaluators e ON e.id = c.evaluator_id "
                     "JOIN return_keys k ON k.evaluator_id = c.evaluator_id AND k.pack_id = c.pack_id "
                     "ORDER BY e.name, e.id")
    return [WaitingCode(str(name), str(code), str(issued), str(phrase)) for name, code, issued, phrase in found]


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


def submit_pack(tf: TenderFile, *, code: str) -> Applied:
    """Lock the pack and seal it with the evaluator's return code: the time, a digest of the scores, and the
    HMAC of the whole return. Result: the digest. Submitting is a formal act: recorded, never undone."""
    info = pack_info(tf)
    if info is None:
        raise KnownError("Only an evaluator pack can be submitted; this is the lead's tender file.")
    ensure_scores_open(tf)
    ev = load_evaluation(tf)
    me = next((e for e in ev.evaluators if e.id == info.evaluator_id), None)
    if me is None or me.declaration is None:
        raise KnownError("Declare your interests before submitting the pack.")
    pack_id, check = get_setting(tf, PACK_ID), get_setting(tf, PACK_CODE_CHECK)
    if not pack_id or not check:
        raise KnownError("This pack was issued by an earlier version of SVI Workbench and has no return code; ask "
                         "the lead to issue the packs again.")
    try:
        key = derive_key(code, tender_id=ev.tender.id, evaluator_id=me.id, pack_id=pack_id)
    except ValueError as exc:
        raise KnownError(str(exc)) from None
    if not tags_match(code_check(key), check):
        raise KnownError("That return code is not the one issued with this pack; check it with the lead who sent "
                         "the pack. Nothing was submitted.")
    digest = scores_digest(ev.scores)
    when = audit.now()
    tag = return_tag(key, return_message(tender_id=ev.tender.id, pack_id=pack_id, evaluator=me, scores=ev.scores,
                                         submitted_at=when))
    with tf.operation(action="submit evaluator pack", entity="pack", entity_id=info.evaluator_id,
                      new={"submitted_at": when, "scores_digest": digest, "scores": len(ev.scores)}) as db:
        for key_name, value in ((PACK_SUBMITTED, when), (PACK_DIGEST, digest), (PACK_TAG, tag)):
            db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key_name, value])
    return Applied(Change(ChangeKind.SETTINGS, (PACK_SUBMITTED,)), digest, None)


@dataclass(frozen=True)
class CheckedPack:
    path: Path
    evaluator: Evaluator
    scores: tuple[Score, ...]
    digest: str
    submitted_at: str


MAX_RATIONALE = 100_000


def _refused(name: str, why: str) -> KnownError:
    return KnownError(f"{name} was refused: {why}")


def check_pack(path: Path, lead: Evaluation, keys: dict[str, tuple[str, bytes]],
               passphrases: Sequence[str] = ()) -> CheckedPack:
    """Open a returned pack read-only and check it belongs, is submitted, is sealed with the return code issued to
    its evaluator, and holds nothing that the window would not have let them enter. Every failure is a sentence."""
    name = Path(path).name
    try:
        return _check_pack(path, name, lead, keys, passphrases)
    except KnownError as exc:
        message = exc.message
        if not message.startswith(f"{name} was refused"):
            if message.startswith(f"{name} "):  # the opener's sentence names the file: here it is "it"
                message = "it " + message[len(name) + 1:]
            message = message.replace("; restore it from a backup.", "; ask the evaluator to send it again.")
            message = f"{name} was refused: {message[0].lower()}{message[1:]}"
        raise KnownError(message) from None
    except Exception:  # a hostile or damaged pack must never stop the rest of a collection
        log.warning("a returned pack could not be read", exc_info=True)
        raise _refused(name, "it is damaged and could not be read.") from None


def _open_pack(path: Path, name: str, passphrases: Sequence[str]) -> TenderFile:
    """A returned pack, read-only: as it is when plain; when encrypted, with whichever passphrase of the packs issued
    from the lead's file opens it (nobody is asked: each pack's passphrase is kept in the lead's file)."""
    try:
        inspect_header(path)
    except EncryptedFile:
        for phrase in passphrases:
            try:
                return TenderFile.open(path, actor=current_user(), read_only=True, passphrase=phrase)
            except EncryptedFile:
                continue
        raise _refused(name, "it is encrypted, and the passphrase of no pack issued from this file opens it.") from None
    return TenderFile.open(path, actor=current_user(), read_only=True)


def _check_pack(path: Path, name: str, lead: Evaluation, keys: dict[str, tuple[str, bytes]],
                passphrases: Sequence[str] = ()) -> CheckedPack:
    with _open_pack(path, name, passphrases) as pack:
        info = pack_info(pack)
        ev = load_evaluation(pack)
        pack_id, tag = get_setting(pack, PACK_ID), get_setting(pack, PACK_TAG)
        # The pack's own seals: a row edited by hand (before submit or after) is named, never collected.
        problems = pack.check() if info is not None else []
    if info is None:
        raise _refused(name, "it is not an evaluator pack.")
    if ev.tender.id != lead.tender.id:
        raise _refused(name, f"it is a pack from another tender ({ev.tender.title}).")
    if len(ev.evaluators) != 1 or ev.evaluators[0].id != info.evaluator_id:
        raise _refused(name, "it holds another evaluator's scores.")
    evaluator = ev.evaluators[0]
    on_panel = {e.id: e for e in lead.evaluators}
    if evaluator.id not in on_panel:
        raise _refused(name, f"its evaluator, {evaluator.name}, is not on this tender's panel.")
    panel_name = on_panel[evaluator.id].name
    if evaluator.id not in keys:
        raise _refused(name, f"no pack with a return code was issued to {panel_name} from this file; issue the "
                       "packs again.")
    issued_pack, key = keys[evaluator.id]
    if not info.submitted_at:
        raise _refused(name, "it has not been submitted; the evaluator must press Submit first.")
    if pack_id != issued_pack:
        raise _refused(name, f"it comes from an earlier issue of the packs; {panel_name} should return the pack "
                       "issued most recently.")
    message = return_message(tender_id=lead.tender.id, pack_id=pack_id, evaluator=evaluator, scores=ev.scores,
                             submitted_at=info.submitted_at)
    if not tag or not tags_match(return_tag(key, message), tag):
        raise _refused(name, f"it is not sealed with the return code issued to {panel_name}, so it was changed "
                       f"after it was submitted or it is not {panel_name}'s return.")
    if problems:  # the HMAC held (whoever holds the code can recompute it), but the pack's own chain does not
        raise _refused(name, f"it was changed outside SVI Workbench ({problems[0]}), so it cannot be trusted; ask "
                       "the evaluator to send it again.")
    if framework_digest(ev.framework) != framework_digest(lead.framework):
        raise _refused(name, "its framework differs from this tender's (it was changed after the pack was issued), "
                       "so its scores cannot be compared.")
    _check_values(name, lead, evaluator.id, ev.scores)
    return CheckedPack(Path(path), evaluator, ev.scores, scores_digest(ev.scores), info.submitted_at)


def _check_values(name: str, lead: Evaluation, evaluator_id: str, scores: tuple[Score, ...]) -> None:
    """Every score as the window would have accepted it: this evaluator's, on the scale, for a bid and a
    criterion of this tender, once each."""
    bids = {b.id for b in lead.bids}
    criteria = {c.id for c in scored_criteria(lead.framework)}
    values = set(lead.framework.scale.values())
    seen: set[tuple[str, str]] = set()
    for s in scores:
        if s.evaluator_id != evaluator_id:
            raise _refused(name, "it holds another evaluator's scores.")
        if s.bid_id not in bids or s.criterion_id not in criteria:
            raise _refused(name, "it scores a bid or a criterion that is not in this tender.")
        if isinstance(s.value, bool) or not isinstance(s.value, int) or s.value not in values:
            raise _refused(name, f"it holds a score of {s.value!r}, which is not on this tender's scale.")
        if (s.bid_id, s.criterion_id) in seen:
            raise _refused(name, "it scores the same bid and criterion twice.")
        seen.add((s.bid_id, s.criterion_id))
        if not isinstance(s.rationale, str) or len(s.rationale) > MAX_RATIONALE:
            raise _refused(name, "it holds a rationale that is not text or is too long.")
        for c in s.evidence:
            if not (isinstance(c.text, str) and isinstance(c.start, int) and isinstance(c.end, int)
                    and 0 <= c.start <= c.end):
                raise _refused(name, "it holds evidence that does not point into a response.")
        if any(not isinstance(f, str) for f in s.flags):
            raise _refused(name, "it holds a red flag that is not text.")


@dataclass
class Collection:
    """What one collection did, pack by pack, for the report."""

    merged: list[tuple[str, str, int]] = field(default_factory=list)  # (pack, evaluator, scores)
    # (pack, sentence): where the pack's declaration differs from the lead's record, which stands
    lead_record_kept: list[tuple[str, str]] = field(default_factory=list)
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
    conflicts: tuple[dict[str, Any], ...] = ()
    codes: tuple[dict[str, Any], ...] = ()  # the return codes still waiting: a collection uses them up


def _returns_state(tf: TenderFile, evaluator_ids: tuple[str, ...]) -> ReturnsState:
    marks = ",".join("?" * len(evaluator_ids))
    ids = list(evaluator_ids)
    return ReturnsState(
        evaluator_ids,
        tuple(tf.db.table("scores").rows_where(f"evaluator_id IN ({marks})", ids, order_by="id")),
        tuple(tf.db.table("evaluators").rows_where(f"id IN ({marks})", ids, order_by="id")),
        tuple(tf.db.table("returns").rows_where(f"evaluator_id IN ({marks})", ids, order_by="id")),
        tuple(tf.db.table("conflicts").rows_where(f"evaluator_id IN ({marks})", ids, order_by="bid_id")),
        tuple(tf.db.table("return_codes").rows_where(f"evaluator_id IN ({marks})", ids, order_by="evaluator_id")),
    )


def _write_returns_state(db: Any, state: ReturnsState) -> None:
    marks = ",".join("?" * len(state.evaluator_ids))
    ids = list(state.evaluator_ids)
    db.execute(f"DELETE FROM scores WHERE evaluator_id IN ({marks})", ids)
    db.execute(f"DELETE FROM returns WHERE evaluator_id IN ({marks})", ids)
    db.execute(f"DELETE FROM conflicts WHERE evaluator_id IN ({marks})", ids)
    db.execute(f"DELETE FROM return_codes WHERE evaluator_id IN ({marks})", ids)
    db.table("scores").insert_all(state.scores)
    db.table("returns").insert_all(state.returns)
    db.table("conflicts").insert_all(state.conflicts)
    db.table("return_codes").insert_all(state.codes)
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
    keys = {r[0]: (r[1], bytes.fromhex(r[2])) for r in tf.query("SELECT evaluator_id, pack_id, key FROM return_keys")}
    passphrases = [r[0] for r in tf.query("SELECT passphrase FROM return_keys WHERE passphrase != ''")]
    result = Collection()
    checked: list[CheckedPack] = []
    for p in paths:
        try:
            checked.append(check_pack(Path(p), lead, keys, passphrases))
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
            # The code has done its work: the return is sealed with it and here. Undo puts it back.
            db.execute("DELETE FROM return_codes WHERE evaluator_id = ?", [c.evaluator.id])
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
            result.lead_record_kept.extend((c.path.name, line) for line in _lead_kept(lead, c))
    return Applied(change, result, op(put_returns_state, state=before, action=UNDO_PREFIX + action))


def _replace_scores(db: Any, evaluator: Evaluator, scores: tuple[Score, ...]) -> None:
    """The return's scores take the place of the evaluator's scores for the same bid and criterion."""
    for s in scores:
        db.table("scores").delete_where("evaluator_id = ? AND bid_id = ? AND criterion_id = ?",
                                  [s.evaluator_id, s.bid_id, s.criterion_id])
        db.table("scores").insert(rows.score_row(s), replace=True)
    if evaluator.declaration is not None:
        # An evaluator cannot undo in her pack what the lead recorded: a declaration already in the lead's file
        # stands, and so does every conflict the lead recorded and how it is managed. The pack adds only conflicts
        # the lead's file does not have.
        declared = db.execute("SELECT coi_declared_at FROM evaluators WHERE id = ?", [evaluator.id]).fetchone()
        if not (declared and declared[0]):
            db.table("evaluators").update(evaluator.id, {k: v for k, v in rows.evaluator_row(evaluator).items()
                                                   if k.startswith("coi_")})
        recorded = {r[0] for r in db.execute("SELECT bid_id FROM conflicts WHERE evaluator_id = ?",
                                             [evaluator.id]).fetchall()}
        for c in evaluator.declaration.conflicts:
            if c.bid_id not in recorded:
                db.table("conflicts").insert(rows.conflict_row(evaluator.id, c))


def _lead_kept(lead: Evaluation, c: CheckedPack) -> list[str]:
    """Where the pack's declaration leaves out a conflict the lead recorded: the lead's record stands, and an
    excluded evaluator's scores of that bid are kept on record but not counted."""
    mine = next((e for e in lead.evaluators if e.id == c.evaluator.id), None)
    if mine is None or mine.declaration is None or c.evaluator.declaration is None:
        return []
    in_pack = {x.bid_id for x in c.evaluator.declaration.conflicts}
    suppliers = {b.id: b.supplier for b in lead.bids}
    out = []
    for x in mine.declaration.conflicts:
        if x.bid_id in in_pack:
            continue
        scored = sum(1 for s in c.scores if s.bid_id == x.bid_id)
        counted = "" if not x.excluded or not scored else (
            f"; {scored} score{'' if scored == 1 else 's'} of that bid kept on record, not counted")
        out.append(f"{c.evaluator.name}'s pack declares no conflict with {suppliers.get(x.bid_id, x.bid_id)}, but the "
                   f"lead's record does ({x.management.value}): the lead's record stands{counted}.")
    return out


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
