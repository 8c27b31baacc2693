"""``TinyStore``: the embedded on-disk store under ``IDEBOT_DATA_DIR``.

Layout (all under the data folder)::

    idebot.lock          held by the one process that owns the store
    applications.json    TinyDB, atomic writes
    outbox.json          TinyDB, atomic writes
    unanswered.json      TinyDB, atomic writes
    audit.json           TinyDB, atomic writes
    drafts/ab/ab….json   one file per draft (see ``storage.drafts``)

Drafts change on every answer and are many; the other tables change only on a
submission, a delivery attempt or a staff edit, so a whole-file TinyDB rewrite is
cheap there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tinydb import Query, TinyDB
from tinydb.table import Table as TinyTable

from knowledge.formatting import os_reason
from storage.atomic import AtomicJSONStorage, remove_temp_files
from storage.base import DEFAULT_RETENTION_DAYS, Clock, iso
from storage.drafts import DraftFiles
from storage.errors import StorageError
from storage.records import ID, RecordStore, check_user

log = logging.getLogger(__name__)

LOCK_FILE = "idebot.lock"
DRAFTS_DIR = "drafts"
TABLE_FILES = {
    "applications": "applications.json",
    "outbox": "outbox.json",
    "unanswered": "unanswered.json",
    "audit": "audit.json",
}


class TinyDBTable:
    """A :class:`storage.records.Table` in one TinyDB file (one table per file)."""

    def __init__(self, table: TinyTable) -> None:
        self._table = table
        self._by_id = Query()[ID]

    def get(self, key: str) -> dict | None:
        document = self._table.get(self._by_id == key)
        return None if document is None else dict(document)

    def insert(self, record: dict) -> None:
        self._table.insert(record)

    def replace(self, key: str, record: dict) -> None:
        def overwrite(document: dict) -> None:
            document.clear()
            document.update(record)

        self._table.update(overwrite, self._by_id == key)

    def delete_where(self, predicate: Callable[[dict], bool]) -> int:
        # Read, decide, then remove by document id: one rewrite of the file.
        doomed = [document.doc_id for document in self._table.all() if predicate(document)]
        if doomed:
            self._table.remove(doc_ids=doomed)
        return len(doomed)

    def all(self) -> list[dict]:
        return [dict(document) for document in self._table.all()]


class TinyStore(RecordStore):
    """The on-disk :class:`storage.Store` (TinyDB tables + one file per draft).

    Opening takes the data folder's lock file without waiting: a second process
    (or a second ``TinyStore`` on the same folder) gets a Swedish StorageError.
    Every table file is read once on open, so a damaged file is reported at once,
    naming the file, and nothing is overwritten.

    Args:
        data_dir: The data folder (``IDEBOT_DATA_DIR``); created when missing.
        clock: Returns "now"; defaults to the real UTC clock.

    Raises:
        StorageError: when the folder is locked by another process, cannot be
            created, or holds a damaged file.
    """

    def __init__(self, data_dir: str | Path, *, clock: Clock | None = None) -> None:
        super().__init__(clock=clock)
        self.data_dir = Path(data_dir)
        self._dbs: list[TinyDB] = []
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError(
                f"{self.data_dir}: datamappen kan inte skapas ({os_reason(error)})"
            ) from None
        # thread_local=False: AsyncStore closes the store on its worker thread, not on
        # the thread that opened it.
        self._lock = FileLock(self.data_dir / LOCK_FILE, thread_local=False)
        try:
            self._lock.acquire(blocking=False)
        except Timeout:
            raise StorageError(
                f"Idébot körs redan med datamappen {self.data_dir} "
                f"(låsfilen {self.data_dir / LOCK_FILE} hålls av en annan process); "
                "stoppa den först eller välj en annan IDEBOT_DATA_DIR"
            ) from None
        except OSError as error:
            raise StorageError(
                f"{self.data_dir / LOCK_FILE}: låsfilen kan inte skapas ({os_reason(error)})"
            ) from None
        try:
            self._open_files()
        except BaseException:
            self._release()
            raise

    def _open_files(self) -> None:
        remove_temp_files(self.data_dir)
        tables: dict[str, TinyDBTable] = {}
        for name, file_name in TABLE_FILES.items():
            storage = AtomicJSONStorage(self.data_dir / file_name)
            storage.read()  # fail now, naming the file, if it is damaged
            db = TinyDB(storage=_Prebuilt(storage))
            self._dbs.append(db)
            tables[name] = TinyDBTable(db.table(name))
        self._applications = tables["applications"]
        self._outbox = tables["outbox"]
        self._unanswered = tables["unanswered"]
        self._audit = tables["audit"]
        self._drafts = DraftFiles(self.data_dir / DRAFTS_DIR)

    # ------------------------------------------------------------------ drafts
    def get_draft(self, user: str) -> dict | None:
        """The user's draft (with ``updated_at``), or None.

        Raises:
            StorageError: naming the draft file when it is damaged.
        """
        self._check_open()
        return self._drafts.get(check_user(user))

    def save_draft(self, user: str, draft: dict) -> None:
        """Writes a copy of the draft, stamped with ``updated_at``, atomically."""
        self._check_open()
        check_user(user)
        if not isinstance(draft, dict):
            raise StorageError(f"utkast {user}: en post (dict) väntades")
        now = self._now()
        self._drafts.save(user, {**draft, "updated_at": iso(now)}, now)

    def delete_draft(self, user: str) -> bool:
        """Deletes the user's draft file; True if there was one."""
        self._check_open()
        return self._drafts.delete(check_user(user))

    def purge_drafts(self, older_than: datetime) -> int:
        """Deletes drafts last saved before ``older_than``; returns how many."""
        self._check_open()
        return self._drafts.purge(older_than)

    def count_drafts(self) -> int:
        """How many drafts are stored (from the in-memory index, no parsing)."""
        self._check_open()
        return self._drafts.count()

    # ---------------------------------------------------------------- lifecycle
    def _close(self) -> None:
        self._release()

    def _release(self) -> None:
        for db in self._dbs:
            db.close()
        self._dbs.clear()
        if self._lock.is_locked:
            self._lock.release()


class _Prebuilt:
    """Lets TinyDB use an already constructed storage (TinyDB wants a class)."""

    def __init__(self, storage: AtomicJSONStorage) -> None:
        self._storage = storage

    def __call__(self, *args: Any, **kwargs: Any) -> AtomicJSONStorage:
        return self._storage


def open_store(
    target: Any,
    *,
    retention_days: int | None = None,
    clock: Clock | None = None,
) -> TinyStore:
    """Opens the on-disk store and deletes drafts older than the retention period.

    Args:
        target: The data folder, or a ``bot.settings.Settings`` (its ``data_dir`` and
            ``draft_retention_days`` are used).
        retention_days: Overrides the retention (default: the settings' value, else 180).
        clock: Returns "now"; defaults to the real UTC clock.

    Returns:
        The open :class:`TinyStore`; close it (or use ``with``) when done.
    """
    data_dir = getattr(target, "data_dir", target)
    if retention_days is None:
        retention_days = getattr(target, "draft_retention_days", DEFAULT_RETENTION_DAYS)
    if not isinstance(retention_days, int) or retention_days < 1:
        raise StorageError(f"retention_days: minst 1 dag väntades, fick {retention_days!r}")
    store = TinyStore(data_dir, clock=clock)
    try:
        removed = store.purge_drafts(store._now() - timedelta(days=retention_days))
    except BaseException:
        store.close()
        raise
    if removed:
        log.info("%d utkast äldre än %d dagar raderades", removed, retention_days)
    return store
