"""Evidence screens: passages shared between rival bids, the question restated, the same price or contact details,
and hints on how far each response is substantiated. Advisory only: nothing here changes a score or reaches a
bidder (summaries never read it).

How passages are found. Each response is cut into sentences and into word trigrams. Per criterion an inverted
index of trigrams finds the pairs of bids that share enough of them (a trigram in more than MAX_SHARED responses is
common phrasing, not copying, and is left out, as is every trigram of the criterion's own guidance). The work is
bounded however repetitive or long the text: only trigrams found in two responses are indexed; when they would
still pair responses more than PAIRINGS times, a fixed one in `step` of them is kept (_fingerprints); and a pair
must share more than chance gives any of the pairs screened, for its lengths and the text's word frequencies
(_chance, _needed), which in ordinary prose is nothing. Only those candidate pairs are aligned: every sentence of one against every sentence of the other with rapidfuzz's ratio on
the normalised words, so a copy survives light editing (about a fifth of the words changed) and reordering. Runs of
matching sentences become one passage. Sentences that restate the guidance are reported as restated and left out
of the pairs, so two bids that both copy the question are not called copies of each other.
"""

from __future__ import annotations

import functools
import math
import re
import zlib
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations
from typing import NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from svi_desktop.domain.model import Bid, Criterion, Evaluation

MAX_SHARED = 8  # a trigram in more responses than this is common phrasing
MIN_CANDIDATE = 6  # trigrams two responses must share before they are aligned
PAIRINGS = 20_000  # pairs of responses counted per criterion, at most: the rest is sampled (_fingerprints)
CHANCE_SAMPLE = 4  # one word in this many gives the frequencies for the chance (its error: 1 / the words sampled)
CHANCE_PAIRS = 1.0  # and more than chance would give: at most about this many pairs per screen aligned by chance alone
SENTENCE_MATCH = 72  # rapidfuzz ratio (0..100) for two sentences to count as the same passage
WORD_MATCH = 0.5  # or: the words two sentences keep in the same order, as a share of both (a paraphrased copy)
MIN_WORDS = 6  # shorter sentences ("We agree.") are never a passage on their own
MIN_SHARED = 0.12  # the share of the pair's text a pair needs, unless one passage is long
LONG_PASSAGE = 160  # characters: a passage this long is reported whatever the share
NEAR_PRICE = Decimal("0.005")  # prices within half a per cent of each other
WEBMAIL = frozenset({"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk", "yahoo.com",
                     "yahoo.co.uk", "btinternet.com", "icloud.com", "live.com", "live.co.uk", "aol.com",
                     "protonmail.com", "sky.com", "virginmedia.com"})

Span = tuple[int, int]


class Sentence(NamedTuple):  # a tuple, not a dataclass: a long response makes many, and a tuple is made at C speed
    start: int
    end: int
    words: tuple[str, ...]

    @property
    def key(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class Passage:
    """A passage two responses share: where it is in each, and the text of each (they may differ a little)."""

    a: Span
    b: Span
    text_a: str
    text_b: str
    criterion_id: str | None = None  # set on the passages of a whole-bid pair


@dataclass(frozen=True)
class Pair:
    criterion_id: str | None  # None: over the whole bid
    bids: tuple[str, str]
    shared: float  # 0..1: the share of the two texts that is shared
    passages: tuple[Passage, ...]


@dataclass(frozen=True)
class Restated:
    bid_id: str
    criterion_id: str
    shared: float  # the share of the response that restates the guidance
    passages: tuple[tuple[Span, Span, str], ...]  # (in the response, in the guidance, the response's text)


@dataclass(frozen=True)
class Mark:
    kind: str  # number, date, frequency, partner, measure; vague; unsupported
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Hints:
    bid_id: str
    criterion_id: str
    commitments: tuple[Mark, ...]
    vague: tuple[Mark, ...]
    unsupported: tuple[Mark, ...]


@dataclass(frozen=True)
class SameDetail:
    kind: str  # price, near price, email, email domain, address, identifier
    bids: tuple[str, ...]
    value: str


@dataclass
class Screens:
    pairs: list[Pair] = field(default_factory=list)
    restated: list[Restated] = field(default_factory=list)
    hints: list[Hints] = field(default_factory=list)
    details: list[SameDetail] = field(default_factory=list)


class Cancelled(Exception):
    """The person cancelled the screens."""


# -- text -------------------------------------------------------------------------------------------------

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.MULTILINE)
_WORD = re.compile(r"[a-z0-9£%]+(?:'[a-z]+)?")


