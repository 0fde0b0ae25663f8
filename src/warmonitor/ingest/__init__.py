"""Ingestion: reading reports from files, folders, feeds and URLs into the store.

Stages, for each target of a batch:

1. ``sources``: get the bytes (a file, every file of a folder, a URL).
2. ``formats``: read reports out of them (text, HTML, JSON Lines, RSS/Atom).
3. ``language``: tell the language; reports not in English are stored but marked.
   ``similarity``: the text's content hash, MinHash and LSH bands.
4. ``store.ReportStore.add``: store each report in its own transaction, telling
   duplicates, republished copies and new versions apart.

A bad item never stops the batch: it becomes a *rejected* outcome with its reason.

Stage 3 costs as much as stage 4, which has one writer.  A batch of more than
``PARALLEL_AFTER`` items runs stage 3 in helper processes (``parallel``), a few
dozen reports ahead of the store; a smaller one, in the calling process, so that
a single report pays no process start.  Outcomes come in input order either way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import TYPE_CHECKING

from warmonitor.config import Settings
from warmonitor.errors import InputError
from warmonitor.ingest.formats import NO_HINTS, Hints, parse_retrieval
from warmonitor.ingest.language import detect_language, is_supported
from warmonitor.ingest.parallel import default_helpers, ordered_map
from warmonitor.ingest.similarity import Fingerprint, compute_fingerprint
from warmonitor.ingest.sources import expand_paths, fetch_url, is_url, read_file
from warmonitor.records import IncomingReport, IngestOutcome, IngestStatus

if TYPE_CHECKING:
    from warmonitor.store.reports import ReportStore

log = logging.getLogger(__name__)

__all__ = [
    "Analysis",
    "BatchSummary",
    "Hints",
    "analyse",
    "analysed",
    "ingest_targets",
    "read_targets",
]

# A batch with more items than this analyses them in helper processes.
PARALLEL_AFTER = 200


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


@dataclass(frozen=True, slots=True)
class Analysis:
    """Stage 3 on one report: its language and the fingerprint the store compares."""

    language: str
    fingerprint: Fingerprint


def analyse(text: str, language: str | None = None) -> Analysis:
    """The language (``language`` when the input named it) and fingerprint of ``text``."""
    return Analysis(language or detect_language(text), compute_fingerprint(text))


def _analyse_item(args: tuple[str, str | None] | None) -> Analysis | None:
    return None if args is None else analyse(*args)


def _analysis_args(item: IncomingReport | InputError) -> tuple[str, str | None] | None:
    return None if isinstance(item, InputError) else (item.text, item.language)


def analysed(
    items: Iterable[IncomingReport | InputError], *, helpers: int | None = None
) -> Generator[tuple[IncomingReport | InputError, Analysis | None], None, None]:
    """Each item with its analysis (None for an error), in input order.

    Past ``PARALLEL_AFTER`` items, the analyses are made in helper processes.
    """
    stream = iter(items)
    head = list(islice(stream, PARALLEL_AFTER + 1))
    if len(head) <= PARALLEL_AFTER:
        for item in head:
            yield item, _analyse_item(_analysis_args(item))
        return
    yield from ordered_map(
        _analyse_item,
        chain(head, stream),
        arg=_analysis_args,
        helpers=helpers or default_helpers(),
    )


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
    items = analysed(read_targets(targets, settings=settings, hints=hints))
    with closing(items), store.batch():
        for item, analysis in items:
            if isinstance(item, InputError):
                log.info("rejected %s: %s", item.input, item.problem)
                outcome = IngestOutcome(IngestStatus.REJECTED, item.input, reason=item.problem)
            else:
                # Only errors come without an analysis.
                analysis = analysis or analyse(item.text, item.language)
                outcome = store.add(
                    item,
                    language=analysis.language,
                    language_supported=is_supported(analysis.language),
                    fingerprint=analysis.fingerprint,
                )
                log.info("%s: %s", outcome.status.value, outcome.input)
            summary.outcomes.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
    return summary
