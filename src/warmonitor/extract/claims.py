"""Casualty claims from the parse: number -> victim noun -> outcome verb.

For every count in a sentence (``quantities.number_tokens_in``), the victim
noun is the word the number counts ("750 civilians", "five of their
neighbours", "killing 12"), and the outcome comes from the verb, adjective or
noun that governs it ("were killed", "N dead", "the deaths of", "the death toll
has risen to").  The victim group comes from the noun (``VICTIM_WORDS``).
Negated verbs ("no one was killed", "were not hurt") and retracted figures
("earlier reports of 12 dead were wrong") give no claim; the agent of an active
verb ("five gunmen killed three farmers") is the perpetrator, not a victim.

Helpers own the rest: ``governing`` reads the outcome that governs a noun from the
parse; ``surface`` reads "5 suspected TTP militants killed" in word order where the
parse fails; ``unstated`` codes casualties without a number under ACLED's convention;
``victims`` finds victims named without a count; ``reconcile`` joins and merges;
``noncounts`` tells ages ("children aged 4, 9 and 15") and labels ("Zona 12") apart.
A running toll counts the group it names ("the number of civilians killed has risen to
20") or the total; a count said to be of a group ("90 of the dead were civilians", "44
civilian deaths") takes that group.
Parts of a figure ("11 people, including three children") are no more victims; deaths
from illness, protests over earlier deaths and numbers in place names ("Zona 12") give
no claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from warmonitor.extract.governing import (
    killed_one,
    outcome_for,
    outcome_up,
    running_total,
    toll_of,
    verb_before,
)
from warmonitor.extract.noncounts import is_age, label_number
from warmonitor.extract.outcomes import (
    NOT_PEOPLE,
    SUMMARY_NOUNS,
    VICTIM_WORDS,
    Trigger,
    foreign_words,
    person_group,
    protest_cause,
)
from warmonitor.extract.quantities import (
    Convention,
    CountMention,
    Quantity,
    is_unstated,
    number_tokens_in,
)
from warmonitor.extract.reconcile import join_conjuncts, join_counted, merge_claims
from warmonitor.extract.surface import read_after
from warmonitor.extract.unstated import LOSS_NOUNS, unstated_losses
from warmonitor.extract.victims import Victims, named_victims
from warmonitor.records import Outcome, VictimGroup

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["ClaimMention", "claims_in_sentence", "foreign_words", "merge_claims"]

# "members of X", "some of the X": the group is X's.
_PARTITIVE = frozenset(
    {"member", "members", "some", "of", "one", "dozens", "hundreds", "scores", "number"}
)
FOREIGN_MARKERS = frozenset(
    {"foreign", "coalition", "peacekeeper", "peacekeeping", "international", "allied", "nato"}
)
NEGATIONS = frozenset({"not", "n't", "never", "no"})
RETRACTION = re.compile(
    r"\b(wrong|incorrect|false|inaccurate|erroneous|mistaken|retracted|denied|untrue)\b", re.I
)
# "Earlier, ...", "The day before, ...": an event the report recalls beside its own.
RECALLED = re.compile(
    r"^\W*(earlier|previously|the (day|night|week) before|the previous (day|night|week)"
    r"|a (day|week) (earlier|before)|on the previous day)\b",
    re.I,
)
# "marking the anniversary of", "killed five years ago": deaths long past.
LONG_PAST = re.compile(
    r"\b(anniversary|commemorat\w*|(\w+|\d+) (years?|decades?) (ago|earlier|before))\b", re.I
)
VERIFIED = re.compile(
    r"\b(documented|verified|confirmed|recorded|been able to verify|corroborated)\b", re.I
)


@dataclass(frozen=True, slots=True)
class ClaimMention:
    """One figure found in one sentence, before attribution and places are added.

    ``definite``: the victim is named by a name, pronoun or "the ..." (maybe
    counted elsewhere); ``hit``: shot, not said to be fatally; ``summary``: the
    count is of the outcome itself ("ten deaths"); ``bare``: the number has no
    noun ("one fatally", "killing two").
    """

    count: CountMention
    outcome: Outcome
    victim_group: VictimGroup
    victim_label: str
    sentence: Span
    verb: Token | None
    cumulative: bool
    verified: bool
    of_whom: tuple[tuple[str, int], ...] = ()
    perpetrator: str | None = None
    toll: bool = False
    partof: frozenset[int] = field(default_factory=frozenset)
    noun: int = -1
    definite: bool = False
    hit: bool = False
    summary: bool = False
    bare: bool = False
    along: bool = False


def claims_in_sentence(
    sent: Span, *, foreign_country_words: frozenset[str], convention: Convention = "warmonitor"
) -> list[ClaimMention]:
    """Every casualty figure stated in the sentence, counted or named (vague amounts read
    under ``convention``, see ``quantities.VAGUE_WORDS``)."""
    counts = list(number_tokens_in(sent, include_articles=True, convention=convention))
    found: list[ClaimMention] = []
    consumed: set[int] = set()
    for count in counts:
        if count.token_start in consumed:
            continue
        mention = _claim_for(count, sent, counts, foreign_country_words)
        if mention is None:
            continue
        consumed |= mention.partof
        found.append(mention)
    found = [m for m in found if m.count.token_start not in _subsets(found)]
    taken = {m.noun for m in found}
    for m in found:
        taken.update(range(m.count.token_start, m.count.token_end))
    for c in counts:  # a counted noun is read by the count pass, claim or not
        number = sent.doc[c.token_end - 1]
        if c.quantity.text.lower() not in ("a", "an") and number.dep_ in ("nummod", "quantmod"):
            taken.add(number.head.i)
    named = [_named(v, sent) for v in named_victims(sent, taken)]
    if convention == "acled":
        named += [_unstated(t, sent) for t in unstated_losses(sent)]
    joined = join_conjuncts(join_counted(found, sent), named, sent)
    if LONG_PAST.search(sent.text):
        return []
    if RECALLED.search(sent.text):  # counted only when the report gives nothing else
        joined = [replace(m, cumulative=True) for m in joined]
    return [
        m for m in joined if not _protest_cause(m) and not _intended(m) and not _natural_death(m)
    ]


# "died of Covid-19", "dead due to coronavirus infection", "died of natural causes":
# deaths from illness are no casualties of violence.
_ILLNESS = re.compile(
    r"^\W*(?:\w+\W+){0,3}?(?:of|from|due to|after contracting|because of|following|after)"
    r"\s+(?:\w+\s+){0,2}?"
    r"(?:covid(?:-19)?|coronavirus|illness|disease|cholera|malaria|natural causes|heart attack"
    r"|cancer|infection|hunger|starvation|an illness|sickness)\b",
    re.I,
)


def _natural_death(m: ClaimMention) -> bool:
    if m.outcome != "killed" or m.verb is None:
        return False
    sent = m.sentence
    after = sent.text[m.verb.idx + len(m.verb.text) - sent.start_char :]
    return _ILLNESS.search(after) is not None


# "threatened to kill a soldier", "tried to kill the witness": nobody died.
_INTENT = frozenset("threaten attempt try plan vow plot intend seek want".split())


def _intended(m: ClaimMention) -> bool:
    verb = m.verb
    return (
        verb is not None
        and verb.dep_ == "xcomp"
        and verb.head.lemma_.lower() in _INTENT
        and m.outcome == "killed"
    )


def _protest_cause(m: ClaimMention) -> bool:
    doc = m.sentence.doc
    start = m.verb if m.verb is not None else (doc[m.noun] if m.noun >= 0 else None)
    return start is not None and protest_cause(start)


def _named(victims: Victims, sent: Span) -> ClaimMention:
    first, last = victims.tokens[0], victims.tokens[-1]
    n = victims.count
    count = CountMention(
        Quantity(n, n, n, "exact", first.text),
        first.idx,
        last.idx + len(last.text),
        first.i,
        last.i + 1,
    )
    text = sent.text
    return ClaimMention(
        count=count,
        outcome=victims.outcome.outcome,
        victim_group=victims.group,
        victim_label=" and ".join(t.text for t in victims.tokens),
        sentence=sent,
        verb=victims.trigger,
        cumulative=False,
        verified=bool(VERIFIED.search(text)),
        perpetrator=_perpetrator(victims.trigger),
        noun=first.i,
        definite=victims.definite,
        hit=victims.outcome.hit,
    )


def _unstated(noun: Token, sent: Span) -> ClaimMention:
    """ACLED's code for people killed in a number the report does not give."""
    count = CountMention(
        Quantity(10, 10, None, "vague", "an unknown number"),
        noun.idx,
        noun.idx + len(noun.text),
        noun.i,
        noun.i + 1,
    )
    return ClaimMention(
        count=count,
        outcome="killed",
        victim_group="unknown",
        victim_label=noun.text,
        sentence=sent,
        verb=noun.head,
        cumulative=False,
        verified=False,
        noun=noun.i,
    )


