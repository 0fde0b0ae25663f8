"""Settings: one typed object, defaults shipped here, ``WARMONITOR_*`` variables override."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB_FILE = "warmonitor.db"


class Settings(BaseSettings):
    """warmonitor's settings.

    ``db`` takes a SQLAlchemy URL or a bare file path (SQLite).
    """

    model_config = SettingsConfigDict(env_prefix="WARMONITOR_", extra="ignore")

    db: str = Field(default=DEFAULT_DB_FILE, description="database URL or SQLite file path")
    max_bytes: int = Field(default=5 * 1024 * 1024, gt=0, description="largest input accepted")
    near_duplicate_threshold: float = Field(
        default=0.5,
        gt=0.0,
        le=1.0,
        description="estimated Jaccard similarity of word 5-shingles at or above which a "
        "report is a near-duplicate (a republished copy) of an earlier one",
    )
    fetch_timeout: float = Field(default=20.0, gt=0, description="seconds to wait for a URL")
    user_agent: str = "warmonitor/0.1"
    organisations_file: Path | None = Field(
        default=None,
        description="a JSON list of organisations ({name, kind, aliases, country}) that "
        "extends the built-in registry",
    )
    event_model: Path | None = Field(
        default=None,
        description="an event-type model made by `warmonitor train` from the user's own "
        "ACLED export; it types events only where the rules are unsure",
    )


def resolve_db_url(db: str | None, *, settings: Settings | None = None) -> str:
    """Turn ``--db`` (a URL, a bare SQLite path, or nothing) into a SQLAlchemy URL."""
    value = db if db else (settings or Settings()).db
    if "://" in value:
        if value.startswith(("postgresql://", "postgres://")):
            # psycopg 3 is the driver for every PostgreSQL URL.
            return "postgresql+psycopg://" + value.split("://", 1)[1]
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"
