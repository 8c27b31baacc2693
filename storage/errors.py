"""The storage package's exception root (re-exported as ``storage.StorageError``)."""


class StorageError(Exception):
    """Root of every error raised by the storage package.

    The text is Swedish and names the file or record concerned, so the CLI can print
    it as one line.
    """


class FaqChanged(StorageError):
    """The staff FAQ was saved by someone else since the version a save started from.

    Raised by ``save_staff_faq`` instead of overwriting that change (compare-and-set):
    the caller reads the FAQ again and decides whether its edit still applies.
    """
