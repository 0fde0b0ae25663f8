"""Statements, testimony, outages and background, sentence by sentence.

* statements: a speaker (a person, a ministry, a country) reacting: condemns,
  concern, calls for restraint or investigation, supports, denies, blames; with
  the channel (X, statement, briefing) and the quote.
* testimony: a witness (name, age, place) quoted by the outlet that gathered it.
* disruptions: electricity, water, telecoms, internet, fuel, roads, hospitals
  cut or damaged; homes looted or burned.
* background: what a report recalls from before the events (an offensive months
  earlier, a 24-year tenure): kept apart from claims and events.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

STANCES: Mapping[str, re.Pattern[str]] = MappingProxyType(
    {
        "condemns": re.compile(r"\b(condemn\w*|denounc\w*|deplor\w*)\b", re.I),
        "concern": re.compile(
            r"\b(concern\w*|shock\w*|alarm\w*|dismay\w*|worr\w*|troubl\w*|saddened)\b", re.I
        ),
        "calls_for_restraint": re.compile(
            r"\b(restraint|end to the violence|peaceful solutions?|de-?escalat\w*|ceasefire|"
            r"calm|stop the (fighting|violence))\b",
            re.I,
        ),
        "calls_for_investigation": re.compile(
            r"\b(investigat\w*|inquiry|accountab\w*|shed (full )?light|bring .* to justice)\b",
            re.I,
        ),
        "supports": re.compile(r"\b(support\w*|stand[s]? with|solidarity|ready to help)\b", re.I),
        "denies": re.compile(r"\b(den(y|ied|ies)|rejects? (the )?(claims?|accusations?))\b", re.I),
        "blames": re.compile(r"\b(blam\w*|accus\w*|held .* responsible|responsib\w+ for)\b", re.I),
    }
)
CHANNELS: Mapping[str, re.Pattern[str]] = MappingProxyType(
    {
        "X": re.compile(r"\b(on X|to X|Twitter|tweet\w*|posted on)\b"),
        "statement": re.compile(r"\bstatement\b", re.I),
        "briefing": re.compile(r"\b(briefing|press conference|news conference)\b", re.I),
        "interview": re.compile(r"\binterview\b", re.I),
        "television": re.compile(r"\b(television|televised|TV)\b"),
    }
)
REACTION_VERBS = re.compile(
    r"\b(condemn\w*|express\w*|call\w* (on|for)|urg\w*|said|says|commented|took to|warn\w*|"
    r"denounc\w*|welcom\w*|demand\w*|appeal\w*|blam\w*|den(y|ied|ies))\b",
    re.I,
)
SERVICES: Mapping[str, re.Pattern[str]] = MappingProxyType(
    {
        "electricity": re.compile(
            r"\b(electricity|power (supply|cuts?|outages?|lines?|station)|blackout)\b", re.I
        ),
        "water": re.compile(
            r"\b(drinking water|water (supply|supplies|station|network)|water)\b", re.I
        ),
        "telecoms": re.compile(
            r"\b(telecom\w*|phone (lines?|networks?)|mobile networks?|communications?)\b", re.I
        ),
        "internet": re.compile(r"\binternet\b", re.I),
        "fuel": re.compile(r"\b(fuel|petrol|diesel|gasoline)\b", re.I),
        "roads": re.compile(r"\b(roads?|highway|bridges?|crossings?)\b", re.I),
        "hospitals": re.compile(
            r"\b(hospitals?|clinics?|health (centres?|centers?|facilities))\b", re.I
        ),
        "homes": re.compile(r"\b(homes?|houses?|shops?|properties|buildings?)\b", re.I),
    }
)
DISRUPTED = re.compile(
    r"\b(cut( off)?|outages?|blackouts?|shut( down)?|down|disrupt\w*|damag\w*|destroy\w*|"
    r"looted|set on fire|torched|burn\w*|blocked|closed|severed|knocked out|out of service|"
    r"ran out|shortages?|no (power|electricity|water))\b",
    re.I,
)
NOT_DISRUPTED = re.compile(r"\b(restored|reopened|back on|resumed)\b", re.I)
BACKGROUND_CUES = re.compile(
    r"\b(was overthrown|were overthrown|ending (his|her|their) \d+|tenure|years? ago|for decades|"
    r"in (19|20)\d\d|since (19|20)\d\d|earlier this year|last year|months? (earlier|before|ago)|"
    r"previously|had (been )?\w+ed)\b",
    re.I,
)
QUOTE = re.compile(r"[“\"]([^”\"]{8,})[”\"]")
AGE = re.compile(r"\b(\d{1,3})[- ]year[- ]old\b|\baged (\d{1,3})\b|, (\d{1,3}),", re.I)


@dataclass(frozen=True, slots=True)
class SentenceFacts:
    """What the rules read in one sentence."""

    stances: tuple[str, ...]
    channel: str | None
    quote: str | None
    services: tuple[str, ...]
    looting: bool


def stances_in(text: str) -> tuple[str, ...]:
    return tuple(name for name, pattern in STANCES.items() if pattern.search(text))


def channel_in(text: str) -> str | None:
    for name, pattern in CHANNELS.items():
        if pattern.search(text):
            return name
    return None


def quote_in(text: str) -> tuple[str, int, int] | None:
    match = QUOTE.search(text)
    if match is None:
        return None
    return match.group(1), match.start(1), match.end(1)


def disrupted_services(sent: Span) -> list[tuple[str, int, int, str]]:
    """Services cut or damaged in the sentence: (service, start, end, status)."""
    text = sent.text
    if not DISRUPTED.search(text):
        return []
    status_match = DISRUPTED.search(text)
    status = status_match.group(0).lower() if status_match else "cut"
    if NOT_DISRUPTED.search(text):
        status = "restored"
    found = []
    for service, pattern in SERVICES.items():
        for match in pattern.finditer(text):
            if service == "homes" and not re.search(
                r"loot|fire|torch|burn|destroy|damag", text, re.I
            ):
                continue
            if service == "roads" and not re.search(r"block|clos|cut|damag|destroy", text, re.I):
                continue
            if service == "hospitals" and not re.search(
                r"damag|destroy|hit|shell|struck|out of service|ran out|shortage|clos", text, re.I
            ):
                continue
            found.append(
                (service, sent.start_char + match.start(), sent.start_char + match.end(), status)
            )
            break
    return found


def age_in(text: str) -> int | None:
    match = AGE.search(text)
    if match is None:
        return None
    value = next(g for g in match.groups() if g)
    age = int(value)
    return age if 0 < age < 120 else None


def is_background(sent: Span) -> bool:
    """A sentence that recalls earlier history rather than the reported events."""
    return bool(BACKGROUND_CUES.search(sent.text))


REACTION_LEMMAS = frozenset(
    {
        "condemn",
        "express",
        "call",
        "urge",
        "say",
        "comment",
        "take",
        "warn",
        "denounce",
        "welcome",
        "demand",
        "appeal",
        "blame",
        "deny",
        "echo",
        "stress",
        "add",
        "accuse",
        "reject",
        "voice",
        "tweet",
        "post",
        "write",
    }
)
_SPEAKER_PRONOUNS = frozenset({"he", "she", "it", "they", "its", "his", "her", "their"})


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who speaks in a sentence: a name, a role, and the country or organisation."""

    name: str
    role: str | None
    country: str | None
    start: int
    end: int


