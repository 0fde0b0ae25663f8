"""Stored mentions and claims -> accounts: what each report says about each event.

An extractor finds several event mentions in one report, some of them only
context ("a curfew stayed in place", "families fled toward Jableh").  Linking
does not compare those one by one.  Each report is first read as a few
*accounts*, one per scope it speaks of (rules in docs/LINKING.md):

* the **lead**: the report's most prominent mention; it founds the account of its
  town when its sentence names that town, else the report's regional account when
  the sentence speaks of a region or a period (``scope.is_regional``), else the
  account of its (unnamed) town;
* each **figure** goes where its own sentence puts it: to the report's regional
  account when the clause around the number is regional, or when it is a running
  total naming no town in a report on several towns; to the account of its town
  when the sentence names that town; otherwise to the lead's account;
* every other mention, carrying no figure, is folded into the account of its
  town if the report has one, else into the lead's: it never founds an event,
  and never brings its (often misread) date or place into the account.

Accounts have stable keys (``<content hash>:<scope>``), so republished copies
are tied to their original's accounts, and the result depends only on what is
stored.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pycountry

from warmonitor.link.cluster import MentionInput
from warmonitor.link.scope import clause, fold, is_regional, names_town
from warmonitor.link.terms import addresses_of, streets_of, terms_of
from warmonitor.link.toll import ClaimInput

REGION = "region"


@dataclass(frozen=True, slots=True)
class LinkInputs:
    """What linking reads: accounts (``MentionInput``) and their claims, by account key."""

    mentions: list[MentionInput]
    claims: dict[str, list[ClaimInput]]
    mention_ids: dict[str, list[int]]  # account key -> event_mentions.id folded into it
    claim_rows: dict[str, list[int]]  # account key -> claim ids
    pinned: dict[str, str]  # account key -> an analyst's event id
    report_of: dict[str, int]


@dataclass(slots=True)
class _Draft:
    """An account while a report is being read."""

    scope: str
    place: Any = None
    event_types: list[tuple[str | None, str | None]] = field(default_factory=list)
    days: list[date] = field(default_factory=list)
    claim_days: list[date] = field(default_factory=list)
    precisions: list[int] = field(default_factory=list)
    prominence: int = 0
    mention_ids: list[int] = field(default_factory=list)
    claims: list[Any] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    lead: bool = False

    def hold(self, row: Any) -> None:
        """A mention folded into the account: its id and evidence sentences."""
        self.mention_ids.append(row.id)
        self.sentences += _sentences(row)

    def anchor(self, row: Any) -> None:
        """A mention that defines the account: its type, dates and prominence count."""
        self.event_types.append((row.event_type, row.sub_event_type))
        if row.date_start is not None and (self.scope == REGION or not self.days):
            # A town account keeps the day of its first dated anchor (the lead's).
            self.days += [row.date_start, row.date_end or row.date_start]
            self.precisions.append(row.date_prec or 1)
        self.prominence = max(self.prominence, row.prominence)


def _sentences(row: Any) -> list[str]:
    """Every evidence sentence of a mention or claim."""
    return [str(ev.get("sentence") or "") for ev in row.evidence or [] if isinstance(ev, dict)]


def _evidence(row: Any) -> tuple[str, int | None, int | None]:
    """The first evidence sentence, and the span's offsets inside it."""
    items = row.evidence or []
    if not items or not isinstance(items[0], dict):
        return "", None, None
    ev = items[0]
    sentence = str(ev.get("sentence") or "")
    start, s0, s1 = ev.get("start"), ev.get("span_start"), ev.get("span_end")
    if isinstance(start, int) and isinstance(s0, int) and isinstance(s1, int):
        return sentence, s0 - start, s1 - start
    return sentence, None, None


def _is_area(place: Any) -> bool:
    """A first-order area or wider (a province, a region, a country), not a town."""
    return place is not None and (place.where_prec or 1) >= 4


