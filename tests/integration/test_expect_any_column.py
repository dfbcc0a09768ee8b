"""svi check --expect finds an edit to any column of any table of the state, even after the attacker has
recomputed every row digest, the state and the audit chain with the program's own code."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from svi_desktop.errors import KnownError
from svi_desktop.store.state import STATE_TABLES
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.workflows import tenders
from tests.helpers.files import make_demo
from tests.helpers.hostile import recompute
from tests.helpers.packs import issue, submit


@pytest.fixture(scope="module")
def full_tender(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A tender with at least one row in every table of the state: a document, packs issued, a return collected."""
    import os

    folder = tmp_path_factory.mktemp("full")
    os.environ.setdefault("SVI_DATA_DIR", str(folder / "data"))
    lead = make_demo(folder / "lead.svi")
    issued = issue(lead, folder / "packs")
    submit(issued[0].path)
    (folder / "evidence.pdf").write_bytes(b"%PDF-1.4 evidence")
    from svi_desktop.store.operations.bids import add_document
    from svi_desktop.store.packs import collect_returns

    with TenderFile.open(lead, actor="lead") as tf:
        add_document(tf, bid_id=tf.query("SELECT id FROM bids LIMIT 1")[0][0], source=folder / "evidence.pdf")
        assert collect_returns(tf, paths=[issued[0].path]).result.merged
        from decimal import Decimal

        from svi_desktop.store.operations.moderation import set_spread_threshold_percent

        set_spread_threshold_percent(tf, percent=Decimal(30))
        from svi_desktop.store.operations.evaluators import declare

        someone, bid = tf.query("SELECT id FROM evaluators ORDER BY name LIMIT 1 OFFSET 2")[0][0], tf.query(
            "SELECT id FROM bids ORDER BY rowid DESC LIMIT 1")[0][0]
        declare(tf, evaluator_id=someone, conflicts=((bid, "A former employer."),))
        from svi_desktop.domain.model import ConflictAssessment
        from svi_desktop.store.operations.assessments import record_assessment

        record_assessment(tf, entry=ConflictAssessment("a1", "Dana Lead", "lead", "None", "No conflict.", "",
                                                       "Head of Procurement", "2026-11-01", "2027-02-01"))
    from svi_desktop.store.operations.award import sign_off
    from svi_desktop.store.operations.clarifications import raise_clarification, record_answer, record_sent
    from tests.helpers.award import SIGNED, complete_award_record

    with TenderFile.open(lead, actor="lead") as tf:
        bid, crit = tf.query("SELECT bid_id, criterion_id FROM responses LIMIT 1")[0]
        asked = raise_clarification(tf, bid_id=bid, criterion_id=crit, question="Which partner?", raised_by="Dana")
        record_sent(tf, clarification_id=asked.result.id, sent_on=asked.result.raised_at[:10])
        record_answer(tf, clarification_id=asked.result.id, answer="Oldham College.",
                      answered_on=asked.result.raised_at[:10])
    from decimal import Decimal

    from svi_desktop.domain.contract import Commitment
    from svi_desktop.store.operations import contract
    from svi_desktop.store.operations.bids import set_bid_field

    with TenderFile.open(lead, actor="lead") as tf:  # a lot, a lot's own criterion, a commitment, a KPI rated
        contract.add_lot(tf, code="1", title="North", value="6000000")
        contract.set_criterion_lots(tf, criterion_id=tf.query("SELECT id FROM criteria WHERE code = 'Q3'")[0][0],
                                    codes=("1",))
        bid = tf.query("SELECT id FROM bids ORDER BY position LIMIT 1")[0][0]
        set_bid_field(tf, bid_id=bid, field="lot", value="1")
        contract.add_commitment(tf, commitment=Commitment("", bid, "Apprenticeships", Decimal(12), "starts",
                                                          "2028-03-31", "Returns.", metric="Starts"))
    complete_award_record(lead)
    with TenderFile.open(lead, actor="lead") as tf:
        sign_off(tf, name="Priya Shah", role="Director", signed_on=SIGNED)
        # The contract starts on the day of the award (issue 32: no KPI before it), and its first day is rated.
        kpi = contract.make_kpis(tf, bid_id=bid, lot_code="1", start=SIGNED).result[0]
        contract.record_period(tf, kpi_id=kpi.id, period_start=SIGNED, period_end=SIGNED, actual="4",
                               evidence="Return.", rating="good")
        digest = tf.present_state_digest()
        empty = [t for t in STATE_TABLES if tf.query(f"SELECT COUNT(*) FROM {t}")[0][0] == 0]
    assert not empty, empty
    return lead, digest


def _columns(path: Path) -> list[tuple[str, str, str]]:
    con = sqlite3.connect(path)
    try:
        return [(t, c[1], c[2].upper()) for t in STATE_TABLES for c in con.execute(f"PRAGMA table_info({t})")]
    finally:
        con.close()


def _changed(kind: str, column: str) -> str:
    """A new value of the column's own kind, so that only the state, not the program's checks, can tell."""
    if kind == "BLOB":
        return "CAST(x'00' || " + column + " AS BLOB)"
    if kind == "INTEGER":
        return f"{column} + 1000"
    return f"{column} || ' '"


@pytest.mark.slow
def test_an_edit_to_any_column_is_found_by_expect(full_tender: tuple[Path, str], tmp_path: Path) -> None:
    base, digest = full_tender
    missed: list[str] = []
    impossible: list[str] = []
    refused: list[str] = []
    for table, column, kind in _columns(base):
        path = tmp_path / f"{table}-{column}.svi"
        shutil.copy(base, path)
        con = sqlite3.connect(path)
        con.execute("PRAGMA foreign_keys = OFF")
        try:
            con.execute(f"UPDATE {table} SET {column} = {_changed(kind, column)} WHERE rowid = (SELECT MIN(rowid) "
                        f"FROM {table})")
        except sqlite3.IntegrityError:  # the schema's own CHECK forbids any other value: nothing to find
            impossible.append(f"{table}.{column}")
            continue
        finally:
            con.commit()
            con.close()
        recompute(path)
        try:
            with TenderFile.open(path, actor="auditor", read_only=True) as tf:
                if tenders.verify_against(tf, digest).matches:
                    missed.append(f"{table}.{column}")
        except KnownError:  # refused outright (a key no longer matching, say): found, before --expect is needed
            refused.append(f"{table}.{column}")
    assert not missed
    assert set(impossible) <= {"tender.singleton", "sections.kind", "criteria.kind", "returns.status",
                               "conflicts.management"}, impossible
    assert len(_columns(base)) > 80  # every column of every table was tried
