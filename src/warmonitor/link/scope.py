"""What a sentence is about: one town, or a whole region over several days.

Linking needs to know, for each figure and each event mention, whether the
report speaks of one place on one day ("61 civilians were killed in the city of
Baniyas on Friday") or of a wider area over a period ("152 civilians in Latakia
and Tartus provinces since Thursday", "four days of violence on the Syrian
coast").  The first belongs to a town-level event, the second to an umbrella.

The cues are read from the sentence the extractor kept as evidence, around the
figure when its offsets are known.  They are deliberately few and documented in
docs/LINKING.md.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUMBER_WORD = r"(?:two|three|four|five|six|seven|eight|nine|ten|several|\d+)"
REGIONAL_CUES = re.compile(
    "|".join(
        (
            r"\b(?:provinces|governorates|regions|districts|states|oblasts)\b",
            r"\bacross\b",
            r"\b(?:on|along|across|of) the (?:\w+ )?(?:coast|coastline|border|frontline|front)\b",
            rf"\b{_NUMBER_WORD} (?:days|weeks|months) of\b",
            rf"\bsince (?:{_WEEKDAY}|the (?:violence|fighting|clashes|offensive|war) began)\b",
            rf"\bbetween {_WEEKDAY} and {_WEEKDAY}\b",
            r"\bnationwide\b|\bcountrywide\b|\bacross the country\b",
        )
    ),
    re.IGNORECASE,
)
# A town named right before these words is the name of its province, not the town.
_AREA_AFTER = re.compile(
    r"^\W*(?:province|governorate|region|district|and \w+ (?:provinces|governorates))\b",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r";|, and |, while |, as ")


def fold(text: str) -> str:
    """Lower case without diacritics ("Bāniyās" -> "baniyas")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def clause(sentence: str, start: int | None, end: int | None) -> str:
    """The clause of ``sentence`` holding the span [start, end) (offsets in the sentence)."""
    if start is None or end is None or not 0 <= start <= end <= len(sentence):
        return sentence
    cuts = [0, *(m.end() for m in _CLAUSE.finditer(sentence)), len(sentence)]
    for left, right in pairwise(cuts):
        if left <= start < right:
            return sentence[left:right]
    return sentence


def is_regional(text: str) -> bool:
    """Whether the text speaks of a region or a period rather than one town on one day."""
    return REGIONAL_CUES.search(text) is not None


def names_town(text: str, town: str | None) -> bool:
    """Whether ``town`` is named in ``text`` as a town (not as its province's name).

    Transliterations differ ("Jablah" in the gazetteer, "Jableh" in a report), so
    a word of the text matches when its first letters agree with the town's
    (four letters, or the whole name when shorter), after folding.
    """
    if not town:
        return False
    name = fold(town).split()[0] if fold(town).split() else ""
    if not name:
        return False
    head = name[:4] if len(name) >= 4 else name
    folded = fold(text)
    for m in re.finditer(r"\b" + re.escape(head) + r"\w*", folded):
        word = m.group(0)
        if len(name) < 4 and word != name:
            continue
        if not _AREA_AFTER.match(folded[m.end() :]):
            return True
    return False
