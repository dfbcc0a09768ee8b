"""A schema upgrade is all or nothing, after a verified backup."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from svi_desktop.errors import KnownError
from svi_desktop.store import schema
from svi_desktop.store.tender_file import TenderFile
from tests.helpers.files import sha256


def _upgrade_to_next(monkeypatch: pytest.MonkeyPatch, step) -> int:
    """Pretend the program has one more schema version whose upgrade step is `step`."""
    current = schema.SCHEMA_VERSION
    monkeypatch.setattr(schema, "SCHEMA_VERSION", current + 1)
    monkeypatch.setattr(schema, "UPGRADES", {**schema.UPGRADES, current: step})
    return current


def test_exception_mid_upgrade_leaves_original_identical(
    demo_file: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = sha256(demo_file)

    def failing_step(db) -> None:
        db.execute("ALTER TABLE bids ADD COLUMN website TEXT")
        db.execute("UPDATE bids SET supplier = 'half-upgraded'")
        raise RuntimeError("power cut in the middle of the upgrade")

    current = _upgrade_to_next(monkeypatch, failing_step)
    with pytest.raises(KnownError, match="left unchanged") as info:
        TenderFile.open(demo_file, actor="tester")
    assert isinstance(info.value.__cause__, RuntimeError)
    assert sha256(demo_file) == before
    backups = list((data_dir / "backups").glob("*.svi"))
    assert len(backups) == 1 and f"before-upgrade-from-v{current}" in backups[0].name
    con = sqlite3.connect(backups[0])
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT COUNT(*) FROM bids WHERE supplier = 'half-upgraded'").fetchone()[0] == 0
    con.close()
    # The lock was released: the file can be opened by the current version.
    monkeypatch.undo()
    with TenderFile.open(demo_file, actor="tester") as tf:
        assert tf.query("PRAGMA user_version")[0][0] == current


def test_successful_upgrade_sets_version_and_keeps_backup(
    demo_file: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    current = _upgrade_to_next(monkeypatch, lambda db: db.execute("ALTER TABLE bids ADD COLUMN website TEXT"))
    with TenderFile.open(demo_file, actor="tester") as tf:
        assert tf.query("PRAGMA user_version")[0][0] == current + 1
        assert "website" in {r[1] for r in tf.query("PRAGMA table_info(bids)")}
    assert len(list((data_dir / "backups").glob("*.svi"))) == 1


def test_read_only_open_of_an_old_file_is_refused_untouched(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = sha256(demo_file)
    _upgrade_to_next(monkeypatch, lambda db: None)
    with pytest.raises(KnownError, match="must be upgraded"):
        TenderFile.open(demo_file, actor="tester", read_only=True)
    assert sha256(demo_file) == before


def test_a_real_version_1_file_is_upgraded_with_its_data(tmp_path: Path, data_dir: Path) -> None:
    import sqlite_utils

    from svi_desktop.imports.demo import demo_evaluation
    from svi_desktop.store.populate import populate

    old = tmp_path / "v1.svi"
    con = sqlite3.connect(old)
    con.execute("PRAGMA journal_mode = WAL")
    db = sqlite_utils.Database(con, execute_plugins=False)
    with db.atomic():
        schema.create_v1(db)
        ev = demo_evaluation()
        populate(db, replace(ev, scores=(), commitments=(), assessments=()), actor="old version", seal=False)  # v1: no seals
        # Version 1's scores, in version 1's columns (later versions added some).
        from svi_desktop.store.rows import score_row

        db.table("scores").insert_all({k: v for k, v in score_row(sc).items() if k != "on_behalf"}
                                      for sc in ev.scores)
        db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
        db.execute("PRAGMA user_version = 1")
    con.close()
    with TenderFile.open(old, actor="tester") as tf:
        assert tf.query("PRAGMA user_version")[0][0] == schema.SCHEMA_VERSION
        assert tf.query("SELECT COUNT(*) FROM documents")[0][0] == 0
        assert tf.query("SELECT COUNT(*) FROM scores")[0][0] == 228
        assert tf.check() == []  # the upgrade sealed the existing scores
        actions = [r[0] for r in tf.query("SELECT action FROM audit ORDER BY seq")]
        assert actions[-7:] == ["seal existing scores (file upgraded to version 4)",
                                "seal the whole tender (file upgraded to version 5)",
                                "seal the whole tender (file upgraded to version 6)",
                                "seal the whole tender (file upgraded to version 7)",
                                "seal the whole tender (file upgraded to version 11)",
                                "seal the whole tender (file upgraded to version 12)",
                                "seal the whole tender (file upgraded to version 13)"]
        assert len(tf.state_digest()) == 64
    assert len(list((data_dir / "backups").glob("*before-upgrade-from-v1.svi"))) == 1
