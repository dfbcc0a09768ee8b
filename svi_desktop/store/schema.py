"""The tender file's schema, by version, and the steps that upgrade an older file."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


# "SVI1" as a big-endian integer: PRAGMA application_id marks the file as ours.
APPLICATION_ID = 0x53564931
SCHEMA_VERSION = 13

TABLES = ("tender", "scale_levels", "sections", "criteria", "bids", "responses", "evaluators", "scores",
          "consensus", "settings", "audit", "documents", "returns", "row_digests", "return_keys",
          "conflicts", "assessments", "signoffs", "clarifications", "lots", "lot_criteria", "commitments", "kpis",
          "kpi_periods", "return_codes")
# The version that added each table after version 1 (version 1 has the rest).
_ADDED_IN = {"documents": 2, "returns": 3, "row_digests": 5, "return_keys": 5, "conflicts": 6, "assessments": 6,
             "signoffs": 7, "clarifications": 8, "lots": 9, "lot_criteria": 9, "commitments": 9, "kpis": 9,
             "kpi_periods": 9, "return_codes": 10}

_V1 = """
CREATE TABLE tender (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    reference TEXT NOT NULL DEFAULT '',
    authority TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    key_dates TEXT NOT NULL DEFAULT '[]',
    framework_name TEXT NOT NULL DEFAULT '',
    framework_description TEXT NOT NULL DEFAULT '',
    scale_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    singleton INTEGER NOT NULL DEFAULT 1 UNIQUE CHECK (singleton = 1)
);
CREATE TABLE scale_levels (
    value INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    descriptor TEXT NOT NULL DEFAULT ''
);
CREATE TABLE sections (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    share TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('gates', 'scored', 'price')),
    position INTEGER NOT NULL,
    price_formula TEXT NOT NULL DEFAULT ''
);
CREATE TABLE criteria (
    id TEXT PRIMARY KEY,
    section_id TEXT NOT NULL REFERENCES sections(id),
    code TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('gate', 'scored')),
    weight TEXT NOT NULL,
    threshold TEXT,
    guidance TEXT NOT NULL DEFAULT '',
    distinguished_from TEXT NOT NULL DEFAULT '',
    flags TEXT NOT NULL DEFAULT '[]',
    position INTEGER NOT NULL
);
CREATE TABLE bids (
    id TEXT PRIMARY KEY,
    supplier TEXT NOT NULL,
    organisation_type TEXT NOT NULL,
    price TEXT,
    status TEXT NOT NULL,
    status_reason TEXT NOT NULL DEFAULT '',
    lot TEXT NOT NULL DEFAULT '',
    received TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE responses (
    bid_id TEXT NOT NULL REFERENCES bids(id) ON DELETE CASCADE,
    criterion_id TEXT NOT NULL REFERENCES criteria(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    PRIMARY KEY (bid_id, criterion_id)
);
CREATE TABLE evaluators (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT '',
    organisation TEXT NOT NULL DEFAULT '',
    coi_conflict INTEGER,
    coi_details TEXT NOT NULL DEFAULT '',
    coi_management TEXT NOT NULL DEFAULT '',
    coi_declared_at TEXT NOT NULL DEFAULT ''
);
CREATE TABLE scores (
    id TEXT PRIMARY KEY,
    evaluator_id TEXT NOT NULL REFERENCES evaluators(id) ON DELETE CASCADE,
    bid_id TEXT NOT NULL REFERENCES bids(id) ON DELETE CASCADE,
    criterion_id TEXT NOT NULL REFERENCES criteria(id) ON DELETE CASCADE,
    value INTEGER NOT NULL,
    rationale TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL DEFAULT '[]',
    flags TEXT NOT NULL DEFAULT '[]',
    updated_at TEXT NOT NULL,
    UNIQUE (evaluator_id, bid_id, criterion_id)
);
CREATE TABLE consensus (
    bid_id TEXT NOT NULL REFERENCES bids(id) ON DELETE CASCADE,
    criterion_id TEXT NOT NULL REFERENCES criteria(id) ON DELETE CASCADE,
    value INTEGER NOT NULL,
    note TEXT NOT NULL,
    feedback TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (bid_id, criterion_id)
);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    old TEXT,
    new TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE INDEX scores_by_bid ON scores (bid_id, criterion_id);
CREATE INDEX scores_by_criterion ON scores (criterion_id);
"""


def tables_of(version: int) -> tuple[str, ...]:
    """The tables a file of `version` must have."""
    return tuple(t for t in TABLES if _ADDED_IN.get(t, 1) <= version)


def statements(script: str) -> list[str]:
    """Split a DDL script into statements, keeping trigger bodies whole."""
    out, current = [], []
    for line in script.strip().splitlines():
        current.append(line)
        joined = "\n".join(current).strip()
        if joined.endswith(";") and (not joined.upper().startswith("CREATE TRIGGER") or joined.endswith("END;")):
            out.append(joined)
            current = []
    return out


def create_v1(db: sqlite_utils.Database) -> None:
    for stmt in statements(_V1):
        db.execute(stmt)


def _v1_to_v2(db: sqlite_utils.Database) -> None:
    """Version 2: a bid's documents (PDF, DOCX, XLSX, images) stored inside the file."""
    db.execute(
        """CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            bid_id TEXT NOT NULL REFERENCES bids(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            media_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            data BLOB NOT NULL,
            added_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX documents_by_bid ON documents (bid_id)")


def _v2_to_v3(db: sqlite_utils.Database) -> None:
    """Version 3: every evaluator's return collected into the lead's file, kept whole."""
    db.execute(
        """CREATE TABLE returns (
            id TEXT PRIMARY KEY,
            evaluator_id TEXT NOT NULL REFERENCES evaluators(id),
            scores_digest TEXT NOT NULL,
            submitted_at TEXT NOT NULL,
            collected_at TEXT NOT NULL,
            source TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('merged', 'conflict', 'superseded', 'rejected')),
            scores TEXT NOT NULL,
            UNIQUE (evaluator_id, scores_digest)
        )"""
    )


# UPGRADES[n] turns a file of version n into version n + 1. Each runs inside
# the one exclusive transaction that TenderFile opens for the whole upgrade.
def _v3_to_v4(db: sqlite_utils.Database) -> None:
    """Version 4: audit rows seal the score and consensus rows they write, so edits made elsewhere show."""
    db.execute("ALTER TABLE audit ADD COLUMN seal TEXT")
    from svi_desktop.store import audit

    if db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]:
        tender = db.execute("SELECT id FROM tender").fetchone()
        audit.append(db, actor="SVI Workbench", action="seal existing scores (file upgraded to version 4)",
                     entity="tender", entity_id=tender[0] if tender else "", seal=audit.seal_all(db))


def _seal_upgraded(db: sqlite_utils.Database, version: int, found: list[str]) -> None:
    """After an upgrade that changes rows' digests: every row sealed afresh, with what the checks of the version
    before found written into the same audit row, so an upgrade launders nothing."""
    from svi_desktop.store import audit, sealing

    if db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]:
        tender = db.execute("SELECT id FROM tender").fetchone()
        audit.append(db, actor="SVI Workbench", action=f"seal the whole tender (file upgraded to version {version})",
                     entity="tender", entity_id=tender[0] if tender else "",
                     new={"problems_found_before_upgrade": found}, state=sealing.seal_everything(db))


def _v4_to_v5(db: sqlite_utils.Database) -> None:
    """Version 5: the whole state is sealed (each row's digest, and the state after every change in its audit
    row), and each evaluator's return key is kept, so that returns cannot be forged."""
    from svi_desktop.store import audit

    # What the version 4 checks say before the upgrade goes into the trail, so an upgrade launders nothing.
    found = [str(p) for p in (audit.first_break(db), audit.first_unsealed_row(db)) if p]
    db.execute("ALTER TABLE audit ADD COLUMN state TEXT")
    db.execute(
        """CREATE TABLE row_digests (
            tbl TEXT NOT NULL,
            key TEXT NOT NULL,
            digest TEXT NOT NULL,
            PRIMARY KEY (tbl, key)
        ) WITHOUT ROWID"""
    )
    db.execute(
        """CREATE TABLE return_keys (
            evaluator_id TEXT PRIMARY KEY REFERENCES evaluators(id),
            pack_id TEXT NOT NULL,
            key TEXT NOT NULL,
            issued_at TEXT NOT NULL
        )"""
    )
    _seal_upgraded(db, 5, found)


def _v5_to_v6(db: sqlite_utils.Database) -> None:
    """Version 6: conflicts declared bidder by bidder, each with the lead's decision (excluded, or may score); and
    the conflicts assessment of everyone who influences the decision (Procurement Act 2023, s.83)."""
    from svi_desktop.store import audit, sealing

    # What the version 5 checks find goes into the trail before anything changes, so an upgrade launders nothing.
    found = [str(p) for p in (audit.first_break(db), sealing.first_difference(db)) if p]
    db.execute(
        """CREATE TABLE conflicts (
            evaluator_id TEXT NOT NULL REFERENCES evaluators(id),
            bid_id TEXT NOT NULL REFERENCES bids(id) ON DELETE CASCADE,
            details TEXT NOT NULL,
            management TEXT NOT NULL DEFAULT 'excluded' CHECK (management IN ('excluded', 'may_score')),
            reason TEXT NOT NULL DEFAULT '',
            decided_at TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (evaluator_id, bid_id)
        )"""
    )
    db.execute(
        """CREATE TABLE assessments (
            id TEXT PRIMARY KEY,
            person TEXT NOT NULL,
            role TEXT NOT NULL,
            interests TEXT NOT NULL,
            assessment TEXT NOT NULL,
            mitigation TEXT NOT NULL,
            reviewed_by TEXT NOT NULL,
            reviewed_on TEXT NOT NULL,
            next_review TEXT NOT NULL
        )"""
    )
    # Scores entered for an evaluator by someone else say so, with why; every audit row names the evaluator.
    db.execute("ALTER TABLE scores ADD COLUMN on_behalf TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE audit ADD COLUMN evaluator TEXT")
    db.execute("ALTER TABLE tender ADD COLUMN regime TEXT NOT NULL DEFAULT ''")
    # A new column changes every score row's digest: the whole state is sealed again.
    _seal_upgraded(db, 6, found)


def _v6_to_v7(db: sqlite_utils.Database) -> None:
    """Version 7, the award record: each supplier's details for its assessment summary and the notices; the
    passages of its response the panel's feedback cites, and the winner's relative advantages; the sign-off."""
    from svi_desktop.store import audit, sealing

    found = [str(p) for p in (audit.first_break(db), sealing.first_difference(db)) if p]
    for column in ("address", "email", "identifier"):
        db.execute(f"ALTER TABLE bids ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE consensus ADD COLUMN citations TEXT NOT NULL DEFAULT '[]'")
    db.execute("ALTER TABLE consensus ADD COLUMN advantages TEXT NOT NULL DEFAULT ''")
    db.execute(
        """CREATE TABLE signoffs (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            signed_on TEXT NOT NULL,
            state TEXT NOT NULL,
            at TEXT NOT NULL
        )"""
    )
    _seal_upgraded(db, 7, found)


def _v7_to_v8(db: sqlite_utils.Database) -> None:
    """Version 8, clarifications: a question to a supplier on its response to one criterion, when the lead sent
    it, and the supplier's answer, which every evaluator then reads beside the response."""
    db.execute(
        """CREATE TABLE clarifications (
            id TEXT PRIMARY KEY,
            bid_id TEXT NOT NULL REFERENCES bids(id),
            criterion_id TEXT NOT NULL REFERENCES criteria(id),
            question TEXT NOT NULL,
            raised_by TEXT NOT NULL,
            raised_at TEXT NOT NULL,
            sent_at TEXT NOT NULL DEFAULT '',
            answer TEXT NOT NULL DEFAULT '',
            answered_at TEXT NOT NULL DEFAULT ''
        )"""
    )  # a new, empty table: no row's digest changes, so nothing needs sealing again


def _v8_to_v9(db: sqlite_utils.Database) -> None:
    """Version 9: lots, and social value carried past the award (domain/contract.py): a bid's commitments, the
    contract's KPIs and their ratings period by period. New, empty tables, so no row's digest changes. And from
    now on an audit row's state may be written `n/d`, the rows removed kept in a denominator (store/state.py),
    which a version 8 program would not read."""
    for ddl in (
        """CREATE TABLE lots (
            id TEXT PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL DEFAULT '',
            value TEXT,
            position INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE lot_criteria (
            criterion_id TEXT NOT NULL REFERENCES criteria(id) ON DELETE CASCADE,
            lot_code TEXT NOT NULL REFERENCES lots(code),
            PRIMARY KEY (criterion_id, lot_code)
        )""",
        """CREATE TABLE commitments (
            id TEXT PRIMARY KEY,
            bid_id TEXT NOT NULL REFERENCES bids(id) ON DELETE CASCADE,
            measure TEXT NOT NULL,
            quantity TEXT NOT NULL,
            unit TEXT NOT NULL DEFAULT '',
            due TEXT NOT NULL,
            evidence TEXT NOT NULL DEFAULT '',
            lot_code TEXT NOT NULL DEFAULT '',
            theme TEXT NOT NULL DEFAULT '',
            outcome TEXT NOT NULL DEFAULT '',
            metric TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE kpis (
            id TEXT PRIMARY KEY,
            lot_code TEXT NOT NULL DEFAULT '',
            bid_id TEXT NOT NULL REFERENCES bids(id),
            source TEXT NOT NULL,
            measure TEXT NOT NULL,
            target TEXT NOT NULL,
            unit TEXT NOT NULL DEFAULT '',
            due TEXT NOT NULL,
            start TEXT NOT NULL,
            commitment_id TEXT NOT NULL DEFAULT '',
            outcome TEXT NOT NULL DEFAULT '',
            metric TEXT NOT NULL DEFAULT '',
            made_at TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE kpi_periods (
            id TEXT PRIMARY KEY,
            kpi_id TEXT NOT NULL REFERENCES kpis(id),
            period_start TEXT NOT NULL,
            period_end TEXT NOT NULL,
            actual TEXT NOT NULL,
            evidence TEXT NOT NULL,
            rating TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            recorded_by TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL DEFAULT ''
        )""",
    ):
        db.execute(ddl)


def _v9_to_v10(db: sqlite_utils.Database) -> None:
    """Version 10: each evaluator's return code, kept in the lead's file from the issue of the packs until that
    evaluator's return is collected, so that the lead can show it again (Packs > Show return codes). A new, empty
    table, so no row's digest changes. The pack never holds it: whoever held a pack and its code could seal it."""
    db.execute(
        """CREATE TABLE return_codes (
            evaluator_id TEXT PRIMARY KEY REFERENCES evaluators(id),
            pack_id TEXT NOT NULL,
            code TEXT NOT NULL
        )"""
    )


def _v10_to_v11(db: sqlite_utils.Database) -> None:
    """Version 11: a bid's price for each lot it prices apart (domain/bid_fields.py), each lot's price score using
    them. A new column changes every bid row's digest: the whole state is sealed again, with what the checks found
    before."""
    from svi_desktop.store import audit, sealing

    found = [str(p) for p in (audit.first_break(db), sealing.first_difference(db)) if p]
    db.execute("ALTER TABLE bids ADD COLUMN prices TEXT NOT NULL DEFAULT '[]'")
    _seal_upgraded(db, 11, found)


def _v11_to_v12(db: sqlite_utils.Database) -> None:
    """Version 12: the tender's CPV codes, for the notices' classification. A new column changes the tender row's
    digest: the whole state is sealed again, with what the checks found before."""
    from svi_desktop.store import audit, sealing

    found = [str(p) for p in (audit.first_break(db), sealing.first_difference(db)) if p]
    db.execute("ALTER TABLE tender ADD COLUMN cpv TEXT NOT NULL DEFAULT ''")
    _seal_upgraded(db, 12, found)


def _v12_to_v13(db: sqlite_utils.Database) -> None:
    """Version 13: each evaluator pack's own passphrase, when the tender is encrypted (issue 34), kept in the lead's
    file beside the key that checks the pack's return, so that the returned pack can be opened; '' for a plain
    tender's packs. A new column changes every return key row's digest: the whole state is sealed again."""
    from svi_desktop.store import audit, sealing

    found = [str(p) for p in (audit.first_break(db), sealing.first_difference(db)) if p]
    db.execute("ALTER TABLE return_keys ADD COLUMN passphrase TEXT NOT NULL DEFAULT ''")
    _seal_upgraded(db, 13, found)


UPGRADES: dict[int, Callable[[sqlite_utils.Database], None]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4,
                                                                 4: _v4_to_v5, 5: _v5_to_v6, 6: _v6_to_v7,
                                                                 7: _v7_to_v8, 8: _v8_to_v9, 9: _v9_to_v10,
                                                                 10: _v10_to_v11, 11: _v11_to_v12,
                                                                 12: _v12_to_v13}


def create_latest(db: sqlite_utils.Database) -> None:
    """A new file: version 1, then every upgrade step, so new and upgraded files are alike."""
    create_v1(db)
    for version in range(1, SCHEMA_VERSION):
        UPGRADES[version](db)
