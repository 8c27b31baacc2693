"""Crash-safe files: atomic replacement, JSON in the stored form, Swedish OS errors.

A write goes to a temporary file in the same folder, is flushed and fsynced, then
renamed over the target (``os.replace`` is atomic on POSIX), and the folder is fsynced
so the rename itself survives a power cut. A reader sees the old or the new content,
never a mix; ``kill -9`` at any moment loses at most the write in flight, and its
temporary file is removed the next time the store opens.

Everything the stores write is private to the deployment: files are created 0600 and
folders 0700 (issue 10), whatever the umask.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from storage.errors import StorageError
from storage.times import iso

TEMP_SUFFIX = ".tmp"
"""Suffix of in-flight temporary files; a store removes a killed writer's leftovers on open."""
FILE_MODE = 0o600
DIR_MODE = 0o700


def fsync_dir(directory: Path) -> None:
    """Makes a rename or unlink in ``directory`` durable."""
    fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(
    path: Path, data: bytes, *, mtime_ns: int | None = None, mode: int = FILE_MODE
) -> None:
    """Replaces ``path`` with ``data`` atomically and durably.

    Args:
        path: The target file; its folder must exist.
        data: The complete new content.
        mtime_ns: If given, the modification time (ns since the epoch) is set before the
            rename, so the time is never seen without the content.
        mode: The file's permission bits (private by default).

    Raises:
        OSError: the disk refused; the temporary file is removed.
    """
    directory = path.parent
    # The writer's pid is in the name: a store opening beside a live writer (another
    # process on the same folder) leaves its file alone, and removes a dead one's.
    prefix = f".{path.name}.{os.getpid()}."
    fd, temp_name = tempfile.mkstemp(prefix=prefix, suffix=TEMP_SUFFIX, dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
        if mtime_ns is not None:
            os.utime(temp_name, ns=(mtime_ns, mtime_ns))
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    fsync_dir(directory)


def store_bytes(path: Path, data: bytes, *, mtime_ns: int | None = None) -> None:
    """:func:`write_atomic` with the failure as a Swedish :class:`StorageError` naming the file."""
    try:
        write_atomic(path, data, mtime_ns=mtime_ns)
    except OSError as error:
        raise StorageError(f"{path}: kan inte skriva ({os_reason(error)})") from None


def private_dir(path: Path, *, what: str = "mappen") -> Path:
    """Creates ``path`` (and its parents) as a private folder; returns it.

    Raises:
        StorageError: naming the folder (as ``what``) when it cannot be created.
    """
    try:
        path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        if path.stat().st_mode & 0o077:
            path.chmod(DIR_MODE)  # an older folder from before the data was kept private
    except OSError as error:
        raise StorageError(f"{path}: {what} kan inte skapas ({os_reason(error)})") from None
    return path


def dump_json(value: Any, *, what: str = "posten") -> bytes:
    """The stored JSON form: UTF-8, å ä ö kept readable, compact; datetimes and dates
    become ISO strings (datetimes in UTC).

    Raises:
        StorageError: naming ``what`` when the value cannot be stored as JSON.
    """
    try:
        text = json.dumps(value, default=_encode, ensure_ascii=False, separators=(",", ":"))
        return text.encode("utf-8")
    except (TypeError, ValueError, RecursionError) as error:
        raise StorageError(f"{what}: kan inte sparas ({error})") from None
    except UnicodeEncodeError:
        raise StorageError(f"{what}: kan inte sparas (ogiltiga tecken i en text)") from None


def _encode(value: Any) -> Any:
    # Datetimes are accepted for convenience and stored in the one record format.
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} kan inte sparas som JSON")


def json_copy(value: Any, *, what: str) -> Any:
    """A deep copy that is guaranteed to be JSON (datetimes become ISO strings in UTC).

    Raises:
        StorageError: naming ``what`` when the value cannot be stored as JSON.
    """
    return json.loads(dump_json(value, what=what))


def read_json(path: Path) -> Any:
    """Reads a JSON file written by :func:`store_bytes`.

    Raises:
        FileNotFoundError: when the file does not exist (callers decide what that means).
        StorageError: naming the file when it cannot be read or is not valid JSON,
            e.g. a truncated file left by a tool that does not write atomically.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise
    except OSError as error:
        raise StorageError(f"{path}: kan inte läsas ({os_reason(error)})") from None
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise StorageError(
            f"{path}: filen är skadad (ogiltig JSON: {error}); "
            "inget har raderats – reparera eller flytta filen och starta igen"
        ) from None


def remove_temp_files(directory: Path) -> int:
    """Deletes temporary files a killed writer left in ``directory``; returns how many.

    A file whose writer is still alive (another process writing now) is kept.
    """
    removed = 0
    with os.scandir(directory) as entries:
        for entry in entries:
            if not entry.name.endswith(TEMP_SUFFIX) or not entry.is_file(follow_symlinks=False):
                continue
            if _writer_alive(entry.name):
                continue
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)
                removed += 1
    return removed


def _writer_alive(name: str) -> bool:
    """Whether the process named in a temporary file's name still runs."""
    parts = name.split(".")
    pid = next((int(p) for p in reversed(parts[:-2]) if p.isdigit()), None)
    if pid is None or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, another user's
    return True


# The OS's own error text is English ("No such file or directory"); people get Swedish.
_OS_REASONS: dict[int, str] = {
    errno.ENOENT: "filen eller mappen finns inte",
    errno.EACCES: "åtkomst nekad",
    errno.EPERM: "åtkomst nekad",
    errno.EISDIR: "är en mapp, inte en fil",
    errno.ENOTDIR: "en del av sökvägen är inte en mapp",
    errno.ENOSPC: "disken är full",
    errno.EDQUOT: "diskkvoten är slut",
    errno.EROFS: "filsystemet är skrivskyddat",
    errno.EEXIST: "finns redan",
    errno.ENAMETOOLONG: "namnet är för långt",
    errno.EADDRINUSE: "porten används redan av ett annat program",
    errno.EADDRNOTAVAIL: "adressen finns inte på den här datorn",
    errno.EIO: "läs- eller skrivfel på disken",
}


def os_reason(error: OSError) -> str:
    """The reason of an OS error in Swedish, e.g. ``filen eller mappen finns inte``.

    Args:
        error: The error raised by the operating system.

    Returns:
        A short Swedish reason; unknown errors name their errno code (``systemfel EXDEV``).
    """
    if error.errno in _OS_REASONS:
        return _OS_REASONS[error.errno]
    code = errno.errorcode.get(error.errno or 0)
    return f"systemfel {code}" if code else f"systemfel ({error.__class__.__name__})"
