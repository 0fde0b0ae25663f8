"""Events in the store: what linking reads (mentions, claims) and writes (events, tolls).

``EventStore.inputs`` turns stored event mentions and claims into the typed
records ``warmonitor.link`` works on; ``EventStore.replace`` writes one linking
result (events, parents, which mention and claim belongs where, reconciled
tolls) in one transaction.  Analysts' decisions (``review_decisions`` on
``event_mentions.event_id``) are read back as pins, so they win over linking.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.orm import Session

from warmonitor.link.accounts import LinkInputs, build_inputs, claim_input
from warmonitor.link.cluster import EventCluster
from warmonitor.link.toll import ClaimInput, Toll, ucdp_columns
from warmonitor.public import place_json
from warmonitor.store.schema import (
    ClaimRow,
    EventMentionRow,
    EventRow,
    PlaceRow,
    ReportRow,
    ReviewDecisionRow,
    SourceRow,
)


class EventStore:
    """Reads what linking needs and writes what it found, in one transaction each."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def inputs(self) -> LinkInputs:
        """Every current mention and claim, grouped into per-report accounts (``accounts``)."""
        with Session(self.engine) as session:
            reports = {
                r.id: r
                for r in session.execute(
                    select(
                        ReportRow.id,
                        ReportRow.content_hash,
                        ReportRow.published_at,
                        ReportRow.retrieved_at,
                        ReportRow.duplicate_of,
                        ReportRow.url,
                        ReportRow.text,
                    )
                )
            }
            places = {p.id: p for p in session.scalars(select(PlaceRow))}
            sources = {
                s.id: (s.name, s.kind)
                for s in session.execute(select(SourceRow.id, SourceRow.name, SourceRow.kind))
            }
            mention_rows = list(
                session.scalars(select(EventMentionRow).where(EventMentionRow.retired.is_(False)))
            )
            claim_rows = list(session.scalars(select(ClaimRow).where(ClaimRow.retired.is_(False))))
            pins = {
                f"{d.target_table}:{d.target_id}": str(d.value.get("event_id"))
                for d in session.scalars(
                    select(ReviewDecisionRow)
                    .where(
                        ReviewDecisionRow.target_table.in_(("event_mentions", "claims")),
                        ReviewDecisionRow.field == "event_id",
                        ReviewDecisionRow.superseded_by.is_(None),
                    )
                    .order_by(ReviewDecisionRow.id)
                )
            }
            session.expunge_all()
        return build_inputs(reports, places, sources, mention_rows, claim_rows, pins)

    def replace(
        self,
        clusters: list[EventCluster],
        tolls: dict[str, Toll],
        inputs: LinkInputs,
        summaries: dict[str, dict[str, Any]],
    ) -> None:
        """Write a linking result: events, their parents, and where mentions and claims belong.

        Every write is one batched statement per table (``executemany``), so a relink
        of tens of thousands of events costs a few statements, not one per event.
        """
        now = datetime.now(UTC)
        with Session(self.engine) as session, session.begin():
            existing = set(session.scalars(select(EventRow.id)))
            session.execute(update(EventMentionRow).values(event_id=None))
            session.execute(update(ClaimRow).values(event_id=None))
            session.execute(update(EventRow).values(parent_id=None))
            keep = {c.id for c in clusters}
            fresh: list[dict[str, Any]] = []
            changed: list[dict[str, Any]] = []
            for cluster in clusters:
                values = {"id": cluster.id, **summaries[cluster.id], "updated_at": now}
                if cluster.id in existing:
                    changed.append(values)
                else:
                    fresh.append({**values, "created_at": now})
            # ORM bulk statements: one executemany per table (updates by primary key).
            if fresh:
                session.execute(insert(EventRow), fresh)
            if changed:
                session.execute(update(EventRow), changed)
            parents = [{"id": c.id, "parent_id": c.parent_id} for c in clusters if c.parent_id]
            if parents:
                session.execute(update(EventRow), parents)
            for table, rows in (
                (EventMentionRow, inputs.mention_ids),
                (ClaimRow, inputs.claim_rows),
            ):
                owner = [
                    {"id": i, "event_id": c.id}
                    for c in clusters
                    for m in c.mentions
                    for i in rows.get(m.key, [])
                ]
                if owner:
                    session.execute(update(table), owner)
            gone = [eid for eid in existing if eid not in keep]
            if gone:
                session.execute(delete(EventRow).where(EventRow.id.in_(gone)))


def most_common(values: Iterable[Any]) -> Any:
    counts = Counter(v for v in values if v is not None)
    return counts.most_common(1)[0][0] if counts else None


