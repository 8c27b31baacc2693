"""Every update is kept in the store before Telegram is told it arrived, until handled.

python-telegram-bot confirms the updates it fetched on its next ``getUpdates`` call (long
polling), and a webhook answers 200 once the update is queued — both before the update
is handled. A bot killed in between lost those updates: the person got no reply at all.
Here the update queue keeps each update in the store's inbox before it accepts it (so
before the next ``getUpdates`` and before the webhook's 200), the processor forgets it
once handled, and a start puts the updates still kept back into the queue first.

An update handled but killed before it was forgotten comes back once more: the dialog
ignores an update id it has handled (``bot.core.dialog``), other commands answer twice.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import Update

log = logging.getLogger(__name__)


class KeptUpdates(asyncio.Queue):
    """The Application's update queue, keeping each update in the store first.

    ``runtime`` is set by the wiring (``bot.telegram.app``) once it exists; the store's
    blocking calls run on its threads.
    """

    def __init__(self) -> None:
        super().__init__()
        self.runtime: Any = None  # set by the wiring once the runtime exists

    async def put(self, item: Any) -> None:
        if isinstance(item, Update) and self.runtime is not None:
            store = self.runtime.core.store
            await self.runtime.call(store.inbox_add, item.update_id, item.to_dict())
        await super().put(item)

    async def replay(self, bot: Any) -> int:
        """Puts the updates kept from before the start back into the queue; returns how many."""
        kept = await self.runtime.call(self.runtime.core.store.inbox_pending)
        for data in kept:
            await super().put(Update.de_json(data, bot))
        if kept:
            log.warning("%d update(s) received before the last stop are handled now", len(kept))
        return len(kept)


async def forget(runtime: Any, update: object) -> None:
    """Forgets a handled update (called by the processor after its handlers ran)."""
    if isinstance(update, Update):
        await runtime.call(runtime.core.store.inbox_done, update.update_id)
