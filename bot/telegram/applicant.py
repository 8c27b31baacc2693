"""Applicants: Telegram updates → dialog events, dialog replies → messages.

The flow itself lives in the dialog engine and its state in the store; this module only
translates. Commands are ASCII (Telegram allows nothing else), text goes to the dialog as
typed, and buttons carry option values (see :mod:`bot.telegram.render`).
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.telegram.applications import submitted_on, title_of
from bot.telegram.outbox import enqueue_resubmission
from bot.telegram.render import (
    Tag,
    answer_event,
    button_label,
    decode,
    selection,
    toggled,
)
from bot.telegram.runtime import Runtime, runtime_of, user_key
from bot.telegram.sending import ASKED_KEY, send_replies, send_text
from bot.telegram.status import status_label
from dialogs.events import Command, CommandInput, TextInput, command_of
from dialogs.replies import Ask, DocumentReply, Message
from dialogs.texts import WELCOME

log = logging.getLogger(__name__)


# The engine's commands an applicant can send; /start is handled separately.
DIALOG_COMMANDS = tuple(c for c in Command if c is not Command.START)

ERASE_YES = "yes"
ERASE_NO = "no"

TELEGRAM_HELP = (
    "Här i Telegram kan du också trycka på knapparna i stället för att skriva, "
    "se dina inskickade idéer med /mina och radera ditt utkast och dina sparade frågor "
    "med /radera (inskickade idéer finns kvar hos samordnaren)."
)
EDITED_MESSAGE = (
    "Jag ser att du ändrade ett meddelande, men ändringar kan jag inte läsa. Skriv svaret "
    "igen som ett nytt meddelande, eller gå tillbaka till en tidigare fråga med /tillbaka."
)
NOT_TEXT = (
    "Jag kan bara läsa text. Svara med text eller med knapparna – bilder, filer och "
    "röstmeddelanden sparas inte."
)
STALE_BUTTON = "Den frågan är redan besvarad – svara på den senaste frågan."


def privacy_text(runtime: Runtime) -> str:
    """What the Telegram channel stores and how to see or delete it (shown on /start)."""
    days = runtime.settings.draft_retention_days
    return (
        "Om dina uppgifter: jag sparar dina svar som ett utkast (så att du kan fortsätta "
        "senare), ditt Telegram-id, frågor jag inte kunde svara på och de idéer du skickar "
        f"in. Ett utkast som inte har rörts på {days} dagar raderas. /mina visar dina "
        "inskickade idéer och deras status. /radera tar bort ditt utkast och dina sparade "
        "frågor; idéer du redan har skickat in finns kvar hos samordnaren."
    )


async def _dialog(
    update: Update, context: ContextTypes.DEFAULT_TYPE, event: Any, *, extra: list | None = None
) -> None:
    runtime = runtime_of(context)
    key = user_key(update.effective_user.id)
    service = runtime.service
    # The engine's step runs right here: it is pure and quick, its draft read comes from
    # memory (or, the first time after a start, one small file), and its draft save is
    # written behind by the worker. Only a turn with effects (submitting renders the Word
    # file; logging a question) blocks on files, so that one is committed on the worker.
    turn = service.prepare(key, event)
    if not turn.has_effects:
        replies = service.commit(key, turn)
    else:
        replies = await runtime.call(service.commit, key, turn)
        # Only a submission (an effect) gives a document.
        documents = [r for r in replies if isinstance(r, DocumentReply)]
        for document in documents:
            # Queued before anything is sent: a failing send must not lose the delivery.
            await runtime.call(enqueue_resubmission, runtime, document.application_id)
        if documents and runtime.outbox is not None:
            runtime.outbox.wake()  # the coordinator should not wait for the next poll
    if extra:
        # Channel-specific lines go right before the question the dialog repeats.
        at = next((i for i, r in enumerate(replies) if isinstance(r, Ask)), len(replies))
        replies = [*replies[:at], *extra, *replies[at:]]
    if _welcomes(replies):
        # A dialog started by something other than /start (e.g. after /radera) is a
        # first contact too: say what is stored, as /start does.
        replies = [replies[0], Message(privacy_text(runtime)), *replies[1:]]
    await send_replies(update.effective_chat, context.chat_data, replies)


def _welcomes(replies: list[Any]) -> bool:
    """Whether the dialog's replies begin with its welcome (a new dialog has started)."""
    return bool(replies) and isinstance(replies[0], Message) and replies[0].text.startswith(WELCOME)


# -- handlers ---------------------------------------------------------------------------


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/start``: the welcome and what is stored, then the dialog (or resuming a draft)."""
    runtime = runtime_of(context)
    key = user_key(update.effective_user.id)
    replies = list(await runtime.call(runtime.service.start, key))
    # The engine greets and explains the idéprövning; the channel adds what it stores,
    # right after the greeting so that both arrive as one message.
    at = 1 if replies and isinstance(replies[0], Message) else 0
    replies.insert(at, Message(privacy_text(runtime)))
    await send_replies(update.effective_chat, context.chat_data, replies)


async def on_dialog_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/tillbaka``, ``/hoppa``, ``/sammanfattning``, ``/hjalp``, ``/avbryt``, ``/andra N``."""
    event = command_of(update.effective_message.text or "")
    if event is None:
        return
    event = CommandInput(event.name.split("@", 1)[0], event.argument)
    extra = [Message(TELEGRAM_HELP)] if event.command is Command.HELP else []
    await _dialog(update, context, event, extra=extra)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A typed answer or question: passed to the dialog exactly as typed."""
    await _dialog(update, context, TextInput(update.effective_message.text or ""))


async def on_edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edited message: not an answer (it may belong to an earlier question)."""
    await update.effective_chat.send_message(EDITED_MESSAGE)


