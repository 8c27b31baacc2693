"""Storage: drafts, applications with their documents, the outbox, logged questions,
the staff FAQ and its audit trail, behind one small contract (``storage.contract``).

``MemoryStore`` keeps everything in memory (tests); ``TinyStore`` is the embedded file
store under ``IDEBOT_DATA_DIR`` (the default); ``PostgresStore`` keeps everything in
PostgreSQL when ``IDEBOT_DATABASE_URL`` is set, so several bot processes serve one fund.
``open_store`` opens the one the settings name and applies the draft retention. Nothing
here knows the dialog, the knowledge or the channels: records are JSON dicts and
documents are bytes.

The database driver is imported only when a ``PostgresStore`` is opened: ``from storage
import StorageError`` (done by the CLI at every start-up) must not pay for it.
"""

from storage.contract import (
    APPLICATION_REQUIRED_FIELDS,
    DEFAULT_RETENTION_DAYS,
    DeliveryStatus,
    DraftSession,
    Store,
    delivery_id_for,
    new_application_id,
)
from storage.errors import FaqChanged, StorageError
from storage.files import os_reason, private_dir, write_atomic
from storage.memory import MemoryStore
from storage.opening import open_store
from storage.postgres import PostgresStore
from storage.times import Clock, iso, parse_iso, utc_now
from storage.tiny import TinyStore

__all__ = [
    "APPLICATION_REQUIRED_FIELDS",
    "DEFAULT_RETENTION_DAYS",
    "Clock",
    "DeliveryStatus",
    "DraftSession",
    "FaqChanged",
    "MemoryStore",
    "PostgresStore",
    "StorageError",
    "Store",
    "TinyStore",
    "delivery_id_for",
    "iso",
    "new_application_id",
    "open_store",
    "os_reason",
    "parse_iso",
    "private_dir",
    "utc_now",
    "write_atomic",
]
