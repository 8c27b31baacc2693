"""Coordinators in Telegram: the inbox, one application in full, and status changes.

Each handler makes one call of the application (``bot.core.Idebot``) and shows the result;
the applicant hears of a status change through the outbox (see ``bot.telegram.outbox``).
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.records import (
    applicant_of,
    document_filename,
    history_lines,
    status_line,
    summary_lines,
    title_of,
)
from bot.errors import NotFound, Refused
from bot.telegram.access import Role, restricted
from bot.telegram.render import counted
from bot.telegram.runtime import runtime_of, user_key
from bot.telegram.sending import send_text
from bot.telegram.status_command import STATUS_USAGE, parse_status_command

log = logging.getLogger(__name__)

INBOX_LIMIT = 30


@restricted(Role.COORDINATOR)
async def on_inkorg(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/inkorg``: submitted applications, newest first, with status."""
    runtime = runtime_of(context)
    apps = await runtime.call(runtime.core.inbox)
    if not apps:
        await update.effective_chat.send_message("Inkorgen är tom: inga idéer har skickats in.")
        return
    lines = [f"Inkorgen ({counted(len(apps), 'idé', 'idéer')}, nyast först):"]
    for number, app in enumerate(apps[:INBOX_LIMIT], start=1):
        lines.append(
            f"{number}. ”{title_of(app)}” – {applicant_of(app)}\n"
            f"   {status_line(app)}\n"
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
    try:
        app = await runtime.call(runtime.core.application, context.args[0])
        document = await runtime.call(runtime.core.document, context.args[0])
    except NotFound as missing:
        await update.effective_chat.send_message(f"{missing} Se /inkorg.")
        return
    fund_name = runtime.core.coordination.fund_name(app.get("fund"))
    lines = summary_lines(app, heading="Ansökan", fund_name=fund_name)
    history = history_lines(app)
    if history:
        lines += ["Historik:", *history]
    await send_text(update.effective_chat, "\n".join(lines))
    await update.effective_chat.send_document(document, filename=document_filename(app))


@restricted(Role.COORDINATOR)
async def on_status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/status ID STATUS [fält,fält] [kommentar]``: changes status, tells the applicant."""
    runtime = runtime_of(context)
    chat = update.effective_chat
    try:
        request = parse_status_command(context.args or [])
        changed = await runtime.call(
            runtime.core.change_status,
            request.application_id,
            request.status,
            by=user_key(update.effective_user.id),
            fields=request.fields,
            comment=request.comment,
        )
    except NotFound as missing:
        await chat.send_message(f"{missing} Se /inkorg.")
        return
    except Refused as refused:
        await chat.send_message(f"{refused}\n\n{STATUS_USAGE}")
        return
    if runtime.outbox is not None:
        runtime.outbox.wake()
    await chat.send_message(changed.summary())
