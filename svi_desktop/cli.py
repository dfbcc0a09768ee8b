"""The `svi` command: the tender file from the command line. It never imports Qt."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from svi_desktop import __version__
from svi_desktop.domain.contract import RATING_NAMES, Rating
from svi_desktop.domain.kpis import kpi_shortfall, statuses
from svi_desktop.domain.lots import allocate
from svi_desktop.domain.model import REGIME_NAMES, Evaluation, Regime
from svi_desktop.domain.numbers import human_size, quantity
from svi_desktop.domain.robustness import calibration, formula_rankings, robustness
from svi_desktop.domain.rules import parse_date
from svi_desktop.domain.scoring import Results, compute_results
from svi_desktop.domain.standstill import standstill_for
from svi_desktop.errors import KnownError
from svi_desktop.exports.bid_template import write_bid_template
from svi_desktop.exports.results_report import lots_json, results_json, results_text, robustness_json, robustness_text
from svi_desktop.store.paths import private_umask
from svi_desktop.workflows import award, backups, bids, exports, packs, templates, tenders
from svi_desktop.workflows import contract as contract_flow


def cmd_new(args: argparse.Namespace) -> int:
    tenders.new_tender(Path(args.file), template=args.template, title=args.title)
    print(f"Created {args.file} from the template {templates.template(args.template).name!r}.")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    tenders.demo_tender(Path(args.file))
    print(f"Created the demo tender in {args.file}.")
    return 0


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


MAX_DRAWS = 1_000_000


def cmd_results(args: argparse.Namespace) -> int:
    if not 0 <= args.draws <= MAX_DRAWS:
        raise KnownError(f"--draws is the number of random draws for the robustness test: from 0 to {MAX_DRAWS:,}.")
    with tenders.open_tender(Path(args.file), read_only=True) as tf:
        ev = tenders.evaluation(tf)
    results = compute_results(ev)
    rob = robustness(ev, results, draws=args.draws, seed=args.seed)
    if args.json:
        doc = results_json(ev, results)
        doc["robustness"] = robustness_json(ev, rob, formula_rankings(ev), calibration(ev))
        if ev.lots:  # each lot ranked as a tender of its own, and the limit on lots per supplier applied

            def lot_robustness(sub: Evaluation, sub_results: Results) -> dict[str, Any]:
                found = robustness(sub, sub_results, draws=args.draws, seed=args.seed)
                return robustness_json(sub, found, formula_rankings(sub), calibration(sub))

            doc["lots"] = lots_json(ev, allocate(ev), lot_robustness)
        print(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        print(results_text(ev, results))
        if ev.lots:
            allocation = allocate(ev)
            print()
            print("Lots" + (f" (at most {allocation.limit} per supplier)" if allocation.limit else "") + ":")
            for award in allocation.lots:
                print(f"  {award.explanation}")
            for step in allocation.steps:
                print(f"  {step}")
        if results.ranked:
            print()
            print(robustness_text(rob))
    return 0


def cmd_screens(args: argparse.Namespace) -> int:
    from svi_desktop.workflows import screens

    with tenders.open_tender(Path(args.file), read_only=True) as tf:
        ev = tenders.evaluation(tf)
    found = screens.run(ev)
    if args.json:
        print(json.dumps(screens.as_json(ev, found), indent=2, ensure_ascii=False))
    else:
        print(screens.as_text(ev, found))
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
    made = tenders.import_json_document(Path(args.json_file), Path(args.file))
    print(f"Imported {args.json_file} into {args.file}.")
    if made.carried:
        print(f"The document records {len(made.carried)} sign-off{'' if len(made.carried) == 1 else 's'}, carried in "
              "the new file's audit trail as not verified; the new tender is not signed off or frozen:")
        for line in made.carried:
            print(f"  {line}")
    return 0


def cmd_save_template(args: argparse.Namespace) -> int:
    with tenders.open_tender(Path(args.file), read_only=True) as tf:
        target = templates.save_as_template(tf, args.name)
    print(f"Saved the framework as the template {target.stem!r} ({target}).")
    return 0


def cmd_bid_template(args: argparse.Namespace) -> int:
    with tenders.open_tender(Path(args.file), read_only=True) as tf:
        ev = tenders.evaluation(tf)
    write_bid_template(ev.framework, Path(args.out), ev.tender.title)
    print(f"Wrote the bid template {args.out}.")
    return 0


def cmd_import_bids(args: argparse.Namespace) -> int:
    with tenders.open_tender(Path(args.file)) as tf:
        sheet = bids.read_sheet(tf, Path(args.sheet))
        if sheet.problems:
            n = len(sheet.problems)
            print(f"svi: {Path(args.sheet).name} has {n} problem{'' if n == 1 else 's'}; nothing was imported:",
                  file=sys.stderr)
            for p in sheet.problems:
                print(f"  {p}", file=sys.stderr)
            return 2
        bids.import_sheet(tf, sheet, source=Path(args.sheet).name)
    n = sum(len(r) for r in sheet.responses.values())
    print(f"Imported {len(sheet.bids)} bids with {n} responses from {args.sheet}.")
    return 0


def cmd_packs_issue(args: argparse.Namespace) -> int:
    with tenders.open_tender(Path(args.file)) as tf:
        made = packs.issue(tf, Path(args.folder))
    for p in made:
        print(f"Issued {p.path}")
    print("Give each evaluator their return code apart from the pack (by phone or on paper); they type it when "
          "they submit. 'svi packs codes' shows them again until each return is collected:")
    for line in packs.code_sheet(made):
        print(f"  {line}")
    return 0


def cmd_packs_codes(args: argparse.Namespace) -> int:
    with tenders.open_tender(Path(args.file), read_only=True) as tf:
        waiting = packs.codes(tf)
    if not waiting:
        print("No return code is waiting: every pack issued from this file has been collected, or none was issued.")
    for c in waiting:
        print(f"{c.evaluator}: return code {c.code} (issued {c.issued_at[:16].replace('T', ' ')} UTC)")
    return 0


def cmd_packs_collect(args: argparse.Namespace) -> int:
    with tenders.open_tender(Path(args.file)) as tf:
        applied = packs.collect(tf, [Path(p) for p in args.packs])
    lines = packs.report(applied.result)
    for line in lines:
        print(f"svi: {line.text}" if line.refused else line.text, file=sys.stderr if line.refused else sys.stdout)
    return 2 if any(line.refused for line in lines) else 0


def cmd_packs_submit(args: argparse.Namespace) -> int:
    code = args.code or os.environ.get("SVI_RETURN_CODE", "")
    if not code and sys.stdin.isatty():
        code = getpass.getpass("Your return code (from the lead, sent apart from the pack): ")
    if not code:
        raise KnownError("Give your return code with --code (the lead sent it to you apart from the pack).")
    with tenders.open_tender(Path(args.pack)) as tf:
        digest = packs.submit(tf, code)
    print(f"Submitted {args.pack}; digest of its scores {digest[:16]}.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with tenders.open_tender(Path(args.file), read_only=True) as tf:
        source = exports.read_source(tf)
    for p in exports.write(source, args.kind, Path(args.out), final=args.final, lot=args.lot or ""):
        print(f"Wrote {p}")
    return 0


def cmd_contract_make_kpis(args: argparse.Namespace) -> int:
    with tenders.open_tender(Path(args.file)) as tf:
        made = contract_flow.make_contract_kpis(tf, args.lot, args.start or "")
    for k in made.result:
        print(f"KPI: {k.measure}: {quantity(k.target, k.unit)} by {k.due}")
    return 0


def cmd_contract_rate(args: argparse.Namespace) -> int:
    if not args.kpi.isdigit():
        raise KnownError(f"{args.kpi!r} is not a KPI's number; see svi contract kpis.")
    with tenders.open_tender(Path(args.file)) as tf:
        done = contract_flow.rate_kpi(tf, number=int(args.kpi), lot_code=args.lot, period_start=args.start,
                                      period_end=args.end, actual=args.delivered, evidence=args.evidence,
                                      rating=args.rating, note=args.reason)
    print(f"Rated {done.result.rating.value} for {done.result.period_start} to {done.result.period_end}.")
    return 0


def cmd_contract_kpis(args: argparse.Namespace) -> int:
    with tenders.open_tender(Path(args.file), read_only=True) as tf:
        ev = tenders.evaluation(tf)
    found = statuses(ev, args.lot)
    if not found:
        print("This contract has no KPIs yet.")
    for i, x in enumerate(found, 1):
        print(f"{i}. {x.kpi.measure}: promised {quantity(x.kpi.target, x.kpi.unit)} by {x.kpi.due}; delivered "
              f"{quantity(x.delivered, x.kpi.unit)}"
              f"; {RATING_NAMES[x.latest] if x.latest else 'not yet rated'}; next rating due by {x.next_due}"
              + (" (overdue)" if x.overdue else ""))
    shortfall = kpi_shortfall(ev, args.lot)
    if shortfall:
        print(shortfall)
    return 0


def cmd_contract_notice(args: argparse.Namespace) -> int:
    with tenders.open_tender(Path(args.file), read_only=True) as tf:
        for p in contract_flow.write_performance_notice(tf, Path(args.folder), lot_code=args.lot, final=args.final):
            print(f"Wrote {p}")
    return 0


def _date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(parse_date(text) or "")
    except ValueError:
        raise KnownError(f"{text!r} is not a date; write it as YYYY-MM-DD.") from None


def cmd_award_standstill(args: argparse.Namespace) -> int:
    published = _date_arg(args.notice_date)
    with tenders.open_tender(Path(args.file), read_only=True) as tf:
        tender = tenders.evaluation(tf).tender
    found = standstill_for(tender.regime, published)
    if found is None:
        print(f"{tender.title}: an award under {REGIME_NAMES[Regime(tender.regime)]} has no statutory standstill "
              "period; the contract may be entered into once the decision is made and recorded.")
        return 0
    last = found.last_day
    print(f"{tender.title}: a {found.notice} published on {published:%A %d %B %Y} starts a standstill that ends at "
          f"the end of {last:%A %d %B %Y} ({last.isoformat()}); {found.rule}.")
    return 0


def cmd_award_check(args: argparse.Namespace) -> int:
    with tenders.open_tender(Path(args.file), read_only=True) as tf:
        missing = award.check(tf)
    if not missing:
        print("The award record is complete.")
        return 0
    for m in missing:
        print(m.text)
    print(f"svi: the award record is not complete: {len(missing)} item{'' if len(missing) == 1 else 's'} missing.",
          file=sys.stderr)
    return 2


def cmd_award_notice(args: argparse.Namespace) -> int:
    published = _date_arg(args.published)
    with tenders.open_tender(Path(args.file), read_only=True) as tf:
        source = exports.read_source(tf)
    for p in exports.write_notice(source, Path(args.out), published=published, final=args.final):
        print(f"Wrote {p}")
    return 0


def cmd_award_sign_off(args: argparse.Namespace) -> int:
    with tenders.open_tender(Path(args.file)) as tf:
        award.sign_off(tf, name=args.name, role=args.role, signed_on=args.date or award.today())
    print(f"{args.name.strip()} ({args.role.strip()}) signed off the award; it is frozen.")
    return 0


def cmd_award_unfreeze(args: argparse.Namespace) -> int:
    with tenders.open_tender(Path(args.file)) as tf:
        award.unfreeze(tf, reason=args.reason, name=args.name, role=args.role)
    print("The award is unfrozen; its sign-offs are withdrawn and the reason is in the audit trail.")
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="svi", description="SVI Workbench tender files from the command line.")
    parser.add_argument("--version", action="version", version=f"svi {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("new", help="create a tender file from a template")
    p.add_argument("file")
    p.add_argument("--template", default=templates.DEFAULT_TEMPLATE, help="template name or .json file "
                   f"(built in: {', '.join(templates.template_names())})")
    p.add_argument("--title", default="")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("demo", help="create the demo tender (four fictional bids, three evaluators)")
    p.add_argument("file")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("info", help="describe a tender file")
    p.add_argument("file")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("check", help="check a tender file's integrity, schema, audit trail and every row")
    p.add_argument("file")
    p.add_argument("--expect", metavar="DIGEST", default="",
                   help="the state digest printed on a document: check the file is exactly in that state")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("results", help="rank the bids")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--draws", type=int, default=5000, help="random draws for the robustness test (default 5000, at most 1,000,000)")
    p.add_argument("--seed", type=int, default=1, help="seed for the random draws (default 1)")
    p.set_defaults(func=cmd_results)

    p = sub.add_parser("screens", help="evidence screens: passages shared between bids, the question restated, "
                                       "the same price or contact details, substantiation hints (advisory)")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print JSON instead of a summary")
    p.set_defaults(func=cmd_screens)

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

    packs = sub.add_parser("packs", help="evaluator packs: issue, submit, codes, collect").add_subparsers(
        dest="packs_command", required=True, metavar="ACTION")
    p = packs.add_parser("issue", help="write one pack per evaluator into a folder")
    p.add_argument("file")
    p.add_argument("folder")
    p.set_defaults(func=cmd_packs_issue)
    p = packs.add_parser("submit", help="submit (lock and seal) an evaluator's pack with their return code")
    p.add_argument("pack")
    p.add_argument("--code", default="", help="the return code the lead sent apart from the pack "
                   "(else SVI_RETURN_CODE, else asked for)")
    p.set_defaults(func=cmd_packs_submit)
    p = packs.add_parser("codes", help="show again the return codes of the packs not yet collected")
    p.add_argument("file")
    p.set_defaults(func=cmd_packs_codes)
    p = packs.add_parser("collect", help="merge returned packs into the lead's file")
    p.add_argument("file")
    p.add_argument("packs", nargs="+")
    p.set_defaults(func=cmd_packs_collect)

    p = sub.add_parser("export", help="write the Excel workbook, the PDF report or the assessment summaries")
    p.add_argument("kind", choices=list(exports.KINDS))
    p.add_argument("file")
    p.add_argument("out", help="the file to write (a folder for summaries)")
    p.add_argument("--final", action="store_true", help="mark the export final rather than draft")
    p.add_argument("--lot", help="export one lot alone: its bids, and the criteria shared by every lot and its own")
    p.set_defaults(func=cmd_export)

    steps = sub.add_parser("contract", help="after the award: the contract's KPIs, their ratings, the performance "
                           "notice").add_subparsers(dest="step", required=True)
    p = steps.add_parser("make-kpis", help="make the winner's commitments the contract's KPIs")
    p.add_argument("file")
    p.add_argument("--lot", default="", help="the lot whose contract it is")
    p.add_argument("--start", help="the contract's first day (YYYY-MM-DD; today if not given)")
    p.set_defaults(func=cmd_contract_make_kpis)
    p = steps.add_parser("rate", help="record one period's rating of a KPI")
    p.add_argument("file")
    p.add_argument("kpi", help="the KPI's number in `svi contract kpis` (1, 2, ...)")
    p.add_argument("--lot", default="")
    p.add_argument("--start", required=True, help="first day of the period (YYYY-MM-DD)")
    p.add_argument("--end", required=True, help="last day of the period (YYYY-MM-DD)")
    p.add_argument("--delivered", required=True, help="delivered by the end of the period, over the contract so far")
    p.add_argument("--evidence", required=True)
    p.add_argument("--rating", required=True, choices=[r.value for r in Rating])
    p.add_argument("--reason", default="", help="why: required for any rating but good")
    p.set_defaults(func=cmd_contract_rate)
    p = steps.add_parser("kpis", help="list the contract's KPIs: promised, delivered, ratings, next rating due")
    p.add_argument("file")
    p.add_argument("--lot", default="")
    p.set_defaults(func=cmd_contract_kpis)
    p = steps.add_parser("notice", help="write the contract performance notice (PDF and CSV) into a folder")
    p.add_argument("file")
    p.add_argument("folder")
    p.add_argument("--lot", default="")
    p.add_argument("--final", action="store_true", help="mark it final rather than draft")
    p.set_defaults(func=cmd_contract_notice)

    steps = sub.add_parser("award", help="the award: completeness check, sign-off, standstill").add_subparsers(
        dest="award_command", required=True, metavar="ACTION")
    p = steps.add_parser("check", help="list what the award record lacks (exit 0 when complete, else 2)")
    p.add_argument("file")
    p.set_defaults(func=cmd_award_check)
    p = steps.add_parser("notice", help="write the notice the regime requires: the contract award notice (PDF and "
                         "JSON for the central digital platform), or the PSR notice of intention to award")
    p.add_argument("file")
    p.add_argument("out", help="the folder to write into")
    p.add_argument("--published", required=True, metavar="YYYY-MM-DD", help="the day the notice is to be published")
    p.add_argument("--final", action="store_true", help="a final notice (refused until the record is complete and "
                   "signed off); without it, a draft")
    p.set_defaults(func=cmd_award_notice)
    p = steps.add_parser("sign-off", help="sign off the award as a named approver, which freezes it")
    p.add_argument("file")
    p.add_argument("--name", required=True)
    p.add_argument("--role", required=True)
    p.add_argument("--date", default="", metavar="YYYY-MM-DD", help="the day of the sign-off (default today)")
    p.set_defaults(func=cmd_award_sign_off)
    p = steps.add_parser("unfreeze", help="reopen a signed-off award, saying why (recorded)")
    p.add_argument("file")
    p.add_argument("--reason", required=True)
    p.add_argument("--name", required=True, help="who is reopening it (recorded)")
    p.add_argument("--role", required=True, help="their role (recorded)")
    p.set_defaults(func=cmd_award_unfreeze)
    p = steps.add_parser("standstill", help="the last day of the standstill after a contract award notice "
                         "(Procurement Act 2023: eight working days beginning with the day of publication)")
    p.add_argument("file")
    p.add_argument("--notice-date", required=True, metavar="YYYY-MM-DD", help="the day the notice is published")
    p.set_defaults(func=cmd_award_standstill)

    p = sub.add_parser("backups", help="list the backups in the data folder (every tender's), or delete a tender's")
    p.add_argument("--delete", metavar="TENDER", default="", help="delete every backup of the tender whose id "
                   "begins with TENDER (the first column of the list)")
    p.set_defaults(func=cmd_backups)

    p = sub.add_parser("export-json", help="write the whole tender as a JSON document")
    p.add_argument("file")
    p.add_argument("out")
    p.set_defaults(func=cmd_export_json)

    p = sub.add_parser("import-json", help="make a new tender file from a JSON document")
    p.add_argument("json_file")
    p.add_argument("file")
    p.set_defaults(func=cmd_import_json)
    return parser


def _remove_leftovers(args: argparse.Namespace) -> None:
    """Unfinished files (.creating, .part) that a killed run left beside the files this command names, and in the
    data folder: removed once their writer is gone (leftovers.py checks the name and that no process holds it)."""
    from svi_desktop.store.leftovers import remove_leftovers
    from svi_desktop.store.paths import data_dir

    named = [getattr(args, k, None) for k in ("file", "out", "folder", "pack", "json_file", "sheet")]
    named += list(getattr(args, "packs", None) or [])
    folders = {Path(p).parent for p in named if isinstance(p, str) and p}
    folders |= {Path(p) for p in (getattr(args, "out", None), getattr(args, "folder", None))
                if isinstance(p, str) and p and Path(p).is_dir()}
    remove_leftovers([data_dir(), *sorted(folders)])


def main(argv: Sequence[str] | None = None) -> int:
    private_umask()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        _remove_leftovers(args)
        return args.func(args)
    except KnownError as exc:
        print(f"svi: {exc.message}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader went away (svi award check FILE | head): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print("svi: interrupted; nothing half-written was left behind.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
