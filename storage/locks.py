"""Locks: one per person within a process, and lock files across processes."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class KeyedLocks:
    """One lock per key, created on first use and dropped when nobody holds or waits.

    Two threads working for the same person wait for each other; different people
    never do.
    """

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, tuple[threading.Lock, int]] = {}

    @contextmanager
    def hold(self, key: str) -> Iterator[None]:
        """Holds the lock of ``key`` for the ``with`` block."""
        with self._guard:
            lock, users = self._locks.get(key) or (threading.Lock(), 0)
            self._locks[key] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self._guard:
                lock, users = self._locks[key]
                if users == 1:
                    del self._locks[key]
                else:
                    self._locks[key] = (lock, users - 1)


class FileLock:
    """An exclusive lock on a file, across processes (POSIX ``flock``), with a timeout.

    The ``filelock`` package did the same and loaded asyncio with it, a visible part of
    every command's start; ``fcntl`` is in the standard library. A lock held by another
    process is asked for again every ``poll`` seconds until ``timeout``. Taking it again
    while held (the same thread, nested) only counts: callers guard it with a thread lock.

    Args:
        path: The lock file (created with ``mode`` when missing).
        timeout: Seconds to wait; None waits as long as it takes.
        poll: Seconds between two tries.
        mode: Permission bits of a new lock file.
    """

    def __init__(
        self, path: Path, *, timeout: float | None = None, poll: float = 0.005, mode: int = 0o600
    ) -> None:
        self.path = path
        self.timeout = timeout
        self.poll = poll
        self.mode = mode
        self._fd: int | None = None
        self._depth = 0

    def acquire(self) -> None:
        """Takes the lock.

        Raises:
            TimeoutError: when another process held it longer than the timeout.
            OSError: when the lock file cannot be opened.
        """
        if self._fd is not None:
            self._depth += 1
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, self.mode)
        deadline = None if self.timeout is None else time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if deadline is not None and time.monotonic() >= deadline:
                    os.close(fd)
                    raise TimeoutError(str(self.path)) from None
                time.sleep(self.poll)
        self._fd = fd

    def release(self) -> None:
        """Gives the lock up (closing the file releases it)."""
        if self._depth:
            self._depth -= 1
            return
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
