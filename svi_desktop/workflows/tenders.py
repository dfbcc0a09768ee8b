"""Opening, making and copying tender files, and reading what a panel shows of one."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from svi_desktop.domain.audit import AuditRow, record_digest
from svi_desktop.domain.model import Evaluation, Tender, new_id
from svi_desktop.domain.rules import title_from_file_name
from svi_desktop.domain.settings import CONSENSUS_DRAFT, FROZEN
from svi_desktop.errors import DamagedFile, KnownError, StorageError
from svi_desktop.exports.json_doc import export_json
from svi_desktop.imports.demo import demo_evaluation
from svi_desktop.imports.framework_file import read_template
from svi_desktop.imports.json_doc import read_document
from svi_desktop.store import keys
from svi_desktop.store.defences import LIMIT_LENGTH
from svi_desktop.store.encryption import Converted
from svi_desktop.store.engine import sqlite3
from svi_desktop.store.lock import current_user
from svi_desktop.store.new_file import create_tender_file
from svi_desktop.store.outputs import check_output
from svi_desktop.store.paths import data_dir, ensure_dir, is_network_path
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.tender_file import TenderFile
from svi_desktop.workflows import edits

EXTENSION = ".svi"


def open_tender(path: Path, *, read_only: bool = False, passphrase: str | bytes | None = None) -> TenderFile:
    """Open a tender file as the person at this computer, every row read and checked first; refused in one
    sentence if it cannot be, and then nothing was changed."""
    tf = open_and_read(path, read_only=read_only, passphrase=passphrase)[0]
    if not read_only:
        try:  # before any work: a file changed outside the program is refused before a sheet is read or a pack made
            tf.ensure_untampered()
        except BaseException:
            tf.close()
            raise
    return tf


def open_and_read(path: Path, *, read_only: bool = False,
                  passphrase: str | bytes | None = None) -> tuple[TenderFile, Evaluation]:
    """The one entrance of both front ends: the file opened and every row converted, or a sentence. An encrypted
    file opens with `passphrase` (or one this process already opened it with)."""
    tf = TenderFile.open(Path(path), actor=current_user(), read_only=read_only, passphrase=passphrase)
    try:
        return tf, load_evaluation(tf)
    except sqlite3.DataError:  # a value beyond the connection's length limit: no program version writes one
        tf.close()
        raise DamagedFile(f"{Path(path).name} is damaged: it holds a value larger than the "
                          f"{LIMIT_LENGTH // (1024 * 1024)} MB any tender holds; restore it from a backup.") from None
    except BaseException:
        tf.close()
        raise


def with_extension(path: Path) -> Path:
    return path if path.suffix == EXTENSION else path.with_suffix(EXTENSION)


def new_tender(path: Path, *, template: str, title: str = "", passphrase: str | None = None) -> Path:
    """A new tender file from a template; its title from the file name unless given; encrypted with `passphrase`
    when one is given (passphrase_problem says what one must be)."""
    fw = read_template(template)
    create_tender_file(path, Evaluation(Tender(new_id(), title.strip() or title_from_file_name(Path(path).stem)), fw),
                       action="create tender", passphrase=_chosen(passphrase))
    return Path(path)


def demo_tender(path: Path, *, passphrase: str | None = None) -> Path:
    create_tender_file(path, demo_evaluation(), action="create demo tender", passphrase=_chosen(passphrase))
    return Path(path)


MIN_PASSPHRASE = 10  # characters


def passphrase_problem(passphrase: str) -> str | None:
    """What is wrong with a passphrase chosen for a tender, or None."""
    if keys.parse_recovery(passphrase) is not None:
        return "That is written as a recovery key is; choose a passphrase of your own."
    if len(passphrase) < MIN_PASSPHRASE:
        return f"A passphrase must be at least {MIN_PASSPHRASE} characters long; choose a longer one."
    if "\x00" in passphrase or passphrase != passphrase.strip():
        return "A passphrase cannot begin or end with a space or hold a NUL character; choose another."
    return None


def _chosen(passphrase: str | None) -> str | None:
    if passphrase is None:
        return None
    problem = passphrase_problem(passphrase)
    if problem:
        raise KnownError(problem)
    return passphrase


def fresh_demo_path() -> Path:
    """A new name for a copy of the demo in the data folder: the demo is never a shared file."""
    return ensure_dir("demo") / f"demo-{datetime.now().strftime('%Y%m%d-%H%M%S-%f')}{EXTENSION}"


def is_demo_copy(path: Path) -> bool:
    """A copy of the demo made by fresh_demo_path, in the data folder's demo folder."""
    try:
        return Path(path).resolve().parent == (data_dir() / "demo").resolve()
    except OSError:
        return False


