"""Reading reports out of bytes: plain text, HTML, JSON Lines and RSS/Atom feeds.

``parse_retrieval`` detects the format and yields one ``IncomingReport`` per
report, or an ``InputError`` for an item that cannot be read (a malformed JSON
line, say), so that the batch goes on past it.
"""

from __future__ import annotations

import calendar
import json
import logging
import re
import urllib.parse
import xml.sax
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any, Literal

import lxml.html
from lxml.etree import ParserError

from warmonitor.errors import InputError
from warmonitor.ingest.similarity import normalise_text
from warmonitor.records import IncomingReport, Retrieval

log = logging.getLogger(__name__)

Format = Literal["text", "html", "jsonl", "feed"]

_EXTENSIONS: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}
_MEDIA_TYPES: dict[str, Format] = {
    "text/plain": "text",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/xml": "feed",
    "text/xml": "feed",
}
# Meta tags that carry an article's publication time, most specific first.
_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "pubdate",
    "publishdate",
    "sailthru.date",
)
# An HTML page whose main text has fewer words holds no article (only navigation).
MIN_HTML_WORDS = 5
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True, slots=True)
class Hints:
    """What the caller knows about every report of a batch (``--outlet``, ``--published``)."""

    outlet: str | None = None
    published_at: datetime | None = None


NO_HINTS = Hints()


def display_uri(uri: str) -> str:
    """A URI as users name it: a file's path, a URL as is."""
    if uri.startswith("file://"):
        return urllib.parse.unquote(uri.removeprefix("file://"))
    return uri


def detect_format(retrieval: Retrieval, head: str) -> Format:
    """The format from the media type, then the file extension, then the content."""
    if retrieval.media_type:
        base = retrieval.media_type.split(";", 1)[0].strip().lower()
        if base in _MEDIA_TYPES:
            return _MEDIA_TYPES[base]
    path = retrieval.uri.split("?", 1)[0].lower()
    for ext, fmt in _EXTENSIONS.items():
        if path.endswith(ext):
            return fmt
    start = head.lstrip()[:500].lower()
    if start.startswith("{"):
        return "jsonl"
    if "<rss" in start or "<feed" in start or "<rdf:rdf" in start:
        return "feed"
    if start.startswith(("<!doctype html", "<html")) or "<body" in head[:5000].lower():
        return "html"
    return "text"