MAX_WORDS = 60  # a longer run without a full stop (a pasted table, a hostile 10 MB line) is cut into pieces


def sentences(text: str) -> list[Sentence]:
    out = []
    low = text.lower()
    if len(low) != len(text):  # a letter whose lower case is longer ('İ'): lower each sentence on its own
        low = ""
    for m in _SENTENCE.finditer(text):
        raw = m.group(0)
        lead = len(raw) - len(raw.lstrip())
        start, end = m.start() + lead, m.start() + len(raw.rstrip())
        if end <= start:
            continue
        words = tuple(_WORD.findall(low, start, end) if low else _WORD.findall(text[start:end].lower()))
        if len(words) <= MAX_WORDS:
            out.append(Sentence(start, end, words))
            continue
        found = list(_WORD.finditer(low or text.lower(), start, end))
        for i in range(0, len(found), MAX_WORDS):
            piece = found[i:i + MAX_WORDS]
            out.append(Sentence(piece[0].start(), piece[-1].end(), tuple(w.group(0) for w in piece)))
    return out


Gram = str  # three words and the spaces between: a string keeps its hash, so the sets of them are cheap to combine


def trigrams(words: Sequence[str]) -> set[Gram]:
    return set(map(" ".join, zip(words, words[1:], words[2:], strict=False)))


def _words(sents: Iterable[Sentence]) -> list[str]:
    return [w for s in sents for w in s.words]


def _reworked(a: Sentence, b: Sentence) -> float:
    """A sentence two writers each reworked from a common source (a quarter of the words replaced, deleted or
    inserted on each side) keeps its words in order though its letters differ too much for the character match:
    the longest run of words in common, as a share of both, scored on the same 0..100 scale (0: not the same)."""
    similar: float = Indel.normalized_similarity(a.words, b.words, score_cutoff=WORD_MATCH)
    return 100 * similar if similar else 0.0


def _same(a: Sentence, b: Sentence) -> bool:
    return (len(a.words) >= MIN_WORDS and len(b.words) >= MIN_WORDS
            and fuzz.ratio(a.key, b.key, score_cutoff=SENTENCE_MATCH) > 0)


# -- passages ------------------------------------------------------------------------------------------------

