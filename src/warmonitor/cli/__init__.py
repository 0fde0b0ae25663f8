"""The ``warmonitor`` command: thin commands over ``warmonitor.pipeline``.

Commands live by subject: ``reports`` (ingest, reports, report, reextract, db),
``extract`` (extract, sources, gazetteer) and ``events`` (rebuild, events, event,
toll); this module holds the app and what they share.

The only module that prints.  warmonitor's exceptions are turned into one-line
errors and exit codes here: 1 when a batch rejected something, 2 for bad usage
or a database that cannot be opened.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated

import typer
from rich.console import Console

from warmonitor.errors import WarmonitorError
from warmonitor.ingest.formats import parse_published

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


# The commands, registered on ``app`` when their modules are imported (in help order).
from warmonitor.cli import reports as _reports  # noqa: E402

# isort: split
from warmonitor.cli import extract as _extract  # noqa: E402

# isort: split
from warmonitor.cli import events as _events  # noqa: E402

# isort: split
from warmonitor.cli import review as _review  # noqa: E402

__all__ = ["_events", "_extract", "_reports", "_review", "app"]
