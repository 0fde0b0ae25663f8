"""Event types (ACLED's 6 types and 25 sub-event types, UCDP's type of violence) and actors.

Rules and lexicons written by the warmonitor developers: a trigger word in a
sentence ("clashes", "shelling", "air strike", "revenge killings") gives an
event type and sub-event type; actors in the sentence are normalised to ACLED's
actor classes (inter codes 1-8).  Nothing here is derived from ACLED data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING

from warmonitor.extract.dates import DateMention
from warmonitor.extract.places import PlaceHit, main_event_place, place_in
from warmonitor.records import Actor, Claim, EventActor, EventMention, Evidence

if TYPE_CHECKING:
    from spacy.tokens import Span


@dataclass(frozen=True, slots=True)
class Trigger:
    event_type: str
    sub_event_type: str
    pattern: re.Pattern[str]


def _t(event_type: str, sub_event_type: str, pattern: str) -> Trigger:
    return Trigger(event_type, sub_event_type, re.compile(pattern, re.I))


# Most specific first: the first trigger that matches a sentence names its event.
TRIGGERS: tuple[Trigger, ...] = (
    _t(
        "Explosions/Remote violence",
        "Chemical weapon",
        r"\b(chemical (weapon|attack)s?|chlorine|sarin|nerve agent)\b",
    ),
    _t(
        "Explosions/Remote violence",
        "Suicide bomb",
        r"\bsuicide (bomb\w*|attack\w*|car bomb|vest)\b",
    ),
    _t(
        "Explosions/Remote violence",
        "Air/drone strike",
        r"\b(air ?strikes?|air raids?|drone (strike|attack)s?|warplanes?|airstrikes?|bombed from the air|helicopter gunships?|barrel bombs?)\b",
    ),
    _t(
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        r"\b(shell(ing|ed|s)|artillery|mortars?|rockets?|missiles?|bombard\w*)\b",
    ),
    _t(
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
        r"\b(IEDs?|roadside bombs?|landmines?|land mines?|car bombs?|explosive devices?|booby.trap\w*|bomb exploded|blast)\b",
    ),
    _t("Explosions/Remote violence", "Grenade", r"\bgrenades?\b"),
    _t(
        "Protests",
        "Excessive force against protesters",
        r"\b(fired|opened fire|shot|killed)\b.{0,40}\b(protesters|demonstrators)\b",
    ),
    _t(
        "Protests",
        "Protest with intervention",
        r"\b(dispers\w+|tear gas|water cannon|broke up)\b.{0,60}\b(protest\w*|demonstrat\w*|rall\w*)\b|\b(protest\w*|demonstrat\w*)\b.{0,60}\b(dispers\w+|tear gas|arrested)\b",
    ),
    _t("Riots", "Mob violence", r"\b(mob|lynch\w*|vigilantes?)\b"),
    _t(
        "Riots", "Violent demonstration", r"\b(riot\w*|rioters|violent (protest|demonstration)s?)\b"
    ),
    _t(
        "Protests",
        "Peaceful protest",
        r"\b(protest\w*|demonstrat\w+|rall(y|ies|ied)|sit-ins?|march(ed|es)? (through|in|to))\b",
    ),
    _t(
        "Violence against civilians",
        "Sexual violence",
        r"\b(rap(e|ed|es|ing)|sexual (violence|assault|abuse))\b",
    ),
    _t(
        "Violence against civilians",
        "Abduction/forced disappearance",
        r"\b(abduct\w*|kidnap\w*|forced(ly)? disappear\w*|taken hostage)\b",
    ),
    _t(
        "Battles",
        "Government regains territory",
        r"\b(recaptur\w+|retook|retaken|regain\w* control|took back|wrested back)\b",
    ),
    _t(
        "Battles",
        "Non-state actor overtakes territory",
        r"\b(seiz\w+|captur\w+|overran|overrun|took (full )?control|fell to)\b.{0,60}\b(town|city|village|district|base|area|province|neighbourhood|neighborhood)\b",
    ),
    _t(
        "Battles",
        "Armed clash",
        r"\b(clash\w*|fighting|battles?|firefights?|gun ?battles?|exchange of fire|skirmish\w*|fought|ambush\w*|offensive|assault)\b",
    ),
    _t(
        "Violence against civilians",
        "Attack",
        r"\b(killings?|massacre\w*|executed|execution|assassinat\w+|shot dead|gunned down|opened fire (at|on)|stabb\w+|murder\w*|slaughter\w*|attack\w* on (civilians|residents|villagers))\b",
    ),
    _t(
        "Strategic developments",
        "Looting/property destruction",
        r"\b(loot\w*|set on fire|torch\w*|burn(ed|t) (down )?(homes|houses|shops)|demolish\w*|ransack\w*)\b",
    ),
    _t(
        "Strategic developments",
        "Agreement",
        r"\b(agreement|ceasefire|truce|peace deal|signed a deal|accord)\b",
    ),
    _t(
        "Strategic developments",
        "Disrupted weapons use",
        r"\b(defus\w+|dismantl\w+ (a |an )?(bomb|device|IED)|seized (a |an )?(weapons?|arms) (cache|depot)|intercept\w+ (a |an )?(drone|missile|rocket))\b",
    ),
    _t(
        "Strategic developments",
        "Headquarters or base established",
        r"\b(set up|established|opened) (a |an |new )?(base|headquarters|checkpoint|outpost)\b",
    ),
    _t(
        "Strategic developments",
        "Non-violent transfer of territory",
        r"\b(handed over|withdr(ew|awn) from|pulled out of)\b",
    ),
    _t(
        "Strategic developments",
        "Change to group/activity",
        r"\b(defect\w*|merged|announced (the )?formation|dissolved|disband\w*|new (leader|commander))\b",
    ),
    _t("Strategic developments", "Arrests", r"\b(arrest\w*|detain\w*|round(ed)? up)\b"),
)

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
            r"\b(loyalists?|remnants?|supporters?) of (ousted |former |longtime )*(President )?[A-Z][\w-]*( [A-Z][\w-]*){0,3}|\b(\w+ )?(\w+ )?(gunmen|fighters|militias?|militiamen) (loyal|affiliated) to (the )?\w+|\bpro-government militia\w*\b",
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
    """The first (most specific) trigger the sentence holds, with its offsets."""
    text = sent.text
    for trigger in TRIGGERS:
        match = trigger.pattern.search(text)
        if match is not None:
            return trigger, sent.start_char + match.start(), sent.start_char + match.end()
    return None


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
    """One event per type and sub-type; the one with most figures (then earliest) first."""
    by_kind: dict[tuple[str, str], list[EventDraft]] = {}
    for draft in drafts:
        by_kind.setdefault((draft.event_type, draft.sub_event_type), []).append(draft)
    main_place = main_event_place(places)
    events = []
    for (event_type, sub_type), group in by_kind.items():
        sents = {d.sent.start for d in group}
        claim_ids = tuple(
            i
            for i, c in enumerate(claims)
            if any(_sentence_start(e, group) in sents for e in c.evidence)
        )
        resolved = [d.resolution for g in group for d in g.dates if d.resolution is not None]
        start = min((r.start for r in resolved), default=None)
        end = max((r.end for r in resolved), default=None)
        if (
            start is not None
            and published is not None
            and any(c.cumulative for c in (claims[i] for i in claim_ids))
        ):
            end = max(end or published, published)
        precision = resolved[0] if resolved else None
        place = (
            next((p for d in group if (p := place_in(places, d.sent)) is not None), None)
            or main_place
        )
        text = " ".join(d.sent.text for d in group)
        actors = event_actors(event_type, [a for a, _, _ in actors_in(text)])
        evidence = tuple(
            Evidence(d.sent.text, d.sent.start_char, d.sent.end_char, d.start, d.end) for d in group
        )
        events.append(
            (
                -len(claim_ids),
                group[0].start,
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
    events.sort(key=lambda e: (e[0], e[1]))
    return [e[2] for e in events]


def _sentence_start(evidence: Evidence, group: list[EventDraft]) -> int:
    for draft in group:
        if draft.sent.start_char == evidence.start:
            return draft.sent.start
    return -1