async def on_not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo, sticker, voice message …: the dialog reads text only."""
    await update.effective_chat.send_message(NOT_TEXT)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A pressed answer button (choice, yes/no, multi-choice toggle or "Klar")."""
    query = update.callback_query
    press = decode(query.data or "")
    if press is None:
        await query.answer()
        return
    asked = context.chat_data.get(ASKED_KEY)
    if asked is not None and press.field_tag != asked:
        await query.answer(STALE_BUTTON)
        return
    markup = getattr(query.message, "reply_markup", None)  # None when inaccessible (old)
    if press.tag is Tag.TOGGLE:
        await query.answer()
        if markup is not None:
            await _edit_markup(query, toggled(markup, query.data))
        return
    if press.tag is Tag.DONE:
        if markup is None:
            await query.answer()
            return
        event, labels = selection(markup)
        chosen = ", ".join(labels) or "inget valt"
    else:
        event = answer_event(press)
        if event is None:
            await query.answer()
            return
        chosen = button_label(markup, query.data) or ""
    await query.answer()
    await _show_choice(query, chosen)
    await _dialog(update, context, event)


async def _edit_markup(query: Any, markup: InlineKeyboardMarkup) -> None:
    try:
        await query.edit_message_reply_markup(markup)
    except BadRequest as error:  # "message is not modified" after a double tap
        log.debug("keyboard not edited: %s", error)


async def _show_choice(query: Any, chosen: str) -> None:
    """Replaces the keyboard by the choice made, so the chat reads like a conversation."""
    text = getattr(query.message, "text", None)
    if not text:
        return
    try:
        await query.edit_message_text(f"{text}\n\n→ {chosen}")
    except BadRequest as error:
        log.debug("choice not shown: %s", error)


async def on_mina(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/mina``: the person's own applications with their status (never anyone else's)."""
    runtime = runtime_of(context)
    key = user_key(update.effective_user.id)
    apps = await runtime.call(runtime.store.list_applications, user=key)
    draft = await runtime.call(runtime.store.get_draft, key)
    lines: list[str] = []
    if apps:
        lines.append("Dina inskickade idéer:")
        for app in apps:
            lines.append(
                f"• ”{title_of(app)}” – {status_label(app.get('status'))} "
                f"(inskickad {submitted_on(app)})"
            )
            comment = _last_comment(app)
            if comment:
                lines.append(f"  Samordnarens kommentar: {comment}")
    else:
        lines.append("Du har inte skickat in någon idé ännu.")
    if draft:
        lines.append("\nDu har ett påbörjat utkast. Skriv /start för att fortsätta.")
    await send_text(update.effective_chat, "\n".join(lines))


def _last_comment(app: dict[str, Any]) -> str | None:
    for event in reversed(app.get("status_history") or []):
        if isinstance(event, dict) and event.get("comment"):
            return str(event["comment"])
    return None


async def on_radera(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/radera``: asks for confirmation before deleting drafts and personal data."""
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Ja, radera", callback_data=f"{Tag.ERASE}|{ERASE_YES}"),
                InlineKeyboardButton("Nej", callback_data=f"{Tag.ERASE}|{ERASE_NO}"),
            ]
        ]
    )
    await update.effective_chat.send_message(
        "Vill du att jag raderar ditt utkast och dina sparade frågor? Det går inte att ångra. "
        "Idéer du redan har skickat in finns kvar hos samordnaren.",
        reply_markup=markup,
    )


async def on_radera_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The answer to the ``/radera`` confirmation."""
    query = update.callback_query
    await query.answer()
    press = decode(query.data or "")
    if press is None or press.field_tag != ERASE_YES:
        await _show_choice(query, "Nej")
        await update.effective_chat.send_message("Inget raderades.")
        return
    await _show_choice(query, "Ja, radera")
    runtime = runtime_of(context)
    key = user_key(update.effective_user.id)
    counts = await runtime.call(runtime.store.delete_user_data, key)
    kept = await runtime.call(runtime.store.list_applications, user=key)
    context.chat_data.clear()
    context.user_data.clear()
    log.info("deleted personal data of %s: %s", key, counts)
    text = "Klart. Jag har raderat ditt utkast och dina sparade frågor."
    if kept:
        coordinator = runtime.fund.coordinator
        who = getattr(coordinator, "name", None) or "samordnaren"
        ideas = "Den idé" if len(kept) == 1 else f"De {len(kept)} idéer"
        text += (
            f" {ideas} du har skickat in finns kvar hos samordnaren – det är samordnarens "
            f"kopia av ansökan. Vill du att även den tas bort, kontakta {who}."
        )
    else:
        text += " Du hade inga inskickade idéer, så inget finns kvar hos samordnaren."
    await update.effective_chat.send_message(text)
