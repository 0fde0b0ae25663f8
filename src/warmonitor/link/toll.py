"""Reconciling an event's toll from its claims, with history and contradictions.

The rule, per outcome and victim group (docs/LINKING.md):

1. Claims from near-duplicate reports (republished copies) are left out: a wire
   story counts once, whoever republished it.
2. Per source, the latest figure stands (cumulative figures revise, they never
   add); claims are ordered by their report's publication time.
3. ``verified`` counts (a UN office's documented deaths) are kept apart from
   estimates and shown beside them.
4. ``best`` is the latest figure of the most reliable source
   (``DEFAULT_RELIABILITY``, editable); ``low`` and ``high`` span the latest
   figures of the credible sources (reliability >= ``CREDIBLE``); ``high`` is
   open (None) when the best figure is open-ended.
5. Two sources whose latest figures differ by more than ``TOLERANCE`` (25 %, and
   more than ``MIN_GAP`` = 5) contradict each other; so does a source whose own
   cumulative toll goes down.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

DEFAULT_RELIABILITY: Mapping[str, float] = MappingProxyType(
    {
        "un": 0.9,
        "monitor": 0.8,
        "ngo": 0.7,
        "government": 0.5,
        "armed_group": 0.3,
        "media": 0.4,
        "person": 0.35,
        "unknown": 0.3,
    }
)
CREDIBLE = 0.5
TOLERANCE = 0.25
MIN_GAP = 5


@dataclass(frozen=True, slots=True)
class ClaimInput:
    """A stored claim as reconciliation sees it."""

    id: int
    outcome: str
    group: str
    low: int | None
    best: int | None
    high: int | None
    verified: bool
    cumulative: bool
    source: str
    source_kind: str
    time: datetime
    report_id: int
    report_url: str | None
    duplicate: bool = False


@dataclass(frozen=True, slots=True)
class Figure:
    low: int | None
    best: int | None
    high: int | None
    verified: int | None
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Contradiction:
    outcome: str
    group: str
    claims: tuple[int, ...]
    sources: tuple[str, ...]
    values: tuple[int | None, ...]
    kind: str  # "sources disagree" or "toll went down"


@dataclass(slots=True)
class Toll:
    """An event's reconciled toll: {outcome: {group: Figure}}, and what the rule saw."""

    figures: dict[str, dict[str, Figure]] = field(default_factory=dict)
    history: list[ClaimInput] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)


def reconcile(
    claims: Sequence[ClaimInput], *, reliability: Mapping[str, float] = DEFAULT_RELIABILITY
) -> Toll:
    toll = Toll(history=sorted(claims, key=lambda c: (c.time, c.id)))
    counted = [c for c in toll.history if not c.duplicate and c.best is not None]
    by_key: dict[tuple[str, str], list[ClaimInput]] = defaultdict(list)
    for c in counted:
        by_key[(c.outcome, c.group)].append(c)
    for (outcome, group), items in sorted(by_key.items()):
        latest: dict[tuple[str, bool], ClaimInput] = {}
        for c in items:  # in time order: later figures replace earlier ones
            latest[(c.source, c.verified)] = c
        estimates = [c for (_, verified), c in latest.items() if not verified]
        verified = [c for (_, v), c in latest.items() if v]
        figure = _figure(estimates, verified, reliability)
        if figure is not None:
            toll.figures.setdefault(outcome, {})[group] = figure
        toll.contradictions += _disagreements(outcome, group, estimates)
        toll.contradictions += _decreases(outcome, group, items)
    toll.checks = _check_groups(toll.figures)
    return toll


def _score(c: ClaimInput, reliability: Mapping[str, float]) -> float:
    return reliability.get(c.source_kind, reliability.get("unknown", 0.3))


def _figure(
    estimates: list[ClaimInput], verified: list[ClaimInput], reliability: Mapping[str, float]
) -> Figure | None:
    verified_best = max((c.best for c in verified if c.best is not None), default=None)
    pool = estimates or verified
    if not pool:
        return None
    chosen = max(pool, key=lambda c: (_score(c, reliability), c.time, c.id))
    credible = [c for c in pool if _score(c, reliability) >= CREDIBLE] or pool
    lows = [c.low if c.low is not None else c.best for c in credible]
    low = min(v for v in lows if v is not None)
    high: int | None
    if chosen.high is None:
        high = None
    else:
        highs = [c.high for c in credible if c.high is not None]
        high = max(highs) if highs else None
    sources = tuple(sorted({c.source for c in credible}))
    return Figure(low=low, best=chosen.best, high=high, verified=verified_best, sources=sources)


