"""``idebot telegram [--webhook URL]``: runs the Telegram bot.

Long polling by default. With ``--webhook https://host/path`` the bot listens for
Telegram's calls behind an HTTPS reverse proxy: on ``IDEBOT_WEBHOOK_LISTEN`` (default
``0.0.0.0``) and ``IDEBOT_WEBHOOK_PORT`` (default 8080), at the URL's path, and checks
``IDEBOT_WEBHOOK_SECRET`` when set. ``TELEGRAM_API_BASE_URL`` points the bot at a
self-hosted Bot API server or a local fake.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
from urllib.parse import urlparse

from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError

from bot.errors import BotError, ConfigError
from bot.settings import Settings
from bot.telegram import build_application
from storage import os_reason

DEFAULT_LISTEN = "0.0.0.0"
DEFAULT_PORT = 8080
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}", re.ASCII)


def webhook_options(url: str, environ: dict[str, str] | None = None) -> dict[str, object]:
    """The keyword arguments of ``Application.run_webhook`` for a public URL.

    Raises:
        ConfigError: for a URL that is not https or a port that is not a number.
    """
    env = os.environ if environ is None else environ
    parsed = urlparse(url)
    if parsed.scheme != "https" or not parsed.netloc:
        raise ConfigError(f"--webhook: en https-adress väntades, fick {url!r}")
    raw_port = env.get("IDEBOT_WEBHOOK_PORT", str(DEFAULT_PORT))
    try:
        port = int(raw_port)
    except ValueError:
        raise ConfigError(
            f"IDEBOT_WEBHOOK_PORT: ett portnummer väntades, fick {raw_port!r}"
        ) from None
    if not 0 < port < 65536:
        raise ConfigError(f"IDEBOT_WEBHOOK_PORT: ett portnummer väntades, fick {raw_port!r}")
    secret = env.get("IDEBOT_WEBHOOK_SECRET") or None
    if secret is not None and not SECRET_PATTERN.fullmatch(secret):
        # Telegram would refuse setWebhook with 400 at start-up; say so in advance.
        raise ConfigError(
            "IDEBOT_WEBHOOK_SECRET: 1–256 tecken av A–Z, a–z, 0–9, _ och - väntades "
            "(Telegrams krav på secret_token)"
        )
    return {
        "listen": env.get("IDEBOT_WEBHOOK_LISTEN", DEFAULT_LISTEN),
        "port": port,
        "url_path": parsed.path.lstrip("/"),
        "webhook_url": url,
        "secret_token": secret,
    }


class _StartupFailureWithoutTraceback(logging.Filter):
    """Logs a start-up failure Telegram reports (bad token, unreachable, refused) in one line.

    python-telegram-bot logs a failed start-up with the traceback and then raises; the
    raise is reported as one Swedish line (exit 2), so the traceback would only bury it.
    Any other error keeps its traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, TelegramError) and "Bootstrap" in record.getMessage():
            record.exc_info = None
            record.exc_text = None
        return True


def run(args: argparse.Namespace, *, settings: Settings) -> int:
    """Starts the bot and blocks until it is stopped (Ctrl-C / SIGTERM)."""
    if not settings.telegram_bot_token:
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN saknas: ange botens token (från @BotFather) i miljön eller .env"
        )
    options = webhook_options(args.webhook) if getattr(args, "webhook", None) else None
    # Opt in to PTB 23's timedelta durations now (no deprecation warnings; both handled).
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per API call otherwise
    for handler in logging.getLogger().handlers:
        handler.addFilter(_StartupFailureWithoutTraceback())

    from telegram import Update

    application = build_application(settings, webhook=options is not None)
    try:
        if options is None:
            application.run_polling(allowed_updates=Update.ALL_TYPES)
        else:
            application.run_webhook(allowed_updates=Update.ALL_TYPES, **options)
    except InvalidToken:
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN: Telegram godkänner inte den här token – kontrollera den "
            "hos @BotFather"
        ) from None
    except BadRequest as error:  # before NetworkError: PTB derives it from NetworkError
        # E.g. setWebhook refused ("bad webhook: …"): Telegram's own reason says why.
        raise BotError(f"Telegram vägrade starta boten: {error}") from None
    except NetworkError as error:
        # Only the start-up can fail like this; later PTB retries network errors itself.
        server = settings.telegram_api_base_url or "api.telegram.org"
        raise BotError(
            f"kan inte nå Telegram ({server}): {error}. Kontrollera nätverket"
            + (" och TELEGRAM_API_BASE_URL." if settings.telegram_api_base_url else ".")
        ) from None
    except TelegramError as error:
        raise BotError(f"Telegram vägrade starta boten: {error}") from None
    except OSError as error:
        if options is None:
            raise
        raise ConfigError(
            f"--webhook: kan inte lyssna på {options['listen']}:{options['port']}: "
            f"{os_reason(error)}. Välj en annan IDEBOT_WEBHOOK_PORT."
        ) from None
    return 0
