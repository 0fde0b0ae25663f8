"""Build ``src/warmonitor/data/gazetteer_ucdp.tsv`` from UCDP GED CSV files.

Keeps events whose ``where_prec`` is 1 or 2 (an exact town or village, or a
place within about 25 km of one) and whose ``where_coordinates`` names a
settlement, and writes one row per distinct place: the name (settlement
suffixes such as " town" and parenthetical notes removed; names joined with
"/" become alternate names), coordinates, admin names, country, ISO code and
a precision hint.  Only facts are kept (names, coordinates, admin names);
nothing else of the event rows is copied.

Usage: python scripts/build_gazetteer.py [CSV ...] [--out PATH]
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pycountry


def _word_set(words: str) -> frozenset[str]:
    """The set of the whitespace-separated words of ``words``."""
    return frozenset(words.split())


ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INPUTS = (
    ROOT.parent / "shared/data/ucdp/ucdp_ged_syria_2016_2019.csv",
    ROOT.parent / "shared/data/ucdp/ucdp_ged231_sample1000.csv",
)
DEFAULT_OUT = ROOT / "src/warmonitor/data/gazetteer_ucdp.tsv"
HEADER = (
    "name",
    "alternatenames",
    "lat",
    "lon",
    "admin1",
    "admin2",
    "country",
    "country_code",
    "where_prec",
    "kind",
)

# Trailing words UCDP appends to a settlement name (misspellings included).
SETTLEMENT_SUFFIXES = {
    "town": "town",
    "city": "city",
    "village": "village",
    "villae": "village",
    "villge": "village",
    "suburb": "suburb",
    "neighbourhood": "suburb",
    "neighborhood": "suburb",
    "district": "suburb",
    "locality": "village",
    "location": "village",
}
# Words that mark a feature rather than a settlement: such rows are left out.
FEATURE_WORDS = _word_set(
    """
    airport airbase base dam field fields mountain mountains mount tower shrine plains camp
    farm farms hill hills
    complex station checkpoint plant reservoir junction castle road brigade sector pocket
    area plain island governorate province region crossing bridge factory prison hospital
    school border valley river lake desert highway front frontline battalion regiment
    headquarters mine port military barracks refinery oilfield
    """
)
# UCDP country names pycountry does not know.
COUNTRY_CODES = {
    "DR Congo": "CD",
    "Bosnia-Herzegovina": "BA",
    "Russia": "RU",
    "Yemen": "YE",
    "Myanmar": "MM",
    "Iran": "IR",
    "Syria": "SY",
    "Turkey": "TR",
    "Ivory Coast": "CI",
    "Kosovo": "XK",
    "Cambodia": "KH",
    "Macedonia, FYR": "MK",
    "Serbia": "RS",
    "Congo": "CG",
    "Laos": "LA",
    "Tanzania": "TZ",
    "Venezuela": "VE",
    "Bolivia": "BO",
    "Moldova": "MD",
    "Vietnam": "VN",
    "South Korea": "KR",
    "North Korea": "KP",
    "Zimbabwe": "ZW",
}
_PARENS = re.compile(r"\s*\([^)]*\)?")
_SPACES = re.compile(r"\s+")


@dataclass
class PlaceRow:
    name: str
    lat: float
    lon: float
    admin1: str
    admin2: str
    country: str
    country_code: str
    where_prec: int
    kind: str
    alternates: list[str] = field(default_factory=list)
    events: int = 0


def clean_country(name: str) -> str:
    return _SPACES.sub(" ", _PARENS.sub("", name)).strip()


def country_code(name: str) -> str:
    if name in COUNTRY_CODES:
        return COUNTRY_CODES[name]
    try:
        return str(pycountry.countries.lookup(name).alpha_2)
    except LookupError:
        pass
    try:
        return str(pycountry.countries.search_fuzzy(name)[0].alpha_2)
    except LookupError:
        return ""


def split_name(where: str) -> tuple[list[str], str] | None:
    """Return the names and kind of a settlement, or None for another feature."""
    text = _SPACES.sub(" ", _PARENS.sub(" ", where)).strip()
    if not text or text.lower().startswith(("road ", "between ", "near ")):
        return None
    kind = "place"
    names: list[str] = []
    for raw in text.split("/"):
        words = raw.strip().split()
        if not words:
            continue
        last = words[-1].lower()
        if last in SETTLEMENT_SUFFIXES and len(words) > 1:
            kind = SETTLEMENT_SUFFIXES[last] if kind == "place" else kind
            words = words[:-1]
        elif last in FEATURE_WORDS or (len(words) > 1 and words[-2].lower() in FEATURE_WORDS):
            return None
        if any(w.lower() in FEATURE_WORDS for w in words):
            return None
        if words and not any(ch.isdigit() for ch in "".join(words)):
            names.append(" ".join(words))
    return (names, kind) if names else None


def read_places(paths: list[Path]) -> list[PlaceRow]:
    places: dict[tuple[str, float, float], PlaceRow] = {}
    for path in paths:
        with path.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                prec = int(float(row["where_prec"] or 0))
                if prec not in (1, 2):
                    continue
                split = split_name(row["where_coordinates"])
                if split is None:
                    continue
                names, kind = split
                lat, lon = round(float(row["latitude"]), 5), round(float(row["longitude"]), 5)
                key = (names[0].casefold(), round(lat, 2), round(lon, 2))
                country = clean_country(row["country"])
                place = places.get(key)
                if place is None:
                    place = places[key] = PlaceRow(
                        name=names[0],
                        lat=lat,
                        lon=lon,
                        admin1=row["adm_1"].strip(),
                        admin2=row["adm_2"].strip(),
                        country=country,
                        country_code=country_code(country),
                        where_prec=prec,
                        kind=kind,
                    )
                place.where_prec = min(place.where_prec, prec)
                place.events += 1
                for alt in names[1:]:
                    if alt not in place.alternates and alt != place.name:
                        place.alternates.append(alt)
    return sorted(places.values(), key=lambda p: (p.country_code, p.name.casefold(), p.lat))


def write_tsv(places: list[PlaceRow], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as f:
        f.write("\t".join(HEADER) + "\n")
        for p in places:
            cells = (
                p.name,
                "|".join(p.alternates),
                f"{p.lat:.5f}",
                f"{p.lon:.5f}",
                p.admin1,
                p.admin2,
                p.country,
                p.country_code,
                str(p.where_prec),
                p.kind,
            )
            f.write("\t".join(c.replace("\t", " ") for c in cells) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", type=Path, default=list(DEFAULT_INPUTS))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    places = read_places(args.inputs)
    write_tsv(places, args.out)
    kinds = Counter(p.kind for p in places)
    missing = sorted({p.country for p in places if not p.country_code})
    print(f"wrote {len(places)} places to {args.out} ({args.out.stat().st_size} bytes)")
    print("kinds:", dict(kinds))
    if missing:
        print("countries without ISO code:", missing)


if __name__ == "__main__":
    main()
