"""Issue 34: tender files, their log, backups and packs encrypted at rest; a wrong passphrase changes nothing;
encrypt, decrypt and change of passphrase each complete or not done, in the audit trail, the state unchanged."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from svi_desktop.errors import EncryptedFile, KnownError
from svi_desktop.store import encryption, engine, keys
from svi_desktop.store.backup import list_backups
from svi_desktop.store.operations.bids import set_bid_field, set_response
from svi_desktop.store.packs import issue_packs
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.workflows import tenders

PASSPHRASE = "lantern meadow quietly"
MARK_TEXT = "Our apprentices from Failsworth Quayside Kitchens"  # typed into a response while the file is open
MARK_PRICE = "987654.32"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _secrets(tf: TenderFile) -> list[bytes]:
    """What must not be readable in the file's bytes: a demo response, every bid's supplier name, a price."""
    response = tf.query("SELECT text FROM responses ORDER BY length(text) DESC LIMIT 1")[0][0]
    suppliers = [r[0] for r in tf.query("SELECT supplier FROM bids")]
    return [response[:40].encode(), *(s.encode() for s in suppliers), MARK_TEXT.encode(), MARK_PRICE.encode()]


def _mark(tf: TenderFile) -> None:
    bid, crit = tf.query("SELECT bid_id, criterion_id FROM responses LIMIT 1")[0]
    set_response(tf, bid_id=bid, criterion_id=crit, text=MARK_TEXT + " will train twelve young people.")
    set_bid_field(tf, bid_id=bid, field="price", value=Decimal(MARK_PRICE), reason="Corrected from the bid form.")


@pytest.mark.parametrize("encrypted", [False, True])
def test_the_file_its_log_backups_and_packs_hold_no_response_text_or_price(tmp_path: Path, data_dir: Path,
                                                                         encrypted: bool) -> None:
    """The plain tender is the control: the same search finds every secret in its bytes."""
    path = tenders.demo_tender(tmp_path / "t.svi", passphrase=PASSPHRASE if encrypted else None)
    keys.forget_all()
    tf = TenderFile.open(path, actor="lead", passphrase=PASSPHRASE if encrypted else None)
    try:
        _mark(tf)  # in the log, not yet in the file
        secrets = _secrets(tf)
        wal = Path(f"{path}-wal")
        assert wal.stat().st_size > 0
        log = wal.read_bytes()
        tf.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        backup = tf.backup("test")
        packs = tmp_path / "packs"
        packs.mkdir()
        issued = issue_packs(tf, folder=packs).result
    finally:
        tf.close()
    places = {"file": path.read_bytes(), "log": log, "backup": backup.read_bytes(),
              **{p.path.name: p.path.read_bytes() for p in issued}}
    found = {(where, s) for where, data in places.items() for s in secrets if s in data}
    if encrypted:
        assert not found
        assert all(p.passphrase and p.passphrase != PASSPHRASE for p in issued)
        assert len({p.passphrase for p in issued}) == len(issued)
    else:
        assert {"file", "log", "backup"} <= {where for where, _s in found}  # the search would have seen them
        assert all(any(where == p.path.name for where, _s in found) for p in issued)


def test_no_passphrase_or_a_wrong_one_is_one_sentence_and_the_file_is_left_byte_identical(work_dir: Path) -> None:
    path = tenders.demo_tender(work_dir / "t.svi", passphrase=PASSPHRASE)
    keys.forget_all()
    before = _sha(path)
    with pytest.raises(EncryptedFile) as none:
        TenderFile.open(path, actor="lead")
    assert str(none.value) == "t.svi is encrypted: give its passphrase."
    for wrong in ("lantern meadow quietlY", "x" * 200, "'; DROP TABLE bids; --"):
        with pytest.raises(EncryptedFile) as bad:
            TenderFile.open(path, actor="lead", passphrase=wrong)
        assert str(bad.value) == "t.svi is encrypted and that passphrase does not open it: give its passphrase."
    assert _sha(path) == before
    assert sorted(p.name for p in work_dir.iterdir()) == ["t.svi"]  # no log, no lock, nothing beside it
    with TenderFile.open(path, actor="lead", passphrase=PASSPHRASE, read_only=True) as tf:
        assert tf.encrypted and tf.check() == []
        assert tf.conn.execute("PRAGMA temp_store").fetchone()[0] == 2  # temporary tables in memory, never on disk
        assert tf.conn.execute("PRAGMA cipher_hmac_algorithm").fetchone()[0] == "HMAC_SHA256"
        assert tf.conn.execute("PRAGMA cipher_page_size").fetchone()[0] == "16384"


def test_encrypt_change_and_decrypt_are_recorded_and_keep_the_state(tmp_path: Path) -> None:
    path = tenders.demo_tender(tmp_path / "t.svi")

    def state(passphrase: str | None = None) -> tuple[str, str, list[str]]:
        keys.forget_all()
        with TenderFile.open(path, actor="t", read_only=True, passphrase=passphrase) as tf:
            last = tf.query("SELECT state, action FROM audit ORDER BY seq DESC LIMIT 1")[0]
            return last[0], last[1], tf.check()

    with TenderFile.open(path, actor="lead") as tf:
        tf.backup("before")
        tender = tf.tender_id()
    start, _action, _problems = state()
    assert tenders.encrypt(path, PASSPHRASE, actor="lead").backups == 1  # its backup with it
    assert state(PASSPHRASE) == (start, "encrypt the file", [])
    assert not path.read_bytes().startswith(b"SQLite format 3")
    assert all(not b.path.read_bytes().startswith(b"SQLite format 3") for b in list_backups(tender))
    tenders.change_passphrase(path, PASSPHRASE, "a second passphrase", actor="lead")
    assert state("a second passphrase") == (start, "change the file's passphrase", [])
    with pytest.raises(EncryptedFile):
        state(PASSPHRASE)
    tenders.decrypt(path, "a second passphrase", actor="lead")
    assert state() == (start, "decrypt the file", [])
    assert path.read_bytes().startswith(b"SQLite format 3")
    with pytest.raises(KnownError, match="not encrypted"):
        tenders.decrypt(path, PASSPHRASE)
    with pytest.raises(KnownError, match="at least 10 characters"):
        tenders.encrypt(path, "short")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no converting folder left


def test_a_conversion_that_fails_leaves_the_file_as_it_was(work_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tenders.demo_tender(work_dir / "t.svi")
    before = _sha(path)
    real = encryption._export

    def half(source: Path, old: str | None, target: Path, new: str | None) -> None:
        real(source, old, target, new)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(encryption, "_export", half)
    with pytest.raises(KnownError, match="could not be converted"):
        tenders.encrypt(path, PASSPHRASE)
    assert _sha(path) == before
    assert sorted(p.name for p in work_dir.iterdir()) == ["t.svi"]
    with TenderFile.open(path, actor="lead") as tf:  # and it opens, plain, with its lock free
        assert not tf.encrypted


def test_the_leads_passphrase_does_not_open_a_pack_and_the_return_is_collected(tmp_path: Path) -> None:
    from svi_desktop.store.packs import collect_returns, submit_pack

    path = tenders.demo_tender(tmp_path / "t.svi", passphrase=PASSPHRASE)
    packs = tmp_path / "packs"
    packs.mkdir()
    with TenderFile.open(path, actor="lead", passphrase=PASSPHRASE) as tf:
        issued = issue_packs(tf, folder=packs).result
    pack = issued[0]
    keys.forget_all()
    with pytest.raises(EncryptedFile):
        TenderFile.open(pack.path, actor="evaluator", passphrase=PASSPHRASE)
    for convert in (lambda: tenders.decrypt(pack.path, pack.passphrase),
                    lambda: tenders.change_passphrase(pack.path, pack.passphrase, "the evaluator's own one")):
        before = _sha(pack.path)
        with pytest.raises(KnownError, match="is an evaluator pack"):  # its encryption is the lead's
            convert()
        assert _sha(pack.path) == before
    with TenderFile.open(pack.path, actor="evaluator", passphrase=pack.passphrase) as tf:
        submit_pack(tf, code=pack.code)
    keys.forget_all()
    with TenderFile.open(path, actor="lead", passphrase=PASSPHRASE) as tf:
        report = collect_returns(tf, paths=[pack.path]).result
    assert not report.refused and report.merged


def test_svi_with_no_passphrase_and_no_terminal_refuses_at_once(tmp_path: Path) -> None:
    path = tenders.demo_tender(tmp_path / "t.svi", passphrase=PASSPHRASE)
    env = {k: v for k, v in os.environ.items() if k != "SVI_PASSPHRASE"}
    run = subprocess.run([sys.executable, "-m", "svi_desktop.cli", "info", str(path)], stdin=subprocess.DEVNULL,
                         capture_output=True, text=True, timeout=60, env=env)
    assert run.returncode == 2
    assert run.stderr == ("svi: t.svi is encrypted: give its passphrase (in SVI_PASSPHRASE, or at the prompt on a "
                          "terminal).\n")
    run = subprocess.run([sys.executable, "-m", "svi_desktop.cli", "info", str(path)], stdin=subprocess.DEVNULL,
                         capture_output=True, text=True, timeout=60, env={**env, "SVI_PASSPHRASE": PASSPHRASE})
    assert run.returncode == 0 and "Pennine Vale" in run.stdout and run.stderr == ""


def test_every_connection_has_the_limits_a_hostile_file_must_meet(demo_file: Path) -> None:
    """sqlcipher3 has no setlimit: the engine sets SQLite's own limits and DEFENSIVE mode on each connection."""
    from svi_desktop.store.defences import LIMIT_LENGTH

    with TenderFile.open(demo_file, actor="t") as tf:
        assert engine.getlimit(tf.conn, engine.LIMIT_LENGTH) == LIMIT_LENGTH
        assert engine.getlimit(tf.conn, engine.LIMIT_ATTACHED) == 0
        with pytest.raises(engine.sqlite3.DataError):
            tf.conn.execute("SELECT zeroblob(?)", (LIMIT_LENGTH + 1,)).fetchone()
        with pytest.raises(engine.sqlite3.Error):
            tf.conn.execute("ATTACH DATABASE ':memory:' AS other")
        tf.conn.execute("PRAGMA writable_schema = ON")
        with pytest.raises(engine.sqlite3.Error):  # DEFENSIVE: the schema is not SQL's to rewrite
            tf.conn.execute("UPDATE sqlite_master SET sql = 'x' WHERE name = 'bids'")


