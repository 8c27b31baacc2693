"""Drafts written behind the dialog: the answer is kept at once, the file follows.

A durable draft write (temporary file, fsync, rename, fsync of the folder) takes about a
millisecond, and many more on a busy disk. A channel on an event loop (Telegram) should
neither block the loop for it nor make every answer wait for a thread hop. ``WriteBehind``
wraps a store: a draft saved from the event loop is kept in memory at once (so the next
read sees it), and its write is queued to the channel's single I/O worker, which writes
drafts in the order they were saved (a newer save of the same person replaces one still
queued). On the worker itself, or without a loop, a save writes through before returning,
as the wrapped store does.

Trade-off (decided for the Telegram channel): the bot may answer a few milliseconds before
the answer is on disk. A crash inside that window loses that one answer; the draft then
resumes at the question before.

A write that fails is tried again after ``retry_delays`` (a disk that was full for a
moment); a newer save of the same person replaces the retry. The draft in memory stays the
truth all the while: the person has seen the next question, and their next answer builds
on it, so nothing is applied to an older draft. Every failure is reported through
``on_failed``; ``DraftNotSaved.final`` marks the one after the last retry, ``first`` the
first such of a person since their last successful write (the channel tells the person
once). Drafts still unwritten when the bot stops are counted by :meth:`WriteBehind.pending`.

Everything other than drafts passes through to the wrapped store unchanged; those calls
belong on the worker thread (they block), which also orders them after queued writes.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.base import iso, utc_now
from storage.errors import StorageError
from storage.records import check_user

# Post ``fn(*args)`` to the writer; False when the caller must do the work itself.
Post = Callable[..., bool]

CACHE_SIZE = 4096  # drafts kept in memory after their write (a few KB each)
RETRY_DELAYS = (0.5, 2.0, 8.0)  # seconds before each new try of a failed write


class DraftNotSaved(StorageError):
    """A draft write queued behind the dialog failed.

    Attributes:
        user: Whose draft.
        latest: True when it held the person's newest answers (no newer save queued).
        final: True when no retry follows: the draft is kept in memory only until the
            person's next answer (whose save writes it all) or the bot stops.
        first: With ``final``: the first such failure since the person's last
            successful write (tell the person once, not after every answer).
    """

    def __init__(
        self,
        user: str,
        reason: str,
        *,
        latest: bool,
        final: bool = False,
        first: bool = False,
        seq: int = 0,
        attempt: int = 0,
    ) -> None:
        super().__init__(f"utkast {user}: kunde inte sparas ({reason})")
        self.user = user
        self.reason = reason
        self.latest = latest
        self.final = final
        self.first = first
        self.seq = seq  # which save failed, and how many tries before this one
        self.attempt = attempt


@dataclass
class _Entry:
    draft: dict | None  # the draft (never changed once kept), None for a deleted draft
    seq: int | None  # the queued write that will store it; None once on disk


class WriteBehind:
    """A ``storage.Store`` whose draft saves from the event loop are written behind.

    Args:
        store: The store to wrap (it stays the caller's to close).
        post: Queues a call on the single writer thread (``IoWorker.post``).
        on_failed: Called (on the event loop) with a :class:`DraftNotSaved` for every
            failed write behind; a retry is already scheduled unless ``final``.
        clock: Returns "now" for the ``updated_at`` of drafts kept in memory.
        cache_size: How many written drafts stay in memory for fast reads.
        retry_delays: Seconds before each new try of a failed write.
    """

    def __init__(
        self,
        store: Any,
        *,
        post: Post,
        on_failed: Callable[[DraftNotSaved], None] | None = None,
        clock: Callable[[], datetime] = utc_now,
        cache_size: int = CACHE_SIZE,
        retry_delays: tuple[float, ...] = RETRY_DELAYS,
    ) -> None:
        self.store = store
        self.on_failed = on_failed
        self._post = post
        self._clock = clock
        self._cache_size = cache_size
        self._entries: dict[str, _Entry] = {}  # least recently used first
        self.retry_delays = retry_delays
        self._lock = threading.Lock()  # the loop and the writer thread both use entries
        self._seq = itertools.count(1)
        self._failing: set[str] = set()  # told already: a final failure, no success since
        # Failed writes waiting for another try: token -> (timer, user, seq); loop only.
        self._scheduled: dict[object, tuple[asyncio.TimerHandle, str, int]] = {}

    def __getattr__(self, name: str) -> Any:
        # Everything but drafts is the wrapped store's own.
        return getattr(self.store, name)

    # -- drafts ---------------------------------------------------------------------

    def get_draft(self, user: str) -> dict | None:
        """The user's newest draft: the one kept in memory, else the stored one.

        Unlike the wrapped store's, the draft returned is shared, not a copy: read it,
        never change it (the dialog engine copies a state before it changes anything).
        """
        with self._lock:
            entry = self._touch(check_user(user))
        if entry is not None:
            return entry.draft
        draft = self.store.get_draft(user)
        with self._lock:
            if user not in self._entries:  # a save in the meantime wins
                self._remember(user, _Entry(draft, None))
        return draft

    def save_draft(self, user: str, draft: dict) -> None:
        """Keeps the draft at once and writes it behind (or now, off the event loop).

        The draft is kept as given (a shallow copy with ``updated_at``): the caller must
        not change it afterwards. The dialog service never does; its states are new
        objects on every step.

        Raises:
            StorageError: for a draft that is not a dict, or when a direct write failed.
        """
        check_user(user)
        if not isinstance(draft, dict):
            raise StorageError(f"utkast {user}: en post (dict) väntades")
        self._change(user, {**draft, "updated_at": iso(self._clock())})

    def delete_draft(self, user: str) -> bool:
        """Deletes the user's draft (behind, or now off the event loop)."""
        existed = self.get_draft(user) is not None
        self._change(check_user(user), None)
        return existed

    def purge_drafts(self, older_than: datetime) -> int:
        """Deletes old drafts in the store and forgets every written draft kept in memory."""
        removed = self.store.purge_drafts(older_than)
        self._forget_written(None)
        return removed

    def delete_user_data(self, user: str) -> dict:
        """``/radera``: the store's deletion, and the draft forgotten in memory too."""
        result = self.store.delete_user_data(user)
        self._forget_written(user)
        with self._lock:
            entry = self._entries.get(user)
            if entry is not None and entry.seq is not None:
                # A write still queued would bring the draft back: it is dropped too.
                entry.draft = None
        return result

    def pending(self) -> int:
        """How many drafts wait for their write (or failed to be written)."""
        with self._lock:
            return sum(1 for e in self._entries.values() if e.seq is not None)

    def retrying(self) -> int:
        """How many failed writes wait for their next try."""
        return len(self._scheduled)

    def retry_now(self) -> None:
        """Tries every failed write that waits for a retry once more, now, as its last
        try (the bot is stopping: it should not wait out the delays). Event loop only."""
        for token, (timer, user, seq) in list(self._scheduled.items()):
            timer.cancel()
            del self._scheduled[token]
            final = len(self.retry_delays)
            self._post(self._written_behind, user, seq, final, on_error=self._failed)

    # -- internals ------------------------------------------------------------------

    def _change(self, user: str, draft: dict | None) -> None:
        with self._lock:
            seq = next(self._seq)
            previous = self._entries.get(user)
            self._remember(user, _Entry(draft, seq))
        if self._post(self._written_behind, user, seq, 0, on_error=self._failed):
            return
        try:
            self._write(user, draft)
        except BaseException:
            # The caller learns this save failed; what stood before it stands again: an
            # earlier draft still waiting for its (retried) write, or the stored one.
            with self._lock:
                if (entry := self._entries.get(user)) is not None and entry.seq == seq:
                    if previous is not None:
                        self._entries[user] = previous
                    else:
                        del self._entries[user]
            raise
        with self._lock:
            self._settle(user, seq)
            self._failing.discard(user)

    def _write(self, user: str, draft: dict | None) -> None:
        if draft is None:
            self.store.delete_draft(user)
        else:
            self.store.save_draft(user, draft)

    def _written_behind(self, user: str, seq: int, attempt: int) -> None:
        """Runs on the writer thread: writes what the entry holds now, if still newest."""
        with self._lock:
            entry = self._entries.get(user)
            if entry is None or entry.seq != seq:
                return  # a newer save is queued after this one and carries this answer
            draft = entry.draft
        try:
            self._write(user, draft)
        except Exception as error:
            with self._lock:
                latest = self._entries.get(user) is entry and entry.seq == seq
                final = not latest or attempt >= len(self.retry_delays)
                first = final and latest and user not in self._failing
                if first:
                    self._failing.add(user)
            raise DraftNotSaved(
                user, str(error), latest=latest, final=final, first=first, seq=seq, attempt=attempt
            ) from error
        with self._lock:
            self._settle(user, seq)
            self._failing.discard(user)

    def _failed(self, error: BaseException) -> None:
        """Runs on the event loop for a failed write behind: schedules its next try."""
        if not isinstance(error, DraftNotSaved):
            raise error
        if not error.final:
            delay = self.retry_delays[error.attempt]
            token = object()
            timer = asyncio.get_running_loop().call_later(
                delay, self._retry, token, error.user, error.seq, error.attempt + 1
            )
            self._scheduled[token] = (timer, error.user, error.seq)
        if self.on_failed is not None:
            self.on_failed(error)

    def _retry(self, token: object, user: str, seq: int, attempt: int) -> None:
        self._scheduled.pop(token, None)
        # Queued like any write: skipped there if a newer save of the person came since.
        self._post(self._written_behind, user, seq, attempt, on_error=self._failed)

    def _settle(self, user: str, seq: int) -> None:
        entry = self._entries.get(user)
        if entry is not None and entry.seq == seq:
            entry.seq = None
            if entry.draft is None:
                del self._entries[user]  # a deleted draft needs no memory

    def _touch(self, user: str) -> _Entry | None:
        entry = self._entries.pop(user, None)
        if entry is not None:
            self._entries[user] = entry
        return entry

    def _remember(self, user: str, entry: _Entry) -> None:
        self._entries.pop(user, None)
        self._entries[user] = entry
        excess = len(self._entries) - self._cache_size
        if excess > 0:
            # The least recently used come first; drafts still to be written stay.
            doomed = []
            for key, old in self._entries.items():
                if old.seq is None:
                    doomed.append(key)
                    if len(doomed) == excess:
                        break
            for key in doomed:
                del self._entries[key]

    def _forget_written(self, user: str | None) -> None:
        with self._lock:
            for key in [k for k, e in self._entries.items() if e.seq is None]:
                if user is None or key == user:
                    del self._entries[key]
