"""Wiring: one python-telegram-bot ``Application`` with every handler, the outbox workers
(Telegram, and e-mail when an SMTP server is set), the rate limiter and the error
handler. No flow lives here.

Handler groups: group -1 holds the staff FAQ dialog, which answers a staff member's text
while they edit an entry and stops the update there; group 0 holds everything else. The
applicant dialog is NOT a ``ConversationHandler`` and there is no ``PicklePersistence``:
the dialog engine owns the flow and the store owns the state.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from typing import Any

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.core import Idebot
from bot.errors import ConfigError
from bot.mail import MailSender, MailWorker
from bot.settings import Settings
from bot.telegram import applicant, coordinator, staff
from bot.telegram.concurrency import RUNNING, HandledUpdates, PerChatUpdateProcessor
from bot.telegram.errors import on_error
from bot.telegram.inbox import KeptUpdates, forget
from bot.telegram.limits import RATE_LIMIT_RETRIES, FairRateLimiter
from bot.telegram.outbox import TelegramOutbox
from bot.telegram.render import Tag
from bot.telegram.runtime import RUNTIME_KEY, Runtime
from storage import Store, open_store

log = logging.getLogger(__name__)

# Drafts and logged questions past their retention are deleted this often (seconds).
PURGE_INTERVAL = 3600.0

APPLICANT_COMMANDS = [
    ("start", "Pröva en idé (eller fortsätt)"),
    ("tillbaka", "Föregående fråga"),
    ("hoppa", "Hoppa över frågan"),
    ("sammanfattning", "Dina svar och bedömningen hittills"),
    ("hjalp", "Hjälp"),
    ("avbryt", "Avbryt (utkastet sparas)"),
    ("mina", "Mina inskickade idéer"),
    ("radera", "Radera mitt utkast och mina uppgifter"),
]
COORDINATOR_COMMANDS = [
    ("inkorg", "Inskickade idéer, nyast först"),
    ("ansokan", "Visa en ansökan: /ansokan ID"),
    ("status", "Ändra status: /status ID STATUS [kommentar]"),
]
STAFF_COMMANDS = [
    ("faq_lista", "Alla FAQ-poster"),
    ("faq_ny", "Ny FAQ-post"),
    ("faq_andra", "Ändra en post: /faq_andra ID"),
    ("faq_ta_bort", "Ta bort en post: /faq_ta_bort ID"),
    ("obesvarade", "Frågor jag inte kunde svara på"),
]

STAFF_GROUP = -1
MAIN_GROUP = 0


def default_rate_limiter() -> BaseRateLimiter:
    """Telegram's documented limits (30 messages/s overall, 20/min per group), served first
    come, first served (``bot.telegram.limits``).

    A 429 is retried twice after the ``retry_after`` Telegram names; after that it
    reaches the caller: the outbox reschedules its delivery persistently, and an answer
    to a person fails into the error handler (the draft is already saved).
    """
    return FairRateLimiter(max_retries=RATE_LIMIT_RETRIES)


def api_urls(server: str) -> tuple[str, str]:
    """The Bot API and file base URLs of a server given as ``TELEGRAM_API_BASE_URL``.

    ``http://localhost:8081`` (a self-hosted Bot API server) becomes
    ``http://localhost:8081/bot`` and ``http://localhost:8081/file/bot``; a URL that
    already ends in ``/bot`` or contains ``{token}`` is used as it is.
    """
    base = server.strip().rstrip("/")
    if "{token}" in base:
        return base, base.replace("/bot{token}", "/file/bot{token}")
    if base.endswith("/bot"):
        return base, base.removesuffix("/bot") + "/file/bot"
    return f"{base}/bot", f"{base}/file/bot"


def build_application(
    settings: Settings,
    *,
    core: Idebot | None = None,
    store: Store | None = None,
    request: BaseRequest | None = None,
    clock: Any = None,
    rate_limiter: BaseRateLimiter | None = None,
    outbox_interval: float | None = 5.0,
    running: int = RUNNING,
    webhook: bool = False,
) -> Application:
    """Builds the bot's ``Application`` (nothing is sent before it is initialised).

    Args:
        settings: Token, API base URL, role ids, data folder, fund.
        core: The application layer; default: built on ``store``.
        store: The store; default ``storage.open_store(settings)`` (closed at shutdown
            when opened here).
        request: The HTTP layer (tests pass an offline one); used for updates too.
        clock: Returns the current UTC time (default: the real clock).
        rate_limiter: Default :func:`default_rate_limiter`.
        outbox_interval: Seconds between outbox polls (Telegram, and e-mail when an SMTP
            server is set); None runs no background tasks (tests drive
            ``runtime.outbox.run_once()`` themselves).
        running: How many updates are handled at the same time (each chat in order).
        webhook: Answer each webhook call only once its update is handled
            (``HandledUpdates``), so several processes can serve the same chats.

    Raises:
        ConfigError: without a token.
    """
    if not settings.telegram_bot_token:
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN saknas: ange botens token (från @BotFather) i miljön eller .env"
        )
    owned = None
    if core is None:
        owned = store = store or open_store(settings)
        try:
            core = Idebot(settings=settings, store=store, clock=clock)
        except BaseException:
            store.close()
            raise
    runtime = Runtime(core)
    # The e-mail sender runs beside the Telegram outbox when an SMTP server is set.
    mail = (
        MailWorker(MailSender(core), runtime.call, interval=outbox_interval or 5.0)
        if settings.mail_enabled
        else None
    )

    builder = ApplicationBuilder().token(settings.telegram_bot_token)
    if settings.telegram_api_base_url:
        base_url, base_file_url = api_urls(settings.telegram_api_base_url)
        builder = builder.base_url(base_url).base_file_url(base_file_url)
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    builder = builder.rate_limiter(rate_limiter or default_rate_limiter())
    # Each chat's updates in order, chats at once. Long polling keeps every update in the
    # store before Telegram is told it arrived and forgets it once handled
    # (bot.telegram.inbox); a webhook call is answered only once its update is handled, so
    # Telegram keeps it until then (HandledUpdates: several processes on one database).
    queue: KeptUpdates | HandledUpdates
    if webhook:
        queue = HandledUpdates()
        handled = queue.done
    else:
        queue = KeptUpdates()
        queue.runtime = runtime
        handled = functools.partial(forget, runtime)
    builder = builder.update_queue(queue)
    builder = builder.concurrent_updates(PerChatUpdateProcessor(running, handled=handled))

    async def post_init(app: Application) -> None:
        # Called by run_polling/run_webhook only (not by initialize()). The FAQ index is
        # built now, on a thread, not at the first question.
        await runtime.call(lambda: core.knowledge.faq.warm_up())
        if isinstance(queue, KeptUpdates):
            await queue.replay(app.bot)  # what was received before a crash, handled first
        await _set_commands(app, settings)
        if outbox_interval is not None:
            runtime.outbox.start()
            if mail is not None:
                mail.start()
            runtime.spawn(_purge_periodically(runtime), name="idebot-purge")

    async def stop_background() -> None:
        if isinstance(queue, HandledUpdates):
            queue.abandon()
        await runtime.outbox.stop()
        if mail is not None:
            await mail.stop()
        for task in list(runtime.tasks):
            task.cancel()
        await runtime.settle()

    async def post_stop(app: Application) -> None:
        await stop_background()

    async def post_shutdown(app: Application) -> None:
        # post_stop is skipped when the start-up fails after post_init (e.g. the webhook
        # port is taken): the background tasks are stopped here too (a no-op when stopped).
        await stop_background()
        runtime.close()
        if owned is not None:
            owned.close()

    builder = builder.post_init(post_init).post_stop(post_stop).post_shutdown(post_shutdown)
    application = builder.build()
    application.bot_data[RUNTIME_KEY] = runtime
    runtime.outbox = TelegramOutbox(runtime, application.bot, interval=outbox_interval or 5.0)
    add_handlers(application)
    return application


async def _purge_periodically(runtime: Runtime) -> None:
    """Deletes drafts and logged questions past their retention, at start and hourly."""
    while True:
        try:
            counts = await runtime.call(runtime.core.purge)
        except Exception:  # personal data past retention: the failure must be seen
            log.exception("retention purge failed; tried again in an hour")
        else:
            if any(counts.values()):
                log.info("retention: %s", counts)
        await asyncio.sleep(PURGE_INTERVAL)


def add_handlers(application: Application) -> None:
    """Registers every handler (see the module docstring for the groups).

    Only NEW messages are answers: an edited message would otherwise be taken as the
    answer to whatever question is open now, so edits get an explanation instead.
    """
    add = application.add_handler
    new = filters.UpdateType.MESSAGE
    settings = application.bot_data[RUNTIME_KEY].settings

    # Only staff reach the FAQ dialog's handler (nobody when none is set).
    staff_text = filters.User(settings.staff_user_ids) & filters.TEXT & new
    add(MessageHandler(staff_text, staff.on_message), group=STAFF_GROUP)

    # The applicant's dialog lives in private chats only (not in the coordinators' group).
    # A coordinator group's chatter is ignored.
    private_chat = filters.ChatType.PRIVATE
    private = private_chat & new
    add(MessageHandler(filters.TEXT & ~filters.COMMAND & private, applicant.on_text))
    add(CommandHandler("start", applicant.on_start, filters=private))
    dialog_commands = [c.value for c in applicant.DIALOG_COMMANDS]
    add(CommandHandler(dialog_commands, applicant.on_dialog_command, filters=private))
    add(CommandHandler("mina", applicant.on_mina, filters=private))
    add(CommandHandler("radera", applicant.on_radera, filters=private))
    add(CommandHandler("inkorg", coordinator.on_inkorg, filters=new))
    add(CommandHandler("ansokan", coordinator.on_ansokan, filters=new))
    add(CommandHandler("status", coordinator.on_status, filters=new))
    add(CommandHandler("faq_lista", staff.on_faq_lista, filters=new))
    add(CommandHandler("faq_ny", staff.on_faq_ny, filters=new))
    add(CommandHandler("faq_andra", staff.on_faq_andra, filters=new))
    add(CommandHandler("faq_ta_bort", staff.on_faq_ta_bort, filters=new))
    add(CommandHandler("obesvarade", staff.on_obesvarade, filters=new))
    add(CallbackQueryHandler(applicant.on_radera_button, pattern=rf"^{Tag.ERASE}\|"))
    add(CallbackQueryHandler(staff.on_faq_delete_button, pattern=rf"^{Tag.FAQ}\|"))
    add(CallbackQueryHandler(applicant.on_button))
    add(MessageHandler(filters.COMMAND & private, applicant.on_dialog_command))
    add(MessageHandler(filters.UpdateType.EDITED_MESSAGE & private_chat, applicant.on_edited))
    add(MessageHandler(private & ~filters.TEXT, applicant.on_not_text))
    application.add_error_handler(on_error)


async def _set_commands(app: Application, settings: Settings) -> None:
    """Shows each role its commands in Telegram's menu (best effort)."""
    try:
        await app.bot.set_my_commands(
            [BotCommand(n, d) for n, d in APPLICANT_COMMANDS], scope=BotCommandScopeDefault()
        )
        for user_id in {*settings.coordinator_user_ids, *settings.staff_user_ids}:
            commands = list(APPLICANT_COMMANDS)
            if user_id in settings.coordinator_user_ids:
                commands += COORDINATOR_COMMANDS
            if user_id in settings.staff_user_ids:
                commands += STAFF_COMMANDS
            await app.bot.set_my_commands(
                [BotCommand(n, d) for n, d in commands], scope=BotCommandScopeChat(user_id)
            )
    except TelegramError as error:
        # The menu is a convenience; the bot works without it.
        log.warning("could not set the command menu: %s", error)
