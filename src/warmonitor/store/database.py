"""Opening a database: engines for SQLite (WAL, one writer) and PostgreSQL, and migrations."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError

from warmonitor.errors import DatabaseError

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
# The newest migration; a test checks it against Alembic's head.  Kept here so that
# opening a database does not import Alembic (a third of a second).
SCHEMA_HEAD = "0003"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # NORMAL is durable across process kills in WAL mode (only a power cut can lose
    # the last commits, never corrupt the file).
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Checkpoint every 10,000 pages (40 MB) of WAL rather than SQLite's 1,000: a
    # report writes some 45 pages (32 of them random leaves of report_bands), so the
    # default checkpointed, with two fsyncs, every twenty-odd reports; it was half
    # the time of a batch.  A larger WAL also checkpoints a leaf rewritten by many
    # reports once.  The file is truncated back to 64 MB after a checkpoint.
    cursor.execute("PRAGMA wal_autocheckpoint=10000")
    cursor.execute("PRAGMA journal_size_limit=67108864")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def create_db_engine(url: str) -> Engine:
    """An engine for ``url`` (already resolved by ``config.resolve_db_url``)."""
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError) as e:
        raise DatabaseError(f"cannot open database {_safe(url)}: {e}") from e
    return engine


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (creates a new database)."""
    from alembic import command

    try:
        command.upgrade(_alembic_config(engine), "head")
    except (OperationalError, SQLAlchemyDatabaseError) as e:
        raise DatabaseError(f"cannot migrate database {_safe(str(engine.url))}: {e.orig}") from e


def is_current(engine: Engine) -> bool:
    """Whether the database is at the newest migration."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return False
        current = conn.scalar(text("SELECT version_num FROM alembic_version"))
        return bool(current == SCHEMA_HEAD)


def alembic_head() -> str | None:
    """The newest revision as Alembic sees it (for tests and ``db upgrade``)."""
    from alembic.script import ScriptDirectory

    head: str | None = ScriptDirectory.from_config(
        _alembic_config(create_db_engine("sqlite://"))
    ).get_current_head()
    return head


def open_database(db_url: str, *, migrate: bool = True) -> Engine:
    """An engine on an up-to-date database."""
    engine = create_db_engine(db_url)
    try:
        current = is_current(engine)
    except (OperationalError, SQLAlchemyDatabaseError) as e:
        raise DatabaseError(f"cannot open database {_safe(db_url)}: {e.orig}") from e
    if not current:
        if not migrate:
            raise DatabaseError(f"database {_safe(db_url)} needs `warmonitor db upgrade`")
        log.info("upgrading database schema at %s", _safe(db_url))
        upgrade(engine)
    return engine


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url
