"""``MemoryStore``: the whole store in process memory, for tests and throwaway runs."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

from storage.atomic import dump_json
from storage.base import Clock, iso, to_utc
from storage.errors import StorageError
from storage.records import ID, RecordStore, check_user, json_copy


class MemoryTable:
    """A :class:`storage.records.Table` held in a dict (insertion-ordered)."""

    def __init__(self) -> None:
        self._rows: dict[str, dict] = {}

    def get(self, key: str) -> dict | None:
        row = self._rows.get(key)
        return None if row is None else json_copy(row, what=str(key))

    def insert(self, record: dict) -> None:
        if record[ID] in self._rows:
            raise StorageError(f"{record[ID]}: finns redan")
        self._rows[record[ID]] = json_copy(record, what=str(record[ID]))

    def replace(self, key: str, record: dict) -> None:
        self._rows[key] = json_copy(record, what=str(key))

    def delete_where(self, predicate: Callable[[dict], bool]) -> int:
        doomed = [key for key, row in self._rows.items() if predicate(row)]
        for key in doomed:
            del self._rows[key]
        return len(doomed)

    def all(self) -> list[dict]:
        return [json_copy(row, what=key) for key, row in self._rows.items()]


class MemoryStore(RecordStore):
    """A :class:`storage.Store` that keeps everything in memory (lost on exit).

    Values go through the same JSON round trip as on disk, so a record that works
    here also works with :class:`storage.TinyStore`.

    Args:
        clock: Returns "now"; defaults to the real UTC clock.
    """

    def __init__(self, *, clock: Clock | None = None) -> None:
        super().__init__(clock=clock)
        # Drafts are kept as stored JSON: one encode per save and one decode per read
        # give the same isolation as a deep copy each way, at half the cost.
        self._drafts: dict[str, tuple[datetime, bytes]] = {}
        self._applications = MemoryTable()
        self._outbox = MemoryTable()
        self._unanswered = MemoryTable()
        self._audit = MemoryTable()

    def get_draft(self, user: str) -> dict | None:
        """The user's draft (a copy, with ``updated_at``), or None."""
        self._check_open()
        stored = self._drafts.get(check_user(user))
        return None if stored is None else json.loads(stored[1])

    def save_draft(self, user: str, draft: dict) -> None:
        """Stores a copy of the draft stamped with ``updated_at``."""
        self._check_open()
        check_user(user)
        if not isinstance(draft, dict):
            raise StorageError(f"utkast {user}: en post (dict) väntades")
        now = self._now()
        record = {**draft, "updated_at": iso(now)}
        self._drafts[user] = (now, dump_json(record, what=f"utkast {user}"))

    def delete_draft(self, user: str) -> bool:
        """Deletes the user's draft; True if there was one."""
        self._check_open()
        return self._drafts.pop(check_user(user), None) is not None

    def purge_drafts(self, older_than: datetime) -> int:
        """Deletes drafts last saved before ``older_than``; returns how many."""
        self._check_open()
        limit = to_utc(older_than)
        doomed = [user for user, (updated_at, _) in self._drafts.items() if updated_at < limit]
        for user in doomed:
            del self._drafts[user]
        return len(doomed)

    def count_drafts(self) -> int:
        """How many drafts are stored."""
        self._check_open()
        return len(self._drafts)
