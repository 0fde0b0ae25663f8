"""``python -m warmonitor.cli``."""

from warmonitor.cli import app

app()
