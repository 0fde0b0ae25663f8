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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from warmonitor.extract.dates import DateMention
from warmonitor.extract.places import PlaceHit, place_in
from warmonitor.extract.quantities import CountMention, number_tokens_in
from warmonitor.records import Claim, Evidence, Outcome, Period, Source, VictimGroup

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

OUTCOME_VERBS: Mapping[str, Outcome] = MappingProxyType(
    {
        **dict.fromkeys(
            "kill die slay murder execute assassinate massacre behead slaughter perish "
            "lynch gun shoot_dead drown".split(),
            "killed",
        ),
        **dict.fromkeys("injure wound hurt maim".split(), "injured"),
        **dict.fromkeys("disappear".split(), "missing"),
        **dict.fromkeys("abduct kidnap snatch".split(), "abducted"),
        **dict.fromkeys("detain arrest capture jail imprison".split(), "detained"),
        **dict.fromkeys("displace uproot".split(), "displaced"),
    }
)
OUTCOME_ADJECTIVES: Mapping[str, Outcome] = MappingProxyType(
    {
        "dead": "killed",
        "killed": "killed",
        "injured": "injured",
        "wounded": "injured",
        "hurt": "injured",
        "missing": "missing",
        "abducted": "abducted",
        "kidnapped": "abducted",
        "detained": "detained",
        "arrested": "detained",
        "displaced": "displaced",
    }
)
OUTCOME_NOUNS: Mapping[str, Outcome] = MappingProxyType(
    {
        "death": "killed",
        "fatality": "killed",
        "body": "killed",
        "corpse": "killed",
        "dead": "killed",
        "injury": "injured",
        "abduction": "abducted",
        "kidnapping": "abducted",
        "arrest": "detained",
        "detention": "detained",
    }
)
TOLL_NOUNS = frozenset({"toll", "tally", "count"})

_CIVILIAN = (
    "civilian resident child children kid boy girl baby infant toddler woman women man men "
    "villager farmer worshipper worshiper student pupil journalist reporter aid worker "
    "doctor nurse medic paramedic patient passenger family relative neighbour neighbor "
    "shepherd fisherman teacher pilgrim refugee protester demonstrator mourner shopper "
    "teenager youth elderly pedestrian driver worker labourer laborer volunteer son daughter "
    "brother sister father mother husband wife cousin"
)
_STATE = (
    "soldier troop trooper police policeman policemen officer guard personnel serviceman "
    "servicemen gendarme conscript army military force forces security serviceperson recruit "
    "marine sailor airman pilot commando"
)
_ARMED = (
    "militant gunman gunmen fighter rebel insurgent jihadist militiaman militiamen militia "
    "attacker assailant extremist terrorist loyalist combatant bandit raider kidnapper "
    "mercenary paramilitary jihadi separatist"
)
_UNKNOWN = "people person individual other victim casualty body corpse dead"
VICTIM_WORDS: Mapping[str, VictimGroup] = MappingProxyType(
    {
        **dict.fromkeys(_CIVILIAN.split(), "civilians"),
        **dict.fromkeys(_STATE.split(), "state_forces"),
        **dict.fromkeys(_ARMED.split(), "armed_groups"),
        **dict.fromkeys(_UNKNOWN.split(), "unknown"),
    }
)
# "members of X", "some of the X": the group is X's.
_PARTITIVE = frozenset({"member", "members", "some", "of", "one", "dozens", "hundreds", "scores"})
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
    r"|\b(total of|in total|so far|to date|since the start|overall)\b",
    re.I,
)
VERIFIED = re.compile(
    r"\b(documented|verified|confirmed|recorded|been able to verify|corroborated)\b", re.I
)


@dataclass(frozen=True, slots=True)
class ClaimMention:
    """One figure found in one sentence, before attribution and places are added."""

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


def claims_in_sentence(sent: Span, *, foreign_country_words: frozenset[str]) -> list[ClaimMention]:
    """Every casualty figure stated in the sentence."""
    counts = list(number_tokens_in(sent, include_articles=True))
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
    return [m for m in found if m.count.token_start not in _subsets(found)]


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
    article = count.quantity.text.lower() in ("a", "an", "one")
    noun = _victim_noun(number)
    if noun is None:
        return None
    if article and noun.i != count.token_end and noun.head.i != number.i:
        return None  # "a civilian": the article must sit right before its noun
    outcome, verb, role = _outcome_for(noun, number)
    if outcome is None:
        return None
    if role == "agent":
        return None
    if _negated(verb) or _negated(noun):
        return None
    if _retracted(noun, sent):
        return None
    toll = role == "toll"
    group = _group_of(noun, foreign_words)
    if group is None:
        if article:
            return None
        group = "unknown"
    if toll:
        group = "total"
    label = _label(noun, count)
    of_whom, parts = _of_whom(noun, counts)
    text = sent.text
    return ClaimMention(
        count=count,
        outcome=outcome,
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
    )


def _victim_noun(number: Token) -> Token | None:
    """The word a number counts."""
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


