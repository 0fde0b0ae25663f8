"""Which words state a casualty outcome, and which nouns name people.

Shared by the two claim passes (``claims``: a count and its victim noun;
``victims``: victims named without a count, "a policeman was shot dead", "he
died").  :func:`word_outcome` reads one token of the parse: a verb ("killed",
"shot dead", "was pronounced dead", "succumbed", "suffered fatal injuries"),
an adjective ("dead", "wounded") or a noun ("deaths", "injuries").

A gunshot that is not said to be fatal ("was shot in the leg") is a *hit*:
the person was hurt, and may be one of the dead counted elsewhere in the
report, so the claim merger reconciles hits with deaths.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from warmonitor.records import Outcome, VictimGroup

if TYPE_CHECKING:
    from spacy.tokens import Token

OUTCOME_VERBS: Mapping[str, Outcome] = MappingProxyType(
    {
        **dict.fromkeys(
            "kill die slay murder execute assassinate massacre behead slaughter perish "
            "lynch drown succumb decapitate neutralise neutralize".split(),
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
        "deceased": "killed",
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
# Nouns that are themselves the count of victims: "ten deaths", "4 fatalities".
SUMMARY_NOUNS = frozenset({"death", "fatality", "dead", "injury"})
TOLL_NOUNS = frozenset({"toll", "tally", "count"})

_CIVILIAN = (
    "civilian resident child children kid boy girl baby infant toddler woman women man men "
    "villager farmer worshipper worshiper student pupil journalist reporter aid worker "
    "doctor nurse medic paramedic patient passenger family relative neighbour neighbor "
    "shepherd fisherman teacher pilgrim refugee protester demonstrator mourner shopper "
    "teenager teen youth elderly pedestrian driver worker labourer laborer volunteer son "
    "daughter brother sister father mother husband wife cousin nephew niece uncle aunt "
    "grandfather grandmother grandson granddaughter boyfriend girlfriend friend bystander "
    "passerby businessman businesswoman trader merchant vendor shopkeeper elder cleric imam "
    "priest pastor nun monk headman councillor councilor lawyer judge politician activist "
    "blogger writer publisher contractor engineer employee staffer herder herdsman "
    "chief student cobbler tailor miner motorist cyclist rider customer clerk cashier "
    "homeowner tenant owner couple male female adult juvenile prisoner inmate detainee "
    "hostage national citizen local native migrant villager guest companion colleague "
    "partner schoolgirl schoolboy actress muezzin"
)
_STATE = (
    "soldier troop trooper police policeman policemen policewoman officer guard personnel "
    "serviceman servicemen gendarme conscript army military force forces security "
    "serviceperson recruit marine sailor airman pilot commando sergeant constable corporal "
    "lieutenant captain colonel jawan cop deputy inspector sub-inspector ranger"
)
_ARMED = (
    "militant gunman gunmen fighter rebel insurgent jihadist militiaman militiamen militia "
    "attacker assailant extremist terrorist loyalist combatant bandit raider kidnapper "
    "mercenary paramilitary jihadi separatist infiltrator gangster robber"
)
_UNKNOWN = (
    "people person individual other victim casualty body corpse dead someone suspect "
    "shooter leader member official commander fugitive minister director governor mayor "
    "chairman secretary president head deceased informant candidate chairperson "
    "chairwoman agent adolescent cadre thief sarpanch supporter follower"
)
VICTIM_WORDS: Mapping[str, VictimGroup] = MappingProxyType(
    {
        **dict.fromkeys(_UNKNOWN.split(), "unknown"),
        **dict.fromkeys(_CIVILIAN.split(), "civilians"),
        **dict.fromkeys(_STATE.split(), "state_forces"),
        **dict.fromkeys(_ARMED.split(), "armed_groups"),
    }
)
# Never people, whatever verb governs them: animals, things, abstractions.
NOT_PEOPLE = frozenset(
    "cow cattle goat sheep camel donkey dog cat horse livestock animal bird coyote deer bear "
    "process deal plan bill hope engine light fire car vehicle house home building town "
    "village city area road crop field time idea project motion talk lot power water "
    "center centre order border motor tractor computer number quarter letter matter "
    "corridor sector river shelter theater theatre error station post camp base checkpoint "
    "convoy encounter operation event incident clash attack shop store market school church "
    "mosque office position hideout truck bus boat hut tent round shot bullet shell rocket "
    "mortar bomb grenade mine device drone missile report statement".split()
)

_VIOLENT = frozenset(
    "shoot gun stab hack beat burn chop club stone bludgeon strangle hang slash torture "
    "crush batter knife machete axe gun_down run".split()
)
_INJURING = frozenset("stab hack slash torture beat batter".split())
_FATAL_WORDS = frozenset({"dead", "deceased", "fatally", "mortally", "lifeless"})
_DEATH_OPRD = frozenset(
    "pronounce declare find confirm report fear presume believe leave discover announce".split()
)
_SUFFER = frozenset({"suffer", "sustain", "receive", "have", "incur"})
_HARM_NOUNS = frozenset({"injury", "wound", "burn", "gunshot", "bullet", "laceration"})
_FATAL_ADJS = frozenset({"fatal", "mortal", "deadly", "lethal", "critical"})
# Verbs whose subject is the victim: "three people died", "he succumbed".
SUBJECT_VICTIM = frozenset(
    {"die", "perish", "disappear", "succumb", "pass", "suffer", "sustain", "receive", "lose"}
    | {"have", "incur"}
)


@dataclass(frozen=True, slots=True)
class Trigger:
    """The outcome a word states; ``hit`` marks a gunshot not said to be fatal."""

    outcome: Outcome
    hit: bool = False


def word_outcome(token: Token) -> Trigger | None:
    """The outcome ``token`` states, or None."""
    lemma = token.lemma_.lower()
    pos = token.pos_
    if pos in ("VERB", "AUX"):
        return _verb_outcome(token, lemma)
    if pos == "ADJ":
        out = OUTCOME_ADJECTIVES.get(token.lower_) or OUTCOME_VERBS.get(lemma)
        return Trigger(out) if out else None
    if pos == "NOUN":
        out = OUTCOME_NOUNS.get(lemma)
        if out is None and _wounded_state(token):
            return Trigger("injured", hit=True)
        return Trigger(out) if out else None
    return None


_WOUND_MODIFIERS = frozenset({"gunshot", "bullet", "gun", "stab", "knife", "shotgun"})
_CONDITIONS = frozenset({"critical", "serious", "stable", "fair", "grave", "life-threatening"})
_TO_HOSPITAL = frozenset({"take", "rush", "transport", "send", "airlift", "fly", "carry", "drive"})


def _wounded_state(noun: Token) -> bool:
    """ "found with a gunshot wound", "suffering from a gunshot wound", "in critical
    condition": hurt, and maybe among the dead counted elsewhere (a hit)."""
    lemma = noun.lemma_.lower()
    prep = noun.head if noun.dep_ == "pobj" else None
    mods = {c.lower_ for c in noun.children if c.dep_ in ("amod", "compound")}
    if lemma in ("wound", "wounds") and prep is not None and prep.lower_ in ("with", "from"):
        return bool(mods & _WOUND_MODIFIERS)
    if lemma == "condition" and prep is not None and prep.lower_ == "in":
        return bool(mods & _CONDITIONS)
    return False


