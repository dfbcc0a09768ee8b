"""A tender's record carried in a document (`svi import-json`), written into the new file made from it through the
one door: after its bids (ImportBids), the declared conflicts, the scores, the consensus with its reasons, the
clarifications and the contract's KPIs, each checked by the rule the edit that makes it one at a time applies."""

from __future__ import annotations

from dataclasses import replace

from svi_desktop.domain import clock
from svi_desktop.domain.award import name_refused
from svi_desktop.domain.changes import Applied, Change, ChangeKind
from svi_desktop.domain.kpis import periods_problem
from svi_desktop.domain.model import Evaluation
from svi_desktop.domain.rules import clarification_problem
from svi_desktop.errors import KnownError
from svi_desktop.store import rows
from svi_desktop.store.operations.scores import _check_value, check_consensus
from svi_desktop.store.tender_file import TenderFile


def import_record(tf: TenderFile, *, evaluation: Evaluation, source: str) -> Applied:
    """Write the record of `evaluation` (its bids are in the file already) in one transaction, or refuse it with
    the first rule it breaks and write nothing. Only into a file with no record yet: the new file made from the
    document. Result: how many of each were written. A document is data: nothing here is a signature."""
    ev = evaluation
    if tf.query("SELECT EXISTS(SELECT 1 FROM scores) OR EXISTS(SELECT 1 FROM consensus) "
                "OR EXISTS(SELECT 1 FROM conflicts)")[0][0]:
        raise KnownError("A document's record goes only into the new file made from it; this tender has one already.")
    known = {r[0] for r in tf.query("SELECT id FROM bids")}
    for i, e in enumerate(ev.evaluators):  # as add_evaluator and declare ask
        problem = name_refused(e.name, [o.name for o in ev.evaluators[:i]])
        if problem:
            raise KnownError(problem)
        for conflict in e.declaration.conflicts if e.declaration else ():
            if conflict.bid_id not in known:
                raise KnownError(f"{e.name} declares a conflict with a bid that is not in the tender.")
            if not conflict.details.strip():
                raise KnownError(f"Say what {e.name}'s conflict is: the details are recorded.")
    for value in sorted({s.value for s in ev.scores}):
        _check_value(tf, value)  # as set_score asks
    today = clock.today()
    for q in ev.clarifications:  # in the order the Clarifications dialog records them
        if q.bid_id not in known:
            raise KnownError("A clarification is about a bid that is not in the tender.")
        problem = clarification_problem(q, today)
        if problem:
            raise KnownError(problem)
    problem = periods_problem(ev.kpis, ev.kpi_periods, today)  # in the order rating them keeps
    if problem:
        raise KnownError(problem)
    counts = {"conflicts": sum(len(e.declaration.conflicts) for e in ev.evaluators if e.declaration),
              "scores": len(ev.scores), "consensus": len(ev.consensus), "clarifications": len(ev.clarifications),
              "kpis": len(ev.kpis), "kpi_periods": len(ev.kpi_periods)}
    with tf.operation(action=f"import the record carried in {source}", entity="tender", entity_id=ev.tender.id,
                      new=counts) as db:
        db.table("conflicts").insert_all(rows.conflict_row(e.id, x) for e in ev.evaluators if e.declaration
                                         for x in e.declaration.conflicts)
        db.table("scores").insert_all(rows.score_row(s) for s in ev.scores)
        agreed = []
        for c in ev.consensus:  # after the scores: its rule reads the scores that count, in this transaction
            note, citations = check_consensus(tf, bid_id=c.bid_id, criterion_id=c.criterion_id, value=c.value,
                                              note=c.note, feedback=c.feedback, citations=c.citations,
                                              advantages=c.advantages)
            agreed.append(replace(c, note=note, citations=citations))
        db.table("consensus").insert_all(rows.consensus_row(c) for c in agreed)
        db.table("clarifications").insert_all(rows.clarification_row(c) for c in ev.clarifications)
        db.table("kpis").insert_all(rows.kpi_row(k) for k in ev.kpis)
        db.table("kpi_periods").insert_all(rows.kpi_period_row(p) for p in ev.kpi_periods)
    return Applied(Change(ChangeKind.SCORES, ()), counts, None)
