"""The bundled example reports: the demo's input, read as a user would."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import EXAMPLES
from warmonitor import pipeline
from warmonitor.records import IngestStatus


def test_examples_ingest_cleanly_with_wire_copies_linked(tmp_path: Path) -> None:
    workspace = pipeline.open_workspace(str(tmp_path / "demo.db"))
    summary = pipeline.ingest(workspace, [str(EXAMPLES)])
    assert summary.ok, [o.reason for o in summary.rejected]
    assert len(summary.outcomes) >= 12
    formats = {Path(o.input.split(" ")[0]).suffix for o in summary.outcomes}
    assert {".txt", ".html", ".jsonl", ".xml"} <= formats

    copies = [o for o in summary.outcomes if o.status is IngestStatus.NEAR_DUPLICATE]
    assert len(copies) == 2
    originals = {o.duplicate_of for o in copies}
    assert len(originals) == 1
    (original,) = originals
    assert original is not None
    first = workspace.reports.get(original)
    copy_outlets = {workspace.reports.get(o.report_id or 0).outlet for o in copies}
    assert first.outlet not in copy_outlets

    reports = workspace.reports.list()
    outlets = {r.outlet for r in reports if r.outlet}
    assert len(outlets) >= 4
    years = {r.published_at.year for r in reports if r.published_at}
    assert len(years) >= 2, "the older, unrelated report about the same town is missing"
    assert any(r.published_at is None for r in reports)
    assert all(r.language == "en" and r.language_supported for r in reports)

    again = pipeline.ingest(workspace, [str(EXAMPLES)])
    assert {o.status for o in again.outcomes} == {IngestStatus.DUPLICATE}
    workspace.reports.engine.dispose()


def test_report_not_in_english_is_stored_and_marked(tmp_path: Path) -> None:
    workspace = pipeline.open_workspace(str(tmp_path / "demo.db"))
    (tmp_path / "fr.txt").write_text(
        "Au moins douze personnes ont été tuées vendredi dans des affrontements près de Homs, "
        "selon une organisation de surveillance basée au Royaume-Uni."
    )
    (outcome,) = pipeline.ingest(workspace, [str(tmp_path / "fr.txt")]).outcomes
    report = workspace.reports.get(outcome.report_id or 0)
    assert report.language == "fr" and report.language_supported is False
    workspace.reports.engine.dispose()


def test_demo_shows_a_rising_toll_and_a_contradiction(tmp_path: Path) -> None:
    """What `make demo` is for: the monitor's toll rising across days of reports, and
    sources that disagree, in one top-level event."""
    from warmonitor.store.events import EventFilter, EventQueries

    workspace = pipeline.open_workspace(str(tmp_path / "demo.db"))
    pipeline.ingest(workspace, [str(EXAMPLES)])
    top = EventQueries(workspace.reports.engine).find(EventFilter())
    biggest = max(top, key=lambda e: e["report_count"])
    toll = pipeline.event_toll(workspace, biggest["id"])
    monitor = [
        c
        for c in toll.history
        if c.source == "Syrian Observatory for Human Rights"
        and c.outcome == "killed"
        and c.group == "total"
        and not c.duplicate
    ]
    days = sorted({c.time.date() for c in monitor})
    figures = [c.best for c in sorted(monitor, key=lambda c: c.time)]
    assert len(days) >= 3, figures
    assert figures == sorted(figures) and figures[0] < figures[-1], figures
    assert biggest["toll"]["killed"]["total"]["best"] == figures[-1]
    disagreeing = [c for c in toll.contradictions if c.kind == "sources disagree"]
    assert disagreeing, "no two sources disagree in the demo's main event"
    assert all(len(set(c.sources)) == 2 for c in disagreeing)
    workspace.reports.engine.dispose()
