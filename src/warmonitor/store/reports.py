"""Storing reports so that none is lost or counted twice.

Rules, applied to each incoming report inside its own transaction:

1. The same URL or feed item id with new text is a new **version** of that report
   (all versions are kept); with text seen before, a duplicate.
2. The same text (content hash) from the same outlet, or from an unknown one, is a
   **duplicate**: nothing changes.
3. The same text from another outlet, or a text whose shingles are similar enough
   (``ingest.similarity``), is stored as a **near-duplicate** whose
   ``duplicate_of`` names the first copy, so its figures never count twice.
4. Otherwise the report is new.

Unique constraints (URL, feed item id, content hash per outlet) back the rules up
when two writers race or a killed batch is run again.
"""

from __future__ import annotations

import functools
import logging
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from hashlib import sha256
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Insert,
    Row,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause

from warmonitor.errors import ReportNotFoundError
from warmonitor.ingest.formats import display_uri
from warmonitor.ingest.similarity import (
    BANDS,
    Fingerprint,
    compute_fingerprint,
    content_hash,
    similarity,
)
from warmonitor.records import (
    IncomingReport,
    IngestOutcome,
    IngestStatus,
    Report,
    ReportVersion,
    Retrieval,
)
from warmonitor.store.schema import ReportBandRow, ReportRow, ReportVersionRow, RetrievalRow

log = logging.getLogger(__name__)


def outlet_key(outlet: str | None) -> str:
    return " ".join((outlet or "").casefold().split())


# The statements of ``add``, built once: SQLAlchemy then finds their compiled form in
# its cache without building and hashing a new statement for every report.
_RETRIEVAL_ID = select(RetrievalRow.id).where(
    RetrievalRow.uri == bindparam("uri"), RetrievalRow.sha256 == bindparam("sha256")
)
_INSERT_RETRIEVAL = insert(RetrievalRow)
_SAME_DOCUMENT_COLUMNS = select(
    ReportRow.id, ReportRow.version, ReportRow.title, ReportRow.published_at
).order_by(ReportRow.id)
_SAME_DOCUMENT = {
    (True, False): _SAME_DOCUMENT_COLUMNS.where(ReportRow.url == bindparam("url")),
    (False, True): _SAME_DOCUMENT_COLUMNS.where(ReportRow.feed_item_id == bindparam("feed")),
    (True, True): _SAME_DOCUMENT_COLUMNS.where(
        or_(ReportRow.url == bindparam("url"), ReportRow.feed_item_id == bindparam("feed"))
    ),
}
_SEEN_VERSION = select(ReportVersionRow.id).where(
    ReportVersionRow.report_id == bindparam("report_id"),
    ReportVersionRow.content_hash == bindparam("digest"),
)
_SAME_TEXT = (
    select(ReportVersionRow.report_id, ReportVersionRow.outlet_key)
    .where(ReportVersionRow.content_hash == bindparam("digest"))
    .order_by(ReportVersionRow.report_id)
)
_ROOT = select(ReportRow.duplicate_of).where(ReportRow.id == bindparam("report_id"))
# One bound parameter per band (there are always BANDS keys) rather than an "expanding"
# IN list, which SQLAlchemy would rewrite for every execution.
_BAND_PARAMS = [f"band{i}" for i in range(BANDS)]
_CANDIDATES = select(ReportRow.id, ReportRow.minhash, ReportRow.duplicate_of).where(
    ReportRow.id.in_(
        select(ReportBandRow.report_id)
        .where(ReportBandRow.band.in_([bindparam(name) for name in _BAND_PARAMS]))
        .distinct()
    )
)
_INSERT_REPORT = insert(ReportRow)
_INSERT_VERSION = insert(ReportVersionRow)
_DELETE_BANDS = delete(ReportBandRow).where(ReportBandRow.report_id == bindparam("report_id"))


