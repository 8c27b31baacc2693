"""What every Telegram handler needs: settings, store, knowledge, dialog service, one worker.

The store and the dialog service are synchronous and do file I/O. Blocking calls never run
on the event loop: they go through :meth:`Runtime.call`, which runs them on ONE dedicated
worker thread (:class:`~bot.telegram.worker.IoWorker`). One thread serialises all access
to the store (TinyDB is not thread-safe) and keeps the loop free for other chats.

The one exception is a plain dialog step (an answer, a command): the engine is pure and
quick, so it runs on the loop, and the draft it saves is written behind by the same
worker (``storage.behind.WriteBehind``, the ``store`` here).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from telegram.ext import CallbackContext

from bot.settings import Settings
from bot.telegram.worker import IoWorker

T = TypeVar("T")

RUNTIME_KEY = "idebot_runtime"
USER_KEY_PREFIX = "telegram:"


def utc_now() -> datetime:
    """The current time, timezone-aware UTC (the default clock)."""
    return datetime.now(UTC)


@dataclass
class Runtime:
    """The bot's dependencies, shared by all handlers through ``application.bot_data``.

    Attributes:
        settings: The deployment's settings.
        store: A synchronous ``storage.Store`` (``build_application`` passes the
            ``WriteBehind`` around the deployment's store).
        knowledge: The ``knowledge.base.KnowledgeBase`` (funds and the live FAQ).
        service: The ``dialogs.DialogService`` (None until the dialog package provides it).
        clock: Returns the current UTC time; tests pass a fixed or stepping clock.
        outbox: The ``OutboxWorker`` (set by ``build_application``).
        worker: The one I/O worker thread for blocking calls.
        tasks: Background tasks started by :meth:`spawn` and not finished yet.
    """

    settings: Settings
    store: Any
    knowledge: Any
    service: Any = None
    clock: Callable[[], datetime] = utc_now
    outbox: Any = None
    worker: IoWorker = field(default_factory=IoWorker)
    tasks: set[asyncio.Task] = field(default_factory=set)

    async def call(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Runs a blocking function on the single I/O worker thread and awaits its result."""
        return await self.worker.call(fn, *args, **kwargs)

    def spawn(self, coroutine: Coroutine[Any, Any, Any], *, name: str) -> asyncio.Task:
        """Runs a coroutine in the background (kept until done; see :meth:`settle`)."""
        task = asyncio.get_running_loop().create_task(coroutine, name=name)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    async def settle(self) -> None:
        """Waits until the background work queued so far is done.

        That is every call queued on the worker (drafts written behind included), the
        retries of failed writes, and the tasks spawned because of them (e.g. telling a
        person their answers are not saved). Used at shutdown and by tests.
        """
        retrying = getattr(self.store, "retrying", None)  # failed writes to try again
        while True:
            await self.worker.call(int)  # a barrier: the worker runs calls in order
            if self.tasks:
                await asyncio.gather(*self.tasks, return_exceptions=True)
            elif retrying is not None and retrying():
                await asyncio.sleep(0.01)
            else:
                return

    @property
    def fund(self) -> Any:
        """The profile of the fund this deployment serves."""
        return self.knowledge.fund(self.settings.fund)

    def close(self) -> None:
        """Stops the worker thread (pending calls finish first)."""
        self.worker.close()


def runtime_of(context: CallbackContext) -> Runtime:
    """The :class:`Runtime` stored in the application of a handler's context."""
    return context.application.bot_data[RUNTIME_KEY]


def user_key(user_id: int) -> str:
    """The storage key of a Telegram user: ``telegram:<user id>``."""
    return f"{USER_KEY_PREFIX}{user_id}"


def telegram_user_id(key: str) -> int | None:
    """The Telegram user id inside a storage user key, or None for other channels."""
    if not key.startswith(USER_KEY_PREFIX):
        return None
    try:
        return int(key.removeprefix(USER_KEY_PREFIX))
    except ValueError:
        return None
