"""The storage package's exception root (re-exported as ``storage.StorageError``)."""


class StorageError(Exception):
    """Root of every error raised by the storage package.

    The text is Swedish and names the file or record concerned, so the CLI can print
    it as one line.
    """
