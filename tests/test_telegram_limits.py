"""The bot's rate limit serves messages in the order they were asked for."""

from __future__ import annotations

import asyncio
import itertools
import random

from aiolimiter import AsyncLimiter

from bot.telegram import build_application
from bot.telegram.limits import FairLimiter
from tests.telegram_fakes import make_settings


async def _served_out_of_turn(limiter: AsyncLimiter, *, people: int = 12, rounds: int = 15) -> int:
    """How often somebody was served before a person who had asked earlier.

    Everybody asks again a moment after each grant (people answering back to back: the
    next message comes when a handler is done, at no particular instant), so new askers
    keep arriving while others wait for capacity.
    """
    rng = random.Random(14)
    tickets = itertools.count()
    waiting: set[int] = set()
    overtaken = 0

    async def keep_asking() -> None:
        nonlocal overtaken
        for _ in range(rounds):
            ticket = next(tickets)
            waiting.add(ticket)
            await limiter.acquire()
            waiting.discard(ticket)
            overtaken += any(earlier < ticket for earlier in waiting)
            await asyncio.sleep(rng.uniform(0, 0.004))

    await asyncio.gather(*(keep_asking() for _ in range(people)))
    return overtaken


async def test_nobody_is_served_before_a_person_who_asked_earlier():
    assert await _served_out_of_turn(FairLimiter(max_rate=1, time_period=0.002)) == 0


async def test_the_bots_overall_rate_limit_is_the_fair_one(tmp_path):
    app = build_application(make_settings(tmp_path / "data"), outbox_interval=None)
    try:
        overall = app.bot.rate_limiter._base_limiter  # the limit every chat message passes
        assert isinstance(overall, FairLimiter)
        assert overall.max_rate == 30 and overall.time_period == 1  # Telegram's 30/s
    finally:
        app.bot_data["idebot_runtime"].close()
