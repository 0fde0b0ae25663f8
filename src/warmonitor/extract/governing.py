"""The outcome that governs a victim noun, read from the parse.

The count pass (``claims``) finds the noun a number counts; this module says what
happened to it, from the words above and beside it: its own modifiers ("26 dead", "a
man shot dead"), the verb or noun that governs it ("were killed", "the deaths of", "the
death toll has risen to"), a conjoined verb ("were attacked and killed", "was beaten
and seriously injured, succumbed"), a reporting verb ("were said to have been
killed"), or an active outcome verb right before the count however the parser hung it
("killing seven injuring 18").  Running tolls are read from their figure noun ("the
death toll", "the number of civilians killed", "the number of wounded", "the tally of
the dead" rose to / reached / stood at N), victims from the group they are put among
("N were among the dead", "the dead included N"); ``running_total`` says whether a
count adds up over time.  Each answer carries the victim's
role: ``victim``, ``agent`` (the count did the killing), ``toll`` or ``along`` ("along
with six others").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from warmonitor.extract.outcomes import (
    OUTCOME_ADJECTIVES,
    OUTCOME_NOUNS,
    SUBJECT_VICTIM,
    SUMMARY_NOUNS,
    TOLL_NOUNS,
    Trigger,
    is_fatal,
    person_group,
    word_outcome,
)
from warmonitor.extract.unstated import LOSS_NOUNS

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from warmonitor.extract.quantities import CountMention


_ACTIVE_TAGS = frozenset({"VBG", "VBD", "VBZ", "VBP", "VB"})


def verb_before(count: CountMention, sent: Span) -> tuple[Trigger, Token] | None:
    """ "killing seven", "wounded 12": an active outcome verb right before the count takes
    it as its object, however the parser attached it."""
    i = count.token_start - 1
    if i < sent.start:
        return None
    verb = sent.doc[i]
    if verb.lower_ in ("down", "dead") and i - 1 >= sent.start:
        shot = sent.doc[i - 1]  # "policemen gun down two militants", "shot dead three"
        if shot.lemma_.lower() in ("gun", "shoot") and shot.tag_ != "VBN":
            return Trigger("killed"), shot
    if verb.tag_ not in _ACTIVE_TAGS or any(c.dep_ == "auxpass" for c in verb.children):
        return None
    if verb.lemma_.lower() not in ("kill", "injure", "wound"):
        return None
    found = word_outcome(verb)
    return (found, verb) if found is not None else None


def killed_one(noun: Token, verb: Token | None) -> bool:
    """ "an adolescent was shot to death", "killing a sarpanch": whoever a killing verb
    takes as its victim is a person, even when the noun is not in the lexicon."""
    if verb is None or verb.pos_ != "VERB" or noun.head.i != verb.i:
        return False
    if noun.dep_ not in ("nsubjpass", "dobj") or noun.pos_ != "NOUN":
        return False
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children):
        return False  # "killed a total of 32 militants": the article counts no one
    found = governing_outcome(verb) or shared_outcome(verb, noun.dep_)
    return found is not None and found.outcome == "killed" and not found.hit


def outcome_for(noun: Token, number: Token) -> tuple[Trigger | None, Token | None, str]:
    """The outcome, the word stating it, and the victim's role: victim, agent or toll."""
    lemma = noun_lemma(noun)
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
            found = governing_outcome(child)
            if found and child.dep_ == "relcl" and _relative_agent(child):
                continue  # "a gunman who shot a man": the gunman is no victim
            if found and child.dep_ != "conj":
                if found.hit or found.outcome != "killed":
                    # "a man who was shot ... died", "two nurses it captured" (executed),
                    # "migrants who had been detained ... suffered fatal gunshots": a
                    # killing stated by the main verb wins
                    main = outcome_up(noun, number)
                    if main[0] is not None and main[2] == "victim" and not main[0].hit:
                        return main
                return found, child, "victim"
    return outcome_up(noun, number)


