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