def _town_scope(place: Any) -> str:
    return "town:" + fold(place.name)


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def build_inputs(
    reports: Mapping[int, Any],
    places: Mapping[int, Any],
    sources: Mapping[int, tuple[str, str]],
    mention_rows: Sequence[Any],
    claim_rows: Sequence[Any],
    pins: Mapping[str, str],
) -> LinkInputs:
    """Accounts of every report, with their claims (rows as the store returns them).

    Rows of a report not in ``reports`` (stored while this was being read) wait for
    the next relink.  ``pins``: "event_mentions:ID" or "claims:ID" -> the event id an
    analyst put that record in, in decision order (a record's account follows the
    latest decision on any of its records).
    """
    mention_rows = [r for r in mention_rows if r.report_id in reports]
    claim_rows = [c for c in claim_rows if c.report_id in reports]
    mentions_of: dict[int, list[Any]] = defaultdict(list)
    for row in mention_rows:
        mentions_of[row.report_id].append(row)
    claims_of: dict[int, list[Any]] = defaultdict(list)
    for c in claim_rows:
        claims_of[c.report_id].append(c)
    row_ids = {r.id: r for r in mention_rows}
    areas = _report_areas(mention_rows, claim_rows, places)
    countries = _report_countries(mention_rows, claim_rows, places)
    accounts: list[MentionInput] = []
    claims: dict[str, list[ClaimInput]] = {}
    mention_ids: dict[str, list[int]] = {}
    claim_ids: dict[str, list[int]] = {}
    report_of: dict[str, int] = {}
    for report_id in sorted(set(mentions_of) | set(claims_of)):
        report = reports[report_id]
        drafts = _read_report(mentions_of[report_id], claims_of[report_id], places, row_ids)
        prefix = report.content_hash[:16]
        original = reports.get(report.duplicate_of) if report.duplicate_of else None
        addresses = addresses_of(report.text)
        streets = streets_of(report.text)
        for draft in drafts:
            key = f"{prefix}:{draft.scope}"
            accounts.append(
                _account(
                    key,
                    draft,
                    report,
                    addresses=addresses,
                    streets=streets,
                    areas=frozenset(areas[report_id]),
                    copy_of=original.content_hash[:16] if original is not None else None,
                    country=countries.get(report_id),
                )
            )
            claims[key] = [claim_input(c, report, sources) for c in draft.claims]
            mention_ids[key] = sorted(draft.mention_ids)
            claim_ids[key] = sorted(c.id for c in draft.claims)
            report_of[key] = report_id
    account_of = {
        f"{table}:{rid}": key
        for table, ids_of in (("event_mentions", mention_ids), ("claims", claim_ids))
        for key, ids in ids_of.items()
        for rid in ids
    }
    pinned: dict[str, str] = {}
    for target, eid in pins.items():  # in decision order: the latest decision wins
        if target in account_of:
            pinned[account_of[target]] = eid
    return LinkInputs(accounts, claims, mention_ids, claim_ids, pinned, report_of)


def _report_areas(
    mention_rows: Iterable[Any], claim_rows: Iterable[Any], places: Mapping[int, Any]
) -> dict[int, set[str]]:
    """First-order areas each report places things in (an umbrella spans them)."""
    areas: dict[int, set[str]] = defaultdict(set)
    for r in [*mention_rows, *claim_rows]:
        place = places.get(r.place_id or -1)
        if place is not None:
            areas[r.report_id].update(
                x for x in (place.admin1, place.name if _is_area(place) else None) if x
            )
    return areas


def _report_countries(
    mention_rows: Iterable[Any], claim_rows: Iterable[Any], places: Mapping[int, Any]
) -> dict[int, str]:
    """Each report's most named country (ties: the smallest code)."""
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for r in [*mention_rows, *claim_rows]:
        place = places.get(r.place_id or -1)
        if place is not None and place.country_code:
            counts[r.report_id][place.country_code] += 1
    return {rid: min(c, key=lambda k: (-c[k], k)) for rid, c in counts.items()}


