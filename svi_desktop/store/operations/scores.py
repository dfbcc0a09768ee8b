"""Operations on evaluators' scores and the panel's consensus."""

from __future__ import annotations

from dataclasses import replace

from svi_desktop.domain.changes import Applied, Change, ChangeKind, op, unchanged
from svi_desktop.domain.model import Citation, Consensus, Score, new_id
from svi_desktop.domain.rules import outside_marker, outside_scores
from svi_desktop.domain.settings import FROZEN, MODERATION_STARTED, PACK_SUBMITTED, ConsensusDraft, consensus_draft_key
from svi_desktop.errors import KnownError
from svi_desktop.store import audit, rows
from svi_desktop.store.operations.moderation import ensure_scores_open, refuse_closed_scores
from svi_desktop.store.operations.settings import get_setting, set_setting
from svi_desktop.store.tender_file import TenderFile

MAX_TEXT = 100_000  # a moderation note, feedback or relative advantages: pages of text, never megabytes


def _checked_citations(tf: TenderFile, bid_id: str, criterion_id: str,
                       citations: tuple[Citation, ...]) -> tuple[Citation, ...]:
    """Citations that quote the bid's own response exactly where they say, each once."""
    if not citations:
        return ()
    found = tf.query("SELECT text FROM responses WHERE bid_id = ? AND criterion_id = ?", (bid_id, criterion_id))
    text = found[0][0] if found else ""
    out: list[Citation] = []
    for c in citations:
        if not (0 <= c.start < c.end <= len(text)) or text[c.start:c.end] != c.text:
            raise KnownError("A cited passage is not in the bid's response as stored; select it again.")
        if c not in out:
            out.append(c)
    return tuple(out)


def _check_value(tf: TenderFile, value: int) -> None:
    allowed = [r[0] for r in tf.query("SELECT value FROM scale_levels ORDER BY value")]
    if value not in allowed:
        raise KnownError(f"{value} is not on this tender's scale ({', '.join(map(str, allowed))}).")


_SCORE_COLUMNS = ("id", "evaluator_id", "bid_id", "criterion_id", "value", "rationale", "evidence", "flags",
                  "updated_at", "on_behalf")
# The key press's write: plain SQL, one statement (sqlite-utils' upsert inspects the schema first).
_WRITE_SCORE = (f"INSERT INTO scores ({', '.join(_SCORE_COLUMNS)}) VALUES ({', '.join('?' * len(_SCORE_COLUMNS))}) "
                "ON CONFLICT(id) DO UPDATE SET value = excluded.value, rationale = excluded.rationale, "
                "evidence = excluded.evidence, flags = excluded.flags, updated_at = excluded.updated_at, "
                "on_behalf = excluded.on_behalf")


_SCORE_FACTS = ("SELECT (SELECT value FROM settings WHERE key = ?), (SELECT value FROM settings WHERE key = ?), "
                "(SELECT value FROM settings WHERE key = ?), (SELECT group_concat(value) FROM scale_levels), "
                "EXISTS (SELECT 1 FROM conflicts WHERE evaluator_id = ? AND bid_id = ? AND management = 'excluded'), "
                "(SELECT name FROM evaluators WHERE id = ?)")


def get_score(tf: TenderFile, *, evaluator_id: str, bid_id: str, criterion_id: str) -> Score | None:
    found = tf.query(f"SELECT {', '.join(_SCORE_COLUMNS)} FROM scores "
                     "WHERE evaluator_id = ? AND bid_id = ? AND criterion_id = ? LIMIT 1",
                     (evaluator_id, bid_id, criterion_id))
    return rows.score_from(dict(zip(_SCORE_COLUMNS, found[0], strict=True))) if found else None


def _score_change(evaluator_id: str, bid_id: str, criterion_id: str) -> Change:
    return Change(ChangeKind.SCORES, (evaluator_id, bid_id, criterion_id))


