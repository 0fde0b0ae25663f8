"""Analysts' decisions on events: merging events and splitting one.

A decision is stored as ``review_decisions`` rows that pin records to an event
(``field`` = ``event_id`` on ``event_mentions`` and ``claims``), each with a row in
the append-only ``audit_log``.  Linking reads the pins back on every relink and
rebuild (``EventStore.inputs``), so a decision survives re-linking and
re-extraction; a later decision on the same record supersedes the earlier one
(``superseded_by``), which is kept.

* **merge**: every record of the merged events and of the survivor is pinned to
  the survivor, so the survivor keeps its id whatever later reports arrive.
* **split**: the event's records from the named reports are pinned to a new id,
  derived from the event's id and the reports (the same split gives the same id),
  and the rest are pinned to the old id, which stays with them.  The new id and
  the event it was split from are recorded in the decision and the audit log.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from warmonitor.errors import EventNotFoundError, ReviewError
from warmonitor.store.schema import (
    AuditLogRow,
    ClaimRow,
    EventMentionRow,
    EventRow,
    ReviewDecisionRow,
)

PINNED_TABLES = ("event_mentions", "claims")


@dataclass(frozen=True, slots=True)
class ReviewResult:
    """What a decision did: the event ids it concerns and how many records it pinned."""

    event_id: str
    other_ids: tuple[str, ...]
    pinned: int


def split_id(event_id: str, report_ids: Sequence[int]) -> str:
    """The id of the part split off ``event_id`` with the records of ``report_ids``."""
    seed = f"split\t{event_id}\t{','.join(str(r) for r in sorted(set(report_ids)))}"
    return "ev_" + hashlib.sha1(seed.encode()).hexdigest()[:12]


class EventReview:
    """Writes analysts' merge and split decisions as pins (see the module docstring)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def merge(
        self, survivor: str, others: Sequence[str], *, analyst: str, note: str | None = None
    ) -> ReviewResult:
        """Pin every record of ``others`` and of ``survivor`` to ``survivor``."""
        merged = tuple(dict.fromkeys(e for e in others if e != survivor))
        if not merged:
            raise ReviewError("merge needs at least one event besides the surviving one")
        with Session(self.engine) as session, session.begin():
            self._require(session, (survivor, *merged))
            records = self._records(session, (survivor, *merged))
            value = {"event_id": survivor, "action": "merge", "merged": list(merged)}
            pinned = self._pin(session, records, value, analyst, note)
            session.add(
                _audit(analyst, "merge", survivor, {"events": [survivor, *merged]}, value, note)
            )
        return ReviewResult(survivor, merged, pinned)

    def split(
        self,
        event_id: str,
        report_ids: Sequence[int],
        *,
        analyst: str,
        note: str | None = None,
    ) -> ReviewResult:
        """Move the event's records from ``report_ids`` to a new event; return its id."""
        with Session(self.engine) as session, session.begin():
            self._require(session, (event_id,))
            records = self._records(session, (event_id,))
            wanted = set(report_ids)
            moving = [r for r in records if r[2] in wanted]
            staying = [r for r in records if r[2] not in wanted]
            if not moving:
                raise ReviewError(
                    f"event {event_id} has no records from report(s) "
                    f"{', '.join(str(r) for r in sorted(wanted))}"
                )
            if not staying:
                raise ReviewError(
                    f"every record of event {event_id} comes from the named report(s): "
                    "nothing would be left"
                )
            new_id = split_id(event_id, sorted({r[2] for r in moving}))
            moved = {"event_id": new_id, "action": "split", "split_from": event_id}
            kept = {"event_id": event_id, "action": "split", "split_into": new_id}
            pinned = self._pin(session, moving, moved, analyst, note)
            pinned += self._pin(session, staying, kept, analyst, note)
            session.add(
                _audit(
                    analyst,
                    "split",
                    event_id,
                    {"event_id": event_id},
                    {"event_id": event_id, "new_event_id": new_id, "reports": sorted(wanted)},
                    note,
                )
            )
        return ReviewResult(event_id, (new_id,), pinned)

    @staticmethod
    def _require(session: Session, ids: Sequence[str]) -> None:
        found = set(session.scalars(select(EventRow.id).where(EventRow.id.in_(ids))))
        missing = [i for i in ids if i not in found]
        if missing:
            raise EventNotFoundError(f"no event has the id {', '.join(missing)}")

    @staticmethod
    def _records(session: Session, ids: Sequence[str]) -> list[tuple[str, int, int]]:
        """(table, record id, report id) of the events' current mentions and claims."""
        found: list[tuple[str, int, int]] = []
        for table, row in (("event_mentions", EventMentionRow), ("claims", ClaimRow)):
            found += [
                (table, rid, report)
                for rid, report in session.execute(
                    select(row.id, row.report_id).where(
                        row.event_id.in_(ids), row.retired.is_(False)
                    )
                )
            ]
        return sorted(found)

    @staticmethod
    def _pin(
        session: Session,
        records: Sequence[tuple[str, int, int]],
        value: dict[str, Any],
        analyst: str,
        note: str | None,
    ) -> int:
        now = datetime.now(UTC)
        for table, rid, _ in records:
            decision = ReviewDecisionRow(
                target_table=table,
                target_id=str(rid),
                field="event_id",
                value=value,
                decided_by=analyst,
                decided_at=now,
                note=note,
            )
            session.add(decision)
            session.flush()
            session.execute(
                update(ReviewDecisionRow)
                .where(
                    ReviewDecisionRow.target_table == table,
                    ReviewDecisionRow.target_id == str(rid),
                    ReviewDecisionRow.field == "event_id",
                    ReviewDecisionRow.superseded_by.is_(None),
                    ReviewDecisionRow.id != decision.id,
                )
                .values(superseded_by=decision.id)
            )
        return len(records)


def _audit(
    analyst: str,
    action: str,
    event_id: str,
    before: dict[str, Any],
    after: dict[str, Any],
    note: str | None,
) -> AuditLogRow:
    return AuditLogRow(
        actor=analyst,
        action=action,
        target_table="events",
        target_id=event_id,
        before=before,
        after=after,
        reason=note,
    )