def copy_tender(tf: TenderFile, target: Path) -> Path:
    """Save a verified copy of the open tender as `target` (never the open file itself)."""
    target = Path(target)
    if target.resolve() == tf.path.resolve():
        raise KnownError("Choose a different name: that is the file already open.")
    check_output(target)  # never over another tender, a pack, a backup, a folder or a device
    made = tf.backup("copy", folder=target.parent)
    try:
        made.replace(target)
    except OSError as exc:
        made.unlink(missing_ok=True)
        raise StorageError(f"The copy could not be written ({exc.strerror}); nothing changed.") from None
    return target


def local_working_copy(path: Path) -> Path:
    """A copy of a tender on a network drive, in the local data folder, to work on safely."""
    folder = ensure_dir("working")
    copy = folder / f"{path.stem}-{datetime.now().strftime('%Y%m%d-%H%M%S')}{path.suffix}"
    with open_tender(path, read_only=True) as tf:
        made = tf.backup("local-copy", folder=folder)
    try:
        made.replace(copy)
    except OSError as exc:
        raise StorageError(f"A local copy of {path.name} could not be made ({exc.strerror}).") from None
    return copy


def on_network_drive(path: Path) -> bool:
    return is_network_path(path)


# Settings a document may carry but a new tender never takes from it: the award's freeze is the sign-offs' own.
DOCUMENT_ONLY = frozenset({FROZEN})


@dataclass(frozen=True)
class Imported:
    path: Path
    carried: tuple[str, ...]  # sign-offs the document records: carried in the first audit row, never made live


def import_json_document(document: Path, target: Path, *, passphrase: str | None = None) -> Imported:
    """A new tender from a JSON document. A document is data, never a signature: its sign-offs, its freeze and
    anything of an evaluator pack do not become live state. The new tender starts unsigned and unfrozen; the
    sign-offs the document names are listed in its first audit row as carried in the document, not verified.
    Encrypted with `passphrase` when one is given, from its first byte (never written in clear and converted)."""
    passphrase = _chosen(passphrase)
    ev, history = read_document(Path(document))
    if Path(target).exists():
        raise KnownError(f"{Path(target).name} already exists; choose a new file name to import into.")
    carried = tuple(f"{s.name} ({s.role}), signed on {s.signed_on}" for s in ev.signoffs)
    # Nor a consensus draft: that is the panel's typing in one file, not part of the record a document carries.
    kept = {k: v for k, v in ev.settings.items()
            if k not in DOCUMENT_ONLY and not k.startswith(("pack.", CONSENSUS_DRAFT))}
    note: dict[str, object] = {}
    if carried or len(kept) != len(ev.settings) or history:
        note = {"not_verified": "carried in the document, not verified: not signed off or frozen here",
                "signoffs_in_document": list(carried),
                "settings_not_taken": sorted(set(ev.settings) - set(kept)),
                # The document's own record of who changed what and when, kept as text: the new file's trail
                # starts here, and this is what the document said happened before it.
                "history_in_document": list(history)}
    target = Path(target)
    # The tender, its framework and its panel make the new file; the bids and the record then come through the one
    # door (workflows/edits.py), each checked by the rules of the edits that make them one at a time. All of it
    # under a temporary name, renamed when complete: a refusal or a crash leaves nothing behind.
    work = target.with_name(f".{target.name}.importing")
    bare = tuple(replace(e, declaration=replace(e.declaration, conflicts=()) if e.declaration else None)
                 for e in ev.evaluators)
    frame = replace(ev, signoffs=(), settings=kept, evaluators=bare, bids=(), responses=(), scores=(), consensus=(),
                    clarifications=(), commitments=(), kpis=(), kpi_periods=())
    check_output(target)
    try:
        create_tender_file(work, frame, action="import tender from JSON", note=note, passphrase=passphrase)
        source = Path(document).name
        with TenderFile.open(work, actor=current_user(), passphrase=passphrase) as tf:
            try:
                if ev.bids:
                    responses: dict[str, dict[str, str]] = {}
                    for r in ev.responses:
                        responses.setdefault(r.bid_id, {})[r.criterion_id] = r.text
                    edits.apply(tf, edits.ImportBids(bids=list(ev.bids), responses=responses, source=source,
                                                     commitments=list(ev.commitments)))
                edits.apply(tf, edits.ImportRecord(evaluation=ev, source=source))
            except KnownError as exc:
                if type(exc) is not KnownError:  # the disk, the file: told as they are
                    raise
                raise KnownError(f"{source}: {exc} Nothing was imported.") from None
        if target.exists():
            raise KnownError(f"{target.name} already exists; choose a new file name to import into.")
        os.replace(work, target)
    finally:
        for leftover in (work, Path(f"{work}-wal"), Path(f"{work}-shm")):
            leftover.unlink(missing_ok=True)
    return Imported(target, carried)


