"""The ``Store`` contract every backend implements (memory, files, PostgreSQL).

Records are JSON-compatible dicts; datetimes are ISO 8601 strings in UTC
(``2026-11-23T03:32:00.000000+00:00``), so a record can be written anywhere as is.
Every method returns copies: changing a returned dict never changes the store. Unknown
ids give ``None`` from ``get_*`` and :class:`StorageError` from methods that change a
record. Every backend passes the same tests (``tests/test_storage_contract.py``).

Two operations carry the application's guarantees:

* :meth:`Store.draft_session` holds one person's lock (across threads and processes)
  while a dialog step reads their draft and writes its result, so two inputs of one
  person never interleave and each is applied once.
* :meth:`DraftSession.submit` records a submission in one atomic step: the application
  record, its Word document, its deliveries and the draft's removal (or its replacement)
  happen all together or, after a crash, not at all — never half.
"""

from __future__ import annotations

import secrets
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from enum import StrEnum
from types import TracebackType
from typing import Any, Protocol, Self, runtime_checkable

from storage.errors import FaqChanged, StorageError

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
"""Keys a stored application must have."""

DELIVERY_REQUIRED_FIELDS = ("application_id", "channel", "target", "kind")
"""Keys a queued delivery must have (``round`` and ``payload`` default to 1 and {})."""


class DeliveryStatus(StrEnum):
    """State of one outbox delivery."""

    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"  # given up for good (e.g. an address the mail server refuses)


def new_application_id() -> str:
    """A new unguessable application id (128 random bits, URL-safe, 22 characters)."""
    return secrets.token_urlsafe(16)


def new_record_id() -> str:
    """A short random id for logged questions and other internal records."""
    return secrets.token_urlsafe(9)


def delivery_id_for(delivery: dict[str, Any]) -> str:
    """The outbox id of a delivery: derived from what it is, never random.

    One id per (application, channel, target, kind, round), so queueing the same
    delivery twice, even after a crash between two writes, never makes a second one.
    """
    parts = ("application_id", "channel", "target", "kind", "round")
    return ":".join(str(delivery.get(part, 1 if part == "round" else "")) for part in parts)


@runtime_checkable
class DraftSession(Protocol):
    """One person's draft while their lock is held (see :meth:`Store.draft_session`).

    Attributes:
        user: Whose draft.
        draft: The draft as stored when the session began (with ``updated_at``), or None.
    """

    user: str
    draft: dict | None

    def save(self, draft: dict) -> None:
        """Stores ``draft`` (stamped with ``updated_at``) as the person's draft."""
        ...

    def delete(self) -> bool:
        """Deletes the person's draft; True if there was one."""
        ...

    def submit(
        self,
        application: dict,
        document: bytes,
        deliveries: list[dict],
        *,
        next_draft: dict | None = None,
    ) -> None:
        """Records a submission atomically (see the module docstring).

        Args:
            application: The whole application record (new, or the same id again for a
                resubmission after a komplettering, with its ``round`` raised).
            document: The Word document of this round.
            deliveries: The deliveries to queue (idempotent by their derived id).
            next_draft: The draft the person has afterwards (a draft set aside during a
                komplettering), or None to delete it.
        """
        ...


class StaffFaq(Protocol):
    """The staff-edited FAQ as stored: its YAML text and a version that changes with it."""

    text: str
    version: str


