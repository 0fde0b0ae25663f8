"""What tells two incidents in one town apart: specific words, rarity, street addresses.

Two reports about one town on one day may describe one incident or two.  What
decides is how *specific* the words they share are:

* ``terms_of``: the capitalised words and numbers of a text (names of streets,
  victims, neighbourhoods, units; house numbers), minus weekdays, months and a few
  words every report uses;
* ``rarity``: each term weighted by its inverse document frequency over the
  reports being linked, so that a city's name, the police force or an outlet's
  boilerplate weigh little, and a victim's name or a street weighs much;
* ``addresses_of``: numbered street addresses ("the 2700 block of Verbena
  Street", "6215 Kindred St."), normalised to the hundred block.  An address is
  more precise than any gazetteer town: two accounts of the same numbered block
  on the same day are one incident even when their towns were resolved
  differently, and two accounts that each lead with a different address are two
  incidents.

Rules and thresholds are documented in docs/LINKING.md.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping

from spacy.lang.en.stop_words import STOP_WORDS

from warmonitor.geo.names import plain

_TERM = re.compile(r"\b(?:[A-Z][\w'-]{2,}|\d{2,}[\w-]*)")
_COMMON = (
    frozenset(
        "the this that these those there they their then when where what which while with from "
        "after before during about against according said says monday tuesday wednesday thursday "
        "friday saturday sunday january february march april may june july august september "
        "october november december police officers officials residents people authorities "
        # Words of place and street names that say nothing about which incident it was.
        "street avenue road lane drive boulevard block north south east west northern southern "
        "eastern western city town village county district province state region area "
        "northeast northwest southeast southwest department "
        # Words of a news web page around the story.
        "photo photos image images caption gallery video updates update story news daily read "
        "messages highlights copyright subscribe newsletter advertisement crime stoppers".split()
    )
    | STOP_WORDS
)
_SUFFIX = {
    "street": "st",
    "st": "st",
    "avenue": "ave",
    "ave": "ave",
    "av": "ave",
    "road": "rd",
    "rd": "rd",
    "boulevard": "blvd",
    "blvd": "blvd",
    "drive": "dr",
    "dr": "dr",
    "lane": "ln",
    "ln": "ln",
    "place": "pl",
    "court": "ct",
    "ct": "ct",
    "way": "way",
    "parkway": "pkwy",
    "highway": "hwy",
    "terrace": "ter",
    "circle": "cir",
    "pike": "pike",
    "run": "run",
    "trail": "trl",
    "alley": "aly",
}
_DIRECTION = r"(?:[NSEW]\.?|North|South|East|West)"
_NAME = r"(?:[A-Z][a-z]+|\d+(?:st|nd|rd|th))(?:\s+[A-Z][a-z]+){0,2}"
_KIND = "|".join(k.capitalize() for k in _SUFFIX)
# "the 2700 block of Verbena Street", "6215 N. Kindred St."
_ADDRESS = re.compile(
    rf"\b(\d{{1,6}})(?:\s+block\s+of|\s+to\s+\d+\s+block\s+of)?\s+(?:the\s+)?"
    rf"((?:{_DIRECTION}\s+)?{_NAME})\s+({_KIND})\b"
)
# Any named street: "on Verbena Street", "at 76th Street and Mytilene Drive".
_STREET = re.compile(rf"\b(?:{_DIRECTION}\s+)?({_NAME})\s+({_KIND})\b")
# Streets that are not places: institutions named after them.
_NOT_STREET = frozenset({"wall st"})


def _street(name: str, kind: str) -> str:
    words = name.lower().replace(".", "").split()
    if len(words) > 1 and words[0] in ("north", "south", "east", "west"):
        words[0] = words[0][0]
    return f"{' '.join(words)} {_SUFFIX[kind.lower()]}"


def terms_of(text: str, *, places: Iterable[str] = ()) -> frozenset[str]:
    """Specific words of a text (names, numbers) used to tell incidents apart.

    ``places``: names of where the account already is (its town, region, country);
    their words are left out, since every account compared with it shares them.
    """
    known = {w for name in places for w in re.findall(r"[\w-]+", plain(name))}
    return frozenset(
        t.lower()
        for t in _TERM.findall(text)
        if t.lower() not in _COMMON and plain(t) not in known and len(t) > 2
    )


def addresses_of(text: str) -> tuple[str, ...]:
    """Numbered street addresses in order of appearance, each once, as "2700 verbena st".

    House numbers are cut to their hundred block ("6215 Kindred St." and "the 6200
    block of Kindred Street" are one address).  Street names and their kind must be
    capitalised ("100 people" is not an address).
    """
    found: list[str] = []
    for m in _ADDRESS.finditer(text):
        address = f"{int(m.group(1)) // 100 * 100} {_street(m.group(2), m.group(3))}"
        if address not in found:
            found.append(address)
    return tuple(found)


def streets_of(text: str) -> tuple[str, ...]:
    """The streets a text names, in order, each once, without number or direction."""
    found = [_street(m.group(1), m.group(2)) for m in _STREET.finditer(text)]
    return tuple(s for s in dict.fromkeys(found) if s not in _NOT_STREET)


def rarity(documents: Iterable[frozenset[str]]) -> dict[str, float]:
    """Each term's weight: ``log(1 + n / df)`` over ``documents`` (one term set per report).

    Smoothed so that a term every report has still weighs ``log 2``, never zero.
    """
    df: Counter[str] = Counter()
    n = 0
    for terms in documents:
        df.update(terms)
        n += 1
    return {t: math.log(1 + n / c) for t, c in df.items()}


def weighted_similarity(
    a: frozenset[str], b: frozenset[str], weights: Mapping[str, float] | None = None
) -> float:
    """Jaccard similarity of two term sets, each term counted by its weight (1 when unknown)."""
    if not a or not b:
        return 0.0
    if weights is None:
        return len(a & b) / len(a | b)
    shared = sum(weights.get(t, 1.0) for t in a & b)
    union = sum(weights.get(t, 1.0) for t in a | b)
    return shared / union if union else 0.0
