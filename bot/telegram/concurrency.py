"""Updates of different chats at once, updates of one chat strictly in order.

python-telegram-bot handles one update at a time by default, and a handler waits for its
own Bot API calls: with 50 ms per call the whole bot managed about 16 steps a second,
however many people were typing. With ``concurrent_updates`` every update becomes a
task; this processor (PTB's ``BaseUpdateProcessor``) makes the tasks of one chat wait
for each other in arrival order (``asyncio.Lock`` wakes waiters first come, first
served), so three answers sent at once land on three consecutive questions, and bounds
how many handlers run at the same time.

With webhooks, several processes may serve one bot (``PostgresStore``): Telegram sends a
chat's next update only after the webhook call of its previous one has been answered,
and sends it again when the answer is not 200. :class:`HandledUpdates` makes the webhook
answer only once the update has been handled, so a chat's updates are applied in order
whichever process each one reaches, and an update whose process died is delivered again
(the draft's handled-update id makes the repeat a no-op when it was applied already).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# Updates accepted into processing at once (PTB's own bound: queued beyond it).
ACCEPTED = 4096
# Handlers running at once (the rest wait their turn, their chat's order kept).
RUNNING = 64

log = logging.getLogger(__name__)


def chat_key(update: object) -> Any:
    """What orders updates: the chat, else the user (e.g. an inline query), else nothing."""
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return ("chat", update.effective_chat.id)
        if update.effective_user is not None:
            return ("user", update.effective_user.id)
    return None


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Processes updates of different chats concurrently and of one chat in order.

    Args:
        running: How many handlers may run at the same time.
        accepted: How many updates may wait in processing (PTB queues the rest).
        handled: Awaited with each update once its handlers ran (the inbox forgets it).
    """

    __slots__ = ("_chats", "_running", "_slots", "handled")

    def __init__(
        self,
        running: int = RUNNING,
        accepted: int = ACCEPTED,
        handled: Callable[[object], Awaitable[None]] | None = None,
    ) -> None:
        super().__init__(max(accepted, running))
        self._running = running
        self._chats: dict[Any, tuple[asyncio.Lock, int]] = {}
        self._slots: asyncio.Semaphore | None = None
        self.handled = handled

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Waits for the chat's earlier updates, then for a free slot, then handles it."""
        key = chat_key(update)
        if self._slots is None:
            self._slots = asyncio.Semaphore(self._running)
        if key is None:
            async with self._slots:
                await coroutine
            await self._handled(update)
            return
        lock, waiting = self._chats.get(key) or (asyncio.Lock(), 0)
        self._chats[key] = (lock, waiting + 1)
        try:
            async with lock, self._slots:
                await coroutine
            await self._handled(update)
        finally:
            lock, waiting = self._chats[key]
            if waiting == 1:
                del self._chats[key]  # a chat nobody waits for holds no memory
            else:
                self._chats[key] = (lock, waiting - 1)

    async def _handled(self, update: object) -> None:
        if self.handled is not None:
            await self.handled(update)

    async def initialize(self) -> None:
        """Nothing to allocate (the semaphore is made on the running loop)."""

    async def shutdown(self) -> None:
        """Nothing to free."""


class HandledUpdates(asyncio.Queue):
    """The update queue of webhook mode: putting an update returns once it is handled.

    PTB's webhook handler answers Telegram's call when its ``put`` returns, so the answer
    (200) waits for the handling (see the module docstring). An update still waiting
    when the bot stops fails its call instead (500): Telegram delivers it again, to
    another process or after the restart. So in webhook mode Telegram itself keeps each
    update until it is handled, and the store's inbox (``bot.telegram.inbox``, for long
    polling) is not used: on a database shared by several processes, a process starting
    would replay the updates another one is handling at that moment.
    """

    def __init__(self) -> None:
        super().__init__()
        self._waiting: dict[int, asyncio.Future] = {}

    async def put(self, item: object) -> None:
        """Queues ``item``; for an update, returns when :meth:`done` was called for it."""
        if not isinstance(item, Update):
            await super().put(item)  # PTB's own stop signal
            return
        answered = asyncio.get_running_loop().create_future()
        self._waiting[id(item)] = answered
        try:
            await super().put(item)
            await answered
        finally:
            self._waiting.pop(id(item), None)

    async def done(self, update: object) -> None:
        """Lets the webhook call of ``update`` be answered (the processor's ``handled``)."""
        done = self._waiting.get(id(update))
        if done is not None and not done.done():
            done.set_result(None)

    def abandon(self) -> None:
        """Fails every call still waiting (the bot stops before handling them)."""
        for done in list(self._waiting.values()):
            if not done.done():
                log.warning("an update was not handled before the stop; Telegram sends it again")
                done.set_exception(ConnectionAbortedError("the bot stopped"))
