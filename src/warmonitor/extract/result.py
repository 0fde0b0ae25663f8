"""The extraction result and its JSON form (the shape ``warmonitor extract --json`` prints).

Every record gets an ``id`` unique within the result (``c1``, ``e1``, ``p1``, ...)
and ``evidence``: a list of ``{sentence, start, end, span_start, span_end}`` in
Unicode code points of the report text.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

from warmonitor.public import place_json
from warmonitor.records import (
    Claim,
    Disruption,
    EventMention,
    Evidence,
    Place,
    Statement,
    Testimony,
)


@dataclass(frozen=True, slots=True)
class BackgroundItem:
    """A sentence recalling earlier history."""

    summary: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything read from one report."""

    claims: tuple[Claim, ...] = ()
    events: tuple[EventMention, ...] = ()
    places: tuple[Place, ...] = ()
    place_evidence: tuple[Any, ...] = ()
    statements: tuple[Statement, ...] = ()
    disruptions: tuple[Disruption, ...] = ()
    testimonies: tuple[Testimony, ...] = ()
    background: tuple[BackgroundItem, ...] = ()
    text: str = ""
    language_supported: bool = True

    def to_json(self) -> dict[str, Any]:
        """The JSON result: lists of records, each with an id and evidence."""
        claims = [{"id": f"c{i}", **_claim(c)} for i, c in enumerate(self.claims, start=1)]
        events = []
        for i, e in enumerate(self.events, start=1):
            events.append(
                {
                    "id": f"e{i}",
                    "event_type": e.event_type,
                    "sub_event_type": e.sub_event_type,
                    "violence_type": e.violence_type,
                    "date_start": _day(e.date_start),
                    "date_end": _day(e.date_end),
                    "time_precision": e.time_precision,
                    "date_prec": e.date_prec,
                    "place": place_json(e.place),
                    "actors": [
                        {
                            "name": a.actor.name,
                            "acled_class": a.actor.acled_class,
                            "inter": a.actor.inter,
                            "role": a.role,
                        }
                        for a in e.actors
                    ],
                    "claim_ids": [f"c{k + 1}" for k in e.claim_indexes],
                    "evidence": [_evidence(x) for x in e.evidence],
                }
            )
        places = []
        for i, hit in enumerate(self.place_evidence, start=1):
            item = place_json(hit.place) or {}
            places.append(
                {
                    "id": f"p{i}",
                    **item,
                    "as_written": hit.text,
                    "role": "mentioned" if hit.mentioned_only else "event",
                    "evidence": [_span_evidence(self.text, hit.start, hit.end)],
                }
            )
        return {
            "language_supported": self.language_supported,
            "claims": claims,
            "events": events,
            "places": places,
            "statements": [
                {
                    "id": f"s{i}",
                    "speaker": s.speaker,
                    "role": s.role,
                    "organisation": s.organisation,
                    "country": s.country,
                    "channel": s.channel,
                    "stance": list(s.stance),
                    "quote": s.quote,
                    "evidence": [_evidence(x) for x in s.evidence],
                }
                for i, s in enumerate(self.statements, start=1)
            ],
            "disruptions": [
                {
                    "id": f"d{i}",
                    "service": d.service,
                    "status": d.status,
                    "place": place_json(d.place),
                    "since": _day(d.since),
                    "evidence": [_evidence(x) for x in d.evidence],
                }
                for i, d in enumerate(self.disruptions, start=1)
            ],
            "testimonies": [
                {
                    "id": f"t{i}",
                    "witness": t.witness,
                    "age": t.age,
                    "place": place_json(t.place),
                    "quote": t.quote,
                    "gathered_by": t.gathered_by,
                    "personal_data": t.personal_data,
                    "evidence": [_evidence(x) for x in t.evidence],
                }
                for i, t in enumerate(self.testimonies, start=1)
            ],
            "background": [
                {"id": f"b{i}", "summary": b.summary, "evidence": [_evidence(b.evidence)]}
                for i, b in enumerate(self.background, start=1)
            ],
        }


def _claim(c: Claim) -> dict[str, Any]:
    return {
        "outcome": c.outcome,
        "victim_group": c.victim_group,
        "victim_label": c.victim_label,
        "of_whom": dict(c.of_whom),
        "low": c.low,
        "best": c.best,
        "high": c.high,
        "qualifier": c.qualifier,
        "verified": c.verified,
        "cumulative": c.cumulative,
        "period": {"start": _day(c.period.start), "end": _day(c.period.end)},
        "place": place_json(c.place),
        "perpetrator": c.perpetrator,
        "source": {"name": c.source.name, "kind": c.source.kind} if c.source else None,
        "attribution": c.attribution,
        "evidence": [_evidence(x) for x in c.evidence],
    }


def _evidence(e: Evidence) -> dict[str, Any]:
    return dataclasses.asdict(e)


def _span_evidence(text: str, start: int, end: int) -> dict[str, Any]:
    s = text.rfind("\n", 0, start) + 1
    e = text.find("\n", end)
    e = len(text) if e < 0 else e
    return {"sentence": text[s:e], "start": s, "end": e, "span_start": start, "span_end": end}


def _day(d: date | None) -> str | None:
    return d.isoformat() if d else None
