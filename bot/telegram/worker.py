"""One dedicated thread for the bot's blocking calls (store, dialog service, files).

``loop.run_in_executor`` with a one-thread ``ThreadPoolExecutor`` does the same job, but
each call pays for the pool's bookkeeping (a work item, a concurrent future with its
condition variable, a semaphore, and a second future chained onto the loop's). A dialog
step makes exactly one such call, so that bookkeeping was a visible part of its cost.
Here a call is a queue put on the way in and one ``call_soon_threadsafe`` on the way out;
the blocking work still never runs on the event loop. :meth:`IoWorker.post` queues work
nobody waits for (a draft written behind the dialog, see ``storage.behind``), in the
same order as the awaited calls.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
log = logging.getLogger(__name__)

_STOP = None  # the sentinel that ends the thread (after the calls queued before it)


class IoWorker:
    """Runs blocking functions one at a time, in order, on a single thread.

    One thread serialises every call, so a store that is not thread-safe (TinyDB) is
    only ever used from one thread. The thread starts on the first call.

    Args:
        name: The thread's name (shown in tracebacks and thread dumps).
    """

    def __init__(self, name: str = "idebot-io") -> None:
        self._name = name
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._closed = False
        self._start_lock = threading.Lock()

    async def call(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Runs ``fn(*args, **kwargs)`` on the worker thread and awaits its result.

        Raises:
            RuntimeError: after :meth:`close`.
            Exception: whatever ``fn`` raised, with its traceback.
        """
        if self._closed:
            raise RuntimeError("the I/O worker is closed")
        if self._thread is None:
            self._start()
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._queue.put((loop, future, fn, args, kwargs))
        return await future

    def post(
        self,
        fn: Callable[..., Any],
        /,
        *args: Any,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> bool:
        """Queues ``fn(*args)`` to run on the worker thread without waiting for it.

        Calls run in the order they were queued, with :meth:`call`'s calls. Only the
        event loop's thread can post (an error is handed to ``on_error`` there); on any
        other thread, the worker's own included, nothing is queued and False is
        returned, so the caller does the work itself, at once.

        Returns:
            True when queued.
        """
        if self._closed or threading.current_thread() is self._thread:
            return False
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return False
        if self._thread is None:
            self._start()
        self._queue.put((loop, None, fn, args, {"on_error": on_error}))
        return True

    def close(self) -> None:
        """Stops the thread; calls already queued finish first."""
        with self._start_lock:
            self._closed = True
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(_STOP)
            if thread is not threading.current_thread():
                thread.join()

    def _start(self) -> None:
        with self._start_lock:
            if self._closed:
                raise RuntimeError("the I/O worker is closed")
            if self._thread is not None:
                return
            thread = threading.Thread(
                target=_run, args=(self._queue,), name=self._name, daemon=True
            )
            thread.start()
            self._thread = thread
            # A daemon thread so a forgotten close() never hangs the interpreter's exit;
            # at exit (or when the worker is collected) queued calls still finish first.
            weakref.finalize(self, _stop_and_join, self._queue, thread)


def _run(calls: queue.SimpleQueue) -> None:
    while (item := calls.get()) is not _STOP:
        loop, future, fn, args, kwargs = item
        if future is None:
            _run_posted(loop, fn, args, kwargs["on_error"])
            continue
        try:
            result = fn(*args, **kwargs)
        except BaseException as error:  # handed to the awaiting coroutine, not lost here
            _deliver(loop, future, None, error)
        else:
            _deliver(loop, future, result, None)


def _run_posted(loop: Any, fn: Callable[..., Any], args: tuple, on_error: Any) -> None:
    try:
        fn(*args)
    except Exception as error:  # nobody awaits a posted call: its error goes to on_error
        if on_error is None:
            log.error("background call %r failed", fn, exc_info=error)
            return
        with contextlib.suppress(RuntimeError):  # the loop is closed: log it here instead
            loop.call_soon_threadsafe(on_error, error)
            return
        log.error("background call %r failed", fn, exc_info=error)


def _deliver(loop: Any, future: Any, result: Any, error: BaseException | None) -> None:
    with contextlib.suppress(RuntimeError):  # the loop is closed: nobody is waiting any more
        loop.call_soon_threadsafe(_settle, future, result, error)


def _settle(future: asyncio.Future, result: Any, error: BaseException | None) -> None:
    if future.cancelled():  # the awaiting handler was cancelled; the work is done anyway
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


def _stop_and_join(calls: queue.SimpleQueue, thread: threading.Thread) -> None:
    if thread.is_alive():
        calls.put(_STOP)
        if thread is not threading.current_thread():
            thread.join()
