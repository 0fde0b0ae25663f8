"""Extraction on the seed report and on reports we wrote: figures, sources, places, reactions."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import require_shared
from warmonitor.cli import app
from warmonitor.extract import extract
from warmonitor.pipeline import extract_text

SEED_PUBLISHED = date(2025, 3, 8)


def figures(result: dict[str, Any]) -> set[tuple[str, str, int | None, int | None, int | None]]:
    return {
        (c["outcome"], c["victim_group"], c["low"], c["best"], c["high"]) for c in result["claims"]
    }


@pytest.fixture(scope="module")
def seed() -> dict[str, Any]:
    path = require_shared("seed", "000_129b17b79ff333a7.txt")
    return extract(path.read_text(encoding="utf-8"), published=SEED_PUBLISHED).to_json()


def test_seed_figures_and_their_source(seed: dict[str, Any]) -> None:
    found = figures(seed)
    for expected in [
        ("killed", "total", 1001, 1001, None),
        ("killed", "civilians", 675, 750, 750),
        ("killed", "state_forces", 125, 125, 125),
        ("killed", "armed_groups", 135, 150, 165),
        ("killed", "civilians", 5, 5, 5),
    ]:
        assert expected in found
    sohr = [c for c in seed["claims"] if c["best"] in (1001, 750, 125, 150)]
    assert {c["source"]["name"] for c in sohr} == {"Syrian Observatory for Human Rights"}
    assert {c["source"]["kind"] for c in sohr} == {"monitor"}
    total = next(c for c in seed["claims"] if c["best"] == 1001)
    assert total["cumulative"] is True and len(total["evidence"]) == 2
    neighbours = next(c for c in seed["claims"] if c["best"] == 5)
    assert neighbours["period"]["start"] == "2025-03-07"
    for non_count in (57, 24, 100):
        assert all(c["best"] != non_count for c in seed["claims"])


def test_seed_evidence_offsets_point_into_the_text(seed: dict[str, Any]) -> None:
    text = require_shared("seed", "000_129b17b79ff333a7.txt").read_text(encoding="utf-8")
    for kind in ("claims", "events", "statements", "disruptions", "testimonies", "places"):
        for record in seed[kind]:
            for ev in record["evidence"]:
                assert text[ev["start"] : ev["end"]] == ev["sentence"]
                assert ev["start"] <= ev["span_start"] < ev["span_end"] <= ev["end"]
    almost = next(c for c in seed["claims"] if c["best"] == 750)["evidence"][0]
    assert text[almost["span_start"] : almost["span_end"]] == "almost 750"


def test_seed_events_dates_places(seed: dict[str, Any]) -> None:
    main = seed["events"][0]
    assert (main["event_type"], main["sub_event_type"]) == ("Battles", "Armed clash")
    assert main["date_start"] == "2025-03-06" and main["violence_type"] == 1
    classes = {a["acled_class"] for a in main["actors"]}
    assert "State forces" in classes
    attack = next(e for e in seed["events"] if e["event_type"] == "Violence against civilians")
    assert attack["date_start"] == "2025-03-07" and attack["violence_type"] == 3
    assert any(a["role"] == "target" and "Alawite" in a["name"] for a in attack["actors"])
    places = {p["as_written"]: p for p in seed["places"]}
    assert places["Baniyas"]["country"] == "Syria" and places["Baniyas"]["role"] == "event"
    assert abs(places["Baniyas"]["lat"] - 35.18) < 0.1
    assert places["Latakia"]["role"] == "event"
    assert places["Damascus"]["role"] == "mentioned"


def test_seed_outages_reactions_testimony_background(seed: dict[str, Any]) -> None:
    services = {d["service"]: d for d in seed["disruptions"]}
    assert {"electricity", "water", "homes"} <= set(services)
    assert services["electricity"]["place"]["name"] == "Latakia"
    speakers = {s["speaker"]: s for s in seed["statements"]}
    assert speakers["Stefan Schneck"]["channel"] == "X"
    assert "condemns" in speakers["Stefan Schneck"]["stance"]
    assert speakers["Michael Ohnmacht"]["stance"]
    france = speakers["France"]
    assert {"concern", "calls_for_investigation"} <= set(france["stance"])
    (witness,) = seed["testimonies"]
    assert (witness["witness"], witness["age"]) == ("Ali Sheha", 57)
    assert witness["place"]["name"].startswith("B") and witness["personal_data"] is True
    recalled = " ".join(b["summary"] for b in seed["background"])
    assert "overthrown" in recalled
    assert all("overthrown" not in c["evidence"][0]["sentence"] for c in seed["claims"])


REPORT = (
    "Gunmen killed a farmer and wounded two of his sons near the village of Kafr Zita in Hama "
    "province on Tuesday, residents said.\n"
    "Earlier reports of 12 dead were wrong, the local council said.\n"
    "No one was killed in a separate attack on a checkpoint in Masyaf.\n"
    "The Syrian Network for Human Rights said 44 civilians, including seven children and five "
    "women, had been killed in the province this month. The rights group also said 9 people "
    "were abducted.\n"
    "A 62-year-old shepherd who lives 200 metres from the road said the attack lasted three hours."
)


@pytest.fixture(scope="module")
def own() -> dict[str, Any]:
    return extract(REPORT, published=date(2026, 6, 18)).to_json()


def test_singular_counts_negation_and_retraction(own: dict[str, Any]) -> None:
    found = figures(own)
    assert ("killed", "civilians", 1, 1, 1) in found
    assert ("injured", "civilians", 2, 2, 2) in found
    assert all(c["best"] != 12 for c in own["claims"]), "a retracted figure was kept"
    assert all(c["best"] not in (62, 200, 3) for c in own["claims"])


def test_of_whom_and_back_reference(own: dict[str, Any]) -> None:
    civilians = next(c for c in own["claims"] if c["best"] == 44)
    assert civilians["of_whom"] == {"children": 7, "women": 5}
    assert civilians["source"] == {"name": "Syrian Network for Human Rights", "kind": "ngo"}
    assert all(c["best"] not in (7, 5) for c in own["claims"])
    abducted = next(c for c in own["claims"] if c["outcome"] == "abducted")
    assert abducted["best"] == 9
    assert abducted["source"]["name"] == "Syrian Network for Human Rights"


def test_relative_dates_stay_unresolved_without_publication() -> None:
    result = extract("Three soldiers were killed on Tuesday in Homs, the army said.").to_json()
    (claim,) = result["claims"]
    assert claim["victim_group"] == "state_forces" and claim["period"]["start"] is None


def test_report_not_in_english_is_not_read() -> None:
    result = extract_text(
        "Au moins douze civils ont été tués vendredi à Homs, selon une ONG locale."
    )
    assert result["language_supported"] is False and result["claims"] == []


def test_cli_extract_jsonl_keeps_order_and_reports_failures(tmp_path: Path) -> None:
    lines = [
        {
            "id": "a",
            "text": "Five civilians were killed in Idlib on Monday.",
            "published": "2026-06-10",
        },
        {"id": "b", "text": "   "},
        {"id": 3, "text": "Two soldiers were wounded in Daraa, the army said."},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    result = CliRunner().invoke(app, ["extract", "--jsonl", str(path)])
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", 3]
    assert "error" in rows[1] and "text" in rows[1]["error"]
    assert (
        rows[0]["claims"][0]["best"] == 5
        and rows[0]["claims"][0]["period"]["start"] == "2026-06-08"
    )
    assert rows[2]["claims"][0]["outcome"] == "injured"


def test_cli_extract_file_json(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("At least 23 people were killed in clashes in Talkalakh, a war monitor said.")
    result = CliRunner().invoke(app, ["extract", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (claim,) = data["claims"]
    assert (claim["low"], claim["best"], claim["high"], claim["qualifier"]) == (
        23,
        23,
        None,
        "at_least",
    )
    assert data["events"][0]["sub_event_type"] == "Armed clash"


def test_cli_evaluate_jsonl_gold(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    rows = [
        {
            "id": 1,
            "text": "Gunmen killed four villagers in Kafr Zita on Monday.",
            "published": "2026-06-10",
            "gold": {"killed": 4},
        },
        {
            "id": 2,
            "text": "Protesters marched peacefully in Homs on Friday.",
            "published": "2026-06-13",
            "gold": {"killed": 0},
        },
    ]
    gold.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(gold), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert "2 items" in result.stdout and "baseline" in result.stdout
    assert "killed" in result.stdout
    bad = CliRunner().invoke(app, ["evaluate", "--gold", str(gold), "--format", "gdelt"])
    assert bad.exit_code == 2


# -- running tolls: "the number of people killed rose to", "among the dead" ---------------

TOLL_PUBLISHED = date(2026, 6, 11)
SOHR = "Syrian Observatory for Human Rights"


def toll_claims(text: str) -> list[dict[str, Any]]:
    return list(extract(text, published=TOLL_PUBLISHED).to_json()["claims"])


def claim_rows(claims: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    return {
        (c["outcome"], c["victim_group"], c["low"], c["best"], c["high"], c["cumulative"])
        for c in claims
    }


@pytest.mark.parametrize(
    ("text", "expected", "source"),
    [
        (
            "The number of people killed in two days of violence rose to more than 70, "
            "a war monitor said.",
            {("killed", "total", 71, 71, None, True)},
            "war monitor",
        ),
        (
            "The number of civilians killed by gunmen in Baniyas on Thursday has risen to 20, "
            "the Syrian Observatory for Human Rights said.",
            {("killed", "civilians", 20, 20, 20, True)},
            SOHR,
        ),
        (
            "The number of dead climbed to 45, officials said.",
            {("killed", "total", 45, 45, 45, True)},
            "officials",
        ),
        (
            "The number of those killed reached 50, the ministry said.",
            {("killed", "total", 50, 50, 50, True)},
            "ministry",
        ),
        (
            "The tally of the dead stood at 60, police said.",
            {("killed", "total", 60, 60, 60, True)},
            "police",
        ),
        (
            "The number of people killed jumped to 80, a monitor said.",
            {("killed", "total", 80, 80, 80, True)},
            "monitor",
        ),
        (
            "The number of wounded rose to 300, the ministry said.",
            {("injured", "total", 300, 300, 300, True)},
            "ministry",
        ),
        (
            "The number of soldiers who were wounded has climbed to about 40, the army said.",
            {("injured", "state_forces", 36, 40, 44, True)},
            "army",
        ),
        (
            "The number of police officers killed in the attacks stood at 12, the interior "
            "ministry said.",
            {("killed", "state_forces", 12, 12, 12, True)},
            "interior ministry",
        ),
    ],
)
def test_running_toll_of_a_number_of_victims(
    text: str, expected: set[tuple[Any, ...]], source: str
) -> None:
    claims = toll_claims(text)
    assert claim_rows(claims) == expected
    assert {c["source"]["name"] for c in claims} == {source}


def test_running_toll_since_a_weekday_has_its_period() -> None:
    claims = toll_claims(
        "The number of people killed since Wednesday rose to more than 160, according to "
        "the Syrian Observatory for Human Rights."
    )
    assert claim_rows(claims) == {("killed", "total", 161, 161, None, True)}
    assert claims[0]["source"]["name"] == SOHR
    assert claims[0]["period"]["start"] == "2026-06-10"


def test_figure_nouns_without_victims_give_no_toll() -> None:
    assert toll_claims("The number of attacks rose to 70 last year, the ministry said.") == []
    assert toll_claims("The number of people displaced rose to 7,000, the UN said.") == []
    assert toll_claims("The number of soldiers deployed reached 300, the army said.") == []


def test_among_the_dead_and_along_with() -> None:
    claims = toll_claims(
        "The Syrian Observatory for Human Rights said almost 30 civilians were among the dead, "
        "along with 25 members of the security forces and close to 20 gunmen."
    )
    assert claim_rows(claims) == {
        ("killed", "civilians", 27, 30, 30, False),
        ("killed", "state_forces", 25, 25, 25, False),
        ("killed", "armed_groups", 18, 20, 22, False),
    }
    assert {c["source"]["name"] for c in claims} == {SOHR}
    claims = toll_claims("Among the dead were four children, the health ministry said.")
    assert claim_rows(claims) == {("killed", "civilians", 4, 4, 4, False)}
    assert claims[0]["victim_label"] == "children"
    assert claims[0]["source"]["name"] == "health ministry"
    claims = toll_claims("Two journalists were among the wounded, the union said.")
    assert claim_rows(claims) == {("injured", "civilians", 2, 2, 2, False)}
    assert toll_claims("Three of the officers were among the first to arrive.") == []


def test_overall_toll_with_its_parts() -> None:
    claims = toll_claims(
        "The Syrian Observatory for Human Rights said the overall toll had reached at least "
        "185 people, including 103 civilians, 46 members of the security forces and 36 gunmen, "
        "a count of fighters that is well below the ministry's."
    )
    assert claim_rows(claims) == {
        ("killed", "total", 185, 185, None, True),
        ("killed", "civilians", 103, 103, 103, True),
        ("killed", "state_forces", 46, 46, 46, True),
        ("killed", "armed_groups", 36, 36, 36, True),
    }
    total = next(c for c in claims if c["victim_group"] == "total")
    assert total["qualifier"] == "at_least"
    assert {c["source"]["name"] for c in claims} == {SOHR}


def test_deaths_counted_with_their_group() -> None:
    claims = toll_claims(
        "The Syrian Network for Human Rights, a monitoring group, reported 44 civilian deaths "
        "on Friday."
    )
    assert claim_rows(claims) == {("killed", "civilians", 44, 44, 44, False)}
    claims = toll_claims("The army reported nine military fatalities in the north.")
    assert claim_rows(claims) == {("killed", "state_forces", 9, 9, 9, False)}
    assert claim_rows(toll_claims("Hospitals recorded 12 deaths after the strike.")) == {
        ("killed", "unknown", 12, 12, 12, False)
    }


# -- line breaks end sentences ----------------------------------------------------------


def test_headline_without_period_is_its_own_sentence() -> None:
    text = (
        "Homs violence death toll reaches 140, says war monitor\n"
        "BEIRUT (GPA) — The death toll from four days of fighting has risen to 140, the "
        "Syrian Observatory for Human Rights said on Saturday."
    )
    claims = toll_claims(text)
    assert claims
    assert {c["source"]["name"] for c in claims} == {SOHR}
    assert all("\nBEIRUT" not in e["sentence"] for c in claims for e in c["evidence"])


def test_line_breaks_split_sentences_but_not_wrapped_lines() -> None:
    from warmonitor.extract.extractor import load_nlp

    nlp = load_nlp()
    doc = nlp("Syria: toll reaches 140, says war monitor\nBEIRUT (GPA) — The toll has risen.")
    assert next(s.text.strip() for s in doc.sents) == "Syria: toll reaches 140, says war monitor"
    doc = nlp("Five people were killed\nin the attack on the market, police said.")
    assert len(list(doc.sents)) == 1


def test_ages_after_aged_are_no_victims() -> None:
    claims = toll_claims("Among the dead were three children aged 4, 9 and 15, medics said.")
    assert claim_rows(claims) == {("killed", "civilians", 3, 3, 3, False)}
    claims = toll_claims("Two boys aged 12 and 14 were killed in the shelling.")
    assert claim_rows(claims) == {("killed", "civilians", 2, 2, 2, False)}


def test_toll_verbs_and_figure_words() -> None:
    rows = {
        "The death toll climbed to 45 on Sunday, the ministry said.": ("killed", "total", 45),
        "The number of those killed in the strikes has reached 52, medics said.": (
            "killed",
            "total",
            52,
        ),
        "The number of injured jumped to 130 overnight, the hospital said.": (
            "injured",
            "total",
            130,
        ),
        "The total number of civilians killed stood at 18, the monitor said.": (
            "killed",
            "civilians",
            18,
        ),
    }
    for text, (outcome, group, best) in rows.items():
        claims = toll_claims(text)
        assert {(c["outcome"], c["victim_group"], c["best"]) for c in claims} == {
            (outcome, group, best)
        }, text
        assert all(c["cumulative"] for c in claims), text


def test_the_dead_included_and_of_the_dead_were() -> None:
    claims = toll_claims(
        "The monitor said the dead included 98 civilians, 44 members of the security forces "
        "and 36 gunmen."
    )
    assert claim_rows(claims) == {
        ("killed", "civilians", 98, 98, 98, False),
        ("killed", "state_forces", 44, 44, 44, False),
        ("killed", "armed_groups", 36, 36, 36, False),
    }
    assert claim_rows(toll_claims("Those wounded included 12 soldiers, the army said.")) == {
        ("injured", "state_forces", 12, 12, 12, False)
    }
    assert toll_claims("The visitors included 12 soldiers.") == []
    claims = toll_claims("The monitor said close to 90 of the dead were civilians.")
    assert claim_rows(claims) == {("killed", "civilians", 81, 90, 99, False)}


def test_speaker_before_a_verb_the_parser_left_without_subject() -> None:
    claims = toll_claims(
        "At least 178 people have been killed in six days of fighting in western Syria, the "
        "Syrian Observatory for Human Rights said on Monday, as government forces pressed on "
        "with operations around Masyaf and Salamiyah."
    )
    assert claim_rows(claims) == {("killed", "total", 178, 178, None, True)}
    assert claims[0]["source"]["name"] == SOHR


def test_figure_in_a_relative_clause_of_speech_is_its_antecedents() -> None:
    claims = toll_claims(
        "The Observatory's figures are far higher than those of the Syrian Network for Human "
        "Rights, which said it had documented 71 civilian deaths."
    )
    assert claim_rows(claims) == {("killed", "civilians", 71, 71, 71, False)}
    assert claims[0]["source"]["name"] == "Syrian Network for Human Rights"


def test_day_added_to_a_toll_is_no_running_total() -> None:
    claims = toll_claims("Two more people died on Sunday, bringing the death toll to 5.")
    assert claim_rows(claims) == {
        ("killed", "unknown", 2, 2, 2, False),
        ("killed", "total", 5, 5, 5, True),
    }
    claims = toll_claims("Four people were killed and eight more wounded over the past two days.")
    assert all(c["cumulative"] for c in claims)


def test_headline_source_after_a_dash() -> None:
    text = (
        "Clashes spread to Al-Qusayr, toll passes 70 — monitor\n"
        "The Syrian Observatory for Human Rights said fighting spread to Al-Qusayr on Tuesday."
    )
    claims = toll_claims(text)
    assert claim_rows(claims) == {("killed", "total", 70, 70, 70, True)}
    assert claims[0]["source"]["name"] == SOHR
    claims = toll_claims(
        "Five people were killed by pro-government militia\nThe fighting went on, police said."
    )
    assert all(c["source"] is None or c["source"]["kind"] != "government" for c in claims)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "The interior ministry said 12 soldiers were killed in Aleppo.",
            "Syrian interior ministry",
        ),
        ("Police in Kabul said five people died.", "Afghan police"),
        (
            "Eleven people were killed in Mogadishu, police spokesman Ali Hassan said.",
            "Somali police",
        ),
        (
            "Nine Syrian soldiers were killed near Homs, the defence ministry said.",
            "Syrian defence ministry",
        ),
        (
            "Four villagers were killed, a spokesman for the Kachin Independence Army said.",
            "Kachin Independence Army",
        ),
    ],
)
def test_state_bodies_take_the_reports_country_and_spokespeople_their_body(
    text: str, source: str
) -> None:
    from warmonitor.extract import extract

    claims = extract(text).claims
    assert claims and all(c.source is not None and c.source.name == source for c in claims)


def test_a_reference_back_to_a_named_body_is_that_body() -> None:
    from warmonitor.extract import extract

    text = (
        "The Syrian interior ministry said 31 members of its forces had been killed.\n"
        "A ministry spokesman later said 40 gunmen had been killed.\n"
        "A health ministry official said 12 civilians had died."
    )
    names = [(c.best, c.source.name if c.source else None) for c in extract(text).claims]
    assert (31, "Syrian interior ministry") in names
    assert (40, "Syrian interior ministry") in names
    assert (12, "Syrian interior ministry") not in names  # another ministry
