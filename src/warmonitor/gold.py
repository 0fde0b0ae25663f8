"""Gold files: ACLED exports, UCDP GED and JSON Lines read into ``GoldItem`` records.

``read_gold(path, fmt)`` reads ACLED (CSV export or JSON Lines with notes), UCDP GED
(CSV, the headline as text) or JSON Lines in ingest's form with a ``gold`` object;
``read_rows`` gives the raw rows of a CSV or JSON Lines file (``warmonitor train`` reads
its export with it).  A malformed row is an ``InputError`` naming the file and line.
"""

from __future__ import annotations

import contextlib
import csv
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from warmonitor.errors import InputError

ACLED_EVENT_TYPES = frozenset(
    "Battles|Violence against civilians|Explosions/Remote violence|Protests|Riots"
    "|Strategic developments".split("|")
)
CURRENT_SCHEMA = "current schema"
OLD_SCHEMA = "old schema"


@dataclass(frozen=True, slots=True)
class GoldItem:
    """One text and what a coder recorded for it; None where the gold says nothing.

    ``killed_low``/``killed_high`` (UCDP) make a predicted toll right anywhere inside the
    range.  ``group`` splits the scores (ACLED: current or old schema); ``literal`` is
    ACLED's flag that the coded number appears in the notes as written.
    """

    uid: str
    text: str
    published: date | None = None
    killed: int | None = None
    injured: int | None = None
    killed_low: int | None = None
    killed_high: int | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    violence_type: int | None = None
    date: date | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    location: str | None = None
    group: str | None = None
    literal: bool | None = None

    @property
    def has_deaths(self) -> bool:
        return bool(self.killed)

    @property
    def has_victims(self) -> bool:
        return bool(self.killed) or bool(self.injured)


def read_gold(path: Path, fmt: str) -> Iterator[GoldItem]:
    """Gold items of a file in ``fmt`` ("acled", "ucdp" or "jsonl"); items without text skip."""
    readers = {"acled": read_acled, "ucdp": read_ucdp, "jsonl": read_jsonl}
    if fmt not in readers:
        raise InputError(str(path), f"unknown gold format {fmt!r} (one of {', '.join(readers)})")
    return readers[fmt](path)


def read_rows(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """Rows of a CSV (headers lower-cased) or JSON Lines file, each with where it is."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        if path.suffix.lower() in (".jsonl", ".json", ".ndjson"):
            for number, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                where = f"{path} line {number}"
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as e:
                    raise InputError(where, f"malformed JSON: {e.msg}") from e
                if not isinstance(row, dict):
                    raise InputError(where, "a JSON object is expected on each line")
                yield where, row
        else:
            for number, row in enumerate(csv.DictReader(f), start=2):
                yield (
                    f"{path} line {number}",
                    {(k or "").strip().lower(): v for k, v in row.items()},
                )


def read_acled(path: Path) -> Iterator[GoldItem]:
    """ACLED rows with notes; rows whose fatalities ACLED imputed get no death toll to score."""
    for where, row in read_rows(path):
        text = _text(row.get("notes"))
        if not text:
            continue
        event_type = _text(row.get("event_type"))
        # The old schema shares "Violence against civilians" but has no sub-event types.
        current = event_type in ACLED_EVENT_TYPES and bool(_text(row.get("sub_event_type")))
        killed = _int(row.get("fatalities"), where)
        if row.get("fatalities_imputed_per_notes") is True:
            killed = None
        literal = row.get("fatality_number_literally_in_notes")
        yield GoldItem(
            uid=str(row.get("uid") or row.get("event_id_cnty") or where),
            text=text,
            killed=killed,
            event_type=event_type if current else None,
            sub_event_type=_text(row.get("sub_event_type")) if current else None,
            date=_date(row.get("event_date"), where),
            lat=_float(row.get("latitude"), where),
            lon=_float(row.get("longitude"), where),
            geo_precision=_int(row.get("geo_precision"), where),
            location=_text(row.get("location")),
            group=CURRENT_SCHEMA if current else OLD_SCHEMA,
            literal=literal if isinstance(literal, bool) else None,
        )


def read_ucdp(path: Path) -> Iterator[GoldItem]:
    """UCDP GED rows with a headline; the source's date is the publication date."""
    for where, row in read_rows(path):
        text = _text(row.get("source_headline"))
        if not text:
            continue
        source_date = (_text(row.get("source_date")) or "").split(";")[0]
        yield GoldItem(
            uid=str(_int(row.get("id"), where) or where),
            text=text,
            published=_date(source_date, where),
            killed=_int(row.get("best"), where),
            killed_low=_int(row.get("low"), where),
            killed_high=_int(row.get("high"), where),
            violence_type=_int(row.get("type_of_violence"), where),
            date=_date(row.get("date_start"), where),
            lat=_float(row.get("latitude"), where),
            lon=_float(row.get("longitude"), where),
            location=_text(row.get("where_coordinates")),
        )


def read_jsonl(path: Path) -> Iterator[GoldItem]:
    """JSON Lines in ingest's form (``text``, ``published``, ...) with a ``gold`` object."""
    from warmonitor.ingest.formats import report_from_json

    for where, row in read_rows(path):
        report = report_from_json(row, where)
        gold = row.get("gold")
        if not isinstance(gold, dict):
            raise InputError(where, "`gold` must be an object (killed, injured, event_type, ...)")
        published = report.published_at.date() if report.published_at else None
        yield GoldItem(
            uid=str(row.get("id") or where),
            text=report.text,
            published=published,
            killed=_int(gold.get("killed"), where),
            injured=_int(gold.get("injured"), where),
            event_type=_text(gold.get("event_type")),
            sub_event_type=_text(gold.get("sub_event_type")),
            date=_date(gold.get("date"), where),
            lat=_float(gold.get("lat"), where),
            lon=_float(gold.get("lon"), where),
            group=_text(row.get("group")),
        )


def _text(value: object) -> str | None:
    return (str(value).strip() or None) if value is not None else None


def _float(value: object, where: str) -> float | None:
    text = _text(value)
    try:
        return None if text is None else float(text)
    except ValueError as e:
        raise InputError(where, f"not a number: {text!r}") from e


def _int(value: object, where: str) -> int | None:
    number = _float(value, where)
    return None if number is None or math.isnan(number) else round(number)


_DATE_FORMATS = ("%Y-%m-%d", "%d-%B-%Y", "%d/%m/%Y", "%d-%b-%y", "%d %B %Y", "%d-%b-%Y")


def _date(value: object, where: str) -> date | None:
    text = _text(value)
    if text is None:
        return None
    text = text[:10] if re.match(r"\d{4}-\d\d-\d\d[ T]", text) else text
    for fmt in _DATE_FORMATS:
        with contextlib.suppress(ValueError):
            return datetime.strptime(text, fmt).date()
    raise InputError(where, f"not a date: {text!r}")
