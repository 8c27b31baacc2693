"""The error handler: log the traceback first, then tell the person, answers kept."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Chat, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.telegram.runtime import RUNTIME_KEY, telegram_user_id
from storage.behind import DraftNotSaved

log = logging.getLogger(__name__)

SOMETHING_WENT_WRONG = (
    "Något gick fel hos mig, förlåt. Dina svar är sparade – försök igen om en stund, "
    "eller skriv /start för att fortsätta där du var."
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


DRAFT_NOT_SAVED = "Förlåt – ditt senaste svar kunde inte sparas ({reason})."
ASKED_AGAIN = "Jag fortsätter från ditt senast sparade svar, så svara gärna på den här frågan igen:"
TRY_LATER = "Försök igen om en stund: skriv /start så fortsätter du från ditt senast sparade svar."


def on_draft_not_saved(application: Any, error: DraftNotSaved) -> None:
    """A draft written behind the dialog failed: log it with its traceback, and tell the
    person when their newest answer was lost, asking again from what is saved."""
    log.error("draft write failed: %s", error, exc_info=(type(error), error, error.__traceback__))
    chat_id = telegram_user_id(error.user)
    if error.latest and chat_id is not None:
        runtime = application.bot_data[RUNTIME_KEY]
        reason = str(error.__cause__ or error)
        runtime.spawn(
            _ask_again(application, runtime, error.user, chat_id, reason),
            name=f"idebot:draft-not-saved:{chat_id}",
        )


async def _ask_again(application: Any, runtime: Any, user: str, chat_id: int, reason: str) -> None:
    from bot.telegram.sending import send_replies
    from dialogs.replies import Message
    from dialogs.texts import RESUMED

    notice = DRAFT_NOT_SAVED.format(reason=reason)
    try:
        replies = await runtime.call(runtime.service.start, user, ask_resume=False)
        if replies and isinstance(replies[0], Message) and replies[0].text == RESUMED:
            replies = replies[1:]  # the "welcome back" gives way to why it is asked again
        notice = f"{notice} {ASKED_AGAIN}"
    except Exception as failure:  # the store cannot even be read: say so, ask nothing
        log.error("could not read the saved draft of %s: %s", user, failure)
        replies = []
        notice = f"{notice} {TRY_LATER}"
    chat = Chat(chat_id, Chat.PRIVATE)
    chat.set_bot(application.bot)
    try:
        await send_replies(chat, application.chat_data[chat_id], [Message(notice), *replies])
    except TelegramError:
        log.warning("could not tell chat %s that an answer was not saved", chat_id)
