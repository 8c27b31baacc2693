"""Storage: drafts, applications, the outbox, unanswered questions and the FAQ audit trail.

``Store`` is the interface; ``MemoryStore`` keeps everything in memory and
``TinyStore`` is the embedded on-disk default under ``IDEBOT_DATA_DIR``
(``open_store`` opens it and applies the draft retention).
"""

from storage.asyncstore import AsyncStore
from storage.base import (
    APPLICATION_REQUIRED_FIELDS,
    DEFAULT_RETENTION_DAYS,
    Clock,
    DeliveryStatus,
    Store,
    new_application_id,
)
from storage.errors import StorageError
from storage.memory import MemoryStore
from storage.tiny import TinyStore, open_store

__all__ = [
    "APPLICATION_REQUIRED_FIELDS",
    "DEFAULT_RETENTION_DAYS",
    "AsyncStore",
    "Clock",
    "DeliveryStatus",
    "MemoryStore",
    "StorageError",
    "Store",
    "TinyStore",
    "new_application_id",
    "open_store",
]
