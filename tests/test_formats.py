"""Reading reports out of bytes: text, HTML, JSON Lines, feeds, and bad input."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from warmonitor.config import Settings
from warmonitor.errors import InputError
from warmonitor.ingest import read_targets
from warmonitor.ingest.formats import Hints, parse_published, parse_retrieval
from warmonitor.records import IncomingReport, Retrieval

NOW = datetime(2026, 6, 12, 9, 0, tzinfo=UTC)

ARTICLE_HTML = """<!doctype html>
<html><head>
<title>Shelling kills nine in Hama countryside | The Orontes Courier</title>
<meta property="og:site_name" content="The Orontes Courier">
<meta property="article:published_time" content="2026-06-12T08:30:00+03:00">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="cookie">We use cookies to improve your experience. Accept all cookies</div>
<article><h1>Shelling kills nine in Hama countryside</h1>
<p>Nine people, among them four children, were killed when shells struck a market in the
village of Kafr Zita on Thursday morning, local medics told our reporter.</p>
<p>The district's only clinic ran out of blood bags within hours, a nurse said, and the
road to the provincial capital stayed closed to ambulances until the evening.</p>
<p>No group has said it fired the shells. The defence ministry blamed insurgents hiding
in the hills west of the village.</p>
</article>
<footer>Copyright 2026 The Orontes Courier. All rights reserved. Privacy policy.</footer>
</body></html>
"""

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Valley Radio</title><link>https://valley.example/</link>
<item><title>Two killed in Salamiyah</title><link>https://valley.example/a1</link>
<guid>valley-a1</guid><pubDate>Sat, 13 Jun 2026 10:00:00 +0200</pubDate>
<description>&lt;p&gt;Two civilians were killed in Salamiyah on Friday, the council said.&lt;/p&gt;
</description>
</item>
<item><title>Water cut in Masyaf</title><link>https://valley.example/a2</link>
<guid>valley-a2</guid><pubDate>Sun, 14 Jun 2026 07:30:00 GMT</pubDate>
<description>Drinking water has been cut in Masyaf since Saturday, residents said.</description>
</item></channel></rss>
"""


def retrieval(raw: bytes | str, uri: str, media_type: str | None = None) -> Retrieval:
    data = raw.encode() if isinstance(raw, str) else raw
    return Retrieval(uri=uri, raw=data, retrieved_at=NOW, media_type=media_type)


def read_one(raw: bytes | str, uri: str, **kw: object) -> IncomingReport | InputError:
    items = list(parse_retrieval(retrieval(raw, uri), **kw))  # type: ignore[arg-type]
    assert len(items) == 1
    return items[0]


def test_plain_text_keeps_text_and_takes_title_from_first_line() -> None:
    report = read_one(
        "Curfew in Homs\n\nA curfew was declared in Homs on Friday.\n", "file:///r.txt"
    )
    assert isinstance(report, IncomingReport)
    assert report.title == "Curfew in Homs"
    assert report.text == "Curfew in Homs\n\nA curfew was declared in Homs on Friday."
    assert report.published_at is None


def test_text_takes_hints_for_outlet_and_publication() -> None:
    hints = Hints(outlet="Wire", published_at=NOW)
    report = read_one("Five killed.\nMore text.", "file:///r.txt", hints=hints)
    assert isinstance(report, IncomingReport)
    assert (report.outlet, report.published_at) == ("Wire", NOW)


def test_html_main_text_without_boilerplate_and_with_metadata() -> None:
    report = read_one(ARTICLE_HTML, "file:///page.html")
    assert isinstance(report, IncomingReport)
    assert "Kafr Zita" in report.text and "blamed insurgents" in report.text
    for boilerplate in ("cookies", "Copyright", "Privacy", "Sport"):
        assert boilerplate not in report.text
    assert report.title == "Shelling kills nine in Hama countryside"
    assert report.outlet == "The Orontes Courier"
    assert report.published_at == datetime(2026, 6, 12, 5, 30, tzinfo=UTC)


def test_html_page_without_article_text_is_rejected() -> None:
    error = read_one("<html><body><nav><a href='/'>Home</a></nav></body></html>", "file:///e.html")
    assert isinstance(error, InputError)
    assert error.input == "/e.html" and "no article text" in error.problem