@runtime_checkable
class Store(Protocol):
    """What the application layer needs from storage."""

    # --- drafts (keyed by a user key such as "console:anna" or "telegram:123") -----
    def draft_session(self, user: str) -> AbstractContextManager[DraftSession]:
        """Holds the person's lock and yields their draft session."""
        ...

    def get_draft(self, user: str) -> dict | None:
        """The person's draft (with ``updated_at``), or None."""
        ...

    def save_draft(self, user: str, draft: dict) -> None:
        """Stores a copy of ``draft`` stamped with ``updated_at`` (its own short session)."""
        ...

    def delete_draft(self, user: str) -> bool:
        """Deletes the person's draft; True if there was one."""
        ...

    def purge_drafts(self, older_than: datetime) -> int:
        """Deletes drafts whose ``updated_at`` is before ``older_than``; returns the count."""
        ...

    def count_drafts(self) -> int:
        """How many drafts are stored."""
        ...

    # --- applications -----------------------------------------------------------
    def get_application(self, application_id: str, *, user: str | None = None) -> dict | None:
        """The application with this id (only if owned by ``user`` when given), or None."""
        ...

    def get_document(self, application_id: str) -> bytes | None:
        """The Word document of the application's latest round, or None."""
        ...

    def list_applications(
        self, *, user: str | None = None, status: str | None = None
    ) -> list[dict]:
        """Applications, newest ``submitted_at`` first, optionally filtered."""
        ...

    def update_application(self, application_id: str, changes: dict) -> dict:
        """Merges top-level ``changes`` into the application; returns the new record."""
        ...

    def add_status_event(self, application_id: str, event: dict) -> dict:
        """Appends to ``status_history`` and sets ``status``; returns the new record."""
        ...

    # --- outbox -----------------------------------------------------------------
    def enqueue_delivery(self, delivery: dict) -> str:
        """Queues one delivery (idempotent by :func:`delivery_id_for`); returns its id."""
        ...

    def claim_due(
        self,
        now: datetime,
        *,
        owner: str,
        lease: timedelta,
        channels: frozenset[str] | None = None,
        limit: int = 20,
    ) -> list[dict]:
        """Claims pending deliveries due at ``now`` that nobody holds; earliest first.

        A claimed delivery is nobody else's until ``now + lease``, so several processes
        can drain one outbox and each delivery is attempted by one of them at a time.
        """
        ...

    def mark_delivered(self, delivery_id: str, at: datetime) -> None:
        """Marks a delivery as done; it is never due again."""
        ...

    def mark_retry(self, delivery_id: str, *, next_attempt: datetime, error: str) -> None:
        """Records a failed attempt and when to try again (the claim is released)."""
        ...

    def mark_failed(self, delivery_id: str, *, at: datetime, error: str) -> None:
        """Gives a delivery up for good (a permanent refusal); it is never due again."""
        ...

    def get_delivery(self, delivery_id: str) -> dict | None:
        """The delivery with this id, or None."""
        ...

    def list_deliveries(self, *, application_id: str | None = None) -> list[dict]:
        """Deliveries in the order they were queued (of one application when given)."""
        ...

    # --- questions the FAQ could not answer ---------------------------------------
    def add_unanswered(self, question: str, *, user: str, fund: str, at: datetime) -> str:
        """Logs a question; returns its id."""
        ...

    def list_unanswered(self) -> list[dict]:
        """The logged questions, oldest first."""
        ...

    def delete_unanswered(self, question_id: str) -> bool:
        """Deletes one logged question; True if it existed."""
        ...

    def purge_unanswered(self, older_than: datetime) -> int:
        """Deletes questions logged before ``older_than``; returns the count."""
        ...

    # --- the staff-edited FAQ and its audit trail --------------------------------
    def get_staff_faq(self) -> StaffFaq | None:
        """The staff-edited FAQ (YAML text and version), or None when there is none."""
        ...

    def faq_version(self) -> str | None:
        """The staff FAQ's version only: cheap enough to ask before every search."""
        ...

    def save_staff_faq(self, text: str, audit: dict, *, expected_version: str | None) -> str:
        """Stores the staff FAQ and its audit entry together; returns the new version.

        Args:
            text: The FAQ as YAML.
            audit: Its audit entry (who, when, action, entry id, before, after).
            expected_version: The version the edit started from (None: no staff FAQ
                was stored). Compared atomically with the current one, under the same
                lock or transaction as the write, so concurrent edits lose nothing.

        Raises:
            FaqChanged: when the current version differs; nothing is saved.
        """
        ...

    def add_audit(self, record: dict) -> None:
        """Appends to the audit trail (who, when, action, entry id, before, after)."""
        ...

    def list_audit(self) -> list[dict]:
        """The audit trail, oldest first."""
        ...

    # --- updates received and not yet handled (a channel's inbox) --------------------
    def inbox_add(self, update_id: int, update: dict) -> None:
        """Keeps an update durably before the channel confirms it (idempotent by id)."""
        ...

    def inbox_pending(self) -> list[dict]:
        """The updates kept and not yet handled, oldest id first."""
        ...

    def inbox_done(self, update_id: int) -> None:
        """Forgets a handled update (an unknown id is ignored)."""
        ...

    # --- personal data and life cycle ----------------------------------------------
    def delete_user_data(self, user: str) -> dict:
        """Deletes the person's draft and questions; keeps applications; returns counts."""
        ...

    def close(self) -> None:
        """Releases files, locks and connections; the store is unusable afterwards."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


def require_keys(record: Any, keys: tuple[str, ...], *, what: str) -> None:
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


def check_faq_version(expected: str | None, current: str | None) -> None:
    """Raises :class:`FaqChanged` unless the staff FAQ is still at the expected version."""
    if expected != current:
        raise FaqChanged(
            f"personalens FAQ: ändrad av någon annan sedan den lästes (version {expected}, "
            f"nu {current}); ingenting sparades"
        )


def check_user(user: Any) -> str:
    """Returns the user key, or raises when it is not a non-empty string."""
    if not isinstance(user, str) or not user.strip():
        raise StorageError(f"användarnyckel: en icke-tom text väntades, fick {user!r}")
    return user
