"""Crash-safe file replacement, shared by storage, the FAQ files and the Word documents.

A write goes to a temporary file in the same folder, is flushed and fsynced, then
renamed over the target (``os.replace`` is atomic on POSIX), and the folder is fsynced
so the rename itself survives a power cut. A reader sees the old or the new content,
never a mix; ``kill -9`` at any moment loses at most the write in flight. Errors are
plain ``OSError``s: each package turns them into its own Swedish error.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".tmp"
"""Suffix of in-flight temporary files; a store removes a killed writer's leftovers on open."""


def fsync_dir(directory: Path) -> None:
    """Makes a rename or unlink in ``directory`` durable."""
    fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(
    path: Path, data: bytes, *, mtime_ns: int | None = None, mode: int | None = None
) -> None:
    """Replaces ``path`` with ``data`` atomically and durably.

    Args:
        path: The target file; its folder must exist.
        data: The complete new content.
        mtime_ns: If given, the modification time (ns since the epoch) is set before the
            rename, so the time is never seen without the content.
        mode: If given, the file's permission bits (``mkstemp`` creates 0600).

    Raises:
        OSError: the disk refused; the temporary file is removed.
    """
    directory = path.parent
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp_name, mode)
        if mtime_ns is not None:
            os.utime(temp_name, ns=(mtime_ns, mtime_ns))
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    fsync_dir(directory)


def ordinary_file_mode() -> int:
    """The permission bits a normally created file gets here (0666 less the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
