"""``TinyStore``: the embedded file store under ``IDEBOT_DATA_DIR`` (the default).

Layout (all under the data folder, private: files 0600, folders 0700)::

    idebot.lock            the lock every change holds (across threads and processes)
    applications.json      TinyDB, atomic writes: applications with status history
    outbox.json            TinyDB, atomic writes: deliveries to coordinators and applicants
    unanswered.jsonl       appended: questions the FAQ could not answer
    audit.jsonl            appended: staff changes (who, when, before, after)
    faq.yaml               the staff-edited FAQ (wins over the packaged one)
    documents/<id>-r<round>.docx      each round's Word document
    journal/<id>-r<round>.json        a submission being recorded (see below)
    inbox/<update id>.json            an update received and not yet handled
    drafts/ab/ab….json     one file per draft, ab….lock its person's lock

Several processes may use one folder at once (the bot, and a coordinator's
``idebot status`` beside it): every change holds ``idebot.lock``, a dialog step holds
its person's lock, and reads need no lock (every file is replaced atomically).

A submission is recorded through a journal: the document is written, then one journal
file naming everything else (the application record, its deliveries, the draft's fate)
is written atomically — the commit point — and then applied, each part idempotently,
and removed. A process killed at any moment leaves either no journal (nothing happened;
a document written before it is removed as an orphan at the next open) or a journal
that the next open applies to the end. So a submission is there wholly, or not at all.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from storage.contract import check_faq_version, check_user
from storage.drafts import LOCK_POLL, DraftFiles
from storage.errors import StorageError
from storage.files import (
    FILE_MODE,
    dump_json,
    fsync_dir,
    os_reason,
    private_dir,
    read_json,
    remove_temp_files,
    store_bytes,
)
from storage.locks import FileLock, KeyedLocks
from storage.records import ID, RecordStore, check_application
from storage.tables import JsonLinesLog, TinyTable
from storage.times import Clock, iso

log = logging.getLogger(__name__)

LOCK_FILE = "idebot.lock"
LOCK_TIMEOUT = 30.0  # seconds a change waits for another process before giving up
STAFF_FAQ_FILE = "faq.yaml"
DOCUMENTS_DIR = "documents"
JOURNAL_DIR = "journal"
INBOX_DIR = "inbox"
DRAFTS_DIR = "drafts"
_DOCUMENT = re.compile(r"^(?P<id>[A-Za-z0-9_-]+)-r(?P<round>\d+)\.docx$")


@dataclass(frozen=True)
class StaffFaqFile:
    """The staff FAQ as stored: its text and the version of the file."""

    text: str
    version: str


class TinySession:
    """A person's draft while their lock is held (see ``Store.draft_session``)."""

    def __init__(self, store: TinyStore, user: str) -> None:
        self.store = store
        self.user = user
        self._draft: dict | None = None
        self._read = False

    @property
    def draft(self) -> dict | None:
        """The draft as stored when first asked for (a damaged file raises then, so
        deleting a damaged draft still works)."""
        if not self._read:
            self._draft, self._read = self.store._drafts.get(self.user), True
        return self._draft

    @draft.setter
    def draft(self, value: dict | None) -> None:
        self._draft, self._read = value, True

    def save(self, draft: dict) -> None:
        if not isinstance(draft, dict):
            raise StorageError(f"utkast {self.user}: en post (dict) väntades")
        now = self.store._now()
        data = self.store._drafts.encode(self.user, {**draft, "updated_at": iso(now)})
        self.store._drafts.write(self.user, data, now)
        self.draft = draft

    def delete(self) -> bool:
        self.draft = None
        return self.store._drafts.delete(self.user)

    def submit(
        self,
        application: dict,
        document: bytes,
        deliveries: list[dict],
        *,
        next_draft: dict | None = None,
    ) -> None:
        store = self.store
        record = check_application(application)
        if not isinstance(document, bytes | bytearray):
            raise StorageError(f"ansökan {record[ID]}: dokumentet ska vara bytes")
        name = f"{record[ID]}-r{int(record['round'])}"
        entry = {
            "application": record,
            "deliveries": deliveries,
            "user": self.user,
            "next_draft": next_draft,
        }
        journal = dump_json(entry, what=f"ansökan {record[ID]}")  # checked before writing
        with store._writing():
            store_bytes(store._documents / f"{name}.docx", bytes(document))
            path = store._journal / f"{name}.json"
            store_bytes(path, journal)  # the commit point
            store._replay(path)
        self.draft = next_draft


