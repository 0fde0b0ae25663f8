"""Date expressions -> date ranges, resolved against the publication date.

This module owns finding date expressions in a report (:func:`find_dates`)
and resolving one (:func:`resolve_date`) to a ``start..end`` range with
ACLED's ``time_precision`` and UCDP's ``date_prec``.  Which event a date
belongs to is the event extractor's business, not this module's.

Principles:

* Relative expressions ("on Thursday", "last week", "early December") are
  resolved against the publication date and never guessed without it: with
  ``published=None`` they give None.  Explicit dates ("8 March 2025",
  "2025-03-08", "March 2025") resolve on their own.
* With ``context_past`` (the default: reports tell what happened) a bare
  weekday or month is the most recent one on or before publication, and a
  range that runs past publication ends on it.  ``context_past=False`` reads
  them forward ("talks will open on Monday").
* Durations ("two days of clashes", "for 48 hours") are not dates.  Offsets
  from an event ("three months after") need ``anchor``; "three months ago"
  counts back from publication.
* Own rules first (:data:`DATE_RULES`); ``dateparser`` is only a fallback
  for explicit dates the rules do not read ("8-Mar-2025"), imported lazily,
  offline (it parses strings, it fetches nothing).

Choices, with ``published`` = Saturday 8 March 2025:

=====================  ========================  =====================
expression             range                     granularity
=====================  ========================  =====================
Thursday / on Thursday 2025-03-06                day
Saturday               2025-03-08 (same day)     day
last Saturday          2025-03-01 (strictly before)  day
Monday night           that Monday               day
overnight, last night  2025-03-07..08            night
this week              2025-03-03..08            week
last week              2025-02-24..03-02 (previous calendar week, Mon-Sun, as ACLED)
last weekend           2025-03-01..02            weekend
early/mid/late Dec.    1-10 / 11-20 / 21-31 Dec 2024 (most recent that began by publication)
in December            2024-12-01..31            month
last month            2025-02-01..28            month
the past 24 hours      2025-03-07..08            span
three months ago       2024-12-01..31            month
since Thursday         2025-03-06..08            span
=====================  ========================  =====================

Precision by granularity (ACLED time_precision / UCDP date_prec): day 1/1,
night 1/2 (ACLED codes the night's date; UCDP sees two days), weekend 2/2,
week 2/3, part of a month 3/4 (ten days is more than a week), month 3/4,
part of a year and year 3/5.  A ``span`` takes them from its length: 1 day
1/1, 2-6 days 2/2, 7 days 2/3, 8-31 days 3/4, longer 3/5.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from spacy.tokens import Doc

Granularity = Literal[
    "day", "night", "weekend", "week", "month_part", "month", "year_part", "year", "span"
]
Needs = Literal["published", "anchor"]

PRECISION: Mapping[str, tuple[int, int]] = MappingProxyType(
    {
        "day": (1, 1),
        "night": (1, 2),
        "weekend": (2, 2),
        "week": (2, 3),
        "month_part": (3, 4),
        "month": (3, 4),
        "year_part": (3, 5),
        "year": (3, 5),
    }
)


@dataclass(frozen=True, slots=True)
class DateResolution:
    """A resolved date: ``time_precision`` is ACLED's 1-3, ``date_prec`` UCDP's 1-5."""

    start: date
    end: date
    time_precision: int
    date_prec: int
    text: str


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in a text, char offsets; unresolved says what it needs."""

    text: str
    start: int
    end: int
    resolution: DateResolution | None
    needs: Needs | None = None


@dataclass(frozen=True, slots=True)
class _Context:
    published: date | None
    past: bool
    anchor: date | None


_Range = tuple[date, date, Granularity]
_Outcome = _Range | Needs | None


@dataclass(frozen=True, slots=True)
class DateRule:
    """A named rule: its pattern (case-insensitive) and how a match resolves.

    ``relative`` ranges are clamped to publication when reading the past;
    ``needs_cue`` rules (a bare month or year) are only looked for in running
    text after a preposition or "early/mid/late".
    """

    pattern: re.Pattern[str]
    resolve: Callable[[re.Match[str], _Context], _Outcome]
    relative: bool = True
    needs_cue: bool = False


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_NUMBER_NAMES = "zero one two three four five six seven eight nine ten eleven twelve"
_NUMBER_WORDS: Mapping[str, int] = MappingProxyType(
    {w: n for n, w in enumerate(_NUMBER_NAMES.split())}
    | {"a": 1, "an": 1, "twenty-four": 24, "forty-eight": 48}
)

