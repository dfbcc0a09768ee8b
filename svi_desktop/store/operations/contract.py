"""Lots, the limit on lots per supplier, a bid's commitments, and the contract's KPIs and their ratings.

Lots and commitments are part of the tender and the bids: they change until the award is signed off, and every
change can be undone. KPIs come after the award: made from the winner's commitments (or the authority's own) and
rated period by period, they may be recorded after sign-off, and each rating is a recorded fact in the trail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from svi_desktop.domain import clock
from svi_desktop.domain.changes import Applied, Change, ChangeKind, op, unchanged
from svi_desktop.domain.contract import Commitment, Kpi, KpiPeriod, KpiSource, Lot, Rating, TieBreak
from svi_desktop.domain.lots import awarded_bid, lot_codes
from svi_desktop.domain.model import new_id
from svi_desktop.domain.notice_details import CONTRACT_START
from svi_desktop.domain.numbers import decimal_text
from svi_desktop.domain.settings import LOT_LIMIT, LOT_TIE_BREAK, LOTS_PUBLISHED, check_lot_limit, tie_break_rule
from svi_desktop.errors import KnownError
from svi_desktop.store import audit, rows
from svi_desktop.store.operations.common import by_rule, get_row
from svi_desktop.store.operations.settings import get_setting, set_setting, where_published
from svi_desktop.store.tender_file import TenderFile

TEXT_LIMIT = 5_000
EVIDENCE_LIMIT = 20_000


# -- checks shared by the operations --------------------------------------------------------------------------------

def _text(value: str, what: str, *, required: bool = True, limit: int = TEXT_LIMIT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise KnownError(f"Give the {what}.")
    if len(value) > limit:
        raise KnownError(f"The {what} can be at most {limit:,} characters; shorten it.")
    return value


def _amount(value: Decimal | str | int, what: str) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise KnownError(f"The {what} must be a number, such as 12 or 2.5.") from None
    if not number.is_finite() or number < 0 or number > Decimal("1e15"):
        raise KnownError(f"The {what} must be a number of 0 or more.")
    return number


def _day(value: str, what: str) -> str:
    try:
        return dt.date.fromisoformat((value or "").strip()).isoformat()
    except ValueError:
        raise KnownError(f"The {what} must be a date such as 2028-03-31.") from None


def ensure_lots(codes: Iterable[str], known: Iterable[str]) -> None:
    """Refuse, in one sentence, a lot the tender does not have (a code typed or edited in: shown shortened)."""
    known = list(known)
    for code in codes:
        if code not in known:
            shown = code if len(code) <= 40 else code[:40] + "…"
            raise KnownError(f"The tender has no lot {shown!r}" + (f"; its lots are {', '.join(known)}." if known
                                                                    else "."))


def _lot_codes_known(tf: TenderFile) -> list[str]:
    return [r[0] for r in tf.query("SELECT code FROM lots ORDER BY position, code")]


def check_bid_lots(tf: TenderFile, text: str) -> str:
    """A bid's Lot field: the lots it is for, as codes separated by commas; each must be one of the tender's lots
    once it has any (before then, any text, as before version 9)."""
    codes = lot_codes(text or "")
    known = _lot_codes_known(tf)
    if known:
        ensure_lots(codes, known)
    return ", ".join(codes) if known else (text or "").strip()


# -- lots ---------------------------------------------------------------------------------------------------------

def add_lot(tf: TenderFile, *, code: str, title: str = "", value: Decimal | str | None = None,
            lot_id: str | None = None) -> Applied:
    """A lot of the tender. Result: the Lot."""
    code = _text(code, "lot's code", limit=40)
    if "," in code:
        raise KnownError("A lot's code cannot hold a comma: a bid lists its lots separated by commas.")
    if code in _lot_codes_known(tf):
        raise KnownError(f"The tender already has a lot {code!r}.")
    amount = None if value in (None, "") else _amount(value, "lot's estimated value")
    position = tf.query("SELECT COALESCE(MAX(position) + 1, 0) FROM lots")[0][0]
    lot = Lot(lot_id or new_id(), code, _text(title, "lot's title", required=False, limit=500), amount, position)
    return _put_lot(tf, lot=lot)


def _put_lot(tf: TenderFile, *, lot: Lot) -> Applied:
    with tf.operation(action=f"add lot {lot.code}", entity="lot", entity_id=lot.id, new=rows.lot_row(lot)) as db:
        db.table("lots").insert(rows.lot_row(lot))
    return Applied(Change(ChangeKind.FRAMEWORK, (lot.id,)), lot, op(remove_lot, lot_id=lot.id))


def remove_lot(tf: TenderFile, *, lot_id: str) -> Applied:
    """Take a lot out; refused while a bid, criterion, commitment or KPI names it."""
    lot = rows.lot_from(get_row(tf, "lots", lot_id, "lot"))
    users = [b[0] for b in tf.query("SELECT supplier, lot FROM bids") if lot.code in lot_codes(b[1] or "")]
    if users:
        raise KnownError(f"{users[0]} bids for lot {lot.code}: change its lots first.")
    for table, what in (("lot_criteria", "a criterion"), ("commitments", "a commitment"), ("kpis", "a KPI")):
        if tf.query(f"SELECT 1 FROM {table} WHERE lot_code = ? LIMIT 1", (lot.code,)):
            raise KnownError(f"Lot {lot.code} still has {what} of its own: remove that first.")
    with tf.operation(action=f"remove lot {lot.code}", entity="lot", entity_id=lot.id, old=rows.lot_row(lot)) as db:
        db.table("lots").delete(lot.id)
    return Applied(Change(ChangeKind.FRAMEWORK, (lot.id,)), None, op(_put_lot, lot=lot))


def set_lot_field(tf: TenderFile, *, lot_id: str, field: str, value: str) -> Applied:
    """Change a lot's title or estimated value (its code is what bids name, so it stays)."""
    lot = rows.lot_from(get_row(tf, "lots", lot_id, "lot"))
    if field == "title":
        new = replace(lot, title=_text(value, "lot's title", required=False, limit=500))
    elif field == "value":
        new = replace(lot, value=None if not str(value or "").strip() else _amount(value, "lot's estimated value"))
    else:
        raise ValueError(field)
    if new == lot:
        return unchanged(lot)
    return _write_lot(tf, old=lot, new=new)