def speaker_in(sent: Span, *, last: Speaker | None) -> Speaker | None:
    """The subject of the sentence's reaction verb, with role and country where written."""
    for token in sent:
        if token.lemma_ not in REACTION_LEMMAS or token.pos_ not in ("VERB", "AUX"):
            continue
        verb = token
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        while not subjects and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head is not verb:
            verb = verb.head
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subjects:
            continue
        subject = subjects[0]
        if subject.lower_ in _SPEAKER_PRONOUNS:
            return last
        if subject.lower_ in ("that", "which", "who", "there"):
            continue
        return _speaker_from(subject, last)
    return None


def _speaker_from(subject: Token, last: Speaker | None) -> Speaker:
    doc = subject.doc
    person = next(
        (
            c
            for c in subject.subtree
            if (c.ent_type_ == "PERSON" and c.dep_ in ("appos", "nsubj", "compound", "ROOT"))
            or (c.ent_type_ == "PERSON" and c.i == subject.i)
        ),
        None,
    )
    country = None
    for child in subject.subtree:
        if child.dep_ == "poss" and child.ent_type_ in ("GPE", "NORP", "ORG"):
            country = doc[child.left_edge.i : child.i + 1].text
        elif child.dep_ == "poss" and child.lower_ in _SPEAKER_PRONOUNS and last is not None:
            country = last.country or last.name
    if subject.ent_type_ in ("GPE", "NORP"):
        country = subject.text
    if person is not None:
        ent = next((e for e in doc.ents if e.start <= person.i < e.end), None)
        name = ent.text if ent is not None else person.text
        role_tokens = [
            t
            for t in subject.subtree
            if t.i <= subject.i
            and t.dep_ not in ("poss", "case", "det", "punct")
            and (ent is None or not ent.start <= t.i < ent.end)
            and not any(t.is_ancestor(p) or t == p for p in (person,))
            and t.ent_type_ != "PERSON"
        ]
        poss = {t.i for c in subject.subtree if c.dep_ == "poss" for t in c.subtree}
        role = " ".join(t.text for t in role_tokens if t.i not in poss).strip(" ,") or None
        start, end = (
            (ent.start_char, ent.end_char)
            if ent is not None
            else (person.idx, person.idx + len(person))
        )
        return Speaker(name, role, country, start, end)
    span = doc[subject.left_edge.i : subject.right_edge.i + 1]
    text = span.text
    for article in ("The ", "the "):
        text = text.removeprefix(article)
    return Speaker(text, None, country, span.start_char, span.end_char)
