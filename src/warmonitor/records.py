"""Typed records passed between pipeline stages.

Every stage hands the next one frozen dataclasses from this module, never
dicts.  The store maps them to tables (``warmonitor.store.schema``); the API
and JSON output wrap them in pydantic models at the edge.  ``docs/MODEL.md``
is the table of records and relations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Literal

# The six victim groups, the same everywhere in warmonitor.
VictimGroup = Literal[
    "civilians", "state_forces", "armed_groups", "foreign_forces", "unknown", "total"
]
VICTIM_GROUPS: tuple[VictimGroup, ...] = (
    "civilians",
    "state_forces",
    "armed_groups",
    "foreign_forces",
    "unknown",
    "total",
)

Outcome = Literal["killed", "injured", "missing", "abducted", "detained", "displaced"]
OUTCOMES: tuple[Outcome, ...] = (
    "killed",
    "injured",
    "missing",
    "abducted",
    "detained",
    "displaced",
)

SourceKind = Literal[
    "monitor", "un", "ngo", "government", "armed_group", "media", "person", "unknown"
]


class IngestStatus(StrEnum):
    """What happened to one item of an ingest batch."""

    INGESTED = "ingested"
    VERSION = "new version"
    DUPLICATE = "duplicate"
    NEAR_DUPLICATE = "near-duplicate"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Retrieval:
    """The bytes of one input as received, for chain of custody."""

    uri: str
    raw: bytes
    retrieved_at: datetime
    media_type: str | None = None
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class IncomingReport:
    """A report read from an input, before it is stored.

    ``locator`` says where inside the retrieval it came from (a JSON line
    number, a feed entry index); ``raw`` holds that item's own bytes.
    """

    text: str
    retrieval: Retrieval
    locator: str = ""
    raw: bytes = b""
    title: str | None = None
    url: str | None = None
    feed_item_id: str | None = None
    external_id: str | None = None
    outlet: str | None = None
    language: str | None = None
    published_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Report:
    """A stored report (its current version)."""

    id: int
    text: str
    content_hash: str
    version: int
    title: str | None
    url: str | None
    feed_item_id: str | None
    external_id: str | None
    outlet: str | None
    language: str | None
    language_supported: bool
    published_at: datetime | None
    retrieved_at: datetime
    duplicate_of: int | None
    similarity: float | None
    source_uri: str


@dataclass(frozen=True, slots=True)
class ReportVersion:
    """One version of a report: its text and the bytes it was read from."""

    report_id: int
    version: int
    content_hash: str
    text: str
    title: str | None
    retrieved_at: datetime
    source_uri: str
    locator: str
    media_type: str | None
    headers: tuple[tuple[str, str], ...]
    raw: bytes


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    """The result for one item of a batch."""

    status: IngestStatus
    input: str
    report_id: int | None = None
    duplicate_of: int | None = None
    similarity: float | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a record comes from: the sentence and the mention, in code points of the text."""

    sentence: str
    start: int
    end: int
    span_start: int
    span_end: int


@dataclass(frozen=True, slots=True)
class Source:
    """An organisation or person that claims figures or speaks."""

    name: str
    kind: SourceKind = "unknown"
    aliases: tuple[str, ...] = ()
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place.  ``geo_precision`` is ACLED's 1-3, ``where_prec`` UCDP's 1-7."""

    name: str
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    country_code: str | None = None
    geonames_id: int | None = None
    geo_precision: int | None = None
    where_prec: int | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor named in a report, normalised to ACLED's classes (inter 1-8)."""

    name: str
    acled_class: str | None = None
    inter: int | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Period:
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A casualty figure as one source claims it, tied to its sentence."""

    outcome: Outcome
    victim_group: VictimGroup
    low: int | None
    best: int | None
    high: int | None
    evidence: tuple[Evidence, ...]
    victim_label: str = ""
    of_whom: tuple[tuple[str, int], ...] = ()
    qualifier: str | None = None
    verified: bool = False
    cumulative: bool = False
    period: Period = field(default_factory=Period)
    place: Place | None = None
    perpetrator: str | None = None
    source: Source | None = None
    attribution: str | None = None


@dataclass(frozen=True, slots=True)
class EventActor:
    actor: Actor
    role: Literal["actor1", "actor2", "associated", "target"]


@dataclass(frozen=True, slots=True)
class EventMention:
    """An event as one report describes it (ACLED and UCDP codes)."""

    event_type: str
    sub_event_type: str
    evidence: tuple[Evidence, ...]
    violence_type: int | None = None
    date_start: date | None = None
    date_end: date | None = None
    time_precision: int | None = None
    date_prec: int | None = None
    place: Place | None = None
    actors: tuple[EventActor, ...] = ()
    claim_indexes: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Statement:
    """A reaction: who said what, through which channel, with what stance."""

    speaker: str
    evidence: tuple[Evidence, ...]
    role: str | None = None
    organisation: str | None = None
    country: str | None = None
    channel: str | None = None
    stance: tuple[str, ...] = ()
    quote: str | None = None


@dataclass(frozen=True, slots=True)
class Disruption:
    """An outage or damage: electricity, water, telecoms, fuel, roads, hospitals, homes."""

    service: str
    evidence: tuple[Evidence, ...]
    status: str = "cut"
    place: Place | None = None
    since: date | None = None


@dataclass(frozen=True, slots=True)
class Testimony:
    """A witness account.  Names are personal data (``personal_data`` marks them)."""

    evidence: tuple[Evidence, ...]
    witness: str | None = None
    age: int | None = None
    place: Place | None = None
    quote: str | None = None
    gathered_by: str | None = None
    personal_data: bool = True
