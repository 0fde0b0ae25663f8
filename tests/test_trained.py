"""`warmonitor train`: a user's own event-type classifier, used only where the rules are unsure."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warmonitor.cli import app
from warmonitor.errors import InputError
from warmonitor.extract.result import Extraction
from warmonitor.extract.trained import EventTypeModel, apply_model, train, training_rows
from warmonitor.records import EventMention, Evidence

# Rows in the shape of an ACLED export, with notes we wrote.
ROWS = [
    ("Protests", "Peaceful protest", "Teachers marched to the ministry demanding unpaid wages."),
    ("Protests", "Peaceful protest", "Students held a sit-in at the university over tuition fees."),
    ("Protests", "Peaceful protest", "Farmers marched through the town demanding fuel subsidies."),
    ("Protests", "Peaceful protest", "Nurses held a peaceful sit-in over unpaid wages."),
    ("Battles", "Armed clash", "Army troops clashed with rebels near the village."),
    ("Battles", "Armed clash", "Militants and soldiers exchanged fire at a checkpoint."),
    ("Battles", "Armed clash", "Rebels clashed with army troops on the highway."),
    ("Battles", "Armed clash", "Soldiers exchanged fire with militants near the border."),
    ("Strategic developments", "Looting/property destruction", "Unknown men looted shops."),
    ("Old type", "Something", "A row of the old schema is left out."),
    ("Protests", "", "A row without a sub-event type is left out."),
]


def _write(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["event_type", "sub_event_type", "notes", "fatalities"])
        for kind, sub, notes in ROWS:
            writer.writerow([kind, sub, notes, 0])
    return path


def _examples() -> list[tuple[str, str, str]]:
    rows = [{"event_type": k, "sub_event_type": s, "notes": n} for k, s, n in ROWS]
    return list(training_rows(rows))


def test_training_reads_current_schema_rows_and_predicts(tmp_path: Path) -> None:
    examples = _examples()
    assert len(examples) == 9  # the old-schema row and the one without sub-type are left out
    model = train(examples, min_count=1)
    kind, sub, probability = model.predict("Workers marched demanding unpaid wages.")
    assert (kind, sub) == ("Protests", "Peaceful protest") and probability > 0.5
    assert model.predict("Troops clashed with militants.")[:2] == ("Battles", "Armed clash")
    path = tmp_path / "model.npz"
    model.save(path)
    again = EventTypeModel.load(path)
    assert again.classes == model.classes and again.trained_on == 9
    assert len(again.digest) == 8 and not model.digest  # the file's hash, known once saved
    before, after = model.predict("Troops clashed."), again.predict("Troops clashed.")
    assert after[:2] == before[:2] and after[2] == pytest.approx(before[2], rel=1e-4)


def test_model_only_fills_in_where_the_rules_are_unsure() -> None:
    model = train(_examples(), min_count=1)
    text = "Teachers marched demanding unpaid wages."
    evidence = Evidence(sentence=text, start=0, end=len(text), span_start=0, span_end=len(text))
    typed = EventMention("Riots", "Mob violence", (evidence,))
    kept = apply_model(Extraction(events=(typed,), text=text), model)
    assert kept.events[0].sub_event_type == "Mob violence"  # the rules' type stands
    empty = apply_model(Extraction(text=text), model)
    assert [(e.event_type, e.sub_event_type) for e in empty.events] == [
        ("Protests", "Peaceful protest")
    ]
    assert empty.events[0].evidence[0].sentence == text
    other = EventMention("Strategic developments", "Other", (evidence,))
    filled = apply_model(Extraction(events=(other,), text=text), model)
    assert filled.events[0].sub_event_type == "Peaceful protest"


def test_training_needs_two_kinds_and_a_bad_model_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="two sub-event types"):
        train([("a text", "Protests", "Peaceful protest")] * 3)
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(InputError, match=r"bad\.npz"):
        EventTypeModel.load(bad)


def test_cli_train_then_evaluate_with_the_model(tmp_path: Path) -> None:
    export = _write(tmp_path / "export.csv")
    model = tmp_path / "mine.npz"
    runner = CliRunner()
    result = runner.invoke(app, ["train", str(export), "--out", str(model), "--min-count", "1"])
    assert result.exit_code == 0, result.output
    assert "trained on 9 row(s)" in result.output and model.exists()
    result = runner.invoke(
        app, ["evaluate", "--gold", str(export), "--format", "acled", "--model", str(model)]
    )
    assert result.exit_code == 0, result.output
    assert "event_type" in result.output
    result = runner.invoke(app, ["train", str(tmp_path / "none.csv"), "--out", str(model)])
    assert result.exit_code == 2 and "no such file" in result.output


def test_records_typed_with_a_model_say_so(tmp_path: Path) -> None:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from warmonitor import pipeline
    from warmonitor.config import Settings
    from warmonitor.store.schema import EventMentionRow

    path = tmp_path / "mine.npz"
    train(_examples(), min_count=1).save(path)
    report = tmp_path / "report.txt"
    report.write_text("Teachers marched to the ministry demanding unpaid wages.\n", "utf-8")
    workspace = pipeline.open_workspace(str(tmp_path / "w.db"), settings=Settings(event_model=path))
    pipeline.ingest(workspace, [str(report)])
    with Session(workspace.reports.engine) as session:
        rows = session.execute(
            select(EventMentionRow.extractor_version, EventMentionRow.sub_event_type)
        ).all()
    digest = EventTypeModel.load(path).digest
    assert rows and all(v.endswith(f"+model.{digest}") for v, _ in rows)
    workspace.reports.engine.dispose()
