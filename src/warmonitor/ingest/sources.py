"""Getting the bytes of an input: files, folders and URLs (the only network code of ingest).

Each function returns ``Retrieval`` records (bytes, media type, headers, time) or
raises ``InputError`` naming the input and the problem.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from warmonitor.errors import InputError
from warmonitor.records import Retrieval

log = logging.getLogger(__name__)


def is_url(target: str) -> bool:
    return target.startswith(("http://", "https://"))


def expand_paths(target: str) -> Iterator[Path]:
    """The files under ``target``: itself, or a folder's files recursively, in name order.

    Hidden files and folders (a leading dot) are skipped.
    """
    path = Path(target)
    if not path.exists():
        raise InputError(target, "no such file or folder")
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            parts = child.relative_to(path).parts
            if child.is_file() and not any(p.startswith(".") for p in parts):
                yield child
    else:
        yield path


def read_file(path: Path, *, max_bytes: int) -> Retrieval:
    """The bytes of one file, refused when over ``max_bytes``."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(str(path), f"file is {size:,} bytes, over the limit of {max_bytes:,}")
        raw = path.read_bytes()
    except OSError as e:
        raise InputError(str(path), f"cannot read file: {e.strerror or e}") from e
    return Retrieval(
        uri=path.resolve().as_uri(),
        raw=raw,
        retrieved_at=datetime.now(UTC),
        media_type=None,
    )


def fetch_url(url: str, *, max_bytes: int, timeout: float, user_agent: str) -> Retrieval:
    """GET ``url``; the response body, its headers and the time, or ``InputError``."""
    request = urllib.request.Request(url, headers={"User-Agent": user_agent})
    log.info("fetching %s", url)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise InputError(url, f"response is {int(declared):,} bytes, over {max_bytes:,}")
            raw = response.read(max_bytes + 1)
            headers = tuple((k, v) for k, v in response.headers.items())
            media_type = response.headers.get_content_type()
            charset = response.headers.get_content_charset()
    except urllib.error.HTTPError as e:
        raise InputError(url, f"server answered HTTP {e.code} {e.reason}") from e
    except urllib.error.URLError as e:
        raise InputError(url, f"unreachable: {e.reason}") from e
    except (TimeoutError, OSError) as e:
        raise InputError(url, f"unreachable: {e}") from e
    if len(raw) > max_bytes:
        raise InputError(url, f"response is over the limit of {max_bytes:,} bytes")
    if charset:
        media_type = f"{media_type}; charset={charset}"
    return Retrieval(
        uri=url,
        raw=raw,
        retrieved_at=datetime.now(UTC),
        media_type=media_type,
        headers=headers,
    )
