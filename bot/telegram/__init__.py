"""The Telegram channel: applicants, coordinators and staff on python-telegram-bot 22."""

from bot.telegram.access import Role, has_role
from bot.telegram.app import build_application
from bot.telegram.outbox import OutboxWorker
from bot.telegram.runtime import RUNTIME_KEY, Runtime, telegram_user_id, user_key
from bot.telegram.status import ApplicationStatus

__all__ = [
    "RUNTIME_KEY",
    "ApplicationStatus",
    "OutboxWorker",
    "Role",
    "Runtime",
    "build_application",
    "has_role",
    "telegram_user_id",
    "user_key",
]
