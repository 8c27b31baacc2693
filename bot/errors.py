"""The bot package's exception root and the application layer's refusals."""


class BotError(Exception):
    """Root of every error raised by the bot package (configuration, use cases, channels).

    The text is one Swedish line a channel can show as it is.
    """


class ConfigError(BotError):
    """The configuration (environment or .env) is invalid; the text names the variable."""


class NotFound(BotError):
    """An application, entry or question that does not exist (or is not the person's)."""


class Refused(BotError):
    """A request the application layer will not carry out; the text says why.

    Attributes:
        about: Which part of the request is refused (``status``, ``fields``, ``comment``),
            so a channel can name its own flag or word for it; None for the whole.
    """

    def __init__(self, text: str = "", *, about: str | None = None) -> None:
        super().__init__(text)
        self.about = about
