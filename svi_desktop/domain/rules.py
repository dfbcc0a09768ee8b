"""Rules of an evaluation written once: what an evaluator scores, and how people write prices and dates."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from svi_desktop.domain.model import (
    Clarification,
    ConflictAssessment,
    Criterion,
    Framework,
    KeyDate,
    SectionKind,
)
from svi_desktop.domain.numbers import LARGEST, SMALLEST_PLACES, finite_decimal


def scored_criteria(framework: Framework) -> tuple[Criterion, ...]:
    """The criteria an evaluator scores (every one outside a price section), in framework order:
    by section position, then the criterion's position, then its code."""
    sections = {s.id: s for s in framework.sections}
    order = {s.id: s.position for s in framework.sections}
    return tuple(sorted(
        (c for c in framework.criteria if c.section_id in sections and sections[c.section_id].kind is not SectionKind.PRICE),
        key=lambda c: (order[c.section_id], c.position, c.code),
    ))


class PriceNotPositive(ValueError):
    """A number was given for a price, but it is 0 or less."""


def parse_price(text: str) -> Decimal | None:
    """A price as a person writes it ("£1,180,000", "1180000.50"); None when blank.

    Raises ValueError with a sentence when it is not a price more than 0.
    """
    cleaned = text.strip().replace("£", "").replace(",", "").strip()
    if not cleaned:
        return None
    value = finite_decimal(cleaned)
    if value is None:
        raise ValueError(f"{text.strip()!r} is not a price; write a number such as 1180000.")
    return check_price(value)


def check_price(value: Decimal | None) -> Decimal | None:
    """A price that is stored must be a finite number more than 0 (or absent)."""
    if value is None:
        return None
    if not value.is_finite():
        raise ValueError(f"{value} is not a price; write a number such as 1180000.")
    if value <= 0:
        raise PriceNotPositive("A price must be more than 0.")
    if value > LARGEST:
        raise ValueError(f"{str(value)[:40]} is larger than {LARGEST:,}, the largest price a tender holds.")
    if value.as_tuple().exponent < -SMALLEST_PLACES:  # type: ignore[operator]  # a finite Decimal: its exponent is an int
        raise ValueError(f"{str(value)[:40]} has more than {SMALLEST_PLACES} decimal places; round the price.")
    return value


def parse_date(text: str) -> str:
    """An ISO date (YYYY-MM-DD) as stored; "" when blank. Raises ValueError with a sentence otherwise."""
    text = text.strip()
    if not text:
        return ""
    try:
        return dt.date.fromisoformat(text[:10] if "T" in text else text).isoformat()
    except ValueError:
        raise ValueError(f"{text!r} is not a date; write it as YYYY-MM-DD.") from None


def checked_assessment(a: ConflictAssessment) -> ConflictAssessment:
    """An entry of the conflicts assessment as it is kept, wherever it comes from (the window, a JSON document):
    every part but the mitigation given, both dates, the next review not before the review. ValueError with a
    sentence otherwise."""
    for field, what in (("person", "the person's name"), ("role", "their role in the decision"),
                        ("interests", "their interests (or 'none')"), ("assessment", "the assessment"),
                        ("reviewed_by", "who reviewed it")):
        if not str(getattr(a, field)).strip():
            raise ValueError(f"An entry in the conflicts assessment needs {what}.")
    reviewed, due = parse_date(a.reviewed_on), parse_date(a.next_review)
    if not reviewed or not due:
        raise ValueError("An entry in the conflicts assessment needs the date it was reviewed and the next review.")
    if due < reviewed:
        raise ValueError("The next review must come after the review it follows.")
    return ConflictAssessment(a.id, a.person.strip(), a.role.strip(), a.interests.strip(), a.assessment.strip(),
                              a.mitigation.strip(), a.reviewed_by.strip(), reviewed, due)


def parse_key_dates(text: str) -> tuple[KeyDate, ...]:
    """One date a line, "Label: 2026-10-13"; ValueError naming the line that does not fit."""
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        label, sep, when = line.rpartition(":")
        try:
            date = parse_date(when)
        except ValueError:
            date = ""
        if not sep or not label.strip() or not date:
            raise ValueError(f"Key date line {n} needs the form 'Label: YYYY-MM-DD'.")
        out.append(KeyDate(label.strip(), date))
    return tuple(out)


MAX_KEY_DATES = 100


def checked_key_dates(dates: tuple[KeyDate, ...] | list[KeyDate]) -> tuple[KeyDate, ...]:
    """The tender's key dates as they are kept, wherever they come from (Setup, `svi`, a JSON document): each a
    label of one line and a date (YYYY-MM-DD). ValueError with a sentence naming the first that does not fit."""
    if len(dates) > MAX_KEY_DATES:
        raise ValueError(f"A tender has at most {MAX_KEY_DATES} key dates.")
    out = []
    for n, d in enumerate(dates, start=1):
        label = " ".join(str(d.label).split())
        try:
            date = parse_date(str(d.date))
        except ValueError:
            date = ""
        if not label or len(label) > 200 or not date:
            raise ValueError(f"Key date {n} needs a label of at most 200 characters and a date written YYYY-MM-DD.")
        out.append(KeyDate(label, date))
    return tuple(out)