def _subsets(found: list[ClaimMention]) -> set[int]:
    return {i for m in found for i in m.partof}


def _claim_for(
    count: CountMention,
    sent: Span,
    counts: list[CountMention],
    foreign_words: frozenset[str],
) -> ClaimMention | None:
    doc = sent.doc
    number = doc[count.token_end - 1]
    article = count.quantity.text.lower() in ("a", "an", "one", "another")
    if is_age(number):
        return None
    noun = _victim_noun(number)
    surface = read_after(count.token_end, sent)
    if surface is not None and surface.noun.i == number.i:
        noun = number  # "indicate three dead": the count is of the dead, however parsed
    if noun is None:
        if surface is None:
            return None
        noun = surface.noun
    if label_number(number, noun, sent):
        return None
    bare = noun.i == number.i
    if article and not bare and noun.i != count.token_end and noun.head.i != number.i:
        # "a civilian", "one of their drivers": the article must belong to its noun
        owner = number.head if number.dep_ in ("det", "nummod") else number
        if owner.i != noun.i and not _partitive_of(noun, owner):
            return None
    trigger, verb, role = outcome_for(noun, number)
    if surface is not None and surface.noun.i == number.i:
        trigger, verb, role = surface.trigger, surface.verb, "victim"
    acronym = _after_acronym(number)
    if trigger is None and acronym is not None and acronym.i == noun.i:
        trigger, verb, role = outcome_up(number, number)  # "killing 5 IS militants"
    if (trigger is None or role == "agent") and (before := verb_before(count, sent)) is not None:
        trigger, verb, role = before[0], before[1], "victim"  # "killing seven injuring 18"
    if trigger is None and surface is not None:
        noun, (trigger, verb, role) = surface.noun, (surface.trigger, surface.verb, "victim")
    if (
        trigger is None
        and is_unstated(count.quantity)
        and (noun.lemma_.lower() in LOSS_NOUNS or noun.lower_ in LOSS_NOUNS)
    ):
        trigger, verb, role = Trigger("killed"), noun, "victim"  # ACLED: "heavy casualties"
    if trigger is None:
        return None
    if not bare and (noun.lemma_.lower() in NOT_PEOPLE or noun.lower_ in NOT_PEOPLE):
        return None  # "several houses burnt", "an encounter"
    if role == "agent":
        return None
    if _negated(verb) or _negated(noun):
        return None
    if _retracted(noun, sent):
        return None
    toll = role == "toll"
    along = role == "along"
    group = _group_of(noun, foreign_words)
    if group is None:
        summary = noun.lemma_.lower() in SUMMARY_NOUNS  # "one death", "a fatality"
        unnamed = person_group(noun) is None and noun.pos_ != "PROPN"
        if article and not bare and not summary and unnamed and not killed_one(noun, verb):
            return None
        group = "unknown"
    if toll and group in (None, "unknown"):
        group = _toll_group(verb, foreign_words)
    if group == "unknown" and noun.i != number.i:
        group = _said_to_be(number, foreign_words) or group
    label = _label(noun, count)
    of_whom, parts, whole = _of_whom(noun, number, verb, counts, group, foreign_words)
    if whole:
        group = "total"
    text = sent.text
    return ClaimMention(
        count=count,
        outcome=trigger.outcome,
        victim_group=group,
        victim_label=label,
        sentence=sent,
        verb=verb,
        cumulative=toll or running_total(count, noun, text),
        verified=bool(VERIFIED.search(text)),
        of_whom=of_whom,
        perpetrator=_perpetrator(verb),
        toll=toll,
        partof=frozenset(parts),
        noun=noun.i,
        hit=trigger.hit,
        summary=noun.lemma_.lower() in SUMMARY_NOUNS,
        bare=bare,
        along=along,
        definite=_back_reference(number),
    )


