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