def set_score(
    tf: TenderFile,
    *,
    evaluator_id: str,
    bid_id: str,
    criterion_id: str,
    value: int,
    rationale: str | None = None,
    evidence: tuple[Citation, ...] | None = None,
    flags: tuple[str, ...] | None = None,
    on_behalf: str = "",
) -> Applied:
    """Record or change one evaluator's score; fields given as None keep what was there. Result: the Score.
    `on_behalf` is why someone else entered it for the evaluator (scores sent on paper, say): recorded on the
    score and in its audit row, which names the evaluator apart from the operating-system user who entered it."""
    # Every check this write needs, in one statement: a key press is waited for (ensure_scores_open,
    # _check_value and ensure_not_excluded, read together).
    frozen, submitted, started, scale, excluded, name = tf.query(_SCORE_FACTS, (
        FROZEN, PACK_SUBMITTED, MODERATION_STARTED, evaluator_id, bid_id, evaluator_id))[0]
    refuse_closed_scores({FROZEN: frozen, PACK_SUBMITTED: submitted, MODERATION_STARTED: started})
    allowed = [int(v) for v in (scale or "").split(",") if v]
    if value not in allowed:
        raise KnownError(f"{value} is not on this tender's scale ({', '.join(map(str, sorted(allowed)))}).")
    if excluded:
        ensure_not_excluded(tf, evaluator_id=evaluator_id, bid_id=bid_id)
    if tf.pack_evaluator and evaluator_id != tf.pack_evaluator:
        raise KnownError("An evaluator pack records only its own evaluator's scores.")
    old = get_score(tf, evaluator_id=evaluator_id, bid_id=bid_id, criterion_id=criterion_id)
    base = old or Score(new_id(), evaluator_id, bid_id, criterion_id, value)
    new = replace(
        base,
        value=value,
        rationale=base.rationale if rationale is None else rationale,
        evidence=base.evidence if evidence is None else tuple(evidence),
        flags=base.flags if flags is None else tuple(flags),
        on_behalf=on_behalf.strip(),
    )
    if old is not None and new == old:
        return unchanged(old)
    new = replace(new, updated_at=audit.now())
    change = _score_change(evaluator_id, bid_id, criterion_id)
    verb = "score" if old is None else "change score"
    with tf.operation(
        action=f"{verb} (entered on behalf of {name if name is not None else 'the evaluator'}: {new.on_behalf})"
        if new.on_behalf else verb,
        entity="score",
        entity_id=new.id,
        evaluator=name if name is not None else evaluator_id,
        old=None if old is None else rows.score_row(old),
        new=rows.score_row(new),
        frozen_checked=True,  # by ensure_scores_open, above
    ) as db:
        row = rows.score_row(new)
        db.execute(_WRITE_SCORE, [row[c] for c in _SCORE_COLUMNS])
    return Applied(change, new, op(restore_score, evaluator_id=evaluator_id, bid_id=bid_id,
                                   criterion_id=criterion_id, score=old))


def restore_score(tf: TenderFile, *, evaluator_id: str, bid_id: str, criterion_id: str, score: Score | None) -> Applied:
    """Put back a score exactly as it was (None: as if never scored). Result: the Score now there, or None."""
    ensure_scores_open(tf)
    old = get_score(tf, evaluator_id=evaluator_id, bid_id=bid_id, criterion_id=criterion_id)
    if old == score:
        return unchanged(score)
    entity_id = score.id if score is not None else old.id if old is not None else ""
    change = _score_change(evaluator_id, bid_id, criterion_id)
    with tf.operation(
        action="restore score",
        entity="score",
        entity_id=entity_id,
        old=None if old is None else rows.score_row(old),
        new=None if score is None else rows.score_row(score),
    ) as db:
        if old is not None:
            db.table("scores").delete(old.id)
        if score is not None:
            db.table("scores").insert(rows.score_row(score))
    return Applied(change, score, op(restore_score, evaluator_id=evaluator_id, bid_id=bid_id,
                                     criterion_id=criterion_id, score=old))


