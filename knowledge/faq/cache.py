"""A disk cache of the built FAQ (entries, language data, search index), keyed by content.

Building the index costs a YAML parse, validation, template checks and the analysis of
every phrasing (~100 ms, more with a large FAQ); a new process – ``idebot faq "…"`` –
reads the cache instead (a few ms). The cache file is named by a SHA-256 over the FAQ
file, the language files, the lemma table, the search code and the Python version, so
any change to any of them is a new key: nothing stale is ever read, and nothing needs
invalidating. The content is written with :mod:`marshal` (plain data only: loading it
runs no code) atomically; an unreadable or foreign file is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

PREFIX = "faq-index-"
SUFFIX = ".marshal"
# Bump when the cached payload's layout changes in a way the code hash would not show.
FORMAT = 1
# The modules whose code shapes the cached data: a change to any is a new key.
CODE_FILES = (
    "text.py",
    "questions.py",
    "index.py",
    "search.py",
    "parts.py",
    "model.py",
    "files.py",
    "cache.py",
    "examples.py",
)


def cache_key(sources: Iterable[Path | bytes]) -> str:
    """The SHA-256 (hex) over the sources (files or text as bytes), the search code and
    Python's version.

    A missing file counts as empty (the lemma table is optional).
    """
    digest = hashlib.sha256(f"{FORMAT}|{sys.version}|".encode())
    here = Path(__file__).parent
    for source in [*sources, *(here / name for name in CODE_FILES)]:
        if isinstance(source, bytes):
            data = source
        else:
            try:
                data = source.read_bytes()
            except FileNotFoundError:
                data = b""
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def cache_path(cache_dir: Path, key: str) -> Path:
    """The cache file for a key."""
    return Path(cache_dir) / f"{PREFIX}{key[:32]}{SUFFIX}"


def read(cache_dir: Path, key: str) -> dict[str, Any] | None:
    """The cached payload for a key, or None (missing, unreadable or another key)."""
    path = cache_path(cache_dir, key)
    try:
        payload = marshal.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, EOFError, ValueError, TypeError) as problem:
        log.warning("FAQ-cachen %s kan inte läsas (%s); byggs om", path.name, problem)
        return None
    if not isinstance(payload, dict) or payload.get("key") != key:
        return None
    return payload


def _replace(path: Path, data: bytes) -> None:
    # A temporary file in the same folder, then a rename: a reader sees the old file or
    # the whole new one. No fsync: a cache lost in a crash is simply built again.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".faq-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write(cache_dir: Path, key: str, payload: dict[str, Any]) -> Path | None:
    """Writes a payload under its key and removes older cache files; returns the path.

    A cache that cannot be written (read-only folder, full disk) is logged and skipped:
    the FAQ works without it.
    """
    path = cache_path(cache_dir, key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _replace(path, marshal.dumps({**payload, "key": key}))
        for old in path.parent.glob(f"{PREFIX}*{SUFFIX}"):
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, ValueError) as problem:
        log.warning("FAQ-cachen kan inte sparas i %s (%s)", path.parent, problem)
        return None
    return path
