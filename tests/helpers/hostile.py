"""The hostile corpus: every attack on a tender file or a return that issue 14 found, as cases to replay.

Each case does what an insider with nothing but sqlite3 and this program would do, then says whether the
program handled it: refused or detected in one sentence, no traceback, and (where it refused) the file left
exactly as it was. `run(case, folder)` returns None when handled, else what went wrong. The test suite runs
every case (tests/integration/test_hostile_corpus.py); `python -m bench.hostile` counts them per family.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import io
import json
import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from svi_desktop.cli import main as svi
from svi_desktop.errors import FileLocked, KnownError
from svi_desktop.store import audit, sealing
from svi_desktop.store.packs import collect_returns
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.workflows import tenders
from tests.helpers.files import make_demo, sha256
from tests.helpers.packs import issue, submit

Outcome = str | None  # None: handled; else what went wrong


@dataclass(frozen=True)
class Case:
    family: str
    name: str
    run: Callable[[Path], Outcome]


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = svi(list(args))
        except SystemExit as exc:  # argparse
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def _one_sentence(code: int, err: str) -> Outcome:
    if code != 2:
        return f"exit {code}, not 2"
    lines = [line for line in err.splitlines() if line.strip()]
    if not lines or not lines[0].startswith("svi: ") or "Traceback" in err:
        return f"not one plain sentence: {err[:200]!r}"
    return None


def sql(path: Path, *statements: str) -> None:
    """Edit a file as an attacker would: plain sqlite3, the program's triggers dropped where they are in the way."""
    con = sqlite3.connect(path)
    try:
        for s in statements:
            con.executescript(s)
        con.commit()
    finally:
        con.close()


# -- files: the opener refuses, in one sentence, and leaves the file as it was ------------------------------------

def _refused_at_open(make: Callable[[Path], Path]) -> Callable[[Path], Outcome]:
    def run(folder: Path) -> Outcome:
        path = make(folder)
        before = sha256(path) if path.is_file() else None
        for command in (["info", str(path)], ["check", str(path)], ["export-json", str(path), str(folder / "o.json")]):
            problem = _one_sentence(*cli(*command)[::2])
            if problem:
                return f"svi {command[0]}: {problem}"
        try:
            tenders.open_tender(path).close()
            return "it opened for editing"
        except KnownError:
            pass
        if before is not None and sha256(path) != before:
            return "the file changed"
        return None
    return run


def _survives(make: Callable[[Path], Path]) -> Callable[[Path], Outcome]:
    """Random damage may land where nothing reads (free space): then it opens. Either way: no traceback, a
    refusal is one sentence, and the file is left exactly as it was."""
    def run(folder: Path) -> Outcome:
        path = make(folder)
        before = sha256(path)
        for command in (["info", str(path)], ["check", str(path)], ["results", str(path), "--draws", "20"]):
            code, _out, err = cli(*command)
            if code != 0:
                problem = _one_sentence(code, err)
                if problem:
                    return f"svi {command[0]}: {problem}"
        with contextlib.suppress(KnownError):
            tenders.open_tender(path).close()
        if sha256(path) != before:
            return "the file changed"
        return None
    return run


def _demo(folder: Path, name: str = "t.svi") -> Path:
    return make_demo(folder / name)


def _awarded(path: Path) -> Path:
    """The demo's award record completed and signed off today: its contract may then have KPIs (issue 32)."""
    from svi_desktop.store.operations.award import sign_off
    from tests.helpers.award import SIGNED, complete_award_record

    complete_award_record(path)
    with TenderFile.open(path, actor="t") as tf:
        sign_off(tf, name="Priya Shah", role="Director of Public Health", signed_on=SIGNED)
    return path


def _edited(*statements: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = _demo(folder)
        sql(path, *statements)
        return path
    return make


def _flipped(seed: int) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = _demo(folder)
        data = bytearray(path.read_bytes())
        import random

        rng = random.Random(seed)
        for _ in range(12):
            i = rng.randrange(100, len(data))  # past the header, which has its own refusals
            data[i] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(data))
        return path
    return make


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.svi"
    os.mkfifo(path)
    return path


def _folder(folder: Path) -> Path:
    path = folder / "folder.svi"
    path.mkdir()
    return path


