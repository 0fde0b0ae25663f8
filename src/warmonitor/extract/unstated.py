"""Casualties said to have happened without a number: ACLED's "unknown number" (10).

Read only under ``convention="acled"``: ACLED codes a report that says people were
killed, or that there were casualties, without any figure as 10 fatalities.  The
claim passes drop such a figure when the report gives any other for the outcome
(``quantities.is_unstated``), so it only stands when no number is given.

A loss noun ("casualties", "fatalities", "losses", and their common misspellings)
without a count says so when something affirms it:

* a verb that brings it about or states it ("caused casualties", "inflicted heavy
  losses", "sources confirmed casualties", "casualties were reported", "there have been
  some casualties"), with a word of amount ("heavy", "some", "many") or a causing verb,
  or with the report saying the figures are unknown ("exact numbers not known");
* "many fighters were killed" when the report says no figures were given.

"Casualties not known", "no casualties", "unknown if there were casualties" affirm
nothing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

LOSS_NOUNS = frozenset(
    "casualty casualties casuality casualities causality causalities fatality fatalities "
    "loss losses".split()
)
_AFFIRMING = frozenset(
    "cause inflict suffer sustain incur confirm report record result lead leave".split()
)
_CAUSING = frozenset({"cause", "inflict"})
_AMOUNT = frozenset({"heavy", "some", "many", "multiple", "numerous", "several", "serious"})
_MANY = frozenset({"many", "numerous"})
# "the exact figures are unknown", "numbers not known", "no numbers have been given".
NUMBERS_UNKNOWN = re.compile(
    r"\b(numbers?|figures?|toll)\b[^.;]{0,30}?\b(unknown|unclear|not (yet )?(been )?"
    r"(known|given|specified|established|available|clear|released|disclosed)"
    r"|yet to be (established|confirmed|determined|known))"
    r"|\bno (exact )?(numbers?|figures?) (have|has) been (given|released|provided)"
    r"|\bof (an )?unknown number\b",
    re.I,
)
_DOUBT = re.compile(r"\b(unknown|unclear|not known|not clear) (if|whether)\b|\bany\b", re.I)


def unstated_losses(sent: Span) -> list[Token]:
    """The loss nouns (or person nouns after "many") in ``sent`` that say people were
    killed without a number ("figures unknown" is looked for in the whole report)."""
    found: list[Token] = []
    unknown: bool | None = None
    for token in sent:
        lower = token.lower_
        if lower in LOSS_NOUNS and token.pos_ in ("NOUN", "PROPN", "VERB"):
            if _counted(token) or _denied(token, sent):
                continue
            governor = _affirming_governor(token)
            if governor is None:
                continue
            amount = any(c.lower_ in _AMOUNT for c in _modifiers(token))
            if not (amount or governor.lemma_.lower() in _CAUSING):
                if unknown is None:
                    unknown = NUMBERS_UNKNOWN.search(sent.doc.text) is not None
                if not unknown:
                    continue
            found.append(token)
        elif lower in _MANY and token.dep_ in ("amod", "det") and token.head.pos_ == "NOUN":
            if unknown is None:
                unknown = NUMBERS_UNKNOWN.search(sent.doc.text) is not None
            if unknown and _killed_verb(token.head):
                found.append(token.head)
    return found


def _modifiers(noun: Token) -> list[Token]:
    mods = [c for c in noun.children if c.dep_ in ("amod", "det", "compound")]
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
        holder = noun.head.head  # "heavy numbers of fatalities"
        mods += [c for c in holder.children if c.dep_ in ("amod", "det")]
    return mods


def _counted(noun: Token) -> bool:
    if any(c.dep_ == "nummod" or c.like_num for c in noun.children):
        return True
    if noun.dep_ == "pobj" and noun.head.lower_ == "of":
        holder = noun.head.head
        return holder.like_num or (holder.lower_ == "number" and _quantified(holder))
    return False


def _quantified(number: Token) -> bool:
    return any(c.lower_ in ("unknown", "unspecified", "undisclosed", "a") for c in number.children)


def _denied(noun: Token, sent: Span) -> bool:
    if any(c.lower_ in ("no", "not", "without") for c in noun.children):
        return True
    head = noun.head
    if any(c.dep_ == "neg" for c in head.children):
        return True
    return _DOUBT.search(sent.text) is not None


def _affirming_governor(noun: Token) -> Token | None:
    """The verb that affirms the losses: their verb up to two steps above, a participle
    on them ("casualties reported"), or "there were"."""
    for c in noun.children:
        if c.dep_ in ("acl", "amod", "relcl") and c.lemma_.lower() in _AFFIRMING:
            return c
    word = noun
    for _ in range(3):
        head = word.head
        if head is word:
            return None
        lemma = head.lemma_.lower()
        if head.pos_ in ("VERB", "AUX") and lemma in _AFFIRMING:
            return head
        if lemma == "be" and any(c.dep_ == "expl" for c in head.children):
            return head
        if head.pos_ in ("VERB", "AUX"):
            return None
        word = head
    return None


def _killed_verb(noun: Token) -> bool:
    head = noun.head
    if noun.dep_ in ("nsubjpass", "dobj") and head.lemma_.lower() in ("kill", "die"):
        return True
    return noun.dep_ == "nsubj" and head.lemma_.lower() == "die"
