"""Casualty claims from the parse: number -> victim noun -> outcome verb.

For every count in a sentence (``quantities.number_tokens_in``), the victim
noun is the word the number counts ("750 civilians", "five of their
neighbours", "killing 12"), and the outcome comes from the verb, adjective or
noun that governs it ("were killed", "N dead", "the deaths of", "the death toll
has risen to").  The victim group comes from the noun (``VICTIM_WORDS``).
Negated verbs ("no one was killed", "were not hurt") and retracted figures
("earlier reports of 12 dead were wrong") give no claim; the agent of an active
verb ("five gunmen killed three farmers") is the perpetrator, not a victim.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from warmonitor.extract.outcomes import (
    NOT_PEOPLE,
    OUTCOME_ADJECTIVES,
    OUTCOME_NOUNS,
    SUBJECT_VICTIM,
    SUMMARY_NOUNS,
    TOLL_NOUNS,
    VICTIM_WORDS,
    Trigger,
    foreign_words,
    is_fatal,
    person_group,
    protest_cause,
    word_outcome,
)
from warmonitor.extract.quantities import (
    Convention,
    CountMention,
    Quantity,
    is_unstated,
    number_tokens_in,
)
from warmonitor.extract.reconcile import join_conjuncts, join_counted, merge_claims
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
CUMULATIVE = re.compile(
    r"\b(toll|tally)\b.*\b(ris(?:e|en|es)|rose|climb(?:ed|s)?|reach(?:ed|es)?|increas(?:ed|es)|"
    r"jump(?:ed|s)?|grew|grown|mount(?:ed|s)?|stands?|stood|bringing|brings?|now)\b"
    r"|\b(bringing|brings?|raising|raises?)\b.*\b(toll|total)\b"
    r"|\b(total of|in total|so far|to date|overall|since (the start|the beginning"
    r"|(last )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday))"
    r"|between (monday|tuesday|wednesday|thursday|friday|saturday|sunday) and"
    r"|(after|in|over|during) (\w+ ){1,2}(days|weeks|months) of)\b",
    re.I,
)
_LOSS_NOUNS = frozenset({"casualty", "casualties", "loss", "losses"})
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
    joined = join_conjuncts(join_counted(found, sent), named, sent)
    if LONG_PAST.search(sent.text):
        return []
    if RECALLED.search(sent.text):  # counted only when the report gives nothing else
        joined = [replace(m, cumulative=True) for m in joined]
    return [m for m in joined if not _protest_cause(m) and not _intended(m)]


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
    if _is_age(number):
        return None
    noun = _victim_noun(number)
    if noun is None:
        return None
    bare = noun.i == number.i
    if article and not bare and noun.i != count.token_end and noun.head.i != number.i:
        # "a civilian", "one of their drivers": the article must belong to its noun
        owner = number.head if number.dep_ in ("det", "nummod") else number
        if owner.i != noun.i and not _partitive_of(noun, owner):
            return None
    trigger, verb, role = _outcome_for(noun, number)
    if trigger is None and is_unstated(count.quantity) and noun.lemma_.lower() in _LOSS_NOUNS:
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
        if article and not bare and not summary and unnamed:
            return None
        group = "unknown"
    if toll:
        group = "total"
    label = _label(noun, count)
    of_whom, parts = _of_whom(noun, counts)
    text = sent.text
    return ClaimMention(
        count=count,
        outcome=trigger.outcome,
        victim_group=group,
        victim_label=label,
        sentence=sent,
        verb=verb,
        cumulative=toll or bool(CUMULATIVE.search(text)),
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
    )


def _is_age(number: Token) -> bool:
    """ "Marquise Harris, 16, died": a number set off after a name is an age."""
    if number.dep_ == "appos" and number.head.pos_ == "PROPN":
        return True
    doc = number.doc
    i = number.i
    if 1 <= i < len(doc) - 1 and doc[i - 1].text == "," and doc[i + 1].text in (",", ")"):
        return doc[i - 2].pos_ == "PROPN" if i >= 2 else False
    return False


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


def _through_partitive(noun: Token) -> Token:
    """ "five of their neighbours" -> neighbours; "members of the forces" -> forces."""
    if noun.lower_ in _PARTITIVE or noun.like_num or noun.pos_ == "NUM":
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects and objects[0].lower_ not in ("them", "whom", "those"):
                    return objects[0]
    return noun


def _outcome_for(noun: Token, number: Token) -> tuple[Trigger | None, Token | None, str]:
    """The outcome, the word stating it, and the victim's role: victim, agent or toll."""
    lemma = "corpse" if noun.lower_ == "corpses" else noun.lemma_.lower()
    own = OUTCOME_NOUNS.get(lemma) if noun.pos_ == "NOUN" else None
    if own is None and noun.pos_ == "ADJ":
        own = OUTCOME_ADJECTIVES.get(noun.lower_)
    if own is not None and noun.lemma_.lower() not in ("arrest", "detention"):
        return Trigger(own), noun, "victim"  # "26 dead", "ten deaths", "12 bodies"
    # "N dead", "N wounded soldiers", "civilians killed", "killed civilians", "one fatally"
    for child in (*noun.children, *number.children):
        if child.dep_ in ("amod", "acl", "relcl", "appos", "advmod", "conj"):
            if child.lower_ in ("fatally", "mortally"):
                return Trigger("killed"), child, "victim"
            found = _word_outcome(child)
            if found and child.dep_ == "relcl" and _relative_agent(child):
                continue  # "a gunman who shot a man": the gunman is no victim
            if found and child.dep_ != "conj":
                if found.hit:  # "a man who was shot ... died": the main verb wins
                    main = _outcome_up(noun, number)
                    if main[0] is not None and main[2] == "victim" and not main[0].hit:
                        return main
                return found, child, "victim"
    return _outcome_up(noun, number)


