"""Storage: drafts, applications with their documents, the outbox, logged questions,
the staff FAQ and its audit trail, behind one small contract (``storage.contract``).

``MemoryStore`` keeps everything in memory (tests); ``TinyStore`` is the embedded file
store under ``IDEBOT_DATA_DIR`` (``open_store`` opens it and applies the draft
retention). Nothing here knows the dialog, the knowledge or the channels: records are
JSON dicts and documents are bytes.
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
from storage.errors import StorageError
from storage.files import os_reason, private_dir, write_atomic
from storage.memory import MemoryStore
from storage.times import Clock, iso, parse_iso, utc_now
from storage.tiny import TinyStore, open_store

__all__ = [
    "APPLICATION_REQUIRED_FIELDS",
    "DEFAULT_RETENTION_DAYS",
    "Clock",
    "DeliveryStatus",
    "DraftSession",
    "MemoryStore",
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
