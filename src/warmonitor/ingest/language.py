"""Which language a report is in, and whether warmonitor can read it yet."""

from __future__ import annotations

import py3langid

SUPPORTED_LANGUAGES = frozenset({"en"})
_SAMPLE_CHARS = 3000


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (from its first few thousand characters)."""
    code, _score = py3langid.classify(text[:_SAMPLE_CHARS])
    return str(code)


def is_supported(language: str | None) -> bool:
    return (language or "").split("-")[0].lower() in SUPPORTED_LANGUAGES