def _own_outcome_after(noun: Token) -> tuple[Trigger, Token, str] | None:
    """The outcome word that follows a conjoined victim noun, within a few words and
    before any other verb ("and two injured", "and 100 people, including cops, injured")."""
    doc = noun.doc
    for k in range(noun.i + 1, min(noun.i + 7, noun.sent.end)):
        token = doc[k]
        found = word_outcome(token) if token.pos_ in ("VERB", "ADJ") else None
        if found is not None:
            return None if _object_after(token) else (found, token, "victim")
        if token.lower_ == "including":
            continue
        if token.pos_ in ("VERB", "AUX") or token.lower_ in ("and", "while", "but"):
            return None
    return None


def noun_lemma(noun: Token) -> str:
    return "corpse" if noun.lower_ == "corpses" else noun.lemma_.lower()


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


def outcome_up(noun: Token, number: Token) -> tuple[Trigger | None, Token | None, str]:
    """The outcome stated by the words governing the victim noun."""
    word = noun
    located = False  # the noun hangs on a place phrase ("in Puebla, 100 residents ...")
    for _ in range(6):
        dep = word.dep_
        head = word.head
        if head is word:
            break
        if dep == "conj" or dep == "appos":
            if dep == "conj" and word.i == noun.i and (own := _own_outcome_after(noun)):
                # "... killed and over 100 people, including cops, injured": the parser
                # hung "injured" elsewhere, the conjunct's own outcome follows it
                return own
            word = head
            # "Five militants dead, as well as one civilian": the outcome on the first noun
            for child in head.children:
                if child.dep_ in ("amod", "acl") and head.i < child.i < noun.i:
                    found = governing_outcome(child)
                    if found is not None and not found.hit:
                        return found, child, "victim"
            continue
        if dep == "pobj":
            prep = head
            holder = noun_lemma(prep.head)
            if prep.lower_ == "of" and holder in OUTCOME_NOUNS:
                return Trigger(OUTCOME_NOUNS[holder]), prep.head, "victim"  # "the bodies of"
            if prep.lower_ in ("to", "at") and (toll := toll_of(prep.head)) is not None:
                return toll[0], prep.head, "toll"
            if prep.lower_ in ("to", "at", "by") and prep.head.lemma_ in TOLL_NOUNS:
                return Trigger("killed"), prep.head, "toll"
            if prep.lower_ == "of" and prep.head.like_num and prep.head.i != number.i:
                return None, None, "victim"  # "seven" in "six of the seven victims"
            verb = _along_verb(prep) if _along_with(prep) else None
            if verb is not None and (found := governing_outcome(verb)) is not None:
                return found, verb, "along"  # "X was killed along with six others"
            if verb is not None and (among := among_outcome(verb)) is not None:
                return among[0], among[1], "along"  # "were among the dead, along with 25"
            if prep.lower_ == "by":
                return None, None, "agent"  # "killed by two gunmen", "an attack by rebels"
            if prep.lower_ not in ("of", "in", "among", "to", "including", "at", "on"):
                return None, None, "victim"  # "a clash with militants", "between two groups"
            located = located or prep.lower_ in ("in", "at", "on")
            word = prep.head
            continue
        if dep == "attr" and (toll := toll_of(head)) is not None:
            return toll[0], head, "toll"
        if dep == "dobj" and _counts_people(word) and (toll := toll_of(head)) is not None:
            return toll[0], head, "toll"  # "the toll had reached at least 185 people"
        found = governing_outcome(head) or shared_outcome(head, dep)
        if found is not None and found.outcome == "injured" and _died_later(head):
            found = Trigger("killed")  # "was beaten and seriously injured, succumbed ..."
        if found is not None:
            role = "victim"
            if dep == "nsubj" and head.pos_ == "VERB" and head.lemma_ not in SUBJECT_VICTIM:
                role = "agent" if _has_object(head) else "victim"
            if dep == "agent" or (dep == "pobj" and word.lower_ == "by"):
                role = "agent"
            if located and noun.i < head.i and _object_after(head):
                role = "agent"  # "in Puebla, 100 residents lynched two men": misattached
            return found, head, role
        if dep == "dobj" and head.lemma_ == "include" and (out := victims_named(head)):
            return out, head, "victim"  # "the dead included 98 civilians"
        if dep in ("nsubj", "nsubjpass") and head.lemma_.lower() in _REPORTING:
            # "3 students were said to have been killed", "N are feared dead"
            for child in head.children:
                if child.dep_ in ("xcomp", "oprd", "acomp") and (out := governing_outcome(child)):
                    return out, child, "victim"
        if head.pos_ in ("VERB", "AUX") and dep in ("nsubj", "dobj", "nsubjpass", "attr"):
            # "N people lost their lives", "N were among the dead"
            if head.lemma_ == "be":
                for child in head.children:
                    if child.dep_ in ("acomp", "attr") and (out := governing_outcome(child)):
                        return out, child, "victim"
                if (among := among_outcome(head)) is not None:
                    return among[0], among[1], "victim"
            return None, head, "victim"
        word = head
    return None, None, "victim"