def _along_with(prep: Token) -> bool:
    """ "along with", "together with" on the outcome verb: more victims of it."""
    if prep.lower_ != "with" or _along_verb(prep) is None:
        return False
    before = prep.doc[prep.i - 1] if prep.i > 0 else None
    return before is not None and before.lower_ in ("along", "together")


def _along_verb(prep: Token) -> Token | None:
    """The verb "along with" adds victims to: its head, or the verb of the noun it follows."""
    head = prep.head
    if head.lower_ in ("along", "together") and head.head is not head:
        head = head.head
    if head.pos_ in ("VERB", "AUX"):
        return head
    if head.dep_ in ("dobj", "nsubjpass", "nsubj") and head.head.pos_ == "VERB":
        return head.head
    return None


def _relative_agent(verb: Token) -> bool:
    subject = any(c.dep_ == "nsubj" and c.lower_ in ("who", "that") for c in verb.children)
    return subject and any(c.dep_ in ("dobj", "obj") for c in verb.children)


def _outcome_up(noun: Token, number: Token) -> tuple[Trigger | None, Token | None, str]:
    """The outcome stated by the words governing the victim noun."""
    word = noun
    for _ in range(6):
        dep = word.dep_
        head = word.head
        if head is word:
            break
        if dep == "conj" or dep == "appos":
            word = head
            continue
        if dep == "pobj":
            prep = head
            if prep.lower_ == "of" and prep.head.lemma_.lower() in OUTCOME_NOUNS:
                return Trigger(OUTCOME_NOUNS[prep.head.lemma_.lower()]), prep.head, "victim"
            if prep.lower_ in ("to", "at") and _is_toll_verb(prep.head):
                return Trigger("killed"), prep.head, "toll"
            if prep.lower_ in ("to", "at", "by") and prep.head.lemma_ in TOLL_NOUNS:
                return Trigger("killed"), prep.head, "toll"
            if prep.lower_ == "of" and prep.head.like_num and prep.head.i != number.i:
                return None, None, "victim"  # "seven" in "six of the seven victims"
            verb = _along_verb(prep) if _along_with(prep) else None
            if verb is not None and (found := _word_outcome(verb)) is not None:
                return found, verb, "along"  # "X was killed along with six others"
            if prep.lower_ == "by":
                return None, None, "agent"  # "killed by two gunmen", "an attack by rebels"
            if prep.lower_ not in ("of", "in", "among", "to", "including", "at", "on"):
                return None, None, "victim"  # "a clash with militants", "between two groups"
            word = prep.head
            continue
        if dep == "attr" and _is_toll_verb(head):
            return Trigger("killed"), head, "toll"
        found = _word_outcome(head) or _shared_outcome(head, dep)
        if found is not None:
            role = "victim"
            if dep == "nsubj" and head.pos_ == "VERB" and head.lemma_ not in SUBJECT_VICTIM:
                role = "agent" if _has_object(head) else "victim"
            if dep == "agent" or (dep == "pobj" and word.lower_ == "by"):
                role = "agent"
            return found, head, role
        if head.pos_ in ("VERB", "AUX") and dep in ("nsubj", "dobj", "nsubjpass", "attr"):
            # "N people lost their lives", "N were among the dead"
            if head.lemma_ == "be":
                for child in head.children:
                    if child.dep_ in ("acomp", "attr") and (out := _word_outcome(child)):
                        return out, child, "victim"
            return None, head, "victim"
        word = head
    return None, None, "victim"


