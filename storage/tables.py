"""The file store's tables and logs: TinyDB with atomic writes, and append-only JSON lines."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.storages import Storage

from storage.errors import StorageError
from storage.files import FILE_MODE, dump_json, os_reason, read_json, store_bytes

ID = "id"


class AtomicJSONStorage(Storage):
    """A TinyDB ``Storage`` that replaces its file atomically (see ``storage.files``).

    TinyDB's own ``JSONStorage`` truncates and rewrites its file in place, so a crash
    mid-write leaves a file that cannot be parsed; this one cannot.
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
        store_bytes(self.path, dump_json(data, what=str(self.path)))


class TinyTable:
    """A :class:`storage.records.Table` in one TinyDB file.

    Every call opens a fresh TinyDB view of the file, so nothing is cached between
    calls: another process (a coordinator's command line) may have written since.
    Writers hold the store's lock; readers see the old or the new file, never a mix.
    """

    def __init__(self, path: Path, name: str) -> None:
        self._storage = AtomicJSONStorage(path)
        self._name = name

    def _table(self) -> Any:
        return TinyDB(storage=_Prebuilt(self._storage)).table(self._name)

    def check(self) -> None:
        """Reads the file once (a damaged file is reported at open, naming it)."""
        self._storage.read()

    def get(self, key: str) -> dict | None:
        document = self._table().get(Query()[ID] == key)
        return None if document is None else dict(document)

    def put(self, record: dict) -> None:
        self._table().upsert(record, Query()[ID] == record[ID])

    def all(self) -> list[dict]:
        return [dict(document) for document in self._table().all()]


class _Prebuilt:
    """Lets TinyDB use an already constructed storage (TinyDB wants a class)."""

    def __init__(self, storage: AtomicJSONStorage) -> None:
        self._storage = storage

    def __call__(self, *args: Any, **kwargs: Any) -> AtomicJSONStorage:
        return self._storage


class JsonLinesLog:
    """A :class:`storage.records.Log` as one JSON object per line, appended and fsynced.

    Logging a question costs one short append, however long the log is (a TinyDB
    table rewrites its whole file per insert). A line cut off by a crash is the last
    one and has no line break: it is skipped when read and dropped by the next rewrite.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, record: dict) -> None:
        line = dump_json(record, what=str(self.path)) + b"\n"
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, FILE_MODE)
            try:
                if os.fstat(fd).st_size and not _ends_with_newline(fd):
                    os.write(fd, b"\n")  # end a line a crash cut off before this one
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as error:
            raise StorageError(f"{self.path}: kan inte skriva ({os_reason(error)})") from None

    def all(self) -> list[dict]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as error:
            raise StorageError(f"{self.path}: kan inte läsas ({os_reason(error)})") from None
        records = []
        lines = raw.split(b"\n")
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except (UnicodeDecodeError, json.JSONDecodeError):
                if number == len(lines):
                    continue  # the cut-off last line of a crashed append
                raise StorageError(
                    f"{self.path}: rad {number} är skadad; inget har raderats"
                ) from None
            if isinstance(record, dict):
                records.append(record)
        return records

    def delete_where(self, predicate: Callable[[dict], bool]) -> int:
        records = self.all()
        kept = [record for record in records if not predicate(record)]
        if len(kept) != len(records):
            data = b"".join(dump_json(r, what=str(self.path)) + b"\n" for r in kept)
            store_bytes(self.path, data)
        return len(records) - len(kept)


def _ends_with_newline(fd: int) -> bool:
    return os.pread(fd, 1, os.fstat(fd).st_size - 1) == b"\n"
