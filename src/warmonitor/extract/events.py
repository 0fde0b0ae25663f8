"""Event types (ACLED's 6 types and 25 sub-event types, UCDP's type of violence) and actors.

Rules and lexicons written by the warmonitor developers: :mod:`event_rules`
reads a sentence's cue words and who does what to whom into an event type and
sub-event type; actors in the sentence are normalised to ACLED's actor classes
(inter codes 1-8); :func:`build_events` joins sentences of one kind and puts
the main event first.  Nothing here is derived from ACLED data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING

from warmonitor.extract import event_rules
from warmonitor.extract.dates import DateMention, find_dates
from warmonitor.extract.places import PlaceHit, main_event_place, most_specific, place_in
from warmonitor.records import Actor, Claim, EventActor, EventMention, Evidence

if TYPE_CHECKING:
    from spacy.tokens import Span


@dataclass(frozen=True, slots=True)
class Trigger:
    """The event a sentence tells and the cue words that name it."""

    event_type: str
    sub_event_type: str
    cue: str


# Actor lexicon: ACLED's classes and inter codes (CODEBOOKS.md).
STATE = (1, "State forces")
REBEL = (2, "Rebel groups")
POLITICAL_MILITIA = (3, "Political militias")
IDENTITY_MILITIA = (4, "Identity militias")
RIOTERS = (5, "Rioters")
PROTESTERS = (6, "Protesters")
CIVILIANS = (7, "Civilians")
EXTERNAL = (8, "External/Other forces")

ACTOR_PATTERNS: tuple[tuple[re.Pattern[str], tuple[int, str]], ...] = (
    (
        re.compile(
            r"\b(foreign|coalition|peacekeep\w*|NATO|international) (forces|troops|soldiers)\b",
            re.I,
        ),
        EXTERNAL,
    ),
    (
        re.compile(
            r"\b(loyalists?|remnants?|supporters?) of the (former |ousted |old |deposed )+(regime|government)\b|\b(loyalists?|remnants?|supporters?) of (ousted |former |longtime )*(President )?(?-i:(?:(?:al|el)-)?[A-Z][\w-]*(?: (?:(?:al|el)-)?[A-Z][\w-]*){0,3})|\b(\w+ )?(\w+ )?(gunmen|fighters|militias?|militiamen) (loyal|affiliated) to (the )?\w+|\bpro-government militia\w*\b",
            re.I,
        ),
        POLITICAL_MILITIA,
    ),
    (
        re.compile(
            r"\b(Alawite|Druze|Kurdish|Sunni|Shia|Shiite|tribal|clan|Bedouin|Christian|ethnic)\b[^.,;]{0,20}\b(militia\w*|gunmen|fighters)\b",
            re.I,
        ),
        IDENTITY_MILITIA,
    ),
    (
        re.compile(
            r"\b(\w+ )?(security forces|armed forces|army|troops|soldiers|police(men)?|government forces|regime forces|military|gendarmerie|national guard|General Security)\b",
            re.I,
        ),
        STATE,
    ),
    (
        re.compile(
            r"\b(Hayat Tahrir al-Sham|HTS|Islamic State|ISIS|ISIL|Daesh|al-Qaeda|al-Shabaab|Boko Haram|Houthis?|Taliban|rebels?|insurgents?|jihadists?|opposition fighters|armed groups?|militants?|gunmen)\b",
            re.I,
        ),
        REBEL,
    ),
    (re.compile(r"\b(rioters|mob)\b", re.I), RIOTERS),
    (re.compile(r"\b(protesters|demonstrators)\b", re.I), PROTESTERS),
    (
        re.compile(
            r"\b(Alawite|Druze|Kurdish|Christian|Yazidi|Sunni|Shia|Ismaili)s?( (minority|community|sect))?\b|\b(civilians?|residents|villagers|worshippers|farmers)\b",
            re.I,
        ),
        CIVILIANS,
    ),
)
UCDP_BY_TYPE: Mapping[str, int | None] = MappingProxyType(
    {
        "Violence against civilians": 3,
        "Protests": None,
        "Riots": None,
        "Strategic developments": None,
    }
)


def trigger_in(sent: Span) -> tuple[Trigger, int, int] | None:
    """The event the sentence tells (its cue's offsets), by :mod:`event_rules`.

    The rules see the sentence and a few hundred characters after it (a protest
    dispersed in the next sentence is a protest with intervention).  A sentence
    with only a death or a security aside gives a weak event, whose cue is the
    whole sentence (:func:`is_weak`), so that a report with violence always has
    an event.
    """
    text = sent.text
    found = event_rules.classify(text, window=_window(sent), sent=sent)
    if found is not None:
        event_type, sub_type, start, end = found
        trigger = Trigger(event_type, sub_type, text[start:end])
        return trigger, sent.start_char + start, sent.start_char + end
    weak = event_rules.weak_event(text)
    if weak is None:
        return None
    return Trigger(weak[0], weak[1], text), sent.start_char, sent.end_char


def is_weak(draft: EventDraft) -> bool:
    """A weak event (a bare death, a security aside): its cue is its whole sentence."""
    return (draft.start, draft.end) == (draft.sent.start_char, draft.sent.end_char)


_WINDOW_CHARS = 400


def _window(sent: Span) -> str:
    """The sentence and what follows it, to the last full stop within a few hundred chars.

    Read from the tokens after the sentence: ``Doc.text`` rebuilds the whole text on
    every call, which made this quadratic in the length of a report.
    """
    doc = sent.doc
    after = doc[sent.end : min(len(doc), sent.end + _WINDOW_CHARS // 2)].text_with_ws
    text = sent.text_with_ws + after
    span = text[: len(sent.text_with_ws) + _WINDOW_CHARS]
    stop = span.rfind(". ", len(sent.text))
    return span[: stop + 1] if stop > 0 else span


def actors_in(text: str) -> list[tuple[Actor, int, int]]:
    """Actors named in a text, normalised to ACLED classes, in order, not overlapping."""
    found: list[tuple[Actor, int, int]] = []
    taken: list[tuple[int, int]] = []
    for pattern, (inter, acled_class) in ACTOR_PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            name = re.sub(r"^(the|a|an)\s+", "", match.group(0).strip(" ,"), flags=re.I)
            found.append(
                (Actor(name=name, acled_class=acled_class, inter=inter), match.start(), match.end())
            )
            taken.append((match.start(), match.end()))
    return sorted(found, key=lambda f: f[1])


def event_actors(event_type: str, actors: list[Actor]) -> tuple[EventActor, ...]:
    """Roles: the first armed actor is actor1; in violence against civilians the civilians are targets."""
    roles: list[EventActor] = []
    armed = [a for a in actors if a.inter not in (6, 7)]
    civilians = [a for a in actors if a.inter == 7]
    others = [a for a in actors if a.inter == 6]
    seen: set[str] = set()
    unique: list[Actor] = []
    for actor in armed:
        key = actor.name.lower()
        if any(key.startswith(k[:20]) or k.startswith(key[:20]) for k in seen):
            continue
        seen.add(key)
        unique.append(actor)
    seen = set()
    for index, actor in enumerate(unique):
        seen.add(actor.name.lower())
        role = "actor1" if index == 0 else "actor2" if index == 1 else "associated"
        roles.append(EventActor(actor, role))  # type: ignore[arg-type]
    for actor in others:
        roles.append(EventActor(actor, "actor1" if not armed else "actor2"))
    for actor in civilians:
        if actor.name.lower() not in seen:
            seen.add(actor.name.lower())
            role = (
                "target"
                if event_type in ("Violence against civilians", "Explosions/Remote violence")
                else "associated"
            )
            roles.append(EventActor(actor, role))  # type: ignore[arg-type]
    return tuple(roles)


def violence_type(event_type: str, actors: tuple[EventActor, ...]) -> int | None:
    """UCDP's type of violence: 1 state-based, 2 non-state, 3 one-sided."""
    if event_type in UCDP_BY_TYPE:
        return UCDP_BY_TYPE[event_type]
    sides = [a.actor for a in actors if a.role in ("actor1", "actor2")]
    if any(a.inter in (1, 8) for a in sides):
        return 1
    if len(sides) >= 2:
        return 2
    if any(a.inter == 7 for a in (x.actor for x in actors)):
        return 3
    return 1 if event_type == "Battles" else None


@dataclass(slots=True)
class EventDraft:
    """A trigger in one sentence, before events of the same kind are joined."""

    event_type: str
    sub_event_type: str
    sent: Span
    start: int
    end: int
    dates: list[DateMention]


def build_events(
    drafts: list[EventDraft], claims: list[Claim], places: list[PlaceHit], published: date | None
) -> list[EventMention]:
    """One event per type and sub-type, the main event first.

    Prominence: an event a rule names before a weak one (a bare death), then
    the one told first (reports lead with their main event), then the one with
    most figures.  An event's date is the first date of each of its sentences,
    the earliest of them; an event with no date of its own takes the last date
    told before it (a report gives the date once, in its lead).
    """
    by_kind: dict[tuple[str, str], list[EventDraft]] = {}
    for draft in drafts:
        by_kind.setdefault((draft.event_type, draft.sub_event_type), []).append(draft)
    main_place = main_event_place(places)
    earlier = _dates_before(list(by_kind.values()), published)
    events = []
    for (event_type, sub_type), group in by_kind.items():
        sents = {d.sent.start for d in group}
        claim_ids = tuple(
            i
            for i, c in enumerate(claims)
            if any(_sentence_start(e, group) in sents for e in c.evidence)
        )
        resolved = [
            first
            for g in group
            if (first := next((d.resolution for d in g.dates if d.resolution), None)) is not None
        ]
        if not resolved:
            resolved = [
                d.resolution
                for d in earlier
                if d.resolution is not None and d.start < group[0].sent.start_char
            ][-1:]
        start = min((r.start for r in resolved), default=None)
        end = max((r.end for r in resolved), default=None)
        if (
            start is not None
            and published is not None
            and any(c.cumulative for c in (claims[i] for i in claim_ids))
        ):
            end = max(end or published, published)
        precision = min(resolved, key=lambda r: r.start) if resolved else None
        place = (
            most_specific(
                next((p for d in group if (p := place_in(places, d.sent)) is not None), None),
                places,
            )
            or main_place
        )
        text = " ".join(d.sent.text for d in group)
        actors = event_actors(event_type, [a for a, _, _ in actors_in(text)])
        evidence = tuple(
            Evidence(d.sent.text, d.sent.start_char, d.sent.end_char, d.start, d.end) for d in group
        )
        weak = all(is_weak(d) for d in group)
        events.append(
            (
                (weak, group[0].start, -len(claim_ids)),
                EventMention(
                    event_type=event_type,
                    sub_event_type=sub_type,
                    evidence=evidence,
                    violence_type=violence_type(event_type, actors),
                    date_start=start,
                    date_end=end,
                    time_precision=precision.time_precision if precision else None,
                    date_prec=precision.date_prec if precision else None,
                    place=place,
                    actors=actors,
                    claim_indexes=claim_ids,
                ),
            )
        )
    events.sort(key=lambda e: e[0])
    return [e[1] for e in events]


def _dates_before(groups: list[list[EventDraft]], published: date | None) -> list[DateMention]:
    """Dates told before the events that have none of their own (read once, lead only)."""
    undated = [g[0].sent.start_char for g in groups if not any(d.dates for d in g)]
    if not undated:
        return []
    text = groups[0][0].sent.doc.text[: max(undated)]
    return find_dates(text, published=published)


def _sentence_start(evidence: Evidence, group: list[EventDraft]) -> int:
    for draft in group:
        if draft.sent.start_char == evidence.start:
            return draft.sent.start
    return -1
