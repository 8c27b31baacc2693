"""A record of fund files whose message templates were already checked, keyed by content.

Checking a fund file's messages (compiling ~220 sandboxed Jinja templates, test-rendering
each with sample facts) is most of the time ``idebot check`` and ``idebot render`` spend
loading the fund files (~0.28 s of a whole ``render``'s 1.2 s). The result depends only
on the files' bytes, the criteria code, Jinja's version and Python's, so a check that
passed once need not run again for the same inputs: after a successful check an empty
marker file named by a SHA-256 over all of them is written to the cache folder, and a
later process that finds the marker loads the files with the check deferred (each
template is still compiled, under the same budget, when first rendered). Any change to
any input is a new key; a failed check writes no marker, so a broken file keeps being
reported by every command until it is fixed.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from pathlib import Path

import jinja2

log = logging.getLogger(__name__)

PREFIX = "funds-checked-"
# The code whose behaviour a check's outcome depends on: the criteria package and the
# template filters (knowledge/formatting.py).
_CODE = (
    *sorted(Path(__file__).parent.glob("*.py")),
    Path(__file__).parent.parent / "formatting.py",
)


def checked_key(files: list[Path]) -> str:
    """The SHA-256 (hex) over the fund files, the criteria code and the versions."""
    digest = hashlib.sha256(f"{sys.version}|{jinja2.__version__}|".encode())
    for path in [*files, *_CODE]:
        data = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def marker(cache_dir: Path, key: str) -> Path:
    """The marker file for a key."""
    return Path(cache_dir) / f"{PREFIX}{key[:32]}"


def was_checked(cache_dir: Path, key: str) -> bool:
    """Whether a check of exactly these inputs passed before."""
    return marker(cache_dir, key).is_file()


def remember_checked(cache_dir: Path, key: str) -> None:
    """Writes the marker for a passed check and removes older markers.

    A folder that cannot be written (read-only, full disk) is logged and skipped: the
    next process simply checks again.
    """
    path = marker(cache_dir, key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
        for old in path.parent.glob(f"{PREFIX}*"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as problem:
        log.warning(
            "Kontrollmärket för fondfilerna kan inte sparas i %s (%s)", path.parent, problem
        )