class TinyStore(RecordStore):
    """The on-disk :class:`storage.Store` (TinyDB tables, logs and one file per draft).

    Opening reads every table once (a damaged file is reported at once, naming it, and
    nothing is overwritten), finishes any submission a killed process left in its
    journal, and removes temporary files and orphan documents.

    Args:
        data_dir: The data folder (``IDEBOT_DATA_DIR``); created when missing.
        clock: Returns "now"; defaults to the real UTC clock.

    Raises:
        StorageError: when the folder cannot be created or holds a damaged file.
    """

    def __init__(self, data_dir: str | Path, *, clock: Clock | None = None) -> None:
        super().__init__(clock=clock)
        self.data_dir = Path(data_dir)
        if self.data_dir.exists() and not self.data_dir.is_dir():
            raise StorageError(f"{self.data_dir}: är en fil, inte en mapp (IDEBOT_DATA_DIR)")
        private_dir(self.data_dir, what="datamappen")
        self._mutex = threading.RLock()
        self._file_lock = FileLock(
            self.data_dir / LOCK_FILE, timeout=LOCK_TIMEOUT, poll=LOCK_POLL, mode=FILE_MODE
        )
        self._people = KeyedLocks()
        self._applications = TinyTable(self.data_dir / "applications.json", "applications")
        self._outbox = TinyTable(self.data_dir / "outbox.json", "outbox")
        self._unanswered = JsonLinesLog(self.data_dir / "unanswered.jsonl")
        self._audit = JsonLinesLog(self.data_dir / "audit.jsonl")
        self._documents = private_dir(self.data_dir / DOCUMENTS_DIR)
        self._journal = private_dir(self.data_dir / JOURNAL_DIR)
        self._inbox = private_dir(self.data_dir / INBOX_DIR)
        self._faq_path = self.data_dir / STAFF_FAQ_FILE
        with self._writing():
            for folder in (self.data_dir, self._documents, self._journal, self._inbox):
                remove_temp_files(folder)
            self._applications.check()
            self._outbox.check()
            self._drafts = DraftFiles(self.data_dir / DRAFTS_DIR)
            for path in sorted(self._journal.glob("*.json")):
                log.warning("fullföljer en inskickning som avbröts: %s", path.name)
                self._replay(path)
            self._remove_orphan_documents()

    # ----------------------------------------------------------------- locking
    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Holds the store's lock: this process's threads first, then other processes."""
        with self._mutex:
            try:
                self._file_lock.acquire()
            except TimeoutError:
                raise StorageError(
                    f"{self.data_dir / LOCK_FILE}: datamappen är upptagen av en annan process "
                    f"i mer än {LOCK_TIMEOUT:.0f} s; försök igen"
                ) from None
            except OSError as error:
                raise StorageError(
                    f"{self.data_dir / LOCK_FILE}: låsfilen kan inte skapas ({os_reason(error)})"
                ) from None
            try:
                yield
            finally:
                self._file_lock.release()

    # ---------------------------------------------------------------- journal
    def _replay(self, path: Path) -> None:
        """Applies a journal entry to the end and removes it (the store's lock is held)."""
        entry = read_json(path)
        record = entry["application"]
        self._apply_submission(record, entry.get("deliveries") or [])
        user = entry.get("user")
        next_draft = entry.get("next_draft")
        if isinstance(user, str) and user:
            if next_draft is None:
                self._drafts.delete(user)
            else:
                now = self._now()
                data = self._drafts.encode(user, {**next_draft, "updated_at": iso(now)})
                self._drafts.write(user, data, now)
        path.unlink()
        fsync_dir(path.parent)

    def _remove_orphan_documents(self) -> None:
        """Deletes documents no application refers to (written before a crash)."""
        rounds = {app[ID]: int(app.get("round") or 1) for app in self._applications.all()}
        for path in self._documents.iterdir():
            match = _DOCUMENT.match(path.name)
            if match and int(match["round"]) > rounds.get(match["id"], 0):
                log.warning("tar bort ett dokument utan ansökan: %s", path.name)
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()

    def _read_document(self, application_id: str, round_: int) -> bytes | None:
        try:
            return (self._documents / f"{application_id}-r{round_}.docx").read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StorageError(
                f"ansökan {application_id}: dokumentet kan inte läsas ({os_reason(error)})"
            ) from None

    # ------------------------------------------------------------------ drafts
    @contextmanager
    def draft_session(self, user: str) -> Iterator[TinySession]:
        """Holds the person's lock (threads, then processes) and yields their session."""
        self._check_open()
        check_user(user)
        with self._people.hold(user), self._drafts.lock(user):
            yield TinySession(self, user)

    def get_draft(self, user: str) -> dict | None:
        """The user's draft (with ``updated_at``), or None.

        Raises:
            StorageError: naming the draft file when it is damaged.
        """
        self._check_open()
        return self._drafts.get(check_user(user))

    def save_draft(self, user: str, draft: dict) -> None:
        """Writes a copy of the draft, stamped with ``updated_at``, atomically."""
        with self.draft_session(user) as session:
            session.save(draft)

    def delete_draft(self, user: str) -> bool:
        """Deletes the user's draft file; True if there was one."""
        with self.draft_session(user) as session:
            return session.delete()

    def purge_drafts(self, older_than: datetime) -> int:
        """Deletes drafts last saved before ``older_than``; returns how many."""
        self._check_open()
        return self._drafts.purge(older_than)

    def count_drafts(self) -> int:
        """How many drafts are stored."""
        self._check_open()
        return self._drafts.count()

    # ---------------------------------------------------------------- staff FAQ
    def get_staff_faq(self) -> StaffFaqFile | None:
        """The staff-edited FAQ (``faq.yaml`` in the data folder), or None."""
        self._check_open()
        try:
            with self._faq_path.open("rb") as handle:
                version = _version(os.fstat(handle.fileno()))
                raw = handle.read()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StorageError(f"{self._faq_path}: kan inte läsas ({os_reason(error)})") from None
        try:
            return StaffFaqFile(raw.decode("utf-8"), version)
        except UnicodeDecodeError:
            raise StorageError(f"{self._faq_path}: filen är inte text i UTF-8") from None

    def faq_version(self) -> str | None:
        """The version of ``faq.yaml`` (a new file on every save: its inode and time)."""
        self._check_open()
        try:
            return _version(self._faq_path.stat())
        except FileNotFoundError:
            return None

    def save_staff_faq(self, text: str, audit: dict, *, expected_version: str | None) -> str:
        """Writes ``faq.yaml`` and appends its audit entry, under the store's lock, if
        the file is still at ``expected_version`` (every process saves under that lock)."""
        self._check_open()
        entry = self._audit_entry(audit)
        data = str(text).encode("utf-8")
        with self._writing():
            check_faq_version(expected_version, self.faq_version())
            store_bytes(self._faq_path, data)
            self._audit.append(entry)
            return _version(self._faq_path.stat())

    # ------------------------------------------------------------------- inbox
    def inbox_add(self, update_id: int, update: dict) -> None:
        """Writes the update to ``inbox/<id>.json`` (one small file, replaced atomically)."""
        self._check_open()
        path = self._inbox / f"{int(update_id)}.json"
        if not path.exists():
            store_bytes(path, dump_json(update, what=f"uppdatering {update_id}"))

    def inbox_pending(self) -> list[dict]:
        """The kept updates, oldest id first (a damaged file is skipped and logged)."""
        self._check_open()
        names = sorted(
            (p for p in self._inbox.glob("*.json") if p.stem.isdigit()), key=lambda p: int(p.stem)
        )
        pending = []
        for path in names:
            try:
                pending.append(read_json(path))
            except (FileNotFoundError, StorageError) as error:
                log.warning("uppdateringen hoppas över: %s", error)
        return pending

    def inbox_done(self, update_id: int) -> None:
        """Removes ``inbox/<id>.json``."""
        self._check_open()
        with contextlib.suppress(FileNotFoundError):
            (self._inbox / f"{int(update_id)}.json").unlink()


def _version(stat: os.stat_result) -> str:
    return f"{stat.st_ino}:{stat.st_mtime_ns}:{stat.st_size}"


__all__ = ["TinyStore"]