_PREP = r"(?:(?P<prep>on|in|at|during|over|since|by|until|till|throughout)\s+)?"
_WEEKDAY = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MONTH_FULL = (
    r"(?P<month>january|february|march|april|may|june|july|august|september|october"
    r"|november|december)"
)
_MONTH_ANY = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PART = (
    r"(?P<part>early|mid|late|(?:the\s+)?(?:beginning|start|middle|end)\s+of)"
    r"(?:\s+|-|\s*-\s*)"
)
_NUMBER = r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_UNIT = r"(?P<unit>hour|day|week|month|year|decade)s?"


def _rule(
    body: str,
    resolve: Callable[[re.Match[str], _Context], _Outcome],
    *,
    relative: bool = True,
    needs_cue: bool = False,
) -> DateRule:
    pattern = re.compile(rf"(?<![\w-]){_PREP}(?P<body>{body})(?![\w])", re.IGNORECASE)
    return DateRule(pattern, resolve, relative=relative, needs_cue=needs_cue)


def _safe_date(year: int, month: int, day: int) -> date | None:
    if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
        return date(year, month, day)
    return None


def _month_number(name: str) -> int:
    name = name.lower().rstrip(".")
    return next(n for n, full in enumerate(_MONTH_NAMES, start=1) if full.startswith(name))


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _part_of(start: date, end: date, part: str | None, unit: str) -> _Range:
    """Early/mid/late of a month (1-10, 11-20, 21-end) or a year (Jan-Apr, May-Aug, Sep-Dec)."""
    whole: Granularity = "month" if unit == "month" else "year"
    if not part:
        return start, end, whole
    third = {"early": 0, "beginning": 0, "start": 0, "mid": 1, "middle": 1}.get(
        part.lower().split()[-2] if " " in part else part.lower(), 2
    )
    if unit == "month":
        lo = start.replace(day=1 + 10 * third)
        hi = end if third == 2 else start.replace(day=10 + 10 * third)
        return lo, hi, "month_part"
    lo = date(start.year, 1 + 4 * third, 1)
    return lo, _month_range(start.year, 4 + 4 * third)[1], "year_part"


def _latest(candidates: Callable[[int], _Range], ctx: _Context) -> _Outcome:
    """The occurrence of a yearless month/day closest to publication on the right side."""
    if ctx.published is None:
        return "published"
    pub = ctx.published
    found = candidates(pub.year)
    if ctx.past and found[0] > pub:
        found = candidates(pub.year - 1)
    elif not ctx.past and found[1] < pub:
        found = candidates(pub.year + 1)
    return found


def _iso(m: re.Match[str], ctx: _Context) -> _Outcome:
    day = _safe_date(int(m["year"]), int(m["mon"]), int(m["day"]))
    return (day, day, "day") if day else None


def _numeric(m: re.Match[str], ctx: _Context) -> _Outcome:
    a, b = int(m["a"]), int(m["b"])
    if (a <= 12) == (b <= 12):  # 8/3/2025: day-month or month-day? unknowable
        return None
    day = _safe_date(int(m["year"]), min(a, b), max(a, b))
    return (day, day, "day") if day else None


def _day_month(m: re.Match[str], ctx: _Context) -> _Outcome:
    month, day = _month_number(m["month"]), int(m["day"])
    if m["year"]:
        found = _safe_date(int(m["year"]), month, day)
        return (found, found, "day") if found else None
    if _safe_date(2000, month, day) is None:  # a leap year admits 29 February
        return None

    def on(year: int) -> _Range:
        found = _safe_date(year, month, day) or date(year, month, day - 1)
        return found, found, "day"

    return _latest(on, ctx)


def _month(m: re.Match[str], ctx: _Context) -> _Outcome:
    month = _month_number(m["month"])

    def part(year: int) -> _Range:
        return _part_of(*_month_range(year, month), m["part"], "month")

    if m.groupdict().get("year"):
        return part(int(m["year"]))
    return _latest(part, ctx)


