"""The tests' clocks: a fixed one and one that moves a second per reading."""

from __future__ import annotations

import datetime as dt
from typing import Any

TODAY = dt.date(2026, 11, 23)
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


class Clock:
    """A clock the test moves by hand (``step`` seconds pass at each reading too).

    Args:
        start: The first reading (default: 23 November 2026, 09:00 UTC).
        step: Seconds added after every reading (0: a fixed clock).
    """

    def __init__(self, start: dt.datetime = NOW, *, step: float = 0.0) -> None:
        self.now = start
        self.step = dt.timedelta(seconds=step)

    def __call__(self) -> dt.datetime:
        moment = self.now
        self.now = self.now + self.step
        return moment

    def advance(self, **delta: Any) -> dt.datetime:
        """Moves time forward by ``timedelta(**delta)`` and returns the new now."""
        self.now += dt.timedelta(**delta)
        return self.now


class Ids:
    """Application ids in order (``app-1``, ``app-2`` …), so tests can name them."""

    def __init__(self, prefix: str = "app") -> None:
        self.prefix = prefix
        self.count = 0

    def __call__(self) -> str:
        self.count += 1
        return f"{self.prefix}-{self.count}"
