"""Places in a report: toponyms found by the gazetteer, resolved in the report's country.

A place is where something happened (``role`` "event") or merely mentioned
(the seat of a government, a speaker's country, a town abroad): "the new
government in Damascus" does not put the killing in Damascus.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from warmonitor.extract.place_cues import near_the_others, read_cue
from warmonitor.geo.names import light_fold
from warmonitor.records import Place

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from spacy.tokens import Doc, Span

    from warmonitor.geo import Gazetteer, GazetteerEntry, PlaceMatcher, PlaceMention

# Places after these words are where someone sits, not where something happened.
MENTIONED_ONLY = (
    "government in",
    "authorities in",
    "capital",
    "based in",
    "ministry in",
    "embassy in",
    "officials in",
    "-based",
    "envoy for",
    "affaires to",
    "for syria",
    # where something was said, not where it happened
    "conference in",
    "briefing in",
    "reporters in",
    "journalists in",
    "speaking in",
    "statement in",
    "summit in",
    "talks in",
)


_AREA_KINDS = frozenset({"country", "region", "admin1"})
_BIG_CITY = 100_000
# A city this large counts as named by any of its names (Ciudad de Mexico).
_MILLION_CITY = 1_000_000

# NER labels under which a capitalised common word may still be a place.
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Words naming an admin area's type, dropped to compare "Kandahar province" and "Kandahar".
_AREA_WORDS = frozenset(
    "province provinces governorate state region district division county department"
    " prefecture oblast muhafazat wilayah wilaya upazila tehsil municipality of".split()
)


@dataclass(frozen=True, slots=True)
class PlaceHit:
    """A toponym in the text and the place it resolves to."""

    start: int
    end: int
    text: str
    place: Place
    mentioned_only: bool
    # Spelt as one of the place's names (not only a transliteration that folds alike).
    exact: bool = True
    # What the words around it say (``read_cue``): 0 where something is ("in", "near X"),
    # 1 unmarked, 2 where someone comes from or goes ("from X", "to X", "residents
    # of X", "Gafsa Phosphate Company"), 3 around a place named just before ("X
    # district of Y", "X, Y"), 4 inside a longer name ("Half London neighbourhood").
    cue: int = 1


def find_places(doc: Doc, gazetteer: Gazetteer, matcher: PlaceMatcher) -> list[PlaceHit]:
    """Toponyms in the report, resolved in its main country; where things happened vs mentioned.

    Stages: the matcher's mentions, less common nouns the parser does not
    take for names ("Truck", "Farmers"); the report's country (named
    countries weigh most); each mention's entry, preferring the country,
    the spelling and an admin area named in the report; the role and what
    the words around it say (``place_cues.read_cue``); last, a town far from
    the report's other places swapped for a namesake near them.
    """
    text = doc.text
    demonyms = gazetteer.demonyms()
    mentions = []
    votes: dict[str, float] = {}
    for m in matcher.find(text):
        demonym = demonyms.get(light_fold(m.text))
        if demonym is not None:
            votes[demonym] = (
                votes.get(demonym, 0) + 1
            )  # "Somali troops": the country, not the Somali Region
        elif m.candidates and _is_name(doc, m, gazetteer, text):
            mentions.append(m)
    hint = report_country(mentions, gazetteer, votes=votes, cues=_cues(doc, text, mentions))
    areas = _named_areas(mentions, hint)
    named = _named_countries(mentions, gazetteer, votes)
    resolved: list[PlaceHit] = []
    chosen: list[tuple[PlaceMention, GazetteerEntry]] = []
    for m in mentions:
        candidates = _areas_if_named_so(m, text)
        entry = choose_entry(m.text, candidates, gazetteer, country_hint=hint, areas=areas)
        if entry.country_code != hint and entry.is_settlement:
            entry = _in_named_country(m, entry, named, gazetteer, hint)
        exact = gazetteer.spelt_like(entry, light_fold(m.text))
        place = entry.to_place()
        abroad = hint is not None and place.country_code != hint
        if (
            abroad
            and (place.where_prec or 1) < 6
            and not _trusted(m, entry, exact, named, doc, text)
        ):
            continue  # a loose match, or a person's name, abroad
        before = text[max(0, m.start - 20) : m.start].lower()
        after = text[m.end : m.end + 12].lower()
        mentioned = (
            abroad
            or (place.where_prec or 1) >= 6
            or any(before.endswith(w + " ") or before.endswith(w) for w in MENTIONED_ONLY)
            or after.startswith("-based")
        )
        previous = resolved[-1].end if resolved else 0
        cue = read_cue(text, m.start, m.end, previous)
        resolved.append(PlaceHit(m.start, m.end, m.text, place, mentioned, exact, cue))
        chosen.append((m, entry))
    return near_the_others(resolved, chosen, gazetteer)


def _areas_if_named_so(m: PlaceMention, text: str) -> Sequence[GazetteerEntry]:
    """The mention's first-order areas when the text calls it one ("Tartus province",
    "Latakia and Tartus provinces"), else all its candidates."""
    if not _AREA_AFTER.match(text, m.end):
        return m.candidates
    areas = [e for e in m.candidates if e.kind in ("admin1", "region")]
    return areas or m.candidates


# "X province", "X governorate", and X in "X and Y provinces", "X, Y and Z governorates".
_AREA_AFTER = re.compile(
    r"(?:(?:\s*,|\s+and|\s+or)\s+[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*)?)*"
    r"\s+(?:province|governorate|oblast|region)s?\b"
)


def _cues(doc: Doc, text: str, mentions: Sequence[PlaceMention]) -> dict[int, int]:
    """Each mention's ``read_cue`` by its start; one after "in", "near" and the like that the
    parser takes for part of a person's name ("Near Tarbela") counts as unmarked."""
    out = {}
    previous = 0
    for m in mentions:
        cue = read_cue(text, m.start, m.end, previous)
        if cue == 0:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and any(t.ent_type_ == "PERSON" for t in span):
                cue = 1
        out[m.start] = cue
        previous = m.end
    return out