def _toll_group(verb: Token | None, foreign_words: frozenset[str]) -> VictimGroup:
    """ "the toll rose to 19": the total; "the number of civilians killed has risen to
    20": the group the toll counts ("stand at 5 militia troops" keeps its own group)."""
    toll = toll_of(verb) if verb is not None else None
    counted = toll[1] if toll is not None else None
    group = _group_of(counted, foreign_words) if counted is not None else None
    return group if group in _SPECIFIC_GROUPS else "total"


def _said_to_be(number: Token, foreign_words: frozenset[str]) -> VictimGroup | None:
    """ "close to 90 of the dead were civilians": the group the counted victims are said
    to be."""
    head = number.head
    if number.dep_ != "nsubj" or head.lemma_ != "be":
        return None
    for c in head.children:
        if c.dep_ == "attr" and (group := _group_of(c, foreign_words)) in _SPECIFIC_GROUPS:
            return group
    return None


def _victim_noun(number: Token) -> Token | None:
    """The word a number counts."""
    if (acronym := _after_acronym(number)) is not None:
        return acronym
    if number.dep_ in ("nummod", "quantmod", "det", "amod") and number.head.pos_ in (
        "NOUN",
        "PROPN",
        "ADJ",
    ):
        head = number.head
        if (
            head.dep_ == "compound"
            and head.head.pos_ == "NOUN"
            and person_group(head) is None
            and person_group(head.head) is not None
        ):
            head = head.head  # "two cattle thieves": the thieves are counted
        return _through_partitive(head)
    if number.pos_ in ("NUM", "NOUN", "PRON", "DET") or number.like_num:
        return _through_partitive(number)
    return None