def count_per_day(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events and deaths per day, from event summaries (``EventQueries.find``).

    Each event counts once, on its first day, with its best death toll (UCDP's
    ``best``: the reported total, else the sum of the groups); an undated event
    counts under ``"undated"``.  Pass top-level events (the default of ``find``),
    so an umbrella and its sub-events are never added together.
    """
    days: dict[str, dict[str, Any]] = {}
    for e in events:
        day = e["date_start"] or "undated"
        row = days.setdefault(day, {"date": day, "events": 0, "deaths": 0, "events_with_deaths": 0})
        row["events"] += 1
        best = e["ucdp"]["best"]
        if best:
            row["deaths"] += best
            row["events_with_deaths"] += 1
    return [days[d] for d in sorted(days)]


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What `warmonitor events` asks for; ``level``: "top" (umbrellas, lone events) or "leaf"."""

    since: date | None = None
    until: date | None = None
    country: str | None = None
    place: str | None = None
    event_type: str | None = None
    min_deaths: int | None = None
    level: str = "top"


class EventQueries:
    """Reading events back for the CLI and the API."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def find(self, flt: EventFilter) -> list[dict[str, Any]]:
        with Session(self.engine) as session:
            query = select(EventRow, PlaceRow).outerjoin(PlaceRow, PlaceRow.id == EventRow.place_id)
            if flt.level == "top":
                query = query.where(EventRow.parent_id.is_(None))
            else:
                parents = select(EventRow.parent_id).where(EventRow.parent_id.is_not(None))
                query = query.where(EventRow.id.not_in(parents))
            if flt.since:
                query = query.where(EventRow.date_end >= flt.since)
            if flt.until:
                query = query.where(EventRow.date_start <= flt.until)
            if flt.country:
                code = flt.country.upper()
                query = query.where(
                    (EventRow.country_code == code) | (PlaceRow.country == flt.country)
                )
            if flt.place:
                query = query.where(PlaceRow.name.ilike(f"%{flt.place}%"))
            if flt.event_type:
                query = query.where(
                    (EventRow.event_type == flt.event_type)
                    | (EventRow.sub_event_type == flt.event_type)
                )
            if flt.min_deaths is not None:
                query = query.where(EventRow.deaths_best >= flt.min_deaths)
            query = query.order_by(EventRow.date_start.desc(), EventRow.id)
            return [self._summary(e, p) for e, p in session.execute(query)]

    @staticmethod
    def _summary(event: EventRow, place: PlaceRow | None) -> dict[str, Any]:
        return {
            "id": event.id,
            "parent_id": event.parent_id,
            "title": event.title,
            "event_type": event.event_type,
            "sub_event_type": event.sub_event_type,
            "date_start": event.date_start.isoformat() if event.date_start else None,
            "date_end": event.date_end.isoformat() if event.date_end else None,
            "place": place_json(place),
            "toll": event.toll,
            "ucdp": ucdp_columns(event.toll or {}),
            "report_count": event.report_count,
        }

    def claims(self, event_id: str) -> list[ClaimInput]:
        with Session(self.engine) as session:
            rows = session.execute(
                select(ClaimRow, ReportRow, SourceRow.name, SourceRow.kind)
                .join(ReportRow, ReportRow.id == ClaimRow.report_id)
                .outerjoin(SourceRow, SourceRow.id == ClaimRow.source_id)
                .where(ClaimRow.event_id == event_id, ClaimRow.retired.is_(False))
            ).all()
            sources = {c.source_id: (name, kind) for c, _, name, kind in rows if name}
            return [claim_input(c, r, sources) for c, r, _, _ in rows]

    def detail(self, event_id: str) -> dict[str, Any] | None:
        from warmonitor.store.schema import (
            DisruptionRow,
            StatementRow,
            TestimonyRow,
        )

        with Session(self.engine) as session:
            found = session.execute(
                select(EventRow, PlaceRow)
                .outerjoin(PlaceRow, PlaceRow.id == EventRow.place_id)
                .where(EventRow.id == event_id)
            ).first()
            if found is None:
                return None
            event, place = found
            summary = self._summary(event, place)
            mentions = list(
                session.scalars(select(EventMentionRow).where(EventMentionRow.event_id == event_id))
            )
            report_ids = sorted(
                {m.report_id for m in mentions}
                | set(
                    session.scalars(select(ClaimRow.report_id).where(ClaimRow.event_id == event_id))
                )
            )
            reports = list(
                session.scalars(
                    select(ReportRow)
                    .where(ReportRow.id.in_(report_ids))
                    .order_by(ReportRow.published_at, ReportRow.id)
                )
            )
            place_ids = {m.place_id for m in mentions if m.place_id}
            places = [
                place_json(p)
                for p in session.scalars(select(PlaceRow).where(PlaceRow.id.in_(place_ids)))
            ]
            actors: dict[str, dict[str, Any]] = {}
            for m in mentions:
                for a in m.actors:
                    actors.setdefault(a["name"], a)

            def records(row_type: Any) -> list[dict[str, Any]]:
                out = []
                for r in session.scalars(
                    select(row_type).where(
                        row_type.report_id.in_(report_ids), row_type.retired.is_(False)
                    )
                ):
                    item = {
                        k: getattr(r, k)
                        for k in (c.name for c in row_type.__table__.columns)
                        if k != "created_at"
                    }
                    out.append(
                        {k: (v.isoformat() if isinstance(v, date) else v) for k, v in item.items()}
                    )
                return out

            children = list(
                session.scalars(
                    select(EventRow.id).where(EventRow.parent_id == event_id).order_by(EventRow.id)
                )
            )
            return {
                **summary,
                "reports": [
                    {
                        "id": r.id,
                        "url": r.url,
                        "outlet": r.outlet,
                        "published": r.published_at.isoformat() if r.published_at else None,
                        "duplicate_of": r.duplicate_of,
                    }
                    for r in reports
                ],
                "places": places,
                "actors": list(actors.values()),
                "statements": records(StatementRow),
                "disruptions": records(DisruptionRow),
                "testimonies": records(TestimonyRow),
                "children": children,
            }