def _shared_outcome(verb: Token, dep: str) -> Trigger | None:
    """ "were attacked and killed": a conjoined verb without its own subject."""
    if verb.pos_ != "VERB" or dep not in ("nsubj", "nsubjpass", "dobj"):
        return None
    for c in verb.children:
        if c.dep_ == "conj" and c.pos_ == "VERB":
            if any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children):
                continue
            if dep == "dobj" and any(g.dep_ == "dobj" for g in c.children):
                continue
            found = _word_outcome(c)
            if found is not None and found.outcome in ("killed", "injured"):
                return found
    return None


def _word_outcome(token: Token) -> Trigger | None:
    if token.pos_ in ("VERB", "AUX") and token.lemma_ in ("shoot", "gun") and is_fatal(token):
        return Trigger("killed")
    return word_outcome(token)


def _is_toll_verb(verb: Token) -> bool:
    return any(
        c.lemma_ in TOLL_NOUNS and c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in verb.children
    )


def _has_object(verb: Token) -> bool:
    """ "an officer shot and killed the suspect": the object may sit on a conjoined verb."""
    for c in verb.children:
        if c.dep_ in ("dobj", "obj"):
            return True
        if c.dep_ != "conj" or c.pos_ != "VERB":
            continue
        deps = {g.dep_ for g in c.children}
        if not deps & {"nsubj", "nsubjpass"} and deps & {"dobj", "obj"}:
            return True
    return False


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


def _group_of(noun: Token, foreign_words: frozenset[str]) -> VictimGroup | None:
    words = [noun, *[c for c in noun.children if c.dep_ in ("compound", "amod")]]
    lemma = noun.lemma_.lower()
    group = VICTIM_WORDS.get(lemma) or VICTIM_WORDS.get(noun.lower_)
    if group is None and person_group(noun) is None and noun.pos_ != "PROPN":
        return None  # "a police report", "the army base": not a person
    for word in words[1:]:
        lower = word.lower_
        if VICTIM_WORDS.get(lower) == "state_forces" and group in ("state_forces", None):
            group = "state_forces"
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
            group = "state_forces" if modifiers else None
    return group


def _label(noun: Token, count: CountMention) -> str:
    doc = noun.doc
    start = min(noun.left_edge.i, count.token_end)
    start = max(start, count.token_end)
    words = doc[start : noun.i + 1]
    return words.text if words.text else noun.text


def _of_whom(
    noun: Token, counts: list[CountMention]
) -> tuple[tuple[tuple[str, int], ...], set[int]]:
    """ "44 civilians, including seven children and five women" -> children 7, women 5."""
    parts: dict[str, int] = {}
    consumed: set[int] = set()
    by_token = {c.token_end - 1: c for c in counts}
    for prep in noun.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("including", "among"):
            continue
        for obj in prep.subtree:
            if obj.pos_ != "NOUN":
                continue
            for num in obj.children:
                if num.i in by_token and num.dep_ == "nummod":
                    parts[obj.lower_] = by_token[num.i].quantity.best
                    consumed.add(by_token[num.i].token_start)
    return tuple(sorted(parts.items())), consumed


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


def iter_counts(sent: Span) -> Iterator[CountMention]:
    return number_tokens_in(sent)
