"""Victims named without a count: "a policeman was shot dead", "he died", "Ali and his son".

The count pass (``claims``) starts from numbers.  Many reports name single
victims instead: a noun with no number ("Soldier killed in ambush"), a
definite or possessive noun ("his wife was killed"), a personal name or a
pronoun ("He was pronounced dead").  This pass starts from the outcome word
and reads its victim argument from the parse:

* the passive subject ("was killed"), or the noun a participle modifies ("a
  man shot dead on Monday", "the man who was killed");
* the object of an active verb ("gunmen shot dead a trader");
* the subject of "die", "succumb", "suffer fatal injuries", "was dead".

Coordinated victims are counted together ("a herder and his son" = 2).  A
victim referred to by a name, "the ..." or a pronoun is *definite*: it may be
someone counted elsewhere in the report, so the merger keeps it only when the
report gives no other figure for that outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from warmonitor.extract.outcomes import (
    SUBJECT_VICTIM,
    Trigger,
    person_group,
    word_outcome,
)
from warmonitor.records import VictimGroup

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_PERSONAL = frozenset({"he", "she", "him", "her"})
# "the bomber blew himself up, killing himself and two others": the attacker, not
# someone counted elsewhere.
_REFLEXIVE = frozenset({"himself", "herself"})
_RELATIVE = frozenset({"who", "whom", "that"})
_DEFINITE = frozenset({"the", "this", "that"})
_RANK = {"killed": 3, "injured": 2, "abducted": 1}
_PERSON_ENTS = frozenset({"PERSON", ""})
_KEPT_OUTCOMES = frozenset({"killed", "injured", "abducted"})


@dataclass(frozen=True, slots=True)
class Victims:
    """Victims of one outcome named together, without a count."""

    tokens: tuple[Token, ...]
    trigger: Token
    outcome: Trigger
    group: VictimGroup
    definite: bool

    @property
    def count(self) -> int:
        return len(self.tokens)


def named_victims(sent: Span, taken: set[int]) -> list[Victims]:
    """Victims without a count in ``sent``; tokens in ``taken`` are already counted."""
    best: dict[int, tuple[Trigger, Token, int]] = {}
    for token in sent:
        if token.pos_ not in ("VERB", "ADJ", "AUX", "NOUN"):
            continue
        trigger = word_outcome(token)
        if trigger is None or trigger.outcome not in _KEPT_OUTCOMES:
            continue
        if _negated(token):
            continue
        for arg in _arguments(token, trigger):
            for cand in (arg, *arg.conjuncts, *_companions(arg, token)):
                if cand.i in taken or _appos_taken(cand, taken):
                    continue
                rank = _RANK[trigger.outcome] - (0.5 if trigger.hit else 0)
                old = best.get(cand.i)
                if old is None or rank > _RANK[old[0].outcome] - (0.5 if old[0].hit else 0):
                    best[cand.i] = (trigger, token, arg.i)
    found: dict[tuple[int, str, bool], list[Token]] = {}
    triggers: dict[tuple[int, str, bool], tuple[Trigger, Token]] = {}
    key: tuple[int, str, bool]
    doc = sent.doc
    for i, (trigger, token, root) in sorted(best.items()):
        if _person(doc[i]) is None:
            continue
        key = (root, trigger.outcome, trigger.hit)
        found.setdefault(key, []).append(doc[i])
        triggers[key] = (trigger, token)
    out = []
    for found_key, tokens in found.items():
        trigger, token = triggers[found_key]
        groups = {_person(t) for t in tokens}
        group: VictimGroup = (groups.pop() or "unknown") if len(groups) == 1 else "unknown"
        definite = all(_is_definite(t) for t in tokens)
        out.append(Victims(tuple(tokens), token, trigger, group, definite))
    return out


def _arguments(word: Token, trigger: Trigger) -> list[Token]:
    """The victim arguments of an outcome word."""
    lemma = word.lemma_.lower()
    if word.pos_ == "NOUN":
        if word.dep_ == "pobj" and trigger.hit:
            return _bearer(word.head.head)
        # "the death of a farmer", "the killing of Ali"
        return [
            o for p in word.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj"
        ]
    if word.pos_ == "ADJ":
        # "one was dead", "two men lay dead"
        if word.dep_ in ("acomp", "oprd") and word.head.lemma_ in ("be", "lie", "lay"):
            return [c for c in word.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if word.dep_ == "amod" and word.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return [word.head] if word.i > word.head.i else []
        return []
    children = list(word.children)
    subject = [c for c in children if c.dep_ == "nsubj"]
    passive = [c for c in children if c.dep_ == "nsubjpass"]
    objects = [c for c in children if c.dep_ == "dobj"]
    if lemma in SUBJECT_VICTIM:
        return _resolve(word, subject or passive)
    if passive:
        return _resolve(word, passive)
    if objects:
        return _resolve(word, objects)
    modifies = word.dep_ in ("acl", "relcl") and word.head.pos_ in ("NOUN", "PROPN")
    if modifies and (word.dep_ == "acl" or not subject):
        return [word.head]
    is_passive = any(c.dep_ == "auxpass" for c in children)
    bare = word.tag_ == "VBN" or (word.tag_ == "VBD" and not trigger.hit)
    if (
        subject
        and not is_passive
        and bare
        and not any(c.dep_ == "aux" for c in children)
        and not _object_on_conjunct(word)
    ):
        return _resolve(word, subject)  # headline style: "Soldier killed in ambush"
    if word.dep_ == "conj" and word.head.pos_ == "VERB":
        head = word.head
        shared = [c for c in head.children if c.dep_ == "nsubjpass"] or [
            c for c in head.children if c.dep_ == "dobj"
        ]
        if not shared and is_passive:  # "Man accused of ... was shot and killed"
            shared = [c for c in head.children if c.dep_ == "nsubj"]
        return shared
    return []


def _companions(arg: Token, word: Token) -> list[Token]:
    """ "a trader, along with his partner, were killed", "gunmen killed the chief along
    with his nephew": who is killed along with the victim is a victim too."""
    out: list[Token] = []
    for holder in (arg, word):
        for prep in holder.children:
            if prep.lower_ in ("along", "together") and prep.dep_ in ("prep", "advmod"):
                preps = [c for c in prep.children if c.lower_ == "with"]
            elif (
                prep.lower_ == "with"
                and prep.i > 0
                and prep.doc[prep.i - 1].lower_
                in (
                    "along",
                    "together",
                )
            ):
                preps = [prep]
            else:
                continue
            for w in preps:
                for obj in w.children:
                    if obj.dep_ == "pobj" and not any(c.like_num for c in obj.children):
                        out.extend((obj, *obj.conjuncts))
    return out


