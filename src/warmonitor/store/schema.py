"""The database tables (SQLAlchemy 2), one class per stored record.

Migrations in ``store/migrations`` create exactly these tables; a test checks
that the two agree.  ``docs/MODEL.md`` describes every table and relation.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in UTC on every backend (SQLite keeps no zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


# --- reports and what they were read from ---------------------------------------------------


class RetrievalRow(Base):
    """One input as received: its raw bytes (zlib), headers and time (chain of custody)."""

    __tablename__ = "retrievals"
    __table_args__ = (UniqueConstraint("uri", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uri: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    media_type: Mapped[str | None] = mapped_column(String(200))
    headers: Mapped[list[Any]] = mapped_column(default=list)
    raw_zlib: Mapped[bytes] = mapped_column(LargeBinary)
    retrieved_at: Mapped[datetime]


class ReportRow(Base):
    """A report; its text and hash are those of its latest version."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str | None] = mapped_column(Text, unique=True)
    feed_item_id: Mapped[str | None] = mapped_column(Text, unique=True)
    external_id: Mapped[str | None] = mapped_column(Text, index=True)
    outlet: Mapped[str | None] = mapped_column(String(300), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(20))
    language_supported: Mapped[bool] = mapped_column(Boolean, default=True)
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    retrieved_at: Mapped[datetime]
    content_hash: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1)
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), index=True)
    similarity: Mapped[float | None] = mapped_column(Float)
    source_uri: Mapped[str] = mapped_column(Text)
    minhash: Mapped[bytes] = mapped_column(LargeBinary)
    extracted_at: Mapped[datetime | None]
    extractor_version: Mapped[str | None] = mapped_column(String(40))


class ReportVersionRow(Base):
    """Every version of every report, never overwritten."""

    __tablename__ = "report_versions"
    __table_args__ = (
        UniqueConstraint("report_id", "version"),
        UniqueConstraint("content_hash", "outlet_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    version: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    # The outlet, lower-cased, '' when unknown: the same text from another outlet is a
    # republication (stored, linked), from the same outlet a duplicate (not stored).
    outlet_key: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    retrieval_id: Mapped[int] = mapped_column(ForeignKey("retrievals.id"))
    locator: Mapped[str] = mapped_column(String(200), default="")
    raw_zlib: Mapped[bytes] = mapped_column(LargeBinary)
    retrieved_at: Mapped[datetime]


class ReportBandRow(Base):
    """Locality-sensitive hashing bands of a report's MinHash, for near-duplicate lookup."""

    __tablename__ = "report_bands"

    band: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )


# --- who speaks, where, who fights ----------------------------------------------------------


class SourceRow(Base):
    """An organisation or person that claims figures or speaks."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="unknown")
    country: Mapped[str | None] = mapped_column(String(3))
    reliability: Mapped[float | None] = mapped_column(Float)


class SourceAliasRow(Base):
    __tablename__ = "source_aliases"

    alias: Mapped[str] = mapped_column(String(300), primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))


class PlaceRow(Base):
    """A resolved place; ``geo_precision`` is ACLED's 1-3, ``where_prec`` UCDP's 1-7."""

    __tablename__ = "places"
    __table_args__ = (UniqueConstraint("name", "country_code", "lat", "lon"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    geonames_id: Mapped[int | None]
    admin1: Mapped[str | None] = mapped_column(String(200))
    admin2: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(200))
    country_code: Mapped[str | None] = mapped_column(String(2))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None]
    where_prec: Mapped[int | None]


class GazetteerEntryRow(Base):
    """Places a user loaded (``warmonitor gazetteer load``), on top of the shipped gazetteer."""

    __tablename__ = "gazetteer_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    geonames_id: Mapped[int | None] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(String(300))
    folded: Mapped[str] = mapped_column(String(300), index=True)
    alternate_names: Mapped[list[Any]] = mapped_column(default=list)
    feature_class: Mapped[str | None] = mapped_column(String(1))
    feature_code: Mapped[str | None] = mapped_column(String(10))
    country_code: Mapped[str | None] = mapped_column(String(2))
    admin1: Mapped[str | None] = mapped_column(String(200))
    admin2: Mapped[str | None] = mapped_column(String(200))
    lat: Mapped[float]
    lon: Mapped[float]
    population: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str | None] = mapped_column(String(20))


class ActorRow(Base):
    """An actor normalised to ACLED's classes (inter 1-8)."""

    __tablename__ = "actors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    acled_class: Mapped[str | None] = mapped_column(String(100))
    inter: Mapped[int | None]
    country: Mapped[str | None] = mapped_column(String(3))


# --- what reports say -----------------------------------------------------------------------


class EventRow(Base):
    """An event: stable string id, optional parent (an umbrella event)."""

    __tablename__ = "events"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("events.id"), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    event_type: Mapped[str | None] = mapped_column(String(100))
    sub_event_type: Mapped[str | None] = mapped_column(String(100))
    violence_type: Mapped[int | None]
    date_start: Mapped[date | None] = mapped_column(Date, index=True)
    date_end: Mapped[date | None] = mapped_column(Date)
    time_precision: Mapped[int | None]
    date_prec: Mapped[int | None]
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    country_code: Mapped[str | None] = mapped_column(String(2), index=True)
    admin1: Mapped[str | None] = mapped_column(String(200))
    report_count: Mapped[int] = mapped_column(default=0)
    # {outcome: {group: {low, best, high, verified}}}, reconciled at the last linking.
    toll: Mapped[dict[str, Any]] = mapped_column(default=dict)
    deaths_best: Mapped[int | None]


class EventActorRow(Base):
    __tablename__ = "event_actors"

    event_id: Mapped[str] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)


