"""Commands on extraction: extract, sources alias/list, gazetteer load."""

from __future__ import annotations

import json
import sys
from pathlib import Path
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
    gazetteer_app,
    out,
    sources_app,
)


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


@app.command("evaluate")
def evaluate_command(
    gold: Annotated[Path, typer.Option("--gold", help="The gold file to score against.")],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="acled (CSV export or JSON Lines with notes), ucdp (GED CSV with headlines) "
            "or jsonl (ingest's JSON Lines plus a `gold` object).",
        ),
    ],
    limit: Annotated[int | None, typer.Option(min=1, help="Score only the first N rows.")] = None,
    model: Annotated[
        Path | None,
        typer.Option(
            "--model",
            help="An event-type model from `warmonitor train`, used where rules are unsure.",
        ),
    ] = None,
) -> None:
    """Score extraction against a gold file: each metric beside a naive baseline."""
    from warmonitor.evaluate import format_report, run_evaluate

    if fmt not in ("acled", "ucdp", "jsonl"):
        raise typer.BadParameter("acled, ucdp or jsonl", param_hint="--format")
    with _errors():
        extractor = None
        if model is not None:
            from warmonitor.extract.extractor import Extractor
            from warmonitor.extract.trained import EventTypeModel

            extractor = Extractor(event_model=EventTypeModel.load(model))
        report = run_evaluate(gold, fmt, limit=limit, extractor=extractor)
    for line in format_report(report):
        out.print(line, highlight=False, markup=False)


@app.command("train")
def train_command(
    file: Annotated[
        Path, typer.Argument(help="Your ACLED export: CSV, or JSON Lines, with notes.")
    ],
    model_out: Annotated[
        Path, typer.Option("--out", help="Where to write the model (a .npz file).")
    ],
    alpha: Annotated[float, typer.Option(min=0.0001, help="Additive smoothing.")] = 0.1,
    min_count: Annotated[
        int, typer.Option(min=1, help="Leave out words seen in fewer rows than this.")
    ] = 2,
) -> None:
    """Train an event-type classifier on your own ACLED export, for your own use.

    Nothing trained ships with warmonitor. Use the model with `WARMONITOR_EVENT_MODEL=PATH`
    (extract, ingest) or `evaluate --model PATH`: it types events only where the rules
    are unsure.
    """
    from warmonitor.extract.trained import train, training_rows
    from warmonitor.gold import read_rows

    with _errors():
        if not file.exists():
            from warmonitor.errors import InputError

            raise InputError(str(file), "no such file")
        model = train(
            training_rows(row for _, row in read_rows(file)), alpha=alpha, min_count=min_count
        )
        model.save(model_out)
    out.print(
        f"trained on {model.trained_on} row(s): {len(model.classes)} sub-event type(s), "
        f"{len(model.vocabulary)} feature(s); wrote {model_out}",
        highlight=False,
    )
