"""The ``warmonitor`` command: thin commands over ``warmonitor.pipeline``.

The only module that prints.  warmonitor's exceptions are turned into one-line
errors and exit codes here: 1 when a batch rejected something, 2 for bad usage
or a database that cannot be opened.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import TypeAdapter
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from warmonitor import pipeline
from warmonitor.errors import EventNotFoundError, WarmonitorError
from warmonitor.ingest import BatchSummary, Hints
from warmonitor.ingest.formats import parse_published
from warmonitor.public import ReportDetailPublic, ReportPublic, ReportVersionPublic
from warmonitor.records import IngestOutcome, IngestStatus

app = typer.Typer(
    help="warmonitor: an auditable record of conflict events, tolls and sources from news reports.",
    no_args_is_help=True,
    add_completion=False,
)
db_app = typer.Typer(help="Manage the database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
sources_app = typer.Typer(help="The organisations figures are attributed to.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")
gazetteer_app = typer.Typer(help="Places the extractor knows.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")

out = Console()
err = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database: a SQLAlchemy URL (postgresql://...) or a SQLite file path. "
        "Default: $WARMONITOR_DB, else warmonitor.db in the working directory.",
        envvar="WARMONITOR_DB",
        show_envvar=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
PROGRESS_AFTER_SECONDS = 2.0


@app.callback()
def main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what happens.")] = False,
) -> None:
    """warmonitor turns reports of fighting into events, tolls and their sources."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


@contextmanager
def _errors() -> Iterator[None]:
    """Turn warmonitor's errors into a one-line message and exit code 2."""
    try:
        yield
    except WarmonitorError as e:
        err.print(f"[red]error:[/red] {e}", highlight=False)
        raise typer.Exit(2) from e


