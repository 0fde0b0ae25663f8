"""Storing reports on SQLite and PostgreSQL: duplicates, copies, versions, custody."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DBAPIError

from warmonitor.errors import ReportNotFoundError
from warmonitor.ingest.similarity import minhash_signature, similarity
from warmonitor.records import IncomingReport, IngestStatus, Retrieval
from warmonitor.store import ReportStore
from warmonitor.store.schema import AuditLogRow, RetrievalRow

T0 = datetime(2026, 6, 13, 14, 0, tzinfo=UTC)

WIRE = (
    "The death toll from four days of fighting in the countryside west of Homs has risen to "
    "140, a war monitor said on Saturday, as clashes between security forces and gunmen spread "
    "to villages near the Lebanese border. The Syrian Observatory for Human Rights said 81 "
    "civilians were among the dead, along with 34 members of the security forces and 25 "
    "gunmen. Electricity has been cut in Talkalakh since Thursday and residents said bakeries "
    "had closed. The interior ministry said 31 of its personnel had been killed and that it "
    "had sent reinforcements to the area. The United Nations human rights office said it had "
    "so far documented 41 deaths and called for an independent investigation."
)
OTHER = (
    "Protesters gathered in the centre of Suwayda on Sunday to demand the release of detained "
    "relatives, and the governor promised to meet a delegation of families next week. Shops "
    "stayed open and no violence was reported, according to local journalists."
)


def incoming(
    text: str,
    *,
    outlet: str | None = "Global Press Agency",
    url: str | None = None,
    uri: str = "file:///in/report.txt",
    raw: bytes | None = None,
    at: datetime = T0,
    **kw: object,
) -> IncomingReport:
    data = raw if raw is not None else text.encode()
    retrieval = Retrieval(uri=uri, raw=data, retrieved_at=at, media_type="text/plain")
    return IncomingReport(text=text, retrieval=retrieval, outlet=outlet, url=url, **kw)  # type: ignore[arg-type]


@pytest.fixture
def store(open_db: Callable[..., Engine]) -> ReportStore:
    return ReportStore(open_db())


def add(store: ReportStore, report: IncomingReport) -> tuple[IngestStatus, int | None]:
    outcome = store.add(report, language="en", language_supported=True)
    return outcome.status, outcome.report_id


def test_new_report_is_stored_with_its_fields(store: ReportStore) -> None:
    status, rid = add(
        store,
        incoming(WIRE, url="https://gpa.example/1", title="Toll rises", published_at=T0),
    )
    assert status is IngestStatus.INGESTED and rid is not None
    report = store.get(rid)
    assert report.text == WIRE and report.title == "Toll rises"
    assert report.url == "https://gpa.example/1" and report.outlet == "Global Press Agency"
    assert report.published_at == T0 and report.version == 1 and report.duplicate_of is None


def test_same_report_twice_changes_nothing(store: ReportStore) -> None:
    first = add(store, incoming(WIRE))
    again = add(store, incoming(WIRE + "\n", uri="file:///elsewhere/copy.txt"))
    no_outlet = add(store, incoming(WIRE, outlet=None))
    assert first[0] is IngestStatus.INGESTED
    assert again == (IngestStatus.DUPLICATE, first[1])
    assert no_outlet == (IngestStatus.DUPLICATE, first[1])
    assert store.count() == 1
    assert len(store.versions(first[1] or 0)) == 1


def test_identical_text_from_another_outlet_is_a_linked_copy(store: ReportStore) -> None:
    _, original = add(store, incoming(WIRE))
    status, copy = add(store, incoming(WIRE, outlet="Levant Wire"))
    assert status is IngestStatus.NEAR_DUPLICATE
    report = store.get(copy or 0)
    assert report.duplicate_of == original and report.similarity == 1.0


def edited_copy(text: str) -> str:
    """A republication: new opening words, one sentence dropped, one added."""
    sentences = text.split(". ")
    del sentences[4]
    sentences.append("Levant Wire could not verify the figures independently.")
    return "Syria: " + ". ".join(sentences)


def test_republished_wire_copy_is_linked_to_the_first(store: ReportStore) -> None:
    _, original = add(store, incoming(WIRE, url="https://gpa.example/1"))
    add(store, incoming(OTHER, outlet="Suwayda 24"))
    status, copy = add(
        store, incoming(edited_copy(WIRE), outlet="Levant Wire", url="https://lw.example/9")
    )
    assert status is IngestStatus.NEAR_DUPLICATE
    report = store.get(copy or 0)
    assert report.duplicate_of == original
    assert report.similarity is not None and report.similarity >= 0.5
    # A copy of the copy points at the first copy, not at the intermediate one.
    status, second = add(store, incoming(edited_copy(edited_copy(WIRE)), outlet="Coastal Times"))
    assert status is IngestStatus.NEAR_DUPLICATE
    assert store.get(second or 0).duplicate_of == original


def test_unrelated_report_is_not_linked(store: ReportStore) -> None:
    add(store, incoming(WIRE))
    status, rid = add(store, incoming(OTHER, outlet="Suwayda 24"))
    assert status is IngestStatus.INGESTED and store.get(rid or 0).duplicate_of is None


def test_near_duplicate_threshold(open_db: Callable[..., Engine]) -> None:
    """The documented threshold decides: same pair, stricter threshold, no link."""
    copy = edited_copy(WIRE)
    score = similarity(minhash_signature(WIRE), minhash_signature(copy))
    assert 0.5 <= score < 0.95
    strict = ReportStore(open_db(), near_duplicate_threshold=0.99)
    add(strict, incoming(WIRE))
    status, _ = add(strict, incoming(copy, outlet="Levant Wire"))
    assert status is IngestStatus.INGESTED


def test_same_story_rewritten_is_below_the_threshold() -> None:
    """Two outlets' own accounts of one event share facts, not wording: not copies."""
    own_words = (
        "Fighting near the Lebanese border has now killed 140 people in four days, among them "
        "81 civilians, according to the Britain-based Observatory. Security forces lost 34 men "
        "and 25 attackers died. Talkalakh has had no power since Thursday."
    )
    assert similarity(minhash_signature(WIRE), minhash_signature(own_words)) < 0.2


