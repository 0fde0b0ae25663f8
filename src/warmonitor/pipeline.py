"""The pipeline in one readable place: ingest -> extract -> geo -> link -> store.

Each function wires stages for one job; the CLI and the API call these, never
the stages directly.

1. ``ingest``: read targets into reports (``warmonitor.ingest``) and store each
   one (``warmonitor.store``), telling duplicates, copies and versions apart.
2. ``extract_*``: read a report's figures, events, places, reactions, outages and
   testimony (``warmonitor.extract``, which uses ``warmonitor.geo``).
3. linking events across reports comes next.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from warmonitor.config import Settings, resolve_db_url
from warmonitor.errors import InputError
from warmonitor.ingest import BatchSummary, Hints, ingest_targets
from warmonitor.ingest.formats import parse_retrieval, report_from_json
from warmonitor.ingest.sources import read_file
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


def extract_text(
    text: str, *, published: date | datetime | None = None, outlet: str | None = None
) -> dict[str, Any]:
    """Stage 2 on one text: the JSON result (unsupported languages give empty lists)."""
    from warmonitor.extract import extract
    from warmonitor.extract.result import Extraction
    from warmonitor.ingest.language import detect_language, is_supported

    if not is_supported(detect_language(text)):
        return Extraction(text=text, language_supported=False).to_json()
    return extract(text, published=published, outlet=outlet).to_json()


def extract_file(path: Path, *, published: datetime | None = None) -> dict[str, Any]:
    """Stage 2 on a text or HTML file; the page's own publication date is used when given."""
    settings = Settings()
    retrieval = read_file(path, max_bytes=settings.max_bytes)
    items = list(parse_retrieval(retrieval, hints=Hints(published_at=published)))
    if len(items) != 1:
        raise InputError(str(path), "one report (a text or HTML file) is expected")
    (item,) = items
    if isinstance(item, InputError):
        raise item
    return extract_text(item.text, published=item.published_at, outlet=item.outlet)


def extract_jsonl(path: Path) -> Iterator[tuple[Any, dict[str, Any]]]:
    """Stage 2 on every line of a JSON Lines file: (id, result or {"error": ...})."""
    settings = Settings()
    retrieval = read_file(path, max_bytes=settings.max_bytes)
    text = retrieval.raw.decode("utf-8-sig", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path} line {number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as e:
            yield None, {"error": f"{where}: malformed JSON: {e.msg}"}
            continue
        line_id = item.get("id") if isinstance(item, dict) else None
        if line_id is None:
            yield None, {"error": f"{where}: `id` is required"}
            continue
        try:
            report = report_from_json(item, where)
            result = extract_text(report.text, published=report.published_at, outlet=report.outlet)
        except InputError as e:
            yield line_id, {"error": str(e)}
            continue
        yield line_id, result


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