_REPORTING = frozenset(
    "say report believe fear feel think understand confirm estimate claim presume".split()
)


def _died_later(verb: Token) -> bool:
    """A conjoined verb without its own subject says the victim died."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    for c in verb.conjuncts:
        if c.pos_ != "VERB" or c.i < verb.i:
            continue
        if any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children):
            continue
        found = governing_outcome(c)
        if found is not None and found.outcome == "killed" and not found.hit:
            return True
    return False


def _object_after(verb: Token) -> bool:
    if verb.tag_ == "VBN" or any(c.dep_ == "auxpass" for c in verb.children):
        return False
    return any(c.dep_ == "dobj" and c.i > verb.i for c in verb.children)


def shared_outcome(verb: Token, dep: str) -> Trigger | None:
    """ "were attacked and killed": a conjoined verb without its own subject."""
    if verb.pos_ != "VERB" or dep not in ("nsubj", "nsubjpass", "dobj"):
        return None
    for c in verb.children:
        if c.dep_ == "conj" and c.pos_ == "VERB":
            if any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children):
                continue
            if dep == "dobj" and any(g.dep_ == "dobj" for g in c.children):
                continue
            found = governing_outcome(c)
            if found is not None and found.outcome in ("killed", "injured"):
                return found
    return None


def governing_outcome(token: Token) -> Trigger | None:
    if token.pos_ in ("VERB", "AUX") and token.lemma_ in ("shoot", "gun") and is_fatal(token):
        return Trigger("killed")
    return word_outcome(token)


def _counts_people(word: Token) -> bool:
    """A bare number or people: "reached 185", "reached 185 people" (not "listed 34 names")."""
    return word.like_num or word.pos_ == "NUM" or person_group(word) is not None


def among_outcome(be: Token) -> tuple[Trigger, Token] | None:
    """ "N were among the dead", "among the wounded were N": the outcome of the group a
    form of "be" puts its subject (or attribute) among."""
    if be.lemma_ != "be":
        return None
    for prep in be.children:
        if prep.dep_ != "prep" or prep.lower_ != "among":
            continue
        for obj in prep.children:
            if obj.dep_ == "pobj" and (found := _outcome_word(obj)) is not None:
                return found, obj
    return None


def victims_named(verb: Token) -> Trigger | None:
    """The outcome of the victims a verb's subject names: "the dead (included)", "those
    killed (included)", "the people wounded (included)"."""
    for c in verb.children:
        if c.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if (found := _outcome_word(c)) is not None:
            return found
        if person_group(c) is None and c.lower_ not in _THOSE:
            continue
        for clause in c.children:
            if clause.dep_ in ("acl", "relcl", "amod"):
                found = governing_outcome(clause)
                if found is not None and not found.hit and found.outcome in ("killed", "injured"):
                    return found
    return None