def _trusted(
    mention: PlaceMention,
    entry: GazetteerEntry,
    exact: bool,
    named: Sequence[str],
    doc: Doc,
    text: str,
) -> bool:
    """Whether a place outside the report's country is one and not a stray match.

    Not part of a person's name: inside a PERSON entity, or, unless a city
    of 100,000 spelt as written ("Brussels Conference"), before a capitalised
    word ("Jordan Henderson"). A region beyond borders ("Middle East") only
    needs the first; a place in a country the report names ("Palmyra" in a
    report on Iraq naming Syria) only the second (the parser reads "Near
    Palmyra" as a person), and, spelt loosely, to be in one of the two
    countries the report names most; elsewhere it must be spelt as written.
    """
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    person = span is not None and any(t.ent_type_ == "PERSON" for t in span)
    following = text[mention.end : mention.end + 2]
    big = exact and entry.population >= _BIG_CITY
    capital_next = following[:1] == " " and following[1:].isupper() and not big
    code = entry.country_code
    if code is None:
        return not person
    if code in named:
        return not capital_next and (exact or code in named[:2])
    place = entry.to_place()
    return not person and not capital_next and spelt_as(mention.text, place, mention.candidates)


def _named_countries(
    mentions: Sequence[PlaceMention], gazetteer: Gazetteer, votes: dict[str, float]
) -> list[str]:
    """Countries the report names, by name ("Syria") or demonym ("Syrian"), most named first."""
    tally = dict(votes)
    for m in mentions:
        top = m.candidates[0]
        code = top.country_code
        if code and top.kind == "country" and gazetteer.spelt_like(top, light_fold(m.text)):
            tally[code] = tally.get(code, 0.0) + 1
    return sorted(tally, key=lambda c: -tally[c])


def _in_named_country(
    mention: PlaceMention,
    entry: GazetteerEntry,
    named: Sequence[str],
    gazetteer: Gazetteer,
    hint: str | None,
) -> GazetteerEntry:
    """``entry``, a settlement outside the report's country, or the mention's place in a
    country the report names more often ("Palmyra" in a report on Iraq and Syria:
    Tadmur, not Palmyra, NJ); spelt as written where ``entry`` is, and never in place
    of a city of 100,000 spelt as written."""
    light = light_fold(mention.text)
    entry_spelt = gazetteer.spelt_like(entry, light)
    if entry_spelt and entry.population >= _BIG_CITY:
        return entry
    for code in named:
        if code == entry.country_code:
            break
        if code == hint:
            continue
        other = choose_entry(mention.text, mention.candidates, gazetteer, country_hint=code)
        if other.country_code == code and (gazetteer.spelt_like(other, light) or not entry_spelt):
            return other
    return entry