def _to_hospital(verb: Token) -> bool:
    """ "was taken to a hospital", "sent one man to the hospital"."""
    return any(
        c.dep_ == "prep"
        and c.lower_ == "to"
        and any(o.lemma_.lower() in ("hospital", "trauma") for o in c.children)
        for c in verb.children
    )


def _verb_outcome(verb: Token, lemma: str) -> Trigger | None:
    if lemma not in _NOT_DYING and _to_death(verb):
        return Trigger("killed")  # "hacked to death", "beaten to death"
    if lemma in _VIOLENT or lemma in ("strike", "hit"):
        if is_fatal(verb) or (lemma == "gun" and any(c.lower_ == "down" for c in verb.children)):
            return Trigger("killed")
        for c in verb.children:
            if c.dep_ == "conj" and c.pos_ == "VERB" and not _own_subject(c):
                conj = OUTCOME_VERBS.get(c.lemma_.lower())
                if conj in ("killed", "injured"):
                    return Trigger(conj)
        if lemma in ("shoot", "gun"):
            if _shot_at(verb):
                return None
            return Trigger("injured", hit=True)
        if lemma in ("strike", "hit"):
            return Trigger("injured", hit=True) if _by_gunfire(verb) else None
        if lemma in _INJURING:
            return Trigger("injured")
        return None
    if lemma == "hospitalize" or (lemma in _TO_HOSPITAL and _to_hospital(verb)):
        return Trigger("injured", hit=True)
    if lemma == "pass" and any(c.lower_ == "away" for c in verb.children):
        return Trigger("killed")
    if lemma in _DEATH_OPRD:
        for c in verb.children:
            if c.dep_ in ("oprd", "acomp", "xcomp", "ccomp", "advmod", "dobj", "attr"):
                out = OUTCOME_ADJECTIVES.get(c.lower_)
                if out in ("killed", "injured"):
                    return Trigger(out)
        return None
    if lemma in _SUFFER:
        return _suffered(verb)
    if lemma == "lose" and any(c.lemma_ == "life" for c in verb.children):
        return Trigger("killed")
    out = OUTCOME_VERBS.get(lemma)
    if out is None or lemma == "pass":
        return None
    return Trigger(out)