QUESTION_LIMIT = 5_000  # a clarification's question, in characters
ANSWER_LIMIT = 100_000  # the supplier's answer: a longer one is attached as a document of the bid


def clarification_problem(c: Clarification, today: dt.date) -> str | None:
    """What is wrong with a clarification as a record (a JSON document's): the order the Clarifications dialog
    keeps, raised, then sent, then answered, none of it after tomorrow; None when it holds."""
    if not c.question.strip():
        return "A clarification needs the question asked."
    if len(c.question) > QUESTION_LIMIT:
        return f"A clarification question can be at most {QUESTION_LIMIT:,} characters."
    if not c.raised_by.strip():
        return "A clarification needs who asked it."
    if len(c.answer) > ANSWER_LIMIT:
        return f"An answer can be at most {ANSWER_LIMIT:,} characters."
    try:
        raised = dt.date.fromisoformat(c.raised_at.strip()[:10])
        sent = dt.date.fromisoformat(c.sent_at) if c.sent_at else None
        answered = dt.date.fromisoformat(c.answered_at) if c.answered_at else None
    except ValueError:
        return "A clarification's dates must be dates such as 2026-11-26."
    latest = today + dt.timedelta(days=1)
    if any(d is not None and d > latest for d in (raised, sent, answered)):
        return "A clarification cannot be raised, sent or answered in the future."
    if sent is not None and sent < raised:
        return "A clarification cannot be sent before it was raised."
    if (c.answer.strip() or answered is not None) and sent is None:
        return "A clarification's answer needs the date the question was sent."
    if bool(c.answer.strip()) != (answered is not None):
        return "A clarification's answer and the date it came go together."
    if answered is not None and sent is not None and answered < sent:
        return "An answer cannot come before the clarification was sent."
    return None


def check_template_name(name: str) -> str:
    """A name a template can be saved under (it becomes a file name); ValueError otherwise."""
    clean = name.strip()
    if not clean or any(ch in clean for ch in '/\\:*?"<>|') or clean.startswith(".") or len(clean) > 100:
        raise ValueError(f"{name!r} cannot be a template name; use letters, digits, spaces and dashes.")
    return clean


def title_from_file_name(stem: str) -> str:
    """The title a new tender takes from its file name: "social_care-2027" -> "social care 2027"."""
    return stem.replace("_", " ").replace("-", " ").strip() or "New tender"


# A supplier's details, as its assessment summary and the award notices give them.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
# A PPON, the Central Digital Platform's unique identifier (P and three characters, then two groups of four),
# or a Companies House number (eight digits, or two letters such as SC, NI or OC and six digits).
_PPON = re.compile(r"P[A-Z0-9]{3}-[A-Z0-9]{4}-[A-Z0-9]{4}")
_COMPANIES_HOUSE = re.compile(r"(?:\d{8}|[A-Z]{2}\d{6})")


def check_email(text: str) -> str:
    email = (text or "").strip()
    if email and (len(email) > 254 or not _EMAIL.fullmatch(email)):
        raise ValueError(f"{email[:60]!r} is not an email address; write it as name@example.org.")
    return email


def check_identifier(text: str) -> str:
    """A PPON or a Companies House number, upper case, without spaces."""
    ident = re.sub(r"\s+", "", text or "").upper()
    if ident and not (_PPON.fullmatch(ident) or _COMPANIES_HOUSE.fullmatch(ident)):
        raise ValueError(f"{ident[:40]!r} is neither a PPON (such as PABC-1234-DEFG) nor a Companies House number "
                         "(such as 01234567 or SC123456).")
    return ident


def check_address(text: str) -> str:
    address = "\n".join(line.strip() for line in (text or "").strip().splitlines() if line.strip())
    if len(address) > 1000:
        raise ValueError("A registered address is at most 1,000 characters.")
    return address


def outside_scores(value: int, counted: list[int], note: str) -> str | None:
    """The evaluators' span ("2", "1 to 3") when a consensus of `value` lies outside the scores that count and the
    moderation note does not yet say why; None when no reason is needed."""
    if not counted or min(counted) <= value <= max(counted):
        return None
    span = f"{min(counted)}" if min(counted) == max(counted) else f"{min(counted)} to {max(counted)}"
    return None if outside_marker(span) in note else span


def outside_marker(span: str) -> str:
    """How the moderation note records the reason for a consensus outside the evaluators' scores."""
    return f"Outside the evaluators' scores ({span}):"
