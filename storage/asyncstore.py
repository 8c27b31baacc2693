"""``AsyncStore``: the ``Store`` methods as coroutines, for the Telegram channel.

Every call runs on ONE dedicated worker thread. That serialises access (the stores
are not thread-safe, and the outbox worker and update handlers run concurrently)
and keeps blocking file I/O and fsync off the event loop.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType
from typing import Any, Self

from storage.base import Store

STORE_METHODS = (
    "get_draft",
    "save_draft",
    "delete_draft",
    "purge_drafts",
    "count_drafts",
    "add_application",
    "get_application",
    "update_application",
    "list_applications",
    "add_status_event",
    "enqueue_delivery",
    "due_deliveries",
    "mark_delivered",
    "mark_retry",
    "get_delivery",
    "list_deliveries",
    "add_unanswered",
    "list_unanswered",
    "delete_unanswered",
    "add_audit",
    "list_audit",
    "delete_user_data",
)
"""The data methods of ``Store`` that AsyncStore offers as coroutines."""


class AsyncStore:
    """Wraps a :class:`storage.Store`; ``await astore.save_draft(user, draft)``.

    Also ``await astore.run(func, *args)`` runs any function on the same worker
    (e.g. several store calls that must not interleave with others).

    Args:
        store: The store to wrap; AsyncStore owns it from now on and closes it in
            :meth:`aclose`.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="idebot-store")

    async def run(self, func: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        """Runs ``func(*args, **kwargs)`` on the store's worker thread and awaits it."""
        import asyncio  # here, not at the top: the console chat never needs asyncio

        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(func, *args, **kwargs))

    def __getattr__(self, name: str) -> Callable[..., Awaitable[Any]]:
        if name not in STORE_METHODS:
            raise AttributeError(f"AsyncStore has no method {name!r}")
        method = getattr(self.store, name)

        @functools.wraps(method)
        async def call(*args: Any, **kwargs: Any) -> Any:
            return await self.run(method, *args, **kwargs)

        return call

    async def aclose(self) -> None:
        """Closes the store on its worker, then stops the worker."""
        if self._executor is None:
            return
        try:
            await self.run(self.store.close)
        finally:
            self._executor.shutdown(wait=True)
            self._executor = None

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
