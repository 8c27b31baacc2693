"""The error handler: log the traceback first, then tell the person, answers kept."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.telegram.runtime import RUNTIME_KEY, telegram_user_id
from storage.behind import DraftNotSaved

log = logging.getLogger(__name__)

SOMETHING_WENT_WRONG = (
    "Något gick fel hos mig, förlåt. Dina tidigare svar finns kvar – försök igen om en "
    "stund, eller skriv /start för att fortsätta där du var."
)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Logs an error raised by a handler and tells the affected chat, if there is one.

    The dialog keeps every answer before the bot replies (its file is written right
    behind, see :func:`on_draft_not_saved`), so an error after that point loses nothing;
    one before it loses only the answer in flight, which the person can simply send again.
    """
    error = context.error
    log.error(
        "handler error for update %s",
        update.update_id if isinstance(update, Update) else update,
        exc_info=(type(error), error, error.__traceback__) if error else None,
    )
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()
        await update.effective_chat.send_message(SOMETHING_WENT_WRONG)
    except TelegramError:
        # Telegram itself is failing; the log above already holds the cause.
        log.warning("could not tell chat %s about the error", update.effective_chat.id)


DRAFT_NOT_SAVED = (
    "Förlåt – jag kan inte spara dina svar just nu. Du kan fortsätta svara: jag har dem kvar "
    "och sparar dem så snart det går igen. Skulle jag startas om innan dess kan de senaste "
    "svaren behöva fyllas i igen."
)


def on_draft_not_saved(application: Any, error: DraftNotSaved) -> None:
    """A draft written behind the dialog failed: log it with its traceback; when no retry
    is left, tell the person once (their answers are kept in memory and the dialog goes on).
    """
    exc_info = (type(error), error, error.__traceback__)
    if not error.final:
        log.warning("draft write failed, will try again: %s", error, exc_info=exc_info)
        return
    log.error("draft write failed: %s", error, exc_info=exc_info)
    chat_id = telegram_user_id(error.user)
    if error.first and chat_id is not None:
        runtime = application.bot_data[RUNTIME_KEY]
        runtime.spawn(_tell(application, chat_id), name=f"idebot:draft-not-saved:{chat_id}")


async def _tell(application: Any, chat_id: int) -> None:
    try:
        await application.bot.send_message(chat_id, DRAFT_NOT_SAVED)
    except TelegramError:
        log.warning("could not tell chat %s that its answers are not saved", chat_id)
