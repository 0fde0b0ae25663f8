"""Commands for analysts' decisions on events: merge, split."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer

from warmonitor import pipeline
from warmonitor.cli import DbOption, _errors, app, out

AnalystOption = Annotated[
    str | None,
    typer.Option("--by", help="Who decides (kept in the audit log); default: the login name."),
]
NoteOption = Annotated[
    str | None, typer.Option("--note", help="Why: kept with the decision and in the audit log.")
]


def _analyst(name: str | None) -> str:
    return name or getpass.getuser()


@app.command("merge")
def merge_command(
    survivor: Annotated[str, typer.Argument(help="The event that stays (keeps its id).")],
    others: Annotated[list[str], typer.Argument(help="The events merged into it.")],
    db: DbOption = None,
    by: AnalystOption = None,
    note: NoteOption = None,
) -> None:
    """Merge events into one that keeps its id; the decision survives relinks and rebuilds."""
    with _errors():
        workspace = pipeline.open_workspace(db)
        result = pipeline.merge_events(workspace, survivor, others, analyst=_analyst(by), note=note)
    out.print(
        f"merged {', '.join(result.other_ids)} into {result.event_id} "
        f"({result.pinned} record(s) pinned)",
        highlight=False,
    )


@app.command("split")
def split_command(
    event_id: Annotated[str, typer.Argument(help="The event to split.")],
    report: Annotated[
        list[int],
        typer.Option(
            "--report", help="A report whose records leave the event (repeat for several)."
        ),
    ],
    db: DbOption = None,
    by: AnalystOption = None,
    note: NoteOption = None,
) -> None:
    """Split off an event's records from the named reports into a new event (a new id)."""
    with _errors():
        workspace = pipeline.open_workspace(db)
        result = pipeline.split_event(workspace, event_id, report, analyst=_analyst(by), note=note)
    out.print(
        f"split {result.other_ids[0]} off {result.event_id} ({result.pinned} record(s) pinned)",
        highlight=False,
    )
