"""Sentence -> ACLED event type and sub-event type, by cue words and who does what to whom.

Rules and word lists written by the warmonitor developers from ACLED's public
codebook (CODEBOOKS.md); nothing here is derived from ACLED data.  The rules
follow the codebook's conventions:

* Battles need two organised armed sides: fighting words, or an attack whose
  target is armed (soldiers, police, a base, positions).  Small-arms fire
  alongside heavy weapons is still a battle.
* Explosions/Remote violence: the attacker is not present (air strikes,
  shelling, mines and bombs, thrown grenades), whoever dies.
* Violence against civilians: an armed (or unknown) attacker and an unarmed
  victim; abduction and sexual violence are their own sub-events.
* Protests and Riots: demonstrators who stay peaceful (with or without
  intervention, or met with lethal force) or turn violent; mob violence is
  violence by an unorganised crowd, or a fight between unarmed groups.
* Strategic developments: arrests, looting and property destruction, seized
  and defused weapons, agreements, bases, changes to armed groups, others.

:func:`classify` returns the first rule that fires, in the order of
:data:`RULES`; each rule is a small function over a :class:`Cues` view of
the sentence (its text, a window of the next sentences, and its parse).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

BATTLES = "Battles"
VAC = "Violence against civilians"
REMOTE = "Explosions/Remote violence"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


# -- cue lexicons --------------------------------------------------------------------------

CHEMICAL = _re(
    r"\b(chemical (weapon|attack|agent)s?|chlorine|sarin|nerve agent|toxic gas|poison gas"
    r"|gas attack"
    r"|releas\w+ (a |an )?(\w+ ){0,2}gas)\b"
)
SUICIDE = _re(r"\bsuicide (bomb\w*|attack\w*|car bomb|vest|blast)|\bself-immolat\w*\b")
AIR = _re(
    r"\b(air ?strikes?|air ?raids?|aerial (bombardment|attack|strike)s?|drone (strike|attack)s?"
    r"|(war|fighter |military )?(planes?|jets?|aircraft|helicopters?|gunships?) "
    r"(bombed|struck|hit|fired|attacked|dropped|targeted)|dropped bombs?|barrel bombs?"
    r"|guided bombs?|glide bombs?|bombed from the air|(kamikaze |attack |armed |suicide )?drones?"
    r"|UAVs?|airstrikes?|bombing raids?|warplanes?)\b"
)
SHELLING = _re(
    r"\b(shell(ing|ed|s)?|artillery|mortars?|rockets?|missiles?|bombard\w*|projectiles?"
    r"|explosions?|grenade launchers?|howitzers?|MLRS|multiple rocket|heavy weapons"
    r"|heavy machine ?guns?|IFVs?|BMPs?|tank (fire|rounds?)|anti-tank|AGLs?|katyusha)\b"
)
IED = _re(
    r"\b(IEDs?|RCIEDs?|VBIEDs?|improvised explosive|roadside bombs?|land ?mines?|mines?"
    r"|car bombs?|explosive devices?|explosives?|booby.trap\w*|bombs?|blasts?|detonat\w+"
    r"|bombing|sticky bombs?|magnetic bombs?)\b"
)
GRENADE = _re(
    r"\b(hand grenades?|grenades? (was |were )?(thrown|hurled|lobbed|tossed)"
    r"|(threw|hurled|lobbed|tossed) (a |an |two |several )?(hand )?grenades?"
    r"|grenade attacks?|grenades?)\b(?! launcher)"
)
SMALL_ARMS = _re(
    r"\b(small arms|shots|gunfire|gunshots|sniper|exchang\w+ (of )?(gun)?fire|firefights?"
    r"|gun ?fights?|gun ?battles?|shoot-?outs?|clash\w*|fighting|repelled)\b"
)
CLASH = _re(
    r"\b(clash(ed|es)?|fighting|fought|battles?|battled|firefights?|gun ?fights?|gun ?battles?"
    r"|shoot-?outs?|exchang\w+ (of )?(gun)?fire|exchanged (heavy )?(gun)?fire|skirmish\w*"
    r"|ambush\w*|repel+\w*|engaged|counter-?attack\w*|offensive|hostilities|crossfire"
    r"|military operations?|security operations?|(joint |military |security )?operation against"
    r"|raided|raid on|stormed|overran|fired (\w+ ){0,4}(on|at) (the )?positions"
    r"|attack\w* (on|against) (the )?\w*\s?(base|post|positions?"
    r"|checkpoint|camp|barracks|convoy|patrol))\b"
)
PROTEST = _re(
    r"\b(protest\w*|demonstrat(ed|ion|ions|ors?|ing)|demostrat\w+|demosntrat\w+|rall(y|ies|ied)"
    r"|sit-?ins?|march(ed|es)?|marching|picket\w*|dharna|gherao|hartal|strike action"
    r"|(went|go|going|are|were) on (a )?(hunger )?strike|hunger strike|strik(e|ing) workers"
    r"|took to the streets|staged a|motorcade|caravan|pot-?banging|cacerolazo"
    r"|gathered (\w+ ){0,8}(to|and) (demand|protest|denounce|condemn|call|mark|express|oppose"
    r"|commemorate|support|reject|demonstrate|voice)|vigil|petition(ed)?|boycott\w*"
    r"|blocked (a |the |\w+ )?(road|roads|highway|street|streets|traffic|entrance))\b"
)
RIOT_ACTS = _re(
    r"\b((pelt|threw|throw|hurl)\w* (a |an )?(\w+ )?(stones?|rocks|bricks|bottles|molotov"
    r"|petrol bombs|objects)"
    r"|stone[- ]?pelting|(lit|light\w*|set fire to|set on fire) (\w+ )?(tyres|tires|barricades)"
    r"|barricad\w* (\w+ ){0,5}with (burning|bonfires|fire)|burning (objects|barricades)|burn(ed|t"
    r"|ing)? (\w+ )?(tyres|tires)|bonfires|set (\w+ ){0,3}(on fire|ablaze"
    r"|alight)|set fire|torch(ed|ing)|vandali[sz]\w*|rampag\w*|riot(ed|ing|s|ers)?|violent"
    r"|ransack\w*|smash\w*|clash(ed|es)? with (the )?(\w+ )?(police|security|officers|soldiers"
    r"|troops"
    r"|gendarm\w*|guards|task force|personnel)|(tires|tyres) (\w+ ){0,3}on fire"
    r"|(attack|assault|beat)\w* (\w+ ){0,3}(police|officers|policem[ae]n|station|journalists?"
    r"|task force"
    r"|security|guards)"
    r"|brawl|scuffle|stormed|broke into|damag\w+|destroy\w*|loot\w*)\b"
)
RIOT_WORDS = _re(r"\b(riot(ed|ing|s)?|rioters|mob|mobs|lynch\w*|vigilantes?|jungle justice)\b")
INTERVENTION = _re(
    r"\b(dispers\w+|tear ?gas|teargas|water cannons?|rubber bullets|batons?|broke up|intervened"
    r"|blocked the path|beat(en)? (up )?(the )?(protesters|demonstrators)|pepper spray"
    r"|stun grenades?|(police|forces|authorities|officers|soldiers) (\w+ ){0,3}(prevented|stopped"
    r"|blocked|removed|evicted|arrested|detained)|(protesters|demonstrators|participants"
    r"|organi[sz]ers"
    r"|activists|people|persons|them|leaders|\d+|of them) (\w+ ){0,3}(were |was )?(arrested"
    r"|detained)"
    r"|(arrest|detain)\w* (\w+ ){0,4}(protesters|demonstrators|participants|organi[sz]ers|activists"
    r"|people|persons|them|leaders|protestors))\b"
)
RIOT_STANDALONE = _re(
    r"\b((pelt|threw|throw|hurl)\w* (a |an )?(\w+ )?(stones?|rocks|bricks|bottles|molotov"
    r"|petrol bombs)"
    r"|stone[- ]?pelting|burn(ed|t|ing)? (\w+ )?(tyres|tires)|(lit|light\w*"
    r"|set fire to) (\w+ )?(tyres"
    r"|tires|barricades)|barricad\w* (\w+ ){0,5}with (burning|bonfires|fire)|burning (objects"
    r"|barricades)|(set|built) (\w+ ){0,3}barricades (\w+ ){0,2}on fire|rioted|rioting)\b"
)
DEMAND = _re(
    r"\b(demand\w*|to protest|in protest|protesting|against|denounc\w*|reject\w*|decr(y|ied)"
    r"|call(ed|ing)? for|condemn\w*|in reaction to|in response to|over the (death|killing"
    r"|arrest))\b"
)
EXCESSIVE = _re(
    r"\b((shot|killed|opened fire (on|at)|fired (live ammunition |live rounds )?(on|at|into)"
    r"|gunned down) (\w+ ){0,4}(protesters|demonstrators|protestors|marchers)"
    r"|(protesters|demonstrators|protestors) (\w+ ){0,3}(were |was )?(shot|killed|shot dead)"
    r"|live (ammunition|rounds|fire))\b"
)
SEXUAL = _re(
    r"\b(rap(e|ed|es|ing)|sexual(ly)? (violence|assault\w*|abuse\w*|harass\w*)|gang-?rap\w*)\b"
)
ABDUCTION = _re(
    r"\b(abduct\w*|kidnap\w*|forced(ly)? disappear\w*|taken hostage|held hostage|hostages?"
    r"|taken captive|seized (\w+ ){0,2}(hostage|captive))\b"
)
REGAIN = _re(
    r"\b(recaptur\w+|re-captur\w+|retook|retake|retaken|regain\w*|took back|wrested back"
    r"|recovered territory|liberat(ed|ion of)|reclaimed|back under (government |state )?control)\b"
)
OVERTAKE = _re(
    r"\b(seiz\w+|captur\w+|overran|overrun|took (full )?control|taken control|fell to"
    r"|took over|taken over|gained control)\b(?! (of )?(\w+ ){0,3}(weapons|arms|ammunition"
    r"|drugs|marijuana|cocaine|livestock|cattle|goods|vehicles?|boats?))"
)
TERRITORY = _re(
    r"\b(town|city|village|district|base|area|province|neighbou?rhood|locality|hill|territory"
    r"|stronghold|positions?|camp|region|county|border crossing|airport|port|headquarters)\b"
)
DISRUPTED = _re(
    r"\b((defus|dismantl|disarm|neutrali[sz]|intercept|downed|disabl)\w* (\w+ ){0,5}(drones?"
    r"|missiles?|rockets?|bombs?|IEDs?|explosives?|devices?|mines?|UAVs?)|(shot|shoot(ing)?) down"
    r"|(recover|seiz|confiscat|found|discover|uncover|unearth)\w* (\w+ ){0,8}(weapons|arms|guns"
    r"|rifles?|ammunition|explosives?|IEDs?|grenades?|bombs?|mortar shells|cache|munitions"
    r"|arsenal|pistols?|detonators?)|exploded prematurely|prematurely (exploded|detonated)"
    r"|accidental(ly)? (explosion|detonat\w+)|(IEDs?|explosives?|bombs?|mines?|landmines?|devices?)"
    r" (\w+ ){0,4}(was|were) (found|recovered|discovered|defused|seized)|defus\w+"
    r"|diffus\w+ (\w+ ){0,2}"
    r"(IEDs?|bombs?|mines?|explosives?|devices?)|safely detonated|controlled explosion)\b"
)
ARREST = _re(r"\b(arrest\w*|detain\w*|round(ed)? up|apprehend\w*|took into custody|custody)\b")
LOOTING = _re(
    r"\b(loot\w*|pillag\w*|ransack\w*|plunder\w*|rustl\w*|stole|stolen|steal\w*|robb\w*"
    r"|seiz\w+ (\w+ ){0,5}(livestock|cattle|oxen|goats|sheep|goods|property|crops|boats?"
    r"|vehicles?|trucks?|motorbikes?|marijuana|drugs|cocaine|land)|extort\w*"
    r"|(destroy|demolish|burn|torch|vandali[sz]|raze|bulldoz|damag|smash)\w* (\w+ ){0,4}"
    r"(houses?|homes?|shops?|property|properties|buildings?|huts?|vehicles?|cars?|crops|school"
    r"|church|mosque|offices?|market|stall|mast|tower|bridge|plants)"
    r"|set (\w+ ){0,3}(on fire|ablaze|alight)|arson\w*|torched|burn(ed|t) down|found and destroyed"
    r"|property destruction|(marijuana|cannabis|coca|drugs?|cocaine) (\w+ ){0,3}(seiz|destroy"
    r"|erradicat)\w*)\b"
)
AGREEMENT = _re(
    r"\b(agreement|agreed (to|on|upon)|ceasefire|cease-fire|truce|peace (deal|accord|talks)"
    r"|signed (a |an )?(deal|accord|pact|memorandum)|accord|surrender\w*|handed in (their )?weapons"
    r"|prisoner (swap|exchange)|deal to)\b"
)
BASE = _re(
    r"\b(set up|established|opened|installed|built|setting up|establishing|erected) (a |an |the )?"
    r"(new |temporary |military |permanent |forward |joint |\w+ )?(base|headquarters|checkpoints?"
    r"|outposts?|camp|command post|garrison|position)\b"
)
TRANSFER = _re(
    r"\b(handed over|hand over|handover|withdr(ew|awn|awal) from|pulled out of|retreated from"
    r"|took control (\w+ ){0,6}without (a )?(fight|resistance|clash)|redeployed|vacated|evacuated"
    r" (the |their )?(base|positions?))\b"
)
CHANGE = _re(
    r"\b(defect\w*|merg(ed|er|ing)|announced (the )?(formation|creation)|formed (a |an )?(new )?"
    r"(\w+ ){0,3}(group|force|militia|alliance|coalition|patrol|unit|battalion)|dissolv\w*"
    r"|disband\w*|new (leader|commander|chief)|reorgani[sz]\w*|restructur\w*|joined (the )?"
    r"(\w+ ){0,3}(militants|rebels|group|insurgents|Taliban|ranks)|took up arms|rebrand\w*"
    r"|renamed|deliver\w* (food|aid|boxes)|recruit\w*|appointed (a )?new|split from|splinter)\b"
)
OTHER_SD = _re(
    r"\b(curfew|state of emergency|displac\w+|fled|evacuat\w+|released|deployed|deployment"
    r"|lockdown|banned|ban on|suspended|imposed|training|exercises|patrol(led|s)?|threat\w*"
    r"|warned|convoy|arrived|returned|reinforcements|mobili[sz]\w*|parade)\b"
)
ATTACK = _re(
    r"\b(kill(ed|ing|s)?|shot|shoot\w*|gunned down|attack(ed|s|ing)?|assault\w*|beat(en|ing)?"
    r"|stabb\w*|hack(ed)? to death|murder\w*|execut(ed|ion|ions)|assassinat\w+|massacre\w*"
    r"|slaughter\w*|lynch\w*|torture\w*|burn(ed|t) (alive|to death)|opened fire|fired (on|at|upon)"
    r"|injur(ed|ing)|wound(ed|ing)|drive-?by|stormed|ambush\w*|targeted|body (was |were )?found"
    r"|bod(y|ies) of|found dead|corpses?|dead bod(y|ies)|mutilat\w*|dismember\w*|strangl\w*"
    r"|machete|whipp\w*|flogg\w*|raided|invaded)\b"
)
DEATH = _re(r"\b(died|dead|death|deaths|fatalit\w+|killed|casualt\w+|wounded|injured)\b")

# Who: head nouns (with their modifiers) by kind.
ARMED = _re(
    r"\b(soldiers?|troops?|army|armies|military|militar(y|ies)|police\w*|policem[ae]n|officers?"
    r"|gendarm\w*|guards?|forces?|militants?|rebels?|insurgents?|fighters?|militia\w*"
    r"|jihadists?|gunm[ae]n|combatants?|personnel|patrols?|convoys?|bases?|checkpoints?"
    r"|check points?|posts?|positions?|outposts?|barracks|units?|battalions?|brigades?"
    r"|commanders?|terrorists?|bandits?|traffickers?|gangs?|gangsters?|cartels?|criminals?"
    r"|assailants?|attackers?|armed|loyalists|pirates?|mercenar\w+|paramilitar\w+|cadres"
    r"|operatives?"
    r"|dissidents|hitm[ae]n|sicarios?|jawans?|constables?|sentr(y|ies)|garrison|detachment"
    r"|Taliban|Shabaab|Boko Haram|ISWAP|JNIM|ISGS|ISIS|ISIL|Daesh|NPA|ADF|M23|RSF|SAF|FARDC"
    r"|FAMa|VDP|FARC|ELN|PKK|KNU|CJNG|Wagner|Houthis?|Hezbollah|Hamas|IDF|ANDSF|SDF"
    r"|Imbonerakure|Mai-?Mai|Mayi-?Mayi|CODECO|Maoists?|Naxal\w*|cultists?|vigilantes?|CRPF"
    r"|BSF|Amhara Fano|Fano|OLA|TPLF|EPP|CV|PCC|TCP|UPDF|SNA|ATMIS|AMISOM|MINUSMA|MONUSCO|Barkhane"
    r"|ANA|ANP|PNP|FACA|FDS|SSPDF|SPLA|SPLM-IO|ENDF|JTF|NSAG|ISKP|ISWAP|drug dealers?|ARSA|AA|KIA"
    r"|TNLA"
    r"|PDF|MNDAA|Tatmadaw)\b"
)
NOT_ARMED = _re(
    r"\b(former|ex-|retired|off-duty|civilians?|displacement|IDPs?|refugee|relatives?|family"
    r"|wife|son|daughter|children|prison(ers?)?|inmates?|detainees?)\b"
)
UNARMED_GROUP = _re(
    r"\b(mobs?|crowds?|locals|residents|villagers|community|communities|youths?|students"
    r"|supporters|workers|activists|party members|members of (the )?\w+ (party|community|family)"
    r"|relatives|families|group of (people|men|women|persons|individuals|locals|youths)"
    r"|inhabitants|neighbou?rs|people|traders|employees|staff|young men|group of (\w+ ){0,2}(people"
    r"|men|women|persons|individuals|locals|youths|residents)|members of (\w+ ){0,2}(communit\w+"
    r"|famil\w+|parties|party)|vendors|fishermen|farmers|herders|prisoners"
    r"|inmates|clans?|tribes?(men)?|partisans|followers|fans|drivers|passengers|migrants"
    r"|laboure?rs|sympathi[sz]ers|cadres|factions?|groups)\b|\b(?-i:AL|BNP|BJP|TMC|CPI|INC|CNL|APC"
    r"|PDP)\b"
)
PROTESTERS = _re(r"\b(protesters|protestors|demonstrators|marchers|protesting)\b")


@dataclass(frozen=True, slots=True)
class Cues:
    """A sentence as the rules see it: its text, a window after it, and its parse."""

    text: str
    window: str
    sent: Span | None

    def roles(self, start: int) -> tuple[str | None, str | None]:
        """(agent, target) of the attack word at ``start`` (a char offset in ``text``)."""
        if self.sent is None:
            return _roles_by_words(self.text, start)
        token = _token_at(self.sent, start)
        if token is None:
            return _roles_by_words(self.text, start)
        return _roles_by_parse(token)


def _token_at(sent: Span, start: int) -> Token | None:
    offset = sent.start_char + start
    for token in sent:
        if token.idx <= offset < token.idx + len(token.text):
            return token
    return None


def _phrase(token: Token) -> str:
    """A noun with its left modifiers and appositions ("a Govt forces (assumed military) base")."""
    words = [t.text for t in token.subtree if t.i <= token.i or t.dep_ in ("appos", "compound")]
    return " ".join(words[:12])


def _roles_by_parse(token: Token) -> tuple[str | None, str | None]:
    verb = token
    while verb.dep_ in ("conj", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
        verb = verb.head
    agent = target = aimed = None
    for child in list(token.children) + ([] if verb is token else list(verb.children)):
        if child.dep_ == "nsubj" and agent is None:
            agent = _phrase(child)
        elif child.dep_ in ("nsubjpass", "dobj") and target is None:
            target = _phrase(child)
        elif child.dep_ in ("agent", "prep") and child.i > token.i:
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if not objs:
                continue
            if child.lower_ == "by" and agent is None:
                agent = _phrase(objs[0])
            elif child.lower_ in ("at", "on", "against", "upon") and aimed is None:
                aimed = _phrase(objs[0])
    if token.pos_ == "NOUN" and token.dep_ == "pobj":  # "killed in an attack by X on Y"
        for child in token.head.head.children:
            if child.dep_ == "nsubjpass" and target is None:
                target = _phrase(child)
    return agent, target or aimed


def _roles_by_words(text: str, start: int) -> tuple[str | None, str | None]:
    before, after = text[:start], text[start:]
    by = re.search(r"\bby ([^,.;]{1,60})", after)
    return (by.group(1) if by else before[-60:]), after[:60]


def is_armed(phrase: str | None) -> bool:
    return bool(phrase) and bool(ARMED.search(phrase or "")) and not NOT_ARMED.search(phrase or "")


def is_unarmed_group(phrase: str | None) -> bool:
    return bool(phrase) and bool(UNARMED_GROUP.search(phrase or "")) and not is_armed(phrase)


# -- rules ----------------------------------------------------------------------------------

Found = tuple[str, str, int, int]
Rule = Callable[[Cues], Found | None]


def _hit(pattern: re.Pattern[str], text: str) -> tuple[int, int] | None:
    m = pattern.search(text)
    return (m.start(), m.end()) if m else None


def _disrupted(c: Cues) -> Found | None:
    hit = _hit(DISRUPTED, c.text)
    if hit is None:
        return None
    if ARREST.search(c.text):
        arrest = _hit(ARREST, c.text)
        assert arrest is not None
        return STRATEGIC, "Arrests", *arrest
    return STRATEGIC, "Disrupted weapons use", *hit


def _chemical(c: Cues) -> Found | None:
    hit = _hit(CHEMICAL, c.text)
    return (REMOTE, "Chemical weapon", *hit) if hit else None


def _suicide(c: Cues) -> Found | None:
    hit = _hit(SUICIDE, c.text)
    return (REMOTE, "Suicide bomb", *hit) if hit else None


def _protest(c: Cues) -> Found | None:
    hit = _hit(PROTEST, c.text)
    if hit is None:
        if not PROTESTERS.search(c.text):
            return None
        hit = _hit(PROTESTERS, c.text)
        assert hit is not None
    violent = RIOT_ACTS.search(c.text) or RIOT_WORDS.search(c.text)
    if violent and not re.search(r"\bagainst\b[^.]{0,40}$", c.text[: violent.start()]):
        return RIOTS, "Violent demonstration", *hit
    if EXCESSIVE.search(c.window):
        return PROTESTS, "Excessive force against protesters", *hit
    if RIOT_ACTS.search(c.window) and re.search(r"\b(demonstrators|protesters|they)\b", c.window):
        return RIOTS, "Violent demonstration", *hit
    if INTERVENTION.search(c.window):
        return PROTESTS, "Protest with intervention", *hit
    return PROTESTS, "Peaceful protest", *hit


def _clash_sides(c: Cues, start: int) -> list[str]:
    """Who clashed: the subject of a verb and its "with" object, or "between X and Y"."""
    if c.sent is None:
        return [c.text[max(0, start - 80) : start + 80]]
    token = _token_at(c.sent, start)
    if token is None:
        return []
    sides: list[str] = []
    for child in token.children:
        if child.dep_ == "nsubj":
            sides.append(_phrase(child))
            sides.extend(_phrase(t) for t in child.conjuncts)
        elif child.dep_ == "prep" and child.lower_ in ("with", "between", "against"):
            for obj in (t for t in child.children if t.dep_ == "pobj"):
                sides.append(_phrase(obj))
                sides.extend(_phrase(t) for t in obj.conjuncts)
    return sides


_FIREARMS = _re(r"\b(armed|guns?|gunfire|gunm[ae]n|fire|firing|shots|rifles?|bullets|shooting)\b")


def _mob(c: Cues) -> Found | None:
    hit = _hit(RIOT_WORDS, c.text)
    if hit is not None:
        return RIOTS, "Mob violence", *hit
    acts = RIOT_STANDALONE.search(c.text)
    if acts is not None:
        agent, _ = c.roles(acts.start())
        if not is_armed(agent):
            sub = "Violent demonstration" if DEMAND.search(c.text) else "Mob violence"
            return RIOTS, sub, acts.start(), acts.end()
    clash = _hit(CLASH, c.text)
    if clash is not None and not _FIREARMS.search(c.text):
        sides = _clash_sides(c, clash[0])
        if any(is_unarmed_group(side) for side in sides):
            return RIOTS, "Mob violence", *clash
    fight = re.search(r"\b(fight|brawl|scuffle|street-fight)\b", c.text, re.I)
    if fight is not None and re.search(r"\b(broke out|between|erupted|engaged)\b", c.text, re.I):
        return RIOTS, "Mob violence", fight.start(), fight.end()
    return None


def _remote(c: Cues) -> Found | None:
    text = c.text
    air = _hit(AIR, text)
    grenade = _hit(GRENADE, text)
    if grenade and re.search(r"grenade launcher", text[grenade[0] : grenade[1] + 10], re.I):
        grenade = None
    shelling = _hit(SHELLING, text)
    ied = _hit(IED, text)
    if air is not None and (
        not re.fullmatch(r"(\w+ )?(drones?|UAVs?)", text[air[0] : air[1]], re.I)
        or re.search(
            r"\b(hit|struck|strikes?|attack\w*|killed|targeted|launched|dropped)\b", text, re.I
        )
    ):
        return REMOTE, "Air/drone strike", *air
    heavy = shelling or grenade
    if heavy is not None and SMALL_ARMS.search(text) and not ied:
        clash = _hit(SMALL_ARMS, text)
        assert clash is not None
        return BATTLES, "Armed clash", *clash
    if grenade is not None:
        return REMOTE, "Grenade", *grenade
    if ied is not None and (shelling is None or ied[0] < shelling[0]):
        if re.search(r"\bexplosions?\b", text[ied[0] : ied[1]], re.I):
            return REMOTE, "Shelling/artillery/missile attack", *ied
        return REMOTE, "Remote explosive/landmine/IED", *ied
    if shelling is not None:
        if re.search(r"\bexplosions?\b", text[shelling[0] : shelling[1]], re.I) and re.search(
            r"\b(bomb|IED|device|mine|explosives)\b", text, re.I
        ):
            return REMOTE, "Remote explosive/landmine/IED", *shelling
        return REMOTE, "Shelling/artillery/missile attack", *shelling
    return None


def _territory(c: Cues) -> Found | None:
    hit = _hit(REGAIN, c.text)
    if hit is not None:
        return BATTLES, "Government regains territory", *hit
    hit = _hit(TRANSFER, c.text)
    if hit is not None and not CLASH.search(c.text):
        return STRATEGIC, "Non-violent transfer of territory", *hit
    m = OVERTAKE.search(c.text)
    if m is None or not TERRITORY.search(c.text[m.end() : m.end() + 80]):
        return None
    agent, _ = c.roles(m.start())
    if agent and re.search(r"\b(army|military|government|soldiers|troops|state)\b", agent, re.I):
        return BATTLES, "Government regains territory", m.start(), m.end()
    return BATTLES, "Non-state actor overtakes territory", m.start(), m.end()


def _sexual(c: Cues) -> Found | None:
    hit = _hit(SEXUAL, c.text)
    return (VAC, "Sexual violence", *hit) if hit else None


def _abduction(c: Cues) -> Found | None:
    hit = _hit(ABDUCTION, c.text)
    if hit is None:
        return None
    killed = ATTACK.search(c.text)
    if killed and killed.start() < hit[0] and re.match(r"kill|shot|murder", killed.group(), re.I):
        return None  # killed first, abducted others: the attack leads
    return VAC, "Abduction/forced disappearance", *hit


def _clash(c: Cues) -> Found | None:
    hit = _hit(CLASH, c.text)
    if hit is None:
        return None
    word = c.text[hit[0] : hit[1]].lower()
    if word.startswith(("raided", "stormed", "operation", "military operation", "security op")):
        _, target = c.roles(hit[0])
        if (
            target is not None
            and not is_armed(target)
            and not re.search(
                r"\b(militants?|rebels?|insurgents?|hideouts?|camps?)\b", c.text, re.I
            )
        ):
            return None
    return BATTLES, "Armed clash", *hit


def _attack(c: Cues) -> Found | None:
    first: Found | None = None
    for m in ATTACK.finditer(c.text):
        agent, target = c.roles(m.start())
        if is_unarmed_group(agent):
            return RIOTS, "Mob violence", m.start(), m.end()
        if is_armed(target):
            return BATTLES, "Armed clash", m.start(), m.end()
        if agent is not None or target is not None:
            return VAC, "Attack", m.start(), m.end()
        first = first or (VAC, "Attack", m.start(), m.end())
    return first


def _strategic(c: Cues) -> Found | None:
    for pattern, sub in (
        (BASE, "Headquarters or base established"),
        (AGREEMENT, "Agreement"),
        (CHANGE, "Change to group/activity"),
        (LOOTING, "Looting/property destruction"),
        (ARREST, "Arrests"),
        (TRANSFER, "Non-violent transfer of territory"),
    ):
        hit = _hit(pattern, c.text)
        if hit is not None:
            return STRATEGIC, sub, *hit
    return None


def _other(c: Cues) -> Found | None:
    hit = _hit(OTHER_SD, c.text)
    return (STRATEGIC, "Other", *hit) if hit else None


CURFEW = _re(
    r"\b(curfews?|state of emergency|martial law|lockdown|ban(ned)? (on )?(\w+ ){0,3}(gatherings"
    r"|movement|motorbikes|motorcycles))\b"
)


def _curfew(c: Cues) -> Found | None:
    hit = _hit(CURFEW, c.text)
    return (STRATEGIC, "Other", *hit) if hit else None


RULES: tuple[Rule, ...] = (
    _disrupted,
    _chemical,
    _suicide,
    _protest,
    _mob,
    _remote,
    _territory,
    _sexual,
    _abduction,
    _clash,
    _attack,
    _strategic,
)
# What a sentence's main clause says comes before what led to it ("a curfew was
# imposed after shops were attacked"), except a bare killing ("50 were killed
# after clashes" is a battle).
MAIN_CLAUSE_RULES: tuple[Rule, ...] = (*(r for r in RULES if r is not _attack), _curfew)
_CAUSE = _re(
    r"[,;]?\s+\b(after|following|due to|amid|in the wake of|in preparation for|in response to"
    r"|in retaliation for|because of|as a result of)\b"
)


def classify(text: str, *, window: str | None = None, sent: Span | None = None) -> Found | None:
    """The event a sentence tells: (event type, sub-event type, start, end of the cue)."""
    cues = Cues(text, window if window is not None else text, sent)
    cause = _CAUSE.search(text)
    if cause is not None and cause.start() > 0:
        main = Cues(text[: cause.start()], cues.window, sent)
        for rule in MAIN_CLAUSE_RULES:
            found = rule(main)
            if found is not None:
                return found
    for rule in RULES:
        found = rule(cues)
        if found is not None:
            return found
    return None


def weak_event(text: str) -> Found | None:
    """A sentence with no cue but a death or an aside on security: a weak event."""
    hit = _hit(DEATH, text)
    if hit is not None:
        return VAC, "Attack", *hit
    cues = Cues(text, text, None)
    return _curfew(cues) or _other(cues)
