"""Drafts on disk: one small JSON file per person, so saving one never rewrites the rest.

Layout: ``<data_dir>/drafts/<h[:2]>/<h>.json`` where ``h`` is the first 32 hex digits of
SHA-256 of the user key (no personal data in file names; 256 sub-folders keep folders
small). Each file holds ``{"user": ..., "draft": {...}}`` and its modification time is
the draft's ``updated_at``, so finding old drafts reads only the file times. Beside it,
``<h>.lock`` is the person's lock across processes (see :meth:`DraftFiles.lock`).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

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
from storage.locks import FileLock
from storage.times import parse_iso, to_utc

log = logging.getLogger(__name__)

DRAFT_SUFFIX = ".json"
LOCK_SUFFIX = ".lock"
KEY_DIGITS = 32
# A lock held by another process is asked for again this often (seconds).
LOCK_POLL = 0.005


def _ns(moment: datetime) -> int:
    # Whole microseconds as ns: exact, unlike float seconds.
    utc = to_utc(moment)
    return int(utc.timestamp()) * 1_000_000_000 + utc.microsecond * 1_000


def draft_key(user: str) -> str:
    """The file stem for a user key (hex, fixed length)."""
    return hashlib.sha256(user.encode("utf-8")).hexdigest()[:KEY_DIGITS]


class DraftFiles:
    """The draft folder.

    Args:
        root: The drafts folder; created (private) when missing.
    """

    def __init__(self, root: Path) -> None:
        self.root = private_dir(root)
        for shard in self._shards():
            remove_temp_files(shard)

    def _shards(self) -> Iterator[Path]:
        try:
            with os.scandir(self.root) as entries:
                shards = [Path(e.path) for e in entries if e.is_dir(follow_symlinks=False)]
        except OSError as error:
            raise StorageError(f"{self.root}: kan inte läsas ({os_reason(error)})") from None
        yield from shards

    def _files(self) -> Iterator[tuple[str, int]]:
        """(key, mtime ns) of every draft file."""
        for shard in self._shards():
            with os.scandir(shard) as entries:
                for entry in entries:
                    name = entry.name
                    if name.endswith(DRAFT_SUFFIX) and not name.startswith("."):
                        with_time = entry.stat(follow_symlinks=False).st_mtime_ns
                        yield name.removesuffix(DRAFT_SUFFIX), with_time

    def path_of(self, key: str) -> Path:
        """The file that holds the draft with this key."""
        return self.root / key[:2] / f"{key}{DRAFT_SUFFIX}"

    @contextmanager
    def lock(self, user: str) -> Iterator[None]:
        """Holds the person's lock file (other processes working for them wait)."""
        shard = private_dir(self.path_of(draft_key(user)).parent)
        path = shard / f"{draft_key(user)}{LOCK_SUFFIX}"
        with FileLock(path, poll=LOCK_POLL, mode=FILE_MODE):
            yield

    def _load(self, key: str) -> dict | None:
        path = self.path_of(key)
        try:
            envelope = read_json(path)
        except FileNotFoundError:
            return None
        if (
            not isinstance(envelope, dict)
            or not isinstance(envelope.get("draft"), dict)
            or not isinstance(envelope.get("user"), str)
            or not isinstance(envelope["draft"].get("updated_at"), str)
        ):
            raise StorageError(f"{path}: filen är skadad (ett utkast väntades)")
        return envelope

    def get(self, user: str) -> dict | None:
        """The stored draft of ``user`` (with ``updated_at``), or None.

        Raises:
            StorageError: naming the file when it is damaged.
        """
        envelope = self._load(draft_key(user))
        if envelope is None:
            return None
        if envelope["user"] != user:
            raise StorageError(f"{self.path_of(draft_key(user))}: tillhör en annan användare")
        return envelope["draft"]

    def encode(self, user: str, draft: dict) -> bytes:
        """The file content of a draft (checked before anything is written)."""
        return dump_json({"user": user, "draft": draft}, what=f"utkast {user}")

    def write(self, user: str, data: bytes, updated_at: datetime) -> None:
        """Writes an encoded draft atomically, its mtime set to ``updated_at``."""
        path = self.path_of(draft_key(user))
        if not path.parent.is_dir():
            private_dir(path.parent)
            fsync_dir(self.root)
        store_bytes(path, data, mtime_ns=_ns(updated_at))

    def delete(self, user: str) -> bool:
        """Deletes the draft file of ``user``; True if there was one."""
        return self._delete_key(draft_key(user))

    def _delete_key(self, key: str) -> bool:
        path = self.path_of(key)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        except OSError as error:
            raise StorageError(f"{path}: kan inte raderas ({os_reason(error)})") from None
        fsync_dir(path.parent)
        return True

    def purge(self, older_than: datetime) -> int:
        """Deletes drafts whose ``updated_at`` is before ``older_than``.

        Candidates come from the file times; only those are read, to confirm their
        ``updated_at`` (a copied file may carry a wrong mtime). A damaged candidate is
        kept and logged, never silently dropped.
        """
        limit = _ns(older_than)
        removed = 0
        for key in [key for key, stamp in self._files() if stamp < limit]:
            try:
                envelope = self._load(key)
                stamp = _ns(parse_iso(envelope["draft"]["updated_at"])) if envelope else None
            except StorageError as error:
                log.warning("utkastet behålls: %s: %s", self.path_of(key), error)
                continue
            if stamp is not None and stamp < limit:
                removed += self._delete_key(key)
        return removed

    def count(self) -> int:
        """How many drafts exist."""
        return sum(1 for _ in self._files())
