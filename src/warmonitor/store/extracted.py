"""Storing what extraction read from each report, and the registries users extend.

``ExtractionStore.save`` writes one report's records in one transaction.  Each
record has a ``record_key`` that is stable across re-extractions (its kind, the
offsets of its mention and its key fields): a record whose key is produced again
is updated in place, so its id, and every analyst decision that names it
(``review_decisions``), stay valid.  A record no longer produced is deleted, or
kept with ``retired = true`` when a decision names it: human decisions are never
overwritten by re-extraction.

Also here: organisations and aliases users add (``warmonitor sources alias``) and
places users load (``warmonitor gazetteer load``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import Session

from warmonitor.records import Evidence, Place, Source
from warmonitor.store.schema import (
    BackgroundRow,
    ClaimRow,
    DisruptionRow,
    EventMentionRow,
    GazetteerEntryRow,
    PlaceRow,
    ReportRow,
    ReviewDecisionRow,
    SourceAliasRow,
    SourceRow,
    StatementRow,
    TestimonyRow,
)

if TYPE_CHECKING:
    from warmonitor.extract.result import Extraction
    from warmonitor.geo import EntryKind, GazetteerEntry

log = logging.getLogger(__name__)

ExtractedRow = (
    ClaimRow | EventMentionRow | StatementRow | DisruptionRow | TestimonyRow | BackgroundRow
)


# Typed loosely: the six tables share the columns of ``schema._Extracted``.
EXTRACTED_TYPES: tuple[Any, ...] = (
    ClaimRow,
    EventMentionRow,
    StatementRow,
    DisruptionRow,
    TestimonyRow,
    BackgroundRow,
)


def record_key(kind: str, evidence: tuple[Evidence, ...], *fields: object) -> str:
    """A key that stays the same when the same mention is read again."""
    first = evidence[0] if evidence else None
    parts = [kind, *(str(f) for f in fields)]
    if first is not None:
        parts += [str(first.span_start), str(first.span_end)]
    return hashlib.sha1("|".join(parts).encode(), usedforsecurity=False).hexdigest()[:32]


def _evidence_json(evidence: tuple[Evidence, ...]) -> list[dict[str, Any]]:
    return [dataclasses.asdict(e) for e in evidence]


class ExtractionStore:
    """Extracted records of stored reports, places and sources they refer to."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._links: dict[str, list[str]] = {}

    def save(
        self, report_id: int, version: int, extraction: Extraction, *, extractor_version: str
    ) -> int:
        """Store one report's records (one transaction); returns how many are current."""
        now = datetime.now(UTC)
        self._links = {}
        with Session(self.engine) as session, session.begin():
            rows = self._rows(session, extraction)
            persisted = self._sync(session, report_id, version, rows, extractor_version, now)
            for event_key, claim_keys in self._links.items():
                event = persisted.get(("event_mentions", event_key))
                for key in claim_keys:
                    claim = persisted.get(("claims", key))
                    if isinstance(claim, ClaimRow) and event is not None:
                        claim.mention_id = event.id
            session.execute(
                update(ReportRow)
                .where(ReportRow.id == report_id)
                .values(extracted_at=now, extractor_version=extractor_version)
            )
        return len({key for _, key in persisted})

    # -- building rows -------------------------------------------------------------------

    def _rows(self, session: Session, extraction: Extraction) -> list[ExtractedRow]:
        rows: list[ExtractedRow] = []
        claim_rows: list[ClaimRow] = []
        for claim in extraction.claims:
            row = ClaimRow(
                record_key=record_key(
                    "claim", claim.evidence, claim.outcome, claim.victim_group, claim.best
                ),
                evidence=_evidence_json(claim.evidence),
                outcome=claim.outcome,
                victim_group=claim.victim_group,
                victim_label=claim.victim_label,
                of_whom=dict(claim.of_whom),
                low=claim.low,
                best=claim.best,
                high=claim.high,
                qualifier=claim.qualifier,
                verified=claim.verified,
                cumulative=claim.cumulative,
                period_start=claim.period.start,
                period_end=claim.period.end,
                place_id=self._place_id(session, claim.place),
                perpetrator=claim.perpetrator,
                source_id=self._source_id(session, claim.source),
                attribution=claim.attribution,
            )
            claim_rows.append(row)
            rows.append(row)
        for index, event in enumerate(extraction.events):
            event_row = _event_row(self, session, event, extraction, index)
            keys = [claim_rows[k].record_key for k in event.claim_indexes]
            self._links[event_row.record_key] = keys
            rows.append(event_row)
        for s in extraction.statements:
            rows.append(
                StatementRow(
                    record_key=record_key("statement", s.evidence, s.speaker),
                    evidence=_evidence_json(s.evidence),
                    speaker=s.speaker,
                    role=s.role,
                    organisation=s.organisation,
                    country=s.country,
                    channel=s.channel,
                    stance=list(s.stance),
                    quote=s.quote,
                )
            )
        for d in extraction.disruptions:
            rows.append(
                DisruptionRow(
                    record_key=record_key("disruption", d.evidence, d.service),
                    evidence=_evidence_json(d.evidence),
                    service=d.service,
                    status=d.status,
                    place_id=self._place_id(session, d.place),
                    since=d.since,
                )
            )
        for t in extraction.testimonies:
            rows.append(
                TestimonyRow(
                    record_key=record_key("testimony", t.evidence),
                    evidence=_evidence_json(t.evidence),
                    witness=t.witness,
                    age=t.age,
                    place_id=self._place_id(session, t.place),
                    quote=t.quote,
                    gathered_by=t.gathered_by,
                    personal_data=t.personal_data,
                )
            )
        for b in extraction.background:
            rows.append(
                BackgroundRow(
                    record_key=record_key("background", (b.evidence,)),
                    evidence=_evidence_json((b.evidence,)),
                    kind="recalled",
                    summary=b.summary,
                )
            )
        return rows

    def _sync(
        self,
        session: Session,
        report_id: int,
        version: int,
        rows: list[ExtractedRow],
        extractor_version: str,
        now: datetime,
    ) -> dict[tuple[str, str], ExtractedRow]:
        """Update rows whose key is produced again, insert new ones, retire or drop the rest."""
        persisted: dict[tuple[str, str], ExtractedRow] = {}
        for row_type in EXTRACTED_TYPES:
            table = row_type.__tablename__
            found: list[Any] = list(
                session.scalars(select(row_type).where(row_type.report_id == report_id))
            )
            existing: dict[str, Any] = {r.record_key: r for r in found}
            reviewed = set(
                session.scalars(
                    select(ReviewDecisionRow.target_id).where(
                        ReviewDecisionRow.target_table == table,
                        ReviewDecisionRow.target_id.in_([str(r.id) for r in existing.values()]),
                    )
                )
            )
            produced = set()
            for row in (r for r in rows if isinstance(r, row_type)):
                if row.record_key in produced:
                    continue
                produced.add(row.record_key)
                old = existing.get(row.record_key)
                if old is None:
                    row.report_id = report_id
                    row.report_version = version
                    row.extractor_version = extractor_version
                    row.created_at = now
                    session.add(row)
                    persisted[(table, row.record_key)] = row
                    continue
                for column in row_type.__table__.columns.keys():  # noqa: SIM118 - names, not columns
                    if column in ("id", "report_id", "created_at", "record_key", "event_id"):
                        continue
                    value = getattr(row, column)
                    if value is not None or column in _NULLABLE_MACHINE:
                        setattr(old, column, value)
                old.report_version = version
                old.extractor_version = extractor_version
                old.retired = False
                persisted[(table, old.record_key)] = old
            for key, old in existing.items():
                if key in produced:
                    continue
                if str(old.id) in reviewed:
                    old.retired = True
                else:
                    session.delete(old)
        session.flush()
        return persisted

    # -- places and sources --------------------------------------------------------------

    @staticmethod
    def _place_id(session: Session, place: Place | None) -> int | None:
        if place is None:
            return None
        found = session.scalar(
            select(PlaceRow.id).where(
                PlaceRow.name == place.name,
                PlaceRow.country_code == place.country_code,
                PlaceRow.lat == place.lat,
                PlaceRow.lon == place.lon,
            )
        )
        if found is not None:
            return found
        row = PlaceRow(
            name=place.name,
            geonames_id=place.geonames_id,
            admin1=place.admin1,
            admin2=place.admin2,
            country=place.country,
            country_code=place.country_code,
            lat=place.lat,
            lon=place.lon,
            geo_precision=place.geo_precision,
            where_prec=place.where_prec,
        )
        session.add(row)
        session.flush()
        return row.id

    @staticmethod
    def _source_id(session: Session, source: Source | None) -> int | None:
        if source is None:
            return None
        found = session.scalar(select(SourceRow.id).where(SourceRow.name == source.name))
        if found is not None:
            return found
        row = SourceRow(name=source.name, kind=source.kind, country=source.country)
        session.add(row)
        session.flush()
        return row.id

    # -- reading -------------------------------------------------------------------------

    def claims(self, report_id: int) -> list[dict[str, Any]]:
        """The report's current claims with their sources, as plain values for display."""
        with Session(self.engine) as session:
            rows = session.execute(
                select(ClaimRow, SourceRow.name, SourceRow.kind)
                .outerjoin(SourceRow, SourceRow.id == ClaimRow.source_id)
                .where(ClaimRow.report_id == report_id, ClaimRow.retired.is_(False))
                .order_by(ClaimRow.id)
            ).all()
            return [
                {
                    "id": c.id,
                    "outcome": c.outcome,
                    "victim_group": c.victim_group,
                    "low": c.low,
                    "best": c.best,
                    "high": c.high,
                    "qualifier": c.qualifier,
                    "cumulative": c.cumulative,
                    "verified": c.verified,
                    "source": {"name": name, "kind": kind} if name else None,
                    "evidence": c.evidence,
                    "extractor_version": c.extractor_version,
                }
                for c, name, kind in rows
            ]

    def counts(self, report_id: int) -> dict[str, int]:
        with Session(self.engine) as session:
            return {
                t.__tablename__: len(
                    session.scalars(
                        select(t.id).where(t.report_id == report_id, t.retired.is_(False))
                    ).all()
                )
                for t in (
                    ClaimRow,
                    EventMentionRow,
                    StatementRow,
                    DisruptionRow,
                    TestimonyRow,
                    BackgroundRow,
                )
            }

    # -- organisations users add ---------------------------------------------------------

    def add_alias(self, name: str, alias: str, *, kind: str | None = None) -> None:
        with Session(self.engine) as session, session.begin():
            source_id = session.scalar(select(SourceRow.id).where(SourceRow.name == name))
            if source_id is None:
                row = SourceRow(name=name, kind=kind or "unknown")
                session.add(row)
                session.flush()
                source_id = row.id
            elif kind:
                session.execute(
                    update(SourceRow).where(SourceRow.id == source_id).values(kind=kind)
                )
            session.execute(delete(SourceAliasRow).where(SourceAliasRow.alias == alias))
            session.add(SourceAliasRow(alias=alias, source_id=source_id))

    def organisations(self) -> list[Source]:
        """Organisations with the aliases users gave them."""
        with Session(self.engine) as session:
            rows = session.execute(
                select(
                    SourceRow.name, SourceRow.kind, SourceRow.country, SourceAliasRow.alias
                ).join(SourceAliasRow, SourceAliasRow.source_id == SourceRow.id)
            ).all()
        by_name: dict[str, Source] = {}
        for name, kind, country, alias in rows:
            known = by_name.get(name)
            aliases = (*(known.aliases if known else ()), alias)
            by_name[name] = Source(name, kind, aliases, country)
        return list(by_name.values())

    # -- places users load ---------------------------------------------------------------

    def save_gazetteer_entries(
        self, entries: Iterable[GazetteerEntry], *, batch: int = 2000
    ) -> int:
        """Store places from a GeoNames dump (replacing those with the same GeoNames id)."""
        from warmonitor.geo import fold_name

        count = 0
        pending: list[GazetteerEntryRow] = []

        def flush() -> None:
            ids = [r.geonames_id for r in pending if r.geonames_id is not None]
            with Session(self.engine) as session, session.begin():
                if ids:
                    session.execute(
                        delete(GazetteerEntryRow).where(GazetteerEntryRow.geonames_id.in_(ids))
                    )
                session.add_all(pending)
            pending.clear()

        for entry in entries:
            if entry.lat is None or entry.lon is None:
                continue
            pending.append(
                GazetteerEntryRow(
                    geonames_id=entry.geonames_id,
                    name=entry.name,
                    folded=fold_name(entry.name)[:300],
                    alternate_names=list(entry.alternate_names),
                    country_code=entry.country_code,
                    admin1=entry.admin1,
                    admin2=entry.admin2,
                    lat=entry.lat,
                    lon=entry.lon,
                    population=entry.population,
                    kind=entry.kind,
                )
            )
            count += 1
            if len(pending) >= batch:
                flush()
        if pending:
            flush()
        return count

    def gazetteer_entries(self) -> Iterator[GazetteerEntry]:
        from warmonitor.geo import GazetteerEntry

        with Session(self.engine) as session:
            for row in session.scalars(select(GazetteerEntryRow)):
                yield GazetteerEntry(
                    name=row.name,
                    kind=cast("EntryKind", row.kind or "place"),
                    lat=row.lat,
                    lon=row.lon,
                    country_code=row.country_code,
                    admin1=row.admin1,
                    admin2=row.admin2,
                    population=row.population,
                    geonames_id=row.geonames_id,
                    alternate_names=tuple(row.alternate_names),
                    source="user",
                )


_NULLABLE_MACHINE = frozenset(
    {
        "place_id",
        "perpetrator",
        "period_start",
        "period_end",
        "date_start",
        "date_end",
        "since",
        "quote",
        "witness",
        "age",
        "role",
        "organisation",
        "country",
        "channel",
        "source_id",
        "attribution",
        "qualifier",
        "high",
        "low",
        "violence_type",
        "time_precision",
        "date_prec",
        "gathered_by",
    }
)


def _event_row(
    store: ExtractionStore,
    session: Session,
    event: Any,
    extraction: Extraction,
    index: int,
) -> EventMentionRow:
    return EventMentionRow(
        record_key=record_key("event", event.evidence, event.event_type, event.sub_event_type),
        evidence=_evidence_json(event.evidence),
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        violence_type=event.violence_type,
        date_start=event.date_start,
        date_end=event.date_end,
        time_precision=event.time_precision,
        date_prec=event.date_prec,
        place_id=store._place_id(session, event.place),
        actors=[
            {
                "name": a.actor.name,
                "acled_class": a.actor.acled_class,
                "inter": a.actor.inter,
                "role": a.role,
            }
            for a in event.actors
        ],
        prominence=len(extraction.events) - index,
    )
