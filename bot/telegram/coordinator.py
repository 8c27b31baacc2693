"""Coordinators: the inbox, one application in full, and status changes.

``/status ID STATUS [kommentar]`` moves an application along; the applicant is told at
once, with the comment. For ``komplettering`` the word after the status names the fields
to complete, comma-separated without spaces, and the rest is the comment::

    /status AbC123 komplettering comparison_group,budget Beskriv jämförelsegruppen.

Those fields are reopened in the applicant's dialog (``DialogService.reopen``) and the
applicant is asked them again, then to submit the same application once more.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot.telegram.access import Role, restricted
from bot.telegram.applications import (
    applicant_of,
    coordinator_text,
    document_bytes,
    document_filename,
    fund_name,
    submitted_on,
    title_of,
)
from bot.telegram.render import counted
from bot.telegram.runtime import Runtime, runtime_of, telegram_user_id, user_key
from bot.telegram.sending import send_replies, send_text
from bot.telegram.status import ApplicationStatus, status_label
from bot.telegram.status_command import (
    STATUS_USAGE,
    StatusCommandError,
    field_labels,
    parse_status_command,
    reopenable_fields,
)
from dialogs.replies import Message
from storage.base import iso

log = logging.getLogger(__name__)

INBOX_LIMIT = 30


@restricted(Role.COORDINATOR)
async def on_inkorg(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/inkorg``: submitted applications, newest first, with status."""
    runtime = runtime_of(context)
    apps = await runtime.call(runtime.store.list_applications)
    if not apps:
        await update.effective_chat.send_message("Inkorgen är tom: inga idéer har skickats in.")
        return
    lines = [f"Inkorgen ({counted(len(apps), 'idé', 'idéer')}, nyast först):"]
    for number, app in enumerate(apps[:INBOX_LIMIT], start=1):
        lines.append(
            f"{number}. ”{title_of(app)}” – {applicant_of(app)}\n"
            f"   {status_label(app.get('status'))}, inskickad {submitted_on(app)}\n"
            f"   /ansokan {app['id']}"
        )
    if len(apps) > INBOX_LIMIT:
        lines.append(f"… och {len(apps) - INBOX_LIMIT} äldre.")
    await send_text(update.effective_chat, "\n".join(lines))


