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
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from warmonitor.config import Settings, resolve_db_url
from warmonitor.errors import InputError
from warmonitor.ingest import BatchSummary, Hints, ingest_targets
from warmonitor.ingest.formats import parse_retrieval, report_from_json
from warmonitor.ingest.sources import read_file
from warmonitor.records import IngestOutcome, IngestStatus
from warmonitor.store import ReportStore, open_database, upgrade
from warmonitor.store.database import create_db_engine
from warmonitor.store.extracted import ExtractionStore

if TYPE_CHECKING:
    from warmonitor.extract.extractor import Extractor
    from warmonitor.link.build import LinkResult
    from warmonitor.link.toll import Toll
    from warmonitor.store.review import ReviewResult

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Workspace:
    """The settings, the open stores and (made on first use) the extractor of one command."""

    settings: Settings
    reports: ReportStore
    extracted: ExtractionStore
    _extractor: Extractor | None = None

    @property
    def extractor(self) -> Extractor:
        """The extractor, with the organisations and places users added to this database."""
        if self._extractor is None:
            from warmonitor.extract.extractor import Extractor, default_gazetteer
            from warmonitor.extract.organisations import OrganisationRegistry
            from warmonitor.geo import Gazetteer

            registry = OrganisationRegistry.default()
            if self.settings.organisations_file is not None:
                registry.load_file(self.settings.organisations_file)
            registry.extend(self.extracted.organisations())
            extra = list(self.extracted.gazetteer_entries())
            gazetteer = Gazetteer.default(extra=extra) if extra else default_gazetteer()
            model = None
            if self.settings.event_model is not None:
                from warmonitor.extract.trained import EventTypeModel

                model = EventTypeModel.load(self.settings.event_model)
            self._extractor = Extractor(gazetteer=gazetteer, registry=registry, event_model=model)
        return self._extractor

    def extract_report(self, report_id: int) -> int:
        """Extract one stored report and store its records; returns how many were stored."""
        from warmonitor.extract.extractor import EXTRACTOR_VERSION
        from warmonitor.extract.result import Extraction

        report = self.reports.get(report_id)
        if report.language_supported:
            extraction = self.extractor(
                report.text, published=report.published_at, outlet=report.outlet
            )
        else:
            extraction = Extraction(text=report.text, language_supported=False)
        version = EXTRACTOR_VERSION
        model = self.extractor.event_model
        if model is not None:
            version += f"+model.{model.digest}"  # records typed with a user's own model
        return self.extracted.save(report.id, report.version, extraction, extractor_version=version)


def open_workspace(db: str | None = None, *, settings: Settings | None = None) -> Workspace:
    """Open (and migrate) the database named by ``db``, ``WARMONITOR_DB`` or the default."""
    settings = settings or Settings()
    engine = open_database(resolve_db_url(db, settings=settings))
    store = ReportStore(engine, near_duplicate_threshold=settings.near_duplicate_threshold)
    return Workspace(settings=settings, reports=store, extracted=ExtractionStore(engine))


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
    extract: bool = True,
    on_outcome: Callable[[IngestOutcome], None] | None = None,
) -> BatchSummary:
    """Stage 1, then stage 2 on each stored report (unless ``extract`` is false).

    A report stored but not yet extracted (a batch killed in between) is extracted
    when the batch runs again.  An extraction that fails is logged and listed in the
    summary; the report stays stored and the batch goes on.
    """
    summary_ref: list[BatchSummary] = []

    def after_store(outcome: IngestOutcome) -> None:
        if extract and outcome.report_id is not None and _needs_extraction(workspace, outcome):
            try:
                workspace.extract_report(outcome.report_id)
            except Exception as e:  # the batch goes on past any one report
                log.exception("extraction failed for report %s", outcome.report_id)
                summary_ref[0].extraction_failures.append((outcome.report_id, repr(e)))
        if on_outcome is not None:
            on_outcome(outcome)

    summary = BatchSummary()
    summary_ref.append(summary)
    ingest_targets(
        targets,
        store=workspace.reports,
        settings=workspace.settings,
        hints=hints or Hints(),
        on_outcome=after_store,
        summary=summary,
    )
    if extract and any(o.report_id is not None for o in summary.outcomes):
        link(workspace)
    return summary


def link(workspace: Workspace) -> LinkResult:
    """Stage 3: cluster every stored mention into events and reconcile their tolls."""
    from warmonitor.link.build import relink

    return relink(workspace.reports.engine)


def merge_events(
    workspace: Workspace,
    survivor: str,
    others: list[str],
    *,
    analyst: str,
    note: str | None = None,
) -> ReviewResult:
    """An analyst's merge: ``others`` join ``survivor``, which keeps its id; then relink."""
    from warmonitor.store.review import EventReview

    result = EventReview(workspace.reports.engine).merge(
        survivor, others, analyst=analyst, note=note
    )
    link(workspace)
    return result


def split_event(
    workspace: Workspace,
    event_id: str,
    report_ids: list[int],
    *,
    analyst: str,
    note: str | None = None,
) -> ReviewResult:
    """An analyst's split: the event's records from ``report_ids`` become a new event."""
    from warmonitor.store.review import EventReview

    result = EventReview(workspace.reports.engine).split(
        event_id, report_ids, analyst=analyst, note=note
    )
    link(workspace)
    return result


def event_toll(workspace: Workspace, event_id: str) -> Toll:
    """An event's reconciled toll with its full history and contradictions."""
    from warmonitor.link.toll import reconcile
    from warmonitor.store.events import EventQueries

    return reconcile(EventQueries(workspace.reports.engine).claims(event_id))


def _needs_extraction(workspace: Workspace, outcome: IngestOutcome) -> bool:
    if outcome.status in (IngestStatus.INGESTED, IngestStatus.NEAR_DUPLICATE, IngestStatus.VERSION):
        return True
    if outcome.status is IngestStatus.DUPLICATE and outcome.report_id is not None:
        return workspace.reports.extracted_at(outcome.report_id) is None
    return False


def reextract(
    workspace: Workspace,
    *,
    since: datetime | None = None,
    on_report: Callable[[int], None] | None = None,
) -> list[tuple[int, str]]:
    """Stage 2 again over stored reports (published since ``since``); returns failures."""
    failures: list[tuple[int, str]] = []
    for report in workspace.reports.list(since=since):
        try:
            workspace.extract_report(report.id)
        except Exception as e:  # one report's failure does not stop the rest
            log.exception("extraction failed for report %s", report.id)
            failures.append((report.id, repr(e)))
        if on_report is not None:
            on_report(report.id)
    link(workspace)
    return failures
