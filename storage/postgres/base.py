"""What every part of ``PostgresStore`` shares: the database, the clock, the open check."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from storage.errors import StorageError
from storage.files import dump_json
from storage.postgres.database import Database
from storage.times import Clock, to_utc, utc_now


class PostgresBase:
    """The state the store's parts (drafts, applications, outbox, logs) work on.

    Args:
        database: The open database.
        clock: Returns "now"; defaults to the real UTC clock.
    """

    def __init__(self, database: Database, *, clock: Clock | None = None) -> None:
        self._db = database
        self._clock: Clock = clock or utc_now
        self._closed = False

    def _now(self) -> datetime:
        return to_utc(self._clock())

    def _check_open(self) -> None:
        if self._closed:
            raise StorageError("lagringen är stängd")


def json_text(value: Any, *, what: str) -> str:
    """The stored JSON text of a record (the same encoder as every other backend).

    Raises:
        StorageError: naming ``what`` when the value cannot be stored as JSON.
    """
    return dump_json(value, what=what).decode("utf-8")
