"""Places in a report: toponyms found by the gazetteer, resolved in the report's country.

A place is where something happened (``role`` "event") or merely mentioned
(the seat of a government, a speaker's country, a town abroad): "the new
government in Damascus" does not put the killing in Damascus.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from warmonitor.records import Place

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from warmonitor.geo import Gazetteer, PlaceMatcher

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
)


@dataclass(frozen=True, slots=True)
class PlaceHit:
    """A toponym in the text and the place it resolves to."""

    start: int
    end: int
    text: str
    place: Place
    mentioned_only: bool


def find_places(doc: Doc, gazetteer: Gazetteer, matcher: PlaceMatcher) -> list[PlaceHit]:
    """Toponyms in the report, resolved in its main country; where things happened vs mentioned."""
    hits = matcher.find(doc.text)
    counts = Counter(
        m.candidates[0].country_code for m in hits if m.candidates and m.candidates[0].country_code
    )
    hint = counts.most_common(1)[0][0] if counts else None
    resolved: list[PlaceHit] = []
    for m in hits:
        place = gazetteer.resolve(m.text, country_hint=hint)
        if place is None:
            continue
        abroad = hint is not None and place.country_code != hint
        if abroad and (place.where_prec or 1) < 6:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            in_person = span is not None and any(t.ent_type_ == "PERSON" for t in span)
            following = doc.text[m.end : m.end + 2]
            in_person = in_person or (following[:1] == " " and following[1:].isupper())
            if in_person or not spelt_as(m.text, place, m.candidates):
                continue  # a loose match, or a person's name, abroad: not trusted
        before = doc.text[max(0, m.start - 20) : m.start].lower()
        after = doc.text[m.end : m.end + 12].lower()
        mentioned = (
            abroad
            or (place.where_prec or 1) >= 6
            or any(before.endswith(w + " ") or before.endswith(w) for w in MENTIONED_ONLY)
            or after.startswith("-based")
        )
        resolved.append(PlaceHit(m.start, m.end, m.text, place, mentioned))
    return resolved


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
    inside = [
        h
        for h in places
        if sent.start_char <= h.start < sent.end_char
        and (include_mentioned or not h.mentioned_only)
    ]
    towns = [h for h in inside if (h.place.geo_precision or 3) == 1]
    chosen = towns or inside
    return chosen[0].place if chosen else None


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
    towns = [h for h in places if not h.mentioned_only and (h.place.geo_precision or 3) == 1]
    if towns:
        counts = Counter(h.place.name for h in towns)
        best = counts.most_common(1)[0][0]
        return next(h.place for h in towns if h.place.name == best)
    others = [h for h in places if not h.mentioned_only]
    return others[0].place if others else None
