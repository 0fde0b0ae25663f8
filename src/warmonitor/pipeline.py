"""The pipeline in one readable place: ingest -> extract -> geo -> link -> store.

Each function wires stages for one job; the CLI and the API call these, never
the stages directly.

1. ``ingest``: read targets into reports (``warmonitor.ingest``) and store each
   one (``warmonitor.store``), telling duplicates, copies and versions apart.
2. extraction, geocoding and linking run on stored reports (later stages).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from warmonitor.config import Settings, resolve_db_url
from warmonitor.ingest import BatchSummary, Hints, ingest_targets
from warmonitor.records import IngestOutcome
from warmonitor.store import ReportStore, open_database, upgrade
from warmonitor.store.database import create_db_engine


@dataclass(frozen=True, slots=True)
class Workspace:
    """The settings and the open store one command works with."""

    settings: Settings
    reports: ReportStore


def open_workspace(db: str | None = None, *, settings: Settings | None = None) -> Workspace:
    """Open (and migrate) the database named by ``db``, ``WARMONITOR_DB`` or the default."""
    settings = settings or Settings()
    engine = open_database(resolve_db_url(db, settings=settings))
    store = ReportStore(engine, near_duplicate_threshold=settings.near_duplicate_threshold)
    return Workspace(settings=settings, reports=store)


def upgrade_database(db: str | None = None, *, settings: Settings | None = None) -> str:
    """Run the migrations; returns the database URL."""
    url = resolve_db_url(db, settings=settings or Settings())
    upgrade(create_db_engine(url))
    return url


def ingest(
    workspace: Workspace,
    targets: Iterable[str],
    *,
    hints: Hints | None = None,
    on_outcome: Callable[[IngestOutcome], None] | None = None,
) -> BatchSummary:
    """Stage 1: read and store every report in ``targets``."""
    return ingest_targets(
        targets,
        store=workspace.reports,
        settings=workspace.settings,
        hints=hints or Hints(),
        on_outcome=on_outcome,
    )
