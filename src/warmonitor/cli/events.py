"""Commands on events: rebuild, events, event, toll."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

import typer
from rich.table import Table

from warmonitor import pipeline
from warmonitor.cli import (
    DbOption,
    JsonOption,
    _errors,
    _parse_when,
    app,
    err,
    out,
)
from warmonitor.errors import EventNotFoundError


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
    per_day: Annotated[
        bool,
        typer.Option(
            "--per-day", help="Count events and deaths per day (each event on its first day)."
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """List events (top-level by default: a parent's toll never adds its children's)."""
    from warmonitor.store.events import EventFilter, EventQueries, count_per_day

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
    if per_day:
        _print_per_day(count_per_day(events), as_json)
        return
    if as_json:
        out.print_json(json.dumps(events, ensure_ascii=False))
        return
    table = Table(show_edge=False)
    for column in ("id", "dates", "type", "place", "killed (low/best/high)", "reports"):
        table.add_column(column)
    for e in events:
        deaths = e["ucdp"]
        toll = f"{deaths['low']}/{deaths['best']}/{deaths['high']}" if deaths["best"] else "-"
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


def _print_per_day(days: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        out.print_json(json.dumps(days, ensure_ascii=False))
        return
    table = Table(show_edge=False)
    for column in ("day", "events", "deaths (best)", "events with deaths"):
        table.add_column(column)
    for d in days:
        table.add_row(d["date"], str(d["events"]), str(d["deaths"]), str(d["events_with_deaths"]))
    out.print(table)


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
            f"{h['low']}/{h['best']}/{h['high']} (report {h['report_id']}"
            + (", a republished copy: counted once)" if h["duplicate"] else ")")
            + (" verified" if h["verified"] else ""),
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
