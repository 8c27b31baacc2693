"""Wiring: one python-telegram-bot ``Application`` with every handler, the outbox worker,
the rate limiter and the error handler. No flow lives here.

Handler groups: group -1 holds the staff FAQ dialog, which answers a staff member's text
while they edit an entry and stops the update there; group 0 holds everything else. The
applicant dialog is NOT a ``ConversationHandler`` and there is no ``PicklePersistence``:
the dialog engine owns the flow and the store owns the state.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    Chat,
    MessageEntity,
    Update,
)
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.settings import Settings
from bot.telegram import applicant, coordinator, staff
from bot.telegram.errors import on_draft_not_saved, on_error
from bot.telegram.outbox import OutboxWorker
from bot.telegram.render import Tag
from bot.telegram.runtime import RUNTIME_KEY, Runtime, utc_now
from bot.telegram.worker import IoWorker
from storage.behind import WriteBehind

log = logging.getLogger(__name__)

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


RATE_LIMIT_RETRIES = 2


def default_rate_limiter() -> BaseRateLimiter:
    """Telegram's documented limits (30 messages/s overall, 20/min per group).

    A 429 is retried twice after the ``retry_after`` Telegram names; after that it
    reaches the caller: the outbox reschedules its delivery persistently, and an answer
    to a person fails into the error handler (the draft is already saved).
    """
    return AIORateLimiter(max_retries=RATE_LIMIT_RETRIES)


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
    store: Any = None,
    knowledge: Any = None,
    request: BaseRequest | None = None,
    service: Any = None,
    clock: Any = None,
    rate_limiter: BaseRateLimiter | None = None,
    outbox_interval: float | None = 5.0,
) -> Application:
    """Builds the bot's ``Application`` (nothing is sent before it is initialised).

    Args:
        settings: Token, API base URL, role ids, data dir, fund.
        store: A ``storage.Store``; default: ``storage.open_store(settings)`` (closed on
            shutdown when opened here).
        knowledge: The ``KnowledgeBase``; default: ``load_knowledge(data_dir=...)``.
        request: The HTTP layer (tests pass an offline one); used for updates too.
        service: The ``dialogs.DialogService``; default: built from the above.
        clock: Returns the current UTC time (default: the real clock).
        rate_limiter: Default :func:`default_rate_limiter`.
        outbox_interval: Seconds between outbox polls; None runs no background worker
            (tests drive ``runtime.outbox.run_once()`` themselves).

    Raises:
        ConfigError: without a token.
    """
    from bot.errors import ConfigError

    if not settings.telegram_bot_token:
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN saknas: ange botens token (från @BotFather) i miljön eller .env"
        )
    owns_store = store is None
    if knowledge is None:
        from knowledge.base import load_knowledge

        knowledge = load_knowledge(data_dir=settings.data_dir)
    knowledge.fund(settings.fund, source="IDEBOT_FUND")  # fail early on a bad fund id
    if store is None:
        from storage import open_store

        store = open_store(settings)
    clock = clock or utc_now
    worker = IoWorker()
    # Drafts saved by a dialog step on the event loop are written behind it, by the
    # worker; every other store call runs on the worker (see storage.behind).
    drafts = WriteBehind(store, post=worker.post, clock=clock)
    if service is None:
        from dialogs import DialogService

        service = DialogService(knowledge=knowledge, store=drafts, settings=settings, clock=clock)
    runtime = Runtime(
        settings=settings, store=drafts, knowledge=knowledge, service=service, worker=worker
    )
    runtime.clock = clock

    builder = ApplicationBuilder().token(settings.telegram_bot_token)
    if settings.telegram_api_base_url:
        base_url, base_file_url = api_urls(settings.telegram_api_base_url)
        builder = builder.base_url(base_url).base_file_url(base_file_url)
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    builder = builder.rate_limiter(rate_limiter or default_rate_limiter())

    async def post_init(app: Application) -> None:
        # Called by run_polling/run_webhook only (not by initialize()).
        # The FAQ index is built now, on the worker, not at the first question (which
        # is answered on the event loop).
        if knowledge.faq is not None:
            await runtime.call(knowledge.faq.warm_up)
        await _set_commands(app, settings)
        if outbox_interval is not None:
            runtime.outbox.start()

    async def post_stop(app: Application) -> None:
        if runtime.outbox is not None:
            await runtime.outbox.stop()
        # Drafts still being written (a failed one tried once more at once rather than
        # after its delay), and any notice a failed write owes a person.
        drafts.retry_now()
        await runtime.settle()

    async def post_shutdown(app: Application) -> None:
        # post_stop is skipped when the start-up fails after post_init (e.g. the webhook
        # port is taken): the outbox task is stopped here too (a no-op when stopped).
        await runtime.outbox.stop()
        runtime.close()
        if unsaved := drafts.pending():
            log.error("%d draft(s) could not be written before the bot stopped", unsaved)
        if owns_store:
            store.close()

    builder = builder.post_init(post_init).post_stop(post_stop).post_shutdown(post_shutdown)
    application = builder.build()
    application.bot_data[RUNTIME_KEY] = runtime
    drafts.on_failed = functools.partial(on_draft_not_saved, application)
    runtime.outbox = OutboxWorker(runtime, application.bot, interval=outbox_interval or 5.0)
    add_handlers(application)
    return application


def add_handlers(application: Application) -> None:
    """Registers every handler (see the module docstring for the groups).

    Only NEW messages are answers: an edited message would otherwise be taken as the
    answer to whatever question is open now, so edits get an explanation instead.
    """
    add = application.add_handler
    new = filters.UpdateType.MESSAGE

    # Only staff reach the FAQ dialog's handler (nobody when none set): one handler and
    # one filter, as everybody's text passes this group first.
    staff_ids = runtime_settings(application).staff_user_ids
    staff_text = NewText("staff text", users=staff_ids, commands=True)
    add(MessageHandler(staff_text, staff.on_message), group=STAFF_GROUP)

    # The applicant's dialog lives in private chats only (not in the coordinators' group).
    # Typed answers are the most frequent update, so their handler is checked first; its
    # filter excludes commands, buttons and edits, so no handler below is shadowed.
    # A coordinator group's chatter is ignored.
    private_chat = filters.ChatType.PRIVATE
    private = private_chat & new
    add(MessageHandler(NewText("private text", private=True), applicant.on_text))
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


class NewText(filters.UpdateFilter):
    """``TEXT & ~COMMAND & UpdateType.MESSAGE`` (optionally also ``ChatType.PRIVATE``,
    ``User(users)``, or commands too) in one call.

    Typed text is the most frequent update and every handler's filter runs on it; PTB
    evaluates a combined filter one Python call per part, so this checks the same
    things directly.

    Args:
        name: The filter's name (shown in logs).
        private: Only private chats.
        users: Only messages from these user ids (None: from anybody).
        commands: Commands too (``/avbryt``), not only plain text.
    """

    __slots__ = ("_commands", "_private", "_users")

    def __init__(
        self, name: str, *, private: bool = False, users: Any = None, commands: bool = False
    ) -> None:
        super().__init__(name=name)
        self._private = private
        self._users = None if users is None else frozenset(users)
        self._commands = commands

    def filter(self, update: Update) -> bool:
        message = update.message  # new messages only; edits arrive as edited_message
        if message is None or not message.text:
            return False
        if self._users is not None:
            sender = message.from_user
            if sender is None or sender.id not in self._users:
                return False
        if self._private and message.chat.type != Chat.PRIVATE:
            return False
        if self._commands:
            return True
        entities = message.entities
        first = entities[0] if entities else None
        return not (first and first.type == MessageEntity.BOT_COMMAND and first.offset == 0)


def runtime_settings(application: Application) -> Settings:
    """The settings of the runtime stored in an application."""
    return application.bot_data[RUNTIME_KEY].settings


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
