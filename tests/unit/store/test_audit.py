"""Every operation appends a hash-chained audit row in its own transaction; the file refuses edits to it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from svi_desktop.store import audit
from svi_desktop.store.operations.scores import set_score
from svi_desktop.store.tender_file import TenderFile


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
        with pytest.raises(RuntimeError), tf.operation(action="x", entity="bid", entity_id="1") as db:
            db.execute("UPDATE bids SET supplier = 'oops'")
            raise RuntimeError("a bug half way")
        assert len(audit.rows(tf.db)) == n
        assert tf.query("SELECT COUNT(*) FROM bids WHERE supplier = 'oops'")[0][0] == 0


def _check(path: Path):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "svi_desktop.cli", "check", str(path)], capture_output=True,
                          text=True, timeout=60)


def test_a_score_edited_behind_the_programs_back_is_named(demo_file: Path) -> None:
    with TenderFile.open(demo_file, actor="aisha") as tf:  # a change through the program: still fine
        e, b, c = tf.query("SELECT evaluator_id, bid_id, criterion_id FROM scores LIMIT 1")[0]
        set_score(tf, evaluator_id=e, bid_id=b, criterion_id=c, value=1, rationale="through the program")
    assert _check(demo_file).returncode == 0
    con = sqlite3.connect(demo_file)
    sid, supplier = con.execute("SELECT s.id, b.supplier FROM scores s JOIN bids b ON b.id = s.bid_id "
                                "WHERE s.value = 2 ORDER BY s.rowid LIMIT 1").fetchone()
    con.execute("UPDATE scores SET value = 4 WHERE id = ?", (sid,))
    con.commit()
    con.close()
    run = _check(demo_file)
    assert run.returncode == 2
    first = run.stderr.splitlines()[0]
    assert f"the scores row {sid}" in first and "was changed outside the program" in first
    assert supplier in first and "score of 4" in first


def test_rows_added_or_deleted_behind_the_programs_back(demo_file: Path, tmp_path: Path) -> None:
    import shutil

    deleted = tmp_path / "deleted.svi"
    shutil.copy(demo_file, deleted)
    con = sqlite3.connect(deleted)
    con.execute("DELETE FROM consensus")
    con.commit()
    con.close()
    assert "was deleted outside the program" in _check(deleted).stderr

    con = sqlite3.connect(demo_file)
    victim = con.execute("SELECT id, evaluator_id, bid_id, criterion_id FROM scores ORDER BY rowid LIMIT 1").fetchone()
    con.execute("DELETE FROM scores WHERE id = ?", (victim[0],))
    con.execute("INSERT INTO scores VALUES ('forged', ?, ?, ?, 4, 'x', '[]', '[]', '', '')", victim[1:])
    con.commit()
    con.close()
    assert "the scores row forged" in _check(demo_file).stderr
