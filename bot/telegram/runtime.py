"""What every Telegram handler needs: the application (``bot.core.Idebot``) and threads.

The application's calls block (the store writes files or talks to a database; a
submission renders a Word file), so handlers never run them on the event loop: they
await :meth:`Runtime.call`, which runs them on a pool of threads. Updates of different
chats are handled concurrently (``bot.telegram.concurrency``), so one person's slow step
never holds another's reply; each person's steps are serialised by the store's lock.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from telegram.ext import CallbackContext

from bot.core import Idebot
from bot.settings import Settings

T = TypeVar("T")

RUNTIME_KEY = "idebot_runtime"
# A staff member's FAQ editing dialog is kept apart from their own idéprövning.
STAFF_KEY_PREFIX = "telegram-staff:"
USER_KEY_PREFIX = "telegram:"
THREADS = 16


@dataclass
class Runtime:
    """The bot's dependencies, shared by all handlers through ``application.bot_data``.

    Attributes:
        core: The application.
        executor: The threads blocking calls run on.
        outbox: The Telegram outbox sender (set by ``build_application``).
        tasks: Background tasks started by :meth:`spawn` and not finished yet.
    """

    core: Idebot
    executor: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(THREADS, thread_name_prefix="idebot")
    )
    outbox: Any = None
    tasks: set[asyncio.Task] = field(default_factory=set)

    @property
    def settings(self) -> Settings:
        """The deployment's settings."""
        return self.core.settings

    async def call(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Runs a blocking function on the thread pool and awaits its result."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, functools.partial(fn, *args, **kwargs))

    def spawn(self, coroutine: Coroutine[Any, Any, Any], *, name: str) -> asyncio.Task:
        """Runs a coroutine in the background (kept until done; see :meth:`settle`)."""
        task = asyncio.get_running_loop().create_task(coroutine, name=name)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    async def settle(self) -> None:
        """Waits until the background tasks spawned so far are done (shutdown, tests)."""
        while self.tasks:
            await asyncio.gather(*self.tasks, return_exceptions=True)

    def close(self) -> None:
        """Stops the threads (calls already running finish first)."""
        self.executor.shutdown(wait=True)


def runtime_of(context: CallbackContext) -> Runtime:
    """The :class:`Runtime` stored in the application of a handler's context."""
    return context.application.bot_data[RUNTIME_KEY]


def user_key(user_id: int) -> str:
    """The storage key of a Telegram user: ``telegram:<user id>``."""
    return f"{USER_KEY_PREFIX}{user_id}"


def staff_key(user_id: int) -> str:
    """The storage key of a staff member's FAQ editing dialog: ``telegram-staff:<id>``."""
    return f"{STAFF_KEY_PREFIX}{user_id}"