def _write_lot(tf: TenderFile, *, old: Lot, new: Lot) -> Applied:
    with tf.operation(action=f"change lot {new.code}", entity="lot", entity_id=new.id, old=rows.lot_row(old),
                      new=rows.lot_row(new)) as db:
        db.table("lots").update(new.id, rows.lot_row(new))
    return Applied(Change(ChangeKind.FRAMEWORK, (new.id,)), new, op(_write_lot, old=new, new=old))


def set_criterion_lots(tf: TenderFile, *, criterion_id: str, codes: tuple[str, ...]) -> Applied:
    """Set a criterion for some lots only; no codes: shared by every lot."""
    code = get_row(tf, "criteria", criterion_id, "criterion")["code"]
    known = _lot_codes_known(tf)
    wanted = tuple(dict.fromkeys(c.strip() for c in codes if c.strip()))
    ensure_lots(wanted, known)
    before = tuple(r[0] for r in tf.query("SELECT lot_code FROM lot_criteria WHERE criterion_id = ? ORDER BY lot_code",
                                          (criterion_id,)))
    if sorted(before) == sorted(wanted):
        return unchanged(before)
    what = f"lots {', '.join(wanted)} only" if wanted else "every lot"
    with tf.operation(action=f"set {code} for {what}", entity="criterion", entity_id=criterion_id,
                      old={"lots": list(before)}, new={"lots": list(wanted)}) as db:
        db.execute("DELETE FROM lot_criteria WHERE criterion_id = ?", [criterion_id])
        for c in wanted:
            db.table("lot_criteria").insert({"criterion_id": criterion_id, "lot_code": c})
    return Applied(Change(ChangeKind.FRAMEWORK, (criterion_id,)), wanted,
                   op(set_criterion_lots, criterion_id=criterion_id, codes=before))