def _bearer(head: Token) -> list[Token]:
    """Who is "with a gunshot wound" or "in critical condition": the noun the phrase
    modifies, else the subject or object of the verb (or of the verb above it)."""
    for _ in range(3):
        if head.lemma_.lower() in ("body", "corpse", "remains"):
            return []  # "his body was found with a gunshot wound": dead, counted elsewhere
        if head.pos_ in ("NOUN", "PROPN", "PRON"):
            return [head]
        if head.pos_ not in ("VERB", "AUX"):
            return []
        args = [c for c in head.children if c.dep_ in ("nsubjpass", "dobj")] or [
            c for c in head.children if c.dep_ == "nsubj"
        ]
        if args:
            return _resolve(head, args)
        if head.head is head:
            return []
        head = head.head
    return []


def _object_on_conjunct(verb: Token) -> bool:
    """ "an officer shot and killed the suspect": the subject acts, it is no victim."""
    return any(
        c.dep_ == "conj"
        and c.pos_ == "VERB"
        and not _own_subject_of(c)
        and any(g.dep_ == "dobj" for g in c.children)
        for c in verb.children
    )


def _own_subject_of(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _appos_taken(token: Token, taken: set[int]) -> bool:
    """ "Yadav, a contractor": the name and its apposition are one person."""
    if token.dep_ == "appos" and token.head.i in taken:
        return True
    return any(c.dep_ == "appos" and c.i in taken for c in token.children)


def _resolve(verb: Token, args: list[Token]) -> list[Token]:
    """ "the man who was killed": the relative pronoun stands for the noun."""
    out = []
    for arg in args:
        if arg.lower_ in _RELATIVE and verb.dep_ == "relcl":
            out.append(verb.head)
        else:
            out.append(arg)
    return out


def _person(token: Token) -> VictimGroup | None:
    """The group of a singular person noun; None when it is not one or has a count."""
    if token.lower_ in _PERSONAL or token.lower_ in _REFLEXIVE:
        return "unknown"
    if any(c.dep_ == "nummod" for c in token.children):
        return None
    if token.pos_ == "PROPN":
        if token.tag_ == "NNPS":
            return None
        compounds = [c for c in token.children if c.dep_ == "compound"]
        for c in compounds:
            if (group := person_group(c)) is not None:
                return group  # "party official Pascal X", whatever entity the tagger saw
        if token.ent_type_ not in _PERSON_ENTS:
            return None
        return "unknown"
    if token.pos_ != "NOUN" or token.tag_ == "NNS":
        if token.lower_ == "old" and token.pos_ == "ADJ" and token.dep_ != "amod":
            return "unknown"  # "the 16-year-old"
        return None
    group = person_group(token)
    if group is None:
        return None
    for c in token.children:
        if c.dep_ in ("compound", "amod") and (sub := person_group(c)) in (
            "state_forces",
            "armed_groups",
        ):
            return sub
    return group


def _is_definite(token: Token) -> bool:
    if token.lower_ in _PERSONAL or token.pos_ == "PROPN":
        return True
    for c in token.children:
        if c.dep_ == "det":
            return c.lower_ in _DEFINITE
        if c.dep_ == "poss":
            return token.lemma_ in ("body", "victim")
    return token.lemma_ in ("victim", "body", "deceased")


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in token.children)
