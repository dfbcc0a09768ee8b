"""What a notice needs beyond the evaluation: the authority's registered OCID prefix and identifier, the contract's
dates, whether it is above the threshold, the day the assessment summaries were sent. Each is a tender setting with
one rule, the same from the window, `svi` and `import-json`; and the rules of a notice's publication date.

A notice's publication date is not before the decision (the last sign-off), nor more than a year ahead; the date
the assessment summaries were sent is not after it (Procurement Act 2023, s.50: the summaries go before the
contract award notice); the contract does not start before the standstill has ended, nor before the award.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from svi_desktop.domain.model import Evaluation
from svi_desktop.domain.rules import parse_date
from svi_desktop.domain.standstill import standstill_for

OCID_PREFIX = "notice.ocid_prefix"
BUYER_ID = "notice.buyer_identifier"
CONTRACT_START = "notice.contract_start"
CONTRACT_END = "notice.contract_end"
ABOVE_THRESHOLD = "notice.above_threshold"
SUMMARIES_SENT = "notice.summaries_sent"

_PREFIX = re.compile(r"ocds-[a-z0-9]{6}")
PPON = re.compile(r"P[A-Z0-9]{3}-[A-Z0-9]{4}-[A-Z0-9]{4}")
COMPANY = re.compile(r"(?:[0-9]{8}|(?:SC|NI|OC|SO|NC|R0|IP|SP|RC|SE|FC|GE|CE|CS)[0-9]{6})")
CPV = re.compile(r"[0-9]{8}(?:-[0-9])?")
MAX_CPV = 20
YEAR_AHEAD = 366


@dataclass(frozen=True)
class Detail:
    key: str
    label: str  # as the window and the messages name it
    option: str  # svi award notice-details --option


DETAILS = (
    Detail(OCID_PREFIX, "OCID prefix", "ocid-prefix"),
    Detail(BUYER_ID, "authority's identifier (PPON)", "buyer-identifier"),
    Detail(CONTRACT_START, "contract start", "contract-start"),
    Detail(CONTRACT_END, "contract end", "contract-end"),
    Detail(ABOVE_THRESHOLD, "above the threshold", "above-threshold"),
    Detail(SUMMARIES_SENT, "date the assessment summaries were sent", "summaries-sent"),
)
DETAIL_BY_KEY = {d.key: d for d in DETAILS}
NOTICE_HINTS = {OCID_PREFIX: "ocds-b5fd17, as registered with Open Contracting", BUYER_ID: "PABC-1234-DEFG",
                CONTRACT_START: "YYYY-MM-DD", CONTRACT_END: "YYYY-MM-DD", ABOVE_THRESHOLD: "yes or no (blank: yes)",
                SUMMARIES_SENT: "YYYY-MM-DD"}


def detail_value(key: str, value: str, today: str) -> str | None:
    """The value a notice detail keeps (None: cleared), or ValueError with the one sentence that says why not."""
    value = " ".join(value.split())
    if not value:
        return None
    if len(value) > 40:
        raise ValueError(f"The {DETAIL_BY_KEY[key].label} is at most 40 characters.")
    if key == OCID_PREFIX:
        if not _PREFIX.fullmatch(value):
            raise ValueError(f"{value!r} is not an OCID prefix: it is 'ocds-' and the six letters or digits the "
                             "Open Contracting helpdesk registered for the authority, e.g. ocds-b5fd17.")
        return value
    if key == BUYER_ID:
        if not PPON.fullmatch(value):
            raise ValueError(f"{value!r} is not a Public Procurement Organisation Number (PPON), e.g. PABC-1234-DEFG "
                             "as the central digital platform shows it.")
        return value
    if key == ABOVE_THRESHOLD:
        if value.casefold() not in ("yes", "no"):
            raise ValueError("Whether the contract is above the threshold is yes or no.")
        return value.casefold()
    day = parse_date(value)  # ValueError in one sentence
    if key == SUMMARIES_SENT and day > today:
        raise ValueError(f"The assessment summaries cannot have been sent on {day}, a day still to come.")
    return day


def contract_dates_problem(start: str, end: str, signed: str = "") -> str | None:
    """Why the contract cannot run from `start` to `end` (either may be ""), or None; with `signed` (the last
    sign-off), a start before the award is refused too."""
    if start and end and end < start:
        return f"The contract cannot end on {end}, before it starts ({start})."
    if start and signed and start < signed:
        return f"The contract cannot start on {start}, before the award was made ({signed}, the last sign-off)."
    return None


def cpv_codes(text: str) -> tuple[str, ...]:
    """The tender's CPV codes, as kept: 8 digits with or without the check digit, separated by commas or spaces."""
    return tuple(c for c in re.split(r"[\s,;]+", text) if c)


