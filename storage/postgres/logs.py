"""The logs of ``PostgresStore``: unanswered questions, the audit trail, the staff FAQ,
and the inbox of updates received and not yet handled.

The audit trail is a table the database itself keeps append-only (a trigger refuses
UPDATE, DELETE and TRUNCATE). The staff FAQ is one row whose version rises with each
save, written in the same transaction as the save's audit entry; reading the version is
one primary-key lookup, cheap enough before every FAQ search in every process.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.contract import check_faq_version, new_record_id
from storage.errors import FaqChanged, StorageError
from storage.files import json_copy
from storage.postgres.base import PostgresBase, json_text
from storage.records import ID
from storage.times import iso, to_utc


@dataclass(frozen=True)
class StaffFaqRow:
    """The staff FAQ as stored: its YAML text and its version."""

    text: str
    version: str


class LogTables(PostgresBase):
    """Unanswered questions, the audit trail and the staff FAQ (see the module docstring)."""

    # ----------------------------------------------------- unanswered questions
    def add_unanswered(self, question: str, *, user: str, fund: str, at: datetime) -> str:
        """Logs a question the FAQ could not answer, for staff; returns its id."""
        self._check_open()
        record = {ID: new_record_id(), "question": str(question), "user": user, "fund": fund}
        record["at"] = iso(at)
        text = json_text(record, what="obesvarad fråga")
        with self._db.writing() as conn:
            conn.execute(
                "INSERT INTO unanswered (id, user_key, at, record) VALUES (%s, %s, %s, %s::json)",
                (record[ID], str(user), to_utc(at), text),
            )
        return record[ID]

    def list_unanswered(self) -> list[dict]:
        """The logged questions, oldest first (the staff's work queue)."""
        self._check_open()
        with self._db.reading() as conn:
            rows = conn.execute("SELECT record FROM unanswered ORDER BY at, seq").fetchall()
        return [row[0] for row in rows]

    def delete_unanswered(self, question_id: str) -> bool:
        """Deletes one logged question; True if it existed."""
        self._check_open()
        with self._db.writing() as conn:
            done = conn.execute("DELETE FROM unanswered WHERE id = %s", (str(question_id),))
            return done.rowcount > 0

    def purge_unanswered(self, older_than: datetime) -> int:
        """Deletes questions logged before ``older_than`` (their retention is over)."""
        self._check_open()
        with self._db.writing() as conn:
            done = conn.execute("DELETE FROM unanswered WHERE at < %s", (to_utc(older_than),))
            return done.rowcount

    # -------------------------------------------------------------- audit trail
    def _audit_entry(self, record: dict) -> str:
        entry = json_copy(record, what="granskningslogg")
        if not isinstance(entry, dict):
            raise StorageError("granskningslogg: en post (dict) väntades")
        entry.setdefault("at", iso(self._now()))
        entry[ID] = new_record_id()
        return json_text(entry, what="granskningslogg")

    def add_audit(self, record: dict) -> None:
        """Appends an entry to the audit trail (``at`` defaults to now, an ``id`` is added)."""
        self._check_open()
        text = self._audit_entry(record)
        with self._db.writing() as conn:
            conn.execute("INSERT INTO audit (record) VALUES (%s::json)", (text,))

    def list_audit(self) -> list[dict]:
        """The audit trail in the order it was written (oldest first)."""
        self._check_open()
        with self._db.reading() as conn:
            return [row[0] for row in conn.execute("SELECT record FROM audit ORDER BY seq")]

    # ---------------------------------------------------------------- staff FAQ
    def get_staff_faq(self) -> StaffFaqRow | None:
        """The staff-edited FAQ, or None when staff have not saved one."""
        self._check_open()
        with self._db.reading() as conn:
            row = conn.execute("SELECT text, version FROM staff_faq").fetchone()
        return None if row is None else StaffFaqRow(row[0], str(row[1]))

    def faq_version(self) -> str | None:
        """The staff FAQ's version: one primary-key lookup."""
        self._check_open()
        with self._db.reading() as conn:
            row = conn.execute("SELECT version FROM staff_faq").fetchone()
        return None if row is None else str(row[0])

    def save_staff_faq(self, text: str, audit: dict, *, expected_version: str | None) -> str:
        """Stores the staff FAQ and its audit entry in one transaction if the row is
        still at ``expected_version``; returns the new version.

        The condition is in the write itself: a concurrent UPDATE waits for the other
        transaction and re-checks ``version`` on the row it committed, and a concurrent
        first INSERT meets the row and does nothing, so exactly one of two saves wins.
        """
        self._check_open()
        entry = self._audit_entry(audit)
        with self._db.writing() as conn:
            if expected_version is None:
                row = conn.execute(
                    "INSERT INTO staff_faq (text, version) VALUES (%s, 1)"
                    " ON CONFLICT (singleton) DO NOTHING RETURNING version",
                    (str(text),),
                ).fetchone()
            elif str(expected_version).isdigit():
                row = conn.execute(
                    "UPDATE staff_faq SET text = %s, version = version + 1"
                    " WHERE version = %s RETURNING version",
                    (str(text), int(expected_version)),
                ).fetchone()
            else:
                row = None  # not a version this store ever gave out
            if row is None:
                now = conn.execute("SELECT version FROM staff_faq").fetchone()
                check_faq_version(expected_version, None if now is None else str(now[0]))
                raise FaqChanged(f"personalens FAQ: version {expected_version} finns inte")
            conn.execute("INSERT INTO audit (record) VALUES (%s::json)", (entry,))
        return str(row[0])

    # ------------------------------------------------------------------- inbox
    def inbox_add(self, update_id: int, update: dict) -> None:
        """Keeps an update until it is handled (a second add of the same id changes nothing)."""
        self._check_open()
        text = json_text(update, what=f"uppdatering {update_id}")
        with self._db.writing() as conn:
            conn.execute(
                "INSERT INTO inbox (update_id, update) VALUES (%s, %s::json)"
                " ON CONFLICT (update_id) DO NOTHING",
                (int(update_id), text),
            )

    def inbox_pending(self) -> list[dict]:
        """The kept updates, oldest id first."""
        self._check_open()
        with self._db.reading() as conn:
            return [row[0] for row in conn.execute("SELECT update FROM inbox ORDER BY update_id")]

    def inbox_done(self, update_id: int) -> None:
        """Forgets a handled update (an unknown id is ignored)."""
        self._check_open()
        with self._db.writing() as conn:
            conn.execute("DELETE FROM inbox WHERE update_id = %s", (int(update_id),))