def set_lot_limit(tf: TenderFile, *, limit: int) -> Applied:
    """The most lots one supplier may be awarded; 0 for no limit."""
    by_rule(check_lot_limit, limit)
    return set_setting(tf, key=LOT_LIMIT, value=str(limit) if limit else None,
                       action=f"limit each supplier to {limit} {'lot' if limit == 1 else 'lots'}" if limit
                       else "remove the limit on lots per supplier")


def set_tie_break(tf: TenderFile, *, rule: TieBreak | str) -> Applied:
    """Which lots a supplier over the limit keeps: recorded before the bids are opened, applied as recorded."""
    rule = by_rule(tie_break_rule, rule)
    return set_setting(tf, key=LOT_TIE_BREAK, value=rule.value, action=f"set the lot tie-break to {rule.value}")


def set_lots_published(tf: TenderFile, *, where: str) -> Applied:
    """Where the limit on lots per supplier and its tie-break were published (the tender notice, a document's
    reference): each summary of a lot that a bidder lost under the limit says so."""
    what = "the limit on lots per supplier and its tie-break are"
    return set_setting(tf, key=LOTS_PUBLISHED, value=where_published(where, what), action=f"record where {what} published")


# -- commitments ------------------------------------------------------------------------------------------------

def check_commitment_fields(c: Commitment) -> Commitment:
    """A commitment's own fields as the store accepts them (the bid and its lots are checked apart)."""
    return replace(
        c, measure=_text(c.measure, "measure", limit=1000), quantity=_amount(c.quantity, "quantity"),
        unit=_text(c.unit, "unit", required=False, limit=200), due=_day(c.due, "date it is due by"),
        evidence=_text(c.evidence, "evidence", required=False, limit=EVIDENCE_LIMIT), lot_code=c.lot_code.strip(),
        theme=c.theme.strip(), outcome=_text(c.outcome, "Social Value Model outcome", required=False, limit=100),
        metric=_text(c.metric, "reporting metric", required=False, limit=1000))


def _checked_commitment(tf: TenderFile, c: Commitment) -> Commitment:
    bid = tf.query("SELECT lot FROM bids WHERE id = ?", (c.bid_id,))
    if not bid:
        raise KnownError("That bid is no longer in the tender.")
    lot = c.lot_code.strip()
    if lot and lot not in lot_codes(bid[0][0] or ""):
        raise KnownError(f"That bid is not for lot {lot}.")
    theme = c.theme.strip()
    if theme and not tf.query("SELECT 1 FROM criteria WHERE id = ?", (theme,)):
        raise KnownError("That local theme is no longer a criterion of the tender.")
    return check_commitment_fields(replace(c, lot_code=lot, theme=theme))


def add_commitment(tf: TenderFile, *, commitment: Commitment) -> Applied:
    """A bid's commitment. Result: the Commitment as stored."""
    c = _checked_commitment(tf, commitment)
    position = tf.query("SELECT COALESCE(MAX(position) + 1, 0) FROM commitments WHERE bid_id = ?", (c.bid_id,))[0][0]
    return _put_commitment(tf, commitment=replace(c, id=c.id or new_id(), position=position))


def _put_commitment(tf: TenderFile, *, commitment: Commitment) -> Applied:
    c = commitment
    supplier = tf.query("SELECT supplier FROM bids WHERE id = ?", (c.bid_id,))[0][0]
    with tf.operation(action=f"add a commitment of {supplier}: {c.measure[:80]}", entity="commitment",
                      entity_id=c.id, new=rows.commitment_row(c)) as db:
        db.table("commitments").insert(rows.commitment_row(c))
    return Applied(Change(ChangeKind.BIDS, (c.bid_id,)), c, op(remove_commitment, commitment_id=c.id))


