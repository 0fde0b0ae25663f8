"""Shared fixtures: a database on each backend, and the rule that nothing skips in CI.

``db_url`` runs a test on SQLite and on PostgreSQL (a fresh database per test,
created in the server named by ``WARMONITOR_TEST_PG``; the PostgreSQL case
skips with the reason when that variable is unset).  With
``WARMONITOR_REQUIRE_ALL=1`` (set by ``.ci/run``) any skipped test fails the run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from warmonitor.config import resolve_db_url
from warmonitor.store import open_database

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "reports"
SHARED = ROOT.parent / "shared"
REQUIRE_ALL = os.environ.get("WARMONITOR_REQUIRE_ALL") == "1"

_skipped: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    # Keep the gazetteer's index cache out of the user's home: one build per test run.
    if "WARMONITOR_CACHE_DIR" not in os.environ:
        import tempfile

        os.environ["WARMONITOR_CACHE_DIR"] = tempfile.mkdtemp(prefix="warmonitor-test-cache-")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # An expected failure (xfail, strict) records a known gap; it is not a skip.
    if report.skipped and not hasattr(report, "wasxfail"):
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if REQUIRE_ALL and _skipped:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if REQUIRE_ALL and _skipped:
        terminalreporter.write_line(
            f"WARMONITOR_REQUIRE_ALL=1: {len(_skipped)} skipped test(s) fail the run: "
            + ", ".join(_skipped[:10]),
            red=True,
        )


def postgres_admin_url() -> str:
    url = os.environ.get("WARMONITOR_TEST_PG")
    if not url:
        pytest.skip("PostgreSQL tests need WARMONITOR_TEST_PG (a server URL); it is unset")
    return url


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    admin_url = resolve_db_url(postgres_admin_url())
    name = f"wm_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base = admin_url.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL on each backend (the same tests run on both)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def open_db(db_url: str) -> Iterator[Callable[..., Engine]]:
    """Opens (and migrates) the test database; every engine is closed after the test."""
    engines: list[Engine] = []

    def _open(**kw: object) -> Engine:
        engine = open_database(db_url, **kw)  # type: ignore[arg-type]
        engines.append(engine)
        return engine

    yield _open
    for engine in engines:
        engine.dispose()


def require_shared(*parts: str) -> Path:
    """A path under ../shared, or skip with the reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the shared folder beside the project), which is absent")
    return path
