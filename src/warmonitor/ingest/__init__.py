"""Ingestion: reading reports from files, folders, feeds and URLs into the store.

Stages, for each target of a batch:

1. ``sources``: get the bytes (a file, every file of a folder, a URL).
2. ``formats``: read reports out of them (text, HTML, JSON Lines, RSS/Atom).
3. ``language``: tell the language; reports not in English are stored but marked.
4. ``store.ReportStore.add``: store each report in its own transaction, telling
   duplicates, republished copies and new versions apart.

A bad item never stops the batch: it becomes a *rejected* outcome with its reason.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from warmonitor.config import Settings
from warmonitor.errors import InputError
from warmonitor.ingest.formats import NO_HINTS, Hints, parse_retrieval
from warmonitor.ingest.language import detect_language, is_supported
from warmonitor.ingest.sources import expand_paths, fetch_url, is_url, read_file
from warmonitor.records import IncomingReport, IngestOutcome, IngestStatus

if TYPE_CHECKING:
    from warmonitor.store.reports import ReportStore

log = logging.getLogger(__name__)

__all__ = ["BatchSummary", "Hints", "ingest_targets", "read_targets"]


@dataclass(slots=True)
class BatchSummary:
    """What a batch did: one outcome per item, in input order."""

    outcomes: list[IngestOutcome] = field(default_factory=list)
    # Reports stored whose extraction failed: (report id, reason).
    extraction_failures: list[tuple[int, str]] = field(default_factory=list)

    def count(self, status: IngestStatus) -> int:
        return sum(1 for o in self.outcomes if o.status is status)

    @property
    def rejected(self) -> list[IngestOutcome]:
        return [o for o in self.outcomes if o.status is IngestStatus.REJECTED]

    @property
    def ok(self) -> bool:
        return not self.rejected and not self.extraction_failures


def read_targets(
    targets: Iterable[str], *, settings: Settings, hints: Hints = NO_HINTS
) -> Iterator[IncomingReport | InputError]:
    """Every report in the targets (paths, folders, URLs), or an error per bad item."""
    for target in targets:
        if is_url(target):
            try:
                retrieval = fetch_url(
                    target,
                    max_bytes=settings.max_bytes,
                    timeout=settings.fetch_timeout,
                    user_agent=settings.user_agent,
                )
            except InputError as e:
                yield e
                continue
            yield from parse_retrieval(retrieval, hints=hints)
            continue
        try:
            paths = list(expand_paths(target))
        except InputError as e:
            yield e
            continue
        for path in paths:
            try:
                retrieval = read_file(path, max_bytes=settings.max_bytes)
            except InputError as e:
                yield e
                continue
            yield from parse_retrieval(retrieval, hints=hints)


def ingest_targets(
    targets: Iterable[str],
    *,
    store: ReportStore,
    settings: Settings,
    hints: Hints = NO_HINTS,
    on_outcome: Callable[[IngestOutcome], None] | None = None,
    summary: BatchSummary | None = None,
) -> BatchSummary:
    """Read and store every report in ``targets``; never stops on a bad item."""
    summary = summary if summary is not None else BatchSummary()
    for item in read_targets(targets, settings=settings, hints=hints):
        if isinstance(item, InputError):
            log.info("rejected %s: %s", item.input, item.problem)
            outcome = IngestOutcome(IngestStatus.REJECTED, item.input, reason=item.problem)
        else:
            language = item.language or detect_language(item.text)
            outcome = store.add(item, language=language, language_supported=is_supported(language))
            log.info("%s: %s", outcome.status.value, outcome.input)
        summary.outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    return summary