@restricted(Role.COORDINATOR)
async def on_ansokan(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/ansokan ID``: the application's details and its Word document."""
    runtime = runtime_of(context)
    if not context.args:
        await update.effective_chat.send_message("Ange ansökans id: /ansokan ID (se /inkorg).")
        return
    app = await runtime.call(runtime.store.get_application, context.args[0])
    if app is None:
        await update.effective_chat.send_message(_not_found(context.args[0]))
        return
    text = coordinator_text(runtime, app, heading="Ansökan")
    history = _history_lines(app)
    if history:
        text += "\nHistorik:\n" + "\n".join(history)
    await send_text(update.effective_chat, text)
    document = await runtime.call(document_bytes, runtime, app)
    await update.effective_chat.send_document(document, filename=document_filename(app))


def _history_lines(app: dict[str, Any]) -> list[str]:
    lines = []
    for event in app.get("status_history") or []:
        if not isinstance(event, dict):
            continue
        line = f"• {str(event.get('at', ''))[:10]} {status_label(event.get('status'))}"
        if event.get("comment"):
            line += f": {event['comment']}"
        lines.append(line)
    return lines


def _not_found(application_id: str) -> str:
    return f"Jag hittar ingen ansökan med id ”{application_id}”. Se /inkorg."


@restricted(Role.COORDINATOR)
async def on_status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/status ID STATUS [fält,fält] [kommentar]``: changes status, tells the applicant."""
    runtime = runtime_of(context)
    chat = update.effective_chat
    try:
        application_id, status, fields, comment = parse_status_command(
            context.args or [], reopenable_fields(getattr(runtime.service, "flow", None))
        )
    except StatusCommandError as error:
        await chat.send_message(f"{error}\n\n{STATUS_USAGE}")
        return
    app = await runtime.call(runtime.store.get_application, application_id)
    if app is None:
        await chat.send_message(_not_found(application_id))
        return
    fund = app.get("fund") or runtime.settings.fund
    asked = reopenable_fields(getattr(runtime.service, "flow", None), fund)
    not_asked = [f for f in fields if f not in asked]
    if not_asked:
        await chat.send_message(
            f"Fältet ”{', '.join(not_asked)}” frågas inte i dialogen för "
            f"{fund_name(runtime, fund)}, så det går inte att komplettera. "
            "Fält som går: " + ", ".join(asked)
        )
        return
    event = {
        "status": status.value,
        "by": user_key(update.effective_user.id),
        "at": iso(runtime.clock()),
        "comment": comment or None,
    }
    if fields:
        event["fields"] = fields
    await runtime.call(runtime.store.add_status_event, application_id, event)
    dialog_replies: list[Any] = []
    if status is ApplicationStatus.SUPPLEMENT:
        result = await runtime.call(runtime.service.reopen, application_id, fields, comment)
        dialog_replies = list(result) if isinstance(result, list | tuple) else []
    told = await notify_applicant(
        runtime,
        context,
        app,
        status,
        comment,
        dialog_replies=dialog_replies,
        fields=field_labels(getattr(runtime.service, "flow", None), fields),
    )
    reply = f"Status för ”{title_of(app)}” är nu: {status.label}."
    if fields:
        reply += f" Fälten {', '.join(fields)} är öppnade igen i sökandens dialog."
    reply += " Sökanden har fått besked." if told else f" {_NOT_TOLD}"
    await chat.send_message(reply)


_NOT_TOLD = (
    "Sökanden kunde inte få besked i Telegram (idén skickades in via en annan kanal, "
    "eller så har personen stoppat boten) – kontakta hen direkt."
)


async def notify_applicant(
    runtime: Runtime,
    context: ContextTypes.DEFAULT_TYPE,
    app: dict[str, Any],
    status: ApplicationStatus,
    comment: str,
    *,
    dialog_replies: list[Any],
    fields: list[str] | None = None,
) -> bool:
    """Tells the applicant of a status change; False when they cannot be reached.

    ``fields`` are the Swedish names of the fields to complete (komplettering).
    """
    chat_id = telegram_user_id(str(app.get("user", "")))
    if chat_id is None:
        return False
    headline = f"Nytt besked om din idé ”{title_of(app)}”: {status.label}."
    if fields:
        headline += f"\nDet gäller: {', '.join(fields)}."
    if dialog_replies:
        # The reopened dialog says what to complete, with the comment, then asks.
        replies = [Message(headline), *dialog_replies]
    else:
        text = headline
        if comment:
            text += f"\nKommentar från samordnaren: {comment}"
        if status is ApplicationStatus.SUPPLEMENT:
            text += "\nSamordnaren vill att du kompletterar några uppgifter. Skriv /start."
        replies = [Message(text)]
    try:
        chat = _PrivateChat(context, chat_id)
        chat_data = context.application.chat_data[chat_id]
        await send_replies(chat, chat_data, replies)
    except Forbidden:
        log.warning("applicant %s has blocked the bot", chat_id)
        return False
    except TelegramError:
        log.exception("could not notify applicant %s", chat_id)
        return False
    return True


class _PrivateChat:
    """The part of ``telegram.Chat`` that ``send_replies`` uses, for a chat known by id."""

    def __init__(self, context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
        self._bot = context.bot
        self.id = chat_id

    async def send_message(self, text: str, **kwargs: Any) -> Any:
        return await self._bot.send_message(self.id, text, **kwargs)

    async def send_document(self, document: Any, **kwargs: Any) -> Any:
        return await self._bot.send_document(self.id, document, **kwargs)
