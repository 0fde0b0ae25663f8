"""Number expressions -> casualty figures (low, best, high).

This module owns three things and nothing else:

* reading a count written in digits ("1,000", "10 000", "1.2 million") or in
  words ("twenty-three", "two hundred and fifty", "a dozen", "a civilian");
* the hedge table (:data:`HEDGES`) and the vague-word table
  (:data:`VAGUE_WORDS`) that turn "almost 750" or "dozens" into bounds;
* telling a count from a number that is not one (:func:`not_a_count_reason`):
  ages, durations, measures, dates and times, percentages, money, ordinals
  and model numbers.

What is counted (victims, outcome, source) is decided by the claim extractor,
which calls :func:`number_tokens_in` on a parsed ``Doc`` and
:func:`quantity_from_span` / :func:`parse_count` on candidate phrases.
Everything here is pure: no model is loaded, tables are read-only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal, Protocol

from warmonitor.extract.noncounts import is_not_a_count, not_a_count_reason

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = [
    "ACLED_UNSTATED",
    "HEDGES",
    "VAGUE_WORDS",
    "CountMention",
    "Quantity",
    "is_not_a_count",
    "is_unstated",
    "not_a_count_reason",
    "number_tokens_in",
    "parse_count",
    "quantity_from_span",
]

Qualifier = Literal["exact", "at_least", "more_than", "almost", "about", "up_to", "range", "vague"]
Convention = Literal["warmonitor", "acled"]
Bounds = tuple[int | None, int, int | None]


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count as written: ``high`` None means open-ended ("at least 20")."""

    low: int | None
    best: int
    high: int | None
    qualifier: Qualifier
    text: str


@dataclass(frozen=True, slots=True)
class CountMention:
    """A count found in a text: char offsets and token indexes (end exclusive)."""

    quantity: Quantity
    start: int
    end: int
    token_start: int
    token_end: int


class TokenLike(Protocol):
    """What is read from a token: spaCy's ``Token`` satisfies it."""

    @property
    def text(self) -> str: ...
    @property
    def idx(self) -> int: ...
    @property
    def whitespace_(self) -> str: ...
    @property
    def i(self) -> int: ...


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _phrases(phrases: str) -> tuple[str, ...]:
    return tuple(phrases.split("|"))


def _round_half_up(numerator: int, denominator: int = 10) -> int:
    # Integer arithmetic: 0.9 * 750 must give 675, not 674.999...
    return (2 * numerator + denominator) // (2 * denominator)


@dataclass(frozen=True, slots=True)
class HedgeRule:
    """A hedge: the phrases that signal it and how N becomes (low, best, high)."""

    qualifier: Qualifier
    phrases: tuple[str, ...]
    bounds: Callable[[int], Bounds]


# The hedge table.  Every phrase is matched case-insensitively, directly
# before the number, longest phrase first.  N is the number written.
#
#   rule        low             best    high            example
#   at_least    N               N       open            "at least 20"     -> 20/20/-
#   more_than   N+1             N+1     open            "more than 1,000" -> 1001/1001/-
#   almost      round(0.9 N)    N       N               "almost 750"      -> 675/750/750
#   about       round(0.9 N)    N       round(1.1 N)    "close to 150"    -> 135/150/165
#   up_to       open            N       N               "up to 40"        -> -/40/40
#   (range)     A               (A+B)/2 B               "between 30 and 40" -> 30/35/40
#                                                       (convention="acled": best A)
#   fewer_than  open            N-1     N-1             "fewer than 10"   -> -/9/9 (qualifier up_to)
#
# Rounding is half up.  A number with no hedge is exact (N/N/N); ranges and
# vague words are read separately (see _match_core and VAGUE_WORDS).
HEDGES: Mapping[str, HedgeRule] = MappingProxyType(
    {
        "at_least": HedgeRule(
            "at_least",
            _phrases("at least|no fewer than|no less than|not less than|a minimum of"),
            lambda n: (n, n, None),
        ),
        "more_than": HedgeRule(
            "more_than",
            _phrases("more than|over|upwards of|upward of|in excess of|above|just over"),
            lambda n: (n + 1, n + 1, None),
        ),
        "almost": HedgeRule(
            "almost",
            _phrases("almost|nearly|just under|just short of|not quite"),
            lambda n: (_round_half_up(9 * n), n, n),
        ),
        "about": HedgeRule(
            "about",
            _phrases(
                "about|around|some|close to|approximately|roughly|an estimated|estimated|circa"
            ),
            lambda n: (_round_half_up(9 * n), n, _round_half_up(11 * n)),
        ),
        "up_to": HedgeRule(
            "up_to",
            _phrases("up to|as many as|at most|no more than|not more than|a maximum of"),
            lambda n: (None, n, n),
        ),
        "fewer_than": HedgeRule(
            "up_to",
            _phrases("fewer than|less than|under|below"),
            lambda n: (None, max(n - 1, 0), max(n - 1, 0)),
        ),
    }
)