def _year(m: re.Match[str], ctx: _Context) -> _Outcome:
    year = int(m["year"])
    return _part_of(date(year, 1, 1), date(year, 12, 31), m["part"], "year")


def _decade(m: re.Match[str], ctx: _Context) -> _Outcome:
    first = int(m["decade"]) * 10
    return date(first, 1, 1), date(first + 9, 12, 31), "span"


def _weekday(m: re.Match[str], ctx: _Context) -> _Outcome:
    if ctx.published is None:
        return "published"
    pub, wanted = ctx.published, _WEEKDAYS.index(m["weekday"].lower())
    rel = (m["rel"] or "").lower()
    forward = rel == "next" or (not ctx.past and rel != "last")
    if forward:
        delta = (wanted - pub.weekday()) % 7 or (7 if rel == "next" else 0)
        found = pub + timedelta(days=delta)
    else:
        delta = (pub.weekday() - wanted) % 7 or (7 if rel == "last" else 0)
        found = pub - timedelta(days=delta)
    return found, found, "day"


def _day_word(m: re.Match[str], ctx: _Context) -> _Outcome:
    if ctx.published is None:
        return "published"
    pub = ctx.published
    word = " ".join(m["word"].lower().split())
    if word in ("overnight", "last night"):
        return pub - timedelta(days=1), pub, "night"
    offset = {"yesterday": -1, "the day before yesterday": -2, "tomorrow": 1}.get(word, 0)
    found = pub + timedelta(days=offset)
    return found, found, "day"


def _period(m: re.Match[str], ctx: _Context) -> _Outcome:
    """last/this/next week, weekend, month, year, with early/mid/late/earlier/later."""
    if ctx.published is None:
        return "published"
    pub, unit = ctx.published, m["unit"].lower()
    rel = " ".join(m["rel"].lower().split())
    step = {"last": -1, "previous": -1, "the previous": -1, "next": 1}.get(rel, 0)
    if rel == "the" and unit != "weekend":
        return None  # "the week", "the year": not anchored
    if unit == "weekend":
        return _weekend(pub, step, past=ctx.past)
    gran: Granularity
    if unit == "week":
        monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=step)
        start, end, gran = monday, monday + timedelta(days=6), "week"
    elif unit == "month":
        first = _add_months(pub.replace(day=1), step)
        start, end, gran = *_month_range(first.year, first.month), "month"
    else:
        start, end, gran = date(pub.year + step, 1, 1), date(pub.year + step, 12, 31), "year"
    part = (m["part"] or "").lower()
    if part == "earlier" and start <= pub:
        return start, max(start, min(end, pub - timedelta(days=1))), "span"
    if part == "later" and end >= pub:
        return max(start, pub), end, "span"
    if part and unit in ("month", "year"):
        return _part_of(start, end, part, unit)
    return start, end, gran


def _weekend(pub: date, step: int, *, past: bool) -> _Range:
    saturday = pub - timedelta(days=(pub.weekday() - 5) % 7)  # on or before publication
    if step < 0 and saturday + timedelta(days=1) >= pub:
        saturday -= timedelta(weeks=1)  # the last weekend that is over
    elif step > 0 or (not past and saturday < pub - timedelta(days=1)):
        saturday += timedelta(weeks=1)
    return saturday, saturday + timedelta(days=1), "weekend"