def ensure_not_excluded(tf: TenderFile, *, evaluator_id: str, bid_id: str) -> None:
    """Refuse a score from an evaluator excluded from a bid by a declared conflict: the store, not only the window."""
    if tf.query("SELECT 1 FROM conflicts WHERE evaluator_id = ? AND bid_id = ? AND management = 'excluded'",
                (evaluator_id, bid_id)):
        who = tf.query("SELECT name FROM evaluators WHERE id = ?", (evaluator_id,))
        supplier = tf.query("SELECT supplier FROM bids WHERE id = ?", (bid_id,))
        raise KnownError(f"{who[0][0] if who else 'This evaluator'} declared a conflict with "
                         f"{supplier[0][0] if supplier else 'that bidder'} and is excluded from scoring that bid.")


def _check_texts(note: str, feedback: str, advantages: str) -> None:
    """A consensus's texts, recorded or drafted: pages, never megabytes."""
    for what, text in (("moderation note", note), ("feedback", feedback), ("relative advantages", advantages)):
        if len(text) > MAX_TEXT:
            raise KnownError(f"The {what} is longer than {MAX_TEXT:,} characters; shorten it.")


def get_consensus(tf: TenderFile, *, bid_id: str, criterion_id: str) -> Consensus | None:
    found = list(tf.db.table("consensus").rows_where("bid_id = ? AND criterion_id = ?", [bid_id, criterion_id], limit=1))
    return rows.consensus_from(found[0]) if found else None


def set_consensus(
    tf: TenderFile, *, bid_id: str, criterion_id: str, value: int, note: str, feedback: str = "",
    citations: tuple[Citation, ...] = (), advantages: str = "", outside_reason: str = "",
) -> Applied:
    """Record the panel's agreed score; a moderation note saying how it was reached is required. The feedback
    (for the bidder) may cite passages of the bid's response; `advantages` is the winner's relative advantages."""
    tf.ensure_not_frozen()  # before anything else: a frozen award says so, whatever else is wrong
    note, citations = check_consensus(tf, bid_id=bid_id, criterion_id=criterion_id, value=value, note=note,
                                      feedback=feedback, citations=tuple(citations), advantages=advantages,
                                      outside_reason=outside_reason)
    old = get_consensus(tf, bid_id=bid_id, criterion_id=criterion_id)
    if old is not None and (old.value, old.note, old.feedback, old.citations, old.advantages) == (
            value, note, feedback, citations, advantages):
        return unchanged(old)
    new = Consensus(bid_id, criterion_id, value, note, feedback, audit.now(), citations, advantages)
    draft_key = consensus_draft_key(criterion_id, bid_id)
    draft = get_setting(tf, draft_key) or None  # a blank draft is never kept
    change = Change(ChangeKind.CONSENSUS, (bid_id, criterion_id), settings=((draft_key, None),))
    with tf.operation(
        action="agree consensus" if old is None else "change consensus",
        entity="consensus",
        entity_id=f"{bid_id}:{criterion_id}",
        old=None if old is None else rows.consensus_row(old),
        new=rows.consensus_row(new),
    ) as db:
        db.table("consensus").upsert(rows.consensus_row(new), pk=("bid_id", "criterion_id"))
        db.table("settings").delete_where("key = ?", [draft_key])  # agreed now
    # Undone, the consensus goes and what the panel had typed comes back as its draft: nothing typed is lost.
    return Applied(change, new, op(restore_consensus, bid_id=bid_id, criterion_id=criterion_id, consensus=old,
                                   draft=draft))


