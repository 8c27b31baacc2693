"""The ``Store`` protocol every storage backend implements, plus shared constants.

Records are JSON-compatible dicts; datetimes are ISO 8601 strings in UTC
(``2026-11-23T03:32:00.000000+00:00``), so a record can be written to disk as is.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from types import TracebackType
from typing import Any, Protocol, Self, runtime_checkable

from storage.errors import StorageError

Clock = Callable[[], datetime]
"""Returns the current time (timezone-aware); injected so tests control time."""

DEFAULT_RETENTION_DAYS = 180

APPLICATION_REQUIRED_FIELDS = (
    "id",
    "user",
    "fund",
    "answers",
    "findings",
    "verdict",
    "submitted_at",
    "status",
)
"""Keys ``add_application`` insists on."""


class DeliveryStatus(StrEnum):
    """State of one outbox delivery."""

    PENDING = "pending"
    DELIVERED = "delivered"


def new_application_id() -> str:
    """A new unguessable application id (128 random bits, URL-safe, 22 characters)."""
    return secrets.token_urlsafe(16)


def new_record_id() -> str:
    """A short random id for unanswered questions and other internal records."""
    return secrets.token_urlsafe(9)


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


@runtime_checkable
class Store(Protocol):
    """What the dialog engine and the channels need from storage.

    Every method returns copies: changing a returned dict never changes the store.
    Unknown ids give ``None`` from ``get_*`` and :class:`StorageError` from the
    methods that change a record.
    """

    # Drafts, keyed by a user key such as "console:anna" or "telegram:123".
    def get_draft(self, user: str) -> dict | None:
        """The user's draft (with ``updated_at``), or None."""
        ...

    def save_draft(self, user: str, draft: dict) -> None:
        """Stores a copy of ``draft`` stamped with ``updated_at`` (now, UTC)."""
        ...

    def delete_draft(self, user: str) -> bool:
        """Deletes the user's draft; True if there was one."""
        ...

    def purge_drafts(self, older_than: datetime) -> int:
        """Deletes drafts whose ``updated_at`` is before ``older_than``; returns the count."""
        ...

    def count_drafts(self) -> int:
        """How many drafts are stored."""
        ...

    # Applications.
    def add_application(self, app: dict) -> None:
        """Stores a submitted application (see ``APPLICATION_REQUIRED_FIELDS``)."""
        ...

    def get_application(self, application_id: str, *, user: str | None = None) -> dict | None:
        """The application with this id (owned by ``user`` if given), or None."""
        ...

    def update_application(self, application_id: str, changes: dict) -> dict:
        """Merges ``changes`` into the application and returns the new record."""
        ...

    def list_applications(
        self, *, user: str | None = None, status: str | None = None
    ) -> list[dict]:
        """Applications, newest ``submitted_at`` first, optionally filtered."""
        ...

    def add_status_event(self, application_id: str, event: dict) -> dict:
        """Appends to ``status_history``, sets ``status``; returns the new record."""
        ...

    # Outbox.
    def enqueue_delivery(
        self, application_id: str, chat_id: int | str, payload: dict, *, key: str | None = None
    ) -> str:
        """Queues one delivery per (application, chat, key); returns its id (idempotent)."""
        ...

    def due_deliveries(self, now: datetime) -> list[dict]:
        """Pending deliveries with ``next_attempt <= now``, earliest first."""
        ...

    def mark_delivered(self, delivery_id: str, at: datetime) -> None:
        """Marks a delivery as done; it is never due again."""
        ...

    def mark_retry(self, delivery_id: str, *, next_attempt: datetime, error: str) -> None:
        """Records a failed attempt and when to try again."""
        ...

    def get_delivery(self, delivery_id: str) -> dict | None:
        """The delivery with this id, or None."""
        ...

    def list_deliveries(self) -> list[dict]:
        """Every delivery, in the order they were queued."""
        ...

    # Unanswered questions.
    def add_unanswered(self, question: str, *, user: str, fund: str, at: datetime) -> str:
        """Logs a question the FAQ could not answer; returns its id."""
        ...

    def list_unanswered(self) -> list[dict]:
        """The logged questions, oldest first."""
        ...

    def delete_unanswered(self, question_id: str) -> bool:
        """Deletes one logged question; True if it existed."""
        ...

    # FAQ audit trail.
    def add_audit(self, record: dict) -> None:
        """Appends to the FAQ audit trail (who, when, action, entry id, before, after)."""
        ...

    def list_audit(self) -> list[dict]:
        """The audit trail, oldest first."""
        ...

    # Personal data.
    def delete_user_data(self, user: str) -> dict:
        """Deletes the user's draft and questions; keeps applications; returns counts."""
        ...

    # Life cycle.
    def close(self) -> None:
        """Releases files and locks; the store is unusable afterwards."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


def require_keys(record: dict[str, Any], keys: tuple[str, ...], *, what: str) -> None:
    """Raises a Swedish :class:`StorageError` naming the first missing key.

    Args:
        record: The record to check.
        keys: Keys that must be present.
        what: What the record is, for the message (e.g. "ansökan").
    """
    if not isinstance(record, dict):
        raise StorageError(f"{what}: en post (dict) väntades, fick {type(record).__name__}")
    missing = [key for key in keys if key not in record]
    if missing:
        raise StorageError(f"{what}: fältet {missing[0]!r} saknas")
