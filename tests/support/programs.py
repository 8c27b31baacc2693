"""System programs some tests need: skipped on a developer's machine, a failure in CI.

``make test`` installs the Debian packages (PostgreSQL, LibreOffice, poppler-utils) when
it may. Where it could not, a developer still gets a green run of everything else, but CI
(``CI=true``) must never pass with the database store or the PDF pages untested.
"""

from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    """Whether this run is CI's (``CI`` set to 1, true or yes)."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(available: bool, what: str) -> None:
    """Skips the calling test (fails it in CI) when ``what`` is not available.

    Args:
        available: Whether the program or server could be found or started.
        what: In Swedish, what is missing and what it is for (shown in the report).
    """
    if available:
        return
    if in_ci():
        pytest.fail(f"CI: {what}", pytrace=False)
    pytest.skip(what)