def check_consensus(tf: TenderFile, *, bid_id: str, criterion_id: str, value: int, note: str, feedback: str,
                    citations: tuple[Citation, ...], advantages: str, outside_reason: str = "",
                    ) -> tuple[str, tuple[Citation, ...]]:
    """The rules of a consensus, wherever it comes from (the window, svi, a JSON document): a level of the scale, a
    note saying how the panel reached it, texts of pages not megabytes, citations that quote the response, and a
    reason in the note when no evaluator's score that counts supports it (`outside_reason` is added to the note
    with its marker; a note that has the marker already says why). Returns the note and the citations as kept."""
    _check_value(tf, value)
    if not note.strip():
        raise KnownError("A consensus score needs a moderation note saying how the panel reached it.")
    _check_texts(note, feedback, advantages)
    citations = _checked_citations(tf, bid_id, criterion_id, tuple(citations))
    counted = [r[0] for r in tf.query(
        "SELECT value FROM scores s WHERE bid_id = ? AND criterion_id = ? AND NOT EXISTS (SELECT 1 FROM conflicts c "
        "WHERE c.evaluator_id = s.evaluator_id AND c.bid_id = s.bid_id AND c.management = 'excluded')",
        (bid_id, criterion_id))]
    span = outside_scores(value, counted, note)
    if span is not None:
        if not outside_reason.strip():
            raise KnownError(f"{value} is outside the evaluators' scores ({span}): say why the panel agreed a "
                             "score no evaluator gave; the reason is recorded in the moderation note.")
        note = f"{note.rstrip()}\n{outside_marker(span)} {outside_reason.strip()}"
    return note, citations


def set_consensus_draft(tf: TenderFile, *, bid_id: str, criterion_id: str, draft: ConsensusDraft) -> Applied:
    """Keep what the panel has typed for a consensus and not yet recorded (a blank draft clears it): nothing typed
    is lost to moving on, closing or a crash. A draft is not a consensus: no result, summary or notice reads it."""
    tf.ensure_not_frozen()
    if not tf.query("SELECT 1 FROM bids WHERE id = ?", (bid_id,)) or not tf.query(
            "SELECT 1 FROM criteria WHERE id = ?", (criterion_id,)):
        raise KnownError("That bid or criterion is no longer in the tender, so its draft was not kept.")
    if draft.value is not None:
        _check_value(tf, draft.value)
    _check_texts(draft.note, draft.feedback, draft.advantages)
    draft = replace(draft, citations=_checked_citations(tf, bid_id, criterion_id, draft.citations))
    return set_setting(tf, key=consensus_draft_key(criterion_id, bid_id), value=None if draft.blank else draft.text(),
                       action="keep the panel's consensus draft" if not draft.blank else "clear the consensus draft")


def restore_consensus(tf: TenderFile, *, bid_id: str, criterion_id: str, consensus: Consensus | None,
                      draft: str | None = None) -> Applied:
    """Put a consensus back as it was (None: none agreed), with the panel's draft beside it as it was (None: none),
    in one step: the undo and redo of recording a consensus."""
    old = get_consensus(tf, bid_id=bid_id, criterion_id=criterion_id)
    draft_key = consensus_draft_key(criterion_id, bid_id)
    old_draft = get_setting(tf, draft_key) or None  # a blank draft is never kept
    if old == consensus and old_draft == draft:
        return unchanged(consensus)
    change = Change(ChangeKind.CONSENSUS, (bid_id, criterion_id), settings=((draft_key, draft),))
    with tf.operation(
        action="restore consensus",
        entity="consensus",
        entity_id=f"{bid_id}:{criterion_id}",
        old=None if old is None else rows.consensus_row(old),
        new=None if consensus is None else rows.consensus_row(consensus),
    ) as db:
        db.table("consensus").delete_where("bid_id = ? AND criterion_id = ?", [bid_id, criterion_id])
        if consensus is not None:
            db.table("consensus").insert(rows.consensus_row(consensus))
        if draft is None:
            db.table("settings").delete_where("key = ?", [draft_key])
        else:
            db.table("settings").upsert({"key": draft_key, "value": draft}, pk="key")
    return Applied(change, consensus, op(restore_consensus, bid_id=bid_id, criterion_id=criterion_id, consensus=old,
                                         draft=old_draft))


def scores_by(tf: TenderFile, evaluator_id: str) -> dict[tuple[str, str], Score]:
    """One evaluator's own scores, by (bid id, criterion id): nobody else's are read."""
    return {
        (r["bid_id"], r["criterion_id"]): rows.score_from(r)
        for r in tf.db.table("scores").rows_where("evaluator_id = ?", [evaluator_id])
    }
