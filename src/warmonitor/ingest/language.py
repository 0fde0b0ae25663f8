"""Which language a report is in, and whether warmonitor can read it yet."""

from __future__ import annotations

import py3langid

SUPPORTED_LANGUAGES = frozenset({"en"})
# py3langid's time grows with the text (1.1 ms for 3,000 characters, 0.6 ms for
# 1,000); a thousand characters (about 170 words) tell the language as well: the
# two samples agreed on all 8,812 texts over 1,000 characters of the examples,
# the benchmark's reports and the shared ACLED, GVA and UCDP sets.
_SAMPLE_CHARS = 1000


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (from its first thousand characters)."""
    code, _score = py3langid.classify(text[:_SAMPLE_CHARS])
    return str(code)


def is_supported(language: str | None) -> bool:
    return (language or "").split("-")[0].lower() in SUPPORTED_LANGUAGES
