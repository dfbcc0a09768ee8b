"""The `svi` command: the tender file from the command line. It never imports Qt."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from svi_desktop import __version__
from svi_desktop.domain.model import Evaluation, Tender, new_id
from svi_desktop.domain.robustness import calibration, formula_rankings, robustness
from svi_desktop.domain.scoring import compute_results
from svi_desktop.errors import KnownError
from svi_desktop.exports.bid_template import write_bid_template
from svi_desktop.exports.framework_file import save_template
from svi_desktop.exports.json_doc import export_json
from svi_desktop.exports.results_report import results_json, results_text, robustness_json, robustness_text
from svi_desktop.exports.service import KINDS, export
from svi_desktop.imports.bid_sheet import read_bid_sheet
from svi_desktop.imports.demo import demo_evaluation
from svi_desktop.imports.framework_file import BUILT_IN_TEMPLATE, available_templates, load_framework
from svi_desktop.imports.json_doc import read_tender_document
from svi_desktop.store import audit
from svi_desktop.store.create import create_tender_file
from svi_desktop.store.lock import current_user
from svi_desktop.store.operations.bids import import_bids
from svi_desktop.store.packs import collect_returns, issue_packs, submit_pack
from svi_desktop.store.paths import templates_dir
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.repository import load_framework as load_tender_framework
from svi_desktop.store.tender_file import TenderFile


def _open_ro(path: str) -> TenderFile:
    return TenderFile.open(Path(path), actor=current_user(), read_only=True)


def cmd_new(args: argparse.Namespace) -> int:
    fw = load_framework(args.template)
    title = args.title or Path(args.file).stem.replace("_", " ").replace("-", " ").strip() or "New tender"
    create_tender_file(Path(args.file), Evaluation(Tender(new_id(), title), fw), action="create tender")
    print(f"Created {args.file} from the template {fw.name!r}.")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    create_tender_file(Path(args.file), demo_evaluation(), action="create demo tender")
    print(f"Created the demo tender in {args.file}.")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    with _open_ro(args.file) as tf:
        ev = load_evaluation(tf)
        version = tf.query("PRAGMA user_version")[0][0]
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


def cmd_results(args: argparse.Namespace) -> int:
    with _open_ro(args.file) as tf:
        ev = load_evaluation(tf)
    results = compute_results(ev)
    rob = robustness(ev, results, draws=args.draws, seed=args.seed)
    if args.json:
        doc = results_json(ev, results)
        doc["robustness"] = robustness_json(ev, rob, formula_rankings(ev), calibration(ev))
        print(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        print(results_text(ev, results))
        if results.ranked:
            print()
            print(robustness_text(rob))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    with _open_ro(args.file) as tf:
        problems = tf.check()
    if problems:
        print(f"svi: {args.file}: {problems[0]}.", file=sys.stderr)
        for p in problems[1:]:
            print(f"  also: {p}", file=sys.stderr)
        return 2
    print(f"{args.file}: the file, its schema and its audit trail check out.")
    return 0


def cmd_export_json(args: argparse.Namespace) -> int:
    with _open_ro(args.file) as tf:
        ev = load_evaluation(tf)
    export_json(ev, Path(args.out))
    print(f"Wrote {args.out}.")
    return 0


def cmd_import_json(args: argparse.Namespace) -> int:
    ev = read_tender_document(Path(args.json_file))
    target = Path(args.file)
    if target.exists():
        raise KnownError(f"{target.name} already exists; choose a new file name to import into.")
    create_tender_file(target, ev, action="import tender from JSON")
    print(f"Imported {args.json_file} into {args.file}.")
    return 0


def cmd_save_template(args: argparse.Namespace) -> int:
    with _open_ro(args.file) as tf:
        fw = load_tender_framework(tf)
    name = args.name.strip()
    if not name or any(ch in name for ch in '/\\:*?"<>|') or name.startswith("."):
        raise KnownError(f"{args.name!r} cannot be a template name; use letters, digits, spaces and dashes.")
    if name in available_templates():
        raise KnownError(f"A template called {name!r} already exists; choose another name.")
    target = save_template(fw, templates_dir() / f"{name}.json")
    print(f"Saved the framework as the template {name!r} ({target}).")
    return 0


def cmd_bid_template(args: argparse.Namespace) -> int:
    with _open_ro(args.file) as tf:
        ev = load_evaluation(tf)
    write_bid_template(ev.framework, Path(args.out), ev.tender.title)
    print(f"Wrote the bid template {args.out}.")
    return 0


def cmd_import_bids(args: argparse.Namespace) -> int:
    with TenderFile.open(Path(args.file), actor=current_user()) as tf:
        ev = load_evaluation(tf)
        sheet = read_bid_sheet(Path(args.sheet), ev.framework, {b.supplier for b in ev.bids})
        if sheet.problems:
            n = len(sheet.problems)
            print(f"svi: {Path(args.sheet).name} has {n} problem{'' if n == 1 else 's'}; nothing was imported:",
                  file=sys.stderr)
            for p in sheet.problems:
                print(f"  {p}", file=sys.stderr)
            return 2
        import_bids(tf, bids=sheet.bids, responses=sheet.responses, source=Path(args.sheet).name)
    n = sum(len(r) for r in sheet.responses.values())
    print(f"Imported {len(sheet.bids)} bids with {n} responses from {args.sheet}.")
    return 0


def cmd_packs_issue(args: argparse.Namespace) -> int:
    with TenderFile.open(Path(args.file), actor=current_user()) as tf:
        made = issue_packs(tf, Path(args.folder))
    for p in made:
        print(f"Issued {p}")
    return 0


def cmd_packs_collect(args: argparse.Namespace) -> int:
    with TenderFile.open(Path(args.file), actor=current_user()) as tf:
        result = collect_returns(tf, [Path(p) for p in args.packs])
    for name, evaluator, n in result.merged:
        print(f"Collected {name}: {n} scores from {evaluator}.")
    for name in result.unchanged:
        print(f"{name} was collected before; nothing changed.")
    for name, evaluator in result.conflicts:
        print(f"{name} is a second, different return from {evaluator}: kept as a conflict for the lead to resolve.")
    for _name, reason in result.refused:
        print(f"svi: {reason}", file=sys.stderr)
    return 2 if result.refused else 0


def cmd_packs_submit(args: argparse.Namespace) -> int:
    with TenderFile.open(Path(args.pack), actor=current_user()) as tf:
        digest = submit_pack(tf)
    print(f"Submitted {args.pack}; digest of its scores {digest[:16]}.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with _open_ro(args.file) as tf:
        ev = load_evaluation(tf)
        rows = audit.rows(tf.db)
        problem = audit.first_break(tf.db)
    made = export(args.kind, ev, Path(args.out), rows, problem, draft=not args.final)
    for p in made:
        print(f"Wrote {p}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="svi", description="SVI Workbench tender files from the command line.")
    parser.add_argument("--version", action="version", version=f"svi {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("new", help="create a tender file from a template")
    p.add_argument("file")
    p.add_argument("--template", default=BUILT_IN_TEMPLATE, help="template name or .json file "
                   f"(built in: {', '.join(available_templates())})")
    p.add_argument("--title", default="")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("demo", help="create the demo tender (four fictional bids, three evaluators)")
    p.add_argument("file")
    p.set_defaults(func=cmd_demo)

    for name, func, text in (
        ("info", cmd_info, "describe a tender file"),
        ("check", cmd_check, "check a tender file's integrity, schema version and audit trail"),
    ):
        p = sub.add_parser(name, help=text)
        p.add_argument("file")
        p.set_defaults(func=func)

    p = sub.add_parser("results", help="rank the bids")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--draws", type=int, default=5000, help="random draws for the robustness test (default 5000)")
    p.add_argument("--seed", type=int, default=1, help="seed for the random draws (default 1)")
    p.set_defaults(func=cmd_results)

    p = sub.add_parser("save-template", help="save a tender's framework as a template for new tenders")
    p.add_argument("file")
    p.add_argument("name")
    p.set_defaults(func=cmd_save_template)

    p = sub.add_parser("bid-template", help="write the bid template workbook for this tender")
    p.add_argument("file")
    p.add_argument("out")
    p.set_defaults(func=cmd_bid_template)

    p = sub.add_parser("import-bids", help="import bids from a filled-in bid template (.xlsx or .csv)")
    p.add_argument("file")
    p.add_argument("sheet")
    p.set_defaults(func=cmd_import_bids)

    packs = sub.add_parser("packs", help="evaluator packs: issue, submit, collect").add_subparsers(
        dest="packs_command", required=True, metavar="ACTION")
    p = packs.add_parser("issue", help="write one pack per evaluator into a folder")
    p.add_argument("file")
    p.add_argument("folder")
    p.set_defaults(func=cmd_packs_issue)
    p = packs.add_parser("submit", help="submit (lock) an evaluator's pack")
    p.add_argument("pack")
    p.set_defaults(func=cmd_packs_submit)
    p = packs.add_parser("collect", help="merge returned packs into the lead's file")
    p.add_argument("file")
    p.add_argument("packs", nargs="+")
    p.set_defaults(func=cmd_packs_collect)

    p = sub.add_parser("export", help="write the Excel workbook, the PDF report or the assessment summaries")
    p.add_argument("kind", choices=list(KINDS))
    p.add_argument("file")
    p.add_argument("out", help="the file to write (a folder for summaries)")
    p.add_argument("--final", action="store_true", help="mark the export final rather than draft")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("export-json", help="write the whole tender as a JSON document")
    p.add_argument("file")
    p.add_argument("out")
    p.set_defaults(func=cmd_export_json)

    p = sub.add_parser("import-json", help="make a new tender file from a JSON document")
    p.add_argument("json_file")
    p.add_argument("file")
    p.set_defaults(func=cmd_import_json)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KnownError as exc:
        print(f"svi: {exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("svi: interrupted; nothing half-written was left behind.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
