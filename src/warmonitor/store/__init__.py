"""The record store: SQLite by default, PostgreSQL with the same interface and tests."""

from warmonitor.store.database import create_db_engine, open_database, upgrade
from warmonitor.store.reports import ReportStore

__all__ = ["ReportStore", "create_db_engine", "open_database", "upgrade"]