def _is_name(doc: Doc, mention: PlaceMention, gazetteer: Gazetteer, text: str) -> bool:
    """False for a common word read as one: a noun, verb or adjective to the parser
    ("Truck"), or a small place's other name opening a sentence ("Farmers")."""
    top = mention.candidates[0]
    if top.kind in _AREA_KINDS:
        return True
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or not len(span) or not doc.has_annotation("POS"):
        return True
    if not any(
        t.pos_ in ("PROPN", "X")
        or t.ent_type_ in _PLACE_LABELS
        or (t.pos_ == "NUM" and not any(c.isdigit() for c in t.text))  # "Mosul\u200e"
        for t in span
    ):
        # The parser takes some towns for nationalities or nouns ("in Shopian town",
        # "arrested in Nagercoil"): kept when spelt as written after "in", "near" and
        # the like, and either a nationality to the parser or a city of 100,000.
        return (
            (any(t.ent_type_ == "NORP" for t in span) or top.population >= _BIG_CITY)
            and gazetteer.spelt_like(top, light_fold(mention.text))
            and read_cue(text, mention.start, mention.end, 0) == 0
        )
    if len(span) == 1 and span[0].is_sent_start:
        light = light_fold(mention.text)
        return any(
            light_fold(e.name) == light or e.population >= _BIG_CITY or not e.is_settlement
            for e in mention.candidates[:5]
        )
    return True


def report_country(
    mentions: Sequence[PlaceMention],
    gazetteer: Gazetteer | None = None,
    *,
    votes: dict[str, float] | None = None,
    cues: Mapping[int, int] | None = None,
) -> str | None:
    """The country most of the report's places may be in, the first named on a tie.

    Each mention votes for the country of its likeliest candidate (1, twice
    that for a country, admin area or city of 100,000 called so by its main
    name, 3/2 for a city of a million by another name, half for a loose
    match; by ``cues`` (``read_cue`` by start), half as much again after "in",
    "near" and the like, half inside a longer name, "Half London") and 1/2 for that of
    each other candidate spelt as written; a town whose province the report
    also names ("Hyderabad (Sindh)") votes 3/2 for that country; ``votes``
    (from demonyms, say) are added.
    """
    tally: dict[str, float] = dict(votes or {})
    order: dict[str, int] = {}
    provinces = _named_provinces(mentions, gazetteer)
    for m in mentions:
        light = light_fold(m.text)
        top = m.candidates[0]
        code = top.country_code
        cue = cues.get(m.start, 1) if cues else 1
        scale = 1.5 if cue == 0 else 0.5 if cue == 4 else 1.0
        if code:
            spelt = gazetteer is None or gazetteer.spelt_like(top, light)
            main_name = light_fold(top.name) == light
            if top.kind in _AREA_KINDS or (top.population >= _BIG_CITY and main_name):
                strong = 2.0
            else:
                strong = 1.5 if top.population >= _MILLION_CITY else 1.0
            weight = (strong if spelt else 0.5) * scale
            tally[code] = tally.get(code, 0.0) + weight
            order.setdefault(code, len(order))
        if provinces:
            for within in {
                e.country_code
                for e in m.candidates[:8]
                if e.is_settlement
                and e.admin1
                and provinces.get((e.country_code, _area_key(e.admin1)), m.start) != m.start
            }:
                if within:
                    tally[within] = tally.get(within, 0.0) + 1.5
                    order.setdefault(within, len(order))
        others = {
            e.country_code
            for e in m.candidates[1:8]
            if e.country_code
            and e.country_code != code
            and (gazetteer is None or gazetteer.spelt_like(e, light))
        }
        for other in others:
            tally[other] = tally.get(other, 0.0) + 0.5 * scale
            order.setdefault(other, len(order))
    if not tally:
        return None
    return max(tally, key=lambda c: (tally[c], -order.get(c, len(order))))


def _named_provinces(
    mentions: Sequence[PlaceMention], gazetteer: Gazetteer | None
) -> dict[tuple[str | None, str], int]:
    """(country, ``_area_key``) of the first-order areas the report names, in any country,
    each with where it is first named (-1 where several mentions name it)."""
    out: dict[tuple[str | None, str], int] = {}
    for m in mentions:
        light = light_fold(m.text)
        for e in m.candidates[:8]:
            if e.kind == "admin1" and (gazetteer is None or gazetteer.spelt_like(e, light)):
                key = (e.country_code, _area_key(e.name))
                out[key] = m.start if out.get(key, m.start) == m.start else -1
    return out


def _area_key(name: str) -> str:
    words = light_fold(name).split(" ")
    while len(words) > 1 and words[-1] in _AREA_WORDS:
        words.pop()
    while len(words) > 1 and words[0] in _AREA_WORDS:
        words.pop(0)
    return " ".join(words)


