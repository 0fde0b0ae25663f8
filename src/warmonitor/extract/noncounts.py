"""Numbers that are not counts: ages, durations, measures, dates, times, shares, sums, labels.

:func:`not_a_count_reason` looks at the words around a number (no parse is
needed) and says why it cannot count people, or None when it may.  The count
reader in ``quantities`` asks it about every number it reads.  On the parse,
:func:`is_age` ("Marquise Harris, 16", "children aged 4, 9 and 15") and
:func:`label_number` ("Zona 12", "Camp 4") tell the claim reader (``claims``) a
number is no count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from warmonitor.extract.outcomes import person_group

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_DOT_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+")
_SCALE_WORDS = frozenset({"hundred", "thousand", "million", "billion"})
_ORDINALS = _wordset(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth hundredth "
    "thousandth millionth"
)
_MONTHS = _wordset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
_DURATION_UNITS = _wordset(
    "second seconds sec secs minute minutes min mins hour hours hr hrs day days night nights "
    "week weeks weekend weekends fortnight fortnights month months year years yr yrs decade "
    "decades century centuries"
)
_MEASURE_UNITS = _wordset(
    "m metre metres meter meters km kms kilometre kilometres kilometer kilometers mile miles "
    "mi ft foot feet yard yards inch inches cm centimetres centimeters mm millimetre "
    "millimetres millimeter millimeters kg kilo kilos kilogram kilograms kilogrammes g gram "
    "grams tonne tonnes ton tons kiloton kilotons litre litres liter liters gallon gallons "
    "barrel barrels bpd hectare hectares ha acre acres square sq cubic degree degrees ° °c "
    "kph mph km/h knots calibre caliber mw kw kwh megawatts gigawatts"
)
_CURRENCY_WORDS = _wordset(
    "dollar dollars usd euro euros eur pound pounds sterling gbp lira liras pound rouble "
    "roubles ruble rubles rub hryvnia hryvnias uah yen yuan rupee rupees shekel shekels dinar "
    "dinars riyal riyals rial rials syp cent cents"
)
_CURRENCY_SIGNS = frozenset({"$", "€", "£", "¥", "₴", "₽", "₪", "us$", "usd", "eur", "gbp"})
_TIME_WORDS = frozenset({"am", "pm", "a.m.", "p.m.", "o'clock", "gmt", "utc", "cet"})
_AGE_PREFIXES = frozenset({"aged", "age", "ages"})
_LABEL_PREFIXES = _wordset(
    "no no. number # model type resolution article flight route highway page chapter section "
    "paragraph room phase level category version class grade platform gate channel"
)
# A bare 1900-2100 is a year after these words...
_YEAR_PREFIXES = _wordset(
    "in since until till during before after early late mid between year spring summer "
    "autumn fall winter copyright ©"
)
# ...and after these (or nothing) only when nothing but punctuation follows ("the war of 2011.").
_WEAK_YEAR_PREFIXES = _wordset("of by from to and , – - (")
# "the 1800 block of", "shot him two times", "fired 30 rounds": not people.
_ADDRESS_WORDS = _wordset("block blocks")
_FREQUENCY_WORDS = _wordset("times time rounds round shots shot bullets bullet")
_YEAR_SUFFIXES = _wordset(
    "election elections census budget war earthquake uprising revolution offensive ceasefire "
    "truce olympics report"
)

_TIME = re.compile(r"\d{1,2}[:.]\d{2}")
_ORDINAL_DIGITS = re.compile(r"\d+(?:st|nd|rd|th)")


def _split_hyphens(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        out.extend(p for p in re.split(r"(-|–)", item) if p)
    return out


def not_a_count_reason(
    number: str, following: Sequence[str] = (), *, preceding: Sequence[str] = ()
) -> str | None:
    """Why ``number`` is not a count, or None when it may be one.

    ``following`` are the words after it (nearest first), ``preceding`` the
    words before it (nearest last); a word glued to the number by a hyphen is
    passed with its hyphen ("F-" before "16").  Month names must be
    capitalised ("30 may have died" is a count).  The reasons: ordinal, time,
    percent, money, age, address, frequency, duration, measure, date, year,
    model, pronoun.
    """
    word = number.strip().lower()
    after_raw = _split_hyphens(following)
    while after_raw and after_raw[0].lower() in _SCALE_WORDS:
        after_raw = after_raw[1:]  # "5 million dollars": the unit comes after the scale
    after = [w.lower() for w in after_raw]
    prev_raw = preceding[-1] if preceding else ""
    prev = prev_raw.lower()
    first = after[0] if after else ""
    second = after[1] if len(after) > 1 else ""
    content = [w for w in after if w not in ("-", "–")]
    if word in _ORDINALS or _ORDINAL_DIGITS.fullmatch(word):
        return "ordinal"
    if first in ("-", "–") and second in _ORDINALS:
        return "ordinal"  # twenty-first
    if (_TIME.fullmatch(word) and not _DOT_GROUPED.fullmatch(word)) or first in _TIME_WORDS:
        return "time"
    if (first, second) == ("local", "time"):
        return "time"  # "at 5 local time"; "2 local policemen" is a count
    if word.endswith("%") or first in ("%", "percent", "pc") or (first, second) == ("per", "cent"):
        return "percent"
    if word[:1] in _CURRENCY_SIGNS or prev in _CURRENCY_SIGNS or first in _CURRENCY_WORDS:
        return "money"
    if prev in _AGE_PREFIXES or (
        len(content) > 1
        and content[0] in ("year", "years", "month", "months")
        and content[1] in ("old", "of")
    ):
        return "age"
    if first in ("'s", "’s", "s") or word.endswith(("'s", "’s")):
        return "age"  # "in his 40's", "the 1990s"
    if content and content[0] in _ADDRESS_WORDS:
        return "address"
    if _is_street_number(word, prev, after_raw):
        return "address"
    if content and content[0] in _FREQUENCY_WORDS:
        return "frequency"
    if content and content[0] in _DURATION_UNITS:
        return "duration"
    if content and content[0] in _MEASURE_UNITS:
        return "measure"
    if _is_month(prev_raw) or _is_month(after_raw[0] if after_raw else ""):
        return "date"
    if first == "of" and len(after_raw) > 1 and _is_month(after_raw[1]):
        return "date"
    if _is_year(word, [p.lower() for p in preceding], first):
        return "year"
    if prev in _LABEL_PREFIXES or (
        prev_raw[-1:] in ("-", "–") and re.search(r"[A-Z]", prev_raw[:-1]) is not None
    ):
        return "model"
    if word == "one" and (prev in ("no", "the", "any", "every", "some") or first == "another"):
        return "pronoun"
    if re.fullmatch(r"\d+[^\W\d_]+", word):
        return "measure"  # 5km, 2k: a unit glued to the digits
    return None


def _is_street_number(word: str, prev: str, after: Sequence[str]) -> bool:
    """ "at 2916 Rosalie", "on 4410 Elm Street": a house number before a street name."""
    if prev not in ("at", "on") or not word.isdigit() or len(word) < 3:
        return False
    if after and _ORDINAL_DIGITS.fullmatch(after[0].lower()):
        return True  # "at 845 5th St."
    return bool(after) and after[0][:1].isupper() and not _is_month(after[0])


def _is_month(raw: str) -> bool:
    return raw[:1].isupper() and raw.rstrip(".").lower() in _MONTHS


def _is_year(word: str, before: Sequence[str], first: str) -> bool:
    if not re.fullmatch(r"(?:19|20)\d\d", word):
        return False
    prev = before[-1] if before else ""
    if prev in _YEAR_PREFIXES or prev in _MONTHS or first in _YEAR_SUFFIXES:
        return True
    if prev == "," and len(before) > 1 and (before[-2].isdigit() or before[-2] in _MONTHS):
        return True  # March 8, 2025
    ends = not first or not first[:1].isalnum()
    return ends and (not prev or prev in _WEAK_YEAR_PREFIXES)


def is_not_a_count(
    number: str, following: Sequence[str] = (), *, preceding: Sequence[str] = ()
) -> bool:
    """True when the number is an age, duration, measure, date, time, share, sum or label."""
    return not_a_count_reason(number, following, preceding=preceding) is not None


# -- on the parse ------------------------------------------------------------------------


def is_age(number: Token) -> bool:
    """ "Marquise Harris, 16, died": a number set off after a name is an age."""
    if number.dep_ == "appos" and number.head.pos_ == "PROPN":
        return True
    word = number
    while word.dep_ == "conj" and word.head is not word:
        word = word.head  # "children aged 4, 9 and 15"
    if word.head.lemma_.lower() == "age" and word.head.i < word.i:
        return True
    doc = number.doc
    i = number.i
    if 1 <= i < len(doc) - 1 and doc[i - 1].text == "," and doc[i + 1].text in (",", ")"):
        return doc[i - 2].pos_ == "PROPN" if i >= 2 else False
    return False


def label_number(number: Token, noun: Token, sent: Span) -> bool:
    """ "Zona 12", "Colonia 20 de Noviembre", "Camp 4": a number in a proper name."""
    if noun.pos_ != "PROPN" or person_group(noun) is not None:
        return False
    if noun.i < number.i:
        return True
    before = number.doc[number.i - 1] if number.i > sent.start else None
    return (
        before is not None
        and before.pos_ == "PROPN"
        and before.is_title
        and before.ent_type_ not in ("DATE", "TIME")
    )