def _shift(day: date, n: int, unit: str) -> _Range:
    if unit == "hour":  # the hour of publication is unknown: the days it may fall on
        found = day + timedelta(days=(1 if n > 0 else -1) * -(-abs(n) // 24))
        return min(day, found), max(day, found), "span"
    if unit == "day":
        found = day + timedelta(days=n)
        return found, found, "day"
    if unit == "week":
        found = day + timedelta(weeks=n)
        monday = found - timedelta(days=found.weekday())
        return monday, monday + timedelta(days=6), "week"
    if unit == "month":
        found = _add_months(day, n)
        return (*_month_range(found.year, found.month), "month")
    years = n * (10 if unit == "decade" else 1)
    return date(day.year + years, 1, 1), date(day.year + years, 12, 31), "year"


def _offset(m: re.Match[str], ctx: _Context) -> _Outcome:
    """ "three days ago" (from publication), "three months after" (from an anchor)."""
    n = _count(m["n"])
    unit, direction = m["unit"].lower(), m["dir"].lower()
    sign = 1 if direction in ("after", "later") else -1
    base = ctx.published if direction == "ago" else ctx.anchor
    if base is None:
        return "published" if direction == "ago" else "anchor"
    return _shift(base, sign * n, unit)


def _rolling(m: re.Match[str], ctx: _Context) -> _Outcome:
    """ "the past 24 hours", "the last two days", "the past week": a window up to publication."""
    if ctx.published is None:
        return "published"
    pub, n, unit = ctx.published, _count(m["n"] or "1"), m["unit"].lower()
    if unit == "hour":  # the hour of publication is unknown: 24 hours reach into yesterday
        start = pub - timedelta(days=-(-n // 24))
    elif unit in ("day", "week"):  # "the past two days" are yesterday and today
        start = pub - timedelta(days=n * (7 if unit == "week" else 1) - 1)
    else:
        start = _add_months(pub, -n * {"month": 1, "year": 12, "decade": 120}[unit])
    return start, pub, "span"


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


# The rules, tried in this order by resolve_date (the first that matches the
# whole expression wins) and all at once by find_dates (the longest wins).
DATE_RULES: Mapping[str, DateRule] = MappingProxyType(
    {
        "iso": _rule(r"(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})", _iso, relative=False),
        "numeric": _rule(
            r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4})", _numeric, relative=False
        ),
        "day_month": _rule(
            rf"(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH_ANY}(?:,?\s+{_YEAR})?",
            _day_month,
        ),
        "month_day": _rule(
            rf"(?:{_WEEKDAY},?\s+)?{_MONTH_ANY}\s+(?:the\s+)?{_DAY}(?![\d:])(?:,?\s+{_YEAR})?",
            _day_month,
        ),
        "month_year": _rule(rf"(?:{_PART})?{_MONTH_ANY},?\s+{_YEAR}", _month, relative=False),
        "month": _rule(rf"(?:{_PART})?{_MONTH_FULL}", _month, needs_cue=True),
        "year": _rule(rf"(?:{_PART})?{_YEAR}", _year, relative=False, needs_cue=True),
        "decade": _rule(r"the\s+(?P<decade>(?:19|20)\d)0s", _decade, relative=False),
        "weekday": _rule(
            rf"(?:(?P<rel>last|this|next|early|late)\s+)?{_WEEKDAY}"
            r"(?:\s+(?P<tod>morning|afternoon|evening|night))?",
            _weekday,
        ),
        "day_word": _rule(
            r"(?P<word>the\s+day\s+before\s+yesterday|yesterday|today|tonight|tomorrow"
            r"|overnight|last\s+night|this\s+(?:morning|afternoon|evening)|earlier\s+today)"
            r"(?:\s+(?:morning|afternoon|evening|night))?",
            _day_word,
        ),
        "period": _rule(
            r"(?:(?P<part>early|mid|late|earlier|later)(?:\s+|-))?"
            r"(?P<rel>last|this|next|previous|the\s+previous|the)\s+"
            r"(?P<unit>week|weekend|month|year)",
            _period,
        ),
        "offset": _rule(rf"{_NUMBER}\s+{_UNIT}\s+(?P<dir>ago|after|before|later|earlier)", _offset),
        "rolling": _rule(rf"the\s+(?:past|last|previous)\s+(?:{_NUMBER}\s+)?{_UNIT}", _rolling),
    }
)


def _normalise(published: date | None) -> date | None:
    return published.date() if isinstance(published, datetime) else published


def _span_precision(days: int) -> tuple[int, int]:
    if days == 1:
        return 1, 1
    if days <= 7:
        return 2, (2 if days < 7 else 3)
    return 3, (4 if days <= 31 else 5)


def _to_resolution(found: _Range, text: str) -> DateResolution:
    start, end, gran = found
    precision = _span_precision((end - start).days + 1) if gran == "span" else PRECISION[gran]
    return DateResolution(start, end, precision[0], precision[1], text)


def _apply(rule: DateRule, m: re.Match[str], ctx: _Context) -> DateResolution | Needs | None:
    outcome = rule.resolve(m, ctx)
    if outcome is None or isinstance(outcome, str):
        return outcome
    start, end, gran = outcome
    pub = ctx.published
    since = (m["prep"] or "").lower() == "since"
    if since:
        if pub is None:
            return "published"
        start, end, gran = start, max(start, pub), "span"
    elif rule.relative and ctx.past and pub is not None and start <= pub < end:
        end = pub  # what a report tells has happened by the time it is published
    text = m.group() if since else m["body"]
    return _to_resolution((start, end, gran), text)


def _resolve(expression: str, ctx: _Context) -> DateResolution | Needs | None:
    text = " ".join(expression.split())
    for rule in DATE_RULES.values():
        m = rule.pattern.fullmatch(text)
        if m is not None:
            return _apply(rule, m, ctx)
    return _dateparser_day(text, ctx.published)


_LOOKS_EXPLICIT = re.compile(
    r"\d.*\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b.*\d",
    re.IGNORECASE,
)


def _dateparser_day(text: str, published: date | None) -> DateResolution | None:
    """Explicit dates our rules miss ("8-Mar-2025"); only text with a month and a digit."""
    if not _LOOKS_EXPLICIT.search(text):
        return None
    import dateparser  # slow to import; parses locally, never fetches

    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["day", "month", "year"] if published is None else ["day", "month"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    if parsed is None:
        return None
    return _to_resolution((parsed.date(), parsed.date(), "day"), text)


def resolve_date(
    expression: str,
    *,
    published: date | None,
    context_past: bool = True,
    anchor: date | None = None,
) -> DateResolution | None:
    """Resolve one date expression; None when it is not a date or cannot be resolved.

    ``anchor`` is the date of the event that "three months after" counts from.
    """
    ctx = _Context(_normalise(published), context_past, anchor)
    found = _resolve(expression, ctx)
    return found if isinstance(found, DateResolution) else None


def find_dates(
    doc_or_text: str | Doc,
    *,
    published: date | None,
    context_past: bool = True,
    anchor: date | None = None,
) -> list[DateMention]:
    """Date expressions in a text or spaCy ``Doc``, in order, not overlapping.

    Our rules run over the text; a ``Doc``'s DATE and TIME entities add what
    they miss when they resolve.  Month and weekday names must be capitalised
    ("may" is a verb).  A preposition is left out of the mention, except
    "since" (it makes a range up to publication).
    """
    ctx = _Context(_normalise(published), context_past, anchor)
    text = doc_or_text if isinstance(doc_or_text, str) else doc_or_text.text
    found: list[tuple[int, int, re.Match[str], DateRule]] = []
    for rule in DATE_RULES.values():
        for m in rule.pattern.finditer(text):
            names = [m[g] for g in ("month", "weekday") if m.groupdict().get(g)]
            if any(not name[:1].isupper() for name in names):
                continue
            if rule.needs_cue and not (m["prep"] or m.groupdict().get("part")):
                continue
            since = (m["prep"] or "").lower() == "since"
            found.append((m.start() if since else m.start("body"), m.end(), m, rule))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    mentions: list[DateMention] = []
    for start, end, m, rule in found:
        if mentions and start < mentions[-1].end:
            continue
        outcome = _apply(rule, m, ctx)
        if outcome is None:
            continue
        resolution = outcome if isinstance(outcome, DateResolution) else None
        needs = None if isinstance(outcome, DateResolution) else outcome
        mentions.append(DateMention(text[start:end], start, end, resolution, needs))
    if not isinstance(doc_or_text, str):
        mentions.extend(_entity_dates(doc_or_text, mentions, ctx))
        mentions.sort(key=lambda mention: mention.start)
    return mentions


def _entity_dates(doc: Doc, taken: list[DateMention], ctx: _Context) -> list[DateMention]:
    extra: list[DateMention] = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        if any(ent.start_char < m.end and m.start < ent.end_char for m in taken):
            continue
        outcome = _resolve(ent.text, ctx)
        if isinstance(outcome, DateResolution):
            extra.append(DateMention(ent.text, ent.start_char, ent.end_char, outcome))
        elif outcome is not None:
            extra.append(DateMention(ent.text, ent.start_char, ent.end_char, None, outcome))
    return extra
