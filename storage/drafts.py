"""Drafts on disk: one small JSON file per user, so saving one never rewrites the rest.

Layout: ``<data_dir>/drafts/<h[:2]>/<h>.json`` where ``h`` is the first 32 hex digits
of SHA-256 of the user key (no personal data in file names; 256 sub-folders keep
folders small). Each file holds ``{"user": ..., "draft": {...}}`` and its modification
time is set to the draft's ``updated_at``, so counting and finding old drafts needs
only an in-memory index built from ``stat`` at open, never parsing every draft.
"""

from __future__ import annotations

import hashlib
import logging
import os
from datetime import datetime
from pathlib import Path

from knowledge.fileio import fsync_dir
from knowledge.formatting import os_reason
from storage.atomic import (
    atomic_write_bytes,
    dump_json,
    read_json,
    remove_temp_files,
)
from storage.base import parse_iso, to_utc
from storage.errors import StorageError

log = logging.getLogger(__name__)

DRAFT_SUFFIX = ".json"
KEY_DIGITS = 32


def _ns(moment: datetime) -> int:
    # Whole microseconds as ns: exact, unlike float seconds.
    utc = to_utc(moment)
    seconds = int(utc.timestamp())
    return seconds * 1_000_000_000 + utc.microsecond * 1_000


def draft_key(user: str) -> str:
    """The file stem for a user key (hex, fixed length)."""
    return hashlib.sha256(user.encode("utf-8")).hexdigest()[:KEY_DIGITS]


class DraftFiles:
    """The draft folder with an in-memory index ``key -> updated_at (ns)``.

    Only the process that holds the store lock may use it (the index would go stale
    otherwise).

    Args:
        root: The drafts folder; created when missing.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._shards: set[str] = set()
        try:
            root.mkdir(parents=True, exist_ok=True)
            self._index = self._scan()
        except OSError as error:
            raise StorageError(f"{root}: kan inte läsas ({os_reason(error)})") from None

    def _scan(self) -> dict[str, int]:
        index: dict[str, int] = {}
        with os.scandir(self.root) as shards:
            for shard in shards:
                if not shard.is_dir(follow_symlinks=False):
                    continue
                self._shards.add(shard.name)
                remove_temp_files(Path(shard.path))
                with os.scandir(shard.path) as entries:
                    for entry in entries:
                        if entry.name.endswith(DRAFT_SUFFIX) and not entry.name.startswith("."):
                            index[entry.name.removesuffix(DRAFT_SUFFIX)] = entry.stat(
                                follow_symlinks=False
                            ).st_mtime_ns
        return index

    def path_of(self, key: str) -> Path:
        """The file that holds the draft with this key."""
        return self.root / key[:2] / f"{key}{DRAFT_SUFFIX}"

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

    def save(self, user: str, draft: dict, updated_at: datetime) -> None:
        """Writes the draft file atomically with its mtime set to ``updated_at``."""
        key = draft_key(user)
        path = self.path_of(key)
        stamp = _ns(updated_at)
        shard = path.parent
        if shard.name not in self._shards:
            try:
                shard.mkdir(exist_ok=True)
            except OSError as error:
                reason = os_reason(error)
                raise StorageError(f"{shard}: kan inte skapas ({reason})") from None
            fsync_dir(self.root)
            self._shards.add(shard.name)
        # Encoded once, straight to the file's bytes (no defensive copy first).
        data = dump_json({"user": user, "draft": draft}, what=f"utkast {user}")
        atomic_write_bytes(path, data, mtime_ns=stamp)
        self._index[key] = stamp

    def delete(self, user: str) -> bool:
        """Deletes the draft file of ``user``; True if there was one."""
        return self._delete_key(draft_key(user))

    def _delete_key(self, key: str) -> bool:
        path = self.path_of(key)
        self._index.pop(key, None)
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

        Candidates come from the index; only those are read, to confirm their
        ``updated_at`` (a copied file may carry a wrong mtime). A damaged candidate is
        kept and logged, never silently dropped.
        """
        limit = _ns(older_than)
        removed = 0
        for key in [key for key, stamp in self._index.items() if stamp < limit]:
            try:
                envelope = self._load(key)
            except StorageError as error:
                log.warning("utkastet behålls: %s", error)
                continue
            if envelope is None:
                self._index.pop(key, None)
                continue
            try:
                stamp = _ns(parse_iso(envelope["draft"]["updated_at"]))
            except StorageError as error:
                log.warning("utkastet behålls: %s: %s", self.path_of(key), error)
                continue
            if stamp < limit:
                removed += self._delete_key(key)
            else:
                self._index[key] = stamp
        return removed

    def count(self) -> int:
        """How many drafts exist (from the index)."""
        return len(self._index)