def _after_acronym(number: Token) -> Token | None:
    """ "Two IS militants": a group's capitalised initials between a number and its
    noun may be parsed as a verb; the person noun after them is the one counted."""
    doc = number.doc
    i = number.i
    if i + 2 >= len(doc) or not (number.like_num or number.pos_ == "NUM"):
        return None
    initials, noun = doc[i + 1], doc[i + 2]
    if not (initials.is_upper and initials.is_alpha and len(initials) >= 2):
        return None
    if initials.pos_ not in ("AUX", "VERB") or noun.pos_ != "NOUN":
        return None
    return noun if person_group(noun) is not None else None


def _partitive_of(noun: Token, number: Token) -> bool:
    return noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.i == number.i


# "two of them", "at least 2 of these": some of victims counted before.
_BACK_REFERENCES = frozenset({"them", "whom", "those", "these"})


def _back_reference(number: Token) -> bool:
    return any(
        c.dep_ == "prep"
        and c.lower_ == "of"
        and any(o.lower_ in _BACK_REFERENCES for o in c.children)
        for c in number.children
    )


def _through_partitive(noun: Token) -> Token:
    """ "five of their neighbours" -> neighbours; "members of the forces" -> forces."""
    if noun.lower_ in _PARTITIVE or noun.like_num or noun.pos_ == "NUM":
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                people = [o for o in objects if person_group(o) is not None]
                if people:
                    objects = people  # "one member of the government affiliated forces"
                if objects and objects[0].lower_ not in _BACK_REFERENCES:
                    return objects[0]
    return noun


def _negated(token: Token | None) -> bool:
    if token is None:
        return False
    return any(
        c.dep_ == "neg" or (c.lower_ in NEGATIONS and c.dep_ == "det") for c in token.children
    )


def _retracted(noun: Token, sent: Span) -> bool:
    if not RETRACTION.search(sent.text):
        return False
    return any(a.lemma_ in ("report", "figure", "claim", "toll") for a in noun.ancestors) or any(
        t.lemma_ in ("report", "figure") and t.i < noun.i for t in sent
    )


# Ranks and roles that take the group of the force named before them.
_ROLE_NOUNS = frozenset({"chief", "commander", "head", "leader", "member", "official"})


def _group_of(noun: Token, foreign_words: frozenset[str]) -> VictimGroup | None:
    words = [noun, *[c for c in noun.children if c.dep_ in ("compound", "amod")]]
    lemma = noun.lemma_.lower()
    group = VICTIM_WORDS.get(lemma) or VICTIM_WORDS.get(noun.lower_)
    if group is None and (lemma in SUMMARY_NOUNS or noun.lower_ in LOSS_NOUNS):
        # "44 civilian deaths", "police casualties": the group of the modifier
        return next((g for w in words[1:] if (g := person_group(w)) in _SPECIFIC_GROUPS), None)
    if group is None and lemma in _STATE_BODIES:
        # "members of the General Security service", "the intelligence agency's officers"
        modifiers = {w.lower_ for w in words[1:]}
        if modifiers & {"security", "intelligence", "police", "army", "military", "border"}:
            return "state_forces"
    if group is None and person_group(noun) is None and noun.pos_ != "PROPN":
        return None  # "a police report", "the army base": not a person
    for word in words[1:]:
        lower = word.lower_
        if VICTIM_WORDS.get(lower) == "state_forces" and (
            group in ("state_forces", None) or lemma in _ROLE_NOUNS
        ):
            group = "state_forces"  # "a police chief", "an army commander"
        if lower in ("armed", "rebel", "militia", "jihadist", "insurgent"):
            group = "armed_groups"
    if group == "state_forces" or (group == "armed_groups" and lemma in ("force", "troop")):
        modifiers = {w.lower_ for w in words[1:]} | {
            c.lower_ for c in noun.subtree if c.dep_ in ("amod", "compound") and c.i < noun.i
        }
        if modifiers & FOREIGN_MARKERS or modifiers & foreign_words:
            return "foreign_forces"
        if lemma == "force" and not modifiers & {
            "security",
            "government",
            "state",
            "regime",
            "army",
            "police",
            "military",
            "syrian",
            "iraqi",
            "afghan",
        }:
            group = "state_forces" if modifiers or _own_state_forces(noun) else None
    return group