def _unfinished(folder: Path) -> Path:
    path = _demo(folder)
    # Its writer still running (this process): the next run removes a dead writer's leftovers before anything
    # opens them (test_no_back_door), so only a live one's can reach the opener, which refuses it.
    target = folder / f".t.svi.{os.getpid()}.creating"
    path.rename(target)
    return target


def _wal_from_a_copy(*statements: str) -> Callable[[Path], Path]:
    """A -wal made beside another copy of the tender by `statements`, put beside this file."""
    def make(folder: Path) -> Path:
        path = _demo(folder)
        other = folder / "other.svi"
        shutil.copy(path, other)
        con = sqlite3.connect(other)
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA wal_autocheckpoint = 0")
        for statement in statements:
            con.execute(statement)
        con.commit()
        shutil.copy(Path(f"{other}-wal"), Path(f"{path}-wal"))
        con.close()
        return path
    return make


def _old_wal(folder: Path) -> Path:
    """This file's own -wal, kept from an earlier session and put back after later writes: replayed, it would
    roll back pages (here the last score set) under the trail that records them."""
    from svi_desktop.store.operations.scores import set_score
    from svi_desktop.store.tender_file import TenderFile

    path = _demo(folder)
    saved = folder / "saved-wal"
    with TenderFile.open(path, actor="t") as tf:
        tf.conn.execute("PRAGMA wal_autocheckpoint = 0")
        e, b, c, v = tf.query("SELECT evaluator_id, bid_id, criterion_id, value FROM scores LIMIT 1")[0]
        set_score(tf, evaluator_id=e, bid_id=b, criterion_id=c, value=(v + 1) % 5)
        shutil.copy(Path(f"{path}-wal"), saved)
    with TenderFile.open(path, actor="t") as tf:
        set_score(tf, evaluator_id=e, bid_id=b, criterion_id=c, value=(v + 2) % 5)
    shutil.copy(saved, Path(f"{path}-wal"))
    saved.unlink()
    return path


# (name, how to make it, whether it must be refused): random damage may land where nothing reads.
DAMAGED_FILES: list[tuple[str, Callable[[Path], Path], bool]] = [
    *((f"bit flips {seed}", _flipped(seed), False) for seed in range(6)),
    ("invalid UTF-8 in a supplier", _edited("UPDATE bids SET supplier = CAST(x'ff41' AS TEXT) WHERE rowid = 1"), True),
    ("an unknown status", _edited("UPDATE bids SET status = 'zzz' WHERE rowid = 1"), True),
    ("bad JSON in red flags", _edited("UPDATE criteria SET flags = '[1,' WHERE rowid = 1"), True),
    ("a weight that is not a number", _edited("UPDATE criteria SET weight = 'abc' WHERE rowid = 3"), True),
    ("a price of NaN", _edited("UPDATE bids SET price = 'NaN' WHERE rowid = 2"), True),
    ("a score that is text", _edited("UPDATE scores SET value = 'four' WHERE rowid = 1"), True),
    ("a score that is a fraction", _edited("UPDATE scores SET value = 2.5 WHERE rowid = 1"), True),
    ("a rationale that is bytes", _edited("UPDATE scores SET rationale = x'41' WHERE rowid = 2"), True),
    ("red flags that are not a list", _edited("UPDATE scores SET flags = '{}' WHERE rowid = 3"), True),
    ("evidence of the wrong shape", _edited("UPDATE scores SET evidence = '[{\"text\": 1}]' WHERE rowid = 1"), True),
    ("no tender row", _edited("DELETE FROM tender"), True),
    ("a planted trigger", _edited("CREATE TRIGGER evil AFTER INSERT ON bids BEGIN UPDATE scores SET value = 0; END"),
     True),
    ("a planted view", _edited("CREATE VIEW v AS SELECT * FROM scores"), True),
    ("an index dropped", _edited("DROP INDEX scores_by_criterion"), True),
    ("a score for a bid that is not there", _edited(
        "PRAGMA foreign_keys = OFF; UPDATE scores SET bid_id = 'nobody' WHERE rowid = 1"), True),
    ("a score off the scale", _edited("UPDATE scores SET value = 1000 WHERE rowid = 1"), True),
    ("a FIFO named as a tender", _fifo, True),
    ("a folder named as a tender", _folder, True),
    ("an unfinished .creating file", _unfinished, True),
    ("a foreign -wal beside the file", _wal_from_a_copy("UPDATE bids SET price = '1' WHERE rowid = 1"), True),
    ("an old -wal of this file put back", _old_wal, True),
    # the version no program made, and a table of its own to go with it
    ("a -wal that raises the schema version", _wal_from_a_copy("PRAGMA user_version = 99", "CREATE TABLE extra (x)"),
     True),
]
FILE_CASES = [Case("files", name, _refused_at_open(make) if refused else _survives(make))
              for name, make, refused in DAMAGED_FILES]