class ReportStore:
    """Reports, their versions and the bytes they came from, in one database."""

    def __init__(self, engine: Engine, *, near_duplicate_threshold: float = 0.5) -> None:
        self.engine = engine
        self.near_duplicate_threshold = near_duplicate_threshold
        self._retrieval_ids: dict[tuple[str, str], int] = {}
        # The last retrieval saved and its id: the reports of one JSON Lines file or
        # feed share one retrieval, whose bytes need not be hashed again for each.
        self._last_retrieval: tuple[Retrieval, int] | None = None
        # The connection a batch holds (``batch``), or None: one from the pool per call.
        self._batch_conn: Connection | None = None

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Hold one connection while adding many reports (each still its own transaction).

        Taking a connection from the pool for every report costs a reset (a rollback)
        on its return and, on PostgreSQL, a ping on its checkout: two round trips
        per report, as much as storing it.
        """
        if self._batch_conn is not None:
            yield
            return
        with self.engine.connect() as conn:
            self._batch_conn = conn
            try:
                yield
            finally:
                self._batch_conn = None

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """A transaction, committed at the end of the block, rolled back on an error."""
        if self._batch_conn is None:
            with self.engine.begin() as conn:
                yield conn
        else:
            with self._batch_conn.begin():
                yield self._batch_conn

    # -- writing ---------------------------------------------------------------------------

    def save_retrieval(self, retrieval: Retrieval) -> int:
        """The id of the stored retrieval (stored once per URI and content)."""
        if self._last_retrieval is not None and self._last_retrieval[0] is retrieval:
            return self._last_retrieval[1]
        digest = sha256(retrieval.raw).hexdigest()
        key = (retrieval.uri, digest)
        found = self._retrieval_ids.get(key)
        if found is None:
            found = self._store_retrieval(retrieval, digest)
            self._retrieval_ids[key] = found
        self._last_retrieval = (retrieval, found)
        return found

    def _store_retrieval(self, retrieval: Retrieval, digest: str) -> int:
        params = {"uri": retrieval.uri, "sha256": digest}
        while True:
            try:
                with self._transaction() as conn:
                    found: int | None = conn.execute(_RETRIEVAL_ID, params).scalar()
                    if found is not None:
                        return found
                    return _insert(
                        conn,
                        _INSERT_RETRIEVAL,
                        {
                            "uri": retrieval.uri,
                            "sha256": digest,
                            "size": len(retrieval.raw),
                            "media_type": retrieval.media_type,
                            "headers": [list(h) for h in retrieval.headers],
                            "raw_zlib": zlib.compress(retrieval.raw),
                            "retrieved_at": retrieval.retrieved_at,
                        },
                    )
            except IntegrityError:
                # Another writer stored it meanwhile: look again.
                continue

    def add(
        self,
        incoming: IncomingReport,
        *,
        language: str | None,
        language_supported: bool,
        fingerprint: Fingerprint | None = None,
    ) -> IngestOutcome:
        """Store one report (its own transaction) and say what happened to it.

        ``fingerprint`` is the text's ``similarity.compute_fingerprint`` when the
        caller computed it already (in a helper process); otherwise it is made here.
        """
        retrieval_id = self.save_retrieval(incoming.retrieval)
        for attempt in range(3):
            try:
                with self._transaction() as conn:
                    return self._add(
                        conn,
                        incoming,
                        retrieval_id=retrieval_id,
                        language=language,
                        language_supported=language_supported,
                        fingerprint=fingerprint,
                    )
            except IntegrityError:
                # Another writer stored the same report meanwhile (the transaction was
                # rolled back): classify again.
                log.debug("retrying %s after a concurrent insert (%d)", incoming.url, attempt)
        raise RuntimeError(f"could not store report from {incoming.retrieval.uri}")

    def _add(
        self,
        conn: Connection,
        incoming: IncomingReport,
        *,
        retrieval_id: int,
        language: str | None,
        language_supported: bool,
        fingerprint: Fingerprint | None,
    ) -> IngestOutcome:
        label = _label(incoming)
        digest = fingerprint.content_hash if fingerprint else content_hash(incoming.text)
        okey = outlet_key(incoming.outlet)

        existing = self._find_same_document(conn, incoming)
        if existing is not None:
            seen = conn.execute(
                _SEEN_VERSION, {"report_id": existing.id, "digest": digest}
            ).scalar()
            if seen is not None:
                return IngestOutcome(IngestStatus.DUPLICATE, label, report_id=existing.id)
            fingerprint = fingerprint or compute_fingerprint(incoming.text)
            return self._add_version(conn, existing, incoming, fingerprint, okey, retrieval_id)

        same_text = conn.execute(_SAME_TEXT, {"digest": digest}).all()
        for report_id, other_outlet in same_text:
            if other_outlet == okey or not okey:
                return IngestOutcome(IngestStatus.DUPLICATE, label, report_id=report_id)

        fingerprint = fingerprint or compute_fingerprint(incoming.text)
        signature, bands = fingerprint.minhash, fingerprint.bands
        duplicate_of: int | None = None
        score: float | None = None
        if same_text:
            duplicate_of, score = self._root(conn, same_text[0][0]), 1.0
        else:
            match = self._nearest(conn, signature, bands)
            if match is not None:
                duplicate_of, score = match

        report_id = _insert(
            conn,
            _INSERT_REPORT,
            {
                "url": incoming.url,
                "feed_item_id": incoming.feed_item_id,
                "external_id": incoming.external_id,
                "outlet": incoming.outlet,
                "title": incoming.title,
                "language": language,
                "language_supported": language_supported,
                "published_at": incoming.published_at,
                "retrieved_at": incoming.retrieval.retrieved_at,
                "content_hash": digest,
                "text": incoming.text,
                "version": 1,
                "duplicate_of": duplicate_of,
                "similarity": score,
                "source_uri": incoming.retrieval.uri,
                "minhash": signature,
            },
        )
        self._add_version_row(conn, report_id, 1, incoming, digest, okey, retrieval_id)
        self._set_bands(conn, report_id, bands)
        if duplicate_of is None:
            return IngestOutcome(IngestStatus.INGESTED, label, report_id=report_id)
        return IngestOutcome(
            IngestStatus.NEAR_DUPLICATE,
            label,
            report_id=report_id,
            duplicate_of=duplicate_of,
            similarity=score,
        )

    @staticmethod
    def _find_same_document(conn: Connection, incoming: IncomingReport) -> Row[Any] | None:
        """The report with the same URL or feed item id (the oldest, if both match)."""
        by_url, by_feed = bool(incoming.url), bool(incoming.feed_item_id)
        if not (by_url or by_feed):
            return None
        query = _SAME_DOCUMENT[(by_url, by_feed)]
        return conn.execute(query, {"url": incoming.url, "feed": incoming.feed_item_id}).first()

    def _add_version(
        self,
        conn: Connection,
        report: Row[Any],
        incoming: IncomingReport,
        fingerprint: Fingerprint,
        okey: str,
        retrieval_id: int,
    ) -> IngestOutcome:
        digest = fingerprint.content_hash
        version = report.version + 1
        self._add_version_row(conn, report.id, version, incoming, digest, okey, retrieval_id)
        conn.execute(
            update(ReportRow)
            .where(ReportRow.id == report.id)
            .values(
                version=version,
                text=incoming.text,
                content_hash=digest,
                title=incoming.title or report.title,
                retrieved_at=incoming.retrieval.retrieved_at,
                published_at=report.published_at or incoming.published_at,
                minhash=fingerprint.minhash,
                extracted_at=None,
            )
        )
        conn.execute(_DELETE_BANDS, {"report_id": report.id})
        self._set_bands(conn, report.id, fingerprint.bands)
        return IngestOutcome(IngestStatus.VERSION, _label(incoming), report_id=report.id)

    @staticmethod
    def _add_version_row(
        conn: Connection,
        report_id: int,
        version: int,
        incoming: IncomingReport,
        digest: str,
        okey: str,
        retrieval_id: int,
    ) -> None:
        conn.execute(
            _INSERT_VERSION,
            {
                "report_id": report_id,
                "version": version,
                "content_hash": digest,
                "outlet_key": okey,
                "text": incoming.text,
                "title": incoming.title,
                "retrieval_id": retrieval_id,
                "locator": incoming.locator,
                "raw_zlib": zlib.compress(incoming.raw) if incoming.raw else b"",
                "retrieved_at": incoming.retrieval.retrieved_at,
            },
        )

    @staticmethod
    def _set_bands(conn: Connection, report_id: int, bands: Sequence[int]) -> None:
        keys = sorted(set(bands))
        params: dict[str, Any] = {"report_id": report_id}
        params.update(zip(_BAND_PARAMS, keys, strict=False))
        conn.execute(_insert_bands(len(keys)), params)

    def _nearest(
        self, conn: Connection, signature: bytes, bands: Sequence[int]
    ) -> tuple[int, float] | None:
        """The root of the most similar stored report at or above the threshold."""
        candidates = conn.execute(_CANDIDATES, dict(zip(_BAND_PARAMS, bands, strict=True))).all()
        best: tuple[int, float] | None = None
        for report_id, other, root in candidates:
            score = similarity(signature, other)
            if score >= self.near_duplicate_threshold and (best is None or score > best[1]):
                best = (root or report_id, score)
        return best

    @staticmethod
    def _root(conn: Connection, report_id: int) -> int:
        root: int | None = conn.execute(_ROOT, {"report_id": report_id}).scalar()
        return root or report_id

    # -- reading ---------------------------------------------------------------------------

    def get(self, report_id: int) -> Report:
        with Session(self.engine) as session:
            row = session.get(ReportRow, report_id)
            if row is None:
                raise ReportNotFoundError(f"no report has id {report_id}")
            return _to_report(row)

    def versions(self, report_id: int) -> list[ReportVersion]:
        """Every version of a report, oldest first, with the raw bytes it came from."""
        with Session(self.engine) as session:
            rows = session.execute(
                select(ReportVersionRow, RetrievalRow)
                .join(RetrievalRow, RetrievalRow.id == ReportVersionRow.retrieval_id)
                .where(ReportVersionRow.report_id == report_id)
                .order_by(ReportVersionRow.version)
            ).all()
            return [
                ReportVersion(
                    report_id=v.report_id,
                    version=v.version,
                    content_hash=v.content_hash,
                    text=v.text,
                    title=v.title,
                    retrieved_at=v.retrieved_at,
                    source_uri=r.uri,
                    locator=v.locator,
                    media_type=r.media_type,
                    headers=tuple((str(k), str(val)) for k, val in r.headers),
                    raw=zlib.decompress(v.raw_zlib if v.raw_zlib else r.raw_zlib),
                )
                for v, r in rows
            ]

    def list(
        self,
        *,
        limit: int | None = None,
        since: datetime | None = None,
        outlet: str | None = None,
    ) -> list[Report]:
        """Reports, newest publication first (undated ones last)."""
        query = select(ReportRow)
        if since is not None:
            query = query.where(ReportRow.published_at >= since)
        if outlet:
            query = query.where(func.lower(ReportRow.outlet) == outlet.casefold())
        query = query.order_by(
            ReportRow.published_at.is_(None), ReportRow.published_at.desc(), ReportRow.id
        )
        if limit is not None:
            query = query.limit(limit)
        with Session(self.engine) as session:
            return [_to_report(row) for row in session.scalars(query)]

    def extracted_at(self, report_id: int) -> datetime | None:
        """When the report was last extracted (None: never, or its text changed since)."""
        with Session(self.engine) as session:
            return session.scalar(select(ReportRow.extracted_at).where(ReportRow.id == report_id))

    def count(self) -> int:
        with Session(self.engine) as session:
            return session.scalar(select(func.count()).select_from(ReportRow)) or 0

    def ids(self) -> Sequence[int]:
        with Session(self.engine) as session:
            return list(session.scalars(select(ReportRow.id).order_by(ReportRow.id)))


@functools.cache
def _insert_bands(count: int) -> TextClause:
    """One INSERT of ``count`` bands of a report: a single statement and round trip.

    Written as text because SQLAlchemy compiles a multi-row ``insert().values()``
    again at every execution (it is not cached), which cost more than the insert.
    """
    table = ReportBandRow.__tablename__
    rows = ", ".join(f"(:{name}, :report_id)" for name in _BAND_PARAMS[:count])
    return text(f"INSERT INTO {table} (band, report_id) VALUES {rows}")


def _insert(conn: Connection, statement: Insert, params: dict[str, Any]) -> int:
    """Insert one row; its new id."""
    key = conn.execute(statement, params).inserted_primary_key
    if key is None:
        raise RuntimeError(f"no id came back from {statement.table}")
    return int(key[0])


def _label(incoming: IncomingReport) -> str:
    uri = display_uri(incoming.retrieval.uri)
    return f"{uri} {incoming.locator}".strip() if incoming.locator else uri


def _to_report(row: ReportRow) -> Report:
    return Report(
        id=row.id,
        text=row.text,
        content_hash=row.content_hash,
        version=row.version,
        title=row.title,
        url=row.url,
        feed_item_id=row.feed_item_id,
        external_id=row.external_id,
        outlet=row.outlet,
        language=row.language,
        language_supported=row.language_supported,
        published_at=row.published_at,
        retrieved_at=row.retrieved_at or datetime.now(UTC),
        duplicate_of=row.duplicate_of,
        similarity=row.similarity,
        source_uri=row.source_uri,
    )
