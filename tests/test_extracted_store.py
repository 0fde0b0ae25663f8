"""Extracted records in the store: saved per report, stable across re-extraction,
analysts' decisions never overwritten; user organisations and places."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from warmonitor import pipeline
from warmonitor.cli import app
from warmonitor.extract.result import Extraction
from warmonitor.records import (
    Claim,
    EventMention,
    Evidence,
    IncomingReport,
    Place,
    Retrieval,
    Source,
)
from warmonitor.store import ReportStore
from warmonitor.store.extracted import ExtractionStore
from warmonitor.store.schema import ClaimRow, EventMentionRow, ReviewDecisionRow, SourceRow

TEXT = "Five civilians were killed in Homs on Friday, a monitor said. Two soldiers were hurt."
T0 = datetime(2026, 6, 13, tzinfo=UTC)
HOMS = Place("Homs", 34.73, 36.72, "Homs Governorate", None, "Syria", "SY", None, 1, 1)
SOHR = Source("Syrian Observatory for Human Rights", "monitor")


def evidence(start: int, end: int) -> Evidence:
    return Evidence(TEXT[:61], 0, 61, start, end)


def claim(best: int, start: int, end: int, outcome: str = "killed") -> Claim:
    return Claim(
        outcome=outcome,  # type: ignore[arg-type]
        victim_group="civilians",
        low=best,
        best=best,
        high=best,
        evidence=(evidence(start, end),),
        qualifier="exact",
        place=HOMS,
        source=SOHR,
    )


def extraction(*claims: Claim) -> Extraction:
    event = EventMention(
        event_type="Violence against civilians",
        sub_event_type="Attack",
        evidence=(evidence(20, 26),),
        place=HOMS,
        claim_indexes=tuple(range(len(claims))),
    )
    return Extraction(claims=claims, events=(event,), text=TEXT)


@pytest.fixture
def stored(open_db: Callable[..., Engine]) -> tuple[Engine, int]:
    engine = open_db()
    retrieval = Retrieval(uri="file:///r.txt", raw=TEXT.encode(), retrieved_at=T0)
    outcome = ReportStore(engine).add(
        IncomingReport(text=TEXT, retrieval=retrieval), language="en", language_supported=True
    )
    assert outcome.report_id is not None
    return engine, outcome.report_id


def test_save_links_claims_to_their_event_and_source(stored: tuple[Engine, int]) -> None:
    engine, report_id = stored
    store = ExtractionStore(engine)
    assert store.save(report_id, 1, extraction(claim(5, 0, 4)), extractor_version="v-test") == 2
    with Session(engine) as session:
        row = session.scalars(select(ClaimRow)).one()
        event = session.scalars(select(EventMentionRow)).one()
        assert row.mention_id == event.id and row.extractor_version == "v-test"
        assert (
            session.scalar(select(SourceRow.kind).where(SourceRow.id == row.source_id)) == "monitor"
        )
        assert row.evidence[0]["span_start"] == 0 and row.place_id is not None
    assert ReportStore(engine).extracted_at(report_id) is not None
    (shown,) = store.claims(report_id)
    assert shown["best"] == 5 and shown["source"]["name"] == SOHR.name


def test_reextraction_keeps_ids_and_never_overwrites_decisions(stored: tuple[Engine, int]) -> None:
    engine, report_id = stored
    store = ExtractionStore(engine)
    store.save(
        report_id,
        1,
        extraction(claim(5, 0, 4), claim(2, 62, 65, "injured")),
        extractor_version="v1",
    )
    with Session(engine) as session:
        ids = {c.best: c.id for c in session.scalars(select(ClaimRow))}
        session.add(
            ReviewDecisionRow(
                target_table="claims",
                target_id=str(ids[2]),
                field="best",
                value={"best": 3},
                decided_by="analyst",
                decided_at=T0,
            )
        )
        session.commit()
    # The same records again: same ids.  Then an extractor that no longer sees either.
    store.save(
        report_id,
        1,
        extraction(claim(5, 0, 4), claim(2, 62, 65, "injured")),
        extractor_version="v2",
    )
    with Session(engine) as session:
        assert {c.best: c.id for c in session.scalars(select(ClaimRow))} == ids
    store.save(report_id, 1, extraction(claim(6, 0, 4)), extractor_version="v3")
    with Session(engine) as session:
        rows = {c.best: c for c in session.scalars(select(ClaimRow))}
        assert set(rows) == {6, 2}, "the unreviewed old claim is gone, the reviewed one kept"
        assert rows[2].retired is True and rows[2].id == ids[2]
        assert rows[6].retired is False and rows[6].extractor_version == "v3"
        decision = session.scalars(select(ReviewDecisionRow)).one()
        assert decision.value == {"best": 3}
    assert [c["best"] for c in store.claims(report_id)] == [6]


def test_user_aliases(open_db: Callable[..., Engine]) -> None:
    store = ExtractionStore(open_db())
    store.add_alias("Valley Monitoring Group", "VMG", kind="monitor")
    store.add_alias("Valley Monitoring Group", "the Valley group")
    (org,) = store.organisations()
    assert org.kind == "monitor" and set(org.aliases) == {"VMG", "the Valley group"}


def geonames_row(gid: str, name: str, alternates: str, lat: str, lon: str, pop: str) -> str:
    """One line of a GeoNames dump (19 tab-separated columns), a populated place in Syria."""
    columns = [gid, name, name, alternates, lat, lon, "P", "PPL", "SY", "", "11", "", "", "",
               pop, "", "300", "Asia/Damascus", "2024-01-01"]  # fmt: skip
    return "\t".join(columns)


GEONAMES = [
    geonames_row("170000", "Kafr Zita", "Kafr Zeita,Kfar Zita", "35.37", "36.60", "17000"),
    geonames_row("170001", "Tiny Hamlet", "", "35.1", "36.2", "50"),
]


def test_gazetteer_load_command(tmp_path: Path) -> None:
    db = str(tmp_path / "g.db")
    good = tmp_path / "SY.txt"
    good.write_text("\n".join(GEONAMES) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["gazetteer", "load", str(good), "--db", db])
    assert result.exit_code == 0 and "loaded 2 place(s)" in result.stdout
    again = CliRunner().invoke(app, ["gazetteer", "load", str(good), "--db", db])
    assert again.exit_code == 0
    workspace = pipeline.open_workspace(db)
    entries = list(workspace.extracted.gazetteer_entries())
    assert sorted(e.name for e in entries) == ["Kafr Zita", "Tiny Hamlet"]
    assert "Kfar Zita" in next(e for e in entries if e.name == "Kafr Zita").alternate_names
    bad = tmp_path / "bad.txt"
    bad.write_text(GEONAMES[0] + "\nonly\tthree\tcolumns\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["gazetteer", "load", str(bad), "--db", db])
    assert result.exit_code == 1 and "line 2" in result.stderr
    workspace.reports.engine.dispose()


@pytest.mark.slow
def test_ingest_extracts_and_user_alias_is_used(tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    runner = CliRunner()
    assert (
        runner.invoke(
            app,
            ["sources", "alias", "Valley Monitoring Group", "VMG", "--kind", "monitor", "--db", db],
        ).exit_code
        == 0
    )
    report = tmp_path / "r.txt"
    report.write_text("Seven civilians were killed in shelling on Masyaf on Monday, VMG said.\n")
    result = runner.invoke(
        app, ["ingest", str(report), "--db", db, "--published", "2026-06-16", "--json"]
    )
    assert result.exit_code == 0, result.output
    workspace = pipeline.open_workspace(db)
    (stored,) = workspace.extracted.claims(1)
    assert stored["best"] == 7
    assert stored["source"] == {"name": "Valley Monitoring Group", "kind": "monitor"}
    no_extract = tmp_path / "n.txt"
    no_extract.write_text("Three soldiers were killed near Hama, the army said.\n")
    result = runner.invoke(app, ["ingest", str(no_extract), "--db", db, "--no-extract", "--json"])
    (row,) = json.loads(result.stdout)
    assert workspace.extracted.claims(row["report_id"]) == []
    assert workspace.reports.extracted_at(row["report_id"]) is None
    # Running the batch again extracts what the first run left unextracted.
    result = runner.invoke(app, ["ingest", str(no_extract), "--db", db])
    assert len(workspace.extracted.claims(row["report_id"])) == 1
    result = runner.invoke(app, ["reextract", "--db", db])
    assert result.exit_code == 0 and "re-extracted 2" in result.stdout
    with Session(workspace.reports.engine) as session:
        assert session.scalar(select(func.count()).select_from(ClaimRow)) == 2
    workspace.reports.engine.dispose()