class _Extracted:
    """Columns every extracted record carries: its report, evidence, and who made it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    report_version: Mapped[int] = mapped_column(default=1)
    evidence: Mapped[list[Any]] = mapped_column(default=list)
    extractor_version: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime]
    # Stable within a report across re-extractions (kind, offsets, key fields), so that
    # analysts' decisions keep pointing at the same row.
    record_key: Mapped[str] = mapped_column(String(64), default="")
    # No longer produced by the extractor, kept because an analyst decided on it.
    retired: Mapped[bool] = mapped_column(Boolean, default=False)


class EventMentionRow(_Extracted, Base):
    """An event as one report describes it, before linking."""

    __tablename__ = "event_mentions"

    event_id: Mapped[str | None] = mapped_column(ForeignKey("events.id"), index=True)
    event_type: Mapped[str | None] = mapped_column(String(100))
    sub_event_type: Mapped[str | None] = mapped_column(String(100))
    violence_type: Mapped[int | None]
    date_start: Mapped[date | None] = mapped_column(Date)
    date_end: Mapped[date | None] = mapped_column(Date)
    time_precision: Mapped[int | None]
    date_prec: Mapped[int | None]
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    actors: Mapped[list[Any]] = mapped_column(default=list)
    prominence: Mapped[int] = mapped_column(default=0)


class ClaimRow(_Extracted, Base):
    """A casualty figure as one source claims it."""

    __tablename__ = "claims"

    event_id: Mapped[str | None] = mapped_column(ForeignKey("events.id"), index=True)
    mention_id: Mapped[int | None] = mapped_column(ForeignKey("event_mentions.id"))
    outcome: Mapped[str] = mapped_column(String(20))
    victim_group: Mapped[str] = mapped_column(String(20))
    victim_label: Mapped[str] = mapped_column(Text, default="")
    of_whom: Mapped[dict[str, Any]] = mapped_column(default=dict)
    low: Mapped[int | None]
    best: Mapped[int | None]
    high: Mapped[int | None]
    qualifier: Mapped[str | None] = mapped_column(String(20))
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    cumulative: Mapped[bool] = mapped_column(Boolean, default=False)
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    perpetrator: Mapped[str | None] = mapped_column(Text)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    attribution: Mapped[str | None] = mapped_column(String(100))


class StatementRow(_Extracted, Base):
    """A reaction: speaker, role, organisation or country, channel, stance, quote."""

    __tablename__ = "statements"

    event_id: Mapped[str | None] = mapped_column(ForeignKey("events.id"), index=True)
    speaker: Mapped[str] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)
    organisation: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(100))
    channel: Mapped[str | None] = mapped_column(String(50))
    stance: Mapped[list[Any]] = mapped_column(default=list)
    quote: Mapped[str | None] = mapped_column(Text)


class DisruptionRow(_Extracted, Base):
    """An outage or damage (electricity, water, telecoms, fuel, roads, hospitals, homes)."""

    __tablename__ = "disruptions"

    event_id: Mapped[str | None] = mapped_column(ForeignKey("events.id"), index=True)
    service: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(50), default="cut")
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    since: Mapped[date | None] = mapped_column(Date)


class TestimonyRow(_Extracted, Base):
    """A witness account; ``personal_data`` marks names for access rules."""

    __tablename__ = "testimonies"

    event_id: Mapped[str | None] = mapped_column(ForeignKey("events.id"), index=True)
    witness: Mapped[str | None] = mapped_column(Text)
    age: Mapped[int | None]
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    quote: Mapped[str | None] = mapped_column(Text)
    gathered_by: Mapped[str | None] = mapped_column(Text)
    personal_data: Mapped[bool] = mapped_column(Boolean, default=True)


class BackgroundRow(_Extracted, Base):
    """Something a report recalls (an earlier offensive), never a claim or event."""

    __tablename__ = "background"

    kind: Mapped[str] = mapped_column(String(50))
    summary: Mapped[str] = mapped_column(Text)


# --- human decisions ------------------------------------------------------------------------


class ReviewDecisionRow(Base):
    """An analyst's decision on a field of a record; it wins over machine values."""

    __tablename__ = "review_decisions"
    __table_args__ = (Index("ix_review_target", "target_table", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    target_table: Mapped[str] = mapped_column(String(50))
    target_id: Mapped[str] = mapped_column(String(40))
    field: Mapped[str] = mapped_column(String(50))
    value: Mapped[dict[str, Any]] = mapped_column(default=dict)
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime]
    note: Mapped[str | None] = mapped_column(Text)
    superseded_by: Mapped[int | None] = mapped_column(ForeignKey("review_decisions.id"))


class AuditLogRow(Base):
    """Append-only log of every human edit; database triggers refuse updates and deletes."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=lambda: datetime.now(UTC))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(50))
    target_table: Mapped[str] = mapped_column(String(50))
    target_id: Mapped[str] = mapped_column(String(40))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)