def decode(retrieval: Retrieval) -> str:
    """The bytes as text: UTF-8 (a BOM allowed), or the charset the server declared."""
    raw = retrieval.raw
    if not raw.strip():
        raise InputError(display_uri(retrieval.uri), "empty input")
    if b"\x00" in raw[:8192]:
        raise InputError(display_uri(retrieval.uri), "binary data, not text (NUL bytes)")
    charset = "utf-8-sig"
    if retrieval.media_type and "charset=" in retrieval.media_type:
        charset = retrieval.media_type.split("charset=", 1)[1].split(";")[0].strip() or charset
    try:
        text = raw.decode(charset)
    except LookupError as e:
        raise InputError(display_uri(retrieval.uri), f"unknown character set {charset!r}") from e
    except UnicodeDecodeError as e:
        raise InputError(
            display_uri(retrieval.uri),
            f"cannot decode as {e.encoding} text (bad byte at offset {e.start})",
        ) from e
    controls = len(_CONTROL.findall(text[:8192]))
    if controls > max(8, len(text[:8192]) // 100):
        raise InputError(display_uri(retrieval.uri), "binary data, not text (control characters)")
    return text


def parse_retrieval(
    retrieval: Retrieval, *, hints: Hints = NO_HINTS
) -> Iterator[IncomingReport | InputError]:
    """Every report in ``retrieval``; an ``InputError`` item for each part that fails."""
    try:
        text = decode(retrieval)
    except InputError as e:
        yield e
        return
    fmt = detect_format(retrieval, text[:5000])
    if fmt == "jsonl":
        yield from _parse_jsonl(retrieval, text, hints)
    elif fmt == "feed":
        yield from _parse_feed(retrieval, hints)
    elif fmt == "html":
        yield _guard(retrieval, lambda: _parse_html(retrieval, text, hints))
    else:
        yield _guard(retrieval, lambda: _parse_text(retrieval, text, hints))


def _guard(retrieval: Retrieval, parse: Any) -> IncomingReport | InputError:
    try:
        result: IncomingReport = parse()
    except InputError as e:
        return e
    return result


def _require_text(uri: str, text: str) -> str:
    text = normalise_text(text)
    if not text:
        raise InputError(uri, "no text")
    return text


def _parse_text(retrieval: Retrieval, text: str, hints: Hints) -> IncomingReport:
    text = _require_text(display_uri(retrieval.uri), text)
    first = text.split("\n", 1)[0].strip()
    title = first if "\n" in text and len(first) <= 200 else None
    return IncomingReport(
        text=text,
        retrieval=retrieval,
        title=title,
        outlet=hints.outlet,
        published_at=hints.published_at,
    )


def _parse_html(retrieval: Retrieval, html: str, hints: Hints) -> IncomingReport:
    import trafilatura  # imported on first use: it is slow to import

    url = retrieval.uri if retrieval.uri.startswith("http") else None
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if isinstance(doc, dict):
        raise TypeError("trafilatura returned a dict; a Document was asked for")
    if doc is None or len((doc.text or "").split()) < MIN_HTML_WORDS:
        raise InputError(display_uri(retrieval.uri), "no article text found in the HTML page")
    text = _require_text(display_uri(retrieval.uri), doc.text or "")
    published = _html_published(html) or _as_datetime(doc.date)
    canonical = doc.url if doc.url and str(doc.url).startswith("http") else url
    return IncomingReport(
        text=text,
        retrieval=retrieval,
        title=doc.title or None,
        url=canonical,
        outlet=hints.outlet or doc.sitename or doc.hostname or None,
        language=None,
        published_at=published or hints.published_at,
    )


def _html_published(html: str) -> datetime | None:
    """The publication time from the page's meta tags, JSON-LD or ``<time>``."""
    try:
        tree = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return None
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key and meta.get("content") and key not in metas:
            metas[key] = meta.get("content", "")
    for key in _PUBLISHED_META:
        if key in metas and (parsed := _parse_iso(metas[key])):
            return parsed
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            match = re.search(r'"datePublished"\s*:\s*"([^"]+)"', script.text)
            if match and (parsed := _parse_iso(match.group(1))):
                return parsed
    for time_el in tree.iter("time"):
        if (value := time_el.get("datetime")) and (parsed := _parse_iso(value)):
            return parsed
    return None


def _parse_iso(value: str) -> datetime | None:
    try:
        return parse_published(value)
    except ValueError:
        return None


def parse_published(value: str) -> datetime:
    """An ISO 8601 date or date-time; no zone means UTC, a bare date midnight UTC."""
    value = value.strip()
    if len(value) == 10:
        parsed = datetime.combine(date.fromisoformat(value), datetime.min.time())
    else:
        parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _as_datetime(value: str | None) -> datetime | None:
    return _parse_iso(value) if value else None


_JSONL_FIELDS = {"id", "text", "title", "url", "outlet", "published", "language"}


def _parse_jsonl(
    retrieval: Retrieval, text: str, hints: Hints
) -> Iterator[IncomingReport | InputError]:
    raw_lines = retrieval.raw.splitlines()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{display_uri(retrieval.uri)} line {number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as e:
            yield InputError(where, f"malformed JSON: {e.msg} at column {e.colno}")
            continue
        try:
            report = _report_from_json(item, where, hints)
        except InputError as e:
            yield e
            continue
        raw = raw_lines[number - 1] if number <= len(raw_lines) else line.encode()
        yield replace(report, retrieval=retrieval, locator=f"line {number}", raw=raw)


def report_from_json(item: Any, where: str, hints: Hints = NO_HINTS) -> IncomingReport:
    """One report from a decoded JSON object in ingest's JSON Lines form."""
    return _report_from_json(item, where, hints)


def _report_from_json(item: Any, where: str, hints: Hints) -> IncomingReport:
    if not isinstance(item, dict):
        raise InputError(where, "a JSON object is expected on each line")
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, "`text` is required and must be a non-empty string")
    for key in ("title", "url", "outlet", "published", "language"):
        if item.get(key) is not None and not isinstance(item[key], str):
            raise InputError(where, f"`{key}` must be a string")
    ident = item.get("id")
    if ident is not None and not isinstance(ident, str | int):
        raise InputError(where, "`id` must be a string or an integer")
    published = hints.published_at
    if item.get("published"):
        try:
            published = parse_published(item["published"])
        except ValueError as e:
            raise InputError(
                where, f"`published` is not an ISO 8601 date: {item['published']!r}"
            ) from e
    return IncomingReport(
        text=_require_text(where, text),
        retrieval=_NO_RETRIEVAL,
        title=item.get("title") or None,
        url=item.get("url") or None,
        external_id=None if ident is None else str(ident),
        outlet=item.get("outlet") or hints.outlet,
        language=item.get("language") or None,
        published_at=published,
    )


_NO_RETRIEVAL = Retrieval(uri="", raw=b"", retrieved_at=datetime.min.replace(tzinfo=UTC))


def _parse_feed(retrieval: Retrieval, hints: Hints) -> Iterator[IncomingReport | InputError]:
    import feedparser

    feed = feedparser.parse(retrieval.raw)
    problem = getattr(feed, "bozo_exception", None)
    # A feed that is not well-formed XML may be cut short: refuse it whole rather than
    # store what the lenient parser guessed.  Encoding mismatches alone are tolerated.
    if (feed.bozo and isinstance(problem, xml.sax.SAXException)) or not feed.get("version"):
        reason = problem or "not an RSS or Atom feed"
        yield InputError(display_uri(retrieval.uri), f"malformed feed: {reason}")
        return
    outlet = hints.outlet or feed.feed.get("title") or None
    for index, entry in enumerate(feed.entries, start=1):
        where = f"{display_uri(retrieval.uri)} entry {index}"
        html = ""
        if entry.get("content"):
            html = entry.content[0].get("value", "")
        html = html or entry.get("summary", "") or ""
        text = _html_fragment_text(html)
        if not text:
            yield InputError(where, "feed entry has no text")
            continue
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        published = (
            datetime.fromtimestamp(calendar.timegm(when), tz=UTC) if when else hints.published_at
        )
        entry_id = entry.get("id") or None
        yield IncomingReport(
            text=text,
            retrieval=retrieval,
            locator=f"entry {index}",
            raw=json.dumps(
                {k: entry.get(k) for k in ("id", "link", "title", "published")}
            ).encode(),
            title=entry.get("title") or None,
            url=entry.get("link") or None,
            feed_item_id=entry_id,
            outlet=outlet,
            published_at=published,
        )


def _html_fragment_text(fragment: str) -> str:
    if "<" not in fragment:
        return normalise_text(fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ParserError, ValueError):
        return normalise_text(re.sub(r"<[^>]+>", " ", fragment))
    for br in root.iter("br", "p", "div", "li"):
        br.tail = "\n" + (br.tail or "")
    return normalise_text(re.sub(r"[ \t]+", " ", root.text_content()))
