"""The error handler: log the traceback first, then tell the person, answers kept."""

from __future__ import annotations

import logging
import secrets

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

log = logging.getLogger(__name__)

SOMETHING_WENT_WRONG = (
    "Något gick fel hos mig, förlåt (felkod {reference}). Dina tidigare svar finns kvar – "
    "försök igen om en stund, eller skriv /start för att fortsätta där du var."
)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Logs an error raised by a handler and tells the affected chat, if there is one.

    Every answer is saved before the bot replies, so an error loses at most the input
    in flight, which the person can simply send again. The person sees a fixed message
    with a reference the log shows beside the traceback, never the error itself.
    """
    error = context.error
    reference = secrets.token_hex(4)
    log.error(
        "handler error [%s] for update %s",
        reference,
        update.update_id if isinstance(update, Update) else update,
        exc_info=(type(error), error, error.__traceback__) if error else None,
    )
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()
        await update.effective_chat.send_message(SOMETHING_WENT_WRONG.format(reference=reference))
    except TelegramError:
        # Telegram itself is failing; the log above already holds the cause.
        log.warning("could not tell chat %s about the error", update.effective_chat.id)
