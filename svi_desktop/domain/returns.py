"""Return codes: what makes an evaluator's return impossible for anyone else to produce or alter.

When packs are issued, each evaluator gets a return code, handed over apart from the pack (by phone, on
paper). The key is derived from the code with scrypt and kept only in the lead's file; the pack holds
neither. At submit the evaluator types the code; the pack is sealed with HMAC-SHA256 under the key, over a
canonical serialisation of everything the return says (the tender, the pack, the evaluator, their
declaration, every score with its rationale, evidence and flags, and the time of submission). The lead's
file checks the tag with its own copy of the key, so a return edited after submit, relabelled as someone
else's, replayed from an earlier issue or taken from another tender is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets

from svi_desktop.domain.digests import score_record
from svi_desktop.domain.model import Evaluator, Score

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0, O, 1, I or L: read aloud or typed without mistakes
CODE_LENGTH = 20  # about 99 bits
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32, "maxmem": 64 * 1024 * 1024}


def new_return_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + 5] for i in range(0, CODE_LENGTH, 5))


def normalise_code(text: str) -> str:
    """The code as typed, in capitals without spaces or dashes; ValueError with a sentence if it cannot be one."""
    raw = "".join(ch for ch in text.upper() if ch not in " -\t")
    if len(raw) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in raw):
        raise ValueError("That is not a return code: a return code is 20 letters and digits, in four groups of "
                         "five, as the lead sent it.")
    return raw


def derive_key(code: str, *, tender_id: str, evaluator_id: str, pack_id: str) -> bytes:
    salt = f"svi-return-key:{tender_id}:{evaluator_id}:{pack_id}".encode()
    return hashlib.scrypt(normalise_code(code).encode("ascii"), salt=salt, **_SCRYPT)


def code_check(key: bytes) -> str:
    """Kept in the pack so that a mistyped code is caught at submit; it reveals nothing usable about the key."""
    return hmac.new(key, b"svi return code check", hashlib.sha256).hexdigest()


def return_message(*, tender_id: str, pack_id: str, evaluator: Evaluator, scores: tuple[Score, ...],
                   submitted_at: str) -> bytes:
    """Everything a return says, written the same way every time."""
    d = evaluator.declaration
    doc = {
        "tender": tender_id, "pack": pack_id, "evaluator": evaluator.id, "submitted_at": submitted_at,
        # Each conflict with how it is managed (excluded, or may score, and why), and each score with who entered
        # it (on_behalf) and the evidence it cites: nothing of the return is outside the seal.
        "declaration": None if d is None else [d.conflict, d.details, d.management, d.declared_at,
                                               sorted([c.bid_id, c.details, c.management.value, c.reason]
                                                      for c in d.conflicts)],
        "scores": sorted([*score_record(s), s.on_behalf] for s in scores),
    }
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def return_tag(key: bytes, message: bytes) -> str:
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def tags_match(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("ascii", "replace"), b.encode("ascii", "replace"))