def cpv_value(text: str) -> str:
    """The CPV codes as a tender keeps them, or ValueError naming the first that is not one."""
    codes = cpv_codes(text)
    for c in codes:
        if not CPV.fullmatch(c):
            raise ValueError(f"{c[:20]!r} is not a CPV code: 8 digits, with or without its check digit "
                             "(85000000-9).")
    if len(codes) > MAX_CPV:
        raise ValueError(f"A tender has at most {MAX_CPV} CPV codes; the first is its main subject.")
    return ", ".join(dict.fromkeys(codes))


def identifier_scheme(identifier: str) -> str | None:
    """GB-PPON for a PPON, GB-COH for a Companies House number, None for anything else."""
    if PPON.fullmatch(identifier):
        return "GB-PPON"
    if COMPANY.fullmatch(identifier):
        return "GB-COH"
    return None


def last_signed(ev: Evaluation) -> str:
    return max((s.signed_on for s in ev.signoffs), default="")


def publication_problem(ev: Evaluation, published: dt.date, today: dt.date) -> str | None:
    """Why a notice cannot be published on `published`, or None when it can."""
    decided = last_signed(ev)
    if decided and published.isoformat() < decided:
        return (f"A notice cannot be published on {published.isoformat()}, before the decision it announces (the last "
                f"sign-off, {decided}); give a day on or after it.")
    if (published - today).days > YEAR_AHEAD - 1:
        return (f"A notice cannot be published on {published.isoformat()}, more than a year ahead; give the day it "
                "is to be published.")
    sent = ev.settings.get(SUMMARIES_SENT, "")
    if sent and published.isoformat() < sent:
        return (f"A notice cannot be published on {published.isoformat()}, before the assessment summaries were sent "
                f"({sent}): they go to the bidders first (Procurement Act 2023, s.50).")
    return None


def final_notice_problem(ev: Evaluation, published: dt.date) -> str | None:
    """Why a final notice cannot be made from these details (the CPV codes are the tender's), or None."""
    if ev.tender.regime in ("", "other"):
        return None
    missing = []
    if not ev.settings.get(OCID_PREFIX):
        missing.append("the authority's registered OCID prefix")
    if not ev.settings.get(BUYER_ID):
        missing.append("the authority's identifier (PPON)")
    if not cpv_codes(ev.tender.cpv):
        missing.append("the tender's CPV codes")
    if not ev.settings.get(CONTRACT_START):
        missing.append("the contract's start")
    if ev.tender.regime.startswith("act-") and not ev.settings.get(SUMMARIES_SENT):
        missing.append("the date the assessment summaries were sent")
    if missing:
        return ("The final notice needs " + ", ".join(missing[:-1]) + (" and " if len(missing) > 1 else "")
                + missing[-1] + ": record them in Setup, Notice details (svi award notice-details).")
    start = ev.settings[CONTRACT_START]
    found = standstill_for(ev.tender.regime, published)
    if found is not None and start <= found.last_day.isoformat():
        return (f"The contract cannot start on {start}: the standstill after a notice published on "
                f"{published.isoformat()} ends on {found.last_day.isoformat()}; change the contract's start or the "
                "publication date.")
    return None