def align(text_a: str, text_b: str, sents_a: list[Sentence] | None = None, sents_b: list[Sentence] | None = None,
          skip_a: frozenset[int] = frozenset(), skip_b: frozenset[int] = frozenset()) -> tuple[float, tuple[Passage, ...]]:
    """The passages two texts share, sentence by sentence, in the order of the first; runs of sentences that
    follow each other in both become one passage. Returns (the share of both texts that is shared, passages)."""
    sa = sents_a if sents_a is not None else sentences(text_a)
    sb = sents_b if sents_b is not None else sentences(text_b)
    used_b: set[int] = set()
    matches: list[tuple[int, int]] = []
    # Only sentences that share a word pair are compared (a copy, even edited, keeps several), so a long response
    # costs its length, not its length squared. A pair found in very many sentences is common phrasing.
    pairs_b: dict[tuple[str, str], list[int]] = defaultdict(list)
    for j, y in enumerate(sb):
        if j not in skip_b and len(y.words) >= MIN_WORDS:
            for pair in set(zip(y.words, y.words[1:], strict=False)):
                pairs_b[pair].append(j)
    for i, x in enumerate(sa):
        if i in skip_a or len(x.words) < MIN_WORDS:
            continue
        candidates: set[int] = set()
        for pair in set(zip(x.words, x.words[1:], strict=False)):
            holders = pairs_b.get(pair, ())
            if len(holders) <= 50:
                candidates.update(holders)
        best, best_j = 0.0, -1
        for j in sorted(candidates):
            y = sb[j]
            if j in used_b:
                continue
            score = fuzz.ratio(x.key, y.key, score_cutoff=SENTENCE_MATCH) or _reworked(x, y)
            if score > best:
                best, best_j = score, j
        if best_j >= 0:
            used_b.add(best_j)
            matches.append((i, best_j))
    runs: list[list[tuple[int, int]]] = []
    for i, j in matches:
        if runs and runs[-1][-1] == (i - 1, j - 1):
            runs[-1].append((i, j))
        else:
            runs.append([(i, j)])
    passages = []
    for run in runs:
        a = (sa[run[0][0]].start, sa[run[-1][0]].end)
        b = (sb[run[0][1]].start, sb[run[-1][1]].end)
        passages.append(Passage(a, b, text_a[a[0]:a[1]], text_b[b[0]:b[1]]))
    matched = sum(sa[i].end - sa[i].start for i, _ in matches) + sum(sb[j].end - sb[j].start for _, j in matches)
    total = sum(s.end - s.start for s in sa) + sum(s.end - s.start for s in sb)
    return (matched / total if total else 0.0), tuple(passages)