# "sentenced to death", "threatened with death": nobody died.
_NOT_DYING = frozenset("sentence condemn threaten scare bore frighten".split())


def _to_death(verb: Token) -> bool:
    """ "beaten to death"; also "stoned a suspect to death", where the parser may hang
    "to death" on the object."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    return any(
        c.dep_ == "prep" and c.lower_ == "to" and any(o.lemma_ == "death" for o in c.children)
        for w in (verb, *objects)
        for c in w.children
    )


def is_fatal(verb: Token) -> bool:
    """ "shot dead", "fatally shot", "stabbed to death", "shot two men dead"."""
    for c in verb.children:
        if c.lower_ in _FATAL_WORDS and c.dep_ != "conj":
            return True
        if c.dep_ == "prep" and c.lower_ == "to" and any(o.lemma_ == "death" for o in c.children):
            return True
        if c.dep_ == "dobj" and _to_death(verb):
            return True
        if c.dep_ == "dobj" and any(
            g.lower_ == "dead" and g.dep_ in ("amod", "oprd") for g in c.children
        ):
            return True
    return False


def _shot_at(verb: Token) -> bool:
    """ "fired shots", "shot at a patrol": nobody is said to be hit."""
    deps = {c.dep_ for c in verb.children}
    if deps & {"dobj", "nsubjpass"}:
        return False
    return any(c.dep_ == "prep" and c.lower_ == "at" for c in verb.children) or not (
        deps & {"nsubj", "auxpass"}
    )


def _by_gunfire(verb: Token) -> bool:
    for c in verb.children:
        if c.dep_ not in ("agent", "prep") or c.lower_ != "by":
            continue
        if any(o.lemma_ in ("bullet", "gunfire", "round", "shot") for o in c.children):
            return True
    return False


def _suffered(verb: Token) -> Trigger | None:
    """ "suffered fatal injuries", "suffered from fatal gunshots", "sustained burns"."""
    harmed = [c for c in verb.children if c.dep_ == "dobj"] + [
        o
        for p in verb.children
        if p.dep_ == "prep" and p.lower_ == "from"
        for o in p.children
        if o.dep_ == "pobj"
    ]
    for c in harmed:
        if c.lemma_.lower() not in _HARM_NOUNS and c.lower_ not in ("gunshots", "wounds"):
            continue
        mods = {g.lower_ for g in c.children if g.dep_ in ("amod", "compound")}
        if mods & {"fatal", "mortal", "deadly", "lethal"}:
            return Trigger("killed")
        gunshot = c.lemma_ in ("gunshot", "bullet") or bool(mods & {"gunshot", "bullet"})
        return Trigger("injured", hit=gunshot)
    return None


def _own_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def person_group(token: Token) -> VictimGroup | None:
    """The group a person noun belongs to; None when it does not name a person."""
    lemma = token.lemma_.lower()
    if lemma in NOT_PEOPLE or token.lower_ in NOT_PEOPLE:
        return None
    group = VICTIM_WORDS.get(lemma) or VICTIM_WORDS.get(token.lower_)
    if group is not None:
        return group
    if (first := _hyphen_head(token)) is not None:
        return person_group(first)  # "councillor-elect", "soldier-turned-rebel"
    if token.lower_ == "old" or token.lower_.endswith("-old"):
        return "unknown"  # "the 16-year-old"
    if token.pos_ == "NOUN" and lemma.endswith(_PERSON_SUFFIXES) and len(lemma) > 4:
        return "unknown"  # "a livestock breeder", "a contractor", "a secular blogger"
    return None


_PERSON_SUFFIXES = ("er", "or", "ist", "ian", "man", "ant", "ee", "ive")


def _hyphen_head(token: Token) -> Token | None:
    """The first word of a hyphenated noun ("councillor" in "councillor-elect")."""
    i = token.i
    doc = token.doc
    if i < 2 or doc[i - 1].text != "-" or doc[i - 1].whitespace_ or doc[i - 2].whitespace_:
        return None
    first = doc[i - 2]
    while first.i >= 2 and doc[first.i - 1].text == "-" and not doc[first.i - 2].whitespace_:
        first = doc[first.i - 2]
    return first if first.pos_ in ("NOUN", "PROPN") else None


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


# Words of a protest, and the links by which a protest names the death behind it:
# "protested after a driver was killed", "a rally over the death of", "relatives of a
# youth who was killed blocked the road", "demanded a probe into the killing of two".
_PROTEST_WORDS = frozenset(
    "protest demonstrate demonstration rally riot march blockade block picket strike "
    "sit-in agitate agitation mourn vigil gathering gather demand probe inquiry mob "
    "investigation compensation justice chant".split()
)
_CAUSE_LINKS = frozenset(
    "after following against over into for about of demanding condemning protesting "
    "since because upon".split()
)
# Not "condemn", "denounce": a party that condemns "the attack that left one person dead"
# reacts to the reported killing itself.
# "paid tribute to", "paid their respects to" the dead of an earlier event.
_TRIBUTES = frozenset({"tribute", "respect", "respects", "homage"})
# "attacked the village in retaliation for the killing of": the death came first.
_CAUSE_NOUNS = frozenset("retaliation revenge reprisal reprisals".split())
# "the death of an inmate sparked protests": the death is what set the event off.
_CAUSE_VERBS = frozenset("trigger spark prompt provoke".split())
# Bodies a protest carries or lays out are not the protest's dead.
_BODY_FOUND = frozenset("find recover discover retrieve exhume dump".split())


def protest_cause(start: Token) -> bool:
    """The death that a protest is about: it belongs to an earlier event, not the protest's.

    From the outcome word up the parse: a link word ("after", "over", "of", ...; also a
    clause's own "after" mark) and then, above it, a protest word (or a verb whose object
    is one: "staged a protest") or a word of revenge ("in retaliation for").  A death that
    is the object of a protest verb ("protested the killing of") or the subject of a verb
    of setting off ("the death of a prisoner sparked riots") is a cause too, and so are
    bodies that a protest carries ("placed a body on the road in protest")."""
    if _protest_body(start):
        return True
    path = [start, *start.ancestors]
    linked = False
    for k, word in enumerate(path):
        if k > 0:
            below = path[k - 1]
            lemma = word.lemma_.lower()
            if below.dep_ == "dobj" and word.pos_ == "VERB" and _is_protest(word):
                return True
            if below.dep_ == "dobj" and lemma in _REACTIONS and _in_protest(word):
                return True  # "staged a protest to denounce the death of a colleague"
            if below.dep_ in ("nsubj", "nsubjpass") and lemma in _CAUSE_VERBS:
                return True
            if word.lower_ == "to" and _tribute(word.head):
                return True  # "paid tribute to a youth who was stabbed to death"
            if linked and _is_protest(word):
                return True  # "protesting ... after he was killed"
            if word.lower_ in _CAUSE_LINKS:
                linked = True
                continue
            if linked and (
                lemma in _CAUSE_NOUNS
                or _is_protest(word)
                or any(
                    c.dep_ in ("dobj", "nsubj", "nsubjpass", "advcl", "xcomp") and _is_protest(c)
                    for c in word.children
                )
            ):
                return True
        # "after a driver was killed": a killing; "after a driver died" stays a claim
        # (it may be a death in custody that the report is about).
        if start.lemma_ != "die" and any(
            c.dep_ == "mark" and c.lower_ in _CAUSE_LINKS for c in word.children
        ):
            linked = True
    return False


_REACTIONS = frozenset({"condemn", "denounce"})


def _tribute(word: Token) -> bool:
    return word.lemma_.lower() in _TRIBUTES or any(
        c.dep_ == "dobj" and c.lemma_.lower() in _TRIBUTES for c in word.children
    )


def _in_protest(word: Token) -> bool:
    """A condemnation voiced by a protest: a protest word above it, or as its subject."""
    for a in (word, *word.ancestors):
        if a is not word and _is_protest(a):
            return True
        if any(c.dep_ in ("dobj", "nsubj") and _is_protest(c) for c in a.children):
            return True
    return False


def _protest_body(start: Token) -> bool:
    if start.lemma_.lower() not in ("body", "corpse") or start.dep_ != "dobj":
        return False
    if start.head.lemma_.lower() in _BODY_FOUND:
        return False
    return any(_is_protest(t) for t in start.sent if t.i != start.i)


def _is_protest(word: Token) -> bool:
    lemma = word.lemma_.lower()
    return lemma in _PROTEST_WORDS or lemma.startswith(("protest", "demonstrat", "rioter"))
