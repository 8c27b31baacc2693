"""The Telegram channel: applicants, coordinators and staff on python-telegram-bot 22.

Updates become calls of the application layer (``bot.core.Idebot``) and its results
become messages and keyboards; ``app`` wires it all (the only module here that opens the
store), ``concurrency`` handles chats concurrently and each chat in order, ``outbox``
sends the queued deliveries.
"""

from bot.telegram.access import Role, has_role
from bot.telegram.app import build_application
from bot.telegram.outbox import TelegramOutbox
from bot.telegram.runtime import RUNTIME_KEY, Runtime, user_key

__all__ = [
    "RUNTIME_KEY",
    "Role",
    "Runtime",
    "TelegramOutbox",
    "build_application",
    "has_role",
    "user_key",
]
