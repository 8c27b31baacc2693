"""Bot: the channels (Telegram, console), their wiring and the command line."""

from bot.errors import BotError, ConfigError

__all__ = ["BotError", "ConfigError"]
