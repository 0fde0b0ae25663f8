"""Tests of the geo stage: folding, lookup and resolution, GeoNames dumps, PlaceMatcher."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from warmonitor.geo import (
    Gazetteer,
    GazetteerEntry,
    GazetteerFormatError,
    PlaceMatcher,
    fold_name,
    fold_token,
    load_geonames_dump,
)
from warmonitor.records import Place


def _town(
    name: str, cc: str, lat: float, lon: float, *alts: str, pop: int = 50_000
) -> GazetteerEntry:
    return GazetteerEntry(
        name=name,
        kind="city" if pop >= 100_000 else "town",
        lat=lat,
        lon=lon,
        country_code=cc,
        country={"SY": "Syria", "FR": "France", "US": "United States"}[cc],
        admin1="Tartus Governorate" if cc == "SY" else None,
        population=pop,
        alternate_names=alts,
        source="test",
    )


SMALL = (
    _town("Bāniyās", "SY", 35.18, 35.95, "Baniyas", "Banias"),
    _town("Jablah", "SY", 35.36, 35.93, "Jableh"),
    _town("Latakia", "SY", 35.53, 35.79, "Al-Ladhiqiyah", "Lattakia", pop=700_000),
    _town("Al Quşayr", "SY", 34.51, 36.58),
    _town("Deir ez-Zor", "SY", 35.34, 40.14, pop=270_000),
    _town("Paris", "FR", 48.85, 2.35, pop=2_000_000),
    _town("Paris", "US", 33.66, -95.56, pop=25_000),
    _town("Most", "FR", 50.0, 13.6),
    GazetteerEntry(name="Syria", kind="country", country_code="SY", country="Syria"),
    GazetteerEntry(
        name="Tartus Governorate",
        kind="admin1",
        country_code="SY",
        country="Syria",
        admin1="Tartus Governorate",
        alternate_names=("Tartus",),
    ),
    _town("Ţarţūs", "SY", 34.89, 35.89, "Tartus", "Tartous", pop=115_000),
)


@pytest.fixture(scope="module")
def small() -> Gazetteer:
    return Gazetteer(SMALL)


@pytest.fixture(scope="module")
def default() -> Gazetteer:
    return Gazetteer.default()


@pytest.mark.parametrize(
    "variants",
    [
        ("Baniyas", "Banias", "Bāniyās", "BANIYAS"),
        ("al-Qusayr", "Qusayr", "Al Qusayr", "Al-Qusair", "al-Quşayr"),
        ("Homs", "Hims", "Ḩimş"),
        ("Deir ez-Zor", "Deir al-Zour", "Dayr az Zawr", "Deir Ezzor"),
        ("Latakia", "Lattakia"),
        ("Jableh", "Jablah"),
        ("Qardaha", "Al Qardāḩah", "Qardahah"),
        ("Tartus", "Tartous", "Ţarţūs"),
        ("Raqqa", "Ar-Raqqah", "al-Raqqa"),
        ("Ma'arrat al-Nu'man", "Maarat al-Numaan", "Maʿarrat an-Nuʿmān"),
        ("Rayhaniyyah", "Rayhaniyah", "Rayhaniya"),
        ("Yabroud", "Yabrud"),
    ],
)
def test_fold_name_variants_meet(variants: tuple[str, ...]) -> None:
    assert len({fold_name(v) for v in variants}) == 1


def test_fold_name_keeps_different_names_apart() -> None:
    assert fold_name("Homs") != fold_name("Hama")
    assert fold_name("Hamas") != fold_name("Homs")
    assert fold_name("Wadi") != fold_name("Adi")  # an initial w is a consonant


def test_fold_token_composes_to_fold_name() -> None:
    words = "Jisr al-Shughur".replace("-", " ").split()
    keys = [fold_token(w, first=i == 0) for i, w in enumerate(words)]
    assert " ".join(k for k in keys if k) == fold_name("Jisr al-Shughur")
    assert fold_token("al") == ""


def test_lookup_via_alternate_names(small: Gazetteer) -> None:
    for name in ("Lattakia", "Latakia", "Al-Ladhiqiyah", "al Ladhiqiyah"):
        assert small.lookup(name)[0].name == "Latakia"


def test_resolve_baniyas(small: Gazetteer) -> None:
    place = small.resolve("Banias", country_hint="SY")
    assert isinstance(place, Place)
    assert place.country_code == "SY" and place.name == "Bāniyās"
    assert place.geo_precision == 1 and place.where_prec == 1


def test_resolve_prefers_settlement_to_admin_area(small: Gazetteer) -> None:
    place = small.resolve("Tartus", country_hint="SY")
    assert place is not None and place.lat is not None
    assert place.where_prec == 1


def test_resolve_country_hint_and_fallback(small: Gazetteer) -> None:
    assert small.resolve("Paris", country_hint="US") == small.lookup("Paris")[1].to_place()
    paris = small.resolve("Paris", country_hint="SY")
    assert paris is not None and paris.country_code == "FR"
    assert small.resolve("Nowhereville") is None


def test_precision_codes(small: Gazetteer) -> None:
    syria = small.resolve("Syria")
    assert syria is not None and (syria.geo_precision, syria.where_prec) == (3, 6)
    gov = small.resolve("Tartus Governorate")
    assert gov is not None and (gov.geo_precision, gov.where_prec) == (3, 4)


def test_add_extends_and_skips_duplicates() -> None:
    g = Gazetteer(SMALL[:2])
    assert len(g) == 2
    assert g.add(SMALL[1:3]) == 1
    assert g.resolve("Lattakia") is not None


def test_lazy_sources_are_read_once() -> None:
    calls: list[int] = []

    def source() -> list[GazetteerEntry]:
        calls.append(1)
        return list(SMALL)

    g = Gazetteer(sources=[source])
    assert calls == []
    assert g.resolve("Jableh") is not None
    assert g.resolve("Banias") is not None
    assert calls == [1]


GEONAMES_ROWS = [
    "171830\tBāniyās\tBaniyas\tBanias,Baniyas,Bāniyās,بانياس\t35.18188\t35.94871\tP\tPPLA2\tSY\t\t14"
    "\t\t\t\t39066\t\t22\tAsia/Damascus\t2023-01-01",
    "163342\tMuḩāfaẓat Ţarţūs\tMuhafazat Tartus\tTartus Governorate\t35.0\t36.0\tA\tADM1\tSY\t\t14"
    "\t\t\t\t797000\t\t300\tAsia/Damascus\t2023-01-01",
    "172000\tJabal X\tJabal X\t\t35.1\t36.1\tT\tMT\tSY\t\t14\t\t\t\t0\t\t900"
    "\tAsia/Damascus\t2023-01-01",
]


def test_load_geonames_dump(tmp_path: Path) -> None:
    path = tmp_path / "SY.txt"
    path.write_text("\n".join(GEONAMES_ROWS) + "\n", encoding="utf-8")
    entries = list(load_geonames_dump(path))
    assert [e.kind for e in entries] == ["town", "admin1"]  # the mountain (class T) is left out
    baniyas = entries[0]
    assert baniyas.geonames_id == 171830 and baniyas.population == 39066
    assert "Banias" in baniyas.alternate_names and "بانياس" not in baniyas.alternate_names
    place = Gazetteer(entries).resolve("Banias")
    assert place is not None and place.geonames_id == 171830


def test_load_geonames_dump_malformed_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(
        "\n".join([*GEONAMES_ROWS, "123\tBroken\tonly four columns"]) + "\n", encoding="utf-8"
    )
    with pytest.raises(GazetteerFormatError) as info:
        list(load_geonames_dump(path))
    assert info.value.line == 4 and "bad.txt" in str(info.value) and "line 4" in str(info.value)


def test_load_geonames_dump_bad_number(tmp_path: Path) -> None:
    row = GEONAMES_ROWS[0].replace("35.18188", "north")
    path = tmp_path / "bad.txt"
    path.write_text(row + "\n", encoding="utf-8")
    with pytest.raises(GazetteerFormatError, match="line 1"):
        list(load_geonames_dump(path))


def test_matcher_finds_places_not_common_words(small: Gazetteer) -> None:
    text = (
        "On Friday, most shelling hit Baniyas and Latakia; Most of the dead were in "
        "Deir ez-Zor, near al-Qusayr."
    )
    found = PlaceMatcher(small).find(text)
    assert [m.text for m in found] == ["Baniyas", "Latakia", "Deir ez-Zor", "al-Qusayr"]
    for m in found:
        assert text[m.start : m.end] == m.text
    assert found[0].candidates[0].name == "Bāniyās"


def test_matcher_skips_names_of_people(small: Gazetteer) -> None:
    found = PlaceMatcher(small).find("Gen. Banias said that Jean Banias visited Latakia's port.")
    assert [m.text for m in found] == ["Latakia"]


# -- the shipped gazetteer -------------------------------------------------


def test_default_resolves_syrian_coast(default: Gazetteer) -> None:
    baniyas = default.resolve("Baniyas", country_hint="SY")
    assert baniyas is not None and baniyas.country_code == "SY" and baniyas.country == "Syria"
    assert baniyas.admin1 is not None and "Tartus" in baniyas.admin1
    assert baniyas.lat == pytest.approx(35.18, abs=0.05)
    assert baniyas.lon == pytest.approx(35.94, abs=0.05)
    for name in ("Jableh", "Qardaha", "Tartus", "Latakia", "Lattakia", "Homs", "Deir ez-Zor"):
        place = default.resolve(name, country_hint="SY")
        assert place is not None and place.country_code == "SY", name
        assert place.where_prec == 1, name


def test_default_resolves_without_hint(default: Gazetteer) -> None:
    damascus = default.resolve("Damascus")
    assert damascus is not None and damascus.country_code == "SY"
    paris = default.resolve("Paris", country_hint="SY")
    assert paris is not None and paris.country_code == "FR"
    iraq = default.resolve("Iraq", country_hint="SY")
    assert iraq is not None and iraq.country_code == "IQ" and iraq.where_prec == 6


def test_default_matcher_on_tagger_misses(default: Gazetteer) -> None:
    text = (
        "Fighting spread from Tartus and Jableh to Baniyas on Friday, while Qardaha and "
        "Latakia stayed calm. Most residents of Deir ez-Zor fled to the Mobile clinic."
    )
    matcher = PlaceMatcher(default)
    found = [m.text for m in matcher.find(text, country_hint="SY")]
    assert found == ["Tartus", "Jableh", "Baniyas", "Qardaha", "Latakia", "Deir ez-Zor"]


def test_default_matcher_is_fast(default: Gazetteer) -> None:
    sentence = "Shelling hit Baniyas and the Latakia countryside on Friday, the monitor said. "
    text = (sentence * 80)[:5000]
    matcher = PlaceMatcher(default)
    matcher.find(text)
    t = time.perf_counter()
    for _ in range(5):
        matcher.find(text)
    assert (time.perf_counter() - t) / 5 < 0.05


def _city(name: str, cc: str, *alts: str, pop: int, kind: str = "city") -> GazetteerEntry:
    return GazetteerEntry(
        name=name,
        kind=kind,  # type: ignore[arg-type]
        lat=10.0,
        lon=10.0,
        country_code=cc,
        population=pop,
        alternate_names=alts,
        source="test",
    )


def test_main_name_beats_another_name_of_a_bigger_city() -> None:
    # Made-up: a holy city also called "Selim" in some language, and a town called Selim.
    holy = _city("Urbs Sancta", "FR", "Selim", pop=900_000)
    town = _city("Selim", "US", pop=800_000)
    assert Gazetteer([holy, town]).lookup("Selim")[0] is town
    # A city ten times as large keeps its old name ("Port Elizabeth", now Gqeberha).
    renamed = _city("Nova Porta", "FR", "Porta Vetus", pop=1_000_000)
    namesake = _city("Porta Vetus", "US", pop=20_000)
    assert Gazetteer([renamed, namesake]).lookup("Porta Vetus")[0] is renamed
    # A major city three times as large does too (Odesa, also "Odessa", and Odessa, Texas).
    port = _city("Odesia", "FR", "Odessia", pop=1_000_000)
    texan = _city("Odessia", "US", pop=120_000)
    assert Gazetteer([port, texan]).lookup("Odessia")[0] is port


def test_province_gives_way_only_to_its_namesake_seat() -> None:
    province = _city("Marava", "SY", pop=0, kind="admin1")
    seat = _city("Marava", "SY", pop=60_000, kind="town")
    other = _city("Marava Sharif", "SY", "Marava", pop=300_000)
    assert Gazetteer([province, seat]).lookup("Marava")[0] is seat
    assert Gazetteer([province, other]).lookup("Marava")[0] is province


def test_matcher_keeps_a_place_before_a_capitalised_word_for_later(small: Gazetteer) -> None:
    # A place before a capitalised word may be a first name, not a surname: seen alone
    # later, it is a place.
    text = "Owners of Jableh Toyota trucks met. The Jableh office closed."
    assert [m.text for m in PlaceMatcher(small).find(text)] == ["Jableh"]
    # A place after a capitalised word is a surname, and stays one.
    text = "Ahmad Jableh spoke. Jableh said no more."
    assert [m.text for m in PlaceMatcher(small).find(text)] == []
