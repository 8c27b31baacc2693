"""``MemoryStore``: the whole store in process memory, for tests and throwaway runs."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.contract import check_faq_version, check_user
from storage.errors import StorageError
from storage.files import dump_json, json_copy
from storage.locks import KeyedLocks
from storage.records import ID, RecordStore, check_application
from storage.times import Clock, iso, to_utc


class MemoryTable:
    """A :class:`storage.records.Table` held in a dict (insertion-ordered)."""

    def __init__(self) -> None:
        self._rows: dict[str, bytes] = {}

    def get(self, key: str) -> dict | None:
        row = self._rows.get(key)
        return None if row is None else json.loads(row)

    def put(self, record: dict) -> None:
        self._rows[record[ID]] = dump_json(record, what=str(record[ID]))

    def all(self) -> list[dict]:
        return [json.loads(row) for row in self._rows.values()]


class MemoryLog:
    """A :class:`storage.records.Log` held in a list."""

    def __init__(self) -> None:
        self._rows: list[dict] = []

    def append(self, record: dict) -> None:
        self._rows.append(json_copy(record, what="logg"))

    def all(self) -> list[dict]:
        return [json_copy(row, what="logg") for row in self._rows]

    def delete_where(self, predicate: Callable[[dict], bool]) -> int:
        kept = [row for row in self._rows if not predicate(row)]
        removed = len(self._rows) - len(kept)
        self._rows = kept
        return removed


@dataclass
class _StaffFaq:
    text: str
    version: str


class MemorySession:
    """A person's draft while their lock is held (see ``Store.draft_session``)."""

    def __init__(self, store: MemoryStore, user: str) -> None:
        self.store = store
        self.user = user
        self.draft = store._load_draft(user)

    def save(self, draft: dict) -> None:
        encoded = self.store._encoded_draft(self.user, draft)
        with self.store._writing():
            self.store._drafts[self.user] = encoded

    def delete(self) -> bool:
        with self.store._writing():
            return self.store._drafts.pop(self.user, None) is not None

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
        # Checked before anything changes: all of it happens, or nothing.
        payload = None if next_draft is None else self.store._encoded_draft(self.user, next_draft)
        with self.store._writing():
            self.store._documents[(record[ID], int(record["round"]))] = bytes(document)
            self.store._apply_submission(record, deliveries)
            if payload is None:
                self.store._drafts.pop(self.user, None)
            else:
                self.store._drafts[self.user] = payload


class MemoryStore(RecordStore):
    """A :class:`storage.Store` that keeps everything in memory (lost on exit).

    Values go through the same JSON round trip as on disk, so a record that works
    here also works with the file store. Thread-safe: one lock guards every change,
    and each person's draft has their own lock for a dialog step.

    Args:
        clock: Returns "now"; defaults to the real UTC clock.
    """

    def __init__(self, *, clock: Clock | None = None) -> None:
        super().__init__(clock=clock)
        self._lock = threading.RLock()
        self._people = KeyedLocks()
        self._drafts: dict[str, tuple[datetime, bytes]] = {}
        self._documents: dict[tuple[str, int], bytes] = {}
        self._applications = MemoryTable()
        self._outbox = MemoryTable()
        self._unanswered = MemoryLog()
        self._audit = MemoryLog()
        self._inbox: dict[int, bytes] = {}
        self._faq: _StaffFaq | None = None
        self._faq_edits = 0

    @contextmanager
    def _writing(self) -> Iterator[None]:
        with self._lock:
            yield

    # ------------------------------------------------------------------ drafts
    def _load_draft(self, user: str) -> dict | None:
        stored = self._drafts.get(user)
        return None if stored is None else json.loads(stored[1])

    def _encoded_draft(self, user: str, draft: Any) -> tuple[datetime, bytes]:
        if not isinstance(draft, dict):
            raise StorageError(f"utkast {user}: en post (dict) väntades")
        now = self._now()
        return now, dump_json({**draft, "updated_at": iso(now)}, what=f"utkast {user}")

    @contextmanager
    def draft_session(self, user: str) -> Iterator[MemorySession]:
        """Holds the person's lock and yields their draft session."""
        self._check_open()
        check_user(user)
        with self._people.hold(user):
            yield MemorySession(self, user)

    def get_draft(self, user: str) -> dict | None:
        """The user's draft (a copy, with ``updated_at``), or None."""
        self._check_open()
        return self._load_draft(check_user(user))

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
        limit = to_utc(older_than)
        with self._writing():
            doomed = [user for user, (saved, _) in self._drafts.items() if saved < limit]
            for user in doomed:
                del self._drafts[user]
        return len(doomed)

    def count_drafts(self) -> int:
        """How many drafts are stored."""
        self._check_open()
        return len(self._drafts)

    # --------------------------------------------------------------- documents
    def _read_document(self, application_id: str, round_: int) -> bytes | None:
        return self._documents.get((application_id, round_))

    # ---------------------------------------------------------------- staff FAQ
    def get_staff_faq(self) -> _StaffFaq | None:
        """The staff-edited FAQ, or None."""
        self._check_open()
        return self._faq

    def faq_version(self) -> str | None:
        """The staff FAQ's version."""
        self._check_open()
        return None if self._faq is None else self._faq.version

    def save_staff_faq(self, text: str, audit: dict, *, expected_version: str | None) -> str:
        """Stores the staff FAQ with its audit entry if it is still at ``expected_version``."""
        self._check_open()
        entry = self._audit_entry(audit)
        with self._writing():
            check_faq_version(expected_version, self.faq_version())
            self._faq_edits += 1
            self._faq = _StaffFaq(str(text), str(self._faq_edits))
            self._audit.append(entry)
            return self._faq.version

    # ------------------------------------------------------------------- inbox
    def inbox_add(self, update_id: int, update: dict) -> None:
        """Keeps an update until it is handled."""
        self._check_open()
        data = dump_json(update, what=f"uppdatering {update_id}")
        with self._writing():
            self._inbox.setdefault(int(update_id), data)

    def inbox_pending(self) -> list[dict]:
        """The kept updates, oldest first."""
        self._check_open()
        return [json.loads(self._inbox[key]) for key in sorted(self._inbox)]

    def inbox_done(self, update_id: int) -> None:
        """Forgets a handled update."""
        self._check_open()
        with self._writing():
            self._inbox.pop(int(update_id), None)
