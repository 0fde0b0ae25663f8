"""What a report says about each toponym beyond its name: the words around it, and the
report's other places.

``read_cue`` reads the words before and after a toponym: where something happened
("in X", "near the town of X"), where someone came from or went ("from X",
"residents of X"), a road or an organisation named after it ("on X road",
"the X Cement Company"), a place around one named just before ("Y district of
X", "Y, X"), part of a longer name ("Half X").  ``near_the_others`` swaps a
town for a namesake that lies near the report's other places.  Both are rules
written by the warmonitor developers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from warmonitor.geo.matcher import PLACE_WORDS, STOPWORDS, TITLES
from warmonitor.geo.names import light_fold

if TYPE_CHECKING:
    from warmonitor.extract.places import PlaceHit
    from warmonitor.geo import Gazetteer, GazetteerEntry, PlaceMention

# Words before a toponym that put something there, or take it away from there.
_LOCATIVE = frozenset(
    "in at near outside inside around across into on within throughout along off besieging"
    " besieged".split()
)
_AWAY = frozenset("from to towards toward via for".split())
# Words that may stand between such a word and the toponym: "in the town of X".
_BETWEEN = frozenset(
    "the a an and or town towns city village villages district districts area areas"
    " province region governorate county capital outskirts vicinity centre center heart"
    " suburb suburbs neighbourhood neighborhood countryside western eastern northern"
    " southern central rural nearby parts part south north east west border camp port"
    " subdivision tehsil taluk taluka upazila block zone municipality division ward"
    " sector colony"
    " ( , coastal small frontline key strategic besieged".split()
)
_CUE_WORDS = re.compile(r"[^\W\d_]+|[(),;:.]")
_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+)")
_PREVIOUS_WORD = re.compile(r"([^\W\d_]+)[ \t]+$")
_ROADS = frozenset("road roads street highway avenue motorway expressway".split())
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march"
    " april may june july august september october november december".split()
)
_CUE_REACH = 60


def read_cue(text: str, start: int, end: int, previous: int) -> int:
    """How the words around the toponym ``text[start:end]`` place an event there (see
    ``PlaceHit.cue``); ``previous`` is where the toponym before it ends.

    A toponym naming a road or an organisation ("on Murree road", "the Gafsa
    Phosphate Company") is not where something happened (2), nor one after a
    capitalised word, inside a longer name ("Half London neighbourhood": 4).
    """
    before = _PREVIOUS_WORD.search(text, max(0, start - _CUE_REACH), start)
    if before is not None and before.group(1)[0].isupper():
        word = light_fold(before.group(1))
        if word in TITLES or word not in STOPWORDS:
            return 4
    if text[end : end + 1] == "-" and text[end + 1 : end + 2].isupper():
        return 2  # "the Jalandhar-Pathankot highway": a route, not a place
    after = _NEXT_WORD.match(text, end)
    if after is not None:
        following = after.group(1)
        lower = following.lower()
        if lower in _ROADS or (
            following[0].isupper() and lower not in PLACE_WORDS and lower not in _CALENDAR
        ):
            return 2
    lo = max(previous, start - _CUE_REACH)
    of = False
    for written in reversed(_CUE_WORDS.findall(text[lo:start])):
        word = written.lower()
        if word == "of":
            of = True
        elif word not in _BETWEEN:
            if word in _LOCATIVE:
                return 0
            # "residents of X" is where they are from; "Khetolai village of X" is
            # around a place the gazetteer does not know.
            return 2 if (of and word == written) or word in _AWAY else 1
    # Back at the toponym before: "Jerissa, Le Kef", "Qalat district of Herat".
    return 3 if lo == previous and previous > 0 else 1


# A namesake this close to another place of the report, where the one chosen is this
# far from all of them, is the place meant (km).
_NEAR_KM = 50.0
_FAR_KM = 150.0
# How many places before and after a toponym it is compared with.
_NEIGHBOURS = 6


def near_the_others(
    hits: list[PlaceHit],
    chosen: Sequence[tuple[PlaceMention, GazetteerEntry]],
    gazetteer: Gazetteer,
) -> list[PlaceHit]:
    """Each town swapped for a namesake in the same country that lies near the report's
    other places, where the one chosen lies far from all of them ("Poblacion, Marawi":
    the Poblacion by Marawi, not the largest one)."""
    out = list(hits)
    for i, (hit, (mention, entry)) in enumerate(zip(hits, chosen, strict=True)):
        if not entry.is_settlement or entry.lat is None or entry.lon is None:
            continue
        light = light_fold(mention.text)
        namesakes = [
            e
            for e in mention.candidates[:12]
            if e is not entry
            and e.is_settlement
            and e.country_code == entry.country_code
            and e.lat is not None
            and e.lon is not None
            and (not hit.exact or gazetteer.spelt_like(e, light))
        ]
        if not namesakes:
            continue
        others = [
            (h.place.lat, h.place.lon)
            for h in hits[max(0, i - _NEIGHBOURS) : i + _NEIGHBOURS + 1]
            if h.place.lat is not None
            and h.place.lon is not None
            and h.place.geo_precision == 1
            and light_fold(h.text) != light
        ]
        if not others or _nearest_km(entry.lat, entry.lon, others) <= _FAR_KM:
            continue
        best = min(namesakes, key=lambda e: _nearest_km(e.lat or 0.0, e.lon or 0.0, others))
        if _nearest_km(best.lat or 0.0, best.lon or 0.0, others) <= _NEAR_KM:
            exact = gazetteer.spelt_like(best, light)
            out[i] = replace(hit, place=best.to_place(), exact=exact)
    return out


def _nearest_km(lat: float, lon: float, points: Sequence[tuple[float, float]]) -> float:
    """Distance to the nearest of ``points`` (equirectangular: fine at these ranges)."""
    scale = math.cos(math.radians(lat))
    return 111.2 * min(math.hypot(lat - plat, (lon - plon) * scale) for plat, plon in points)