def toll_of(verb: Token) -> tuple[Trigger, Token | None] | None:
    """The outcome counted by a toll that is a verb's subject or object, and the people
    it counts where named: "the toll rose to" (killed), "the number of civilians killed
    has risen to" (killed, civilians), "the number of wounded rose to" (injured)."""
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass", "dobj") and (found := _toll_noun(c)) is not None:
            return found
    return None


_FIGURE_NOUNS = frozenset({"number", "estimate", "figure", "total", "tally"})
_THOSE = frozenset({"those", "people", "persons"})


def _toll_noun(noun: Token) -> tuple[Trigger, Token | None] | None:
    """ "the toll", "the death count", "estimates of fatalities", "the number of dead",
    "the number of people killed", "the number of those who were wounded"."""
    lemma = noun.lemma_.lower()
    if lemma not in TOLL_NOUNS and lemma not in _FIGURE_NOUNS:
        return None
    for p in noun.children:
        if p.dep_ != "prep" or p.lower_ != "of":
            continue
        for o in p.children:
            if o.dep_ != "pobj":
                continue
            if o.lemma_.lower() in SUMMARY_NOUNS or o.lower_ in LOSS_NOUNS:
                return (_outcome_word(o) or Trigger("killed")), None
            if (found := _outcome_word(o)) is not None:
                return found, None  # "the tally of the dead", "the number of wounded"
            if person_group(o) is None and o.lower_ not in _THOSE:
                continue
            for clause in (*o.children, *noun.children):  # "killed" may hang on "number"
                if clause.dep_ not in ("acl", "relcl", "amod"):
                    continue
                found = governing_outcome(clause)
                if found is not None and not found.hit and found.outcome in ("killed", "injured"):
                    return found, o  # "the number of civilians killed"
    return (Trigger("killed"), None) if lemma in TOLL_NOUNS else None


def _outcome_word(token: Token) -> Trigger | None:
    """ "the dead", "the wounded", "the injured": an outcome named by itself."""
    out = OUTCOME_ADJECTIVES.get(token.lower_)
    if out is None and token.pos_ == "NOUN":
        out = OUTCOME_NOUNS.get(token.lemma_.lower())
    return Trigger(out) if out in ("killed", "injured") else None


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


CUMULATIVE = re.compile(
    r"\b(toll|tally)\b.*\b(ris(?:e|en|es)|rose|climb(?:ed|s)?|reach(?:ed|es)?|increas(?:ed|es)|"
    r"jump(?:ed|s)?|grew|grown|mount(?:ed|s)?|stands?|stood|bringing|brings?|now)\b"
    r"|\b(bringing|brings?|raising|raises?)\b.*\b(toll|total)\b"
    r"|\b(total of|in total|so far|to date|overall|since (the start|the beginning"
    r"|(last )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday))"
    r"|between (monday|tuesday|wednesday|thursday|friday|saturday|sunday) and"
    r"|(after|in|over|during) (\w+ ){1,2}(days|weeks|months) of"
    r"|(over|in|during) the (past|last) (\w+ )?(days|weeks|months))\b",
    re.I,
)


def running_total(count: CountMention, noun: Token, text: str) -> bool:
    """The sentence adds the count up over time ("so far", "since Wednesday", "the toll
    rose to"), and the count is not the day's addition to it."""
    return bool(CUMULATIVE.search(text)) and not _increment(count, noun)


_MORE = frozenset({"more", "additional", "further", "another"})
_TOLL_WORD = re.compile(r"\b(toll|tally)\b", re.I)


def _increment(count: CountMention, noun: Token) -> bool:
    """ "With the death of one more person, the toll reached three": the day's addition
    to a toll in the same sentence is no running total ("eight more wounded over the past
    two days" still adds them up)."""
    doc = noun.doc
    if not _TOLL_WORD.search(noun.sent.text):
        return False
    after = doc[count.token_end] if count.token_end < len(doc) else None
    before = doc[count.token_start - 1] if count.token_start > 0 else None
    return (after is not None and after.lower_ in _MORE) or (
        before is not None and before.lower_ == "another"
    )
