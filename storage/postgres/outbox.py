"""The outbox of ``PostgresStore``: idempotent deliveries, claimed as leases.

Several processes drain one outbox. ``claim_due`` selects the due rows ``FOR UPDATE
SKIP LOCKED`` and stamps them with the claimer and the lease's end in the same
transaction: two processes claiming at the same moment get different rows (the second
skips the first's locked rows instead of waiting for them), and once the first commits
its rows are nobody else's until the lease runs out.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from storage.contract import DeliveryStatus
from storage.errors import StorageError
from storage.postgres.base import PostgresBase, json_text
from storage.records import ID, new_delivery
from storage.times import iso, parse_iso, to_utc

if TYPE_CHECKING:  # the driver is imported when a database is opened
    import psycopg

_INSERT = (
    "INSERT INTO outbox (id, application_id, channel, status, next_attempt, record)"
    " VALUES (%s, %s, %s, %s, %s, %s::json) ON CONFLICT (id) DO NOTHING"
)
_WRITE = (
    "UPDATE outbox SET status = %s, next_attempt = %s, claimed_until = %s, record = %s::json"
    " WHERE id = %s"
)


def _row(record: dict) -> tuple:
    """The columns of an outbox record, in ``_WRITE``'s order."""
    claimed = record.get("claimed_until")
    return (
        record["status"],
        parse_iso(record["next_attempt"]),
        parse_iso(claimed) if claimed else None,
        json_text(record, what=f"leverans {record[ID]}"),
        record[ID],
    )


class OutboxTable(PostgresBase):
    """Deliveries to coordinators and applicants (see the module docstring)."""

    def _insert_delivery(self, conn: psycopg.Connection, record: dict) -> str:
        """Inserts a complete delivery record (``new_delivery``) whose application exists,
        in the caller's transaction; a delivery queued before stays as it is."""
        conn.execute(
            _INSERT,
            (
                record[ID],
                str(record["application_id"]),
                str(record["channel"]),
                record["status"],
                parse_iso(record["next_attempt"]),
                json_text(record, what="leverans"),
            ),
        )
        return record[ID]

    def enqueue_delivery(self, delivery: dict) -> str:
        """Queues one delivery at most once; returns its id.

        Raises:
            StorageError: when a key is missing or the application does not exist.
        """
        self._check_open()
        record = new_delivery(delivery, self._now())  # a missing key is named first
        with self._db.writing() as conn:
            application_id = str(record["application_id"])
            found = conn.execute("SELECT 1 FROM applications WHERE id = %s", (application_id,))
            if found.fetchone() is None:
                raise StorageError(f"ansökan {application_id}: finns inte")
            return self._insert_delivery(conn, record)

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
        moment = to_utc(now)
        query = (
            "SELECT record FROM outbox WHERE status = %s AND next_attempt <= %s"
            " AND (claimed_until IS NULL OR claimed_until <= %s)"
        )
        params: list = [DeliveryStatus.PENDING.value, moment, moment]
        if channels is not None:
            query += " AND channel = ANY(%s)"
            params.append(sorted(channels))
        query += " ORDER BY next_attempt, seq LIMIT %s FOR UPDATE SKIP LOCKED"
        params.append(int(limit))
        with self._db.writing() as conn:
            claimed = [row[0] for row in conn.execute(query, params).fetchall()]
            for record in claimed:
                record["claimed_by"] = owner
                record["claimed_until"] = iso(moment + lease)
            if claimed:
                conn.cursor().executemany(_WRITE, [_row(record) for record in claimed])
        return claimed

    def _finish(self, delivery_id: str, change: Callable[[dict], None]) -> None:
        self._check_open()
        with self._db.writing() as conn:
            row = conn.execute(
                "SELECT record FROM outbox WHERE id = %s FOR UPDATE", (str(delivery_id),)
            ).fetchone()
            if row is None:
                raise StorageError(f"leverans {delivery_id}: finns inte")
            record = row[0]
            if record["status"] != DeliveryStatus.PENDING:
                return  # delivered or given up already: the first outcome stands
            record["attempts"] += 1
            record["claimed_by"] = record["claimed_until"] = None
            change(record)
            conn.execute(_WRITE, _row(record))

    def mark_delivered(self, delivery_id: str, at: datetime) -> None:
        """Marks a delivery as sent; marking it again keeps the first time."""

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
        with self._db.reading() as conn:
            row = conn.execute(
                "SELECT record FROM outbox WHERE id = %s", (str(delivery_id),)
            ).fetchone()
        return None if row is None else row[0]

    def list_deliveries(self, *, application_id: str | None = None) -> list[dict]:
        """Every delivery (of one application when given), in the order they were queued."""
        self._check_open()
        with self._db.reading() as conn:
            if application_id is None:
                rows = conn.execute("SELECT record FROM outbox ORDER BY seq")
            else:
                rows = conn.execute(
                    "SELECT record FROM outbox WHERE application_id = %s ORDER BY seq",
                    (str(application_id),),
                )
            return [row[0] for row in rows.fetchall()]