def _disagreements(outcome: str, group: str, latest: list[ClaimInput]) -> list[Contradiction]:
    found = []
    ordered = sorted(latest, key=lambda c: (c.source, c.id))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if a.best is None or b.best is None or a.source == b.source:
                continue
            gap = abs(a.best - b.best)
            if gap > MIN_GAP and gap > TOLERANCE * max(a.best, b.best):
                found.append(
                    Contradiction(
                        outcome,
                        group,
                        (a.id, b.id),
                        (a.source, b.source),
                        (a.best, b.best),
                        "sources disagree",
                    )
                )
    return found


def _decreases(outcome: str, group: str, items: list[ClaimInput]) -> list[Contradiction]:
    found = []
    last: dict[str, ClaimInput] = {}
    for c in items:
        previous = last.get(c.source)
        if (
            previous is not None
            and c.cumulative
            and previous.best is not None
            and c.best is not None
            and c.best < previous.best
            and not c.verified
        ):
            found.append(
                Contradiction(
                    outcome,
                    group,
                    (previous.id, c.id),
                    (c.source, c.source),
                    (previous.best, c.best),
                    "toll went down",
                )
            )
        last[c.source] = c
    return found


def _check_groups(figures: dict[str, dict[str, Figure]]) -> list[str]:
    """Groups that add up to more than the total are flagged."""
    checks = []
    for outcome, groups in figures.items():
        total = groups.get("total")
        parts = [f.best for g, f in groups.items() if g != "total" and f.best is not None]
        if (
            total is not None
            and total.best is not None
            and parts
            and sum(parts) > total.best * 1.05
        ):
            checks.append(
                f"{outcome}: victim groups add up to {sum(parts)}, more than the total {total.best}"
            )
    return checks


# UCDP GED's death columns from warmonitor's victim groups (docs/LINKING.md, "UCDP columns").
UCDP_SIDE: Mapping[str, str] = MappingProxyType(
    {
        "state_forces": "deaths_a",
        "armed_groups": "deaths_b",
        "civilians": "deaths_civilians",
        "unknown": "deaths_unknown",
    }
)


def ucdp_columns(
    toll: Mapping[str, Mapping[str, Mapping[str, int | None]]],
    *,
    foreign_side: str | None = None,
) -> dict[str, int | None]:
    """An event's deaths in UCDP GED's columns, from its stored toll (``toll_json``).

    ``deaths_a``: the government side (``state_forces``); ``deaths_b``: the other
    organised side (``armed_groups``); ``deaths_civilians``; ``deaths_unknown``.
    Foreign forces count with the side they fight for (``foreign_side`` "a" or "b")
    and with ``deaths_unknown`` when it is not known.  ``best``, ``low`` and
    ``high`` are the total's when a total was reported, else the sums of the
    groups; ``high`` is None (open) when any part of it is open-ended.
    """
    killed = toll.get("killed", {})
    columns: dict[str, int | None] = dict.fromkeys(
        ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown"), None
    )
    sides = dict(UCDP_SIDE)
    sides["foreign_forces"] = {"a": "deaths_a", "b": "deaths_b"}.get(
        foreign_side or "", "deaths_unknown"
    )
    for group, column in sides.items():
        best = killed.get(group, {}).get("best")
        if best is not None:
            columns[column] = (columns[column] or 0) + best
    total = killed.get("total")
    parts = [f for g, f in killed.items() if g != "total" and f.get("best") is not None]
    if total is not None and total.get("best") is not None:
        columns.update(best=total["best"], low=total.get("low"), high=total.get("high"))
    elif parts:
        bests = [f.get("best") or 0 for f in parts]
        lows = [f.get("low") if f.get("low") is not None else f.get("best") for f in parts]
        highs = [f.get("high") for f in parts]
        columns["best"] = sum(bests)
        columns["low"] = sum(v or 0 for v in lows)
        columns["high"] = None if None in highs else sum(h or 0 for h in highs)
    else:
        columns.update(best=None, low=None, high=None)
    return columns
