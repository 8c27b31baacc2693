"""Record logic shared by every backend: applications, outbox, questions, audit trail.

A backend supplies four :class:`Table` objects and the draft methods; everything
else (validation, ids, ordering, idempotent outbox, status history) lives here once,
so the memory and TinyDB stores behave identically.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, Self

from storage.atomic import dump_json
from storage.base import (
    APPLICATION_REQUIRED_FIELDS,
    Clock,
    DeliveryStatus,
    iso,
    new_record_id,
    parse_iso,
    require_keys,
    to_utc,
    utc_now,
)
from storage.errors import StorageError

ID = "id"


class Table(Protocol):
    """A minimal keyed table of JSON records, each with a unique string ``id``."""

    def get(self, key: str) -> dict | None:
        """The record with this id (a copy), or None."""
        ...

    def insert(self, record: dict) -> None:
        """Adds a record whose id is not yet present."""
        ...

    def replace(self, key: str, record: dict) -> None:
        """Replaces the whole record with this id."""
        ...

    def delete_where(self, predicate: Callable[[dict], bool]) -> int:
        """Deletes the matching records; returns how many."""
        ...

    def all(self) -> list[dict]:
        """Every record (copies), in insertion order."""
        ...


def json_copy(value: Any, *, what: str) -> Any:
    """A deep copy that is guaranteed to be JSON (datetimes become ISO strings in UTC).

    Raises:
        StorageError: naming ``what`` when the value cannot be stored as JSON.
    """
    return json.loads(dump_json(value, what=what))


def check_user(user: Any) -> str:
    """Returns the user key, or raises when it is not a non-empty string."""
    if not isinstance(user, str) or not user.strip():
        raise StorageError(f"användarnyckel: en icke-tom text väntades, fick {user!r}")
    return user


def delivery_id_for(application_id: str, chat_id: int | str, key: str | None = None) -> str:
    """The outbox id of the delivery of one application to one chat (and optional key).

    Derived, not random, so that enqueueing twice (even after a crash between two
    writes) can never create a second delivery.
    """
    base = f"{application_id}:{chat_id}"
    return base if key is None else f"{base}:{key}"


def _require(table: Table, key: str, *, what: str) -> dict:
    """The record with this id; a Swedish StorageError naming ``what`` when missing."""
    record = table.get(key)
    if record is None:
        raise StorageError(f"{what} {key}: finns inte")
    return record


class RecordStore:
    """Base class implementing every non-draft method of ``Store`` on four tables.

    Subclasses set ``self._applications``, ``self._outbox``, ``self._unanswered`` and
    ``self._audit`` and implement the draft methods and ``_close``.
    """

    _applications: Table
    _outbox: Table
    _unanswered: Table
    _audit: Table

    def __init__(self, *, clock: Clock | None = None) -> None:
        self._clock: Clock = clock or utc_now
        self._closed = False

    # ----------------------------------------------------------------- helpers
    def _now(self) -> datetime:
        return to_utc(self._clock())

    def _check_open(self) -> None:
        if self._closed:
            raise StorageError("lagringen är stängd")

    # ------------------------------------------------------------ applications
    def add_application(self, app: dict) -> None:
        """Stores a submitted application.

        A ``status_history`` list is started with the initial status (by the applicant,
        at ``submitted_at``) unless the record already carries one.

        Raises:
            StorageError: when a required key is missing or the id already exists.
        """
        self._check_open()
        require_keys(app, APPLICATION_REQUIRED_FIELDS, what="ansökan")
        record = json_copy(app, what=f"ansökan {app[ID]}")
        if not isinstance(record[ID], str) or not record[ID]:
            raise StorageError(f"ansökan: ogiltigt id {record[ID]!r}")
        parse_iso(record["submitted_at"], what=f"ansökan {record[ID]}: submitted_at")
        if self._applications.get(record[ID]) is not None:
            raise StorageError(f"ansökan {record[ID]}: finns redan")
        record.setdefault(
            "status_history",
            [
                {
                    "status": record["status"],
                    "at": record["submitted_at"],
                    "by": record["user"],
                    "comment": None,
                }
            ],
        )
        self._applications.insert(record)

    def get_application(self, application_id: str, *, user: str | None = None) -> dict | None:
        """The application with this id, or None (also for an unknown id).

        Args:
            application_id: The application's id.
            user: If given, the application is returned only when it belongs to this
                user (ownership check for applicant-facing reads); otherwise None.
        """
        self._check_open()
        record = self._applications.get(application_id)
        if record is None or (user is not None and record.get("user") != user):
            return None
        return record

    def _require_application(self, application_id: str) -> dict:
        return _require(self._applications, application_id, what="ansökan")

    def update_application(self, application_id: str, changes: dict) -> dict:
        """Merges ``changes`` (top-level keys) into the application.

        Returns:
            The updated record.

        Raises:
            StorageError: for an unknown id or an attempt to change the id.
        """
        self._check_open()
        record = self._require_application(application_id)
        changes = json_copy(changes, what=f"ansökan {application_id}")
        if not isinstance(changes, dict):
            raise StorageError(f"ansökan {application_id}: ändringarna ska vara en post")
        if ID in changes and changes[ID] != application_id:
            raise StorageError(f"ansökan {application_id}: id kan inte ändras")
        record.update(changes)
        self._applications.replace(application_id, record)
        return json_copy(record, what=f"ansökan {application_id}")

    def add_status_event(self, application_id: str, event: dict) -> dict:
        """Appends a status change to the application's ``status_history``.

        The event needs ``status``; ``by`` (who) and ``comment`` default to None and
        ``at`` to now. The application's ``status`` becomes the event's.

        Returns:
            The updated application record.

        Raises:
            StorageError: for an unknown id or an event without ``status``.
        """
        self._check_open()
        require_keys(event, ("status",), what=f"ansökan {application_id}: statushändelse")
        record = self._require_application(application_id)
        entry = {"status": None, "at": None, "by": None, "comment": None}
        entry.update(json_copy(event, what=f"ansökan {application_id}: statushändelse"))
        entry["at"] = entry["at"] or iso(self._now())
        record.setdefault("status_history", []).append(entry)
        record["status"] = entry["status"]
        self._applications.replace(application_id, record)
        return json_copy(record, what=f"ansökan {application_id}")

    def list_applications(
        self, *, user: str | None = None, status: str | None = None
    ) -> list[dict]:
        """Applications, newest ``submitted_at`` first (ties: last stored first).

        Args:
            user: Only this user's applications.
            status: Only applications with this current status.
        """
        self._check_open()
        records = [
            record
            for record in reversed(self._applications.all())
            if (user is None or record.get("user") == user)
            and (status is None or record.get("status") == status)
        ]
        records.sort(key=lambda record: parse_iso(record["submitted_at"]), reverse=True)
        return records

    # ------------------------------------------------------------------ outbox
    def enqueue_delivery(
        self, application_id: str, chat_id: int | str, payload: dict, *, key: str | None = None
    ) -> str:
        """Queues the delivery of an application to one chat, at most once.

        Enqueueing the same (application, chat, key) again returns the existing id and
        changes nothing, whatever its state.

        Args:
            application_id: A stored application.
            chat_id: The receiving chat.
            payload: What the channel needs to send it (JSON).
            key: Optional; a new key is a separate delivery of the same application to
                the same chat, e.g. the resubmission after a komplettering
                (``key="komplettering-1"``). Without it there is one delivery per
                application and chat.

        Raises:
            StorageError: when the application does not exist.
        """
        self._check_open()
        self._require_application(application_id)
        delivery_id = delivery_id_for(application_id, chat_id, key)
        if self._outbox.get(delivery_id) is not None:
            return delivery_id
        now = iso(self._now())
        self._outbox.insert(
            {
                ID: delivery_id,
                "application_id": application_id,
                "chat_id": chat_id,
                "key": key,
                "payload": json_copy(payload, what=f"leverans {delivery_id}: payload"),
                "status": DeliveryStatus.PENDING.value,
                "attempts": 0,
                "created_at": now,
                "next_attempt": now,
                "delivered_at": None,
                "last_error": None,
            }
        )
        return delivery_id

    def due_deliveries(self, now: datetime) -> list[dict]:
        """Pending deliveries whose ``next_attempt`` is not after ``now``, earliest first."""
        self._check_open()
        moment = to_utc(now)
        due = [
            record
            for record in self._outbox.all()
            if record["status"] == DeliveryStatus.PENDING
            and parse_iso(record["next_attempt"]) <= moment
        ]
        due.sort(key=lambda record: parse_iso(record["next_attempt"]))
        return due

    def _require_delivery(self, delivery_id: str) -> dict:
        return _require(self._outbox, delivery_id, what="leverans")

    def mark_delivered(self, delivery_id: str, at: datetime) -> None:
        """Marks a delivery as sent; marking it again keeps the first time.

        Raises:
            StorageError: for an unknown delivery id.
        """
        self._check_open()
        record = self._require_delivery(delivery_id)
        if record["status"] == DeliveryStatus.DELIVERED:
            return
        record["status"] = DeliveryStatus.DELIVERED.value
        record["delivered_at"] = iso(at)
        record["attempts"] += 1
        self._outbox.replace(delivery_id, record)

    def mark_retry(self, delivery_id: str, *, next_attempt: datetime, error: str) -> None:
        """Records a failed attempt: ``attempts`` + 1, the error, the next attempt time.

        Raises:
            StorageError: for an unknown or already delivered delivery.
        """
        self._check_open()
        record = self._require_delivery(delivery_id)
        if record["status"] == DeliveryStatus.DELIVERED:
            raise StorageError(f"leverans {delivery_id}: är redan levererad")
        record["attempts"] += 1
        record["next_attempt"] = iso(next_attempt)
        record["last_error"] = str(error)
        self._outbox.replace(delivery_id, record)

    def get_delivery(self, delivery_id: str) -> dict | None:
        """The delivery with this id, or None."""
        self._check_open()
        return self._outbox.get(delivery_id)

    def list_deliveries(self) -> list[dict]:
        """Every delivery, in the order they were queued."""
        self._check_open()
        return self._outbox.all()

    # ----------------------------------------------------- unanswered questions
    def add_unanswered(self, question: str, *, user: str, fund: str, at: datetime) -> str:
        """Logs a question the FAQ could not answer, for staff.

        Returns:
            The new record's id.
        """
        self._check_open()
        question_id = new_record_id()
        self._unanswered.insert(
            {ID: question_id, "question": str(question), "user": user, "fund": fund, "at": iso(at)}
        )
        return question_id

    def list_unanswered(self) -> list[dict]:
        """The logged questions, oldest first (the staff's work queue)."""
        self._check_open()
        return sorted(self._unanswered.all(), key=lambda record: parse_iso(record["at"]))

    def delete_unanswered(self, question_id: str) -> bool:
        """Deletes one logged question; True if it existed."""
        self._check_open()
        return self._unanswered.delete_where(lambda record: record[ID] == question_id) > 0

    # -------------------------------------------------------------- audit trail
    def add_audit(self, record: dict) -> None:
        """Appends an entry to the FAQ audit trail.

        The record should name ``who``, ``action``, ``entry_id``, ``before`` and
        ``after``; ``at`` defaults to now and an ``id`` is added.
        """
        self._check_open()
        entry = json_copy(record, what="granskningslogg")
        if not isinstance(entry, dict):
            raise StorageError("granskningslogg: en post (dict) väntades")
        entry.setdefault("at", iso(self._now()))
        entry[ID] = new_record_id()
        self._audit.insert(entry)

    def list_audit(self) -> list[dict]:
        """The audit trail in the order it was written (oldest first)."""
        self._check_open()
        return self._audit.all()

    # ------------------------------------------------------------ personal data
    def delete_user_data(self, user: str) -> dict:
        """Deletes a person's draft and logged questions (``/radera``).

        Submitted applications are the coordinator's copy and are kept.

        Returns:
            ``{"drafts": n, "unanswered": n, "applications_kept": n}``.
        """
        self._check_open()
        check_user(user)
        drafts = 1 if self.delete_draft(user) else 0
        questions = self._unanswered.delete_where(lambda record: record.get("user") == user)
        kept = len(self.list_applications(user=user))
        return {"drafts": drafts, "unanswered": questions, "applications_kept": kept}

    # -------------------------------------------------------------- drafts API
    def delete_draft(self, user: str) -> bool:  # pragma: no cover - overridden
        raise NotImplementedError

    # ---------------------------------------------------------------- lifecycle
    def close(self) -> None:
        """Releases the backend's resources; later calls raise StorageError."""
        if not self._closed:
            self._closed = True
            self._close()

    def _close(self) -> None:
        """Backend hook for ``close``."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