def test_the_recovery_key_opens_the_file_and_its_backups_and_replaces_a_lost_passphrase(work_dir: Path) -> None:
    """Issue 34, point 4: the recovery key (the file's raw key, shown once, kept nowhere) opens the tender and its
    backups; svi recover sets a new passphrase with it, and a new passphrase makes a new recovery key."""
    from svi_desktop.store.engine import file_salt

    path = tenders.demo_tender(work_dir / "t.svi")
    with TenderFile.open(path, actor="lead") as tf:
        tf.backup("before")
        tender = tf.tender_id()
    done = tenders.encrypt(path, PASSPHRASE, actor="lead")
    recovery = done.recovery_key
    assert len(recovery.replace("-", "")) == 52 and recovery.encode() not in path.read_bytes()
    keys.forget_all()
    with TenderFile.open(path, actor="lead", passphrase=recovery.lower().replace("-", " ")) as tf:  # as typed
        made = tf.backup("with the recovery key")
    for backup in [made, *(b.path for b in list_backups(tender))]:
        assert file_salt(backup) == file_salt(path)  # the file's own key: both open it
        for opener in (PASSPHRASE, recovery):
            keys.forget_all()
            with TenderFile.open(backup, actor="t", read_only=True, passphrase=opener) as copy:
                assert copy.check() == []
    keys.forget_all()
    changed = tenders.change_passphrase(path, recovery, "a new passphrase now")  # the passphrase was lost
    assert changed.recovery_key != recovery
    keys.forget_all()
    for stale in (recovery, PASSPHRASE):
        with pytest.raises(EncryptedFile):
            TenderFile.open(path, actor="t", read_only=True, passphrase=stale)
    with TenderFile.open(path, actor="t", read_only=True, passphrase=changed.recovery_key) as tf:
        assert tf.query("SELECT action FROM audit ORDER BY seq DESC LIMIT 1")[0][0] == "change the file's passphrase"
    with pytest.raises(KnownError, match="recovery key"):
        tenders.encrypt(work_dir / "t.svi", recovery)  # a passphrase is never written as a recovery key is


