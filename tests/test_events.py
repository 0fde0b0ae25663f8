"""Event rules: sentences written for these tests -> ACLED event and sub-event types."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from warmonitor.extract.event_rules import classify, is_armed, is_unarmed_group, weak_event
from warmonitor.extract.events import trigger_in
from warmonitor.extract.extractor import load_nlp


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def kind(nlp: Language, text: str) -> tuple[str, str] | None:
    doc = nlp(text)
    sent = next(iter(doc.sents))
    found = classify(sent.text, window=doc.text, sent=sent)
    return (found[0], found[1]) if found else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Battles: two armed sides, or an armed target.
        (
            "Army troops and rebels exchanged fire near the bridge for two hours.",
            ("Battles", "Armed clash"),
        ),
        (
            "Unknown gunmen killed two soldiers at a checkpoint outside the town.",
            ("Battles", "Armed clash"),
        ),
        (
            "Insurgents ambushed a police patrol on the main road, wounding three officers.",
            ("Battles", "Armed clash"),
        ),
        (
            "Government forces recaptured the district capital from the militants.",
            ("Battles", "Government regains territory"),
        ),
        (
            "The rebels seized the border town after a week of fighting.",
            ("Battles", "Non-state actor overtakes territory"),
        ),
        # Violence against civilians: an armed attacker, an unarmed victim.
        (
            "Gunmen on a motorbike shot dead a shopkeeper in the market.",
            ("Violence against civilians", "Attack"),
        ),
        (
            "A farmer was killed by unidentified armed men near his field.",
            ("Violence against civilians", "Attack"),
        ),
        (
            "Militiamen abducted eleven passengers from a bus on the highway.",
            ("Violence against civilians", "Abduction/forced disappearance"),
        ),
        (
            "Soldiers raped two women during a search of the village.",
            ("Violence against civilians", "Sexual violence"),
        ),
        # Explosions/Remote violence: the attacker is not there.
        (
            "An air strike hit a fuel depot on the outskirts of the port city.",
            ("Explosions/Remote violence", "Air/drone strike"),
        ),
        (
            "Drones and missiles struck the capital overnight, killing three people.",
            ("Explosions/Remote violence", "Air/drone strike"),
        ),
        (
            "Artillery shelling of the market killed five civilians.",
            ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
        ),
        (
            "A roadside bomb hit an army truck near the village.",
            ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
        ),
        (
            "A suicide bomber blew himself up at the entrance of a hotel.",
            ("Explosions/Remote violence", "Suicide bomb"),
        ),
        (
            "A man threw a hand grenade into a crowded cafe.",
            ("Explosions/Remote violence", "Grenade"),
        ),
        # Heavy weapons with small arms: still a battle.
        (
            "The separatists fired mortars and small arms at army positions near the village.",
            ("Battles", "Armed clash"),
        ),
        # Protests and riots.
        (
            "Hundreds of teachers protested outside the ministry to demand unpaid wages.",
            ("Protests", "Peaceful protest"),
        ),
        (
            "Students marched to parliament against the new tax. Police fired tear gas to "
            "disperse them.",
            ("Protests", "Protest with intervention"),
        ),
        (
            "Demonstrators burned tyres and threw stones at police during the protest.",
            ("Riots", "Violent demonstration"),
        ),
        (
            "Residents barricaded the highway with burning tyres to demand electricity.",
            ("Riots", "Violent demonstration"),
        ),
        (
            "A mob lynched a man accused of stealing a goat.",
            ("Riots", "Mob violence"),
        ),
        (
            "Supporters of two rival parties clashed with sticks outside the polling station.",
            ("Riots", "Mob violence"),
        ),
        # Strategic developments.
        (
            "Police arrested twelve members of the cell and seized rifles and explosives.",
            ("Strategic developments", "Arrests"),
        ),
        (
            "Air defences shot down 30 drones over the region.",
            ("Strategic developments", "Disrupted weapons use"),
        ),
        (
            "Army engineers defused a bomb planted under a bridge.",
            ("Strategic developments", "Disrupted weapons use"),
        ),
        (
            "The two sides signed a ceasefire agreement in the capital.",
            ("Strategic developments", "Agreement"),
        ),
        (
            "Foreign troops set up a new base at the airfield.",
            ("Strategic developments", "Headquarters or base established"),
        ),
        (
            "Fighters looted shops and burned houses in the village.",
            ("Strategic developments", "Looting/property destruction"),
        ),
        (
            "The armed group announced the formation of a new alliance with two militias.",
            ("Strategic developments", "Change to group/activity"),
        ),
        (
            "The governor imposed a curfew on the city after shops were attacked.",
            ("Strategic developments", "Other"),
        ),
    ],
)
def test_sentence_kinds(nlp: Language, text: str, expected: tuple[str, str]) -> None:
    assert kind(nlp, text) == expected


def test_bare_killing_after_clashes_is_a_battle(nlp: Language) -> None:
    text = "Forty people were killed after clashes between the army and the rebels."
    assert kind(nlp, text) == ("Battles", "Armed clash")


def test_weak_event_for_a_bare_death() -> None:
    found = weak_event("Two people died in the village, the hospital said.")
    assert found is not None and found[:2] == ("Violence against civilians", "Attack")
    assert weak_event("The minister visited the hospital.") is None


def test_armed_and_unarmed_phrases() -> None:
    assert is_armed("two police officers")
    assert not is_armed("a former soldier")
    assert is_unarmed_group("a crowd of villagers")
    assert not is_unarmed_group("armed villagers")


def test_trigger_offsets_point_at_the_cue(nlp: Language) -> None:
    doc = nlp("On Monday, soldiers clashed with rebels in the hills.")
    found = trigger_in(next(iter(doc.sents)))
    assert found is not None
    trigger, start, end = found
    assert doc.text[start:end] == trigger.cue == "clashed"


def test_weak_trigger_spans_its_sentence(nlp: Language) -> None:
    doc = nlp("Three people died in the village.")
    sent = next(iter(doc.sents))
    found = trigger_in(sent)
    assert found is not None and (found[1], found[2]) == (sent.start_char, sent.end_char)


def test_main_event_is_told_first_with_the_lead_date() -> None:
    from warmonitor.pipeline import extract_text

    text = (
        "On 9 May 2024, militants attacked an army base near the town. "
        "Five soldiers and six militants were killed in the fighting. "
        "Separately, a roadside bomb wounded two farmers."
    )
    result = extract_text(text, published=None)
    main = result["events"][0]
    assert (main["event_type"], main["sub_event_type"]) == ("Battles", "Armed clash")
    assert main["date_start"] == date(2024, 5, 9).isoformat()


def test_a_rule_beats_a_bare_death_told_earlier() -> None:
    from warmonitor.pipeline import extract_text

    text = (
        "Four people died on Tuesday, officials said. "
        "Government aircraft bombed a market in the town on Tuesday."
    )
    result = extract_text(text, published=date(2024, 5, 9))
    main = result["events"][0]
    assert main["sub_event_type"] == "Air/drone strike"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Clashes with loyalists of ousted President Bashar al-Assad erupt on Thursday.",
            "loyalists of ousted President Bashar al-Assad",
        ),
        ("Remnants of the former regime attacked a checkpoint.", "Remnants of the former regime"),
        ("Supporters of Nicolas Maduro marched.", "Supporters of Nicolas Maduro"),
    ],
)
def test_loyalist_actors_end_with_the_name(text: str, name: str) -> None:
    from warmonitor.extract.events import actors_in

    found = [(a.name, a.acled_class) for a, _, _ in actors_in(text)]
    assert (name, "Political militias") in found
