"""Reading a tender file into domain objects."""

from __future__ import annotations

from svi_desktop.domain.model import Evaluation, Framework, Response
from svi_desktop.domain.scale import ScaleLevel, ScoringScale
from svi_desktop.store import rows
from svi_desktop.store.tender_file import TenderFile


def load_tender_framework(tf: TenderFile) -> Framework:
    """The framework stored in an open tender file (a template file is read by imports.framework_file)."""
    db = tf.db
    t = next(db.table("tender").rows)
    levels = tuple(ScaleLevel(r["value"], r["label"], r["descriptor"]) for r in db.table("scale_levels").rows_where(order_by="value"))
    return Framework(
        name=t["framework_name"],
        scale=ScoringScale(t["scale_name"], levels),
        sections=tuple(rows.section_from(r) for r in db.table("sections").rows_where(order_by="position")),
        criteria=tuple(rows.criterion_from(r) for r in db.table("criteria").rows_where(order_by="position, code")),
        description=t["framework_description"],
    )


def load_evaluation(tf: TenderFile) -> Evaluation:
    db = tf.db
    return Evaluation(
        tender=rows.tender_from(next(db.table("tender").rows)),
        framework=load_tender_framework(tf),
        bids=tuple(rows.bid_from(r) for r in db.table("bids").rows_where(order_by="position, supplier")),
        responses=tuple(
            Response(r["bid_id"], r["criterion_id"], r["text"])
            for r in db.table("responses").rows_where(order_by="bid_id, criterion_id")
        ),
        evaluators=tuple(rows.evaluator_from(r) for r in db.table("evaluators").rows_where(order_by="name, id")),
        scores=tuple(rows.score_from(r) for r in db.table("scores").rows_where(order_by="bid_id, criterion_id, evaluator_id")),
        consensus=tuple(rows.consensus_from(r) for r in db.table("consensus").rows_where(order_by="bid_id, criterion_id")),
        settings={r["key"]: r["value"] for r in db.table("settings").rows},
    )
