"""The state accumulator keeps removals in a denominator (version 9): the same rows give the same digest however
they were reached, a change needs no modular inverse, and text that is not a state never matches a real one."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from svi_desktop.domain.audit import MODULUS, state_digest, state_value
from svi_desktop.store import sealing
from svi_desktop.store.operations.scores import set_score
from svi_desktop.store.state import Accumulator
from svi_desktop.store.tender_file import TenderFile


def _digests(n: int) -> list[str]:
    return [hashlib.sha256(str(i).encode()).hexdigest() for i in range(n)]


def test_the_same_rows_give_the_same_digest_however_they_were_reached() -> None:
    a, b, c, d = _digests(4)
    direct = Accumulator()
    direct.add([a, c])
    roundabout = Accumulator()
    roundabout.add([d, a, b])
    roundabout.remove([b])
    roundabout.add([c])
    roundabout.remove([d])
    assert roundabout.text() != direct.text()  # kept apart: n/d, not divided out
    assert "/" in roundabout.text() and "/" not in direct.text()
    assert roundabout.value == direct.value
    assert roundabout.digest() == direct.digest()
    assert Accumulator.parse(roundabout.text()).digest() == direct.digest()


def test_adding_and_removing_everything_is_the_empty_state() -> None:
    acc = Accumulator()
    acc.add(_digests(5))
    acc.remove(reversed(_digests(5)))
    assert acc.value == 1 and acc.digest() == state_digest(None) == Accumulator().digest()


@pytest.mark.parametrize("text", ["zz", "12/0", f"{MODULUS:x}", "1/" + "f" * 2000, "/", "0", "-3", "12/-1", "+5"])
def test_text_that_is_not_a_state_is_refused_and_never_matches(text: str) -> None:
    assert state_value(text) is None
    with pytest.raises(ValueError):
        Accumulator.parse(text)
    assert state_digest(text) not in {state_digest(None), state_digest("1"), state_digest("12"), state_digest("5")}


def test_a_bare_numerator_and_an_empty_denominator_read_as_over_one() -> None:
    assert state_value("12") == state_value("12/") == state_value("12/1") == 0x12


def test_a_changed_score_is_recorded_as_a_fraction_and_checks(demo_file: Path) -> None:
    with TenderFile.open(demo_file, actor="lead") as tf:
        e, b, c, v = tf.query("SELECT evaluator_id, bid_id, criterion_id, value FROM scores LIMIT 1")[0]
        set_score(tf, evaluator_id=e, bid_id=b, criterion_id=c, value=1 if v != 1 else 2)
        assert "/" in sealing.last_state(tf.db)
        assert tf.state_digest() == tf.present_state_digest()
        assert tf.check() == []


def test_a_forged_denominator_is_found(demo_file: Path) -> None:
    with TenderFile.open(demo_file, actor="lead") as tf:
        e, b, c, v = tf.query("SELECT evaluator_id, bid_id, criterion_id, value FROM scores LIMIT 1")[0]
        set_score(tf, evaluator_id=e, bid_id=b, criterion_id=c, value=1 if v != 1 else 2)
    sql = "SELECT sql FROM sqlite_master WHERE name = 'audit_append_only_update'"
    with sqlite3.connect(demo_file) as con:  # the attacker rewrites the last state, putting the trigger back
        trigger = con.execute(sql).fetchone()[0]
        con.execute("DROP TRIGGER audit_append_only_update")
        con.execute("UPDATE audit SET state = substr(state, 1, instr(state, '/')) || '2' "
                    "WHERE seq = (SELECT max(seq) FROM audit)")
        con.execute(trigger)
    con.close()
    with TenderFile.open(demo_file, actor="lead", read_only=True) as tf:
        assert "the tender's state does not match" in " ".join(tf.check())


def test_a_dropped_audit_trigger_is_named(demo_file: Path) -> None:
    from svi_desktop.errors import DamagedFile

    with sqlite3.connect(demo_file) as con:
        con.execute("DROP TRIGGER audit_append_only_update")
    con.close()
    with pytest.raises(DamagedFile, match="missing its trigger audit_append_only_update"):
        TenderFile.open(demo_file, actor="lead")


def test_a_state_no_program_wrote_refuses_the_next_change_in_one_sentence(demo_file: Path) -> None:
    from svi_desktop.errors import DamagedFile

    sql = "SELECT sql FROM sqlite_master WHERE name = 'audit_append_only_update'"
    with sqlite3.connect(demo_file) as con:
        trigger = con.execute(sql).fetchone()[0]
        con.execute("DROP TRIGGER audit_append_only_update")
        con.execute("UPDATE audit SET state = 'zz/0' WHERE seq = (SELECT max(seq) FROM audit)")
        con.execute(trigger)
    con.close()
    with TenderFile.open(demo_file, actor="lead") as tf:
        e, b, c, v = tf.query("SELECT evaluator_id, bid_id, criterion_id, value FROM scores LIMIT 1")[0]
        before = tf.query("SELECT COUNT(*) FROM audit")[0][0]
        # The whole-file check before the first change finds the trail's row changed in place.
        with pytest.raises(DamagedFile, match="changed outside SVI Workbench .* was changed after it was written"):
            set_score(tf, evaluator_id=e, bid_id=b, criterion_id=c, value=1 if v != 1 else 2)
        assert tf.query("SELECT COUNT(*) FROM audit")[0][0] == before
        assert tf.query("SELECT value FROM scores WHERE evaluator_id = ? AND bid_id = ? AND criterion_id = ?",
                        (e, b, c))[0][0] == v