def _read_report(
    mentions: list[Any], claims: list[Any], places: Mapping[int, Any], rows: Mapping[int, Any]
) -> list[_Draft]:
    """One report's accounts, following the rules in this module's docstring."""
    ordered = sorted(mentions, key=lambda r: (-r.prominence, _evidence(r)[0] == "", r.record_key))
    drafts: dict[str, _Draft] = {}

    def draft(scope: str, place: Any = None) -> _Draft:
        if scope not in drafts:
            drafts[scope] = _Draft(scope=scope, place=place)
        return drafts[scope]

    lead_scope = REGION
    if ordered:
        lead = ordered[0]
        sentence, _, _ = _evidence(lead)
        place = places.get(lead.place_id or -1)
        town = place is not None and not _is_area(place)
        if place is not None and town and names_town(sentence, place.name):
            lead_scope = _town_scope(place)
            draft(lead_scope, place).anchor(lead)
        elif is_regional(sentence) or _is_area(place):
            draft(REGION).anchor(lead)
        else:
            lead_scope = _town_scope(place) if town else "main"
            draft(lead_scope, place if town else None).anchor(lead)
        drafts[lead_scope].hold(lead)
        drafts[lead_scope].lead = True
    towns = {
        p.id
        for r in [*mentions, *claims]
        if (p := places.get(r.place_id or -1)) is not None and not _is_area(p)
    }
    for c in sorted(claims, key=lambda c: c.record_key):
        sentence, s0, s1 = _evidence(c)
        place = places.get(c.place_id or -1)
        # A running total naming no town, in a report on several towns, sums them all.
        running = c.cumulative and place is None and len(towns) >= 2
        if is_regional(clause(sentence, s0, s1)) or _is_area(place) or running:
            target = draft(REGION)
        elif place is not None and names_town(sentence, place.name):
            target = draft(_town_scope(place), place)
            if not target.event_types and c.mention_id in rows:
                target.anchor(rows[c.mention_id])
        else:
            target = draft(lead_scope)
        target.claims.append(c)
        target.sentences += _sentences(c)
        for day in (c.period_start, c.period_end):
            if day is not None:
                target.claim_days.append(day)
    for row in ordered[1:]:
        place = places.get(row.place_id or -1)
        scope = _town_scope(place) if place is not None and not _is_area(place) else None
        home = drafts.get(scope or "") or drafts.get(lead_scope) or next(iter(drafts.values()))
        home.hold(row)
    return [drafts[k] for k in sorted(drafts)]


def _account(
    key: str,
    draft: _Draft,
    report: Any,
    *,
    addresses: tuple[str, ...],
    streets: tuple[str, ...],
    areas: frozenset[str],
    copy_of: str | None,
    country: str | None,
) -> MentionInput:
    place = draft.place
    kinds = Counter(t for t in draft.event_types if t[0])
    event_type, sub_type = kinds.most_common(1)[0][0] if kinds else (None, None)
    regional = draft.scope == REGION
    own = {place.admin1} if place is not None and place.admin1 else set()
    # A town account's day is its own mentions' (a figure's period may be a month's
    # count); a regional account spans its figures' periods too.
    days = draft.days + draft.claim_days if regional or not draft.days else draft.days
    text = " ".join(dict.fromkeys(draft.sentences))
    # The account's own address and streets; the report's first ones for its lead
    # account, whose address is often in a sentence not kept as evidence.
    own_addresses = addresses_of(text) or (addresses[:1] if draft.lead else ())
    own_streets = streets_of(text) or (streets[:1] if draft.lead else ())
    country_code = place.country_code if place is not None else country
    return MentionInput(
        key=key,
        report_id=report.id,
        report_hash=report.content_hash,
        event_type=event_type,
        date_start=min(days) if days else None,
        date_end=max(days) if days else None,
        date_prec=max(draft.precisions) if draft.precisions else (1 if days else None),
        published=_day(report.published_at),
        lat=None if regional or place is None else place.lat,
        lon=None if regional or place is None else place.lon,
        place_name=None if regional or place is None else place.name,
        admin1=None if regional or place is None else place.admin1,
        country_code=country_code,
        regional=regional,
        terms=terms_of(text, places=_place_names(None if regional else place, own, country_code)),
        claim_keys=tuple(sorted(c.record_key for c in draft.claims)),
        prominence=draft.prominence,
        place_id=None if regional or place is None else place.id,
        sub_event_type=sub_type,
        areas=areas if regional else frozenset(own),
        copy_of=copy_of,
        running=regional and any(c.cumulative for c in draft.claims),
        address=own_addresses[0] if own_addresses and not regional else None,
        streets=frozenset(() if regional else own_streets),
    )


def _place_names(place: Any, areas: Iterable[str], country_code: str | None) -> list[str]:
    """The names of where an account is: its town, its region, its country.

    An umbrella account keeps its regions' names: they are what umbrellas share.
    """
    names = [*areas]
    if place is not None:
        names.append(place.name)
    country = pycountry.countries.get(alpha_2=country_code) if country_code else None
    if country is not None:
        names.append(country.name)
    return names


def claim_input(c: Any, report: Any, sources: Mapping[int, tuple[str, str]]) -> ClaimInput:
    name, kind = sources.get(c.source_id or -1, ("unknown", "unknown"))
    return ClaimInput(
        id=c.id,
        outcome=c.outcome,
        group=c.victim_group,
        low=c.low,
        best=c.best,
        high=c.high,
        verified=c.verified,
        cumulative=c.cumulative,
        source=name,
        source_kind=kind,
        time=report.published_at or report.retrieved_at,
        report_id=c.report_id,
        report_url=report.url,
        duplicate=report.duplicate_of is not None,
    )
