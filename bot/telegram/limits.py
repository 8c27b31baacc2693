"""Telegram's flood limits, applied first come, first served.

PTB's ``AIORateLimiter`` keeps the bot within Telegram's published limits (30 messages/s
overall, 20/min per group) with aiolimiter's leaky bucket. That bucket lets a newcomer
take capacity that has just been freed for a waiter whose task has not run yet; the
waiter then queues again at the back. With 30 people answering back to back against 30
messages a second, that starved a few of them (p95 1.9 s where the mean wait is 1 s).
:class:`FairLimiter` puts one lock in front of the bucket, so messages leave in the
order they were asked for.
"""

from __future__ import annotations

import asyncio

from aiolimiter import AsyncLimiter
from telegram.ext import AIORateLimiter

# A 429 is retried twice after the retry_after Telegram names; after that it reaches the
# caller (the outbox reschedules its delivery; an answer fails into the error handler).
RATE_LIMIT_RETRIES = 2


class FairLimiter(AsyncLimiter):
    """aiolimiter's ``AsyncLimiter``, granting capacity in the order it was asked for."""

    def __init__(self, max_rate: float, time_period: float = 60) -> None:
        super().__init__(max_rate, time_period)
        self._turn: asyncio.Lock | None = None  # made on the running loop

    async def acquire(self, amount: float = 1) -> None:
        """Waits for this caller's turn, then for the capacity."""
        if self._turn is None:
            self._turn = asyncio.Lock()
        async with self._turn:  # asyncio.Lock wakes its waiters first come, first served
            await super().acquire(amount)


class FairRateLimiter(AIORateLimiter):
    """``AIORateLimiter`` whose overall limit is a :class:`FairLimiter`.

    The overall bucket is the one every message to a chat passes; PTB builds it in its
    constructor (``_base_limiter``), so it is replaced right after.
    """

    def __init__(self, *, overall_max_rate: float = 30, max_retries: int = RATE_LIMIT_RETRIES):
        super().__init__(overall_max_rate=overall_max_rate, max_retries=max_retries)
        if overall_max_rate:
            self._base_limiter = FairLimiter(max_rate=overall_max_rate, time_period=1)