def _through_partitive(noun: Token) -> Token:
    """ "five of their neighbours" -> neighbours; "members of the forces" -> forces."""
    if noun.lower_ in _PARTITIVE or noun.like_num or noun.pos_ == "NUM":
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects and objects[0].lower_ not in ("them", "whom", "those"):
                    return objects[0]
    return noun


def _outcome_for(noun: Token, number: Token) -> tuple[Outcome | None, Token | None, str]:
    """The outcome, the word stating it, and the victim's role: victim, agent or toll."""
    # "N dead", "N wounded soldiers", "civilians killed", "killed civilians"
    for child in (*noun.children, *number.children):
        if child.dep_ in ("amod", "acl", "relcl", "appos", "advmod", "conj"):
            outcome = _word_outcome(child)
            if outcome and child.dep_ != "conj":
                return outcome, child, "victim"
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
                return OUTCOME_NOUNS[prep.head.lemma_.lower()], prep.head, "victim"
            if prep.lower_ in ("to", "at") and _is_toll_verb(prep.head):
                return "killed", prep.head, "toll"
            if prep.lower_ in ("to", "at", "by") and prep.head.lemma_ in TOLL_NOUNS:
                return "killed", prep.head, "toll"
            if prep.lower_ in ("of", "in", "among", "to", "including"):
                word = prep.head
                if word.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
                    continue
            word = prep.head
            continue
        if dep == "attr" and _is_toll_verb(head):
            return "killed", head, "toll"
        outcome = _word_outcome(head)
        if outcome is not None:
            role = "victim"
            if (
                dep == "nsubj"
                and head.lemma_ not in ("die", "perish", "disappear")
                and head.pos_ == "VERB"
            ):
                role = "agent" if _has_object(head) or head.tag_ != "VBN" else "victim"
            if dep == "agent" or (dep == "pobj" and word.lower_ == "by"):
                role = "agent"
            return outcome, head, role
        if head.pos_ in ("VERB", "AUX") and dep in ("nsubj", "dobj", "nsubjpass", "attr"):
            # "N people lost their lives", "N were among the dead"
            if head.lemma_ == "lose" and any(c.lemma_ == "life" for c in head.children):
                return "killed", head, "victim"
            if head.lemma_ == "be":
                for child in head.children:
                    if child.dep_ in ("acomp", "attr") and (out := _word_outcome(child)):
                        return out, child, "victim"
            return None, head, "victim"
        word = head
    return None, None, "victim"


def _word_outcome(token: Token) -> Outcome | None:
    lemma = token.lemma_.lower()
    if token.pos_ in ("VERB", "AUX"):
        if lemma == "shoot" and any(c.lower_ == "dead" for c in token.children):
            return "killed"
        return OUTCOME_VERBS.get(lemma)
    if token.pos_ == "ADJ":
        return OUTCOME_ADJECTIVES.get(token.lower_) or OUTCOME_VERBS.get(lemma)
    if token.pos_ == "NOUN":
        return OUTCOME_NOUNS.get(lemma)
    return None


def _is_toll_verb(verb: Token) -> bool:
    return any(
        c.lemma_ in TOLL_NOUNS and c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in verb.children
    )


def _has_object(verb: Token) -> bool:
    return any(c.dep_ in ("dobj", "obj") for c in verb.children)


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


_DEMONYMS = {
    "SY": {"syrian"},
    "IQ": {"iraqi"},
    "UA": {"ukrainian"},
    "RU": {"russian"},
    "YE": {"yemeni"},
    "SD": {"sudanese"},
    "AF": {"afghan"},
    "IL": {"israeli"},
    "PS": {"palestinian"},
    "LB": {"lebanese"},
    "TR": {"turkish"},
}
_ALL_DEMONYMS = frozenset(
    {
        "russian",
        "turkish",
        "american",
        "us",
        "u.s.",
        "iranian",
        "israeli",
        "french",
        "british",
        "ukrainian",
        "syrian",
        "iraqi",
        "wagner",
    }
)


def foreign_words(country: str | None) -> frozenset[str]:
    own = _DEMONYMS.get(country or "", set())
    return frozenset(_ALL_DEMONYMS - own)


def merge_claims(
    mentions: list[tuple[ClaimMention, Source | None, str | None]],
    places: list[PlaceHit],
    dates: list[DateMention],
    outlet: Source | None,
    published: date | None,
) -> list[Claim]:
    """Claims with sources; the same figure said twice becomes one claim with two evidence items."""
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
        key = (claim.outcome, q.low, q.best, q.high, source.name if source else None)
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


def _mark_totals(claims: list[Claim]) -> list[Claim]:
    """An unknown-group figure at least as large as two or more group figures is the total."""
    out = []
    for claim in claims:
        if claim.victim_group == "unknown":
            groups = {
                c.victim_group: c.best or 0
                for c in claims
                if c.outcome == claim.outcome and c.victim_group not in ("unknown", "total")
            }
            if len(groups) >= 2 and (claim.best or 0) >= sum(groups.values()) * 0.9:
                claim = replace(claim, victim_group="total")
        out.append(claim)
    return out
