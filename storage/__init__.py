"""Storage: drafts, applications, the outbox and unanswered questions."""


class StorageError(Exception):
    """Root of every error raised by the storage package."""


__all__ = ["StorageError"]
