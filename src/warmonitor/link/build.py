"""Building events: stored mentions and claims -> clusters -> tolls -> stored events."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine

from warmonitor.link.accounts import LinkInputs
from warmonitor.link.cluster import EventCluster, LinkSettings, cluster
from warmonitor.link.toll import ClaimInput, Toll, reconcile, ucdp_columns
from warmonitor.store.events import EventStore, most_common


@dataclass(frozen=True, slots=True)
class LinkResult:
    events: int
    top_level: int
    mentions: int


def relink(engine: Engine, *, settings: LinkSettings | None = None) -> LinkResult:
    """Cluster every stored mention into events and store them with their tolls."""
    store = EventStore(engine)
    inputs = store.inputs()
    clusters = cluster(inputs.mentions, settings=settings, pinned=inputs.pinned)
    tolls = {c.id: reconcile(_claims_of(c, inputs)) for c in clusters}
    summaries = {c.id: _summary(c, tolls[c.id], inputs) for c in clusters}
    store.replace(clusters, tolls, inputs, summaries)
    top = sum(1 for c in clusters if c.parent_id is None)
    return LinkResult(events=len(clusters), top_level=top, mentions=len(inputs.mentions))


def _claims_of(event: EventCluster, inputs: LinkInputs) -> list[ClaimInput]:
    return [c for m in event.mentions for c in inputs.claims.get(m.key, [])]


def toll_json(toll: Toll) -> dict[str, dict[str, dict[str, int | None]]]:
    """{outcome: {group: {low, best, high, verified}}}."""
    return {
        outcome: {
            group: {"low": f.low, "best": f.best, "high": f.high, "verified": f.verified}
            for group, f in groups.items()
        }
        for outcome, groups in toll.figures.items()
    }


def _summary(event: EventCluster, toll: Toll, inputs: LinkInputs) -> dict[str, Any]:
    mentions = event.mentions
    weights = Counter()  # type: Counter[str]
    for m in mentions:
        if m.event_type:
            weights[f"{m.event_type}\t{m.sub_event_type or ''}"] += 1 + m.prominence
    event_type, sub_type = weights.most_common(1)[0][0].split("\t") if weights else (None, None)
    starts = [m.date_start for m in mentions if m.date_start]
    ends = [m.date_end or m.date_start for m in mentions if m.date_start]
    if not starts:
        starts = ends = [m.published for m in mentions if m.published]
    place_id = most_common(m.place_id for m in mentions if not m.regional) or most_common(
        m.place_id for m in mentions
    )
    place_name = next((m.place_name for m in mentions if m.place_id == place_id), None)
    stored = toll_json(toll)
    day: date | None = min(starts) if starts else None
    title = " ".join(
        part
        for part in (
            sub_type or event_type or "Event",
            f"in {place_name}" if place_name else "",
            f"({day.isoformat()})" if day else "",
        )
        if part
    )
    return {
        "title": title,
        "event_type": event_type,
        "sub_event_type": sub_type or None,
        "date_start": day,
        "date_end": max(e for e in ends if e is not None) if ends else None,
        "place_id": place_id,
        "country_code": most_common(m.country_code for m in mentions),
        "admin1": most_common(m.admin1 for m in mentions),
        "report_count": len({inputs.report_of[m.key] for m in mentions}),
        "toll": stored,
        "deaths_best": ucdp_columns(stored)["best"],  # the total, else the groups' sum
    }