def _fingerprints(grams: Sequence[set[Gram]]) -> tuple[set[Gram], int]:
    """The trigrams that say two responses may share a passage: those in two of them or more (found by set
    operations in C, so the common words of a long text cost nothing), leaving out common phrasing (in more than
    MAX_SHARED). When these would still pair responses more than PAIRINGS times (text drawn from a small
    vocabulary, where every trigram recurs), one in `step` of them is kept, chosen by a hash of its words that is
    the same on every run (0 mod p sampling, as in the literature's fingerprinting): the work is bounded, and the
    candidates' threshold is divided by `step`. Returns (the trigrams kept, step)."""
    seen: set[Gram] = set()
    multi: set[Gram] = set()
    for gs in grams:
        multi |= gs & seen
        seen |= gs
    counts: Counter[Gram] = Counter()
    for gs in grams:
        counts.update(gs & multi)
    kept = {g: n for g, n in counts.items() if n <= MAX_SHARED}
    pairings = sum(n * (n - 1) for n in kept.values()) // 2
    step = -(-pairings // PAIRINGS)
    if step <= 1:
        return set(kept), 1
    return {g for g in kept if zlib.crc32(g.encode()) % step == 0}, step


def _chance(words: Iterable[list[str]]) -> float:
    """The chance that a trigram of one response is a given trigram of another, were their words drawn at random
    with the frequencies of these `words`: the sum of the squared frequencies, cubed. Two responses of m and n
    trigrams then share about m x n times this by chance alone (a Poisson count). Real prose shares more than this
    by topic, so there MIN_CANDIDATE decides; text drawn from a small vocabulary shares this much (every pair of a
    40-bid repetitive tender, scores of trigrams), and _needed asks of a pair more than chance would give any of
    the pairs screened. From the words, not the pairs, so that many copies do not raise it."""
    counts: Counter[str] = Counter()
    for ws in words:
        counts.update(ws[::CHANCE_SAMPLE])  # a sample estimates the frequencies as well
    total = sum(counts.values())
    if not total:
        return 0.0
    same = sum(n * n for n in counts.values()) / (total * total)
    return float(same ** 3)


@functools.lru_cache(maxsize=4096)
def _poisson_needed(expected: float, alpha: float) -> int:
    """The fewest shared trigrams that chance (a Poisson count with this `expected` value) reaches with probability
    at most `alpha`. For a large expected value, the normal approximation with six standard deviations."""
    if expected <= 0:
        return 1
    if expected > 100:
        return int(expected + 6 * math.sqrt(expected)) + 1
    term = math.exp(-expected)
    below = term  # P(X <= t)
    t = 0
    while 1 - below > alpha and t < 1000:
        t += 1
        term *= expected / t
        below += term
    return t + 1


def _needed(rate: float, size_a: int, size_b: int, pairs: int) -> int:
    """What two responses of `size_a` and `size_b` trigrams must share to be aligned, beyond chance: at most about
    CHANCE_PAIRS of the `pairs` screened reach it by chance alone."""
    expected = rate * size_a * size_b
    if expected < 1e-6:
        return 1
    return _poisson_needed(round(expected, 4), CHANCE_PAIRS / max(1, pairs))


def _restated(text: str, sents: list[Sentence], guidance: list[Sentence]) -> tuple[frozenset[int], list]:
    """The sentences of a response that restate a sentence of the guidance, each with the one it restates most
    closely (every guidance sentence is tried at once, in C)."""
    choices = [g for g in guidance if len(g.words) >= MIN_WORDS]
    found = []
    if choices:
        keys = [g.key for g in choices]
        for i, s in enumerate(sents):
            if len(s.words) >= MIN_WORDS:
                best = process.extractOne(s.key, keys, scorer=fuzz.ratio, score_cutoff=SENTENCE_MATCH)
                if best is not None:
                    found.append((i, choices[best[2]]))
    return frozenset(i for i, _ in found), found


# -- substantiation ------------------------------------------------------------------------------------------

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def _led(first: str, pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`pattern`, led by a look-ahead for the characters its matches can begin with: the regular expression engine
    then skips, in C, every position where no match can start (the same matches, two to three times faster over a
    long response)."""
    return re.compile(f"(?=[{first}]){pattern}", flags)


COMMITMENT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("date", _led(r"\dJFMASONDQbfuis",
                  rf"\b(?:(?:\d{{1,2}}\s+)?(?:{_MONTHS})\s+20\d\d|Q[1-4]\s+20\d\d|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}"
                  rf"|(?:by|from|until|in|since|before)\s+20\d\d)\b")),
    ("frequency", _led("dwfmqaytoe", r"\b(?:daily|weekly|fortnightly|monthly|quarterly|annually|yearly|twice a (?:day|"
                       r"week|month|year)|once a (?:day|week|month|year)|every (?:\w+ )?(?:days?|weeks?|months?|"
                       r"years?))\b", re.IGNORECASE)),
    ("number", _led(r"£\d", r"(?:£\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:k|m|million|bn))?|\b\d[\d,]*(?:\.\d+)?\s?(?:%|"
                    r"per ?cent|hours?|days?|weeks?|months?|people|residents|staff|volunteers|apprentices(?:hips)?|jobs|"
                    r"places|sessions|visits|referrals|schools|families|clients|members|beds|sites|posts)\b)",
                    re.IGNORECASE)),
    ("partner", _led("watpf", r"\b(?:with|alongside|partner(?:ing|ship)? with|through|funded by|accredited by)\s+"
                     r"((?:the\s)?(?:[A-Z][\w&'’-]*\s?){2,})")),
    ("measure", _led("KtbmosaierOCI", r"\b(?:KPIs?|targets?|baseline|measured|outcome measures?|surveyed|audited|"
                     r"independently evaluated|evaluation report|reported (?:monthly|quarterly|annually)|"
                     r"Ofsted|CQC|ISO\s?\d+)\b")),
)
_CLAIM = _led("wo", r"\b(?:we (?:will|are|have|always|ensure|deliver|provide|guarantee|pride|strive|aim|believe|"
              r"offer|commit|pledge)|our (?:commitment|approach|team|staff|people|service)s? (?:is|are|will))\b",
              re.IGNORECASE)


def vague_pattern(phrases: Sequence[str]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    ordered = sorted({p.lower() for p in phrases}, key=len, reverse=True)
    first = "".join(re.escape(c) for c in sorted({p[0] for p in ordered if p}))
    return _led(first, r"\b(?:" + "|".join(re.escape(p) for p in ordered) + r")\b", re.IGNORECASE)


def hints(bid_id: str, criterion_id: str, text: str, vague: re.Pattern[str] | None,
          sents: list[Sentence] | None = None) -> Hints:
    """What a response commits to that can be checked, its vague or marketing phrasing, and its claims that come
    with nothing checkable in the same sentence."""
    commitments: list[Mark] = []
    for kind, pattern in COMMITMENT_PATTERNS:
        for m in pattern.finditer(text):
            start, end = (m.start(1), m.end(1)) if kind == "partner" else (m.start(), m.end())
            piece = text[start:end].rstrip()
            end = start + len(piece)
            if not any(c.start <= start < c.end or start <= c.start < end for c in commitments):
                commitments.append(Mark(kind, start, end, piece))
    commitments.sort(key=lambda m: m.start)
    vague_marks = [Mark("vague", m.start(), m.end(), m.group(0)) for m in vague.finditer(text)] if vague else []
    # A claim is unsupported when its sentence has no commitment: found with one pass over the text for claims and
    # a binary search per sentence, so a long response with many of both costs its length, not claims x commitments.
    claims = [(m.start(), m.end()) for m in _CLAIM.finditer(text)]
    claim_starts = [start for start, _end in claims]
    starts = [c.start for c in commitments]
    unsupported = []
    for s in sents if sents is not None else sentences(text):
        k = bisect_left(claim_starts, s.start)
        if k == len(claims) or claims[k][1] > s.end:
            continue
        j = bisect_left(starts, s.start)
        if j == len(starts) or starts[j] >= s.end:
            unsupported.append(Mark("unsupported", s.start, s.end, text[s.start:s.end]))
    return Hints(bid_id, criterion_id, tuple(commitments), tuple(vague_marks), tuple(unsupported))


# -- the same details ----------------------------------------------------------------------------------------

def _normal_address(address: str) -> str:
    return " ".join(_WORD.findall(address.lower()))


def same_details(bids: Sequence[Bid]) -> list[SameDetail]:
    found: list[SameDetail] = []

    def group(kind: str, key: Callable[[Bid], str], shown: Callable[[Bid], str]) -> None:
        by: dict[str, list[Bid]] = defaultdict(list)
        for b in bids:
            k = key(b)
            if k:
                by[k].append(b)
        for same in by.values():
            if len(same) > 1:
                found.append(SameDetail(kind, tuple(b.id for b in same), shown(same[0])))

    group("price", lambda b: str(b.price.normalize()) if b.price is not None else "", lambda b: str(b.price))
    priced = sorted((b for b in bids if b.price is not None and b.price > 0), key=lambda b: b.price or 0)
    exact = {tuple(d.bids) for d in found}
    for x, y in zip(priced, priced[1:], strict=False):
        assert x.price is not None and y.price is not None
        if x.price != y.price and (y.price - x.price) / y.price <= NEAR_PRICE and (x.id, y.id) not in exact:
            found.append(SameDetail("near price", (x.id, y.id), f"{x.price} and {y.price}"))
    group("email", lambda b: b.email.strip().lower(), lambda b: b.email.strip())
    emails = {b.id: b.email.strip().lower() for b in bids}

    def domain(b: Bid) -> str:
        d = emails[b.id].rpartition("@")[2]
        return "" if not d or d in WEBMAIL else d

    group("email domain", domain, lambda b: domain(b))
    group("address", lambda b: _normal_address(b.address), lambda b: b.address.strip())
    group("identifier", lambda b: b.identifier.strip().upper().replace(" ", ""), lambda b: b.identifier.strip())
    # An exact email shared is also a domain shared: say it once.
    exact_mail = {d.bids for d in found if d.kind == "email"}
    return [d for d in found if not (d.kind == "email domain" and d.bids in exact_mail)]


# -- the whole screen ----------------------------------------------------------------------------------------

def screen(ev: Evaluation, *, vague: Sequence[str] = (), progress: Callable[[int], bool] | None = None,
           with_hints: bool = True) -> Screens:
    """Every screen over the tender's responses, with `vague` the phrases to mark as vague or marketing (the
    hints are left out when `with_hints` is False: the report has no use for them). `progress(percent)` returning
    False cancels (Cancelled)."""
    pattern = vague_pattern(vague)
    out = Screens(details=same_details(ev.bids))
    bids = [b for b in ev.bids if not b.out_of_competition]
    order = {b.id: i for i, b in enumerate(bids)}
    by_criterion: dict[str, dict[str, str]] = defaultdict(dict)
    for r in ev.responses:
        if r.bid_id in order and r.text.strip():
            by_criterion[r.criterion_id][r.bid_id] = r.text
    criteria = [c for c in ev.framework.criteria if c.id in by_criterion]
    whole: dict[tuple[str, str], list[tuple[str, float, int, tuple[Passage, ...]]]] = defaultdict(list)
    lengths: dict[str, int] = Counter()
    for n, crit in enumerate(criteria):
        texts = by_criterion[crit.id]
        for bid_id, text in texts.items():
            lengths[bid_id] += len(text)
        pairs, restated, crit_hints = screen_criterion(crit, texts, pattern, order, with_hints)
        out.pairs.extend(pairs)
        out.restated.extend(restated)
        out.hints.extend(crit_hints)
        for p in pairs:
            size = len(texts[p.bids[0]]) + len(texts[p.bids[1]])
            whole[p.bids].append((crit.id, p.shared, size, p.passages))
        if progress is not None and not progress(int(100 * (n + 1) / max(1, len(criteria)))):
            raise Cancelled
    for key, found in whole.items():
        matched = sum(shared * size for _c, shared, size, _p in found)
        total = lengths[key[0]] + lengths[key[1]]
        passages = tuple(Passage(p.a, p.b, p.text_a, p.text_b, crit_id) for crit_id, _s, _z, ps in found for p in ps)
        out.pairs.append(Pair(None, key, matched / total if total else 0.0, passages))
    out.pairs.sort(key=lambda p: (-p.shared, p.criterion_id or "", p.bids))
    out.restated.sort(key=lambda r: -r.shared)
    return out


def screen_criterion(crit: Criterion, texts: dict[str, str], vague: re.Pattern[str] | None,
                     order: dict[str, int], with_hints: bool = True) -> tuple[list[Pair], list[Restated], list[Hints]]:
    guidance_text = crit.guidance
    guidance = sentences(guidance_text)
    guidance_grams = trigrams(_words(guidance))
    split = {b: sentences(t) for b, t in texts.items()}
    restated: list[Restated] = []
    skip: dict[str, frozenset[int]] = {}
    crit_hints = []
    for bid_id, sents in split.items():
        text = texts[bid_id]
        if with_hints:
            crit_hints.append(hints(bid_id, crit.id, text, vague, sents))
        skip[bid_id], found = _restated(text, sents, guidance)
        if found:
            span = sum(sents[i].end - sents[i].start for i, _ in found)
            total = sum(s.end - s.start for s in sents)
            restated.append(Restated(bid_id, crit.id, span / total if total else 0.0, tuple(
                ((sents[i].start, sents[i].end), (g.start, g.end), text[sents[i].start:sents[i].end])
                for i, g in found)))
    words = {b: _words(s for i, s in enumerate(sents) if i not in skip[b]) for b, sents in split.items()}
    grams = {b: trigrams(ws) - guidance_grams for b, ws in words.items()}
    kept, step = _fingerprints(list(grams.values()))
    index: dict[Gram, list[str]] = defaultdict(list)
    for b, gs in grams.items():
        for g in gs & kept:
            index[g].append(b)
    shared: Counter[tuple[str, str]] = Counter()
    for holders in index.values():
        shared.update(combinations(sorted(holders, key=order.__getitem__), 2))  # counted in C
    pairs = []
    rate, pairs_screened = _chance(words.values()) / step, len(grams) * (len(grams) - 1) // 2
    for (x, y), count in shared.items():
        if count < max(MIN_CANDIDATE / step, _needed(rate, len(grams[x]), len(grams[y]), pairs_screened)):
            continue
        fraction, passages = align(texts[x], texts[y], split[x], split[y], skip[x], skip[y])
        if passages and (fraction >= MIN_SHARED or any(p.a[1] - p.a[0] >= LONG_PASSAGE for p in passages)):
            pairs.append(Pair(crit.id, (x, y), fraction, passages))
    return pairs, restated, crit_hints


# -- across tenders ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Earlier:
    """One response of a bid in an earlier tender, and where it came from."""

    tender: str  # the earlier tender, as the finding names it (its reference, title and file)
    supplier: str
    criterion: str  # its criterion's code and title
    text: str


@dataclass(frozen=True)
class EarlierMatch:
    """A response of this tender sharing passages with a response of an earlier tender's bid (`a`: this one's
    spans, `b`: the earlier one's)."""

    bid_id: str
    criterion_id: str
    earlier: Earlier
    shared: float
    passages: tuple[Passage, ...]


def screen_against(ev: Evaluation, earlier: Sequence[Earlier],
                   progress: Callable[[int], bool] | None = None) -> list[EarlierMatch]:
    """The responses of this tender's bids that share passages with responses of earlier tenders' bids, whatever
    the criterion in either: the same bid writers come back year after year. Common phrasing (a trigram in more
    than MAX_SHARED responses of them all) and the question restated (this tender's guidance) are left out, as
    within a tender. Advisory, like every screen."""
    guidance = {c.id: sentences(c.guidance) for c in ev.framework.criteria}
    guidance_grams = set().union(*(trigrams(_words(g)) for g in guidance.values())) if guidance else set()
    split = [sentences(e.text) for e in earlier]
    earlier_words = [_words(s) for s in split]
    grams = [trigrams(ws) - guidance_grams for ws in earlier_words]
    bids = {b.id for b in ev.bids if not b.out_of_competition}
    current = [r for r in ev.responses if r.bid_id in bids and r.text.strip()]
    mine: list[tuple[list[Sentence], frozenset[int], set[Gram]]] = []
    mine_words: list[list[str]] = []
    for r in current:
        sents = sentences(r.text)
        skip, _found = _restated(r.text, sents, guidance.get(r.criterion_id, []))
        words = _words(s for i, s in enumerate(sents) if i not in skip)
        mine_words.append(words)
        mine.append((sents, skip, trigrams(words) - guidance_grams))
    counts: Counter[Gram] = Counter()
    for gs in grams:
        counts.update(gs)
    for _s, _k, gs in mine:
        counts.update(gs)
    index: dict[Gram, list[int]] = defaultdict(list)
    for n, gs in enumerate(grams):
        for g in gs:
            if counts[g] <= MAX_SHARED:
                index[g].append(n)
    rate = _chance([*earlier_words, *mine_words])  # text from a small vocabulary shares trigrams by chance
    pairs_screened = len(mine) * len(grams)
    out = []
    for i, (r, (sents, skip, gs)) in enumerate(zip(current, mine, strict=True)):
        hits: Counter[int] = Counter(n for g in gs for n in index.get(g, ()))
        for n, count in hits.items():
            if count < max(MIN_CANDIDATE, _needed(rate, len(gs), len(grams[n]), pairs_screened)):
                continue
            fraction, passages = align(r.text, earlier[n].text, sents, split[n], skip, frozenset())
            if passages and (fraction >= MIN_SHARED or any(p.a[1] - p.a[0] >= LONG_PASSAGE for p in passages)):
                out.append(EarlierMatch(r.bid_id, r.criterion_id, earlier[n], fraction, passages))
        if progress is not None and not progress(int(100 * (i + 1) / max(1, len(current)))):
            raise Cancelled
    out.sort(key=lambda m: (-m.shared, m.bid_id, m.criterion_id))
    return out
