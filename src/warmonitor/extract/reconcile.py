"""One report's claim mentions reconciled before merging: re-mentions, hits and totals.

Run once per report on every mention, with its source: definite victims
("he", "the victim", a name) that repeat a figure are dropped, people shot but
not said to be killed become injured less the dead counted elsewhere, and a
closing "N fatalities" that covers the groups counted before becomes the total.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from warmonitor.extract.quantities import Quantity

if TYPE_CHECKING:
    from warmonitor.extract.claims import ClaimMention
    from warmonitor.records import Source


Attributed = tuple["ClaimMention", "Source | None", "str | None"]


def reconcile(mentions: list[Attributed]) -> list[Attributed]:
    """One report's mentions, with re-mentions dropped and gunshot hits reconciled.

    A definite victim ("he", "the victim", a name) is dropped when the report
    gives another figure for the same outcome.  People shot and not said to be
    killed count as injured, less the dead the report counts elsewhere (they
    may be the same people: "a man was shot ... he died in hospital").
    """

    def outcome_of(m: ClaimMention) -> str:
        return "hit" if m.hit else m.outcome

    mentions = _summaries_as_totals(mentions)
    indefinite = {outcome_of(m) for m, _, _ in mentions if not m.definite}
    if "hit" in indefinite:
        indefinite.add("injured")
    kept = [x for x in mentions if not (x[0].definite and outcome_of(x[0]) in indefinite)]
    if "hit" in indefinite and "injured" in {outcome_of(m) for m, _, _ in kept}:
        kept = [x for x in kept if not (x[0].definite and x[0].outcome == "injured")]
    named_deaths = {
        m.sentence.start for m, _, _ in kept if m.outcome == "killed" and not m.bare and not m.hit
    }
    hits = [x for x in kept if x[0].hit and x[0].sentence.start not in named_deaths]
    if not hits:
        return [_unhit(x) for x in kept]
    killed = _reduced([m for m, _, _ in kept if m.outcome == "killed"])
    shot = _reduced([m for m, _, _ in hits])
    left = shot - killed
    out = []
    largest = max(hits, key=lambda x: x[0].count.quantity.best)
    for x in kept:
        if x[0].hit and x[0].sentence.start not in named_deaths:
            if left <= 0 or (left < shot and x is not largest):
                continue
            if left < shot:
                q = x[0].count.quantity
                count = replace(x[0].count, quantity=Quantity(left, left, left, "exact", q.text))
                x = (replace(x[0], count=count, victim_group="unknown"), x[1], x[2])
        out.append(_unhit(x))
    return out


def _unhit(x: Attributed) -> Attributed:
    return (replace(x[0], hit=False), x[1], x[2]) if x[0].hit else x


def _reduced(mentions: list[ClaimMention]) -> int:
    """The report's figure: a total if given, else the largest figure of each group summed."""
    totals = [m.count.quantity.best for m in mentions if m.victim_group == "total"]
    if totals:
        return max(totals)
    by_group: dict[str, int] = {}
    for m in mentions:
        by_group[m.victim_group] = max(by_group.get(m.victim_group, 0), m.count.quantity.best)
    return sum(by_group.values())


def _summaries_as_totals(mentions: list[Attributed]) -> list[Attributed]:
    """ "... 3 fatalities.": a count of deaths covering the groups counted before is the total."""
    out = []
    for x in mentions:
        m = x[0]
        if m.summary and m.victim_group == "unknown":
            others = [o for o, _, _ in mentions if o.outcome == m.outcome and not o.summary]
            if others and m.count.quantity.best >= _reduced(others):
                x = (replace(m, victim_group="total"), x[1], x[2])
        out.append(x)
    return out
