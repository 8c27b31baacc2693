"""Applicants: Telegram updates → one call of the application → messages and keyboards.

The flow lives in the dialog engine and its state in the store; this module only
translates. Commands are ASCII (Telegram allows nothing else), text goes to the dialog as
typed, and buttons carry option values with the dialog turn they were shown in (see
:mod:`bot.telegram.render`). Each input passes its update id, so an update Telegram
delivers again after a crash is applied once.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.core.records import last_comment, short_title, submitted_on, title_of
from bot.core.status import status_label
from bot.telegram.render import Tag, answer_event, button_label, decode, selection, toggled
from bot.telegram.runtime import Runtime, runtime_of, staff_key, user_key
from bot.telegram.sending import send_replies, send_text
from dialogs.events import Command, CommandInput, TextInput, command_of
from dialogs.replies import Ask, DocumentReply, Message, Welcome

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


def with_privacy(runtime: Runtime, replies: list[Any]) -> list[Any]:
    """A new dialog is a first contact: what is stored comes right after the welcome."""
    at = next((i + 1 for i, r in enumerate(replies) if isinstance(r, Welcome)), None)
    if at is None:
        return replies
    return [*replies[:at], Message(privacy_text(runtime)), *replies[at:]]


async def _dialog(
    update: Update, context: ContextTypes.DEFAULT_TYPE, event: Any, *, extra: list | None = None
) -> None:
    runtime = runtime_of(context)
    key = user_key(update.effective_user.id)
    replies = await runtime.call(runtime.core.handle, key, event, update=update.update_id)
    if any(isinstance(r, DocumentReply) for r in replies) and runtime.outbox is not None:
        runtime.outbox.wake()  # the coordinators should not wait for the next poll
    if extra:
        # Channel-specific lines go right before the question the dialog repeats.
        at = next((i for i, r in enumerate(replies) if isinstance(r, Ask)), len(replies))
        replies = [*replies[:at], *extra, *replies[at:]]
    await send_replies(runtime, update.effective_chat, with_privacy(runtime, replies))


# -- handlers ---------------------------------------------------------------------------


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/start``: the welcome and what is stored, then the dialog (or resuming a draft)."""
    runtime = runtime_of(context)
    key = user_key(update.effective_user.id)
    replies = await runtime.call(runtime.core.start, key)
    if not any(isinstance(r, Welcome) for r in replies):
        replies = [Message(privacy_text(runtime)), *replies]
    await send_replies(runtime, update.effective_chat, with_privacy(runtime, replies))


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
    """A pressed answer button (choice, yes/no, multi-choice toggle or "Klar").

    The dialog itself refuses a button of an earlier turn (it says so and asks the
    current question again).
    """
    query = update.callback_query
    press = decode(query.data or "")
    markup = getattr(query.message, "reply_markup", None)  # None when inaccessible (old)
    if press is None or (press.tag is Tag.DONE and markup is None):
        await query.answer()
        return
    if press.tag is Tag.TOGGLE:
        await query.answer()
        if markup is not None:
            await _edit_markup(query, toggled(markup, query.data))
        return
    if press.tag is Tag.DONE:
        event, labels = selection(markup, press.turn)
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
    mine = await runtime.call(runtime.core.my_applications, user_key(update.effective_user.id))
    lines: list[str] = []
    if mine.applications:
        lines.append("Dina inskickade idéer:")
        for app in mine.applications:
            lines.append(
                f"• ”{title_of(app)}” – {status_label(app.get('status'))} "
                f"(inskickad {submitted_on(app)})"
            )
            comment = last_comment(app)
            if comment:
                lines.append(f"  Samordnarens kommentar: {comment}")
    else:
        lines.append("Du har inte skickat in någon idé ännu.")
    if mine.has_draft:
        lines.append("\nDu har ett påbörjat utkast. Skriv /start för att fortsätta.")
    await send_text(update.effective_chat, "\n".join(lines))


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
    text = (
        "Vill du att jag raderar ditt utkast och dina sparade frågor? Det går inte att ångra. "
        "Idéer du redan har skickat in finns kvar hos samordnaren."
    )
    runtime = runtime_of(context)
    completing = await runtime.call(
        runtime.core.supplement_in_progress, user_key(update.effective_user.id)
    )
    if completing is not None:
        # The komplettering lives only in the draft: deleting it leaves the request open.
        text += (
            f"\n\nObs! Du håller på att komplettera ”{short_title(completing)}”. Kompletteringen "
            "raderas också, och samordnaren får den inte; då får du be samordnaren om en ny."
        )
    await update.effective_chat.send_message(text, reply_markup=markup)


async def on_radera_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The answer to the ``/radera`` confirmation."""
    query = update.callback_query
    await query.answer()
    press = decode(query.data or "")
    if press is None or press.key != ERASE_YES:
        await _show_choice(query, "Nej")
        await update.effective_chat.send_message("Inget raderades.")
        return
    await _show_choice(query, "Ja, radera")
    runtime = runtime_of(context)
    key = user_key(update.effective_user.id)
    # A staff member's unfinished FAQ edit is theirs too.
    related = (staff_key(update.effective_user.id),)
    deleted = await runtime.call(runtime.core.delete_my_data, key, related=related)
    context.chat_data.clear()
    context.user_data.clear()
    log.info("deleted personal data of %s", key)
    text = "Klart. Jag har raderat ditt utkast och dina sparade frågor."
    if deleted.kept:
        coordinator = runtime.core.fund.coordinator
        who = getattr(coordinator, "name", None) or "samordnaren"
        ideas = "Den idé" if len(deleted.kept) == 1 else f"De {len(deleted.kept)} idéer"
        text += (
            f" {ideas} du har skickat in finns kvar hos samordnaren – det är samordnarens "
            f"kopia av ansökan. Vill du att även den tas bort, kontakta {who}."
        )
    else:
        text += " Du hade inga inskickade idéer, så inget finns kvar hos samordnaren."
    await update.effective_chat.send_message(text)
