"""Stage 3 in helper processes gives the same results, in input order, as in-process."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from warmonitor.errors import InputError
from warmonitor.ingest import PARALLEL_AFTER, analyse, analysed
from warmonitor.ingest.parallel import ordered_map
from warmonitor.records import IncomingReport, Retrieval


def _square(x: int) -> int:
    if x < 0:
        raise ValueError(f"negative: {x}")
    return x * x


def test_ordered_map_keeps_input_order_over_several_helpers() -> None:
    pairs = list(ordered_map(_square, range(500), arg=lambda i: i, helpers=2, chunk_size=7))
    assert pairs == [(i, i * i) for i in range(500)]


def test_ordered_map_raises_a_helpers_error_at_its_item() -> None:
    seen = []
    with pytest.raises(ValueError, match="negative: -1"):
        for item, _ in ordered_map(_square, [*range(100), -1, 5], arg=lambda i: i, chunk_size=10):
            seen.append(item)
    assert seen == list(range(100))


def test_large_batch_is_analysed_in_helpers_like_in_process() -> None:
    retrieval = Retrieval(uri="file:///batch.jsonl", raw=b"", retrieved_at=datetime.now(UTC))
    items: list[IncomingReport | InputError] = []
    for i in range(PARALLEL_AFTER + 50):
        if i % 97 == 3:
            items.append(InputError(f"line {i}", "malformed JSON"))
        else:
            text = f"Report {i}: shelling hit the town of Velmora on day {i}, officials said."
            items.append(IncomingReport(text=text, retrieval=retrieval, locator=f"line {i}"))
    results = list(analysed(items))
    assert [item for item, _ in results] == items
    for item, analysis in results:
        if isinstance(item, InputError):
            assert analysis is None
        else:
            assert analysis == analyse(item.text)
