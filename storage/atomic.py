"""Crash-safe file writes and reads, and the TinyDB storage built on them.

A write goes to a temporary file in the same folder, is flushed and fsynced, then
renamed over the target (``os.replace`` is atomic on POSIX), and the folder is
fsynced so the rename itself survives a power cut. A reader therefore sees either
the old or the new content, never a mix: ``kill -9`` at any moment loses at most
the write in flight.
"""

from __future__ import annotations

import contextlib
import json
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from knowledge.fileio import TEMP_SUFFIX, write_atomic
from knowledge.formatting import os_reason
from storage.base import iso
from storage.errors import StorageError


def atomic_write_bytes(path: Path, data: bytes, *, mtime_ns: int | None = None) -> None:
    """Replaces ``path`` with ``data`` atomically and durably (:func:`write_atomic`).

    Raises:
        StorageError: naming the file when the disk refuses the write.
    """
    try:
        write_atomic(path, data, mtime_ns=mtime_ns)
    except OSError as error:
        raise StorageError(f"{path}: kan inte skriva ({os_reason(error)})") from None


def dump_json(value: Any, *, what: str = "posten") -> bytes:
    """The stored JSON form: UTF-8, å ä ö kept readable, compact; datetimes and dates
    become ISO strings (datetimes in UTC).

    Raises:
        StorageError: naming ``what`` when the value cannot be stored as JSON.
    """
    try:
        text = json.dumps(value, default=_encode, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError) as error:
        raise StorageError(f"{what}: kan inte sparas ({error})") from None
    return text.encode("utf-8")


def _encode(value: Any) -> Any:
    # Datetimes are accepted for convenience and stored in the one record format.
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} kan inte sparas som JSON")


def read_json(path: Path) -> Any:
    """Reads a JSON file written by :func:`atomic_write_bytes`.

    Raises:
        FileNotFoundError: when the file does not exist (callers decide what that means).
        StorageError: naming the file when it cannot be read or is not valid JSON,
            e.g. a truncated file left by a tool that does not write atomically.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise
    except OSError as error:
        raise StorageError(f"{path}: kan inte läsas ({os_reason(error)})") from None
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise StorageError(
            f"{path}: filen är skadad (ogiltig JSON: {error}); "
            "inget har raderats – reparera eller flytta filen och starta igen"
        ) from None


def remove_temp_files(directory: Path) -> int:
    """Deletes temporary files a killed writer left in ``directory``; returns how many."""
    removed = 0
    with os.scandir(directory) as entries:
        for entry in entries:
            if entry.name.endswith(TEMP_SUFFIX) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)
                    removed += 1
    return removed


class AtomicJSONStorage(Storage):
    """A TinyDB ``Storage`` that writes JSON atomically (see :func:`atomic_write_bytes`).

    TinyDB's own ``JSONStorage`` truncates and rewrites its file in place, so a
    crash mid-write leaves a file that cannot be parsed; this one cannot.

    Args:
        path: The JSON file; it need not exist yet.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The database, or None when the file does not exist yet.

        Raises:
            StorageError: naming the file when it is damaged or has the wrong shape.
        """
        try:
            data = read_json(self.path)
        except FileNotFoundError:
            return None
        if not isinstance(data, dict) or not all(
            isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
            for table in data.values()
        ):
            raise StorageError(
                f"{self.path}: filen är skadad (tabeller med poster väntades); inget har raderats"
            )
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Replaces the file with ``data`` atomically."""
        atomic_write_bytes(self.path, dump_json(data, what=str(self.path)))