def update_commitment(tf: TenderFile, *, commitment: Commitment) -> Applied:
    old = rows.commitment_from(get_row(tf, "commitments", commitment.id, "commitment"))
    new = _checked_commitment(tf, replace(commitment, bid_id=old.bid_id, position=old.position))
    if new == old:
        return unchanged(old)
    with tf.operation(action=f"change a commitment: {new.measure[:80]}", entity="commitment", entity_id=new.id,
                      old=rows.commitment_row(old), new=rows.commitment_row(new)) as db:
        db.table("commitments").update(new.id, rows.commitment_row(new))
    return Applied(Change(ChangeKind.BIDS, (new.bid_id,)), new, op(update_commitment, commitment=old))


def remove_commitment(tf: TenderFile, *, commitment_id: str) -> Applied:
    c = rows.commitment_from(get_row(tf, "commitments", commitment_id, "commitment"))
    if tf.query("SELECT 1 FROM kpis WHERE commitment_id = ? LIMIT 1", (c.id,)):
        raise KnownError("That commitment is a KPI of the contract now, so it stays on record.")
    with tf.operation(action=f"remove a commitment: {c.measure[:80]}", entity="commitment", entity_id=c.id,
                      old=rows.commitment_row(c)) as db:
        db.table("commitments").delete(c.id)
    return Applied(Change(ChangeKind.BIDS, (c.bid_id,)), None, op(_put_commitment, commitment=c))


# -- KPIs and their ratings ------------------------------------------------------------------------------------

def _start(start: str) -> str:
    day = _day(start, "date the contract starts")
    if day > (clock.today() + dt.timedelta(days=366 * 2)).isoformat():
        raise KnownError("The contract's start is more than two years away: check the date.")
    return day


def _ensure_awarded(tf: TenderFile, bid_id: str, lot_code: str, start: str) -> None:
    """A contract's KPIs are of an award signed off, to the supplier awarded it, from a start on or after the
    award (issue 32): no KPI, rating or performance notice for a tender never awarded."""
    tf.ensure_can_change("kpi")  # a pack or a read-only file says so first
    signed = tf.query("SELECT MAX(signed_on) FROM signoffs")[0][0]
    if not signed:
        raise KnownError("There is no contract before the award is signed off, so it has no KPIs yet: sign off the "
                         "award first (Award > Sign off).")
    if start and start < signed:
        raise KnownError(f"The contract cannot start on {start}, before the award was made ({signed}, the last "
                         "sign-off).")
    if bid_id:
        from svi_desktop.store.repository import load_evaluation

        awarded = awarded_bid(load_evaluation(tf), lot_code)
        if bid_id != awarded:
            supplier = tf.query("SELECT supplier FROM bids WHERE id = ?", (bid_id,))
            raise KnownError(f"{supplier[0][0] if supplier else 'That bid'} was not awarded "
                             f"{f'lot {lot_code}' if lot_code else 'the contract'}: its KPIs are the awarded "
                             "supplier's.")


