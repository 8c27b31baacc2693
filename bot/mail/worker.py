"""The e-mail sender as a background task of a long-running process (the Telegram bot).

Every few seconds (or at once when woken) one pass of :class:`MailSender` runs on the
process's threads, beside the Telegram outbox: SMTP blocks, so it never runs on the
event loop. A pass that fails (the store, say) is logged and the next one comes anyway.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.mail.sender import MailSender

log = logging.getLogger(__name__)

INTERVAL = 5.0


class MailWorker:
    """Runs :meth:`MailSender.run_once` in the background.

    Args:
        sender: The sender.
        call: Runs a blocking function off the event loop (``Runtime.call``).
        interval: Seconds between passes.
    """

    def __init__(
        self,
        sender: MailSender,
        call: Callable[..., Awaitable[Any]],
        *,
        interval: float = INTERVAL,
    ) -> None:
        self.sender = sender
        self.call = call
        self.interval = interval
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        """Starts the passes (from the bot's ``post_init``)."""
        if self._task is None:
            self._task = asyncio.create_task(self._loop(), name="idebot-mail")

    async def stop(self) -> None:
        """Stops the passes; a message being sent finishes on its thread."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def wake(self) -> None:
        """Asks for a pass now (after a submission or a status change)."""
        self._wake.set()

    async def _loop(self) -> None:
        while True:
            try:
                await self.call(self.sender.run_once)
            except Exception:
                log.exception("e-mail pass failed")
            # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a
            # cancellation that arrives as the wake-up does, and stop() then waits forever.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.interval):
                    await self._wake.wait()
            self._wake.clear()
