"""Public JSON shapes of stored records (pydantic), shared by the CLI's ``--json`` and the API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from warmonitor.records import Report, ReportVersion

PLACE_FIELDS = (
    "name",
    "lat",
    "lon",
    "admin1",
    "admin2",
    "country",
    "geonames_id",
    "geo_precision",
    "where_prec",
)


def place_json(place: object | None) -> dict[str, Any] | None:
    """A place (a ``records.Place`` or a stored row) as JSON: the same keys everywhere."""
    if place is None:
        return None
    return {field: getattr(place, field) for field in PLACE_FIELDS}


class ReportPublic(BaseModel):
    """A report as users see it (the current version)."""

    model_config = ConfigDict(frozen=True)

    id: int
    external_id: str | None
    title: str | None
    url: str | None
    feed_item_id: str | None
    outlet: str | None
    language: str | None
    language_supported: bool
    published_at: datetime | None
    retrieved_at: datetime
    content_hash: str
    version: int
    duplicate_of: int | None
    similarity: float | None
    source_uri: str
    text: str

    @classmethod
    def of(cls, report: Report) -> ReportPublic:
        return cls(
            id=report.id,
            external_id=report.external_id,
            title=report.title,
            url=report.url,
            feed_item_id=report.feed_item_id,
            outlet=report.outlet,
            language=report.language,
            language_supported=report.language_supported,
            published_at=report.published_at,
            retrieved_at=report.retrieved_at,
            content_hash=report.content_hash,
            version=report.version,
            duplicate_of=report.duplicate_of,
            similarity=report.similarity,
            source_uri=report.source_uri,
            text=report.text,
        )


class ReportVersionPublic(BaseModel):
    """One stored version, with what it was read from (raw bytes not included)."""

    model_config = ConfigDict(frozen=True)

    version: int
    content_hash: str
    retrieved_at: datetime
    source_uri: str
    locator: str
    media_type: str | None
    raw_bytes: int
    headers: dict[str, str]

    @classmethod
    def of(cls, version: ReportVersion) -> ReportVersionPublic:
        return cls(
            version=version.version,
            content_hash=version.content_hash,
            retrieved_at=version.retrieved_at,
            source_uri=version.source_uri,
            locator=version.locator,
            media_type=version.media_type,
            raw_bytes=len(version.raw),
            headers=dict(version.headers),
        )


class ReportDetailPublic(ReportPublic):
    """A report with its versions, its current claims and how many records it holds."""

    versions: list[ReportVersionPublic]
    claims: list[dict[str, Any]]
    record_counts: dict[str, int]
