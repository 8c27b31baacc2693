"""``PostgresStore``: the whole store in PostgreSQL, shared by every bot process of a fund.

Tables (``schema/0001_store.sql``): drafts, applications with their status history,
documents (each round's Word file as ``bytea``), outbox, unanswered, audit, staff_faq.

The two guarantees of the contract hold across processes and machines:

* :meth:`PostgresStore.draft_session` is one transaction that first takes the person's
  advisory lock (``pg_advisory_xact_lock``, keyed by the user key): a second process
  working for the same person waits at that line until the first commits, then reads
  the draft the first wrote. A step's reads and writes commit together; a process that
  dies mid-step holds nothing (the server ends its transaction and frees the lock).
* :meth:`PostgresSession.submit` writes the application, its document, its deliveries
  and the draft's replacement inside that transaction (in a savepoint, so a refused
  submission leaves the step able to go on): all of it commits, or none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from storage.contract import check_user, require_keys
from storage.errors import StorageError
from storage.files import json_copy
from storage.postgres.base import json_text
from storage.postgres.database import POOL_SIZE, Database
from storage.postgres.logs import LogTables
from storage.postgres.outbox import OutboxTable
from storage.postgres.schema import PEOPLE_NAMESPACE
from storage.records import ID, check_application, new_delivery
from storage.times import Clock, iso, parse_iso, to_utc

if TYPE_CHECKING:  # the driver is imported when a database is opened
    import psycopg

_SAVE_DRAFT = (
    "INSERT INTO drafts (user_key, draft, updated_at) VALUES (%s, %s::json, %s)"
    " ON CONFLICT (user_key) DO UPDATE SET draft = EXCLUDED.draft, updated_at = EXCLUDED.updated_at"
)
_PUT_APPLICATION = (
    "INSERT INTO applications (id, user_key, status, submitted_at, round, record)"
    " VALUES (%s, %s, %s, %s, %s, %s::json) ON CONFLICT (id) DO UPDATE SET"
    " user_key = EXCLUDED.user_key, status = EXCLUDED.status,"
    " submitted_at = EXCLUDED.submitted_at, round = EXCLUDED.round, record = EXCLUDED.record"
)


def _application_row(record: dict) -> tuple:
    what = f"ansökan {record[ID]}"
    return (
        record[ID],
        str(record["user"]),
        str(record["status"]),
        parse_iso(record["submitted_at"], what=f"{what}: submitted_at"),
        int(record.get("round") or 1),
        json_text(record, what=what),
    )


class PostgresSession:
    """A person's draft while their advisory lock is held (``Store.draft_session``)."""

    def __init__(self, store: PostgresStore, conn: psycopg.Connection, user: str) -> None:
        self.store = store
        self.user = user
        self._conn = conn
        row = conn.execute("SELECT draft FROM drafts WHERE user_key = %s", (user,)).fetchone()
        self.draft: dict | None = None if row is None else row[0]

    def _draft_row(self, draft: Any) -> tuple:
        if not isinstance(draft, dict):
            raise StorageError(f"utkast {self.user}: en post (dict) väntades")
        now = self.store._now()
        text = json_text({**draft, "updated_at": iso(now)}, what=f"utkast {self.user}")
        return self.user, text, now

    def save(self, draft: dict) -> None:
        row = self._draft_row(draft)
        with self.store._db.errors():  # in the session's transaction: it commits with it
            self._conn.execute(_SAVE_DRAFT, row)

    def delete(self) -> bool:
        with self.store._db.errors():
            done = self._conn.execute("DELETE FROM drafts WHERE user_key = %s", (self.user,))
            return done.rowcount > 0

    def submit(
        self,
        application: dict,
        document: bytes,
        deliveries: list[dict],
        *,
        next_draft: dict | None = None,
    ) -> None:
        record = check_application(application)
        if not isinstance(document, bytes | bytearray):
            raise StorageError(f"ansökan {record[ID]}: dokumentet ska vara bytes")
        # Everything is encoded before the first statement: a value that cannot be stored
        # is refused with nothing written.
        row = _application_row(record)
        draft = None if next_draft is None else self._draft_row(next_draft)
        store = self.store
        now = store._now()
        queued = [new_delivery(delivery, now) for delivery in deliveries]
        with store._db.writing() as conn:  # a savepoint inside the session's transaction
            conn.execute(_PUT_APPLICATION, row)
            conn.execute(
                "INSERT INTO documents (application_id, round, content) VALUES (%s, %s, %b)"
                " ON CONFLICT (application_id, round) DO UPDATE SET content = EXCLUDED.content",
                (record[ID], row[4], bytes(document)),
            )
            for delivery in queued:
                store._insert_delivery(conn, delivery)
            if draft is None:
                conn.execute("DELETE FROM drafts WHERE user_key = %s", (self.user,))
            else:
                conn.execute(_SAVE_DRAFT, draft)