_STATE_BODIES = frozenset({"service", "agency", "apparatus", "directorate", "branch"})
_STATE_SPEAKERS = frozenset(
    "ministry army military government police interior defence defense".split()
)


def _own_state_forces(noun: Token) -> bool:
    """ "The interior ministry said 31 members of its forces ...": a state body's own forces."""
    owned = any(c.dep_ == "poss" and c.lower_ in ("its", "their", "our") for c in noun.children)
    return owned and any(t.lower_ in _STATE_SPEAKERS for t in noun.sent)


def _label(noun: Token, count: CountMention) -> str:
    doc = noun.doc
    start = min(noun.left_edge.i, count.token_end)
    start = max(start, count.token_end)
    words = doc[start : noun.i + 1]
    return words.text if words.text else noun.text


def _of_whom(
    noun: Token,
    number: Token,
    verb: Token | None,
    counts: list[CountMention],
    group: VictimGroup,
    foreign_words: frozenset[str],
) -> tuple[tuple[tuple[str, int], ...], set[int], bool]:
    """ "44 civilians, including seven children and five women" -> children 7, women 5;
    "16 militants, including a commander", "10 killed, including 4 soldiers" (on the verb).

    A part is among the victims already counted, so it is no claim of its own; a part of
    another victim group ("21 militants including 4 soldiers") is more victims.  A part
    that names the group of some of "people" counted ("four people, including a child")
    stays a claim, and the figure it is part of is the total (the third value)."""
    parts: dict[str, int] = {}
    consumed: set[int] = set()
    whole = False
    by_token = {c.token_end - 1: c for c in counts}
    holders = [noun]
    if verb is not None and (noun.i == number.i or noun.head.i == verb.i):
        holders.append(verb)
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("including", "among"):
                continue
            for obj in prep.subtree:
                if obj.pos_ not in ("NOUN", "PROPN"):
                    continue
                for num in obj.children:
                    if num.i not in by_token or num.dep_ not in ("nummod", "det"):
                        continue
                    person = _through_partitive(obj)  # "46 members of the forces"
                    if person_group(person) is None and person.pos_ != "PROPN":
                        continue  # "a count of fighters": no victims
                    part = _group_of(person, foreign_words)
                    if _other_group(group, part):
                        continue
                    if group in ("unknown", "total") and part in _SPECIFIC_GROUPS:
                        whole = True  # "four people, including a child": a claim each
                        continue
                    parts[obj.lower_] = by_token[num.i].quantity.best
                    consumed.add(by_token[num.i].token_start)
    return tuple(sorted(parts.items())), consumed, whole


_SPECIFIC_GROUPS = frozenset({"civilians", "state_forces", "armed_groups", "foreign_forces"})


def _other_group(whole: VictimGroup, part: VictimGroup | None) -> bool:
    return whole in _SPECIFIC_GROUPS and part in _SPECIFIC_GROUPS and whole != part


def _perpetrator(verb: Token | None) -> str | None:
    if verb is None or verb.pos_ != "VERB":
        return None
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return _subtree_text(objects[0])
        armed = _group_of(child, frozenset()) in ("armed_groups", "state_forces", "foreign_forces")
        if (
            child.dep_ == "nsubj"
            and verb.tag_ != "VBN"
            and child.lower_ not in ("who", "that")
            and (armed or child.pos_ == "PROPN")
        ):
            return _subtree_text(child)
    return None


def _subtree_text(token: Token) -> str:
    span = token.doc[token.left_edge.i : token.right_edge.i + 1]
    text = span.text
    return re.sub(r"^(the|a|an)\s+", "", text, flags=re.I)