def _parse_when(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_published(value)
    except ValueError as e:
        raise typer.BadParameter(f"{value!r} is not an ISO 8601 date", param_hint=option) from e


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


@app.command("extract")
def extract_command(
    file: Annotated[
        Path | None, typer.Argument(help="A report: plain text or an HTML page.")
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date (ISO 8601), to resolve relative dates.")
    ] = None,
    jsonl: Annotated[
        Path | None,
        typer.Option(
            "--jsonl",
            help="JSON Lines input (`id` required, `text`, `published`, ...): one JSON result "
            "per line on stdout, in input order.",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Extract casualty figures, events, places, reactions, outages and testimony from reports.

    Reads no database and stores nothing: `ingest` stores reports and their records.
    """
    if (file is None) == (jsonl is None):
        raise typer.BadParameter("give either FILE or --jsonl FILE")
    with _errors():
        if jsonl is not None:
            failures = _extract_jsonl(jsonl)
            if failures:
                raise typer.Exit(1)
            return
        assert file is not None
        result = pipeline.extract_file(file, published=_parse_when(published, "--published"))
    if as_json:
        out.print_json(json.dumps(result, ensure_ascii=False))
        return
    _print_extraction(result)


def _extract_jsonl(path: Path) -> int:
    """Extract every line of a JSON Lines file; prints one JSON line each; returns failures."""
    failures = 0
    for line_id, result in pipeline.extract_jsonl(path):
        if "error" in result:
            failures += 1
        sys.stdout.write(json.dumps({"id": line_id, **result}, ensure_ascii=False) + "\n")
    return failures


def _print_extraction(result: dict[str, Any]) -> None:
    if not result.get("language_supported", True):
        out.print("language not supported yet: nothing extracted", highlight=False)
        return
    table = Table(title="Casualty figures", show_edge=False)
    for column in ("outcome", "group", "low", "best", "high", "qualifier", "source", "as written"):
        table.add_column(column)
    for c in result["claims"]:
        ev = c["evidence"][0]
        written = ev["sentence"][ev["span_start"] - ev["start"] : ev["span_end"] - ev["start"]]
        table.add_row(
            c["outcome"],
            c["victim_group"],
            str(c["low"]),
            str(c["best"]),
            str(c["high"]),
            c["qualifier"] or "",
            (c["source"] or {}).get("name", "-"),
            written,
        )
    out.print(table)
    for e in result["events"]:
        place = (e["place"] or {}).get("name", "?")
        out.print(
            f"event {e['id']}: {e['event_type']} / {e['sub_event_type']}, "
            f"{e['date_start']}..{e['date_end']}, {place}, "
            + ", ".join(f"{a['name']} ({a['acled_class']}, {a['role']})" for a in e["actors"]),
            highlight=False,
        )
    places = ", ".join(f"{p['as_written']} ({p['role']})" for p in result["places"])
    out.print(f"places: {places}", highlight=False)
    for s in result["statements"]:
        out.print(
            f"statement: {s['speaker']} ({s['channel'] or '-'}): {', '.join(s['stance'])}",
            highlight=False,
        )
    for d in result["disruptions"]:
        out.print(
            f"disruption: {d['service']} {d['status']} {(d['place'] or {}).get('name', '')}",
            highlight=False,
        )
    for t in result["testimonies"]:
        out.print(
            f"testimony: {t['witness'] or 'unnamed'}, {t['age'] or '?'}: {t['quote']}",
            highlight=False,
        )
    for b in result["background"]:
        out.print(f"background: {b['summary']}", highlight=False)


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


@app.command("rebuild")
def rebuild_command(db: DbOption = None) -> None:
    """Link all stored claims into events again, from scratch (same input, same events and ids)."""
    with _errors():
        workspace = pipeline.open_workspace(db)
        result = pipeline.link(workspace)
    out.print(
        f"{result.events} event(s), {result.top_level} top-level, "
        f"from {result.mentions} mention(s)",
        highlight=False,
    )


@app.command("events")
def events_command(
    db: DbOption = None,
    since: Annotated[str | None, typer.Option(help="Events ending on or after this date.")] = None,
    until: Annotated[
        str | None, typer.Option(help="Events starting on or before this date.")
    ] = None,
    country: Annotated[
        str | None, typer.Option(help="ISO 3166 alpha-2 code or country name.")
    ] = None,
    place: Annotated[str | None, typer.Option(help="Place name (part of it).")] = None,
    event_type: Annotated[
        str | None, typer.Option("--type", help="ACLED event type or sub-event type.")
    ] = None,
    min_deaths: Annotated[
        int | None, typer.Option(min=0, help="Only events whose best death toll is at least N.")
    ] = None,
    level: Annotated[
        str, typer.Option(help="top: umbrellas and lone events; leaf: the smallest events.")
    ] = "top",
    as_json: JsonOption = False,
) -> None:
    """List events (top-level by default: a parent's toll never adds its children's)."""
    from warmonitor.store.events import EventFilter, EventQueries

    if level not in ("top", "leaf"):
        raise typer.BadParameter("top or leaf", param_hint="--level")
    flt = EventFilter(
        since=_day(since, "--since"),
        until=_day(until, "--until"),
        country=country,
        place=place,
        event_type=event_type,
        min_deaths=min_deaths,
        level=level,
    )
    with _errors():
        workspace = pipeline.open_workspace(db)
        events = EventQueries(workspace.reports.engine).find(flt)
    if as_json:
        out.print_json(json.dumps(events, ensure_ascii=False))
        return
    table = Table(show_edge=False)
    for column in ("id", "dates", "type", "place", "killed (low/best/high)", "reports"):
        table.add_column(column)
    for e in events:
        killed = e["toll"].get("killed", {})
        figure = killed.get("total") or next(iter(killed.values()), None)
        toll = f"{figure['low']}/{figure['best']}/{figure['high']}" if figure else "-"
        table.add_row(
            e["id"] + (f" (in {e['parent_id']})" if e["parent_id"] else ""),
            f"{e['date_start']}..{e['date_end']}",
            e["sub_event_type"] or e["event_type"] or "-",
            (e["place"] or {}).get("name", "-"),
            toll,
            str(e["report_count"]),
        )
    out.print(table)
    out.print(f"{len(events)} event(s)", highlight=False)


def _day(value: str | None, option: str) -> date | None:
    when = _parse_when(value, option)
    return when.date() if when else None


@app.command("event")
def event_command(
    event_id: Annotated[str, typer.Argument(help="The event's id (ev_...).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one event: its toll, claims, history, contradictions, reports, places, actors."""
    from warmonitor.store.events import EventQueries

    with _errors():
        workspace = pipeline.open_workspace(db)
        detail = EventQueries(workspace.reports.engine).detail(event_id)
        if detail is None:
            raise EventNotFoundError(f"no event has id {event_id}")
        toll = pipeline.event_toll(workspace, event_id)
    detail["claims"] = [_claim_json(c) for c in toll.history]
    detail["history"] = [_history_json(c) for c in toll.history]
    detail["contradictions"] = [_contradiction_json(c) for c in toll.contradictions]
    detail["checks"] = toll.checks
    if as_json:
        out.print_json(json.dumps(detail, ensure_ascii=False, default=str))
        return
    out.print(f"[bold]{detail['title']}[/bold] ({detail['id']})", highlight=False)
    _print_toll(detail["toll"])
    for c in detail["contradictions"]:
        out.print(
            f"contradiction: {c['outcome']} {c['group']}: {c['sources']} {c['values']}",
            highlight=False,
        )
    for r in detail["reports"]:
        out.print(
            f"report {r['id']}: {r['published']} {r['outlet'] or ''} {r['url'] or ''}",
            highlight=False,
        )
    if detail["children"]:
        out.print(f"sub-events: {', '.join(detail['children'])}", highlight=False)


@app.command("toll")
def toll_command(
    event_id: Annotated[str, typer.Argument(help="The event's id (ev_...).")],
    db: DbOption = None,
    history: Annotated[
        bool, typer.Option("--history", help="Show every figure, source by source, in time order.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """An event's toll (low/best/high per outcome and victim group) and how it moved."""
    from warmonitor.link.build import toll_json

    with _errors():
        workspace = pipeline.open_workspace(db)
        toll = pipeline.event_toll(workspace, event_id)
    if not toll.history:
        err.print(f"[red]error:[/red] no event has id {event_id}, or it has no figures")
        raise typer.Exit(2)
    result: dict[str, Any] = {"event_id": event_id, "toll": toll_json(toll)}
    if history:
        result["history"] = [_history_json(c) for c in toll.history]
    result["contradictions"] = [_contradiction_json(c) for c in toll.contradictions]
    if as_json:
        out.print_json(json.dumps(result, ensure_ascii=False, default=str))
        return
    _print_toll(result["toll"])
    for h in result.get("history", []):
        out.print(
            f"{h['time']}  {h['source']}: {h['outcome']} {h['group']} "
            f"{h['low']}/{h['best']}/{h['high']} (report {h['report_id']})",
            highlight=False,
        )


def _print_toll(toll: dict[str, Any]) -> None:
    for outcome, groups in toll.items():
        for group, f in groups.items():
            verified = f" (verified {f['verified']})" if f.get("verified") is not None else ""
            out.print(
                f"{outcome} {group}: {f['low']}/{f['best']}/{f['high']}{verified}", highlight=False
            )


def _history_json(c: Any) -> dict[str, Any]:
    return {
        "time": c.time.isoformat(),
        "source": c.source,
        "outcome": c.outcome,
        "group": c.group,
        "low": c.low,
        "best": c.best,
        "high": c.high,
        "verified": c.verified,
        "duplicate": c.duplicate,
        "report_id": c.report_id,
        "report_url": c.report_url,
    }


def _claim_json(c: Any) -> dict[str, Any]:
    return {
        "id": c.id,
        **_history_json(c),
        "cumulative": c.cumulative,
        "source_kind": c.source_kind,
    }


def _contradiction_json(c: Any) -> dict[str, Any]:
    return {
        "outcome": c.outcome,
        "group": c.group,
        "claims": list(c.claims),
        "sources": list(c.sources),
        "values": list(c.values),
        "kind": c.kind,
    }


@sources_app.command("alias")
def sources_alias(
    name: Annotated[str, typer.Argument(help="The organisation's canonical name.")],
    alias: Annotated[str, typer.Argument(help="Another name reports use for it.")],
    kind: Annotated[
        str | None,
        typer.Option(help="monitor, un, ngo, government, armed_group, media, person or unknown."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Teach the registry another name for an organisation (used by later extractions)."""
    kinds = ("monitor", "un", "ngo", "government", "armed_group", "media", "person", "unknown")
    if kind is not None and kind not in kinds:
        raise typer.BadParameter(f"{kind!r} is not one of {', '.join(kinds)}", param_hint="--kind")
    with _errors():
        workspace = pipeline.open_workspace(db)
        workspace.extracted.add_alias(name, alias, kind=kind)
    out.print(f"{alias!r} now means {name!r}", highlight=False)


@sources_app.command("list")
def sources_list(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List the organisations users added to this database, with their aliases."""
    with _errors():
        workspace = pipeline.open_workspace(db)
        organisations = workspace.extracted.organisations()
    rows = [{"name": o.name, "kind": o.kind, "aliases": list(o.aliases)} for o in organisations]
    if as_json:
        out.print_json(json.dumps(rows, ensure_ascii=False))
        return
    for row in rows:
        out.print(f"{row['name']} ({row['kind']}): {', '.join(row['aliases'])}", highlight=False)


@gazetteer_app.command("load")
def gazetteer_load(
    file: Annotated[
        Path, typer.Argument(help="A GeoNames dump: allCountries.txt or a country file (SY.txt).")
    ],
    db: DbOption = None,
) -> None:
    """Load places from a GeoNames dump (tab-separated, GeoNames' documented columns)."""
    from warmonitor.geo import GazetteerFormatError, load_geonames_dump

    with _errors():
        workspace = pipeline.open_workspace(db)
        try:
            count = workspace.extracted.save_gazetteer_entries(load_geonames_dump(file))
        except GazetteerFormatError as e:
            err.print(
                f"[red]error:[/red] {e} (the places before that line were loaded)",
                highlight=False,
            )
            raise typer.Exit(1) from e
        except OSError as e:
            err.print(f"[red]error:[/red] {file}: {e.strerror or e}", highlight=False)
            raise typer.Exit(2) from e
    out.print(f"loaded {count} place(s) from {file}", highlight=False)


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None) -> None:
    """Create the database or bring its schema to the newest version."""
    with _errors():
        url = pipeline.upgrade_database(db)
    out.print(f"database is up to date: {url.split('@')[-1]}", highlight=False)


if __name__ == "__main__":  # pragma: no cover
    app()