def import_json(document: Path, target: Path) -> Path:
    return import_json_document(document, target).path


def write_json(tf: TenderFile, out: Path) -> Path:
    export_json(load_evaluation(tf), Path(out), tf.audit_rows())
    return Path(out)


def evaluation(tf: TenderFile) -> Evaluation:
    return load_evaluation(tf)


@dataclass(frozen=True)
class AuditView:
    rows: list[AuditRow]
    problems: list[str]
    altered_row: int | None  # the first audit row changed after it was written, to mark in the list


def audit_trail(tf: TenderFile, *, full_check: bool = False) -> AuditView:
    """The audit rows and what is wrong with the trail (the full check adds SQLite's integrity check)."""
    rows = tf.audit_rows()
    broken = tf.audit_break()
    if full_check:
        problems = tf.check()
    else:
        problems = [p for p in (None if broken is None else str(broken), tf.unsealed_row()) if p]
    return AuditView(rows, problems, broken.seq if broken is not None and broken.altered else None)


def schema_version(tf: TenderFile) -> int:
    return tf.query("PRAGMA user_version")[0][0]


@dataclass(frozen=True)
class Verification:
    """A file compared with a state digest taken from a signed document."""

    matches: bool  # the file's rows are exactly the state the document records
    found_at: int | None  # the audit row after which the trail records that state, if it does
    changes_since: list[AuditRow]  # what the trail says changed after that state
    covers_trail: bool = True  # False when a bare state digest matched: the rows are checked, the trail is not


def verify_against(tf: TenderFile, expected: str) -> Verification:
    """Compare the file with a digest printed on a document: the record digest (the state recomputed from the rows,
    and the audit trail's head, on an intact chain), so neither editing the rows nor rewriting the trail can make
    it match. A bare state digest (documents made before the record digest) is compared with the rows alone."""
    expected = expected.strip().lower()
    rows = tf.audit_rows()
    present = tf.present_state_digest()
    intact = tf.audit_break() is None
    if intact and rows and rows[-1].state_digest == present and record_digest(present, rows[-1].hash) == expected:
        return Verification(True, None, [])
    if present == expected:
        return Verification(True, None, [], covers_trail=False)
    at = next((r.seq for r in reversed(rows) if r.state_digest and expected in (
        record_digest(r.state_digest, r.hash), r.state_digest)), None)
    return Verification(False, at, [r for r in rows if at is not None and r.seq > at])


def reviews_due(ev: Evaluation, today: str | None = None) -> list[str]:
    """The people whose entry in the conflicts assessment is due for review (today or before)."""
    from datetime import date

    day = today or date.today().isoformat()
    return [a.person for a in ev.assessments if a.due(day)]


def encrypt(path: Path, passphrase: str, *, actor: str | None = None) -> Converted:
    """Encrypt the tender file at `path` and its backups with `passphrase`: the backups converted, and the recovery
    key (shown once, never stored)."""
    from svi_desktop.store import encryption

    return encryption.convert(path, actor=actor or current_user(), old=None, new=_chosen(passphrase))


def decrypt(path: Path, passphrase: str | bytes, *, actor: str | None = None) -> Converted:
    from svi_desktop.store import encryption

    return encryption.convert(path, actor=actor or current_user(), old=passphrase, new=None)


def change_passphrase(path: Path, old: str | bytes, new: str, *, actor: str | None = None) -> Converted:
    """A new passphrase for an encrypted tender; `old` its passphrase or its recovery key (a lost passphrase
    replaced). A new recovery key with it: the old one no longer opens the file."""
    from svi_desktop.store import encryption

    if old == new:
        raise KnownError("The new passphrase is the old one; choose another.")
    return encryption.convert(path, actor=actor or current_user(), old=keys.as_key(old), new=_chosen(new))


def recovery_key(path: Path, passphrase: str) -> str:
    """The recovery key of the encrypted tender at `path` (its raw key, from its passphrase and salt)."""
    with TenderFile.open(Path(path), actor=current_user(), read_only=True, passphrase=passphrase) as tf:
        return tf.recovery_key() or ""