def test_jsonl_fields_and_zones() -> None:
    lines = "\n".join(
        [
            '{"id": "a-1", "text": "Ten killed in Idlib.", "title": "T", "url": "https://x.example/1",'
            ' "outlet": "X", "published": "2026-06-12T10:00:00", "language": "en"}',
            '{"id": 7, "text": "Three killed in Daraa.", "published": "2026-06-13"}',
            '{"text": "Four hurt.", "published": "2026-06-13T10:00:00+02:00"}',
        ]
    )
    items = list(parse_retrieval(retrieval(lines, "file:///b.jsonl")))
    assert all(isinstance(i, IncomingReport) for i in items)
    first, second, third = items
    assert isinstance(first, IncomingReport) and isinstance(second, IncomingReport)
    assert isinstance(third, IncomingReport)
    assert (first.external_id, first.title, first.url, first.outlet) == (
        "a-1",
        "T",
        "https://x.example/1",
        "X",
    )
    assert first.published_at == datetime(2026, 6, 12, 10, 0, tzinfo=UTC)  # no zone: UTC
    assert second.external_id == "7"
    assert second.published_at == datetime(2026, 6, 13, tzinfo=UTC)
    assert third.published_at == datetime(2026, 6, 13, 8, 0, tzinfo=UTC)
    assert first.locator == "line 1" and third.locator == "line 3"
    assert second.raw == b'{"id": 7, "text": "Three killed in Daraa.", "published": "2026-06-13"}'


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("{not json", "malformed JSON"),
        ('["a list"]', "JSON object"),
        ('{"title": "no text"}', "`text` is required"),
        ('{"text": "   "}', "`text` is required"),
        ('{"text": "ok", "published": "last Friday"}', "`published` is not an ISO 8601 date"),
        ('{"text": "ok", "outlet": 5}', "`outlet` must be a string"),
    ],
)
def test_bad_jsonl_lines_are_named_with_file_and_line(line: str, problem: str) -> None:
    raw = '{"text": "A good line."}\n\n' + line + "\n"
    items = list(parse_retrieval(retrieval(raw, "file:///data/in.jsonl")))
    assert isinstance(items[0], IncomingReport)
    error = items[1]
    assert isinstance(error, InputError)
    assert error.input == "/data/in.jsonl line 3"
    assert problem in error.problem


def test_feed_entries_become_reports_with_item_ids() -> None:
    items = list(
        parse_retrieval(retrieval(FEED, "https://valley.example/rss", "application/rss+xml"))
    )
    assert len(items) == 2
    first, second = items
    assert isinstance(first, IncomingReport) and isinstance(second, IncomingReport)
    assert first.feed_item_id == "valley-a1" and first.url == "https://valley.example/a1"
    assert first.outlet == "Valley Radio" and first.title == "Two killed in Salamiyah"
    assert first.text == "Two civilians were killed in Salamiyah on Friday, the council said."
    assert first.published_at == datetime(2026, 6, 13, 8, 0, tzinfo=UTC)
    assert second.locator == "entry 2"


def test_malformed_feed_is_rejected() -> None:
    error = read_one("<rss><channel><item><title>broken", "file:///bad.xml")
    assert isinstance(error, InputError)
    assert "malformed feed" in error.problem


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"", "empty input"),
        (b"  \n\t\n", "empty input"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        (b"Caf\xe9 destroyed in the shelling of the old town", "cannot decode as utf-8"),
        (bytes(range(1, 32)) * 40, "binary data"),
    ],
)
def test_undecodable_inputs_are_rejected(raw: bytes, problem: str) -> None:
    error = read_one(raw, "file:///in.txt")
    assert isinstance(error, InputError)
    assert problem in error.problem
    assert error.input == "/in.txt"


def test_declared_charset_is_used() -> None:
    (report,) = list(
        parse_retrieval(
            retrieval(
                "Café hit".encode("latin-1"),
                "https://x.example/a",
                "text/plain; charset=iso-8859-1",
            )
        )
    )
    assert isinstance(report, IncomingReport) and report.text == "Café hit"


def test_files_over_the_size_limit_are_rejected(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("Killed. " * 200)
    (tmp_path / "small.txt").write_text("Three killed in Homs.")
    items = list(read_targets([str(tmp_path)], settings=Settings(max_bytes=1000)))
    errors = [i for i in items if isinstance(i, InputError)]
    reports = [i for i in items if isinstance(i, IncomingReport)]
    assert len(reports) == 1 and len(errors) == 1
    assert errors[0].input.endswith("big.txt") and "over the limit of 1,000" in errors[0].problem


def test_folders_are_read_recursively_skipping_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.txt").write_text("Deep report.")
    (tmp_path / "top.txt").write_text("Top report.")
    (tmp_path / ".hidden.txt").write_text("Hidden.")
    items = list(read_targets([str(tmp_path)], settings=Settings()))
    assert sorted(i.text for i in items if isinstance(i, IncomingReport)) == [
        "Deep report.",
        "Top report.",
    ]


def test_missing_path_is_an_error_not_a_crash(tmp_path: Path) -> None:
    items = list(read_targets([str(tmp_path / "nope.txt")], settings=Settings()))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert "no such file" in items[0].problem


def test_parse_published_accepts_dates_and_zones() -> None:
    assert parse_published("2026-06-12") == datetime(2026, 6, 12, tzinfo=UTC)
    assert parse_published("2026-06-12T10:00Z") == datetime(2026, 6, 12, 10, tzinfo=UTC)
    with pytest.raises(ValueError):
        parse_published("12 June")
