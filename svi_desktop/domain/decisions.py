"""The decision record (Procurement Act 2023, s.98): each change of the audit trail in words, with names and values
rather than ids: who, when, what, from what to what, and why."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from svi_desktop.domain.audit import AuditRow
from svi_desktop.domain.model import REGIME_NAMES, Evaluation

# Keys that are the machinery of a row, not what a reader needs to know.
_HIDDEN = {"id", "bid_id", "criterion_id", "evaluator_id", "section_id", "label", "updated_at", "position", "at",
           "seal", "state", "citations", "evidence"}
_WORDS = {"value": "score", "note": "moderation note", "feedback": "feedback for the bidder",
          "advantages": "relative advantages", "rationale": "rationale", "flags": "red flags",
          "on_behalf": "entered on behalf because", "status_reason": "reason", "price": "price",
          "signed_on": "date", "coi_details": "details", "coi_management": "management"}


@dataclass(frozen=True)
class Decision:
    seq: int
    when: str  # "YYYY-MM-DD HH:MM" (UTC)
    who: str
    what: str
    before: str
    after: str
    why: str
    kind: str  # the audit row's entity: score, consensus, bid, criterion, signoff...
    after_scoring: bool = False  # a weight, threshold, price formula or price changed, with its reason, once scored

    def sentence(self) -> str:
        change = f" from {self.before} to {self.after}" if self.before and self.after else (
            f": {self.after}" if self.after else "")
        return f"{self.when} {self.who}: {self.what}{change}" + (f". Why: {self.why}" if self.why else ".")


def _load(text: str | None) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def _short(value: Any, limit: int = 300) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fields(d: Any, other: Any = None) -> str:
    """A row's values in words: the fields that differ from `other` (all of them when there is no other)."""
    if d is None:
        return ""
    if not isinstance(d, dict):
        return _short(d)
    parts = []
    for k, v in d.items():
        if k in _HIDDEN or (isinstance(other, dict) and other.get(k) == v):
            continue
        if v in ("", None, [], "[]"):
            continue
        parts.append(f"{_WORDS.get(k, k.replace('_', ' '))}: {_short(v, 200)}")
    return "; ".join(parts)


class _Names:
    def __init__(self, ev: Evaluation) -> None:
        self.bids = {b.id: b.supplier for b in ev.bids}
        self.criteria = {c.id: f"{c.code} {c.title}" for c in ev.framework.criteria}
        self.evaluators = {e.id: e.name for e in ev.evaluators}

    def bid(self, i: Any) -> str:
        return self.bids.get(str(i), "a bid since removed")

    def criterion(self, i: Any) -> str:
        return self.criteria.get(str(i), "a criterion since removed")

    def evaluator(self, i: Any) -> str:
        return self.evaluators.get(str(i), "an evaluator since removed")


