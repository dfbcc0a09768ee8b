"""`svi`: The award: completeness check, notice, sign-off, unfreeze, standstill."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from svi_desktop.cli.common import command
from svi_desktop.domain.model import REGIME_NAMES, Regime
from svi_desktop.domain.notice_details import DETAILS
from svi_desktop.domain.psr import KEY_CRITERIA
from svi_desktop.domain.rules import parse_date
from svi_desktop.domain.standstill import standstill_for
from svi_desktop.errors import KnownError
from svi_desktop.workflows import award, exports, tenders


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
    for p in exports.write_notice(source, Path(args.out), published=published, final=args.final, lot=args.lot or ""):
        print(f"Wrote {p}")
    return 0


def cmd_award_notice_details(args: argparse.Namespace) -> int:
    given = {d.key: getattr(args, d.option.replace("-", "_")) for d in DETAILS}
    given = {k: v for k, v in given.items() if v is not None}
    with tenders.open_tender(Path(args.file), read_only=not given and args.cpv is None) as tf:
        if given or args.cpv is not None:
            award.set_notice_details(tf, cpv=args.cpv, details=given)
        ev = tenders.evaluation(tf)
    print(f"CPV codes: {ev.tender.cpv or '(none)'}")
    for d in DETAILS:
        print(f"{d.label[:1].upper() + d.label[1:]}: {ev.settings.get(d.key) or '(none)'}")
    return 0


def cmd_award_psr_criteria(args: argparse.Namespace) -> int:
    given = {k.key: getattr(args, k.option.replace("-", "_")) for k in KEY_CRITERIA}
    given = {k: v for k, v in given.items() if v is not None}
    with tenders.open_tender(Path(args.file), read_only=not given) as tf:
        if given:
            award.set_psr_key_criteria(tf, given)
        ev = tenders.evaluation(tf)
    for k in KEY_CRITERIA:
        print(f"{k.name}: {ev.settings.get(k.key) or '(not recorded)'}")
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


def register(sub: Any) -> None:
    """The `svi` commands of this group, each with its own arguments."""
    steps = sub.add_parser("award", help="the award: completeness check, sign-off, standstill").add_subparsers(
        dest="award_command", required=True, metavar="ACTION")
    command(steps, "check", "list what the award record lacks (exit 0 when complete, else 2)", cmd_award_check, "file")
    p = command(steps, "notice",
            "write the notice the regime requires: the contract award notice (PDF and "
                         "JSON for the central digital platform), or the PSR notice of intention to award", cmd_award_notice, "file")
    p.add_argument("out", help="the folder to write into")
    p.add_argument("--published", required=True, metavar="YYYY-MM-DD", help="the day the notice is to be published")
    p.add_argument("--final", action="store_true", help="a final notice (refused until the record is complete and "
                   "signed off); without it, a draft")
    p.add_argument("--lot", metavar="CODE", help="in a tender in lots, the notice of this lot alone (its own day and "
                   "standstill); without it, one notice with an award for each lot")
    p = command(steps, "notice-details", "show or record what the notices need beyond the evaluation (each option "
                "given is recorded; an empty value clears it)", cmd_award_notice_details, "file")
    p.add_argument("--cpv", metavar="CODES", help="the tender's CPV codes, the main one first (85000000-9, ...)")
    for d in DETAILS:
        p.add_argument(f"--{d.option}", metavar="VALUE", help=f"the {d.label}")
    p = command(steps, "psr-criteria", "show or record how each key criterion of the Provider Selection Regime (reg "
                "5) was weighed; under direct award process C, how the existing provider was assessed against it",
                cmd_award_psr_criteria, "file")
    for k in KEY_CRITERIA:
        p.add_argument(f"--{k.option}", metavar="TEXT", help=k.name)
    p = command(steps, "sign-off",
            "sign off the award as a named approver, which freezes it", cmd_award_sign_off, "file")
    p.add_argument("--name", required=True)
    p.add_argument("--role", required=True)
    p.add_argument("--date", default="", metavar="YYYY-MM-DD", help="the day of the sign-off (default today)")
    p = command(steps, "unfreeze", "reopen a signed-off award, saying why (recorded)", cmd_award_unfreeze, "file")
    p.add_argument("--reason", required=True)
    p.add_argument("--name", required=True, help="who is reopening it (recorded)")
    p.add_argument("--role", required=True, help="their role (recorded)")
    p = command(steps, "standstill",
            "the last day of the standstill after a contract award notice "
                         "(Procurement Act 2023: eight working days beginning with the day of publication)", cmd_award_standstill, "file")
    p.add_argument("--notice-date", required=True, metavar="YYYY-MM-DD", help="the day the notice is published")
