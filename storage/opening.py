"""``open_store``: the deployment's store — PostgreSQL when a database is configured,
else the embedded file store — with the draft retention applied."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from storage.contract import DEFAULT_RETENTION_DAYS, Store
from storage.errors import StorageError
from storage.postgres import PostgresStore
from storage.times import Clock
from storage.tiny import TinyStore

log = logging.getLogger(__name__)


def open_store(
    target: Any,
    *,
    retention_days: int | None = None,
    clock: Clock | None = None,
    purge: bool = True,
) -> Store:
    """Opens the store and deletes drafts older than the retention period.

    Args:
        target: Settings (``database_url``, ``data_dir``, ``draft_retention_days``), or a
            data folder for the file store.
        retention_days: Overrides the retention (default: the settings' value, else 180).
        clock: Returns "now"; defaults to the real UTC clock.
        purge: Apply the retention now (a command that only reads leaves it to the bot).

    Raises:
        StorageError: one Swedish line: a damaged data folder, or for the database a bad
            ``IDEBOT_DATABASE_URL`` or a server that cannot be reached.
    """
    if retention_days is None:
        retention_days = getattr(target, "draft_retention_days", DEFAULT_RETENTION_DAYS)
    if not isinstance(retention_days, int) or retention_days < 1:
        raise StorageError(f"retention_days: minst 1 dag väntades, fick {retention_days!r}")
    url = getattr(target, "database_url", None)
    store: Any
    if url:
        store = PostgresStore(url, clock=clock)
    else:
        store = TinyStore(getattr(target, "data_dir", target), clock=clock)
    if not purge:
        return store
    try:
        removed = store.purge_drafts(store._now() - timedelta(days=retention_days))
    except BaseException:
        store.close()
        raise
    if removed:
        log.info("%d utkast äldre än %d dagar raderades", removed, retention_days)
    return store


__all__ = ["open_store"]
