"""The record form of time: ISO 8601 strings in UTC, and the injectable clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from storage.errors import StorageError

Clock = Callable[[], datetime]
"""Returns the current time (timezone-aware); injected so tests control time."""


def utc_now() -> datetime:
    """The real clock: the current time in UTC."""
    return datetime.now(UTC)


def to_utc(moment: datetime) -> datetime:
    """The same instant in UTC; a naive datetime is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def iso(moment: datetime) -> str:
    """The record form of a datetime: ISO 8601 in UTC with microseconds.

    A fixed format makes the strings sort in time order as well.
    """
    return to_utc(moment).isoformat(timespec="microseconds")


def parse_iso(text: str, *, what: str = "tidpunkt") -> datetime:
    """Reads an ISO 8601 string written by :func:`iso` (or any ISO string) as UTC.

    Raises:
        StorageError: when the text is not a date and time.
    """
    try:
        return to_utc(datetime.fromisoformat(text))
    except (TypeError, ValueError):
        raise StorageError(f"{what}: ogiltig tidpunkt {text!r}") from None
