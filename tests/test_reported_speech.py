"""A past perfect in reported speech is the news, not history; real history stays background."""

from __future__ import annotations

from datetime import date

import pytest

from warmonitor.extract import extract

PUBLISHED = date(2026, 6, 11)


@pytest.mark.parametrize(
    "text",
    [
        "The monitor said 96 people had been killed.",
        "The monitor said that 96 people had died.",
        "96 people had been killed by Friday, the monitor said.",
        "According to the Observatory, 96 people had been killed by Friday.",
    ],
)
@pytest.mark.parametrize("published", [PUBLISHED, None])
def test_reported_past_perfect_gives_a_claim(text: str, published: date | None) -> None:
    result = extract(text, published=published)
    assert [(c.outcome, c.best) for c in result.claims] == [("killed", 96)]
    assert not result.background


@pytest.mark.parametrize(
    "text",
    [
        "Assad had ruled Syria for 24 years before he was overthrown in December.",
        "Hundreds had been killed in the town in 2013.",
        "The army said rebels had captured the town three years ago.",
    ],
)
def test_recalled_history_stays_background(text: str) -> None:
    result = extract(text, published=PUBLISHED)
    assert not result.claims and not result.events
    assert len(result.background) == 1