def _named_areas(mentions: Sequence[PlaceMention], hint: str | None) -> frozenset[str]:
    """Admin areas of the report's country named in it, as ``_area_key``s."""
    out: set[str] = set()
    for m in mentions:
        for e in m.candidates[:4]:
            if e.kind == "admin1" and (hint is None or e.country_code == hint):
                out.add(_area_key(e.name))
                out.add(_area_key(m.text))
    return frozenset(out)


def choose_entry(
    text: str,
    candidates: Sequence[GazetteerEntry],
    gazetteer: Gazetteer,
    *,
    country_hint: str | None,
    areas: frozenset[str] = frozenset(),
) -> GazetteerEntry:
    """The entry a mention ``text`` stands for: ``Gazetteer.rank``'s choice, then, among
    settlements as good, the one in an admin area the report names."""
    ranked = gazetteer.rank(text, candidates, country_hint=country_hint)
    best = ranked[0]
    if not areas or not best.is_settlement or (best.admin1 and _area_key(best.admin1) in areas):
        return best
    light = light_fold(text)
    best_spelt = gazetteer.spelt_like(best, light)
    for e in ranked[1:12]:
        if (
            e.is_settlement
            and e.admin1
            and e.country_code == best.country_code
            and _area_key(e.admin1) in areas
            and (gazetteer.spelt_like(e, light) or not best_spelt)
        ):
            return e
    return best


def spelt_as(text: str, place: Place, candidates: Any) -> bool:
    from warmonitor.geo import light_fold

    written = light_fold(text)
    names = {light_fold(place.name)}
    for entry in candidates[:3]:
        names.update(light_fold(n) for n in entry.names)
    return written in names


def place_in(
    places: list[PlaceHit], sent: Span, *, include_mentioned: bool = False
) -> Place | None:
    """Where what ``sent`` tells happened: its towns before areas, spelt as written
    before loose matches, after "in" or "near" before "from" or "to", then the first."""
    inside = [
        h
        for h in places
        if sent.start_char <= h.start < sent.end_char
        and (include_mentioned or not h.mentioned_only)
    ]
    towns = [h for h in inside if (h.place.geo_precision or 3) == 1]
    chosen = [h for h in towns if h.exact] or towns or inside
    # "from Mandalay ... arrived in Myingyan": where it happened, before where from.
    return min(chosen, key=lambda h: h.cue).place if chosen else None


def unique_places(places: list[PlaceHit]) -> list[PlaceHit]:
    seen: set[tuple[str, float | None, float | None]] = set()
    out = []
    for hit in places:
        key = (hit.place.name, hit.place.lat, hit.place.lon)
        if key not in seen:
            seen.add(key)
            out.append(hit)
    return out


def main_country(places: list[PlaceHit]) -> str | None:
    counts = Counter(h.place.country_code for h in places if h.place.country_code)
    return counts.most_common(1)[0][0] if counts else None


def main_event_place(places: list[PlaceHit]) -> Place | None:
    """Where the report's events happened: its most named town (on a tie, the one
    named after "in" or "near" rather than "from", then the first).

    Towns spelt as written come before loose matches; where every place is
    only mentioned ("protest against the government in Peshawar"), a town
    in the report's country is still taken.
    """
    events = [h for h in places if not h.mentioned_only]
    towns = [h for h in events if (h.place.geo_precision or 3) == 1]
    if not towns:
        country = main_country(places)
        towns = [
            h
            for h in places
            if (h.place.geo_precision or 3) == 1 and h.exact and h.place.country_code == country
        ]
    towns = [h for h in towns if h.exact] or towns
    if towns:
        counts = Counter(h.place.name for h in towns)
        cues: dict[str, int] = {}
        for h in towns:
            cues[h.place.name] = min(h.cue, cues.get(h.place.name, h.cue))
        best = min(counts, key=lambda name: (-counts[name], cues[name]))
        return next(h.place for h in towns if h.place.name == best)
    return events[0].place if events else None


def most_specific(place: Place | None, places: list[PlaceHit]) -> Place | None:
    """``place``, or, where it is a province or district, the report's main town in it
    ("rallies across Sindh ... in Karachi": Karachi)."""
    if place is None or place.geo_precision == 1 or (place.where_prec or 6) not in (3, 4):
        return place
    area = {_area_key(place.name)}
    inside = [
        h
        for h in places
        if not h.mentioned_only
        and h.exact
        and h.place.geo_precision == 1
        and h.place.country_code == place.country_code
        and _area_key((h.place.admin2 if place.where_prec == 3 else h.place.admin1) or "") in area
    ]
    return main_event_place(inside) or place
