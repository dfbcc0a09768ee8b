"""`svi`: Tender files as a whole: new, demo, info, check, templates, backups, JSON in and out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from svi_desktop.cli import passphrases
from svi_desktop.cli.common import command
from svi_desktop.domain.numbers import human_size
from svi_desktop.errors import KnownError
from svi_desktop.workflows import backups, templates, tenders


def _new_passphrase(args: argparse.Namespace) -> str | None:
    return passphrases.to_choose() if args.encrypt else None


def _print_recovery(key: str) -> None:
    print(f"Recovery key: {key}")
    print("It opens the tender and its backups if the passphrase is lost (svi recover FILE). It is shown this once "
          "and kept nowhere: write it down and keep it apart from the file. A new passphrase makes a new one.")


def cmd_new(args: argparse.Namespace) -> int:
    passphrase = _new_passphrase(args)
    tenders.new_tender(Path(args.file), template=args.template, title=args.title, passphrase=passphrase)
    print(f"Created {args.file}{' (encrypted)' if args.encrypt else ''} from the template "
          f"{templates.template(args.template).name!r}.")
    if passphrase:
        _print_recovery(tenders.recovery_key(Path(args.file), passphrase))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    passphrase = _new_passphrase(args)
    tenders.demo_tender(Path(args.file), passphrase=passphrase)
    print(f"Created the demo tender in {args.file}{' (encrypted)' if args.encrypt else ''}.")
    if passphrase:
        _print_recovery(tenders.recovery_key(Path(args.file), passphrase))
    return 0


def _backups(n: int) -> str:
    return f" and {n} of its backups" if n else ""


def cmd_encrypt(args: argparse.Namespace) -> int:
    new = passphrases.to_choose()
    done = tenders.encrypt(Path(args.file), new)
    print(f"Encrypted {args.file}{_backups(done.backups)}.")
    _print_recovery(done.recovery_key)
    return 0


def cmd_decrypt(args: argparse.Namespace) -> int:
    done = tenders.decrypt(Path(args.file), _old(args))
    print(f"Decrypted {args.file}{_backups(done.backups)}: anyone who can read the file can now read the bids.")
    return 0


def cmd_passphrase(args: argparse.Namespace) -> int:
    return _rekey(args, _old(args), "Changed the passphrase of {file}{backups}; its old recovery key no longer "
                  "opens it.")


def cmd_recover(args: argparse.Namespace) -> int:
    return _rekey(args, passphrases.recovery_key(), "Opened {file} with its recovery key and gave it a new "
                  "passphrase{backups}.")


def _rekey(args: argparse.Namespace, old: str | bytes, said: str) -> int:
    """A new passphrase (SVI_NEW_PASSPHRASE, or asked) for the tender `old` opens; its new recovery key shown."""
    new = passphrases.to_choose(passphrases.NEW_ENV)
    done = tenders.change_passphrase(Path(args.file), old, new)
    print(said.format(file=args.file, backups=_backups(done.backups)))
    _print_recovery(done.recovery_key)
    return 0


def _old(args: argparse.Namespace) -> str:
    old = passphrases.to_open(Path(args.file))
    if not old:
        raise KnownError(passphrases.refusal_hint(f"{Path(args.file).name} is encrypted: give its passphrase."))
    return old


def cmd_info(args: argparse.Namespace) -> int:
    with tenders.open_tender(Path(args.file), read_only=True) as tf:
        ev = tenders.evaluation(tf)
        version = tenders.schema_version(tf)
    t = ev.tender
    print(f"Title:        {t.title}")
    print(f"Reference:    {t.reference}")
    print(f"Authority:    {t.authority}")
    print(f"Framework:    {ev.framework.name} ({len(ev.framework.sections)} sections, "
          f"{len(ev.framework.criteria)} criteria, scale {ev.framework.scale.name})")
    print(f"Bids:         {len(ev.bids)}")
    print(f"Evaluators:   {len(ev.evaluators)}")
    print(f"Scores:       {len(ev.scores)} ({len(ev.consensus)} agreed by the panel)")
    print(f"File version: {version}; tender id {t.id}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    with tenders.open_tender(Path(args.file), read_only=True) as tf:
        problems = tenders.audit_trail(tf, full_check=True).problems
        verified = tenders.verify_against(tf, args.expect) if args.expect else None
        digest = tf.record_digest()
    if problems:
        print(f"svi: {args.file}: {problems[0]}.", file=sys.stderr)
        for p in problems[1:]:
            print(f"  also: {p}", file=sys.stderr)
    if verified is not None and not verified.matches:
        if verified.found_at is None:
            print(f"svi: {args.file} is not in the state that digest records, and no change in its audit trail "
                  "ever left it in that state: it was edited outside the program, or it is another file.",
                  file=sys.stderr)
        elif not verified.changes_since:
            print(f"svi: {args.file} is not in the state that digest records although its audit trail records no "
                  "change since: it was edited outside the program after the document was made.", file=sys.stderr)
        else:
            n = len(verified.changes_since)
            print(f"svi: {args.file} has changed since the document was made: its audit trail records {n} "
                  f"change{'' if n == 1 else 's'} after audit row {verified.found_at}:", file=sys.stderr)
            for r in verified.changes_since:
                print(f"  {r.seq}  {r.at[:19]}  {r.actor}: {r.action}", file=sys.stderr)
        return 2
    if problems:
        return 2
    if verified is not None and not verified.covers_trail:
        print(f"{args.file}: the file checks out and its rows are exactly in the state the document records; that "
              f"digest (a bare state digest) does not cover the audit trail: the record digest now is {digest}.")
    elif verified is not None:
        print(f"{args.file}: the file checks out and is exactly in the state, with the audit trail, that the document "
              f"records ({digest}).")
    else:
        print(f"{args.file}: the file, its schema and its audit trail check out; record digest {digest}.")
    return 0


def cmd_export_json(args: argparse.Namespace) -> int:
    with tenders.open_tender(Path(args.file), read_only=True) as tf:
        tenders.write_json(tf, Path(args.out))
    print(f"Wrote {args.out}.")
    return 0


def cmd_import_json(args: argparse.Namespace) -> int:
    passphrase = _new_passphrase(args)
    made = tenders.import_json_document(Path(args.json_file), Path(args.file), passphrase=passphrase)
    print(f"Imported {args.json_file} into {args.file}{' (encrypted)' if args.encrypt else ''}.")
    if made.carried:
        print(f"The document records {len(made.carried)} sign-off{'' if len(made.carried) == 1 else 's'}, carried in "
              "the new file's audit trail as not verified; the new tender is not signed off or frozen:")
        for line in made.carried:
            print(f"  {line}")
    if passphrase:
        _print_recovery(tenders.recovery_key(Path(args.file), passphrase))
    return 0


def cmd_save_template(args: argparse.Namespace) -> int:
    with tenders.open_tender(Path(args.file), read_only=True) as tf:
        target = templates.save_as_template(tf, args.name)
    print(f"Saved the framework as the template {target.stem!r} ({target}).")
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    found = backups.all_backups()
    if args.delete:
        doomed = [b for b in found if b.tender == args.delete[:12]]
        if not doomed:
            raise KnownError(f"There are no backups of a tender whose id begins {args.delete[:12]}; "
                             "svi backups lists them.")
        for b in doomed:
            backups.delete(b)
        print(f"Deleted {len(doomed)} backup{'' if len(doomed) == 1 else 's'} of tender {args.delete[:12]}.")
        return 0
    if not found:
        print("There are no backups in the data folder.")
    for b in found:
        print(f"{b.tender}  {b.label}  {human_size(b.size):>8}  {b.path.name}")
    return 0


def register(sub: Any) -> None:
    """The `svi` commands of this group, each with its own arguments."""
    p = command(sub, "new", "create a tender file from a template", cmd_new, "file")
    p.add_argument("--template", default=templates.DEFAULT_TEMPLATE, help="template name or .json file "
                   f"(built in: {', '.join(templates.template_names())})")
    p.add_argument("--title", default="")
    p.add_argument("--encrypt", action="store_true", help="encrypt the file with a passphrase (SVI_PASSPHRASE, or "
                   "asked on the terminal)")
    p = command(sub, "demo", "create the demo tender (four fictional bids, three evaluators)", cmd_demo, "file")
    p.add_argument("--encrypt", action="store_true", help="encrypt the file with a passphrase (SVI_PASSPHRASE, or "
                   "asked on the terminal)")
    command(sub, "encrypt", "encrypt a tender file and its backups with a passphrase (SVI_PASSPHRASE, or asked)",
            cmd_encrypt, "file")
    command(sub, "decrypt", "decrypt an encrypted tender file and its backups (its passphrase in SVI_PASSPHRASE, "
            "or asked)", cmd_decrypt, "file")
    command(sub, "passphrase", "change an encrypted tender's passphrase (the old in SVI_PASSPHRASE and the new in "
            "SVI_NEW_PASSPHRASE, or both asked)", cmd_passphrase, "file")
    command(sub, "recover", "a lost passphrase replaced: the recovery key (SVI_RECOVERY_KEY, or asked) opens the "
            "tender and the new passphrase (SVI_NEW_PASSPHRASE, or asked) is set", cmd_recover, "file")
    command(sub, "info", "describe a tender file", cmd_info, "file")
    p = command(sub, "check", "check a tender file's integrity, schema, audit trail and every row", cmd_check, "file")
    p.add_argument("--expect", metavar="DIGEST", default="",
                   help="the state digest printed on a document: check the file is exactly in that state")
    command(sub, "save-template",
            "save a tender's framework as a template for new tenders", cmd_save_template, "file", "name")
    p = command(sub, "backups",
            "list the backups in the data folder (every tender's), or delete a tender's", cmd_backups)
    p.add_argument("--delete", metavar="TENDER", default="", help="delete every backup of the tender whose id "
                   "begins with TENDER (the first column of the list)")
    command(sub, "export-json", "write the whole tender as a JSON document", cmd_export_json, "file", "out")
    p = command(sub, "import-json", "make a new tender file from a JSON document", cmd_import_json, "json_file",
                "file")
    p.add_argument("--encrypt", action="store_true", help="encrypt the new file with a passphrase (SVI_PASSPHRASE, "
                   "or asked on the terminal)")