def make_kpis(tf: TenderFile, *, bid_id: str, lot_code: str = "", start: str = "") -> Applied:
    """At award: the winner's commitments (for the lot, and those for all its lots) become the contract's KPIs,
    running from `start` (the contract's first day; if not given, the start recorded for the notice, else today). Result: the KPIs made. Refused when that
    contract's KPIs have been made from commitments already."""
    start = _start(start or get_setting(tf, CONTRACT_START) or clock.today().isoformat())
    supplier = tf.query("SELECT supplier FROM bids WHERE id = ?", (bid_id,))
    if not supplier:
        raise KnownError("That bid is no longer in the tender.")
    _ensure_awarded(tf, bid_id, lot_code, start)
    if tf.query("SELECT 1 FROM kpis WHERE lot_code = ? AND source = 'commitment' LIMIT 1", (lot_code,)):
        raise KnownError("The KPIs of that contract have been made from the winner's commitments already.")
    found = [rows.commitment_from(r) for r in tf.db.table("commitments").rows_where(
        "bid_id = ? AND lot_code IN ('', ?)", [bid_id, lot_code], order_by="position, id")]
    if not found:
        raise KnownError(f"{supplier[0][0]} made no commitments{f' for lot {lot_code}' if lot_code else ''}: "
                         "add the authority's own KPIs instead.")
    first = tf.query("SELECT COALESCE(MAX(position) + 1, 0) FROM kpis WHERE lot_code = ?", (lot_code,))[0][0]
    made = audit.now()
    kpis = tuple(Kpi(new_id(), lot_code, bid_id, KpiSource.COMMITMENT, c.measure, c.quantity, c.unit, c.due, start,
                     c.id, c.outcome, c.metric, made, first + i) for i, c in enumerate(found))
    return _put_kpis(tf, kpis=kpis, action=f"make {supplier[0][0]}'s {len(kpis)} commitments the KPIs of the "
                                           f"contract{f' for lot {lot_code}' if lot_code else ''}")


def add_authority_kpi(tf: TenderFile, *, lot_code: str, bid_id: str, measure: str, target: Decimal | str, unit: str,
                      due: str, start: str = "") -> Applied:
    """One of the authority's own KPIs for the contract."""
    if not tf.query("SELECT 1 FROM bids WHERE id = ?", (bid_id,)):
        raise KnownError("That bid is no longer in the tender.")
    if lot_code:
        ensure_lots((lot_code,), _lot_codes_known(tf))
    _ensure_awarded(tf, bid_id, lot_code, _start(start or get_setting(tf, CONTRACT_START) or clock.today().isoformat()))
    position = tf.query("SELECT COALESCE(MAX(position) + 1, 0) FROM kpis WHERE lot_code = ?", (lot_code,))[0][0]
    kpi = Kpi(new_id(), lot_code, bid_id, KpiSource.AUTHORITY, _text(measure, "measure"), _amount(target, "target"),
              _text(unit, "unit", required=False, limit=200), _day(due, "date it is due by"),
              _start(start or get_setting(tf, CONTRACT_START) or clock.today().isoformat()), made_at=audit.now(), position=position)
    return _put_kpis(tf, kpis=(kpi,), action=f"add the authority's KPI: {kpi.measure[:80]}")


def _put_kpis(tf: TenderFile, *, kpis: tuple[Kpi, ...], action: str) -> Applied:
    with tf.operation(action=action, entity="kpi", entity_id=",".join(k.id for k in kpis),
                      new=[rows.kpi_row(k) for k in kpis]) as db:
        db.table("kpis").insert_all(rows.kpi_row(k) for k in kpis)
    return Applied(Change(ChangeKind.KPIS, tuple(k.id for k in kpis)), kpis,
                   op(remove_kpis, kpi_ids=tuple(k.id for k in kpis)))


def remove_kpis(tf: TenderFile, *, kpi_ids: tuple[str, ...]) -> Applied:
    """Undo making KPIs: refused once any of them has been rated."""
    kpis = tuple(rows.kpi_from(get_row(tf, "kpis", i, "KPI")) for i in kpi_ids)
    marks = ", ".join("?" * len(kpi_ids))
    if tf.query(f"SELECT 1 FROM kpi_periods WHERE kpi_id IN ({marks}) LIMIT 1", kpi_ids):
        raise KnownError("A KPI that has been rated stays on record.")
    with tf.operation(action=f"remove {len(kpis)} KPI{'s' if len(kpis) != 1 else ''}", entity="kpi",
                      entity_id=",".join(kpi_ids), old=[rows.kpi_row(k) for k in kpis]) as db:
        db.execute(f"DELETE FROM kpis WHERE id IN ({marks})", list(kpi_ids))
    return Applied(Change(ChangeKind.KPIS, kpi_ids), None,
                   op(_put_kpis, kpis=kpis, action=f"put back {len(kpis)} KPI{'s' if len(kpis) != 1 else ''}"))