def test_changed_text_at_same_url_is_a_new_version(store: ReportStore) -> None:
    url = "https://gpa.example/live"
    _, rid = add(store, incoming(WIRE, url=url, title="v1"))
    updated = WIRE.replace("140", "152")
    status, same = add(store, incoming(updated, url=url, title="v2", at=T0 + timedelta(hours=3)))
    assert status is IngestStatus.VERSION and same == rid
    assert add(store, incoming(updated, url=url))[0] is IngestStatus.DUPLICATE
    assert add(store, incoming(WIRE, url=url))[0] is IngestStatus.DUPLICATE
    report = store.get(rid or 0)
    assert report.version == 2 and report.text == updated and report.title == "v2"
    versions = store.versions(rid or 0)
    assert [v.version for v in versions] == [1, 2]
    assert [v.text for v in versions] == [WIRE, updated]
    assert versions[1].retrieved_at == T0 + timedelta(hours=3)
    assert store.count() == 1


def test_feed_item_id_identifies_versions(store: ReportStore) -> None:
    _, rid = add(store, incoming(OTHER, feed_item_id="valley-a1"))
    status, same = add(store, incoming(OTHER + " Updated at noon.", feed_item_id="valley-a1"))
    assert (status, same) == (IngestStatus.VERSION, rid)


def test_raw_bytes_headers_and_time_are_kept(open_db: Callable[..., Engine]) -> None:
    engine = open_db()
    store = ReportStore(engine)
    raw = b"<html>" + WIRE.encode() + b"</html>"
    retrieval = Retrieval(
        uri="https://gpa.example/1",
        raw=raw,
        retrieved_at=T0,
        media_type="text/html; charset=utf-8",
        headers=(("Content-Type", "text/html; charset=utf-8"), ("Last-Modified", "Sat")),
    )
    report = IncomingReport(text=WIRE, retrieval=retrieval, url="https://gpa.example/1")
    rid = store.add(report, language="en", language_supported=True).report_id
    (version,) = store.versions(rid or 0)
    assert version.raw == raw and version.retrieved_at == T0
    assert dict(version.headers)["Last-Modified"] == "Sat"
    assert version.media_type == "text/html; charset=utf-8"
    with engine.connect() as conn:
        stored = conn.execute(select(RetrievalRow.raw_zlib, RetrievalRow.size)).one()
    assert zlib.decompress(stored.raw_zlib) == raw and stored.size == len(raw)


def test_json_line_keeps_its_own_bytes(store: ReportStore) -> None:
    line = b'{"text": "Five killed."}'
    report = replace(
        incoming("Five killed.", raw=b"whole file\n" + line), raw=line, locator="line 2"
    )
    rid = store.add(report, language="en", language_supported=True).report_id
    (version,) = store.versions(rid or 0)
    assert version.raw == line and version.locator == "line 2"


def test_listing_filters(store: ReportStore) -> None:
    add(store, incoming(WIRE, published_at=T0))
    add(store, incoming(OTHER, outlet="Suwayda 24", published_at=T0 - timedelta(days=5)))
    add(store, incoming("Undated report about a shelling.", outlet="Suwayda 24"))
    assert [r.outlet for r in store.list()][:2] == ["Global Press Agency", "Suwayda 24"]
    assert store.list()[-1].published_at is None
    assert len(store.list(since=T0 - timedelta(days=1))) == 1
    assert len(store.list(outlet="suwayda 24")) == 2
    assert len(store.list(limit=1)) == 1


def test_unknown_report_id(store: ReportStore) -> None:
    with pytest.raises(ReportNotFoundError):
        store.get(999)


def test_audit_log_is_append_only(open_db: Callable[..., Engine]) -> None:
    engine = open_db()
    with engine.begin() as conn:
        conn.execute(
            AuditLogRow.__table__.insert().values(
                at=T0, actor="analyst", action="edit", target_table="claims", target_id="1"
            )
        )
    for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError), engine.begin() as conn:
            conn.execute(text(statement))
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT actor FROM audit_log")) == "analyst"


def test_opening_twice_does_not_migrate_again(open_db: Callable[..., Engine]) -> None:
    engine = open_db()
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM alembic_version")) == 1
    assert open_db(migrate=False).url == engine.url
