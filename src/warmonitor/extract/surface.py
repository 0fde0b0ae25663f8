"""Counts the parse missed, read from the words in order: "5 suspected TTP militants killed".

The small model mis-parses headline-style sentences and initials between a number
and its noun ("6 TTP and LeI militants being killed", "One farmer shot dead by
militiamen", "1 soldier killed and 1 civilian wounded" after "resulting in").  When
the count pass (``claims``) finds no claim for a number, this pass reads the words
after it: modifiers, names and initials up to a person noun, then at most a few
auxiliaries ("were", "have been", "reportedly"), then an outcome word ("killed",
"dead", "shot dead", "gunned down", "beaten to death", "wounded").  An outcome verb
followed by its object ("six gunmen killed a farmer") is no claim: the count is the
agent's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from warmonitor.extract.outcomes import NOT_PEOPLE, Trigger, person_group

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Words that may stand between a number and its person noun.
_FILLER_POS = frozenset({"ADJ", "PROPN", "NOUN", "PUNCT"})
_FILLER_WORDS = frozenset(
    "and & suspected alleged armed unidentified unknown reported other more local".split()
)
_FILLER_PUNCT = frozenset({"-", "–", "(", ")", "[", "]", "/"})
_AUXILIARIES = frozenset(
    "was were have has had been being are is reportedly allegedly also all both later "
    "reported said believed confirmed".split()
)
_KILLED = frozenset(
    "killed dead murdered slain executed assassinated beheaded lynched massacred "
    "slaughtered died perished".split()
)
_INJURED = frozenset("injured wounded hurt".split())
# "shot dead", "hacked to death", "gunned down": a violent verb made fatal by what follows.
_VIOLENT = frozenset(
    "shot gunned hacked stabbed beaten burnt burned stoned bludgeoned clubbed lynched".split()
)
_MAX_FILLERS = 6
_MAX_AUXILIARIES = 3


@dataclass(frozen=True, slots=True)
class SurfaceReading:
    """A count's person noun and the outcome word after it."""

    noun: Token
    trigger: Trigger
    verb: Token


def read_after(number_end: int, sent: Span) -> SurfaceReading | None:
    """The victim noun and outcome read in order from the token after a count
    (``number_end``, a ``Doc`` index), or None when the words do not say one."""
    doc = sent.doc
    end = sent.end
    if number_end >= end:
        return None
    if (summary := _summary_after(number_end, end, doc)) is not None:
        return summary
    j = number_end
    noun: Token | None = None
    if doc[j].lower_ in ("dead", "killed") and doc[number_end - 1].pos_ == "NUM":
        noun = doc[number_end - 1]  # "left two dead behind": the number is the victims'
        return SurfaceReading(noun, Trigger("killed"), doc[j])
    while j < end and j - number_end < _MAX_FILLERS:
        t = doc[j]
        lower = t.lower_
        if lower in _AUXILIARIES or lower in _KILLED or lower in _INJURED or lower in _VIOLENT:
            break
        if t.pos_ == "PUNCT" and lower not in _FILLER_PUNCT:
            break
        if t.pos_ not in _FILLER_POS and lower not in _FILLER_WORDS:
            break
        noun = t if _person_noun(t) else None if t.pos_ in ("NOUN", "PROPN") else noun
        j += 1
    if noun is None or noun.i != j - 1:
        return None
    k = j
    while k < end and k - j < _MAX_AUXILIARIES and doc[k].lower_ in _AUXILIARIES:
        k += 1
    if k >= end:
        return None
    word = doc[k]
    trigger = _outcome_at(word, end)
    if trigger is None or _object_follows(word, trigger, end):
        return None
    return SurfaceReading(noun, trigger, word)


def _summary_after(start: int, end: int, doc: Doc) -> SurfaceReading | None:
    """ "Two reported deaths", "three more fatalities": the count of deaths itself."""
    k = start
    while k < end and k - start < 2 and doc[k].lower_ in _SUMMARY_MODIFIERS:
        k += 1
    if k < end and doc[k].lower_ in ("deaths", "fatalities", "death", "fatality"):
        return SurfaceReading(doc[k], Trigger("killed"), doc[k])
    return None


_SUMMARY_MODIFIERS = frozenset(
    "reported confirmed more other additional further new civilian military".split()
)
# A name counted ("2 Murle killed", "five Hezbollah killed") is a group's, never a place's.
_NOT_GROUPS = frozenset({"GPE", "LOC", "FAC", "DATE", "TIME", "CARDINAL", "MONEY", "QUANTITY"})


def _person_noun(token: Token) -> bool:
    lower = token.lower_
    if lower in NOT_PEOPLE or token.lemma_.lower() in NOT_PEOPLE:
        return False
    if token.pos_ == "PROPN" and person_group(token) is None:
        return token.ent_type_ not in _NOT_GROUPS and token.is_title
    return token.pos_ in ("NOUN", "PROPN") and person_group(token) is not None


def _outcome_at(word: Token, end: int) -> Trigger | None:
    doc = word.doc
    lower = word.lower_
    after = [doc[i].lower_ for i in range(word.i + 1, min(word.i + 3, end))]
    if lower in _VIOLENT:
        if after[:1] == ["dead"] or after[:2] == ["to", "death"]:
            return Trigger("killed")
        if lower == "gunned" and after[:1] == ["down"]:
            return Trigger("killed")
    if lower in _KILLED:
        return Trigger("killed")
    if lower in _INJURED:
        return Trigger("injured")
    return None


def _object_follows(word: Token, trigger: Trigger, end: int) -> bool:
    """ "six gunmen killed a farmer": an object after the verb makes the count its agent."""
    if word.lower_ in ("dead", "died", "perished"):
        return False
    doc = word.doc
    k = word.i + 1
    while k < end and doc[k].lower_ in ("dead", "to", "death", "down"):
        k += 1
    if k >= end:
        return False
    nxt = doc[k]
    if nxt.ent_type_ in ("DATE", "TIME"):
        return False
    return nxt.pos_ in ("DET", "NUM", "PRON", "NOUN", "PROPN") and trigger.outcome == "killed"
