"""The Telegram sender of the outbox: applications to coordinator chats, notices to applicants.

A background task claims the due deliveries of the ``telegram`` channel (the claim is a
lease, so another bot process on the same store never sends the same one at the same
time), sends each and records the outcome through ``bot.core.Outbox``: delivered; tried
again later with backoff (network errors, 5xx, 429 after its ``retry_after``); or given
up for good when Telegram refuses for good (the person blocked the bot, the chat is
gone). Deliveries survive restarts: they live in the store.

Delivery is at least once, honestly: if Telegram accepted a message but its answer never
arrived (a lost connection, a timeout), the delivery is tried again. Every message names
its delivery id, and a delivery sent again says "(skickad igen)", so a coordinator can
tell a repeat from a new application.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from datetime import timedelta
from typing import Any

from telegram import Bot
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.core import ApplicationStatus, status_label
from bot.core.records import document_filename, short_title, summary_lines
from bot.periodic import PeriodicTask
from bot.telegram.render import MAX_CAPTION, split_text
from bot.telegram.runtime import Runtime
from bot.telegram.sending import ChatById, send_replies
from dialogs.replies import Message

log = logging.getLogger(__name__)

CHANNEL = frozenset({"telegram"})
HEADING = "Ny idé inskickad"
RESUBMITTED_HEADING = "Kompletterad idé inskickad igen"
AGAIN = " (skickad igen)"


class TelegramOutbox(PeriodicTask):
    """Sends due ``telegram`` deliveries; one instance per ``Application``.

    Args:
        runtime: The bot's runtime (the application's calls run on its threads).
        bot: The bot that sends.
        interval: Seconds between polls of the outbox when running as a task.
    """

    name = "idebot-outbox"

    def __init__(self, runtime: Runtime, bot: Bot, *, interval: float = 5.0) -> None:
        super().__init__(interval=interval)
        self.runtime = runtime
        self.bot = bot
        self._lock = asyncio.Lock()

    async def run_pass(self) -> object:
        """One pass of the background task (:class:`bot.periodic.PeriodicTask`)."""
        return await self.run_once()

    # -- one pass ----------------------------------------------------------------------

    async def run_once(self) -> int:
        """Attempts every due delivery once; returns how many were delivered."""
        async with self._lock:
            outbox = self.runtime.core.outbox
            due = await self.runtime.call(outbox.claim, CHANNEL)
            delivered = 0
            for delivery in due:
                delivered += await self._attempt(delivery)
            return delivered

    async def _attempt(self, delivery: dict[str, Any]) -> bool:
        runtime, outbox = self.runtime, self.runtime.core.outbox
        try:
            if delivery["kind"] == "application":
                await self._send_application(delivery)
            else:
                await self._send_notice(delivery)
        except RetryAfter as error:
            await runtime.call(outbox.retry, delivery, f"429: {error}", at_least=_seconds(error))
            return False
        except (Forbidden, BadRequest) as error:
            # The person blocked the bot, the chat is gone: sending again cannot help.
            await runtime.call(outbox.failed, delivery, f"{type(error).__name__}: {error}")
            return False
        except TelegramError as error:
            await runtime.call(outbox.retry, delivery, f"{type(error).__name__}: {error}")
            return False
        except Exception as error:
            # The delivery could not even be built (its application or document is missing).
            # It must not stop the ones after it; the log has the cause.
            log.exception("delivery %s could not be built", delivery["id"])
            await runtime.call(outbox.retry, delivery, f"{type(error).__name__}: {error}")
            return False
        await runtime.call(outbox.delivered, delivery)
        return True

    async def _send_application(self, delivery: dict[str, Any]) -> None:
        core = self.runtime.core
        app = await self.runtime.call(core.application, delivery["application_id"])
        document = await self.runtime.call(core.document, delivery["application_id"])
        heading = RESUBMITTED_HEADING if int(delivery.get("round") or 1) > 1 else HEADING
        if delivery.get("attempts"):
            heading += AGAIN
        fund_name = core.coordination.fund_name(app.get("fund"))
        lines = summary_lines(app, heading=heading, fund_name=fund_name)
        lines += [f"Visa: /ansokan {app['id']}", f"Leverans-id: {delivery['id']}"]
        text = "\n".join(lines)
        chat_id = int(delivery["target"])
        filename = document_filename(app)
        if len(text) <= MAX_CAPTION:
            await self.bot.send_document(chat_id, document, filename=filename, caption=text)
            return
        for chunk in split_text(text):
            await self.bot.send_message(chat_id, chunk)
        caption = f"Ansökan ”{short_title(app)}” som Word-dokument."
        await self.bot.send_document(chat_id, document, filename=filename, caption=caption)

    async def _send_notice(self, delivery: dict[str, Any]) -> None:
        payload = delivery.get("payload") or {}
        status = payload.get("status")
        text = f"Nytt besked om din idé ”{payload.get('title')}”: {status_label(status)}."
        if payload.get("fields"):
            text += f"\nDet gäller: {', '.join(payload['fields'])}."
        if payload.get("comment"):
            text += f"\nKommentar från samordnaren: {payload['comment']}"
        replies: list[Any] = [Message(text)]
        if status == ApplicationStatus.SUPPLEMENT.value:
            user = f"telegram:{delivery['target']}"
            replies += await self.runtime.call(self.runtime.core.current_question, user)
        chat = ChatById(self.bot, int(delivery["target"]))
        await send_replies(self.runtime, chat, replies)


def _seconds(error: RetryAfter) -> float:
    """The seconds Telegram asked us to wait, as int or timedelta (PTB 22 changes the type)."""
    with warnings.catch_warnings():
        # PTB 22.2+ warns that the attribute will become a timedelta; both are handled.
        warnings.simplefilter("ignore")
        value = error.retry_after
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value)
