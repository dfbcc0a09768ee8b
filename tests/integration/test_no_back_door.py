"""The record has no back door (issue 28): each attack tried as an attacker or a careless user would, through the
program's own doors (svi, the store's operations, import-json), and each refused in one sentence with nothing
changed."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import sqlite3
from pathlib import Path

import pytest

from svi_desktop.errors import DamagedFile, KnownError
from svi_desktop.store.lock import lock_path_for
from svi_desktop.store.operations import award as award_ops
from svi_desktop.store.operations.scores import set_score
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from tests.helpers.award import SIGNED, complete_award_record
from tests.helpers.files import sha256
from tests.helpers.hostile import cli, sql


def _refused(code: int, err: str, *words: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2, err
    assert len(lines) == 1 and lines[0].startswith("svi: ") and "Traceback" not in err, err
    for w in words:
        assert w in lines[0], lines[0]


def _writers(source: Path, out: Path) -> list[tuple[str, ...]]:
    """Every svi command that writes one file named by the user."""
    return [("export", "xlsx", str(source), str(out)), ("export", "pdf", str(source), str(out)),
            ("export-json", str(source), str(out)), ("bid-template", str(source), str(out))]


# -- 1. No output overwrites a tender ------------------------------------------------------------------------------

def test_no_export_writes_over_this_tender_another_or_their_companions(demo_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.svi"
    cli("demo", str(other))
    disguised = tmp_path / "minutes.xlsx"  # a tender under another name: recognised by its content
    disguised.write_bytes(other.read_bytes())
    with TenderFile.open(demo_file, actor="t") as tf:  # a -wal and a lock beside an open tender
        wal, lock = Path(f"{demo_file}-wal"), lock_path_for(demo_file)
        assert lock.exists()
        targets = [demo_file, other, disguised, Path(f"{other}-shm"), lock]
        before = {p: sha256(p) for p in (other, disguised)}
        for target in [*targets, wal]:
            for command in _writers(demo_file, target):
                code, _out, err = cli(*command)
                _refused(code, err, str(target))
        assert tf.audit_break() is None and lock.exists()
    for p, digest in before.items():
        assert sha256(p) == digest
    assert cli("check", str(demo_file))[0] == 0


def test_no_export_writes_over_a_backup_or_a_pack(demo_file: Path, tmp_path: Path, data_dir: Path) -> None:
    with TenderFile.open(demo_file, actor="t") as tf:
        backup = tf.backup("test")
    packs = tmp_path / "packs"
    packs.mkdir()
    assert cli("packs", "issue", str(demo_file), str(packs))[0] == 0
    pack = next(packs.glob("*.svi"))
    fresh_in_backups = backup.parent / "new.xlsx"  # even a new name: the backups folder is the program's alone
    for target in (backup, pack, fresh_in_backups):
        before = sha256(target) if target.exists() else None
        code, _out, err = cli("export", "xlsx", str(demo_file), str(target))
        _refused(code, err)
        assert (sha256(target) if target.exists() else None) == before
    code, _out, err = cli("export", "summaries", str(demo_file), str(pack))
    _refused(code, err, "not a folder")
    code, _out, err = cli("award", "notice", str(demo_file), str(backup), "--published", "2026-12-01")
    _refused(code, err)


def test_odd_output_paths_get_one_sentence_and_never_hang(demo_file: Path, tmp_path: Path) -> None:
    folder = tmp_path / "a folder"
    folder.mkdir()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    sock_path = tmp_path / "sock"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    try:
        for target, words in ((folder, "is a folder"), (tmp_path / "missing" / "x.xlsx", "does not exist"),
                              (tmp_path / "line\nbreak.xlsx", "line break"), (fifo, "not an ordinary file"),
                              (sock_path, "not an ordinary file")):
            for command in _writers(demo_file, target):
                code, _out, err = cli(*command)
                _refused(code, err, words)
        assert fifo.is_fifo() and not (tmp_path / "missing").exists()
        assert not list(tmp_path.glob("line*"))
    finally:
        sock.close()
    code, _out, err = cli("contract", "notice", str(demo_file), str(tmp_path / "gone" / "deeper"))
    _refused(code, err, "does not exist")
    code, _out, err = cli("packs", "issue", str(demo_file), str(fifo))
    _refused(code, err, "not a folder")


# -- 2. A JSON document is not a signature ---------------------------------------------------------------------

def test_a_forged_sign_off_in_json_never_becomes_live(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.json"
    assert cli("export-json", str(demo_file), str(out))[0] == 0
    doc = json.loads(out.read_text())
    doc["signoffs"] = [{"id": "f" * 32, "name": "Priya Shah", "role": "Director", "signed_on": "2026-12-01",
                        "state": "0" * 64, "at": "2026-12-01T10:00:00+00:00"}]
    doc["settings"]["award.frozen_at"] = "2026-12-01T10:00:00+00:00"
    doc["settings"]["pack.evaluator_id"] = doc["evaluators"][0]["id"]
    out.write_text(json.dumps(doc))
    copy = tmp_path / "copy.svi"
    code, text, err = cli("import-json", str(out), str(copy))
    assert code == 0, err
    assert "not verified" in text and "Priya Shah (Director), signed on 2026-12-01" in text
    with TenderFile.open(copy, actor="t", read_only=True) as tf:
        ev = load_evaluation(tf)
        first = json.loads(tf.audit_rows()[0].new)
        assert not tf.pack_evaluator
    assert ev.signoffs == () and "award.frozen_at" not in ev.settings and "pack.evaluator_id" not in ev.settings
    assert first["signoffs_in_document"] == ["Priya Shah (Director), signed on 2026-12-01"]
    assert cli("check", str(copy))[0] == 0
    code, _out, err = cli("export", "pdf", str(copy), str(tmp_path / "r.pdf"), "--final")
    _refused(code, err)
    assert not (tmp_path / "r.pdf").exists()


# -- 3. A sign-off is bound to the record ------------------------------------------------------------------------

@pytest.fixture
def signed(demo_file: Path) -> Path:
    complete_award_record(demo_file)
    with TenderFile.open(demo_file, actor="t") as tf:
        award_ops.sign_off(tf, name="Priya Shah", role="Director", signed_on=SIGNED)
        row = tf.audit_rows()[-1]
        before = tf.audit_rows()[-2]
        entry = json.loads(row.new)
    assert entry["chain_head"] == row.prev_hash == before.hash and entry["state"] == before.state_digest
    return demo_file


@pytest.mark.parametrize(("what", "statements", "named"), [
    ("the frozen marker deleted", ["DELETE FROM settings WHERE key = 'award.frozen_at'"], "frozen marker was removed"),
    ("a sign-off row deleted", ["DELETE FROM signoffs"], "was deleted outside"),
    ("a sign-off's approver changed", ["UPDATE signoffs SET name = 'Someone Else'"], "outside the program"),
    ("a forged second sign-off", ["INSERT INTO signoffs SELECT 'x' || id, 'Tom Kerr', role, signed_on, state, at "
                                  "FROM signoffs"], "added outside the program"),
    ("frozen content changed", ["UPDATE consensus SET value = 0 WHERE rowid = 1"], "changed outside the program"),
])
def test_a_frozen_award_edited_with_sqlite3_is_named_by_check_and_refused_at_open(
        signed: Path, what: str, statements: list[str], named: str) -> None:
    sql(signed, *statements)
    code, _out, err = cli("check", str(signed))
    assert code == 2 and named in err, (what, err)
    with TenderFile.open(signed, actor="t") as tf:
        assert tf.integrity_problem is not None and named in tf.integrity_problem
        before = tf.query("SELECT COUNT(*) FROM audit")[0][0]
        with pytest.raises(DamagedFile, match="changed outside SVI Workbench"):
            award_ops.unfreeze(tf, reason="to launder it", name="Tom Reid", role="Head")
        assert tf.query("SELECT COUNT(*) FROM audit")[0][0] == before
    code, _out, err = cli("award", "sign-off", str(signed), "--name", "Tom Kerr", "--role", "Head")
    _refused(code, err, "changed outside SVI Workbench")


def test_the_frozen_marker_restored_after_unfreezing_is_named(signed: Path) -> None:
    assert cli("award", "unfreeze", str(signed), "--reason", "A price was keyed wrongly", "--name", "Tom Reid",
               "--role", "Head of Procurement")[0] == 0
    with TenderFile.open(signed, actor="t", read_only=True) as tf:
        row = tf.audit_rows()[-1]
    assert json.loads(row.new) == {"reason": "A price was keyed wrongly", "by": "Tom Reid", "role": "Head of Procurement"}
    sql(signed, "INSERT INTO settings (key, value) VALUES ('award.frozen_at', '2026-12-01T10:00:00+00:00')")
    code, _out, err = cli("check", str(signed))
    assert code == 2 and "frozen marker was added or restored" in err


def test_sign_off_dates_and_approvers_are_checked(demo_file: Path) -> None:
    complete_award_record(demo_file)
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    long_ago = "2020-01-01"
    with TenderFile.open(demo_file, actor="t") as tf:
        for day, words in ((tomorrow, "a day still to come"), (long_ago, "before the evaluation's last score")):
            with pytest.raises(KnownError, match=words):
                award_ops.sign_off(tf, name="Priya Shah", role="Director", signed_on=day)
        assert tf.query("SELECT COUNT(*) FROM signoffs")[0][0] == 0
        award_ops.sign_off(tf, name="Priya Shah", role="Director", signed_on=SIGNED)
        with pytest.raises(KnownError, match="already signed off"):
            award_ops.sign_off(tf, name="  priya   SHAH ", role="Director", signed_on=SIGNED)
        assert tf.query("SELECT COUNT(*) FROM signoffs")[0][0] == 1
    code, _out, err = cli("award", "unfreeze", str(demo_file), "--reason", "why")
    assert code == 2 and "--name" in err


def test_a_tampered_file_cannot_be_signed_off(demo_file: Path) -> None:
    complete_award_record(demo_file)
    sql(demo_file, "UPDATE bids SET price = '1' WHERE rowid = 1")
    code, _out, err = cli("award", "sign-off", str(demo_file), "--name", "Priya Shah", "--role", "Director")
    _refused(code, err, "changed outside SVI Workbench", "bids row")
    with TenderFile.open(demo_file, actor="t", read_only=True) as tf:
        assert tf.query("SELECT COUNT(*) FROM signoffs")[0][0] == 0


# -- 4. No laundering ----------------------------------------------------------------------------------------------

def _score_edited(path: Path) -> None:
    sql(path, "UPDATE scores SET value = CASE WHEN value = 4 THEN 0 ELSE 4 END WHERE rowid = 1")


def test_a_raw_edit_is_never_sealed_by_any_ordinary_write(demo_file: Path, tmp_path: Path) -> None:
    from tests.helpers.hostile import _demo

    _score_edited(demo_file)
    sheet = tmp_path / "bids.xlsx"
    (tmp_path / "clean").mkdir()
    clean = _demo(tmp_path / "clean")
    assert cli("bid-template", str(clean), str(sheet))[0] == 0
    (tmp_path / "packs").mkdir()
    audit_before = sha256(demo_file)
    writes = [("packs", "issue", str(demo_file), str(tmp_path / "packs")),
              ("import-bids", str(demo_file), str(sheet)),
              ("contract", "make-kpis", str(demo_file)),
              ("award", "sign-off", str(demo_file), "--name", "A B", "--role", "C"),
              ("award", "unfreeze", str(demo_file), "--reason", "r", "--name", "A B", "--role", "C")]
    for command in writes:
        code, _out, err = cli(*command)
        _refused(code, err, "changed outside SVI Workbench")
    assert not list((tmp_path / "packs").iterdir())  # no pack built from the edited row
    code, _out, err = cli("check", str(demo_file))
    assert code == 2 and "was changed outside the program" in err  # still named: nothing re-sealed it
    assert sha256(demo_file) == audit_before


def test_an_edit_made_while_the_file_is_open_is_refused_by_the_next_write_to_that_row(demo_file: Path) -> None:
    with TenderFile.open(demo_file, actor="t") as tf:
        e, b, c, v = tf.query("SELECT evaluator_id, bid_id, criterion_id, value FROM scores LIMIT 1")[0]
        set_score(tf, evaluator_id=e, bid_id=b, criterion_id=c, value=(v + 1) % 5)  # verified, then written
        outside = sqlite3.connect(demo_file)
        outside.execute("UPDATE scores SET rationale = 'forged' WHERE evaluator_id = ? AND bid_id = ? AND "
                        "criterion_id = ?", (e, b, c))
        outside.commit()
        outside.close()
        before = tf.query("SELECT COUNT(*) FROM audit")[0][0]
        with pytest.raises(DamagedFile, match="changed outside SVI Workbench"):
            set_score(tf, evaluator_id=e, bid_id=b, criterion_id=c, value=v)
        with pytest.raises(DamagedFile, match="changed outside SVI Workbench"):  # and every write after it
            award_ops.set_criteria_published(tf, where="https://example.org")
        assert tf.query("SELECT COUNT(*) FROM audit")[0][0] == before
        assert tf.query("SELECT rationale FROM scores WHERE evaluator_id = ? AND bid_id = ? AND criterion_id = ?",
                        (e, b, c))[0][0] == "forged"


def test_an_edit_outside_to_a_row_the_next_write_only_reads_is_refused(demo_file: Path) -> None:
    """The price is read by the results, not written by a score: the write still refuses, since another connection
    committed to the file (PRAGMA data_version moved) and the whole file was checked again."""
    with TenderFile.open(demo_file, actor="t") as tf:
        e, b, c, v = tf.query("SELECT evaluator_id, bid_id, criterion_id, value FROM scores LIMIT 1")[0]
        set_score(tf, evaluator_id=e, bid_id=b, criterion_id=c, value=(v + 1) % 5)
        before = tf.query("SELECT COUNT(*) FROM audit")[0][0]
        sql(demo_file, "UPDATE bids SET price = '1' WHERE rowid = 2")
        with pytest.raises(DamagedFile, match="changed outside SVI Workbench"):
            set_score(tf, evaluator_id=e, bid_id=b, criterion_id=c, value=v)
        assert tf.query("SELECT COUNT(*) FROM audit")[0][0] == before


def test_a_write_by_this_program_alone_does_not_check_the_whole_file_again(demo_file: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from svi_desktop.store import tender_file

    calls = []
    real = tender_file._first_problem
    monkeypatch.setattr(tender_file, "_first_problem", lambda db: calls.append(1) or real(db))
    with TenderFile.open(demo_file, actor="t") as tf:
        e, b, c, v = tf.query("SELECT evaluator_id, bid_id, criterion_id, value FROM scores LIMIT 1")[0]
        for step in range(1, 6):
            set_score(tf, evaluator_id=e, bid_id=b, criterion_id=c, value=(v + step) % 5)
    assert len(calls) == 1  # once, before the first write: the key press stays cheap


def test_an_audit_row_appended_while_the_file_is_open_is_refused(demo_file: Path) -> None:
    from tests.helpers.hostile import recompute

    with TenderFile.open(demo_file, actor="t") as tf:
        e, b, c, v = tf.query("SELECT evaluator_id, bid_id, criterion_id, value FROM scores LIMIT 1")[0]
        set_score(tf, evaluator_id=e, bid_id=b, criterion_id=c, value=(v + 1) % 5)
        sql(demo_file, "UPDATE bids SET price = '1' WHERE rowid = 1")
        recompute(demo_file)  # the row digests, the state and the last audit row's hash, all redone
        with pytest.raises(DamagedFile, match="changed outside SVI Workbench"):
            set_score(tf, evaluator_id=e, bid_id=b, criterion_id=c, value=v)


# -- 5. --expect covers the state and the audit trail --------------------------------------------------------------

def test_expect_covers_the_audit_trail(demo_file: Path, tmp_path: Path) -> None:
    code, out, _err = cli("check", str(demo_file))
    digest = out.strip().split()[-1].rstrip(".")
    assert code == 0 and len(digest) == 64
    assert cli("check", str(demo_file), "--expect", digest)[0] == 0
    # The audit trail rewritten (the actor of its only row), the rows untouched: the state digest alone would pass.
    con = sqlite3.connect(demo_file)
    con.execute("DROP TRIGGER audit_append_only_update")
    import sqlite_utils

    from svi_desktop.store import audit

    last = audit.rows(sqlite_utils.Database(con))[-1]
    content = {**last.content(), "actor": "someone else"}
    con.execute("UPDATE audit SET actor = ?, hash = ? WHERE seq = ?", ["someone else", audit.row_hash(content),
                                                                       last.seq])
    con.execute("CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit\n"
                "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END")
    con.commit()
    con.close()
    assert cli("check", str(demo_file))[0] == 0  # an unkeyed chain recomputed: the honest limit
    code, _out, err = cli("check", str(demo_file), "--expect", digest)
    assert code == 2 and "not in the state that digest records" in err


# -- 6. Packs carry no price, and are never issued from a frozen tender ------------------------------------------

def test_packs_carry_no_price_and_a_frozen_tender_issues_none(demo_file: Path, tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    assert cli("packs", "issue", str(demo_file), str(folder))[0] == 0
    for pack in folder.glob("*.svi"):
        with TenderFile.open(pack, actor="e", read_only=True) as tf:
            assert [r for r in tf.query("SELECT price FROM bids") if r[0] is not None] == []
    complete_award_record(demo_file)
    assert cli("award", "sign-off", str(demo_file), "--name", "Priya Shah", "--role", "Director")[0] == 0
    again = tmp_path / "again"
    again.mkdir()
    code, _out, err = cli("packs", "issue", str(demo_file), str(again))
    _refused(code, err, "frozen")
    assert not list(again.iterdir())


def _aisha_valley(path: Path) -> tuple[str, str]:
    with TenderFile.open(path, actor="t", read_only=True) as tf:
        ev = load_evaluation(tf)
    return (next(e.id for e in ev.evaluators if e.name.startswith("Aisha")),
            next(b.id for b in ev.bids if b.supplier.startswith("Valley")))


def test_a_pack_cannot_undo_the_leads_conflict_record(demo_file: Path, tmp_path: Path) -> None:
    from svi_desktop.store.operations import evaluators as ev_ops
    from svi_desktop.store.packs import collect_returns
    from svi_desktop.workflows.packs import report
    from tests.helpers.packs import issue, submit

    aisha, valley = _aisha_valley(demo_file)
    with TenderFile.open(demo_file, actor="lead") as tf:
        ev_ops.declare(tf, evaluator_id=aisha, conflicts=((valley, "Her sister works at Valley."),))
    code, out, _err = cli("results", str(demo_file), "--json", "--draws", "0")
    before = {r["supplier"]: r["total"] for r in json.loads(out)["ranked"]}
    pack = next(p.path for p in issue(demo_file, tmp_path / "packs") if "Aisha" in p.path.name)
    with TenderFile.open(pack, actor="aisha") as tf:
        ev_ops.declare(tf, evaluator_id=aisha, conflicts=())  # "no conflict", in her own pack
        crit = [c for c in load_evaluation(tf).framework.criteria if c.kind.value == "scored"][:3]
        for c in crit:  # the bid is not in her pack: she scores it by its id, as a hand-made pack would
            set_score(tf, evaluator_id=aisha, bid_id=valley, criterion_id=c.id, value=4, rationale="Excellent.")
    submit(pack)
    with TenderFile.open(demo_file, actor="lead") as tf:
        lines = [line.text for line in report(collect_returns(tf, paths=[pack]).result)]
        ev = load_evaluation(tf)
    assert (aisha, valley) in ev.exclusions()  # the lead's record stands
    assert any("declares no conflict with Valley" in line and "the lead's record stands" in line for line in lines)
    code, out, _err = cli("results", str(demo_file), "--json", "--draws", "0")
    after = {r["supplier"]: r["total"] for r in json.loads(out)["ranked"]}
    assert after[next(k for k in after if k.startswith("Valley"))] == before[next(k for k in before
                                                                                 if k.startswith("Valley"))]


def test_a_pack_edited_by_hand_before_submit_is_refused_at_collection(demo_file: Path, tmp_path: Path) -> None:
    from svi_desktop.store.packs import collect_returns
    from tests.helpers.packs import issue, submit

    pack = issue(demo_file, tmp_path / "packs")[0].path
    sql(pack, "UPDATE scores SET rationale = 'Typed by someone else' WHERE rowid = 1")
    with pytest.raises(DamagedFile, match="changed outside SVI Workbench"):
        submit(pack)  # submitting would seal the edit: refused
    with TenderFile.open(demo_file, actor="lead") as tf:
        assert not collect_returns(tf, paths=[pack]).result.merged


def test_a_pack_resealed_by_its_evaluator_after_a_raw_edit_is_refused(demo_file: Path, tmp_path: Path) -> None:
    """The evaluator holds her return code, so she can recompute the HMAC after editing; the pack's own chain and
    row seals still name the edit, and collection refuses it."""
    from svi_desktop.domain.returns import derive_key, return_message, return_tag
    from svi_desktop.domain.settings import PACK_ID, PACK_SUBMITTED, PACK_TAG
    from svi_desktop.store.packs import collect_returns
    from tests.helpers.packs import code_of, issue, submit

    issued = issue(demo_file, tmp_path / "packs")[0]
    with TenderFile.open(issued.path, actor="e") as tf:
        from svi_desktop.store.operations import evaluators as ev_ops

        ev_ops.declare(tf, evaluator_id=tf.pack_evaluator)
    submit(issued.path)
    sql(issued.path, "UPDATE scores SET rationale = 'Typed by someone else' WHERE rowid = 1")
    with TenderFile.open(issued.path, actor="e", read_only=True) as tf:
        ev = load_evaluation(tf)
        settings = dict(tf.query("SELECT key, value FROM settings"))
    me = ev.evaluators[0]
    key = derive_key(code_of(issued.path), tender_id=ev.tender.id, evaluator_id=me.id, pack_id=settings[PACK_ID])
    tag = return_tag(key, return_message(tender_id=ev.tender.id, pack_id=settings[PACK_ID], evaluator=me,
                                         scores=ev.scores, submitted_at=settings[PACK_SUBMITTED]))
    sql(issued.path, f"UPDATE settings SET value = '{tag}' WHERE key = '{PACK_TAG}'")
    with TenderFile.open(demo_file, actor="lead") as tf:
        result = collect_returns(tf, paths=[issued.path]).result
    assert not result.merged and len(result.refused) == 1
    assert "changed outside SVI Workbench" in result.refused[0][1]


# -- 7. Spreadsheet text is text; 8. bounds on every input; 9. nothing left behind -------------------------------

FORMULAS = ("=HYPERLINK(\"http://x\",\"y\")", "+1+2", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1")


def test_formula_text_in_the_bid_template_stays_text(demo_file: Path, tmp_path: Path) -> None:
    import openpyxl

    from svi_desktop.store.operations import framework as fw_ops

    with TenderFile.open(demo_file, actor="t") as tf:
        criteria = [c for c in load_evaluation(tf).framework.criteria if c.kind.value == "scored"]
        for c, text in zip(criteria, FORMULAS, strict=False):
            fw_ops.set_criterion_field(tf, criterion_id=c.id, field="title", value=text)
            fw_ops.set_criterion_field(tf, criterion_id=c.id, field="guidance", value=text)
        fw_ops.set_tender_field(tf, field="title", value="=1+1")
    out = tmp_path / "bids.xlsx"
    assert cli("bid-template", str(demo_file), str(out))[0] == 0
    wb = openpyxl.load_workbook(out)
    formulas = [(ws.title, cell.coordinate, cell.value) for ws in wb for row in ws.iter_rows() for cell in row
                if cell.data_type == "f"]
    assert formulas == []
    texts = {cell.value for ws in wb for row in ws.iter_rows() for cell in row if isinstance(cell.value, str)}
    assert "=1+1" not in texts and any("=HYPERLINK" in t for t in texts)  # kept, as text


@pytest.mark.parametrize(("place", "value", "words"), [
    ("weight", "1e309", "larger than"), ("weight", "1e999999", "larger than"), ("weight", 1e308, "out of bounds"),
    ("price", "1e400", "larger than"), ("price", "0.0000000000001", "decimal places"),
    ("supplier", "Lone \ud800 surrogate", "lone surrogate"), ("supplier", "Nul \u0000 inside", "NUL"),
])
def test_out_of_bounds_numbers_and_broken_text_in_json_are_refused(demo_file: Path, tmp_path: Path, place: str,
                                                                   value: object, words: str) -> None:
    out = tmp_path / "t.json"
    assert cli("export-json", str(demo_file), str(out))[0] == 0
    doc = json.loads(out.read_text())
    if place == "weight":
        doc["framework"]["sections"][1]["criteria"][0]["weight"] = value
    elif place == "price":
        doc["bids"][0]["price"] = value
    else:
        doc["bids"][0]["supplier"] = value
    out.write_text(json.dumps(doc))  # ensure_ascii: a lone surrogate goes as the escape \ud800
    code, _out, err = cli("import-json", str(out), str(tmp_path / "copy.svi"))
    _refused(code, err, words)
    assert not (tmp_path / "copy.svi").exists()


def test_a_new_tender_takes_a_plain_name_in_a_folder_that_exists(tmp_path: Path) -> None:
    for target, words in ((tmp_path / "line\nbreak.svi", "line break"), (tmp_path / "gone" / "t.svi", "does not exist")):
        for command in (("new", str(target)), ("demo", str(target))):
            code, _out, err = cli(*command)
            _refused(code, err, words)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_draws_are_bounded(demo_file: Path) -> None:
    code, _out, err = cli("results", str(demo_file), "--draws", "1000000000000")
    _refused(code, err, "1,000,000")


def test_the_next_run_removes_what_a_killed_run_left(demo_file: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    pid = int(dead.stdout)
    creating = tmp_path / f".demo2.svi.{pid}.creating"
    part = tmp_path / f".r.xlsx.{pid}.k3j4h5.part"
    mine = tmp_path / f".r.xlsx.{os.getpid()}.live.part"  # a live writer's: left alone
    for p in (creating, part, mine):
        p.write_bytes(b"half")
    assert cli("info", str(demo_file))[0] == 0
    assert not creating.exists() and not part.exists() and mine.exists()


def test_a_100_mb_row_is_refused_at_open_in_one_sentence(demo_file: Path) -> None:
    sql(demo_file, "UPDATE responses SET text = printf('%.*c', 100000000, 'x') WHERE rowid = 1")
    before = sha256(demo_file)
    for command in (("info", str(demo_file)), ("check", str(demo_file)), ("export-json", str(demo_file), "x.json")):
        code, _out, err = cli(*command)
        _refused(code, err, "larger than the 64 MB")
    assert sha256(demo_file) == before


def test_formula_text_stays_text_in_the_workbook_and_the_audit_csv(demo_file: Path, tmp_path: Path) -> None:
    import csv

    import openpyxl

    from svi_desktop.exports.audit_csv import write_audit_csv
    from svi_desktop.store.operations import bids as bid_ops
    from svi_desktop.store.operations import evaluators as ev_ops
    from svi_desktop.store.operations import framework as fw_ops

    with TenderFile.open(demo_file, actor="t") as tf:
        ev = load_evaluation(tf)
        scored = [c for c in ev.framework.criteria if c.kind.value == "scored"]
        fw_ops.set_tender_field(tf, field="title", value=FORMULAS[0])
        fw_ops.set_tender_field(tf, field="authority", value=FORMULAS[3])
        for c, text in zip(scored, FORMULAS, strict=False):
            fw_ops.set_criterion_field(tf, criterion_id=c.id, field="title", value=text)
        for s, text in zip(ev.framework.sections, FORMULAS[1:], strict=False):
            fw_ops.set_section_field(tf, section_id=s.id, field="name", value=text)
        for b, text in zip(ev.bids, FORMULAS[:4], strict=False):
            bid_ops.set_bid_field(tf, bid_id=b.id, field="supplier", value=text)
        for i, (e, text) in enumerate(zip(ev.evaluators, FORMULAS[4:], strict=False)):  # stripped, "=1+1" twice:
            ev_ops.set_evaluator_field(tf, evaluator_id=e.id, field="name", value=f"{text}{i}")  # one name each
        s = ev.scores[0]
        set_score(tf, evaluator_id=s.evaluator_id, bid_id=s.bid_id, criterion_id=s.criterion_id, value=s.value,
                  rationale=FORMULAS[0])
    out = tmp_path / "r.xlsx"
    assert cli("export", "xlsx", str(demo_file), str(out))[0] == 0
    wb = openpyxl.load_workbook(out)
    payload = ("HYPERLINK", "+1+2", "-2+3", "@SUM", "=1+1")
    bad = [(ws.title, c.coordinate, c.value) for ws in wb for row in ws.iter_rows() for c in row
           if c.data_type == "f" and any(p in str(c.value) for p in payload)]
    assert bad == []
    assert not [n for n, d in wb.defined_names.items() if any(p in str(d.attr_text) for p in payload)]
    texts = {c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert {FORMULAS[0], FORMULAS[1], FORMULAS[2], FORMULAS[3]} <= texts  # kept, word for word, as text
    headers = {ws.title for ws in wb}
    assert not any(h.startswith(("=", "+", "-", "@")) for h in headers)

    from svi_desktop.store import audit

    with TenderFile.open(demo_file, actor="t", read_only=True) as tf:
        rows = audit.rows(tf.db)
    target = tmp_path / "audit.csv"
    write_audit_csv(rows, target)
    with open(target, encoding="utf-8-sig", newline="") as fh:
        cells = [cell for row in csv.reader(fh) for cell in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert any("HYPERLINK" in c for c in cells), [c for c in cells if "HYPER" in c][:5]


@pytest.mark.parametrize(("text", "words"), [("Nul \x00 inside", "NUL character"),
                                             ("Lone \ud800 surrogate", "not (a )?valid")])
def test_text_no_document_could_carry_is_refused_at_the_one_place_every_write_passes(demo_file: Path, tmp_path: Path,
                                                                                     text: str, words: str) -> None:
    """A NUL typed or pasted into the window reached the contract notice (a traceback); the window's fields call
    these same operations."""
    from svi_desktop.store.operations import bids as bid_ops
    from svi_desktop.store.operations import framework as fw_ops

    before = sha256(demo_file)
    with TenderFile.open(demo_file, actor="t") as tf:
        bid = load_evaluation(tf).bids[0]
        for write in (lambda: fw_ops.set_tender_field(tf, field="title", value=text),
                      lambda: bid_ops.set_bid_field(tf, bid_id=bid.id, field="supplier", value=text)):
            with pytest.raises(KnownError, match=words):
                write()
        assert tf.integrity_problem is None
    assert sha256(demo_file) == before
    assert cli("check", str(demo_file))[0] == 0


@pytest.mark.parametrize("command", [("import-json", "{input}", "{folder}/o.svi"),
                                     ("import-bids", "{tender}", "{input}"),
                                     ("new", "{folder}/n.svi", "--template", "{input}")])
@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_an_input_that_is_not_an_ordinary_file_gets_one_sentence_and_never_hangs(
        demo_file: Path, tmp_path: Path, command: tuple[str, ...], kind: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    suffix = {"import-json": ".json", "import-bids": ".xlsx", "new": ".json"}[command[0]]
    if kind == "fifo":
        source = folder / f"pipe{suffix}"
        os.mkfifo(source)
    elif kind == "folder":
        source = folder / f"dir{suffix}"
        source.mkdir()
    else:
        source = Path("/dev/zero")
    before = sha256(demo_file)
    args = [a.format(input=source, folder=folder, tender=demo_file) for a in command]

    def hung(*_: object) -> None:
        raise TimeoutError(f"svi {' '.join(args)} hung")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    try:
        code, _out, err = cli(*args)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    _refused(code, err)
    assert sha256(demo_file) == before
    assert sorted(p.name for p in folder.iterdir()) == ([source.name] if kind != "device" else [])


@pytest.mark.parametrize(("price", "words"), [("1e400", "larger than"), (1e300, "larger than"),
                                              ("0.0000000000001", "decimal places")])
def test_a_price_out_of_bounds_in_a_bid_sheet_is_refused(demo_file: Path, tmp_path: Path, price: object,
                                                         words: str) -> None:
    import openpyxl

    template = tmp_path / "bids.xlsx"
    assert cli("bid-template", str(demo_file), str(template))[0] == 0
    wb = openpyxl.load_workbook(template)
    ws = wb["Bids"]
    headers = [c.value for c in ws[1]]
    row: list[object] = [None] * len(headers)
    row[headers.index("Supplier")] = "Big Numbers Ltd"
    row[headers.index("Price")] = price
    ws.append(row)
    wb.save(template)
    before = sha256(demo_file)
    code, out, err = cli("import-bids", str(demo_file), str(template))
    assert code == 2 and words in err and "Traceback" not in err, err
    assert sha256(demo_file) == before