@dataclass(frozen=True, slots=True)
class VagueRule:
    """Bounds for a vague word; ``acled`` replaces low and best under that convention.

    ``scalable`` words take a following scale ("several hundred" = 300/300/900);
    ``plural`` words take "of <plural scale>" ("tens of thousands").
    """

    default: tuple[int, int, int]
    acled: int | None = None
    scalable: bool = False
    plural: bool = False
    needs_of: bool = False


# The vague-word table.  best is the most conservative reading (= low), as
# ACLED codes the most conservative figure; high is the largest number for
# which the word would still be used.  Under convention="acled" low and best
# become ACLED's codes ("tens" = 10, "dozens" = 12, "hundreds" = 100; we extend
# "thousands" = 1000 and "millions" = 1,000,000 by analogy) and high is kept.
#
#   phrase            low      best     high       acled
#   a couple (of)     2        2        3          -
#   a few, a handful  3        3        5          -
#   several           3        3        9          -
#   tens of           20       20       99         10
#   dozens            24       24       99         12
#   scores of         40       40       199        -
#   hundreds          200      200      999        100
#   thousands         2000     2000     9999       1000
#   millions          2e6      2e6      9999999    1e6
#
# Compounds multiply: "several hundred" = 300/300/900, "a few thousand" =
# 3000/3000/5000, "tens of thousands" = 20000/20000/99000.  "many" and
# "numerous" are not counts here.  ACLED codes a vague "several" as 10 (high
# becomes 10 too); a compound ("several hundred") keeps the default.
VAGUE_WORDS: Mapping[str, VagueRule] = MappingProxyType(
    {
        "a couple of": VagueRule((2, 2, 3), scalable=True),
        "a couple": VagueRule((2, 2, 3), scalable=True),
        "a few": VagueRule((3, 3, 5), scalable=True),
        "a handful of": VagueRule((3, 3, 5)),
        "a handful": VagueRule((3, 3, 5)),
        "several": VagueRule((3, 3, 9), acled=10, scalable=True),
        "tens": VagueRule((20, 20, 99), acled=10, plural=True, needs_of=True),
        "dozens": VagueRule((24, 24, 99), acled=12, plural=True),
        "scores": VagueRule((40, 40, 199), plural=True, needs_of=True),
        "hundreds": VagueRule((200, 200, 999), acled=100, plural=True),
        "thousands": VagueRule((2000, 2000, 9999), acled=1000, plural=True),
        "millions": VagueRule((2_000_000, 2_000_000, 9_999_999), acled=1_000_000, plural=True),
    }
)

# Amounts that only the ACLED convention reads, each as ACLED codes an unstated
# number of fatalities (10): "a number of", "an unknown number of", "unspecified
# number", "heavy casualties".  Under the default convention they are no count.  The
# claim passes drop such a figure when the report gives any other for the outcome
# (:func:`is_unstated`).
ACLED_UNSTATED: Mapping[str, int] = MappingProxyType(
    {
        "a number": 10,
        "a large number": 10,
        "an unknown number": 10,
        "unknown number": 10,
        "an unspecified number": 10,
        "unspecified number": 10,
        "an undisclosed number": 10,
        "undisclosed number": 10,
        "an undetermined number": 10,
        "undetermined number": 10,
        "heavy": 10,
    }
)
# "heavy" is an amount only before these words.
_HEAVY_NOUNS = frozenset({"casualties", "losses", "fatalities", "casualities", "causalities"})