def record_period(tf: TenderFile, *, kpi_id: str, period_start: str, period_end: str, actual: Decimal | str,
                  evidence: str, rating: Rating | str, note: str = "", recorded_by: str = "") -> Applied:
    """One period's rating of a KPI: what was delivered by the period's end (cumulative), the evidence, the rating
    on the contract performance notice's scale, and the reason for any rating but Good. Result: the KpiPeriod."""
    kpi = rows.kpi_from(get_row(tf, "kpis", kpi_id, "KPI"))
    _ensure_awarded(tf, "", kpi.lot_code, "")  # an award reopened is rated again once it is signed off again
    start, end = _day(period_start, "start of the period"), _day(period_end, "end of the period")
    if end < start:
        raise KnownError("A period cannot end before it starts.")
    if start < kpi.start:
        raise KnownError(f"The contract's KPIs run from {kpi.start}: a period cannot start before that.")
    if end > (clock.today() + dt.timedelta(days=1)).isoformat():
        raise KnownError("A period is rated once it has ended: its end cannot be in the future.")
    last = tf.query("SELECT MAX(period_end) FROM kpi_periods WHERE kpi_id = ?", (kpi_id,))[0][0]
    if last and start <= last:
        raise KnownError(f"The last period rated for this KPI ended on {last}: the next starts after it.")
    try:
        chosen = Rating(rating)
    except ValueError:
        raise KnownError(f"{rating!r} is not a rating of a contract performance notice.") from None
    delivered = _amount(actual, "amount delivered")
    before = [rows.kpi_period_from(r) for r in tf.db.table("kpi_periods").rows_where(
        "kpi_id = ?", [kpi_id], order_by="period_end DESC", limit=1)]
    fell = bool(before) and delivered < before[0].actual  # cumulative: a fall is a correction, and says why
    if fell and not " ".join(str(note or "").split()):
        raise KnownError(f"Delivered by the end of this period ({decimal_text(delivered)}) is less than by the end of "
                         f"the last ({decimal_text(before[0].actual)}), and the amount is cumulative: say why in the "
                         "reason.")
    reason = _text(note, "reason for the rating", required=chosen is not Rating.GOOD or fell, limit=EVIDENCE_LIMIT)
    period = KpiPeriod(new_id(), kpi.id, start, end, delivered,
                       _text(evidence, "evidence of what was delivered", limit=EVIDENCE_LIMIT), chosen, reason,
                       _text(recorded_by, "name of who rated it", required=False, limit=200) or tf.actor, audit.now())
    return _put_period(tf, period=period, measure=kpi.measure)


def _put_period(tf: TenderFile, *, period: KpiPeriod, measure: str) -> Applied:
    p = period
    with tf.operation(action=f"rate the KPI {measure[:80]} {p.rating.value} for {p.period_start} to {p.period_end}",
                      entity="kpi", entity_id=p.kpi_id, new=rows.kpi_period_row(p)) as db:
        db.table("kpi_periods").insert(rows.kpi_period_row(p))
    return Applied(Change(ChangeKind.KPIS, (p.kpi_id,)), p, op(withdraw_period, period_id=p.id))


def withdraw_period(tf: TenderFile, *, period_id: str) -> Applied:
    """Undo a rating just recorded (the trail keeps both)."""
    p = rows.kpi_period_from(get_row(tf, "kpi_periods", period_id, "rating"))
    measure = tf.query("SELECT measure FROM kpis WHERE id = ?", (p.kpi_id,))[0][0]
    with tf.operation(action=f"withdraw the rating of {measure[:80]} for {p.period_start} to {p.period_end}",
                      entity="kpi", entity_id=p.kpi_id, old=rows.kpi_period_row(p)) as db:
        db.table("kpi_periods").delete(p.id)
    return Applied(Change(ChangeKind.KPIS, (p.kpi_id,)), None, op(_put_period, period=p, measure=measure))

