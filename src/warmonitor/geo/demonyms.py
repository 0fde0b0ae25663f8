"""Demonyms of countries (Somali, Kenyan, Pakistani, Afghans), made by rule from their names.

A demonym tells the report's country ("Somali troops") without being a
place; some are also names of small places or admin areas (the Somali
Region of Ethiopia), which the matcher would otherwise take them for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from warmonitor.geo.gazetteer import GazetteerEntry
from warmonitor.geo.names import fold_name, light_fold

_SUFFIXES = ("n", "an", "ian", "i", "ese", "ish")
# Demonyms that are also the name of some place; still read as demonyms.
KNOWN_DEMONYMS = frozenset(
    "somali afghan indian kenyan pakistani iraqi syrian libyan sudanese nigerian malian"
    " ethiopian egyptian yemeni lebanese israeli palestinian turkish iranian".split()
)


def build_demonyms(
    countries: Iterable[GazetteerEntry], is_place: Callable[[str], bool]
) -> dict[str, str]:
    """Light-folded demonyms, singular and plural, to ISO alpha-2 codes.

    From each one-word name of ``countries``: the name less a final vowel
    or "-istan", with -n, -an, -ian, -i, -ese or -ish (Somalia: Somali,
    Somalian; Kenya: Kenyan; Pakistan: Pakistani; Afghanistan: Afghan).  A
    form for which ``is_place`` (given its fold key) holds is left out
    unless it is in ``KNOWN_DEMONYMS``.
    """
    out: dict[str, str] = {}
    for entry in countries:
        code = entry.country_code
        if not code:
            continue
        for name in entry.names:
            base = light_fold(name)
            if " " in base or len(base) < 4:
                continue
            stems = {base}
            if base[-1] in "aeo":
                stems.add(base[:-1])
            if base.endswith("istan"):
                stems.add(base[: -len("istan")])
            for stem in stems:
                for form in (stem, *(stem + suffix for suffix in _SUFFIXES)):
                    if form == base or len(form) < 4:
                        continue
                    if form not in KNOWN_DEMONYMS and is_place(fold_name(form)):
                        continue
                    out.setdefault(form, code)
                    out.setdefault(form + "s", code)
    return out
