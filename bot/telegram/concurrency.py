"""Updates of different chats at once, updates of one chat strictly in order.

python-telegram-bot handles one update at a time by default, and a handler waits for its
own Bot API calls: with 50 ms per call the whole bot managed about 16 steps a second,
however many people were typing. With ``concurrent_updates`` every update becomes a
task; this processor (PTB's ``BaseUpdateProcessor``) makes the tasks of one chat wait
for each other in arrival order (``asyncio.Lock`` wakes waiters first come, first
served), so three answers sent at once land on three consecutive questions, and bounds
how many handlers run at the same time.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# Updates accepted into processing at once (PTB's own bound: queued beyond it).
ACCEPTED = 4096
# Handlers running at once (the rest wait their turn, their chat's order kept).
RUNNING = 64


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
