"""Who may do what: roles from the settings, and a polite refusal for everyone else."""

from __future__ import annotations

import enum
import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from bot.telegram.runtime import runtime_of

log = logging.getLogger(__name__)

Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[Any]]


class Role(enum.Enum):
    """A privileged role; applicants need none."""

    COORDINATOR = "coordinator"
    STAFF = "staff"


REFUSALS = {
    Role.COORDINATOR: (
        "Tyvärr, det kommandot är bara för samordnaren av de sociala investeringsmedlen. "
        "Vill du pröva en idé? Skriv /start."
    ),
    Role.STAFF: (
        "Tyvärr, det kommandot är bara för personalen som sköter frågorna och svaren. "
        "Har du en fråga kan du skriva den direkt här."
    ),
}


def has_role(settings: Any, user_id: int | None, role: Role) -> bool:
    """Whether a Telegram user holds a role according to the settings."""
    if user_id is None:
        return False
    if role is Role.COORDINATOR:
        return user_id in settings.coordinator_user_ids
    return user_id in settings.staff_user_ids


def restricted(role: Role) -> Callable[[Handler], Handler]:
    """Decorates a handler so that only holders of ``role`` reach it; others get a refusal."""

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def guarded(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Any:
            user = update.effective_user
            settings = runtime_of(context).settings
            if not has_role(settings, user.id if user else None, role):
                log.info("refused %s to user %s", role.value, user.id if user else None)
                if update.callback_query is not None:
                    await update.callback_query.answer(REFUSALS[role], show_alert=True)
                elif update.effective_chat is not None:
                    await update.effective_chat.send_message(REFUSALS[role])
                return None
            return await handler(update, context)

        return guarded

    return decorate
