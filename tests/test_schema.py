"""The migrations create exactly the tables the models describe, on both backends."""

from __future__ import annotations

from collections.abc import Callable

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine

from warmonitor.store.database import SCHEMA_HEAD, alembic_head
from warmonitor.store.schema import Base


def test_schema_head_constant_matches_alembic() -> None:
    assert alembic_head() == SCHEMA_HEAD


def test_migrations_match_models(open_db: Callable[..., Engine]) -> None:
    engine = open_db()
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # Type differences between DateTime and our UTC wrapper are not schema changes.
    assert [d for d in diff if not (isinstance(d, list) and d[0][0] == "modify_type")] == []
