"""Every operation appends a hash-chained audit row in its own transaction; the file refuses edits to it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from svi_desktop.store import audit
from svi_desktop.store.operations.scores import set_score
from svi_desktop.store.tender_file import Change, TenderFile


def test_operation_writes_audit_row_with_old_and_new(demo_file: Path) -> None:
    with TenderFile.open(demo_file, actor="aisha") as tf:
        e, b, c = tf.query("SELECT evaluator_id, bid_id, criterion_id FROM scores LIMIT 1")[0]
        before = tf.query("SELECT value FROM scores WHERE evaluator_id=? AND bid_id=? AND criterion_id=?", (e, b, c))[0][0]
        set_score(tf, evaluator_id=e, bid_id=b, criterion_id=c, value=(before + 1) % 5, rationale="changed my mind")
        last = audit.rows(tf.db)[-1]
        assert (last.actor, last.action, last.entity) == ("aisha", "change score", "score")
        assert json.loads(last.old)["value"] == before
        assert json.loads(last.new)["value"] == (before + 1) % 5
        assert json.loads(last.new)["rationale"] == "changed my mind"
        assert audit.first_break(tf.db) is None


@pytest.mark.parametrize("sql", ["UPDATE audit SET actor = 'someone else' WHERE seq = 1", "DELETE FROM audit WHERE seq = 1"])
def test_the_file_refuses_changes_to_the_audit_trail(demo_file: Path, sql: str) -> None:
    con = sqlite3.connect(demo_file)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute(sql)
    con.close()


def test_a_failed_operation_leaves_no_audit_row(demo_file: Path) -> None:
    with TenderFile.open(demo_file, actor="aisha") as tf:
        n = len(audit.rows(tf.db))
        with pytest.raises(RuntimeError), tf.operation(action="x", entity="bid", entity_id="1",
                                                       change=Change("bids")) as db:
            db.execute("UPDATE bids SET supplier = 'oops'")
            raise RuntimeError("a bug half way")
        assert len(audit.rows(tf.db)) == n
        assert tf.query("SELECT COUNT(*) FROM bids WHERE supplier = 'oops'")[0][0] == 0
