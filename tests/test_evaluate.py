"""Scoring against gold files: readers, the per-report figures, the baseline and the metrics.

The gold files are written here, in ``tmp_path``, with invented reports; one test runs
the real extractor on three of them.
"""

from __future__ import annotations

import csv
import json
import math
from datetime import date
from pathlib import Path

import pytest

from warmonitor.errors import InputError
from warmonitor.evaluate import (
    Prediction,
    baseline_figure,
    format_report,
    haversine_km,
    predict,
    report_figures,
    run_evaluate,
    scores,
    weighted_f1,
)
from warmonitor.extract.result import Extraction
from warmonitor.gold import CURRENT_SCHEMA, OLD_SCHEMA, GoldItem, read_gold
from warmonitor.records import Claim, EventMention, Evidence, Period, Place, Source

EV = (Evidence("s", 0, 1, 0, 1),)


def claim(
    best: int,
    group: str = "unknown",
    *,
    outcome: str = "killed",
    source: str | None = None,
    cumulative: bool = False,
) -> Claim:
    return Claim(
        outcome=outcome,  # type: ignore[arg-type]
        victim_group=group,  # type: ignore[arg-type]
        low=best,
        best=best,
        high=best,
        evidence=EV,
        source=Source(source) if source else None,
        cumulative=cumulative,
    )


# -- readers -----------------------------------------------------------------------------


def test_acled_jsonl_rows(tmp_path: Path) -> None:
    rows = [
        {
            "uid": "a1",
            "notes": "On 3 May 2021, gunmen killed two farmers in Velmora.",
            "event_date": "2021-05-03",
            "event_type": "Violence against civilians",
            "sub_event_type": "Attack",
            "latitude": "10.5",
            "longitude": "7.25",
            "geo_precision": "1",
            "location": "Velmora",
            "fatalities": 2,
            "fatalities_imputed_per_notes": False,
            "fatality_number_literally_in_notes": False,
        },
        {
            "uid": "a2",
            "notes": "Clashes left an unknown number dead.",
            "event_date": "2015-01-04",
            "event_type": "Violence against civilians",
            "sub_event_type": None,
            "fatalities": 10,
            "fatalities_imputed_per_notes": True,
        },
        {"uid": "a3", "notes": "  ", "event_date": "2015-01-04", "fatalities": 0},
    ]
    path = tmp_path / "acled.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    items = list(read_gold(path, "acled"))
    assert [i.uid for i in items] == ["a1", "a2"]
    first, second = items
    assert first.killed == 2 and first.has_deaths and first.literal is False
    assert first.date == date(2021, 5, 3) and first.published is None
    assert (first.lat, first.lon, first.geo_precision) == (10.5, 7.25, 1)
    assert first.group == CURRENT_SCHEMA and first.sub_event_type == "Attack"
    # Imputed fatalities are not scored; without sub-event types it is the old schema.
    assert second.killed is None and second.group == OLD_SCHEMA and second.event_type is None


def test_acled_csv_export_old_dates(tmp_path: Path) -> None:
    path = tmp_path / "acled.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["EVENT_ID_CNTY", "EVENT_DATE", "EVENT_TYPE", "NOTES", "FATALITIES"])
        writer.writerow(
            ["1XYZ", "01-January-2015", "Remote violence", "A shell hit a market.", "3"]
        )
        writer.writerow(["2XYZ", "28/05/2016", "Riots/Protests", "Students marched.", "0"])
    items = list(read_gold(path, "acled"))
    assert [(i.uid, i.date, i.killed) for i in items] == [
        ("1XYZ", date(2015, 1, 1), 3),
        ("2XYZ", date(2016, 5, 28), 0),
    ]
    assert all(i.event_type is None for i in items)


