"""The bot package's exception root."""


class BotError(Exception):
    """Root of every error raised by the bot package (configuration, channels)."""


class ConfigError(BotError):
    """The configuration (environment or .env) is invalid; the text names the variable."""