class PostgresStore(OutboxTable, LogTables):
    """A :class:`storage.Store` in PostgreSQL (``IDEBOT_DATABASE_URL``).

    Args:
        url: ``postgresql://user:password@host:port/database``; the schema is created or
            brought up to date on open.
        clock: Returns "now"; defaults to the real UTC clock.
        pool_size: Connections this process keeps at most.

    Raises:
        StorageError: one Swedish line naming ``IDEBOT_DATABASE_URL`` for a bad URL, a
            server that cannot be reached, or a database newer than this code.
    """

    def __init__(self, url: str, *, clock: Clock | None = None, pool_size: int = POOL_SIZE) -> None:
        super().__init__(Database(url, pool_size=pool_size), clock=clock)

    # ------------------------------------------------------------------ drafts
    @contextmanager
    def draft_session(self, user: str) -> Iterator[PostgresSession]:
        """Holds the person's lock (any process) for one transaction; yields the session."""
        self._check_open()
        check_user(user)
        with self._db.session() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (PEOPLE_NAMESPACE, user))
            yield PostgresSession(self, conn, user)

    def get_draft(self, user: str) -> dict | None:
        """The user's draft (with ``updated_at``), or None."""
        self._check_open()
        with self._db.reading() as conn:
            row = conn.execute(
                "SELECT draft FROM drafts WHERE user_key = %s", (check_user(user),)
            ).fetchone()
        return None if row is None else row[0]

    def save_draft(self, user: str, draft: dict) -> None:
        """Stores a copy of the draft stamped with ``updated_at``."""
        with self.draft_session(user) as session:
            session.save(draft)

    def delete_draft(self, user: str) -> bool:
        """Deletes the user's draft; True if there was one."""
        with self.draft_session(user) as session:
            return session.delete()

    def purge_drafts(self, older_than: datetime) -> int:
        """Deletes drafts last saved before ``older_than``; returns how many."""
        self._check_open()
        with self._db.writing() as conn:
            done = conn.execute("DELETE FROM drafts WHERE updated_at < %s", (to_utc(older_than),))
            return done.rowcount

    def count_drafts(self) -> int:
        """How many drafts are stored."""
        self._check_open()
        with self._db.reading() as conn:
            return int(conn.execute("SELECT count(*) FROM drafts").fetchone()[0])

    # ------------------------------------------------------------ applications
    def get_application(self, application_id: str, *, user: str | None = None) -> dict | None:
        """The application with this id (only if owned by ``user`` when given), or None."""
        self._check_open()
        if not isinstance(application_id, str):
            return None
        with self._db.reading() as conn:
            row = conn.execute(
                "SELECT record FROM applications WHERE id = %s", (application_id,)
            ).fetchone()
        if row is None or (user is not None and row[0].get("user") != user):
            return None
        return row[0]

    def get_document(self, application_id: str) -> bytes | None:
        """The Word document of the application's latest round, or None."""
        self._check_open()
        if not isinstance(application_id, str):
            return None
        with self._db.reading() as conn:
            row = conn.execute(
                "SELECT d.content FROM applications a JOIN documents d"
                " ON d.application_id = a.id AND d.round = a.round WHERE a.id = %s",
                (application_id,),
            ).fetchone()
        return None if row is None else bytes(row[0])

    def list_applications(
        self, *, user: str | None = None, status: str | None = None
    ) -> list[dict]:
        """Applications, newest ``submitted_at`` first (ties: last stored first)."""
        self._check_open()
        query, params = "SELECT record FROM applications WHERE true", []
        if user is not None:
            query += " AND user_key = %s"
            params.append(str(user))
        if status is not None:
            query += " AND status = %s"
            params.append(str(status))
        query += " ORDER BY submitted_at DESC, seq DESC"
        with self._db.reading() as conn:
            return [row[0] for row in conn.execute(query, params).fetchall()]

    def _change_application(self, application_id: str, change: Callable[[dict], None]) -> dict:
        with self._db.writing() as conn:
            row = conn.execute(
                "SELECT record FROM applications WHERE id = %s FOR UPDATE", (application_id,)
            ).fetchone()
            if row is None:
                raise StorageError(f"ansökan {application_id}: finns inte")
            record = row[0]
            change(record)
            conn.execute(_PUT_APPLICATION, _application_row(record))
        return record

    def update_application(self, application_id: str, changes: dict) -> dict:
        """Merges ``changes`` (top-level keys) into the application; returns the record.

        Raises:
            StorageError: for an unknown id or an attempt to change the id.
        """
        self._check_open()
        changes = json_copy(changes, what=f"ansökan {application_id}")
        if not isinstance(changes, dict):
            raise StorageError(f"ansökan {application_id}: ändringarna ska vara en post")
        if ID in changes and changes[ID] != application_id:
            raise StorageError(f"ansökan {application_id}: id kan inte ändras")
        return self._change_application(application_id, lambda record: record.update(changes))

    def add_status_event(self, application_id: str, event: dict) -> dict:
        """Appends a status change to ``status_history`` and sets ``status``."""
        self._check_open()
        require_keys(event, ("status",), what=f"ansökan {application_id}: statushändelse")
        entry = {"status": None, "at": None, "by": None, "comment": None}
        entry.update(json_copy(event, what=f"ansökan {application_id}: statushändelse"))
        entry["at"] = entry["at"] or iso(self._now())

        def append(record: dict) -> None:
            record.setdefault("status_history", []).append(entry)
            record["status"] = entry["status"]

        return self._change_application(application_id, append)

    # ------------------------------------------------------------ personal data
    def delete_user_data(self, user: str) -> dict:
        """Deletes a person's draft and logged questions in one transaction (``/radera``);
        submitted applications are the coordinator's copy and are kept."""
        with self.draft_session(user) as session:
            drafts = 1 if session.delete() else 0
            with self._db.writing() as conn:
                done = conn.execute("DELETE FROM unanswered WHERE user_key = %s", (user,))
                kept = conn.execute(
                    "SELECT count(*) FROM applications WHERE user_key = %s", (user,)
                ).fetchone()[0]
        return {"drafts": drafts, "unanswered": done.rowcount, "applications_kept": int(kept)}

    # ---------------------------------------------------------------- lifecycle
    def close(self) -> None:
        """Closes the connections; later calls raise StorageError."""
        if not self._closed:
            self._closed = True
            self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
