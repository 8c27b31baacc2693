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
from urllib.parse import urlparse

from bot.errors import ConfigError
from bot.settings import Settings

DEFAULT_LISTEN = "0.0.0.0"
DEFAULT_PORT = 8080


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
    return {
        "listen": env.get("IDEBOT_WEBHOOK_LISTEN", DEFAULT_LISTEN),
        "port": port,
        "url_path": parsed.path.lstrip("/"),
        "webhook_url": url,
        "secret_token": env.get("IDEBOT_WEBHOOK_SECRET") or None,
    }


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

    from telegram import Update

    from bot.telegram import build_application

    application = build_application(settings)
    if options is None:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
    else:
        application.run_webhook(allowed_updates=Update.ALL_TYPES, **options)
    return 0
