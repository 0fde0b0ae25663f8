"""Tests for warmonitor.extract.dates: date expressions against a publication date."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Span

from warmonitor.extract.dates import DATE_RULES, DateResolution, find_dates, resolve_date

PUBLISHED = date(2025, 3, 8)  # a Saturday

# Sentences written for these tests in the manner of a war-monitor report.
REPORT = (
    "The toll from two days of clashes rose to more than 1,000 on Saturday. "
    "Clashes which erupted on Thursday came three months after insurgents took power. "
    "The group staged an offensive in early December, ending a 24-year tenure. "
    "Revenge killings that started Friday went on overnight."
)


@pytest.fixture(scope="module")
def blank() -> Language:
    return spacy.blank("en")


def span(expression: str, **options: object) -> tuple[date, date, int, int] | None:
    found = resolve_date(expression, published=PUBLISHED, **options)  # type: ignore[arg-type]
    if found is None:
        return None
    return found.start, found.end, found.time_precision, found.date_prec


D = date


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("on Thursday", (D(2025, 3, 6), D(2025, 3, 6), 1, 1)),
        ("Thursday", (D(2025, 3, 6), D(2025, 3, 6), 1, 1)),
        ("Friday", (D(2025, 3, 7), D(2025, 3, 7), 1, 1)),
        ("Saturday", (D(2025, 3, 8), D(2025, 3, 8), 1, 1)),
        ("on Saturday", (D(2025, 3, 8), D(2025, 3, 8), 1, 1)),
        ("Sunday", (D(2025, 3, 2), D(2025, 3, 2), 1, 1)),
        ("last Saturday", (D(2025, 3, 1), D(2025, 3, 1), 1, 1)),
        ("on Monday night", (D(2025, 3, 3), D(2025, 3, 3), 1, 1)),
        ("today", (D(2025, 3, 8), D(2025, 3, 8), 1, 1)),
        ("yesterday", (D(2025, 3, 7), D(2025, 3, 7), 1, 1)),
        ("the day before yesterday", (D(2025, 3, 6), D(2025, 3, 6), 1, 1)),
        ("overnight", (D(2025, 3, 7), D(2025, 3, 8), 1, 2)),
        ("last night", (D(2025, 3, 7), D(2025, 3, 8), 1, 2)),
        ("this week", (D(2025, 3, 3), D(2025, 3, 8), 2, 3)),
        ("last week", (D(2025, 2, 24), D(2025, 3, 2), 2, 3)),
        ("last weekend", (D(2025, 3, 1), D(2025, 3, 2), 2, 2)),
        ("last month", (D(2025, 2, 1), D(2025, 2, 28), 3, 4)),
        ("this month", (D(2025, 3, 1), D(2025, 3, 8), 3, 4)),
        ("last year", (D(2024, 1, 1), D(2024, 12, 31), 3, 5)),
        ("late last year", (D(2024, 9, 1), D(2024, 12, 31), 3, 5)),
        ("early December", (D(2024, 12, 1), D(2024, 12, 10), 3, 4)),
        ("in early December", (D(2024, 12, 1), D(2024, 12, 10), 3, 4)),
        ("mid-December", (D(2024, 12, 11), D(2024, 12, 20), 3, 4)),
        ("late February", (D(2025, 2, 21), D(2025, 2, 28), 3, 4)),
        ("early March", (D(2025, 3, 1), D(2025, 3, 8), 3, 4)),
        ("mid-March", (D(2024, 3, 11), D(2024, 3, 20), 3, 4)),  # mid-March 2025 is to come
        ("the end of December", (D(2024, 12, 21), D(2024, 12, 31), 3, 4)),
        ("in December", (D(2024, 12, 1), D(2024, 12, 31), 3, 4)),
        ("March 8", (D(2025, 3, 8), D(2025, 3, 8), 1, 1)),
        ("on 6 March", (D(2025, 3, 6), D(2025, 3, 6), 1, 1)),
        ("December 25", (D(2024, 12, 25), D(2024, 12, 25), 1, 1)),
        ("three days ago", (D(2025, 3, 5), D(2025, 3, 5), 1, 1)),
        ("three months ago", (D(2024, 12, 1), D(2024, 12, 31), 3, 4)),
        ("the past 24 hours", (D(2025, 3, 7), D(2025, 3, 8), 2, 2)),
        ("the past week", (D(2025, 3, 2), D(2025, 3, 8), 2, 3)),
        ("since Thursday", (D(2025, 3, 6), D(2025, 3, 8), 2, 2)),
        ("since December", (D(2024, 12, 1), D(2025, 3, 8), 3, 5)),
    ],
)
def test_relative_expressions(
    expression: str, expected: tuple[date, date, int, int] | None
) -> None:
    assert span(expression) == expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("8 March 2025", (D(2025, 3, 8), D(2025, 3, 8), 1, 1)),
        ("March 8, 2025", (D(2025, 3, 8), D(2025, 3, 8), 1, 1)),
        ("the 8th of March 2025", (D(2025, 3, 8), D(2025, 3, 8), 1, 1)),
        ("Saturday, 8 March 2025", (D(2025, 3, 8), D(2025, 3, 8), 1, 1)),
        ("2025-03-08", (D(2025, 3, 8), D(2025, 3, 8), 1, 1)),
        ("25/3/2025", (D(2025, 3, 25), D(2025, 3, 25), 1, 1)),
        ("8-Mar-2025", (D(2025, 3, 8), D(2025, 3, 8), 1, 1)),  # read by dateparser
        ("March 2025", (D(2025, 3, 1), D(2025, 3, 31), 3, 4)),
        ("early 2024", (D(2024, 1, 1), D(2024, 4, 30), 3, 5)),
        ("in 2024", (D(2024, 1, 1), D(2024, 12, 31), 3, 5)),
        ("the 1990s", (D(1990, 1, 1), D(1999, 12, 31), 3, 5)),
    ],
)
def test_explicit_dates_resolve_with_or_without_publication(
    expression: str, expected: tuple[date, date, int, int]
) -> None:
    assert span(expression) == expected
    alone = resolve_date(expression, published=None)
    assert alone is not None
    assert (alone.start, alone.end, alone.time_precision, alone.date_prec) == expected


@pytest.mark.parametrize(
    "expression",
    [
        "on Thursday",
        "Friday",
        "today",
        "overnight",
        "last week",
        "early December",
        "in December",
        "March 8",
        "three months ago",
        "since 2024",
    ],
)
def test_relative_expressions_need_a_publication_date(expression: str) -> None:
    assert resolve_date(expression, published=None) is None


@pytest.mark.parametrize(
    "expression",
    [
        "two days of clashes",
        "two days",
        "for 48 hours",
        "five decades",
        "24-year",
        "8/3/2025",  # day-month or month-day: unknowable
        "31 February 2025",
        "2025-02-30",
        "the week",
        "soon",
    ],
)
def test_not_dates(expression: str) -> None:
    assert resolve_date(expression, published=PUBLISHED) is None


def test_offsets_from_an_event_need_an_anchor() -> None:
    assert resolve_date("three months after", published=PUBLISHED) is None
    found = resolve_date("three months after", published=PUBLISHED, anchor=date(2024, 12, 8))
    assert found is not None
    # March 2025, ending on publication: a report tells what has happened
    assert (found.start, found.end, found.time_precision) == (D(2025, 3, 1), D(2025, 3, 8), 3)
    found = resolve_date("two days later", published=None, anchor=date(2025, 3, 6))
    assert found is not None and found.start == found.end == D(2025, 3, 8)


def test_reading_forward() -> None:
    found = resolve_date("on Monday", published=PUBLISHED, context_past=False)
    assert found is not None and found.start == D(2025, 3, 10)
    found = resolve_date("mid-March", published=PUBLISHED, context_past=False)
    assert found is not None and found.start == D(2025, 3, 11)
    found = resolve_date("next week", published=PUBLISHED)
    assert found is not None and (found.start, found.end) == (D(2025, 3, 10), D(2025, 3, 16))


def test_publication_may_be_a_datetime() -> None:
    found = resolve_date("yesterday", published=datetime(2025, 3, 8, 23, 59))
    assert found is not None and found.start == D(2025, 3, 7)


def test_resolution_is_frozen_and_keeps_the_text() -> None:
    found = resolve_date("on Thursday", published=PUBLISHED)
    assert isinstance(found, DateResolution)
    assert found.text == "Thursday"
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.start = D(2025, 1, 1)  # type: ignore[misc]
    with pytest.raises(TypeError):
        DATE_RULES["new"] = DATE_RULES["iso"]  # type: ignore[index]


def test_find_dates_in_text() -> None:
    mentions = find_dates(REPORT, published=PUBLISHED)
    read = [(m.text, m.resolution.start if m.resolution else None, m.needs) for m in mentions]
    assert read == [
        ("Saturday", D(2025, 3, 8), None),
        ("Thursday", D(2025, 3, 6), None),
        ("three months after", None, "anchor"),
        ("early December", D(2024, 12, 1), None),
        ("Friday", D(2025, 3, 7), None),
        ("overnight", D(2025, 3, 7), None),
    ]
    for mention in mentions:
        assert REPORT[mention.start : mention.end] == mention.text


def test_find_dates_without_publication_resolves_nothing_relative() -> None:
    mentions = find_dates(REPORT + " It began on 8 March 2025.", published=None)
    assert [m.needs for m in mentions] == ["published"] * 2 + ["anchor"] + ["published"] * 3 + [
        None
    ]
    assert mentions[-1].resolution is not None
    assert mentions[-1].resolution.start == D(2025, 3, 8)


def test_find_dates_skips_lowercase_names_and_bare_numbers() -> None:
    text = "Fighters may march on. In 2024 people fled; 2024 people fled in March."
    assert [m.text for m in find_dates(text, published=PUBLISHED)] == ["2024", "March"]
    since = find_dates("Shelling has gone on since Thursday.", published=PUBLISHED)
    assert [m.text for m in since] == ["since Thursday"]


def test_find_dates_adds_doc_entities(blank: Language) -> None:
    doc = blank("Talks began 8-Mar-2025 after two days of clashes on Friday.")
    doc.ents = [Span(doc, 2, 5, label="DATE"), Span(doc, 6, 8, label="DATE")]
    assert [e.text for e in doc.ents] == ["8-Mar-2025", "two days"]
    mentions = find_dates(doc, published=PUBLISHED)
    assert [m.text for m in mentions] == ["8-Mar-2025", "Friday"]
    assert mentions[0].resolution is not None
    assert mentions[0].resolution.start == D(2025, 3, 8)
