"""Analysts' merge and split decisions: ids kept, decisions surviving rebuilds, audit log."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from warmonitor import pipeline
from warmonitor.cli import app
from warmonitor.errors import EventNotFoundError, ReviewError
from warmonitor.store.review import split_id
from warmonitor.store.schema import AuditLogRow, ClaimRow, ReportRow, ReviewDecisionRow

REPORTS = [
    {
        "id": "baniyas-1",
        "published": "2027-03-06T08:00:00Z",
        "text": "Gunmen killed 12 civilians in the town of Baniyas on Thursday, "
        "the Syrian Observatory for Human Rights said.",
    },
    {
        "id": "jableh-1",
        "published": "2027-03-06T09:00:00Z",
        "text": "Clashes between security forces and fighters loyal to the former government "
        "killed 9 people in Jableh on Thursday, the Syrian Observatory for Human Rights said.",
    },
    {
        "id": "baniyas-2",
        "published": "2027-03-07T08:00:00Z",
        "text": "The death toll from Thursday's killings of civilians by gunmen in Baniyas has "
        "risen to 20, the Syrian Observatory for Human Rights said.",
    },
]


def _events_of(workspace: pipeline.Workspace) -> dict[str, set[str]]:
    """External report id -> the events its claims are in."""
    with Session(workspace.reports.engine) as session:
        rows = session.execute(
            select(ReportRow.external_id, ClaimRow.event_id).join(
                ClaimRow, ClaimRow.report_id == ReportRow.id
            )
        ).all()
    found: dict[str, set[str]] = {}
    for ext, eid in rows:
        found.setdefault(str(ext), set()).add(str(eid))
    return found


def _report_id(workspace: pipeline.Workspace, external: str) -> int:
    with Session(workspace.reports.engine) as session:
        rid = session.scalar(select(ReportRow.id).where(ReportRow.external_id == external))
    assert rid is not None
    return int(rid)


def _open(url: str, folder: Path) -> pipeline.Workspace:
    path = folder / "reports.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in REPORTS), encoding="utf-8")
    ws = pipeline.open_workspace(url)
    pipeline.ingest(ws, [str(path)])
    return ws


@pytest.fixture
def workspace(db_url: str, tmp_path: Path) -> Iterator[pipeline.Workspace]:
    ws = _open(db_url, tmp_path)
    yield ws
    ws.reports.engine.dispose()
    ws.extracted.engine.dispose()


def test_merge_keeps_the_survivor_id_and_split_gives_a_new_one(
    workspace: pipeline.Workspace,
) -> None:
    before = _events_of(workspace)
    (baniyas,) = before["baniyas-1"]
    (jableh,) = before["jableh-1"]
    assert before["baniyas-2"] == {baniyas} and jableh != baniyas

    merged = pipeline.merge_events(workspace, baniyas, [jableh], analyst="ana", note="one raid")
    assert merged.event_id == baniyas and merged.pinned >= 3
    assert set().union(*_events_of(workspace).values()) == {baniyas}
    pipeline.link(workspace)  # a rebuild keeps the analyst's decision
    assert set().union(*_events_of(workspace).values()) == {baniyas}

    later = _report_id(workspace, "baniyas-2")
    split = pipeline.split_event(workspace, baniyas, [later], analyst="ana")
    (new_id,) = split.other_ids
    assert new_id == split_id(baniyas, [later]) and new_id != baniyas
    for _ in range(2):  # after the split, and again after a rebuild
        after = _events_of(workspace)
        assert after["baniyas-2"] == {new_id}
        assert after["baniyas-1"] == after["jableh-1"] == {baniyas}
        pipeline.link(workspace)

    with Session(workspace.reports.engine) as session:
        audit = session.execute(
            select(AuditLogRow.action, AuditLogRow.target_id, AuditLogRow.after).order_by(
                AuditLogRow.id
            )
        ).all()
        live = session.scalars(
            select(ReviewDecisionRow).where(ReviewDecisionRow.superseded_by.is_(None))
        ).all()
        superseded = session.scalar(
            select(ReviewDecisionRow.id).where(ReviewDecisionRow.superseded_by.is_not(None))
        )
    assert [(a, t) for a, t, _ in audit] == [("merge", baniyas), ("split", baniyas)]
    assert audit[1][2]["new_event_id"] == new_id
    assert {d.value["event_id"] for d in live} == {baniyas, new_id}
    assert superseded is not None  # the merge's pins are kept, superseded by the split's


def test_bad_decisions_are_refused_and_change_nothing(workspace: pipeline.Workspace) -> None:
    before = _events_of(workspace)
    (baniyas,) = before["baniyas-1"]
    with pytest.raises(EventNotFoundError, match="ev_nope"):
        pipeline.merge_events(workspace, baniyas, ["ev_nope"], analyst="ana")
    with pytest.raises(ReviewError, match="besides"):
        pipeline.merge_events(workspace, baniyas, [baniyas], analyst="ana")
    jableh = _report_id(workspace, "jableh-1")
    with pytest.raises(ReviewError, match="no records"):
        pipeline.split_event(workspace, baniyas, [jableh], analyst="ana")
    both = [_report_id(workspace, "baniyas-1"), _report_id(workspace, "baniyas-2")]
    with pytest.raises(ReviewError, match="nothing would be left"):
        pipeline.split_event(workspace, baniyas, both, analyst="ana")
    assert _events_of(workspace) == before
    with Session(workspace.reports.engine) as session:
        assert session.scalar(select(ReviewDecisionRow.id)) is None


def test_cli_merge_and_split(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'cli.db'}"
    workspace = _open(db_url, tmp_path)
    runner = CliRunner()
    (baniyas,) = _events_of(workspace)["baniyas-1"]
    (jableh,) = _events_of(workspace)["jableh-1"]
    result = runner.invoke(app, ["merge", baniyas, jableh, "--db", db_url, "--by", "ana"])
    assert result.exit_code == 0, result.output
    assert f"into {baniyas}" in result.output
    report = str(_report_id(workspace, "jableh-1"))
    result = runner.invoke(app, ["split", baniyas, "--report", report, "--db", db_url])
    assert result.exit_code == 0, result.output
    assert _events_of(workspace)["jableh-1"] == {split_id(baniyas, [int(report)])}
    result = runner.invoke(app, ["merge", "ev_nope", baniyas, "--db", db_url])
    assert result.exit_code == 2 and "ev_nope" in result.output
    result = runner.invoke(app, ["events", "--per-day", "--json", "--db", db_url])
    assert result.exit_code == 0, result.output
    days = json.loads(result.output)
    assert sum(d["events"] for d in days) == 2  # Baniyas and, split off again, Jableh
    assert sum(d["deaths"] for d in days) == 29  # the latest Baniyas toll (20) and Jableh's 9
