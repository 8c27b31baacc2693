"""What every Telegram handler needs: settings, store, knowledge, dialog service, one worker.

The store and the dialog service are synchronous and do file I/O. They never run on the
event loop: every call goes through :meth:`Runtime.call`, which runs it on ONE dedicated
worker thread (:class:`~bot.telegram.worker.IoWorker`). One thread serialises all access
to the store (TinyDB is not thread-safe) and keeps the loop free for other chats while a
draft is saved.
"""

from __future__ import annotations

from collections.abc import Callable
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
        store: A synchronous ``storage.Store``.
        knowledge: The ``knowledge.base.KnowledgeBase`` (funds and the live FAQ).
        service: The ``dialogs.DialogService`` (None until the dialog package provides it).
        clock: Returns the current UTC time; tests pass a fixed or stepping clock.
        outbox: The ``OutboxWorker`` (set by ``build_application``).
    """

    settings: Settings
    store: Any
    knowledge: Any
    service: Any = None
    clock: Callable[[], datetime] = utc_now
    outbox: Any = None
    worker: IoWorker = field(default_factory=IoWorker)

    async def call(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Runs a blocking function on the single I/O worker thread and awaits its result."""
        return await self.worker.call(fn, *args, **kwargs)

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
