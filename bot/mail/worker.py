"""The e-mail sender as a background task of a long-running process (the Telegram bot).

Every few seconds (or at once when woken) one pass of :class:`MailSender` runs on the
process's threads, beside the Telegram outbox: SMTP blocks, so it never runs on the
event loop. A pass that fails (the store, say) is logged and the next one comes anyway.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.mail.sender import MailSender
from bot.periodic import PeriodicTask

log = logging.getLogger(__name__)

INTERVAL = 5.0


class MailWorker(PeriodicTask):
    """Runs :meth:`MailSender.run_once` in the background.

    Args:
        sender: The sender.
        call: Runs a blocking function off the event loop (``Runtime.call``).
        interval: Seconds between passes.
    """

    name = "idebot-mail"

    def __init__(
        self,
        sender: MailSender,
        call: Callable[..., Awaitable[Any]],
        *,
        interval: float = INTERVAL,
    ) -> None:
        super().__init__(interval=interval)
        self.sender = sender
        self.call = call

    async def run_pass(self) -> object:
        """One pass of the sender on the process's threads (SMTP blocks)."""
        return await self.call(self.sender.run_once)
