"""Record logic shared by every file-or-memory backend: applications, outbox, logs.

A backend supplies two :class:`Table`s (applications, outbox), two :class:`Log`s
(unanswered questions, audit trail), the drafts, the documents and ``_writing()`` (the
lock every change holds); validation, ids, ordering, the idempotent outbox with claims,
and the status history live here once, so the memory and file stores behave alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any, Protocol, Self

from storage.contract import (
    APPLICATION_REQUIRED_FIELDS,
    DELIVERY_REQUIRED_FIELDS,
    DeliveryStatus,
    check_user,
    delivery_id_for,
    new_record_id,
    require_keys,
)
from storage.errors import StorageError
from storage.files import json_copy
from storage.times import Clock, iso, parse_iso, to_utc, utc_now

ID = "id"


class Table(Protocol):
    """A keyed table of JSON records, each with a unique string ``id``."""

    def get(self, key: str) -> dict | None:
        """The record with this id (a copy), or None."""
        ...

    def put(self, record: dict) -> None:
        """Inserts the record, or replaces the one with its id."""
        ...

    def all(self) -> list[dict]:
        """Every record (copies), in insertion order."""
        ...


class Log(Protocol):
    """An append-only list of JSON records (a growing log is never rewritten to add one)."""

    def append(self, record: dict) -> None:
        """Adds one record at the end."""
        ...

    def all(self) -> list[dict]:
        """Every record, oldest first."""
        ...

    def delete_where(self, predicate: Callable[[dict], bool]) -> int:
        """Removes the matching records; returns how many."""
        ...


def _require(table: Table, key: str, *, what: str) -> dict:
    record = table.get(key)
    if record is None:
        raise StorageError(f"{what} {key}: finns inte")
    return record


def check_application(app: Any) -> dict:
    """A JSON copy of a complete application record, or a Swedish StorageError."""
    require_keys(app, APPLICATION_REQUIRED_FIELDS, what="ansökan")
    record = json_copy(app, what=f"ansökan {app[ID]}")
    if not isinstance(record[ID], str) or not record[ID]:
        raise StorageError(f"ansökan: ogiltigt id {record[ID]!r}")
    parse_iso(record["submitted_at"], what=f"ansökan {record[ID]}: submitted_at")
    record.setdefault("round", 1)
    record.setdefault(
        "status_history",
        [{"status": record["status"], "at": record["submitted_at"], "by": record["user"]}],
    )
    return record


def new_delivery(delivery: Any, now: datetime) -> dict:
    """A complete pending outbox record for a queued delivery."""
    require_keys(delivery, DELIVERY_REQUIRED_FIELDS, what="leverans")
    record = json_copy(delivery, what="leverans")
    record.setdefault("round", 1)
    record.setdefault("payload", {})
    record[ID] = delivery_id_for(record)
    stamp = iso(now)
    record.update(
        status=DeliveryStatus.PENDING.value,
        attempts=0,
        created_at=stamp,
        next_attempt=stamp,
        claimed_by=None,
        claimed_until=None,
        delivered_at=None,
        failed_at=None,
        last_error=None,
    )
    return record


class RecordStore:
    """Every non-draft method of ``Store`` on the backend's tables and logs.

    Subclasses set ``_applications``, ``_outbox``, ``_unanswered``, ``_audit`` and
    implement ``_writing()``, the document methods, the staff FAQ, the drafts and
    ``_close``.
    """

    _applications: Table
    _outbox: Table
    _unanswered: Log
    _audit: Log

    def __init__(self, *, clock: Clock | None = None) -> None:
        self._clock: Clock = clock or utc_now
        self._closed = False

    # ----------------------------------------------------------------- helpers
    def _now(self) -> datetime:
        return to_utc(self._clock())

    def _check_open(self) -> None:
        if self._closed:
            raise StorageError("lagringen är stängd")

    def _writing(self) -> AbstractContextManager[None]:  # pragma: no cover - overridden
        raise NotImplementedError

    def _read_document(self, application_id: str, round_: int) -> bytes | None:
        raise NotImplementedError  # pragma: no cover - overridden

    # ------------------------------------------------------------ applications
    def _apply_submission(self, application: dict, deliveries: list[dict]) -> None:
        """Stores an application record and queues its deliveries (lock held).

        Applying the same submission again changes nothing more: the record is the same
        and every delivery id already exists. That is what makes a journal replay safe.
        """
        self._applications.put(application)
        for delivery in deliveries:
            self._enqueue(delivery)

    def get_application(self, application_id: str, *, user: str | None = None) -> dict | None:
        """The application with this id, or None (also for an unknown id).

        Args:
            application_id: The application's id.
            user: If given, the application is returned only when it belongs to this
                user (ownership check for applicant-facing reads); otherwise None.
        """
        self._check_open()
        if not isinstance(application_id, str):
            return None
        record = self._applications.get(application_id)
        if record is None or (user is not None and record.get("user") != user):
            return None
        return record

    def get_document(self, application_id: str) -> bytes | None:
        """The Word document of the application's latest round, or None."""
        record = self.get_application(application_id)
        if record is None:
            return None
        return self._read_document(application_id, int(record.get("round") or 1))

    def update_application(self, application_id: str, changes: dict) -> dict:
        """Merges ``changes`` (top-level keys) into the application.

        Raises:
            StorageError: for an unknown id or an attempt to change the id.
        """
        self._check_open()
        changes = json_copy(changes, what=f"ansökan {application_id}")
        if not isinstance(changes, dict):
            raise StorageError(f"ansökan {application_id}: ändringarna ska vara en post")
        if ID in changes and changes[ID] != application_id:
            raise StorageError(f"ansökan {application_id}: id kan inte ändras")
        with self._writing():
            record = _require(self._applications, application_id, what="ansökan")
            record.update(changes)
            self._applications.put(record)
        return record

    def add_status_event(self, application_id: str, event: dict) -> dict:
        """Appends a status change to the application's ``status_history``.

        The event needs ``status``; ``by`` and ``comment`` default to None and ``at`` to
        now. The application's ``status`` becomes the event's.

        Raises:
            StorageError: for an unknown id or an event without ``status``.
        """
        self._check_open()
        require_keys(event, ("status",), what=f"ansökan {application_id}: statushändelse")
        entry = {"status": None, "at": None, "by": None, "comment": None}
        entry.update(json_copy(event, what=f"ansökan {application_id}: statushändelse"))
        entry["at"] = entry["at"] or iso(self._now())
        with self._writing():
            record = _require(self._applications, application_id, what="ansökan")
            record.setdefault("status_history", []).append(entry)
            record["status"] = entry["status"]
            self._applications.put(record)
        return record

    def list_applications(
        self, *, user: str | None = None, status: str | None = None
    ) -> list[dict]:
        """Applications, newest ``submitted_at`` first (ties: last stored first)."""
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
    def _enqueue(self, delivery: dict) -> str:
        record = new_delivery(delivery, self._now())
        if self._applications.get(record["application_id"]) is None:
            raise StorageError(f"ansökan {record['application_id']}: finns inte")
        if self._outbox.get(record[ID]) is None:
            self._outbox.put(record)
        return record[ID]

    def enqueue_delivery(self, delivery: dict) -> str:
        """Queues one delivery at most once; returns its id.

        Raises:
            StorageError: when a key is missing or the application does not exist.
        """
        self._check_open()
        with self._writing():
            return self._enqueue(delivery)

    def _due(self, now: datetime, channels: frozenset[str] | None) -> Iterator[dict]:
        moment = to_utc(now)
        for record in self._outbox.all():
            if record["status"] != DeliveryStatus.PENDING:
                continue
            if channels is not None and record["channel"] not in channels:
                continue
            if parse_iso(record["next_attempt"]) > moment:
                continue
            claimed = record.get("claimed_until")
            if claimed and parse_iso(claimed) > moment:
                continue
            yield record

    def claim_due(
        self,
        now: datetime,
        *,
        owner: str,
        lease: timedelta,
        channels: frozenset[str] | None = None,
        limit: int = 20,
    ) -> list[dict]:
        """Claims due, unclaimed pending deliveries, earliest ``next_attempt`` first."""
        self._check_open()
        with self._writing():
            due = sorted(self._due(now, channels), key=lambda r: parse_iso(r["next_attempt"]))
            claimed = []
            for record in due[:limit]:
                record["claimed_by"] = owner
                record["claimed_until"] = iso(to_utc(now) + lease)
                self._outbox.put(record)
                claimed.append(record)
        return claimed

    def _finish(self, delivery_id: str, change: Callable[[dict], None]) -> None:
        self._check_open()
        with self._writing():
            record = _require(self._outbox, delivery_id, what="leverans")
            if record["status"] != DeliveryStatus.PENDING:
                return  # delivered or given up already: the first outcome stands
            record["attempts"] += 1
            record["claimed_by"] = record["claimed_until"] = None
            change(record)
            self._outbox.put(record)

    def mark_delivered(self, delivery_id: str, at: datetime) -> None:
        """Marks a delivery as sent; marking it again keeps the first time.

        Raises:
            StorageError: for an unknown delivery id.
        """

        def done(record: dict) -> None:
            record["status"] = DeliveryStatus.DELIVERED.value
            record["delivered_at"] = iso(at)

        self._finish(delivery_id, done)

    def mark_retry(self, delivery_id: str, *, next_attempt: datetime, error: str) -> None:
        """Records a failed attempt: ``attempts`` + 1, the error, the next attempt time."""

        def again(record: dict) -> None:
            record["next_attempt"] = iso(next_attempt)
            record["last_error"] = str(error)

        self._finish(delivery_id, again)

    def mark_failed(self, delivery_id: str, *, at: datetime, error: str) -> None:
        """Gives the delivery up for good; it stays listed with its error."""

        def give_up(record: dict) -> None:
            record["status"] = DeliveryStatus.FAILED.value
            record["failed_at"] = iso(at)
            record["last_error"] = str(error)

        self._finish(delivery_id, give_up)

    def get_delivery(self, delivery_id: str) -> dict | None:
        """The delivery with this id, or None."""
        self._check_open()
        return self._outbox.get(delivery_id)

    def list_deliveries(self, *, application_id: str | None = None) -> list[dict]:
        """Every delivery (of one application when given), in the order they were queued."""
        self._check_open()
        return [
            record
            for record in self._outbox.all()
            if application_id is None or record["application_id"] == application_id
        ]

    # ----------------------------------------------------- unanswered questions
    def add_unanswered(self, question: str, *, user: str, fund: str, at: datetime) -> str:
        """Logs a question the FAQ could not answer, for staff; returns its id."""
        self._check_open()
        record = {ID: new_record_id(), "question": str(question), "user": user, "fund": fund}
        record["at"] = iso(at)
        record = json_copy(record, what="obesvarad fråga")
        with self._writing():
            self._unanswered.append(record)
        return record[ID]

    def list_unanswered(self) -> list[dict]:
        """The logged questions, oldest first (the staff's work queue)."""
        self._check_open()
        return sorted(self._unanswered.all(), key=lambda record: parse_iso(record["at"]))

    def delete_unanswered(self, question_id: str) -> bool:
        """Deletes one logged question; True if it existed."""
        self._check_open()
        with self._writing():
            return self._unanswered.delete_where(lambda record: record[ID] == question_id) > 0

    def purge_unanswered(self, older_than: datetime) -> int:
        """Deletes questions logged before ``older_than`` (their retention is over)."""
        self._check_open()
        limit = to_utc(older_than)
        with self._writing():
            return self._unanswered.delete_where(lambda record: parse_iso(record["at"]) < limit)

    # -------------------------------------------------------------- audit trail
    def _audit_entry(self, record: dict) -> dict:
        entry = json_copy(record, what="granskningslogg")
        if not isinstance(entry, dict):
            raise StorageError("granskningslogg: en post (dict) väntades")
        entry.setdefault("at", iso(self._now()))
        entry[ID] = new_record_id()
        return entry

    def add_audit(self, record: dict) -> None:
        """Appends an entry to the audit trail (``at`` defaults to now, an ``id`` is added)."""
        self._check_open()
        entry = self._audit_entry(record)
        with self._writing():
            self._audit.append(entry)

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
        with self._writing():
            questions = self._unanswered.delete_where(lambda record: record.get("user") == user)
        kept = len(self.list_applications(user=user))
        return {"drafts": drafts, "unanswered": questions, "applications_kept": kept}

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
