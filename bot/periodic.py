"""A background pass that runs every few seconds, or at once when woken.

The Telegram outbox and the e-mail worker both send what is due this way; one loop
serves both, so a fix to it (the cancellation below) cannot reach only one of them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

log = logging.getLogger(__name__)


class PeriodicTask:
    """Runs :meth:`run_pass` as an asyncio task: every ``interval`` seconds and whenever
    :meth:`wake` is called. A pass that fails is logged and the next one comes anyway.

    Subclasses set :attr:`name` (the task's name, also in the log) and implement
    :meth:`run_pass`. ``interval`` is read before every wait, so it may be changed.
    """

    name = "idebot-periodic"

    def __init__(self, *, interval: float) -> None:
        self.interval = interval
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None

    async def run_pass(self) -> object:
        """One pass (implemented by the subclass)."""
        raise NotImplementedError

    def start(self) -> None:
        """Starts the passes in the background (from the bot's ``post_init``)."""
        if self._task is None:
            self._task = asyncio.create_task(self._loop(), name=self.name)

    async def stop(self) -> None:
        """Stops the passes; work already handed to a thread finishes there."""
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
                await self.run_pass()
            except Exception:
                # The store failing must not kill the sender; the log keeps the cause.
                log.exception("%s: pass failed", self.name)
            # asyncio.timeout, not wait_for: on Python 3.11 wait_for swallows a cancel that
            # arrives just as a wake-up is set, and stop() then waited forever.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.interval):
                    await self._wake.wait()
            self._wake.clear()
