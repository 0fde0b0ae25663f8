"""One report's claim mentions reconciled and merged into claims: re-mentions, hits, totals.

Run once per report on every mention, with its source: definite victims
("he", "the victim", a name) that repeat a figure are dropped, people shot but
not said to be killed become injured less the dead counted elsewhere, and a
closing "N fatalities" that covers the groups counted before becomes the total.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from warmonitor.extract.places import PlaceHit, place_in
from warmonitor.extract.quantities import Quantity, is_unstated
from warmonitor.records import Claim, Evidence, Period, Source

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from warmonitor.extract.claims import ClaimMention
    from warmonitor.extract.dates import DateMention


Attributed = tuple["ClaimMention", "Source | None", "str | None"]


def reconcile(mentions: list[Attributed]) -> list[Attributed]:
    """One report's mentions, with re-mentions dropped and gunshot hits reconciled.

    An unstated number coded by convention ("an unknown number of", ACLED's 10) gives
    way to any figure the report states for the same outcome.
    A definite victim ("he", "the victim", a name) is dropped when the report
    gives another figure for the same outcome.  People shot and not said to be
    killed count as injured, less the dead the report counts elsewhere (they
    may be the same people: "a man was shot ... he died in hospital").
    """

    def outcome_of(m: ClaimMention) -> str:
        return "hit" if m.hit else m.outcome

    stated = {m.outcome for m, _, _ in mentions if not is_unstated(m.count.quantity)}
    mentions = [
        x for x in mentions if not (is_unstated(x[0].count.quantity) and x[0].outcome in stated)
    ]
    mentions = _summaries_as_totals(mentions)
    indefinite = {outcome_of(m) for m, _, _ in mentions if not m.definite}
    if "hit" in indefinite:
        indefinite.add("injured")
    if "injured" in indefinite:
        indefinite.add("hit")  # "an officer was injured ... he was taken to hospital"
    kept = [x for x in mentions if not (x[0].definite and outcome_of(x[0]) in indefinite)]
    if "hit" in indefinite and "injured" in {outcome_of(m) for m, _, _ in kept}:
        kept = [x for x in kept if not (x[0].definite and x[0].outcome == "injured")]
    named_deaths = {
        m.sentence.start
        for m, _, _ in kept
        if m.outcome == "killed" and not m.bare and not m.hit and not m.definite
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


def merge_claims(
    mentions: list[tuple[ClaimMention, Source | None, str | None]],
    places: list[PlaceHit],
    dates: list[DateMention],
    outlet: Source | None,
    published: date | None,
) -> list[Claim]:
    """Claims with sources; the same figure said twice becomes one claim with two evidence items."""
    mentions = reconcile(mentions)
    attributed = {
        (m.outcome, m.count.quantity.low, m.count.quantity.best, m.count.quantity.high): src
        for m, src, _ in mentions
        if src is not None
    }
    merged: dict[tuple[Any, ...], Claim] = {}
    order: list[tuple[Any, ...]] = []
    for mention, source, words in mentions:
        q = mention.count.quantity
        figure = (mention.outcome, q.low, q.best, q.high)
        if source is None:
            source = attributed.get(figure) or outlet
        group = mention.victim_group
        sent = mention.sentence
        sent_dates = [
            d for d in dates if sent.start_char <= d.start < sent.end_char and d.resolution
        ]
        period = Period()
        if sent_dates and sent_dates[0].resolution is not None:
            period = Period(sent_dates[0].resolution.start, sent_dates[0].resolution.end)
        evidence = Evidence(
            sent.text, sent.start_char, sent.end_char, mention.count.start, mention.count.end
        )
        claim = Claim(
            outcome=mention.outcome,
            victim_group=group,
            low=q.low,
            best=q.best,
            high=q.high,
            evidence=(evidence,),
            victim_label=mention.victim_label,
            of_whom=mention.of_whom,
            qualifier=q.qualifier,
            verified=mention.verified and bool(source and source.kind == "un"),
            cumulative=mention.cumulative,
            period=period,
            place=place_in(places, sent),
            perpetrator=mention.perpetrator,
            source=source,
            attribution=words,
        )
        key = _merge_key(claim, merged)
        if key in merged:
            old = merged[key]
            better_group = old.victim_group if old.victim_group != "unknown" else group
            merged[key] = replace(
                old,
                evidence=old.evidence + claim.evidence,
                victim_group=better_group,
                cumulative=old.cumulative or claim.cumulative,
                place=old.place or claim.place,
            )
            continue
        merged[key] = claim
        order.append(key)
    claims = [merged[k] for k in order]
    return _mark_totals(claims)


def _merge_key(claim: Claim, merged: dict[tuple[Any, ...], Claim]) -> tuple[Any, ...]:
    """The key of the merged claim this one repeats, else a new key.

    The same figure from the same source is one claim, unless the two name different
    victim groups ("a soldier was killed ... a civilian was killed")."""
    figure = (claim.outcome, claim.low, claim.best, claim.high)
    source = claim.source.name if claim.source else None
    for key, old in merged.items():
        if key[:5] != (*figure, source):
            continue
        groups = {old.victim_group, claim.victim_group} - {"unknown"}
        if len(groups) > 1:
            continue
        return key
    return (*figure, source, len(merged))


def _mark_totals(claims: list[Claim]) -> list[Claim]:
    """The total: an unknown-group figure that is a cumulative toll ("the toll rose to 310
    people"), or at least as large as two or more group figures of the same report."""
    out = []
    for claim in claims:
        if claim.victim_group == "unknown" and claim.cumulative and claim.outcome == "killed":
            claim = replace(claim, victim_group="total")
        elif claim.victim_group == "unknown":
            groups = {
                c.victim_group: c.best or 0
                for c in claims
                if c.outcome == claim.outcome and c.victim_group not in ("unknown", "total")
            }
            if len(groups) >= 2 and (claim.best or 0) >= sum(groups.values()) * 0.9:
                claim = replace(claim, victim_group="total")
        out.append(claim)
    return out


# -- figures of one sentence joined ----------------------------------------------------


def join_counted(counted: list[ClaimMention], sent: Span) -> list[ClaimMention]:
    """ "an officer and three soldiers were killed": counts of one group joined by "and"
    add up (each group's largest figure is what the report reduces to)."""
    out: list[ClaimMention] = []
    for m in counted:
        noun = sent.doc[m.noun]
        target = next(
            (
                k
                for k, o in enumerate(out)
                if (
                    o.noun in {c.i for c in noun.conjuncts}
                    or _along_pair(o, m)
                    or _conjoined_verbs(o, m)
                )
                and (o.outcome, o.hit, o.victim_group) == (m.outcome, m.hit, m.victim_group)
                and not o.toll
                and not m.toll
            ),
            None,
        )
        if target is None:
            out.append(m)
            continue
        out[target] = _plus(out[target], m.count.quantity)
    return out


def _conjoined_verbs(a: ClaimMention, b: ClaimMention) -> bool:
    """ "shot and killed 4 civilians ... and beheaded a man": the objects of two
    conjoined verbs are different victims."""
    if a.verb is None or b.verb is None or a.verb.i == b.verb.i or a.noun == b.noun:
        return False
    if b.verb.i not in {c.i for c in a.verb.conjuncts}:
        return False
    doc = a.verb.doc
    return all(
        m.noun >= 0 and doc[m.noun].head.i == m.verb.i and doc[m.noun].dep_ == "dobj"
        for m in (a, b)
        if m.verb is not None
    )


def _plus(old: ClaimMention, extra: Quantity) -> ClaimMention:
    q = old.count.quantity

    def add(a: int | None, b: int | None) -> int | None:
        return None if a is None or b is None else a + b

    joined = Quantity(
        add(q.low, extra.low), q.best + extra.best, add(q.high, extra.high), q.qualifier, q.text
    )
    return replace(old, count=replace(old.count, quantity=joined))


def join_conjuncts(
    counted: list[ClaimMention], named: list[ClaimMention], sent: Span
) -> list[ClaimMention]:
    """ "she and three others were shot": a named victim joined to a count adds to it."""
    by_noun = {m.noun: n for n, m in enumerate(counted)}
    out = list(counted)
    for m in named:
        noun = sent.doc[m.noun]
        target = next((by_noun[c.i] for c in noun.conjuncts if c.i in by_noun), None)
        if target is None:
            target = _along_target(m, out)
        if target is None:
            target = _companion_target(noun, out)
        if target is None or (out[target].outcome, out[target].hit) != (m.outcome, m.hit):
            out.append(m)
            continue
        out[target] = _plus(out[target], m.count.quantity)
    return out


def _companion_target(noun: Token, counted: list[ClaimMention]) -> int | None:
    """ "A trader, along with his partner, were killed": the partner adds to the trader."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "with":
        return None
    holder = prep.head
    if holder.lower_ in ("along", "together"):
        holder = holder.head
    elif prep.i == 0 or noun.doc[prep.i - 1].lower_ not in ("along", "together"):
        return None
    return next(
        (
            k
            for k, o in enumerate(counted)
            if o.noun == holder.i or (o.verb is not None and o.verb.i == holder.i)
        ),
        None,
    )


def _along_pair(a: ClaimMention, b: ClaimMention) -> bool:
    if not (a.along or b.along) or a.verb is None or b.verb is None:
        return False
    return a.verb.i == b.verb.i


def _along_target(m: ClaimMention, counted: list[ClaimMention]) -> int | None:
    """ "X was killed along with six other militants": X and the six are seven."""
    if m.verb is None:
        return None
    return next(
        (
            k
            for k, o in enumerate(counted)
            if o.along and o.verb is not None and o.verb.i == m.verb.i
        ),
        None,
    )