def describe(row: AuditRow, names: _Names) -> Decision:
    old, new = _load(row.old), _load(row.new)
    who = row.actor + (f" (for {row.evaluator})" if row.evaluator and row.evaluator != row.actor else "")
    when = row.at[:16].replace("T", " ")
    what, before, after, why = row.action[:1].upper() + row.action[1:], _fields(old, new), _fields(new, old), ""
    ref = new if isinstance(new, dict) else old if isinstance(old, dict) else {}
    if row.entity == "score" and isinstance(ref, dict) and "bid_id" in ref:
        verb = "Scored" if old is None else "Removed the score of" if new is None else "Changed the score of"
        what = (f"{verb} {names.bid(ref['bid_id'])} on {names.criterion(ref['criterion_id'])} "
                f"(evaluator {names.evaluator(ref.get('evaluator_id'))})")
        before = "" if not isinstance(old, dict) else str(old.get("value", ""))
        after = "" if not isinstance(new, dict) else str(new.get("value", ""))
        why = "" if not isinstance(new, dict) else _short(new.get("rationale", ""))
        if isinstance(new, dict) and new.get("on_behalf"):
            why += f" (entered on the evaluator's behalf: {_short(new['on_behalf'])})"
    elif row.entity == "consensus" and isinstance(ref, dict) and "bid_id" in ref:
        verb = ("The panel agreed a consensus score for" if old is None else "Removed the consensus for"
                if new is None else "The panel changed the consensus for")
        what = f"{verb} {names.bid(ref['bid_id'])} on {names.criterion(ref['criterion_id'])}"
        before = "" if not isinstance(old, dict) else str(old.get("value", ""))
        after = "" if not isinstance(new, dict) else str(new.get("value", ""))
        if isinstance(old, dict) and isinstance(new, dict) and old.get("value") == new.get("value"):
            what += f" (score {after} unchanged)"
            before, after = _fields(old, new) or "(blank)", _fields(new, old) or "(blank)"
        why = "" if not isinstance(new, dict) else _short(new.get("note", ""))
    elif row.entity == "signoff" and isinstance(new, dict):
        what = "Signed off the award" + ("; the award is frozen" if "frozen" in row.action else "")
        before, after = "", f"{new.get('name')}, {new.get('role')}, on {new.get('signed_on')}"
    elif row.entity == "clarification" and isinstance(ref, dict):
        # A communication with the supplier: what was asked, when it went, what came back.
        what = "Communication with the supplier: " + row.action
        before = ""
        if isinstance(new, dict) and "question" in new:
            after = f"asked by {new.get('raised_by')}: “{_short(new['question'])}”"
        elif isinstance(new, dict) and "answer" in new:
            after = f"answered on {new.get('answered_at')}: “{_short(new['answer'])}”"
        elif isinstance(new, dict) and "sent_at" in new:
            after = f"sent on {new['sent_at']}"
        else:
            after = f"withdrawn before sending: “{_short(old.get('question', ''))}”" if isinstance(old, dict) else ""
    elif row.entity == "kpi" and isinstance(new, dict) and "rating" in new:
        # A contract performance rating: the period, what was delivered, the rating; why is the reason given.
        before = ""
        after = (f"{new.get('rating')} for {new.get('period_start')} to {new.get('period_end')}, "
                 f"{new.get('actual')} delivered; evidence: {_short(new.get('evidence', ''))}")
        why = _short(new.get("note", ""))
    elif row.entity == "kpi" and isinstance(new, list):
        before = ""
        after = "; ".join(f"{k.get('measure')}: {k.get('target')} {k.get('unit')} by {k.get('due')}".replace("  ", " ")
                          for k in new if isinstance(k, dict))
    elif row.entity == "kpi" and isinstance(old, list):
        before = "; ".join(str(k.get("measure")) for k in old if isinstance(k, dict))
        after = ""
    elif row.entity == "award":
        what, before, after = "Unfroze the signed-off award; its sign-offs were withdrawn", "", ""
        why = _short(new.get("reason", "")) if isinstance(new, dict) else ""
    elif isinstance(old, dict) and isinstance(new, dict) and old.keys() == new.keys() - {"reason"} and len(
            [k for k in old if k not in _HIDDEN]) == 1:  # one field of one row: its value before and after
        field = next(k for k in old if k not in _HIDDEN)
        before, after = (_short(REGIME_NAMES.get(v, v) if field == "regime" else v) or "(blank)"
                         for v in (old[field], new[field]))
        if new.get("reason"):  # changed after scoring began, with the reason the record needs (s.98)
            what, why = what.split(":", 1)[0], _short(new["reason"])
            return Decision(row.seq, when, who, what, before, after, why, row.entity, after_scoring=True)
    elif row.action.startswith(("unlock individual scores: ", "exclude", "mark ")) and ":" in row.action:
        what, why = row.action.split(":", 1)[0], row.action.split(":", 1)[1].strip()
        what = what[:1].upper() + what[1:]
    if row.entity == "bid" and isinstance(new, dict) and new.get("status_reason"):
        why = _short(new["status_reason"])
    if row.entity == "conflict" and isinstance(new, dict) and new.get("reason"):
        why = _short(new["reason"])
    return Decision(row.seq, when, who, what, before, after, why, row.entity)


def decision_record(rows: list[AuditRow], ev: Evaluation) -> list[Decision]:
    names = _Names(ev)
    return [describe(r, names) for r in rows]
