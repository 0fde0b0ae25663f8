"""Commands on reports: ingest, reports, report, reextract, db upgrade."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from pydantic import TypeAdapter
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from warmonitor import pipeline
from warmonitor.cli import (
    PROGRESS_AFTER_SECONDS,
    DbOption,
    JsonOption,
    _errors,
    _parse_when,
    app,
    db_app,
    err,
    out,
)
from warmonitor.ingest import BatchSummary, Hints
from warmonitor.public import ReportDetailPublic, ReportPublic, ReportVersionPublic
from warmonitor.records import IngestOutcome, IngestStatus


@app.command()
def ingest(
    targets: Annotated[
        list[str], typer.Argument(help="Files, folders (read recursively) or http(s) URLs.")
    ],
    db: DbOption = None,
    outlet: Annotated[
        str | None, typer.Option(help="Outlet of reports whose input does not name one.")
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date (ISO 8601) of reports whose input gives none."),
    ] = None,
    no_extract: Annotated[
        bool, typer.Option("--no-extract", help="Store reports without extracting records.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Ingest reports: plain text, HTML, JSON Lines, RSS/Atom feeds, folders and URLs.

    Each report is stored in its own transaction.  The same report twice changes
    nothing; a republished copy is stored and linked to the first; a URL seen
    before with new text becomes a new version.  Bad items are reported at the
    end and make the exit code 1.
    """
    hints = Hints(outlet=outlet, published_at=_parse_when(published, "--published"))
    with _errors():
        workspace = pipeline.open_workspace(db)
        with _progress() as on_outcome:
            summary = pipeline.ingest(
                workspace, targets, hints=hints, extract=not no_extract, on_outcome=on_outcome
            )
    _print_summary(summary, as_json=as_json)
    if not summary.ok:
        raise typer.Exit(1)


@contextmanager
def _progress() -> Iterator[Callable[[IngestOutcome], None]]:
    """A progress display that appears only once a batch has run a couple of seconds."""
    started = time.monotonic()
    progress: Progress | None = None
    task: TaskID | None = None
    counts: dict[IngestStatus, int] = {}

    def on_outcome(outcome: IngestOutcome) -> None:
        nonlocal progress, task
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
        if progress is None and time.monotonic() - started > PROGRESS_AFTER_SECONDS:
            progress = Progress(
                TextColumn("ingesting"),
                BarColumn(bar_width=None),
                TextColumn("{task.completed} items"),
                TextColumn("[dim]{task.fields[detail]}"),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            )
            progress.start()
            task = progress.add_task("ingest", total=None, detail="")
        if progress is not None and task is not None:
            detail = ", ".join(f"{n} {s.value}" for s, n in counts.items())
            progress.update(task, completed=sum(counts.values()), detail=detail)

    try:
        yield on_outcome
    finally:
        if progress is not None:
            progress.stop()


def _print_summary(summary: BatchSummary, *, as_json: bool) -> None:
    if as_json:
        adapter = TypeAdapter(list[dict[str, Any]])
        rows = [
            {
                "status": o.status.value,
                "input": o.input,
                "report_id": o.report_id,
                "duplicate_of": o.duplicate_of,
                "similarity": o.similarity,
                "reason": o.reason,
            }
            for o in summary.outcomes
        ]
        out.print_json(adapter.dump_json(rows).decode())
    else:
        _print_summary_table(summary)
    for o in summary.rejected:
        err.print(f"[red]rejected[/red] {o.input}: {o.reason}", highlight=False, soft_wrap=True)


def _print_summary_table(summary: BatchSummary) -> None:
    table = Table(title="Ingest summary", show_edge=False)
    table.add_column("outcome")
    table.add_column("count", justify="right")
    for status in IngestStatus:
        table.add_row(status.value, str(summary.count(status)))
    out.print(table)
    for o in summary.outcomes:
        if o.status is IngestStatus.NEAR_DUPLICATE:
            out.print(
                f"  report {o.report_id} is a copy of report {o.duplicate_of} "
                f"(similarity {o.similarity:.2f}): {o.input}",
                highlight=False,
            )
    for o in summary.rejected:
        err.print(f"[red]rejected[/red] {o.input}: {o.reason}", highlight=False, soft_wrap=True)


