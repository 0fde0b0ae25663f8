"""Tests of place choice in reports (extract.places) and of the cached compact gazetteer index."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.tokens import Span

from warmonitor.extract.places import find_places, main_event_place, most_specific, place_in
from warmonitor.geo import EntryKind, Gazetteer, GazetteerEntry, PlaceMatcher, fold_name
from warmonitor.geo.compact import CompactIndex, load_or_build
from warmonitor.geo.demonyms import build_demonyms


def _entry(
    name: str,
    kind: EntryKind,
    cc: str,
    lat: float | None = None,
    lon: float | None = None,
    **kw: Any,
) -> GazetteerEntry:
    return GazetteerEntry(
        name=name, kind=kind, lat=lat, lon=lon, country_code=cc, source="test", **kw
    )


# Made-up places: two Qalats in different provinces, a Somali town, a region named like a demonym.
ENTRIES = (
    _entry("Somalia", "country", "SO", country="Somalia"),
    _entry("Ethiopia", "country", "ET", country="Ethiopia"),
    _entry("Afghanistan", "country", "AF", country="Afghanistan"),
    _entry("Somali Region", "admin1", "ET", alternate_names=("Somali",)),
    _entry("Herat Province", "admin1", "AF", alternate_names=("Herat",)),
    _entry("Herat", "city", "AF", 34.35, 62.2, admin1="Herat Province", population=500_000),
    _entry("Zabul Province", "admin1", "AF", alternate_names=("Zabul",)),
    _entry("Marqa", "town", "SO", 1.7, 44.7, population=30_000),
    _entry("Marqa", "town", "ET", 9.1, 40.1, population=40_000),
    _entry("Qalat", "town", "AF", 32.1, 66.9, admin1="Zabul Province", population=20_000),
    _entry("Qalat", "town", "AF", 34.3, 62.2, admin1="Herat Province", population=5_000),
    _entry("Dandara", "town", "AF", 34.4, 62.1, admin1="Herat Province", population=8_000),
    _entry("Peshawar", "city", "PK", 34.0, 71.6, population=1_900_000),
    _entry("Pakistan", "country", "PK", country="Pakistan"),
)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(ENTRIES)


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return spacy.blank("en")


def _places(text: str, gazetteer: Gazetteer, nlp: spacy.language.Language) -> list[tuple[str, str]]:
    hits = find_places(nlp(text), gazetteer, PlaceMatcher(gazetteer))
    return [(h.text, h.place.country_code or "") for h in hits]


def test_demonym_names_the_country_not_a_region(
    gazetteer: Gazetteer, nlp: spacy.language.Language
) -> None:
    text = "Somali soldiers were attacked at a checkpoint in the coastal town of Marqa."
    assert _places(text, gazetteer, nlp) == [("Marqa", "SO")]


def test_admin_area_named_nearby_picks_the_town(
    gazetteer: Gazetteer, nlp: spacy.language.Language
) -> None:
    text = "Two men were killed in Qalat district of Herat province on Monday."
    hits = find_places(nlp(text), gazetteer, PlaceMatcher(gazetteer))
    qalat = next(h for h in hits if h.text == "Qalat")
    assert qalat.place.admin1 == "Herat Province" and qalat.place.lat == pytest.approx(34.3)
    plain = find_places(nlp("Two men were killed in Qalat."), gazetteer, PlaceMatcher(gazetteer))
    assert plain[0].place.admin1 == "Zabul Province"  # the larger one without a clue


def test_a_name_called_a_province_is_the_province_not_its_city(
    gazetteer: Gazetteer, nlp: spacy.language.Language
) -> None:
    def kinds(text: str) -> list[tuple[str, str | None]]:
        hits = find_places(nlp(text), gazetteer, PlaceMatcher(gazetteer))
        return [(h.text, h.place.name) for h in hits]

    assert kinds("Shelling hit Herat on Monday.") == [("Herat", "Herat")]
    assert kinds("Shelling hit Dandara in Herat province.") == [
        ("Dandara", "Dandara"),
        ("Herat", "Herat Province"),
    ]
    assert kinds("Fighting spread across Zabul and Herat provinces.") == [
        ("Zabul", "Zabul Province"),
        ("Herat", "Herat Province"),
    ]


def test_event_place_is_the_town_not_its_province(
    gazetteer: Gazetteer, nlp: spacy.language.Language
) -> None:
    doc = nlp("Fighting in Herat province reached Dandara on Sunday.")
    hits = find_places(doc, gazetteer, PlaceMatcher(gazetteer))
    place = place_in(hits, next(iter(doc.sents)) if doc.has_annotation("SENT_START") else doc[:])
    assert place is not None and place.name == "Dandara"
    main = main_event_place(hits)
    assert main is not None and main.name == "Dandara"


def test_town_after_government_in_is_kept_when_nothing_else(
    gazetteer: Gazetteer, nlp: spacy.language.Language
) -> None:
    hits = find_places(
        nlp("Students protested against the government in Peshawar."),
        gazetteer,
        PlaceMatcher(gazetteer),
    )
    assert [h.mentioned_only for h in hits] == [True]
    main = main_event_place(hits)
    assert main is not None and main.name == "Peshawar"


def test_build_demonyms() -> None:
    countries = [e for e in ENTRIES if e.kind == "country"]
    demonyms = build_demonyms(countries, lambda key: False)
    assert demonyms["somali"] == "SO" and demonyms["somalis"] == "SO"
    assert demonyms["afghan"] == "AF" and demonyms["afghans"] == "AF"
    assert demonyms["pakistani"] == "PK" and demonyms["ethiopian"] == "ET"
    assert "somalia" not in demonyms


# -- the compact index and its cache ------------------------------------------------


def test_compact_index_round_trip() -> None:
    index = CompactIndex.build([*ENTRIES, ENTRIES[6]])  # a repeat is skipped
    assert len(index) == len(ENTRIES)
    again = CompactIndex.loads(index.dump())
    assert [again.entry(i) for i in range(len(again))] == list(ENTRIES)
    with pytest.raises(ValueError):
        CompactIndex.loads(b"not a pickle")


def test_cache_is_built_once_and_rebuilt_when_damaged(tmp_path: Path) -> None:
    calls: list[int] = []

    def build() -> tuple[GazetteerEntry, ...]:
        calls.append(1)
        return ENTRIES

    first = load_or_build(build, options="test", directory=tmp_path)
    files = list(tmp_path.glob("gazetteer-*.pickle"))
    assert len(files) == 1 and calls == [1]
    second = load_or_build(build, options="test", directory=tmp_path)
    assert calls == [1] and len(second) == len(first)
    files[0].write_bytes(b"torn")
    third = load_or_build(build, options="test", directory=tmp_path)
    assert calls == [1, 1] and len(third) == len(first)
    assert not list(tmp_path.glob("*.tmp"))


def test_unwritable_cache_still_loads(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    index = load_or_build(lambda: ENTRIES, options="test", directory=blocker / "sub")
    assert len(index) == len(ENTRIES)


def test_extra_entries_on_a_compact_base() -> None:
    new = _entry("Kandaw", "village", "AF", 31.0, 65.0)
    g = Gazetteer([new, ENTRIES[6]], base=lambda: CompactIndex.build(ENTRIES))
    assert len(g) == len(ENTRIES) + 1  # the repeat of a base entry is skipped
    assert [e.name for e in g.lookup("Kandaw")] == ["Kandaw"]
    assert {e.country_code for e in g.lookup("Marqa")} == {"SO", "ET"}
    assert g.max_tokens(fold_name("Kandaw")) == 1 and g.max_tokens(fold_name("Somali")) == 2
    version = g.version
    assert g.add([_entry("Kandaw Bala", "village", "AF", 31.1, 65.1)]) == 1
    assert g.version != version and g.max_tokens(fold_name("Kandaw")) == 2


def test_default_uses_the_cache_dir(tmp_path: Path) -> None:
    g = Gazetteer.default(cache_dir=tmp_path, extra=[_entry("Kandaw", "village", "AF", 31.0, 65.0)])
    assert g.resolve("Kandaw") is not None
    assert g.resolve("Baniyas", country_hint="SY") is not None
    assert len(list(tmp_path.glob("gazetteer-*.pickle"))) == 1


# -- places outside the report's country --------------------------------------------

# Made-up places: a region beyond borders, namesakes in several countries, a loose spelling.
ABROAD = (
    _entry("Afghanistan", "country", "AF", country="Afghanistan"),
    _entry("Pakistan", "country", "PK", country="Pakistan"),
    _entry("Somalia", "country", "SO", country="Somalia"),
    _entry("Kandaw", "town", "AF", 31.0, 65.0, population=9_000),
    GazetteerEntry(name="Horn Coast", kind="region", lat=None, lon=None, source="test"),
    _entry("Tarbela", "town", "US", 40.0, -80.0, population=60_000),
    _entry("Tarbela", "town", "PK", 34.1, 72.7, population=7_000),
    _entry("Zarghun Kalay", "village", "PK", 30.1, 67.2),
    _entry("Peshawar", "city", "PK", 34.0, 71.6, population=1_900_000),
    _entry("Peshawar", "village", "SO", 2.2, 45.2, population=300),
    _entry("Baidar", "town", "SO", 3.1, 43.6, population=6_000),
)


@pytest.fixture(scope="module")
def abroad() -> Gazetteer:
    return Gazetteer(ABROAD)


def _hits(
    text: str, gazetteer: Gazetteer, nlp: spacy.language.Language, person: str = ""
) -> list[tuple[str, str]]:
    doc = nlp(text)
    if person:  # what a parser may take for a person's name
        start = text.index(person)
        span = doc.char_span(start, start + len(person))
        assert span is not None
        doc.ents = [Span(doc, span.start, span.end, label="PERSON")]
    hits = find_places(doc, gazetteer, PlaceMatcher(gazetteer))
    return [(h.text, h.place.country_code or "") for h in hits]


def test_region_beyond_borders_is_kept(abroad: Gazetteer, nlp: spacy.language.Language) -> None:
    text = "Kandaw in Afghanistan was shelled, said the envoy to the Horn Coast Amina Dirie."
    assert ("Horn Coast", "") in _hits(text, abroad, nlp)
    # Unless it is part of what reads as a person's name.
    assert ("Horn Coast", "") not in _hits(text, abroad, nlp, person="Horn Coast Amina")


def test_town_in_another_named_country_is_resolved_there(
    abroad: Gazetteer, nlp: spacy.language.Language
) -> None:
    text = (
        "Afghanistan closed a crossing near Kandaw. Near Tarbela, in Pakistan, "
        "trucks waited; Afghanistan said the road would reopen."
    )
    assert ("Tarbela", "PK") in _hits(text, abroad, nlp)
    # Kept though the parser reads "Near Tarbela" as a person.
    assert ("Tarbela", "PK") in _hits(text, abroad, nlp, person="Near Tarbela")
    # Where Pakistan is not named, a "person" abroad stays out.
    unnamed = "Afghan troops left Kandaw. Near Tarbela, trucks waited."
    assert "Tarbela" not in [t for t, _ in _hits(unnamed, abroad, nlp, person="Near Tarbela")]


def test_loose_spelling_kept_only_in_a_country_named_most(
    abroad: Gazetteer, nlp: spacy.language.Language
) -> None:
    named = (
        "Afghanistan and Pakistan met at Kandaw in Afghanistan. "
        "Shelling hit Zarghoon Kalai, Pakistan said."
    )
    assert ("Zarghoon Kalai", "PK") in _hits(named, abroad, nlp)
    text = (
        "Afghanistan said Kandaw was calm; Afghanistan and Somalia traded, Somalia agreed "
        "and Somalia signed. Shelling hit Zarghoon Kalai, Pakistan said."
    )
    assert "Zarghoon Kalai" not in [t for t, _ in _hits(text, abroad, nlp)]


def test_big_city_before_a_capitalised_word(
    abroad: Gazetteer, nlp: spacy.language.Language
) -> None:
    text = "Kandaw in Afghanistan sent elders to the Peshawar Accord talks."
    assert ("Peshawar", "PK") in _hits(text, abroad, nlp)
    # A small town abroad before a capitalised word may be a person's name.
    person = "Kandaw in Afghanistan sent elders; Baidar Hassan led them."
    assert "Baidar" not in [t for t, _ in _hits(person, abroad, nlp)]


def test_big_city_not_swapped_for_a_namesake_in_a_named_country(
    abroad: Gazetteer, nlp: spacy.language.Language
) -> None:
    text = (
        "Afghanistan and Somalia sent envoys from Kandaw in Afghanistan; "
        "Somalia met them in Peshawar."
    )
    assert ("Peshawar", "PK") in _hits(text, abroad, nlp)


def test_name_the_parser_tags_as_a_number_is_kept(
    gazetteer: Gazetteer, nlp: spacy.language.Language
) -> None:
    doc = nlp("Fighting reached Dandara\u200e and Qalat on Sunday.")
    for token in doc:
        token.pos_ = "PROPN" if token.text == "Qalat" else "VERB"
    doc[2].pos_ = "NUM"  # a stray mark after the name
    hits = find_places(doc, gazetteer, PlaceMatcher(gazetteer))
    assert [h.text for h in hits] == ["Dandara", "Qalat"]
    doc[2].pos_ = "NOUN"
    hits = find_places(doc, gazetteer, PlaceMatcher(gazetteer))
    assert [h.text for h in hits] == ["Qalat"]


# -- which toponym is the event's place ----------------------------------------------


def _first_sentence_place(text: str, gazetteer: Gazetteer) -> str | None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(text)
    hits = find_places(doc, gazetteer, PlaceMatcher(gazetteer))
    place = place_in(hits, next(iter(doc.sents)))
    return place.name if place else None


@pytest.mark.parametrize(
    "text",
    [
        "Students marched from Dandara and arrived in the town of Qalat.",
        "Protesters gathered on Dandara road in Qalat.",
        "Workers at the Dandara Cement Company blocked roads in Qalat.",
        "Residents of Dandara rallied outside the court in Qalat.",
    ],
)
def test_the_place_where_it_happened_not_where_from(gazetteer: Gazetteer, text: str) -> None:
    assert _first_sentence_place(text, gazetteer) == "Qalat"


def test_the_place_before_its_surroundings(gazetteer: Gazetteer) -> None:
    text = "Demonstrators stormed the police station of Dandara, Qalat."
    assert _first_sentence_place(text, gazetteer) == "Dandara"


def test_a_route_is_not_the_place() -> None:
    route = Gazetteer(
        [
            _entry("Amrita", "city", "IN", 31.6, 74.9, population=1_000_000),
            _entry("Jalana", "city", "IN", 31.3, 75.6, population=800_000),
            _entry("Mukra", "town", "IN", 31.9, 75.6, population=30_000),
        ]
    )
    text = "Farmers blocked the Amrita-Jalana highway in Mukra."
    assert _first_sentence_place(text, route) == "Mukra"


def test_town_inside_the_province_of_the_event(gazetteer: Gazetteer) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("Protests spread across Herat province on Monday. One turned violent in Dandara.")
    hits = find_places(doc, gazetteer, PlaceMatcher(gazetteer))
    province = place_in(hits, next(iter(doc.sents)))
    assert province is not None and province.geo_precision == 3
    town = most_specific(province, hits)
    assert town is not None and town.name == "Dandara"


# Made-up places: a city in two countries, a province of one of them; namesake villages.
ELSEWHERE = (
    _entry("Hydera", "city", "IN", 17.4, 78.5, population=2_000_000, admin1="Telan"),
    _entry("Hydera", "city", "PK", 25.4, 68.4, population=1_000_000, admin1="Sindra Province"),
    _entry("Sindra Province", "admin1", "PK", alternate_names=("Sindra",)),
    _entry("Pobla", "village", "PH", 14.0, 121.0, population=30_000),
    _entry("Pobla", "village", "PH", 8.0, 124.3, population=5_000),
    _entry("Marawa", "town", "PH", 8.01, 124.29, population=200_000),
)


def test_town_in_the_province_the_report_names() -> None:
    g = Gazetteer(ELSEWHERE)
    text = "Journalists protested in Hydera city (Hydera, Sindra) on Monday."
    hits = find_places(spacy.blank("en")(text), g, PlaceMatcher(g))
    assert {h.place.country_code for h in hits} == {"PK"}


def test_namesake_nearest_the_other_places() -> None:
    g = Gazetteer(ELSEWHERE)
    text = "A suspect was killed in a raid in the village of Pobla, Marawa."
    hits = find_places(spacy.blank("en")(text), g, PlaceMatcher(g))
    pobla = next(h for h in hits if h.text == "Pobla")
    assert pobla.place.lat == pytest.approx(8.0)
    alone = find_places(spacy.blank("en")("A raid in Pobla."), g, PlaceMatcher(g))
    assert alone[0].place.lat == pytest.approx(14.0)  # the larger one without a clue


def test_town_the_parser_takes_for_a_nationality_or_a_noun(gazetteer: Gazetteer) -> None:
    nlp = spacy.blank("en")

    def hits(text: str, name: str = "Dandara", label: str = "NORP") -> list[str]:
        doc = nlp(text)
        for token in doc:
            token.pos_ = "ADJ" if token.text == name else "NOUN"
        index = next(t.i for t in doc if t.text == name)
        doc.ents = [Span(doc, index, index + 1, label=label)] if label else []
        return [h.text for h in find_places(doc, gazetteer, PlaceMatcher(gazetteer))]

    assert hits("Police fired on protesters in Dandara town.") == ["Dandara"]
    assert hits("The Dandara police left.") == []
    # A small town the parser reads as a plain word stays out; a city of 100,000 is kept.
    assert hits("Police fired on protesters in Dandara town.", label="") == []
    assert hits("Students were arrested in Peshawar.", "Peshawar", label="") == ["Peshawar"]
    assert hits("The Peshawar police left.", "Peshawar", label="") == []


def test_country_by_main_names_and_by_other_names_of_big_cities() -> None:
    g = Gazetteer(
        [
            _entry(
                "Grandport", "city", "GB", 50.7, -2.0, population=150_000, alternate_names=("Pulo",)
            ),
            _entry("Benapa", "town", "NP", 27.6, 85.5, population=60_000),
            _entry(
                "Urbe Magna",
                "city",
                "MX",
                19.4,
                -99.1,
                population=9_000_000,
                alternate_names=("Ciudad Grande",),
            ),
            _entry("Metra", "city", "ID", -5.1, 105.3, population=150_000),
        ]
    )

    def countries(text: str) -> dict[str, tuple[str, bool]]:
        hits = find_places(spacy.blank("en")(text), g, PlaceMatcher(g))
        return {h.text: (h.place.country_code or "", h.mentioned_only) for h in hits}

    # Another language's name of a city abroad weighs less than a town's own name.
    assert countries("Shelling hit Benapa; Pulo residents fled.")["Benapa"] == ("NP", False)
    # A city of millions is known by its other names too.
    found = countries("Workers of the Metra protested in Ciudad Grande.")
    assert found["Ciudad Grande"] == ("MX", False)


def test_where_something_was_said_is_only_mentioned(
    gazetteer: Gazetteer, nlp: spacy.language.Language
) -> None:
    def mentioned(text: str) -> bool:
        (hit,) = find_places(nlp(text), gazetteer, PlaceMatcher(gazetteer))
        return hit.mentioned_only

    assert mentioned("A spokesman told a news conference in Peshawar that 12 soldiers died.")
    assert mentioned("The minister told reporters in Peshawar that the toll had risen.")
    assert not mentioned("Twelve soldiers died in Peshawar on Monday.")