_PLURAL_SCALES: Mapping[str, int] = MappingProxyType(
    {"hundreds": 100, "thousands": 1000, "millions": 1_000_000}
)
_UNIT_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety"
_UNITS: Mapping[str, int] = MappingProxyType({w: n for n, w in enumerate(_UNIT_WORDS.split())})
_TENS: Mapping[str, int] = MappingProxyType(
    {w: 10 * n for n, w in enumerate(_TENS_WORDS.split(), start=2)}
)
_SCALES: Mapping[str, int] = MappingProxyType(
    {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
)
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")
_DOT_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+")
_SPACE_GROUPED = re.compile(r"\d{1,3}(?:[\u00a0\u202f\u2009 ]\d{3})+")
_PLAIN = re.compile(r"\d+")
_DECIMAL = re.compile(r"\d+\.\d+")
_WORD_RE = re.compile(
    r"\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?!\d)"  # 10 000 with a no-break space
    r"|\d+(?:[.,:]\d+)*[^\W\d_]*"  # 1,000 / 1.5 / 10:30 / 5km / 3rd
    r"|[^\W\d_]+(?:['’][^\W\d_]+)*"
    r"|\S"
)


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    start: int
    space_after: bool
    i: int  # the token's index in its Doc

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _words_from_text(text: str) -> list[_Word]:
    found = enumerate(_WORD_RE.finditer(text))
    return [_Word(m[0], m.start(), text[m.end() : m.end() + 1].isspace(), n) for n, m in found]


def _words_from_tokens(tokens: Iterable[TokenLike]) -> list[_Word]:
    return [_Word(t.text, t.idx, bool(t.whitespace_), t.i) for t in tokens]


def _digits_value(text: str) -> Decimal | None:
    """The value of a digit token; decimals are returned for "1.2 million"."""
    if _PLAIN.fullmatch(text) or _GROUPED.fullmatch(text) or _SPACE_GROUPED.fullmatch(text):
        return Decimal(re.sub(r"[,\s\u00a0\u202f\u2009]", "", text))
    if _DOT_GROUPED.fullmatch(text) or _DECIMAL.fullmatch(text):
        return Decimal(text)
    return None


def _parse_digits(words: Sequence[_Word], i: int) -> tuple[int, int] | None:
    first = words[i]
    value = _digits_value(first.text)
    if value is None:
        return None
    j = i + 1
    # "10 000": groups of three digits separated by a single space
    if _PLAIN.fullmatch(first.text) and len(first.text) <= 3:
        while (
            j < len(words)
            and words[j - 1].space_after
            and words[j].start == words[j - 1].end + 1
            and re.fullmatch(r"\d{3}", words[j].text)
        ):
            value = value * 1000 + Decimal(words[j].text)
            j += 1
    scaled = False
    while j < len(words) and (words[j].lower in _SCALES or words[j].lower == "dozen"):
        value *= _SCALES.get(words[j].lower, 12)
        scaled = True
        j += 1
    if "." in first.text and not scaled:
        # "1.200" is a thousands separator; "1.5" or "1.25" alone is not a count
        if not _DOT_GROUPED.fullmatch(first.text):
            return None
        value = Decimal(first.text.replace(".", ""))
    if value != value.to_integral_value():
        return None
    return int(value), j


def _parse_words(words: Sequence[_Word], i: int) -> tuple[int, int] | None:
    """Spelled numbers: "twenty-three", "two hundred and fifty", "a dozen"."""
    total = current = 0
    last, j, end = "", i, i  # last: the kind of the last number word read
    if words[i].lower in ("a", "an") and _lower_at(words, i + 1) in (*_SCALES, "dozen"):
        current, last, j = 1, "unit", i + 1
    while j < len(words):
        w = words[j].lower
        if w in _UNITS and (
            last in ("", "hundred", "scale") or (last == "tens" and 0 < _UNITS[w] < 10)
        ):
            current, last = current + _UNITS[w], "unit"
        elif w in _TENS and last in ("", "hundred", "scale"):
            current, last = current + _TENS[w], "tens"
        elif w in ("hundred", "dozen") and last in ("unit", "tens") and 0 < current < 100:
            current, last = current * _SCALES.get(w, 12), "hundred"
        elif w in _SCALES and last in ("unit", "tens", "hundred"):
            total, current, last = total + current * _SCALES[w], 0, "scale"
        elif _joins_number_words(words, j, last):
            j += 1  # "and" or a hyphen: kept only if a number word follows
            continue
        else:
            break
        j += 1
        end = j
    return (total + current, end) if end > i else None


def _lower_at(words: Sequence[_Word], k: int) -> str:
    return words[k].lower if k < len(words) else ""


def _joins_number_words(words: Sequence[_Word], j: int, last: str) -> bool:
    nxt = _lower_at(words, j + 1)
    if words[j].lower == "and":
        return last in ("hundred", "scale") and (nxt in _UNITS or nxt in _TENS)
    glued = words[j - 1].end == words[j].start and j + 1 < len(words)
    glued = glued and words[j].end == words[j + 1].start
    return words[j].lower in ("-", "–") and last == "tens" and glued and 0 < _UNITS.get(nxt, 0) < 10


def _parse_number(words: Sequence[_Word], i: int) -> tuple[int, int] | None:
    if i >= len(words):
        return None
    if words[i].text[:1].isdigit():
        return _parse_digits(words, i)
    return _parse_words(words, i)


def _match_phrase(words: Sequence[_Word], i: int, phrases: Iterable[str]) -> int:
    """Number of words of the longest phrase starting at ``i`` (0 if none)."""
    lowered = [w.lower for w in words[i : i + 4]]  # no phrase is longer than 4 words
    best = 0
    for phrase in phrases:
        parts = phrase.split()
        if len(parts) > best and lowered[: len(parts)] == parts:
            best = len(parts)
    return best


def _match_vague(
    words: Sequence[_Word], i: int, convention: Convention
) -> tuple[tuple[int, int, int | None], int] | None:
    size = _match_phrase(words, i, VAGUE_WORDS)
    if not size and convention == "acled":
        return _match_unstated(words, i)
    if not size:
        return None
    phrase = " ".join(w.lower for w in words[i : i + size])
    rule = VAGUE_WORDS[phrase]
    low, best, high = rule.default
    j = i + size
    scaled = _lower_at(words, j) in _SCALES or _lower_at(words, j) == "dozen"
    if convention == "acled" and rule.acled is not None and not (rule.scalable and scaled):
        low = best = rule.acled
        high = max(high, rule.acled)
    if rule.needs_of and (j >= len(words) or words[j].lower != "of"):
        return None
    if rule.scalable:
        while j < len(words) and (words[j].lower in _SCALES or words[j].lower == "dozen"):
            factor = _SCALES.get(words[j].lower, 12)
            low, best, high = low * factor, best * factor, high * factor
            j += 1
    elif rule.plural:
        while (
            j + 1 < len(words) and words[j].lower == "of" and words[j + 1].lower in _PLURAL_SCALES
        ):
            factor = _PLURAL_SCALES[words[j + 1].lower]
            low, best, high = low * factor, best * factor, high * factor
            j += 2
    return (low, best, high), j


def _match_unstated(
    words: Sequence[_Word], i: int
) -> tuple[tuple[int, int, int | None], int] | None:
    size = _match_phrase(words, i, ACLED_UNSTATED)
    if not size:
        return None
    phrase = " ".join(w.lower for w in words[i : i + size])
    if phrase == "heavy" and _lower_at(words, i + 1) not in _HEAVY_NOUNS:
        return None
    n = ACLED_UNSTATED[phrase]
    return (n, n, None), i + size


def is_unstated(quantity: Quantity) -> bool:
    """An ACLED-convention code for an unstated number ("an unknown number of")."""
    return quantity.qualifier == "vague" and quantity.text.lower() in ACLED_UNSTATED


def _match_range(words: Sequence[_Word], i: int) -> tuple[int, int, int] | None:
    """ "between 30 and 40", "from 30 to 40", "30 to 40", "30-40", "two or three"."""
    opener = words[i].lower if i < len(words) else ""
    start = i + 1 if opener in ("between", "from") else i
    first = _parse_number(words, start)
    if first is None or first[1] + 1 >= len(words):
        return None
    low, k = first
    joiner = words[k]
    glued = words[k - 1].end == joiner.start and joiner.end == words[k + 1].start
    allowed = {"between": ("and",), "from": ("to",)}.get(opener, ("to", "or", "-", "–"))
    digits = words[k - 1].text[:1].isdigit() and words[k + 1].text[:1].isdigit()
    if joiner.lower not in allowed or (joiner.lower in ("-", "–") and not (glued or digits)):
        return None
    second = _parse_number(words, k + 1)
    if second is None or second[0] <= low:
        return None
    return low, second[0], second[1]


def _match_core(
    words: Sequence[_Word], i: int, *, convention: Convention, allow_article: bool
) -> tuple[Qualifier, Bounds, int] | None:
    if i >= len(words):
        return None
    ranged = _match_range(words, i)
    if ranged is not None:
        low, high, end = ranged
        # ACLED codes the lower figure of a range ("19-22 killed" is 19): its coders
        # take the most conservative figure a report gives.
        best = low if convention == "acled" else (low + high) // 2
        return "range", (low, best, high), end
    vague = _match_vague(words, i, convention)
    if vague is not None:
        return "vague", vague[0], vague[1]
    number = _parse_number(words, i)
    if number is not None:
        n, end = number
        return "exact", (n, n, n), end
    if (
        allow_article
        and words[i].lower in ("a", "an")
        and i + 1 < len(words)
        and words[i + 1].text[:1].isalpha()
        and words[i + 1].lower not in _NOT_ONE
    ):
        return "exact", (1, 1, 1), i + 1
    return None


# "a number of", "a lot of": the article counts no one.
_NOT_ONE = frozenset({"number", "lot", "large", "unknown", "unspecified", "undisclosed"})

# After a number: "five or more" is at least five, "fifty or so" about fifty.
_POST_HEDGES: Mapping[str, str] = MappingProxyType({"or more": "at_least", "or so": "about"})


def _context_before(words: Sequence[_Word], k: int, *, limit: int = 3) -> list[str]:
    """Up to ``limit`` words before ``words[k]``; words glued to it are joined ("F-")."""
    glued_start = k
    while glued_start > 0 and words[glued_start - 1].end == words[glued_start].start:
        glued_start -= 1
    glued = "".join(w.text for w in words[glued_start:k])
    loose = [w.text for w in words[max(0, glued_start - limit) : glued_start]]
    return [*loose, glued] if glued else loose


_HEDGE_PHRASES: Mapping[str, HedgeRule] = MappingProxyType(
    {p: rule for rule in HEDGES.values() for p in rule.phrases}
)
# Words a count expression can start with; anything else is skipped at once.
_STARTERS = frozenset(
    {p.split()[0] for p in _HEDGE_PHRASES}
    | {p.split()[0] for p in VAGUE_WORDS}
    | {p.split()[0] for p in ACLED_UNSTATED}
    | {*_UNITS, *_TENS, "a", "an", "between", "from"}
)


def _match_at(
    words: Sequence[_Word], i: int, *, convention: Convention, allow_article: bool
) -> tuple[Quantity, int] | None:
    if not words[i].text[:1].isdigit() and words[i].lower not in _STARTERS:
        return None
    size = _match_phrase(words, i, _HEDGE_PHRASES)
    hedge = _HEDGE_PHRASES.get(" ".join(w.lower for w in words[i : i + size]))
    core = _match_core(words, i + size, convention=convention, allow_article=allow_article)
    if core is None:
        return None
    qualifier, (low, best, high), end = core
    following = [w.text for w in words[end : end + 5]]
    numbers = [k for k in range(i + size, end) if words[k].text[:1].isdigit()] or [i + size]
    for k in numbers:
        if not_a_count_reason(words[k].text, following, preceding=_context_before(words, k)):
            return None
    post = _match_phrase(words, end, _POST_HEDGES)
    if qualifier == "exact" and hedge is None and post:
        hedge = HEDGES[_POST_HEDGES[" ".join(w.lower for w in words[end : end + post])]]
        end += post
    if hedge is not None:
        if qualifier == "exact":
            qualifier = hedge.qualifier
            low, best, high = hedge.bounds(best)
        elif hedge.qualifier in ("at_least", "more_than"):
            high = None
    return Quantity(low, best, high, qualifier, _span_text(words, i, end)), end


def _span_text(words: Sequence[_Word], start: int, end: int) -> str:
    return "".join(w.text + " " * w.space_after for w in words[start:end]).strip()


def parse_count(text: str, *, convention: Convention = "warmonitor") -> Quantity | None:
    """The count expression at the start of ``text``, or None.

    Words after the expression are context ("almost 750 civilians" gives
    675/750/750, "a 57-year-old" gives None).  A leading "a"/"an" before a
    noun counts one ("a civilian").
    """
    words = _words_from_text(text)
    match = _match_at(words, 0, convention=convention, allow_article=True) if words else None
    return match[0] if match else None


def quantity_from_span(
    span: Span | Token, *, convention: Convention = "warmonitor"
) -> Quantity | None:
    """The count expression starting at the first token of a spaCy span or token.

    The tokens of the whole ``Doc`` around it are the context, so a ``Span``
    "57" inside "a 57-year-old" is rejected.
    """
    doc = span.doc
    first = span.start if hasattr(span, "start") else span.i
    words = _words_from_tokens(doc)
    match = _match_at(words, first, convention=convention, allow_article=True)
    return match[0] if match else None


def number_tokens_in(
    doc_or_text: str | Iterable[TokenLike],
    *,
    convention: Convention = "warmonitor",
    include_articles: bool = False,
) -> Iterator[CountMention]:
    """Count candidates in a ``Doc`` (or plain text), left to right, not overlapping.

    Numbers that are not counts are skipped.  ``include_articles`` also yields
    "a"/"an" before a noun as one (off by default: most are not counts).
    Offsets are characters of the text; token indexes are the ``Doc``'s.
    """
    if isinstance(doc_or_text, str):
        words = _words_from_text(doc_or_text)
    else:
        words = _words_from_tokens(doc_or_text)
    i = 0
    while i < len(words):
        match = _match_at(words, i, convention=convention, allow_article=include_articles)
        if match is None:
            i += 1
            continue
        quantity, end = match
        yield CountMention(
            quantity, words[i].start, words[end - 1].end, words[i].i, words[end - 1].i + 1
        )
        i = end