def test_ucdp_rows_score_inside_low_high(tmp_path: Path) -> None:
    path = tmp_path / "ged.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(
            ["id", "source_headline", "source_date", "date_start", "type_of_violence",
             "latitude", "longitude", "low", "best", "high"]
        )  # fmt: skip
        writer.writerow(
            ["7.0", "Four killed in shelling of Ostravin", "2019-03-02;2019-03-03",
             "2019-03-01 00:00:00", "1.0", "35.1", "36.2", "3.0", "4.0", "6.0"]
        )  # fmt: skip
        writer.writerow(["8.0", "", "", "2019-03-01", "1.0", "", "", "1", "1", "1"])
    (item,) = read_gold(path, "ucdp")
    assert item.uid == "7" and item.published == date(2019, 3, 2)
    assert (item.killed_low, item.killed, item.killed_high) == (3, 4, 6)
    assert item.date == date(2019, 3, 1) and item.violence_type == 1
    inside = scores([item], [Prediction(killed=5)], [Prediction(killed=2)])
    killed = next(s for s in inside if s.field == "killed" and s.subset == "all")
    assert (killed.value, killed.baseline) == (1.0, 0.0)


def test_jsonl_in_ingest_form(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    lines = [
        {"id": 1, "text": "Two were shot.", "published": "2020-02-02", "gold": {"injured": 2}},
        {"text": "Quiet day.", "gold": {"killed": 0, "lat": 1.0, "lon": 2.0, "date": "2020-02-01"}},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    first, second = read_gold(path, "jsonl")
    assert first.uid == "1" and first.published == date(2020, 2, 2)
    assert first.injured == 2 and first.killed is None and first.has_victims
    assert second.killed == 0 and second.date == date(2020, 2, 1) and second.lat == 1.0


def test_bad_gold_files_raise_input_errors(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"text": "x"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="gold"):
        list(read_gold(path, "jsonl"))
    path.write_text('{"text": "x", "gold": {"killed": "many"}}\n', encoding="utf-8")
    with pytest.raises(InputError, match="not a number"):
        list(read_gold(path, "jsonl"))
    with pytest.raises(InputError, match="unknown gold format"):
        read_gold(path, "xml")


# -- the figure per report ---------------------------------------------------------------


def test_total_group_wins() -> None:
    x = Extraction(claims=(claim(3, "civilians"), claim(2, "state_forces"), claim(5, "total")))
    assert report_figures(x) == (5, 0)


def test_groups_add_up_and_sources_do_not() -> None:
    x = Extraction(
        claims=(
            claim(3, "civilians", source="A"),
            claim(4, "civilians", source="B"),
            claim(2, "state_forces"),
            claim(6, "civilians", outcome="injured"),
        )
    )
    assert report_figures(x) == (6, 6)


def test_cumulative_tolls_give_way_to_the_days_figures() -> None:
    x = Extraction(claims=(claim(300, cumulative=True), claim(4)))
    assert report_figures(x) == (4, 0)
    assert report_figures(Extraction(claims=(claim(300, cumulative=True),))) == (300, 0)
    assert report_figures(Extraction()) == (0, 0)


def test_predict_uses_the_main_event() -> None:
    town = Place("Velmora", lat=1.0, lon=2.0)
    event = EventMention(
        "Battles", "Armed clash", EV, violence_type=1, date_start=date(2020, 5, 9), place=town
    )
    later = EventMention("Protests", "Peaceful protest", EV)
    p = predict(Extraction(claims=(claim(2),), events=(event, later)))
    assert (p.killed, p.event_type, p.sub_event_type, p.violence_type) == (
        2,
        "Battles",
        "Armed clash",
        1,
    )
    assert p.date == date(2020, 5, 9) and p.place == town
    dated = Claim("killed", "unknown", 1, 1, 1, EV, period=Period(date(2020, 1, 2)))
    assert predict(Extraction(claims=(dated,))).date == date(2020, 1, 2)


def test_baseline_figure() -> None:
    assert baseline_figure("Gunmen killed 4 people; 12 were killed later.", "killed") == 12
    assert baseline_figure("Three soldiers were killed and 1,200 wounded.", "killed") == 3
    assert baseline_figure("Three soldiers killed and 1,200 people wounded.", "injured") == 1200
    assert baseline_figure("On 1 May 2020, a man was killed.", "killed") == 0
    assert baseline_figure("Nobody was hurt.", "killed") == 0


# -- metrics -----------------------------------------------------------------------------


def test_weighted_f1() -> None:
    assert weighted_f1(["a", "a", "b"], ["a", "a", "b"]) == 1.0
    # a: precision 1, recall 1/2 -> F1 2/3 (support 2); b: precision 0 -> 0 (support 1)
    assert math.isclose(weighted_f1(["a", "a", "b"], ["a", "b", None]), 2 * (2 / 3) / 3)
    assert weighted_f1([], []) == 0.0


def test_haversine() -> None:
    assert haversine_km(0, 0, 0, 0) == 0
    assert math.isclose(haversine_km(0, 0, 0, 1), 111.195, rel_tol=1e-3)
    assert math.isclose(haversine_km(33.51, 36.29, 36.20, 37.16), 309, rel_tol=0.02)


def test_scores_split_rows_with_deaths() -> None:
    items = [
        GoldItem("1", "t", killed=0, lat=0.0, lon=0.0, group="g1"),
        GoldItem("2", "t", killed=3, lat=0.0, lon=0.0, group="g2"),
        GoldItem("3", "t", killed=2),
    ]
    near = Place("x", lat=0.1, lon=0.1)
    ours = [Prediction(killed=0, place=near), Prediction(killed=3), Prediction(killed=1)]
    base = [Prediction(killed=0), Prediction(killed=0), Prediction(killed=2)]
    found = {(s.field, s.subset): s for s in scores(items, ours, base)}
    assert found["killed", "all"].value == pytest.approx(2 / 3)
    assert found["killed", "with deaths"].n == 2
    assert found["killed", "with deaths"].value == 0.5
    assert found["killed", "with deaths"].baseline == 0.5
    assert found["killed", "without deaths"].value == 1.0
    assert found["killed", "g2"].n == 1
    assert found["place", "all"].n == 2 and found["place", "all"].value == 0.5


# -- the real extractor ------------------------------------------------------------------


@pytest.mark.slow
def test_run_evaluate_on_three_reports(tmp_path: Path) -> None:
    reports = [
        ("Gunmen killed three villagers in an attack on a market on Monday.", 3),
        ("Two soldiers were killed when their patrol hit a roadside bomb.", 2),
        ("Hundreds of students marched peacefully through the capital.", 0),
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text(
        "\n".join(
            json.dumps({"text": t, "published": "2024-03-05", "gold": {"killed": k}})
            for t, k in reports
        ),
        encoding="utf-8",
    )
    report = run_evaluate(path, "jsonl", limit=3)
    assert report.n_items == 3
    killed = report.score("killed")
    assert killed is not None and killed.n == 3 and killed.value >= 2 / 3
    lines = format_report(report)
    assert any(line.startswith("killed") and "with deaths" in line for line in lines)


def test_place_scores_beside_the_gazetteers_ceiling() -> None:
    items = [
        GoldItem("1", "t", lat=0.0, lon=0.0, geo_precision=1, location="Velmora"),
        GoldItem("2", "t", lat=0.0, lon=0.0, geo_precision=1, location="Ostravin"),
        GoldItem("3", "t", lat=0.0, lon=0.0, geo_precision=2, location="Dunavka"),
    ]
    near, far = Place("a", lat=0.1, lon=0.1), Place("b", lat=1.0, lon=1.0)
    ours = [Prediction(place=near), Prediction(place=far), Prediction(place=near)]
    found = {(s.subset, s.metric): s for s in scores(items, ours, ours, known={"1"})}
    assert found["all", "within 25 km"].value == pytest.approx(2 / 3)
    assert found["geo_precision 1", "within 25 km"].value == 0.5
    assert found["geo_precision 1, gazetteer knows it", "within 25 km"].value == 1.0
    ceiling = found["geo_precision 1", "gazetteer holds it"]
    assert (ceiling.n, ceiling.value, ceiling.baseline) == (2, 0.5, None)