def _hostile_backup(folder: Path) -> Outcome:
    """A backup in the data folder with a trigger planted in it: restoring it must not copy the trigger in."""
    from svi_desktop.store.restore import make_backup, restore
    from svi_desktop.workflows import backups

    path = _demo(folder)
    with TenderFile.open(path, actor="lead") as tf:
        made = make_backup(tf, "hostile")
    sql(made, "CREATE TRIGGER evil AFTER UPDATE ON bids BEGIN UPDATE scores SET value = 0; END")
    before = sha256(path)
    with TenderFile.open(path, actor="lead") as tf:
        backup = next(b for b in backups.backups_of(tf) if b.path == made)
        try:
            restore(tf, backup)
            return "a backup holding a planted trigger was restored"
        except KnownError as exc:
            if "is not a sound backup" not in exc.message:
                return f"not the sentence expected: {exc.message}"
    if sha256(path) != before:
        return "the refused restore changed the file"
    return None


FILE_CASES.append(Case("files", "a backup with a planted trigger, restored", _hostile_backup))


# -- tamper: svi check names the edit; with the trail recomputed, only --expect can, and does ----------------------

def recompute(path: Path) -> None:
    """What a determined insider does next: redo the row digests, the state and the last audit row's hash."""
    con = sqlite3.connect(path)
    try:
        con.execute("DROP TRIGGER audit_append_only_update")
        state = sealing.seal_everything(con)
        seq = con.execute("SELECT MAX(seq) FROM audit").fetchone()[0]
        import sqlite_utils

        last = next(r for r in audit.rows(sqlite_utils.Database(con)) if r.seq == seq)
        content = {**last.content(), "state": state}
        con.execute("UPDATE audit SET state = ?, hash = ? WHERE seq = ?", [state, audit.row_hash(content), seq])
        con.execute("CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit\n"
                    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END")
        con.commit()
    finally:
        con.close()


def _tamper(*statements: str, recomputable: bool = True) -> Callable[[Path], Outcome]:
    def run(folder: Path) -> Outcome:
        path = _demo(folder)
        code, out, _err = cli("check", str(path))
        digest = out.strip().split()[-1].rstrip(".")
        if code != 0 or len(digest) != 64:
            return f"the untouched file did not check out: {out!r}"
        sql(path, *statements)
        problem = _one_sentence(*cli("check", str(path))[::2])
        if problem:
            return f"svi check missed the edit: {problem}"
        if not recomputable:
            return None
        recompute(path)
        if cli("check", str(path))[0] != 0:
            return "the recomputed file should pass a check without --expect (the honest limit)"
        problem = _one_sentence(*cli("check", str(path), "--expect", digest)[::2])
        if problem:
            return f"svi check --expect missed the recomputed edit: {problem}"
        return None
    return run


TAMPER_CASES = [
    Case("tamper", f"{what}", _tamper(statement)) for what, statement in (
        ("a bid's price", "UPDATE bids SET price = '1' WHERE rowid = 1"),
        ("a bid's supplier", "UPDATE bids SET supplier = 'Someone Else Ltd' WHERE rowid = 2"),
        ("a bid's status", "UPDATE bids SET status = 'withdrawn' WHERE rowid = 3"),
        ("a response", "UPDATE responses SET text = 'A better answer.' WHERE rowid = 1"),
        ("a criterion's weight", "UPDATE criteria SET weight = '9' WHERE code = 'Q1'"),
        ("a gate's threshold", "UPDATE criteria SET threshold = '0' WHERE code = 'SVI1'"),
        ("a gate made a scored criterion", "UPDATE criteria SET kind = 'scored' WHERE code = 'SVI2'"),
        ("a section's share", "UPDATE sections SET share = '50' WHERE kind = 'price'"),
        ("the price formula", "UPDATE sections SET price_formula = 'range' WHERE kind = 'price'"),
        ("a scale label", "UPDATE scale_levels SET label = 'Outstanding' WHERE value = 4"),
        ("a declaration of interests", "UPDATE evaluators SET coi_conflict = 1 - coi_conflict WHERE rowid = 1"),
        ("an evaluator's name", "UPDATE evaluators SET name = 'Someone Else' WHERE rowid = 2"),
        ("the moderation lock", "INSERT INTO settings (key, value) VALUES ('moderation.started_at', '2026-01-01')"),
        ("a score", "UPDATE scores SET value = (value + 1) % 5 WHERE rowid = 7"),
        ("a score deleted", "DELETE FROM scores WHERE rowid = 8"),
        ("a consensus score", "UPDATE consensus SET value = 0 WHERE rowid = 1"),
        ("the tender's title", "UPDATE tender SET title = 'Another tender'"),
    )
]
# Recomputing the digests after this edit gives back the file's own state: nothing for --expect to find.
TAMPER_CASES.append(Case("tamper", "a row's digest", _tamper(
    "UPDATE row_digests SET digest = '00' WHERE tbl = 'bids' AND key = (SELECT key FROM row_digests WHERE tbl = "
    "'bids' LIMIT 1)", recomputable=False)))


def _truncated_trail(folder: Path) -> Outcome:
    path = _demo(folder)
    with TenderFile.open(path, actor="lead") as tf:
        from svi_desktop.store.operations.bids import set_bid_field

        bid = tf.query("SELECT id FROM bids LIMIT 1")[0][0]
        set_bid_field(tf, bid_id=bid, field="lot", value="Lot 9")
    sql(path, "DROP TRIGGER audit_append_only_delete",
        "DELETE FROM audit WHERE seq = (SELECT MAX(seq) FROM audit)",
        "CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit\n"
        "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END")
    return _one_sentence(*cli("check", str(path))[::2])


TAMPER_CASES.append(Case("tamper", "the tail of the audit trail cut off", _truncated_trail))


# -- packs: a return no one but its evaluator could have made -------------------------------------------------------

def _lead_and_packs(folder: Path) -> tuple[Path, dict[str, Path]]:
    lead = _demo(folder, "lead.svi")
    issued = issue(lead, folder / "packs")
    return lead, {p.evaluator.split()[0]: p.path for p in issued}


def _collect(lead: Path, *packs: Path) -> tuple[list[str], list[str]]:
    """(who was merged, the refusals) of one collection."""
    with TenderFile.open(lead, actor="lead") as tf:
        result = collect_returns(tf, paths=list(packs)).result
    return [e for _p, e, _n in result.merged], [reason for _p, reason in result.refused]


def _pack_case(attack: Callable[[Path, dict[str, Path]], Path], *expect: str) -> Callable[[Path], Outcome]:
    def run(folder: Path) -> Outcome:
        lead, packs = _lead_and_packs(folder)
        submit(packs["Helen"])
        bad = attack(folder, packs)
        before = sha256(lead)
        merged, refused = _collect(lead, bad, packs["Helen"])
        if merged != ["Helen Marsh"]:
            return f"the good return beside it was not collected: {merged}"
        if len(refused) != 1 or not any(e in refused[0] for e in expect) or "\n" in refused[0]:
            return f"not refused as expected: {refused}"
        if sha256(lead) == before:
            return "the good return was not written"
        return None
    return run


def _recompute_digest(pack: Path) -> None:
    """The unkeyed digest recomputed with plain sqlite3 and the program's own function, as an attacker would."""
    from svi_desktop.domain.digests import scores_digest
    from svi_desktop.store.rows import score_from

    con = sqlite3.connect(pack)
    con.row_factory = sqlite3.Row
    scores = [score_from(dict(r)) for r in con.execute("SELECT * FROM scores")]
    con.close()
    sql(pack, f"UPDATE settings SET value = '{scores_digest(scores)}' WHERE key = 'pack.scores_digest'")


def _edited_after_submit(value: int) -> Callable[[Path, dict[str, Path]], Path]:
    def attack(folder: Path, packs: dict[str, Path]) -> Path:
        submit(packs["Aisha"])
        sql(packs["Aisha"], f"UPDATE scores SET value = {value} WHERE rowid = 1")
        _recompute_digest(packs["Aisha"])
        return packs["Aisha"]
    return attack


def _relabelled(folder: Path, packs: dict[str, Path]) -> Path:
    """David's return, relabelled as Aisha's (ids are in every pack and in export-json)."""
    submit(packs["David"])
    con = sqlite3.connect(packs["Aisha"])
    aisha = con.execute("SELECT value FROM settings WHERE key = 'pack.evaluator_id'").fetchone()[0]
    aisha_pack = con.execute("SELECT value FROM settings WHERE key = 'pack.id'").fetchone()[0]
    con.close()
    con = sqlite3.connect(packs["David"])
    david = con.execute("SELECT value FROM settings WHERE key = 'pack.evaluator_id'").fetchone()[0]
    con.close()
    sql(packs["David"], "PRAGMA foreign_keys = OFF",
        f"UPDATE evaluators SET id = '{aisha}', name = 'Aisha Rahman' WHERE id = '{david}'",
        f"UPDATE scores SET evaluator_id = '{aisha}'",
        f"UPDATE settings SET value = '{aisha}' WHERE key = 'pack.evaluator_id'",
        f"UPDATE settings SET value = '{aisha_pack}' WHERE key = 'pack.id'")
    _recompute_digest(packs["David"])
    return packs["David"]


def _replayed(folder: Path, packs: dict[str, Path]) -> Path:
    """Aisha's return from the first issue, sent after the packs were issued again."""
    first = folder / "first-issue-Aisha.svi"
    submit(packs["Aisha"])
    shutil.copy(packs["Aisha"], first)
    lead = folder / "lead.svi"
    with TenderFile.open(lead, actor="lead") as tf:
        from svi_desktop.store.packs import issue_packs

        (folder / "again").mkdir()
        again = issue_packs(tf, folder=folder / "again").result
    from tests.helpers.packs import remember

    remember(again)
    helen = next(p.path for p in again if "Helen" in p.path.name)
    submit(helen)
    shutil.copy(helen, packs["Helen"])  # the good return of this issue stands beside the replay
    return first


def _other_tender(folder: Path, packs: dict[str, Path]) -> Path:
    other = _demo(folder, "other.svi")
    issued = issue(other, folder / "other-packs")
    submit(issued[0].path)
    return issued[0].path


def _tag_removed(folder: Path, packs: dict[str, Path]) -> Path:
    submit(packs["Aisha"])
    sql(packs["Aisha"], "DELETE FROM settings WHERE key = 'pack.tag'")
    return packs["Aisha"]


def _garbage(folder: Path, packs: dict[str, Path]) -> Path:
    path = folder / "garbage.svi"
    path.write_bytes(os.urandom(8192))
    return path


def _trigger_in_pack(folder: Path, packs: dict[str, Path]) -> Path:
    submit(packs["Aisha"])
    sql(packs["Aisha"], "CREATE TRIGGER evil AFTER INSERT ON scores BEGIN SELECT 1; END")
    return packs["Aisha"]


def _wrong_code(folder: Path) -> Outcome:
    _lead, packs = _lead_and_packs(folder)
    from tests.helpers.packs import code_of

    wrong = code_of(packs["Helen"])  # a colleague's code
    before = sha256(packs["Aisha"])
    code, _out, err = cli("packs", "submit", str(packs["Aisha"]), "--code", wrong)
    problem = _one_sentence(code, err)
    if problem or "not the one issued with this pack" not in err:
        return f"a colleague's code was not refused at submit: {problem or err!r}"
    if sha256(packs["Aisha"]) != before:
        return "the refused submit changed the pack"
    return None


PACK_CASES = [
    Case("packs", "a score set to 1000 after submit, digest recomputed", _pack_case(
        _edited_after_submit(1000), "is not sealed with the return code", "not on the tender's scale")),
    Case("packs", "a negative score after submit, digest recomputed", _pack_case(
        _edited_after_submit(-3), "is not sealed with the return code", "not on the tender's scale")),
    Case("packs", "a score changed within the scale after submit, digest recomputed", _pack_case(
        _edited_after_submit(0), "is not sealed with the return code issued to Aisha Rahman")),
    Case("packs", "a colleague's return relabelled", _pack_case(
        _relabelled, "is not sealed with the return code issued to Aisha Rahman")),
    Case("packs", "a return replayed from an earlier issue", _pack_case(_replayed, "an earlier issue of the packs")),
    Case("packs", "a pack from another tender", _pack_case(_other_tender, "a pack from another tender")),
    Case("packs", "the seal removed", _pack_case(_tag_removed, "is not sealed with the return code")),
    Case("packs", "random bytes named as a pack", _pack_case(_garbage, "was refused")),
    Case("packs", "a trigger planted in a pack", _pack_case(_trigger_in_pack, "did not put there")),
    Case("packs", "a colleague's return code typed at submit", _wrong_code),
]


# -- disk full and the environment ------------------------------------------------------------------------------------

def _disk_full_edit(folder: Path) -> Outcome:
    path = _demo(folder)
    with TenderFile.open(path, actor="t") as tf:
        from svi_desktop.store.operations.bids import set_response

        pages = tf.query("PRAGMA page_count")[0][0]
        tf.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
        bid, crit = tf.query("SELECT bid_id, criterion_id FROM responses LIMIT 1")[0]
        try:
            set_response(tf, bid_id=bid, criterion_id=crit, text="x" * 400_000)
            return "a change that did not fit was saved"
        except KnownError as exc:
            if "is full" not in exc.message:
                return f"not the disk-full sentence: {exc.message}"
        if tf.check():
            return "the file does not check out after the refused change"
    return None


def _disk_full_export(folder: Path) -> Outcome:
    path = _demo(folder)
    full = OSError(errno.ENOSPC, "No space left on device")
    for kind, target, patch in (("xlsx", "w.xlsx", "openpyxl.workbook.workbook.Workbook.save"),
                                ("pdf", "r.pdf", "reportlab.platypus.doctemplate.BaseDocTemplate.build")):
        with mock.patch(patch, side_effect=full):
            problem = _one_sentence(*cli("export", kind, str(path), str(folder / target))[::2])
        if problem:
            return f"{kind}: {problem}"
        if list(folder.glob(f".{target}*")) or (folder / target).exists():
            return f"{kind}: something half-written was left"
    return None


def _disk_full_notice(folder: Path) -> Outcome:
    """The contract performance notice on a full disk: one sentence, and no PDF or CSV left behind."""
    path = _awarded(_demo(folder))
    if cli("contract", "make-kpis", str(path))[0] != 0:
        return "the demo's commitments could not be made KPIs"
    full = OSError(errno.ENOSPC, "No space left on device")
    with mock.patch("reportlab.platypus.doctemplate.BaseDocTemplate.build", side_effect=full):
        problem = _one_sentence(*cli("contract", "notice", str(path), str(folder / "n"))[::2])
    if problem:
        return problem
    left = list((folder / "n").iterdir()) if (folder / "n").exists() else []
    return f"something was left: {[p.name for p in left]}" if left else None


ENVIRONMENT_CASES = [
    Case("disk full", "a change on a full disk", _disk_full_edit),
    Case("disk full", "exports on a full disk", _disk_full_export),
    Case("disk full", "the contract performance notice on a full disk", _disk_full_notice),
]


# -- concurrency: one writer, however the file is reached -------------------------------------------------------------

def _second_writer(make_link: Callable[[Path, Path], None]) -> Callable[[Path], Outcome]:
    def run(folder: Path) -> Outcome:
        path = _demo(folder)
        link = folder / "sub" / "same.svi"
        link.parent.mkdir()
        make_link(path, link)
        with TenderFile.open(path, actor="first"):
            try:
                TenderFile.open(link, actor="second").close()
                return "a second writer opened the same file"
            except FileLocked:
                return None
    return run


CONCURRENCY_CASES = [
    Case("concurrency", "a symbolic link to an open tender", _second_writer(lambda p, link: link.symlink_to(p))),
    Case("concurrency", "a hard link to an open tender", _second_writer(lambda p, link: os.link(p, link))),
]


# -- injection and long text: the exports ----------------------------------------------------------------------------

def _json_with_formulas(folder: Path) -> Outcome:
    path = _demo(folder)
    cli("export-json", str(path), str(folder / "t.json"))
    doc = json.loads((folder / "t.json").read_text())
    doc["framework"]["sections"][0]["name"] = '=HYPERLINK("http://x","y")'
    doc["framework"]["sections"][1]["criteria"][0]["code"] = '=WEBSERVICE("http://x")'
    doc["framework"]["scale"]["name"] = "=DDE(1)"
    (folder / "t.json").write_text(json.dumps(doc))
    if cli("import-json", str(folder / "t.json"), str(folder / "i.svi"))[0] != 0:
        return None  # refused outright is handled too
    if cli("export", "xlsx", str(folder / "i.svi"), str(folder / "i.xlsx"))[0] != 0:
        return "the workbook could not be written"
    import openpyxl

    wb = openpyxl.load_workbook(folder / "i.xlsx")
    formulas = [c.coordinate for ws in wb.worksheets for row in ws.iter_rows() for c in row
                if isinstance(c.value, str) and c.value.startswith("=") and c.data_type == "f"
                and any(k in c.value for k in ("HYPERLINK", "WEBSERVICE", "DDE"))]
    return f"live formulas from the document: {formulas[:3]}" if formulas else None


def _long_token(folder: Path) -> Outcome:
    path = _demo(folder)
    with TenderFile.open(path, actor="t") as tf:
        from svi_desktop.store.operations.bids import set_response

        bid, crit = tf.query("SELECT bid_id, criterion_id FROM responses LIMIT 1")[0]
        set_response(tf, bid_id=bid, criterion_id=crit, text="z" * 1_000_000)
        from svi_desktop.store.operations.scores import set_score

        e = tf.query("SELECT id FROM evaluators LIMIT 1")[0][0]
        set_score(tf, evaluator_id=e, bid_id=bid, criterion_id=crit, value=2, rationale="q" * 1_000_000)
    for kind, target in (("pdf", "r.pdf"), ("summaries", "s"), ("xlsx", "w.xlsx")):
        code, _out, err = cli("export", kind, str(path), str(folder / target))
        if code != 0:
            return f"{kind}: {err[:200]}"
    return None


def _notice_with_formulas(folder: Path) -> Outcome:
    """A commitment and a rating written to run in a spreadsheet, and a 19,000-character token, through the
    contract performance notice: the CSV keeps every cell text, and the PDF is written."""
    path = _demo(folder)
    with TenderFile.open(path, actor="t") as tf:
        from svi_desktop.store.operations import contract
        from svi_desktop.workflows import contract as flow

        for (cid,) in tf.query("SELECT id FROM commitments"):
            contract.remove_commitment(tf, commitment_id=cid)
        from decimal import Decimal

        from svi_desktop.domain.contract import Commitment

        bid = tf.query("SELECT id FROM bids WHERE supplier LIKE 'Moorside%'")[0][0]
        contract.add_commitment(tf, commitment=Commitment("", bid, '=HYPERLINK("http://x","y")', Decimal(3), "@SUM(1)",
                                                          "2028-01-01", metric="+cmd|' /C calc'!A0"))
    _awarded(path)
    with TenderFile.open(path, actor="t") as tf:
        today = dt.date.today().isoformat()  # the contract starts on the day of the award; its first day is rated
        kpi = flow.make_contract_kpis(tf, start=today).result[0]
        contract.record_period(tf, kpi_id=kpi.id, period_start=today, period_end=today, actual="1",
                               evidence="-2+3" + "z" * 19_000, rating="other", note="=DDE(1)")
    code, _out, err = cli("contract", "notice", str(path), str(folder / "n"))
    if code != 0:
        return f"the notice could not be written: {err[:200]}"
    import csv

    with open(next((folder / "n").glob("*.csv")), encoding="utf-8-sig", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    live = [c[:30] for c in cells if c[:1] in ("=", "+", "-", "@")]
    return f"cells a spreadsheet would run: {live[:3]}" if live else None


EXPORT_CASES = [
    Case("injection", "formulas as codes, section names and the scale's name, through JSON", _json_with_formulas),
    Case("injection", "formulas in a commitment and a rating, through the performance notice", _notice_with_formulas),
    Case("long text", "a 1 MB response and rationale without a space", _long_token),
]

CASES: list[Case] = [*FILE_CASES, *TAMPER_CASES, *PACK_CASES, *ENVIRONMENT_CASES, *CONCURRENCY_CASES,
                     *EXPORT_CASES]


def run(case: Case, folder: Path) -> Outcome:
    """Run one case in an empty folder; an exception escaping is itself a failure (a traceback for the user)."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        return case.run(folder)
    except KnownError as exc:
        return f"a sentence escaped where the case expected a result: {exc.message}"
    except Exception as exc:
        return f"{type(exc).__name__}: {str(exc)[:200]}"
