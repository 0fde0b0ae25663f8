"""Extraction stage: every figure, place, date, actor, event, outage, reaction and testimony
in a report, each tied to its source and sentence.

``extract(text, published=...)`` reads one report with a shared ``Extractor``
(the spaCy model and the gazetteer load once per process).
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from warmonitor.extract.extractor import Extractor
    from warmonitor.extract.result import Extraction

__all__ = ["extract", "shared_extractor"]


@lru_cache(maxsize=1)
def shared_extractor() -> Extractor:
    """One extractor per process, for callers that do not manage their own."""
    from warmonitor.config import Settings
    from warmonitor.extract.extractor import Extractor
    from warmonitor.extract.trained import EventTypeModel

    path = Settings().event_model
    return Extractor(event_model=EventTypeModel.load(path) if path is not None else None)


def extract(
    text: str, *, published: date | datetime | None = None, outlet: str | None = None
) -> Extraction:
    """Read one report into typed records (``.to_json()`` gives the JSON result)."""
    return shared_extractor()(text, published=published, outlet=outlet)