@app.command("reports")
def list_reports(
    db: DbOption = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Show at most N reports.")] = None,
    since: Annotated[
        str | None, typer.Option(help="Only reports published on or after this date.")
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Only reports from this outlet.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List stored reports, newest first."""
    with _errors():
        workspace = pipeline.open_workspace(db)
        reports = workspace.reports.list(
            limit=limit, since=_parse_when(since, "--since"), outlet=outlet
        )
    if as_json:
        adapter = TypeAdapter(list[ReportPublic])
        out.print_json(adapter.dump_json([ReportPublic.of(r) for r in reports]).decode())
        return
    table = Table(show_edge=False)
    for column in ("id", "published", "outlet", "title", "lang", "ver", "copy of"):
        table.add_column(column)
    for r in reports:
        table.add_row(
            str(r.id),
            r.published_at.strftime("%Y-%m-%d %H:%M") if r.published_at else "-",
            r.outlet or "-",
            (r.title or r.text.split("\n", 1)[0])[:70],
            (r.language or "?") + ("" if r.language_supported else " (not supported yet)"),
            str(r.version),
            str(r.duplicate_of) if r.duplicate_of else "",
        )
    out.print(table)
    out.print(f"{len(reports)} report(s)", highlight=False)


@app.command("report")
def show_report(
    report_id: Annotated[int, typer.Argument(help="The report's id.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one report: its metadata, text and every stored version."""
    with _errors():
        workspace = pipeline.open_workspace(db)
        report = workspace.reports.get(report_id)
        versions = workspace.reports.versions(report_id)
        claims = workspace.extracted.claims(report_id)
        counts = workspace.extracted.counts(report_id)
    detail = ReportDetailPublic(
        **ReportPublic.of(report).model_dump(),
        versions=[ReportVersionPublic.of(v) for v in versions],
        claims=claims,
        record_counts=counts,
    )
    if as_json:
        out.print_json(detail.model_dump_json())
        return
    for key, value in detail.model_dump(exclude={"text", "versions", "claims"}).items():
        out.print(f"[bold]{key}[/bold]: {value}", highlight=False)
    for v in detail.versions:
        out.print(
            f"[bold]version {v.version}[/bold]: {v.retrieved_at:%Y-%m-%d %H:%M:%S} "
            f"{v.source_uri} {v.locator} ({v.raw_bytes} raw bytes, {v.media_type or 'no type'})",
            highlight=False,
        )
    for c in detail.claims:
        ev = c["evidence"][0] if c["evidence"] else None
        written = (
            ev["sentence"][ev["span_start"] - ev["start"] : ev["span_end"] - ev["start"]]
            if ev
            else ""
        )
        source = (c["source"] or {}).get("name", "-")
        figure = f"{c['low']}/{c['best']}/{c['high']}"
        out.print(
            f"claim {c['id']}: {c['outcome']} {c['victim_group']} {figure} ({source}): {written!r}",
            highlight=False,
        )
    out.print()
    out.print(detail.text, highlight=False, markup=False)


@app.command("reextract")
def reextract_command(
    db: DbOption = None,
    since: Annotated[
        str | None, typer.Option(help="Only reports published on or after this date.")
    ] = None,
) -> None:
    """Extract stored reports again (after an upgrade of the extractor or of the registries).

    Records are updated in place; analysts' decisions are never overwritten.
    """
    with _errors():
        workspace = pipeline.open_workspace(db)
        failures = pipeline.reextract(workspace, since=_parse_when(since, "--since"))
    count = len(workspace.reports.list(since=_parse_when(since, "--since")))
    out.print(f"re-extracted {count - len(failures)} report(s)", highlight=False)
    for report_id, reason in failures:
        err.print(f"[red]extraction failed[/red] for report {report_id}: {reason}", highlight=False)
    if failures:
        raise typer.Exit(1)


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None) -> None:
    """Create the database or bring its schema to the newest version."""
    with _errors():
        url = pipeline.upgrade_database(db)
    out.print(f"database is up to date: {url.split('@')[-1]}", highlight=False)


if __name__ == "__main__":  # pragma: no cover
    app()