def test_svi_prints_the_recovery_key_once_and_recover_uses_it(work_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.helpers.hostile import cli

    path = work_dir / "t.svi"
    monkeypatch.setenv("SVI_PASSPHRASE", PASSPHRASE)
    code, out, err = cli("demo", str(path), "--encrypt")
    assert code == 0, err
    line = next(x for x in out.splitlines() if x.startswith("Recovery key: "))
    recovery = line.removeprefix("Recovery key: ")
    assert "lost passphrase cannot be recovered" in err
    keys.forget_all()
    monkeypatch.delenv("SVI_PASSPHRASE")
    monkeypatch.setenv("SVI_RECOVERY_KEY", recovery)
    monkeypatch.setenv("SVI_NEW_PASSPHRASE", "chosen after the loss")
    code, out, err = cli("recover", str(path))
    assert code == 0, err
    assert "gave it a new passphrase" in out and "Recovery key: " in out and recovery not in out
    keys.forget_all()
    monkeypatch.setenv("SVI_PASSPHRASE", "chosen after the loss")
    assert cli("info", str(path))[0] == 0
    monkeypatch.setenv("SVI_RECOVERY_KEY", "not-a-key")
    code, _out, err = cli("recover", str(path))
    assert code == 2 and err.splitlines()[-1] == ("svi: That is not a recovery key (52 letters and digits in groups of "
                                                  "four); nothing was changed.")


def test_an_encrypted_tenders_backup_is_listed_and_restored(work_dir: Path) -> None:
    from svi_desktop.store.restore import changes_since, restore_from

    path = tenders.demo_tender(work_dir / "t.svi", passphrase=PASSPHRASE)
    keys.forget_all()
    with TenderFile.open(path, actor="lead", passphrase=PASSPHRASE) as tf:
        backup = tf.backup("before the mark")
        _mark(tf)
        info = next(b for b in list_backups(tf.tender_id()) if b.path == backup)
        assert changes_since(tf, info).startswith("2 changes since")  # read, not "cannot be read"
        restore_from(tf, path=backup, label="test")
        assert not tf.query("SELECT 1 FROM responses WHERE text LIKE ?", (MARK_TEXT + "%",))
        assert tf.check() == []
    assert MARK_TEXT.encode() not in path.read_bytes()


def test_import_json_encrypts_the_new_tender_from_its_first_byte(demo_file: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """svi import-json --encrypt: the new tender, made under a temporary name and renamed, is never in clear; it
    holds what the document held and opens with the passphrase or the recovery key printed once."""
    from tests.helpers.hostile import cli

    document = tmp_path / "t.json"
    assert cli("export-json", str(demo_file), str(document))[0] == 0
    monkeypatch.setenv("SVI_PASSPHRASE", "short")
    code, _out, err = cli("import-json", "--encrypt", str(document), str(tmp_path / "weak.svi"))
    assert code == 2 and "at least 10 characters" in err and not list(tmp_path.glob("*weak*"))
    monkeypatch.setenv("SVI_PASSPHRASE", PASSPHRASE)
    target = tmp_path / "i.svi"
    code, out, err = cli("import-json", "--encrypt", str(document), str(target))
    assert code == 0, err
    assert "(encrypted)" in out
    recovery = next(line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("Recovery key: "))
    assert not list(tmp_path.glob(".i.svi*"))  # the temporary file and its log are gone
    data = target.read_bytes()
    with TenderFile.open(demo_file, actor="t", read_only=True) as tf:
        secrets = _secrets(tf)[:-2]
        original = tenders.evaluation(tf)
    assert not any(s in data for s in secrets)
    keys.forget_all()
    monkeypatch.delenv("SVI_PASSPHRASE")
    with pytest.raises(EncryptedFile):
        TenderFile.open(target, actor="t", read_only=True)
    with TenderFile.open(target, actor="t", read_only=True, passphrase=recovery) as tf:
        imported = tenders.evaluation(tf)
    assert imported.bids == original.bids and imported.scores == original.scores
    assert imported.consensus == original.consensus


def test_random_bytes_are_not_a_tender_unless_they_could_be_one_of_its_encrypted_files(tmp_path: Path) -> None:
    """An encrypted file shows only a size in whole 16 KB pages: random bytes of another size are not a tender
    file, and of that size are asked a passphrase, which does not open them; nothing is written either way."""
    from svi_desktop.errors import NotATenderFile

    small, paged = tmp_path / "small.svi", tmp_path / "paged.svi"
    small.write_bytes(os.urandom(8192))
    paged.write_bytes(os.urandom(2 * engine.CIPHER_PAGE_SIZE))
    before = {p: _sha(p) for p in (small, paged)}
    with pytest.raises(NotATenderFile, match=r"^small\.svi is not a tender file"):
        TenderFile.open(small, actor="t", read_only=True)
    with pytest.raises(EncryptedFile, match=r"^paged\.svi is encrypted: give its passphrase\.$"):
        TenderFile.open(paged, actor="t", read_only=True)
    with pytest.raises(EncryptedFile, match="that passphrase does not open it"):
        TenderFile.open(paged, actor="t", passphrase=PASSPHRASE)
    assert {p: _sha(p) for p in (small, paged)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "paged.svi", "small.svi"]
