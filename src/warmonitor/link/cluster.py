"""Clustering event mentions from many reports into events.

Two mentions are the same event when their places agree (the same town, or
within ``radius_km``), their time windows overlap (respecting precision), their
types are compatible and their reports share enough specific words.  Mentions
are blocked by country and week so that linking scales; within a block,
connected mentions form an event (union-find).  A mention of a whole region
over several days (an *umbrella*) becomes the parent of the town-level events
inside it.

The result depends only on the set of mentions, never on the order they
arrived in, and event ids derive from each event's earliest claim (or mention)
so that a rebuild gives the same ids.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from warmonitor.link.terms import rarity, weighted_similarity

VIOLENT = frozenset({"Battles", "Violence against civilians", "Explosions/Remote violence"})
DEMONSTRATIONS = frozenset({"Protests", "Riots"})
# Days a window is widened by on each side when the date is only roughly known.
SLACK_DAYS = {1: 0, 2: 2, 3: 4, 4: 8, 5: 30}
UNDATED_LOOKBACK_DAYS = 3
# From this UCDP precision on (a week or vaguer), a town account's date is narrowed
# to the days before its report's publication (``window``).
VAGUE_PREC = 3


@dataclass(frozen=True, slots=True)
class MentionInput:
    """What linking needs to know about one event mention (one report's account)."""

    key: str
    report_id: int
    report_hash: str
    event_type: str | None
    date_start: date | None
    date_end: date | None
    date_prec: int | None
    published: date | None
    lat: float | None
    lon: float | None
    place_name: str | None
    admin1: str | None
    country_code: str | None
    regional: bool
    terms: frozenset[str] = frozenset()
    claim_keys: tuple[str, ...] = ()
    prominence: int = 0
    place_id: int | None = None
    sub_event_type: str | None = None
    # First-order areas the report places things in (for an umbrella: the area it spans).
    areas: frozenset[str] = frozenset()
    # A republished copy: the content-hash prefix of the original report's keys.
    copy_of: str | None = None
    # An umbrella account carrying a running total ("has risen to 160"): it covers every
    # day since the violence began, so it continues an umbrella of the week before it.
    running: bool = False
    # The numbered street address the account leads with ("2700 verbena st"; ``terms``).
    address: str | None = None
    # The streets the account names ("verbena st"); two accounts naming only different
    # streets are different incidents.
    streets: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class LinkSettings:
    """The thresholds of linking (documented in docs/LINKING.md)."""

    # Two differently named places are one place when this close (a neighbourhood
    # and its city); further apart they are different towns, whatever the words.
    radius_km: float = 5.0
    # Jaccard similarity of two reports' specific words needed to link them.
    min_term_similarity: float = 0.08
    # The same, when neither account has a place (only the country).
    min_placeless_similarity: float = 0.2
    # Specific words two accounts must share, besides the similarity, to be linked by
    # words (one shared name is a coincidence: a street, a hospital, an outlet).
    min_shared_terms: int = 2
    block_days: int = 7


@dataclass(slots=True)
class EventCluster:
    """An event: its mentions and, for a sub-event, its umbrella."""

    id: str
    mentions: list[MentionInput]
    parent_id: str | None = None
    children: list[str] = field(default_factory=list)

    @property
    def regional(self) -> bool:
        return all(m.regional for m in self.mentions)


def window(m: MentionInput) -> tuple[date, date] | None:
    """The days the mention may refer to, widened by its precision.

    A town account dated only roughly (a week or vaguer) that was published inside
    its own window is read as news of the days just before publication, so "January
    2014" in a report of 29 January means 26-29 January, not the whole month.
    """
    lookback = None
    if m.published is not None:
        lookback = m.published - timedelta(days=UNDATED_LOOKBACK_DAYS), m.published
    if m.date_start is None:
        return lookback
    slack = timedelta(days=SLACK_DAYS.get(m.date_prec or 1, 1))
    wide = m.date_start - slack, (m.date_end or m.date_start) + slack
    if lookback is not None and not m.regional and (m.date_prec or 1) >= VAGUE_PREC:
        start, end = max(wide[0], lookback[0]), min(wide[1], lookback[1])
        if start <= end:
            return start, end
    return wide


def distance_km(a: MentionInput, b: MentionInput) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def compatible_types(a: str | None, b: str | None) -> bool:
    if a is None or b is None or a == b:
        return True
    return (a in VIOLENT and b in VIOLENT) or (a in DEMONSTRATIONS and b in DEMONSTRATIONS)


def term_similarity(
    a: frozenset[str], b: frozenset[str], weights: Mapping[str, float] | None = None
) -> float:
    """Rarity-weighted Jaccard similarity of two accounts' specific words (``terms``)."""
    return weighted_similarity(a, b, weights)


def same_place(a: MentionInput, b: MentionInput, settings: LinkSettings) -> bool:
    """The same town (by place or name), or two places within ``radius_km``."""
    if a.place_id is not None and a.place_id == b.place_id:
        return True
    if a.place_name is not None and a.place_name == b.place_name:
        return True
    km = distance_km(a, b)
    return km is not None and km <= settings.radius_km


def same_address(a: MentionInput, b: MentionInput) -> bool:
    return a.address is not None and a.address == b.address


def overlapping(a: MentionInput, b: MentionInput) -> bool:
    wa, wb = window(a), window(b)
    return wa is not None and wb is not None and wa[0] <= wb[1] and wb[0] <= wa[1]


def may_join(a: MentionInput, b: MentionInput, settings: LinkSettings) -> bool:
    """The hard conditions for two town-level accounts to be one event (no words).

    Two accounts leading with different street addresses, or naming only
    different streets, are different incidents; two leading with the same address
    are at the same place whatever towns the gazetteer gave them.
    """
    if a.report_hash == b.report_hash:
        return False  # one report's distinct incidents stay distinct
    if not compatible_types(a.event_type, b.event_type) or not overlapping(a, b):
        return False
    if a.address is not None and b.address is not None:
        return a.address == b.address
    if a.streets and b.streets and not a.streets & b.streets:
        return False
    if a.place_name is None and b.place_name is None and a.lat is None and b.lat is None:
        return a.country_code == b.country_code
    return same_place(a, b, settings)


def same_event(
    a: MentionInput,
    b: MentionInput,
    settings: LinkSettings,
    weights: Mapping[str, float] | None = None,
) -> bool:
    """Whether two town-level mentions describe one event (hard conditions and words)."""
    if not may_join(a, b, settings):
        return False
    if same_address(a, b):
        return True
    placeless = a.place_name is None and b.place_name is None
    needed = settings.min_placeless_similarity if placeless else settings.min_term_similarity
    return words_agree(a, b, settings, needed, weights)


def words_agree(
    a: MentionInput,
    b: MentionInput,
    settings: LinkSettings,
    needed: float,
    weights: Mapping[str, float] | None = None,
) -> bool:
    """At least ``min_shared_terms`` specific words in common and a similarity of ``needed``."""
    return len(a.terms & b.terms) >= settings.min_shared_terms and (
        term_similarity(a.terms, b.terms, weights) >= needed
    )


class _UnionFind:
    def __init__(self, keys: Iterable[str]) -> None:
        self.parent = {k: k for k in keys}

    def find(self, k: str) -> str:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller key wins, so the result does not depend on the order of unions.
            self.parent[max(ra, rb)] = min(ra, rb)


def _cell(m: MentionInput, settings: LinkSettings) -> tuple[int, int] | None:
    if m.lat is None or m.lon is None:
        return None
    size = max(settings.radius_km / 111.0, 0.01)
    return math.floor(m.lat / size), math.floor(m.lon / size)


def _weeks(m: MentionInput, settings: LinkSettings) -> range:
    w = window(m)
    if w is None:
        return range(-1, 0)
    return range(
        w[0].toordinal() // settings.block_days, w[1].toordinal() // settings.block_days + 1
    )


def candidate_pairs(
    mentions: Sequence[MentionInput], settings: LinkSettings
) -> set[tuple[str, str]]:
    """Pairs worth comparing: same country and week, and the same or a neighbouring
    map cell (cells are ``radius_km`` wide) or, without coordinates, the same name;
    and, in any country, the same week and street address."""
    blocks: dict[tuple[str, int, object], list[MentionInput]] = defaultdict(list)
    for m in mentions:
        cell = _cell(m, settings)
        where: object = cell if cell is not None else ("name", m.place_name)
        for week in _weeks(m, settings):
            blocks[(m.country_code or "?", week, where)].append(m)
    # Accounts leading with one street address are compared wherever the gazetteer put them.
    for m in mentions:
        if m.address is not None:
            for week in _weeks(m, settings):
                blocks[("", week, ("address", m.address))].append(m)
    pairs: set[tuple[str, str]] = set()
    for (country, week, where), members in blocks.items():
        neighbours: list[MentionInput] = []
        if isinstance(where, tuple) and len(where) == 2 and isinstance(where[0], int):
            y, x = where
            for dy, dx in ((0, 1), (1, -1), (1, 0), (1, 1)):
                neighbours += blocks.get((country, week, (y + dy, x + dx)), [])
        for i, a in enumerate(members):
            for b in itertools.chain(members[i + 1 :], neighbours):
                if a.key != b.key:
                    pairs.add((a.key, b.key) if a.key < b.key else (b.key, a.key))
    return pairs


def _link_local(
    mentions: Sequence[MentionInput],
    settings: LinkSettings,
    uf: _UnionFind,
    weights: Mapping[str, float],
) -> None:
    """Town-level accounts into events: best-scoring pairs first, complete linkage.

    Two groups merge only when every pair across them meets the hard conditions
    (place, time, type, different reports), so a chain of near neighbours never
    carries one incident into the next town or week.
    """
    by_key = {m.key: m for m in mentions}
    scored = []
    pairs = candidate_pairs(mentions, settings)
    for ka, kb in pairs:
        a, b = by_key[ka], by_key[kb]
        if same_event(a, b, settings, weights):
            score = term_similarity(a.terms, b.terms, weights) + same_address(a, b)
            scored.append((-score, ka, kb))
    scored.sort()
    members: dict[str, list[MentionInput]] = defaultdict(list)
    for m in mentions:
        members[uf.find(m.key)].append(m)
    for _, ka, kb in scored:
        _join(uf, members, ka, kb, settings)
    _join_bare(mentions, settings, uf, members, pairs)


def _join(
    uf: _UnionFind,
    members: dict[str, list[MentionInput]],
    ka: str,
    kb: str,
    settings: LinkSettings,
) -> None:
    """Merge the groups of ``ka`` and ``kb`` when every pair across them may join."""
    ra, rb = uf.find(ka), uf.find(kb)
    if ra == rb:
        return
    if all(may_join(x, y, settings) for x in members[ra] for y in members[rb]):
        uf.union(ra, rb)
        root = uf.find(ra)
        merged = members.pop(ra) + members.pop(rb)
        members[root] = merged


def _join_bare(
    mentions: Sequence[MentionInput],
    settings: LinkSettings,
    uf: _UnionFind,
    members: dict[str, list[MentionInput]],
    pairs: set[tuple[str, str]],
) -> None:
    """Town accounts that name nothing but their town and day (no ``terms``).

    Nothing tells such an account apart from another of the same town, day and
    type: it joins the one event of that town and day (ACLED's coding unit), but
    stays alone when words have shown several incidents there (a busy city), since
    it could be any of them.  Decided from the groups the words made, so the result
    does not depend on the order of the accounts.
    """
    by_key = {m.key: m for m in mentions}
    bare = {m.key for m in mentions if not m.terms and m.place_name is not None}
    near: dict[str, set[str]] = defaultdict(set)
    for ka, kb in pairs:
        if (ka in bare or kb in bare) and may_join(by_key[ka], by_key[kb], settings):
            near[ka].add(kb)
            near[kb].add(ka)
    roots = {k: uf.find(k) for k in by_key}
    choice: dict[str, str] = {}
    for key in sorted(bare):
        worded = {roots[k] for k in near[key] if k not in bare}
        if len(worded) == 1:
            choice[key] = next(iter(worded))
        elif not worded:
            choice[key] = min({key} | {k for k in near[key] if k in bare})
    for key, target in sorted(choice.items()):
        _join(uf, members, key, target, settings)


def cluster(
    mentions: Sequence[MentionInput],
    *,
    settings: LinkSettings | None = None,
    pinned: dict[str, str] | None = None,
) -> list[EventCluster]:
    """Events from mentions; ``pinned`` maps a mention key to an analyst's event id."""
    settings = settings or LinkSettings()
    pinned = pinned or {}
    keys = {m.key for m in mentions}
    local = [m for m in mentions if not m.regional]
    regional = [m for m in mentions if m.regional]
    uf = _UnionFind(sorted(keys))
    by_key = {m.key: m for m in mentions}
    # A republished copy belongs wherever its original's account of the same scope
    # does, unless the two speak of different days (an updated roundup, a template).
    for m in mentions:
        if m.copy_of is not None:
            twin = by_key.get(f"{m.copy_of}:{m.key.split(':', 1)[1]}")
            if twin is not None and (_undated(m, twin) or overlapping(m, twin)):
                uf.union(m.key, twin.key)
    # Rarity of each word over the reports linked together (one term set per report).
    per_report: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        per_report[m.report_hash].update(m.terms)
    weights = rarity(frozenset(t) for t in per_report.values())
    _link_local(local, settings, uf, weights)
    # Umbrella mentions of the same region and time are one umbrella event.
    for ka, kb in sorted(_regional_pairs(regional, settings)):
        a, b = by_key[ka], by_key[kb]
        if _same_umbrella(a, b, settings) and words_agree(
            a, b, settings, settings.min_term_similarity, weights
        ):
            uf.union(ka, kb)
    groups: dict[str, list[MentionInput]] = defaultdict(list)
    for m in mentions:
        groups[uf.find(m.key)].append(m)
    clusters = [
        EventCluster(id=event_id(ms), mentions=sorted(ms, key=_order)) for ms in groups.values()
    ]
    clusters = _apply_pins(clusters, pinned)
    _assign_parents(clusters)
    clusters.sort(key=lambda c: (_order(c.mentions[0]), c.id))
    return clusters


def _undated(a: MentionInput, b: MentionInput) -> bool:
    return window(a) is None or window(b) is None


def _regional_pairs(
    mentions: Sequence[MentionInput], settings: LinkSettings
) -> set[tuple[str, str]]:
    blocks: dict[tuple[str, int], list[MentionInput]] = defaultdict(list)
    for m in mentions:
        weeks = _weeks(m, settings)
        if m.running and len(weeks):  # a running total also meets the week before it
            weeks = range(weeks.start - 1, weeks.stop)
        for week in weeks:
            blocks[(m.country_code or "?", week)].append(m)
    pairs: set[tuple[str, str]] = set()
    for members in blocks.values():
        for a, b in itertools.combinations(members, 2):
            pairs.add((a.key, b.key) if a.key < b.key else (b.key, a.key))
    return pairs


def _area(m: MentionInput) -> frozenset[str]:
    """The first-order areas a mention covers: its own, and those its report names."""
    own = {x for x in (m.admin1, m.place_name if m.regional else None) if x}
    return m.areas | own


def _same_umbrella(a: MentionInput, b: MentionInput, settings: LinkSettings) -> bool:
    wa, wb = _umbrella_window(a, settings), _umbrella_window(b, settings)
    if wa is None or wb is None or wa[0] > wb[1] or wb[0] > wa[1]:
        return False
    return a.country_code == b.country_code and bool(_area(a) & _area(b))


def _umbrella_window(m: MentionInput, settings: LinkSettings) -> tuple[date, date] | None:
    """An umbrella account's days; a running total's reach back ``block_days`` before its end."""
    w = window(m)
    if w is None or not m.running:
        return w
    return min(w[0], w[1] - timedelta(days=settings.block_days)), w[1]


def _assign_parents(clusters: list[EventCluster]) -> None:
    """A regional event spanning a town-level event's time and area becomes its parent.

    Among several umbrellas, the one sharing most reports with the child wins
    (a report giving a coast-wide figure and a town's figure ties them), then the
    smallest id, so the choice never depends on input order.
    """
    umbrellas = [c for c in clusters if c.regional]
    for child in clusters:
        if child.regional:
            continue
        reports = {m.report_hash for m in child.mentions}
        options = [
            (-len(reports & {m.report_hash for m in u.mentions}), u.id, u)
            for u in umbrellas
            if _contains(u, child)
        ]
        if options:
            best = min(options, key=lambda o: (o[0], o[1]))[2]
            child.parent_id = best.id
            best.children.append(child.id)
    for umbrella in umbrellas:
        umbrella.children.sort()


def _contains(umbrella: EventCluster, child: EventCluster) -> bool:
    """The child lies in the umbrella's country and areas, and inside its time."""
    countries = {m.country_code for m in umbrella.mentions}
    areas: set[str] = set().union(*(_area(u) for u in umbrella.mentions))
    for m in child.mentions:
        if m.country_code not in countries:
            return False
        if m.admin1 not in areas and m.place_name not in areas:
            return False
        wc = window(m)
        if wc is None or not any(_overlaps(wc, window(u)) for u in umbrella.mentions):
            return False
    return True


def _overlaps(a: tuple[date, date], b: tuple[date, date] | None) -> bool:
    return b is not None and a[0] <= b[1] and b[0] <= a[1]


def _order(m: MentionInput) -> tuple[date, str, str]:
    """Earliest first: by publication (or event) day, then by report and mention keys."""
    day = m.published or m.date_start or date.max
    return day, m.report_hash, m.key


def event_id(mentions: Sequence[MentionInput]) -> str:
    """Stable id: from the earliest claim of the earliest mention (or the mention itself)."""
    first = min(mentions, key=_order)
    anchor = min(first.claim_keys) if first.claim_keys else first.key
    digest = hashlib.sha1(f"{first.report_hash}|{anchor}".encode(), usedforsecurity=False)
    return "ev_" + digest.hexdigest()[:12]


def _apply_pins(clusters: list[EventCluster], pinned: dict[str, str]) -> list[EventCluster]:
    """Analysts' decisions win: a pinned mention moves to (or founds) the named event."""
    if not pinned:
        return clusters
    by_id: dict[str, EventCluster] = {c.id: c for c in clusters}
    for cluster_ in list(clusters):
        for m in list(cluster_.mentions):
            target = pinned.get(m.key)
            if target is None or target == cluster_.id:
                continue
            cluster_.mentions.remove(m)
            by_id.setdefault(target, EventCluster(id=target, mentions=[])).mentions.append(m)
    result = [c for c in by_id.values() if c.mentions]
    for c in result:
        c.mentions.sort(key=_order)
    return result
