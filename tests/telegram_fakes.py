"""An offline Telegram: a ``BaseRequest`` that records every Bot API call and answers it.

The bot under test is a real python-telegram-bot ``Application``; only the HTTP layer is
replaced. The fake keeps a small model of the chats (every message the bot sent, with its
current text and inline keyboard, edits included), so a test can press a button the bot
really showed. It never touches the network: any URL outside the configured base raises,
and it can be told to fail the next calls like Telegram does (network error, 5xx, 429).
"""

from __future__ import annotations

import asyncio
import enum
import itertools
import json
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from telegram import Bot, Update
from telegram.error import NetworkError
from telegram.request import BaseRequest, RequestData

BOT_ID = 7000000001
BOT_USERNAME = "idebot_test_bot"
TOKEN = f"{BOT_ID}:TEST-TOKEN"
BASE_URL = "https://fake.telegram.invalid/bot"
BASE_FILE_URL = "https://fake.telegram.invalid/file/bot"


class Failure(enum.Enum):
    """How a simulated call fails."""

    NETWORK = "network"  # the connection broke
    SERVER = "server"  # HTTP 500 from Telegram
    BAD_GATEWAY = "bad_gateway"  # HTTP 502
    RETRY_AFTER = "retry_after"  # HTTP 429 with parameters.retry_after
    FORBIDDEN = "forbidden"  # HTTP 403: the person blocked the bot


@dataclass
class Call:
    """One recorded Bot API call."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    failed: Failure | None = None

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None


@dataclass
class _Pending:
    failure: Failure
    methods: frozenset[str] | None
    retry_after: int
    after: int = 0  # matching calls to let through first


class FakeTelegram(BaseRequest):
    """A recording, answering, failure-injecting stand-in for Telegram's HTTP API."""

    def __init__(self, *, latency: float = 0.0) -> None:
        self.latency = latency  # seconds each call takes, as Telegram's round trip would
        self.in_flight = 0
        self.most_in_flight = 0  # the most calls waiting for an answer at the same time
        self.calls: list[Call] = []
        self.rejected: list[tuple[str, str]] = []  # calls Telegram would refuse (400)
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._pending: deque[_Pending] = deque()
        self._ids = itertools.count(1)
        self._update_ids = itertools.count(1)

    # -- BaseRequest -------------------------------------------------------------------

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        if not (url.startswith(BASE_URL) or url.startswith(BASE_FILE_URL)):
            raise AssertionError(f"real network use attempted: {method} {url}")
        api_method = url.rsplit("/", 1)[-1]
        params = request_data.json_parameters if request_data else {}
        files: dict[str, tuple[str, bytes]] = {}
        if request_data is not None and request_data.contains_files:
            for name, (filename, content, _mime) in request_data.multipart_data.items():
                data = content if isinstance(content, bytes) else content.read()
                files[name] = (filename, data)
        call = self.record(api_method, params, files)
        if self.latency:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            try:
                await asyncio.sleep(self.latency)
            finally:
                self.in_flight -= 1
        return self.answer(call)

    def record(
        self, api_method: str, json_params: dict[str, str], files: dict[str, tuple[str, bytes]]
    ) -> Call:
        """Records one call as the bot sent it (parameters as PTB encodes them)."""
        call = Call(api_method, _decode(json_params), files)
        self.calls.append(call)
        return call

    def answer(self, call: Call) -> tuple[int, bytes]:
        """Telegram's answer to a recorded call: a simulated failure, a refusal, or the result."""
        pending = self._take_failure(call.method)
        if pending is not None:
            call.failed = pending.failure
            return self._fail(pending)
        problem = rejection(call.method, call.params)
        if problem is not None:
            # What Telegram answers; also kept, since the bot may catch a BadRequest.
            self.rejected.append((call.method, problem))
            body = {"ok": False, "error_code": 400, "description": f"Bad Request: {problem}"}
            return 400, json.dumps(body).encode()
        result = self._answer(call.method, call.params, call.files)
        return 200, json.dumps({"ok": True, "result": result}).encode()

    # -- failure injection -------------------------------------------------------------

    def fail_next(
        self,
        count: int = 1,
        failure: Failure = Failure.NETWORK,
        *,
        methods: set[str] | None = None,
        retry_after: int = 1,
        after: int = 0,
    ) -> None:
        """Makes the next ``count`` calls (of ``methods``, or any) fail with ``failure``,
        after letting ``after`` such calls succeed."""
        for _ in range(count):
            self._pending.append(
                _Pending(failure, frozenset(methods) if methods else None, retry_after, after)
            )

    def _take_failure(self, api_method: str) -> _Pending | None:
        for pending in self._pending:
            if pending.methods is None or api_method in pending.methods:
                if pending.after > 0:
                    pending.after -= 1
                    return None
                self._pending.remove(pending)
                return pending
        return None

    @staticmethod
    def _fail(pending: _Pending) -> tuple[int, bytes]:
        if pending.failure is Failure.NETWORK:
            raise NetworkError("simulated: connection reset by peer")
        if pending.failure is Failure.RETRY_AFTER:
            body = {
                "ok": False,
                "error_code": 429,
                "description": f"Too Many Requests: retry after {pending.retry_after}",
                "parameters": {"retry_after": pending.retry_after},
            }
            return 429, json.dumps(body).encode()
        if pending.failure is Failure.FORBIDDEN:
            body = {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked"}
            return 403, json.dumps(body).encode()
        code = 502 if pending.failure is Failure.BAD_GATEWAY else 500
        body = {"ok": False, "error_code": code, "description": "Internal Server Error"}
        return code, json.dumps(body).encode()

    # -- answers -----------------------------------------------------------------------

    def _answer(self, api_method: str, params: dict[str, Any], files: dict) -> Any:
        if api_method == "getMe":
            return {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "Idébot",
                "username": BOT_USERNAME,
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
            }
        if api_method == "getUpdates":
            return []
        if api_method == "sendMessage":
            return self._store_message(params, {"text": params["text"]})
        if api_method == "sendDocument":
            filename, data = files.get("document", (params.get("document", "file"), b""))
            extra: dict[str, Any] = {
                "document": {
                    "file_id": f"doc{next(self._ids)}",
                    "file_unique_id": f"u{next(self._ids)}",
                    "file_name": filename,
                    "file_size": len(data),
                }
            }
            if "caption" in params:
                extra["caption"] = params["caption"]
            return self._store_message(params, extra)
        if api_method in ("editMessageText", "editMessageReplyMarkup"):
            key = (int(params["chat_id"]), int(params["message_id"]))
            message = self.messages[key]
            if "text" in params:
                message["text"] = params["text"]
            if "reply_markup" in params:
                message["reply_markup"] = params["reply_markup"]
            else:
                message.pop("reply_markup", None)
            message["edit_date"] = int(time.time())
            return message
        return True

    def _store_message(self, params: dict[str, Any], content: dict[str, Any]) -> dict:
        chat_id = int(params["chat_id"])
        message = {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "chat": _chat(chat_id),
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Idébot"},
            **content,
        }
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        self.messages[(chat_id, message["message_id"])] = message
        return message

    # -- queries for tests -------------------------------------------------------------

    def of(self, method: str, chat_id: int | None = None) -> list[Call]:
        """Successful calls of one API method (to one chat)."""
        return [
            c
            for c in self.calls
            if c.method == method and c.failed is None and (chat_id is None or c.chat_id == chat_id)
        ]

    def texts(self, chat_id: int) -> list[str]:
        """Every text the bot sent to a chat (messages and captions), in order."""
        out = []
        for call in self.calls:
            if call.failed is None and call.chat_id == chat_id:
                if call.method == "sendMessage":
                    out.append(call.params["text"])
                elif call.method == "sendDocument" and "caption" in call.params:
                    out.append(call.params["caption"])
        return out

    def documents(self, chat_id: int) -> list[tuple[str, bytes]]:
        """The (file name, bytes) of every document the bot sent to a chat."""
        return [c.files["document"] for c in self.of("sendDocument", chat_id)]

    def last_keyboard_message(self, chat_id: int) -> dict[str, Any]:
        """The newest message in a chat that still carries an inline keyboard."""
        candidates = [
            m
            for (chat, _), m in list(self.messages.items())
            if chat == chat_id and m.get("reply_markup", {}).get("inline_keyboard")
        ]
        if not candidates:
            raise AssertionError(f"no message with buttons in chat {chat_id}")
        return max(candidates, key=lambda m: m["message_id"])

    def last_message(self, chat_id: int) -> dict[str, Any] | None:
        """The newest message the bot sent to a chat (with its current keyboard)."""
        # list() copies in one step, so a server thread adding a message cannot break it.
        mine = [m for (chat, _), m in list(self.messages.items()) if chat == chat_id]
        return max(mine, key=lambda m: m["message_id"]) if mine else None

    def buttons(self, chat_id: int) -> list[dict[str, str]]:
        """The buttons of the newest keyboard in a chat, row by row flattened."""
        markup = self.last_keyboard_message(chat_id)["reply_markup"]
        return [button for row in markup["inline_keyboard"] for button in row]

    def mark(self) -> int:
        """A position in the call log; pass it to ``since``."""
        return len(self.calls)

    def since(self, mark: int, chat_id: int | None = None) -> list[Call]:
        """Successful calls after ``mark`` (to one chat)."""
        return [
            c
            for c in self.calls[mark:]
            if c.failed is None and (chat_id is None or c.chat_id == chat_id)
        ]

    # -- incoming updates --------------------------------------------------------------

    def text_update(self, bot: Bot, user_id: int, text: str, *, chat_id: int | None = None):
        """An ``Update`` for a text (or ``/command args``) a person typed."""
        return Update.de_json(self.text_update_data(user_id, text, chat_id=chat_id), bot)

    def text_update_data(self, user_id: int, text: str, *, chat_id: int | None = None) -> dict:
        """The JSON Telegram sends for a text a person typed."""
        chat = chat_id if chat_id is not None else user_id
        message: dict[str, Any] = {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "chat": _chat(chat),
            "from": _user(user_id),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return {"update_id": next(self._update_ids), "message": message}

    def edited_update(self, bot: Bot, user_id: int, text: str):
        """An ``Update`` for a person editing an earlier message of theirs to ``text``."""
        message = {
            "message_id": next(self._ids),
            "date": int(time.time()) - 60,
            "edit_date": int(time.time()),
            "chat": _chat(user_id),
            "from": _user(user_id),
            "text": text,
        }
        return Update.de_json({"update_id": next(self._update_ids), "edited_message": message}, bot)

    def sticker_update(self, bot: Bot, user_id: int):
        """An ``Update`` for a sticker (no text at all)."""
        message = {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "chat": _chat(user_id),
            "from": _user(user_id),
            "sticker": {
                "file_id": "s1",
                "file_unique_id": "u1",
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
            },
        }
        return Update.de_json({"update_id": next(self._update_ids), "message": message}, bot)

    def press_update(
        self,
        bot: Bot,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        message_id: int | None = None,
    ):
        """An ``Update`` for pressing the button labelled ``text`` on the newest keyboard
        (or on the message ``message_id``).

        The label may be a prefix of the button's text (e.g. "Barn" for "✅ Barn och unga")
        after stripping a check mark.
        """
        data = self.press_update_data(user_id, text, chat_id=chat_id, message_id=message_id)
        return Update.de_json(data, bot)

    def press_update_data(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        message_id: int | None = None,
    ) -> dict:
        """The JSON Telegram sends for pressing a button (see :meth:`press_update`)."""
        chat = chat_id if chat_id is not None else user_id
        if message_id is None:
            message = self.last_keyboard_message(chat)
        else:
            message = self.messages[(chat, message_id)]
        button = _find_button(message, text)
        return {
            "update_id": next(self._update_ids),
            "callback_query": {
                "id": str(next(self._ids)),
                "from": _user(user_id),
                "chat_instance": str(chat),
                "message": json.loads(json.dumps(message)),
                "data": button["callback_data"],
            },
        }


def _find_button(message: dict[str, Any], text: str) -> dict[str, str]:
    buttons = [b for row in message["reply_markup"]["inline_keyboard"] for b in row]
    for button in buttons:
        if button["text"] == text:
            return button
    for button in buttons:
        label = button["text"].lstrip("✅☐ ").strip()
        if label.lower().startswith(text.lower()):
            return button
    raise AssertionError(f"no button {text!r} in {[b['text'] for b in buttons]}")


MAX_TEXT = 4096  # characters of a message
MAX_CAPTION = 1024  # characters of a document's caption
MAX_CALLBACK_DATA = 64  # bytes of a button's callback_data
MAX_CALLBACK_ANSWER = 200  # characters of an answerCallbackQuery notification
TEXT_METHODS = ("sendMessage", "editMessageText")


def rejection(api_method: str, params: dict[str, Any]) -> str | None:
    """Why Telegram would refuse a call with 400 Bad Request (or misread it), or None.

    Checks the limits the bot must respect: text and caption lengths, callback_data of
    at most 64 bytes, non-empty button texts; and that no ``parse_mode`` is sent (the bot
    sends plain text, so user text with ``*`` or ``<`` can never break a message).
    """
    if "parse_mode" in params:
        return f"parse_mode {params['parse_mode']!r} sent; the bot sends plain text"
    if api_method in TEXT_METHODS and not 0 < len(params.get("text", "")) <= MAX_TEXT:
        return f"message text must be 1-{MAX_TEXT} characters, got {len(params.get('text', ''))}"
    if len(params.get("caption") or "") > MAX_CAPTION:
        return f"message caption is too long ({len(params['caption'])} > {MAX_CAPTION})"
    if api_method == "answerCallbackQuery" and len(params.get("text") or "") > MAX_CALLBACK_ANSWER:
        return f"callback answer text is too long ({len(params['text'])})"
    markup = params.get("reply_markup") or {}
    for row in markup.get("inline_keyboard") or []:
        for button in row:
            data = button.get("callback_data", "")
            if not 0 < len(data.encode("utf-8")) <= MAX_CALLBACK_DATA:
                return f"BUTTON_DATA_INVALID: {data!r}"
            if not button.get("text"):
                return "BUTTON_TEXT_EMPTY"
    return None


def _decode(json_params: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in json_params.items():
        if name in ("reply_markup", "entities", "caption_entities", "commands"):
            out[name] = json.loads(value)
        else:
            out[name] = value
    return out


def _chat(chat_id: int) -> dict[str, Any]:
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": f"Person {chat_id}"}
    return {"id": chat_id, "type": "group", "title": f"Grupp {chat_id}"}


def _user(user_id: int) -> dict[str, Any]:
    return {
        "id": user_id,
        "is_bot": False,
        "first_name": f"Person {user_id}",
        "language_code": "sv",
    }


# -- a running bot --------------------------------------------------------------------

API_SERVER = "https://fake.telegram.invalid"
COORDINATOR_CHAT = -1001234567
COORDINATOR = 555
STAFF = 777


class SteppingClock:
    """A controllable UTC clock: ``now()`` stays put until ``advance`` moves it."""

    def __init__(self, start: Any = None) -> None:
        from datetime import UTC, datetime

        self.now_value = start or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> Any:
        return self.now_value

    def advance(self, **delta: float) -> None:
        from datetime import timedelta

        self.now_value += timedelta(**delta)


class Harness:
    """A real ``Application`` wired to a :class:`FakeTelegram`, plus typing/pressing helpers.

    Every error a handler raises is collected (``process_update`` would swallow it);
    :meth:`assert_no_errors` fails the test when there was one.
    """

    def __init__(self, app: Any, fake: FakeTelegram, errors: list[BaseException]) -> None:
        self.app = app
        self.fake = fake
        self.errors = errors

    @property
    def runtime(self) -> Any:
        from bot.telegram import RUNTIME_KEY

        return self.app.bot_data[RUNTIME_KEY]

    @property
    def store(self) -> Any:
        return self.runtime.core.store

    @property
    def core(self) -> Any:
        return self.runtime.core

    async def send(self, user_id: int, text: str, *, chat_id: int | None = None) -> list[Call]:
        """A person types ``text``; returns the successful calls the bot made to that chat.

        Waits for the bot's background work too, as a real person's next message,
        seconds later, would.
        """
        mark = self.fake.mark()
        update = self.fake.text_update(self.app.bot, user_id, text, chat_id=chat_id)
        await self.app.process_update(update)
        await self.runtime.settle()
        return self.fake.since(mark, chat_id if chat_id is not None else user_id)

    async def press(
        self,
        user_id: int,
        label: str,
        *,
        chat_id: int | None = None,
        message_id: int | None = None,
    ) -> list[Call]:
        """A person presses the button ``label`` on the newest keyboard in their chat
        (or on an older message of the chat, by id)."""
        mark = self.fake.mark()
        update = self.fake.press_update(
            self.app.bot, user_id, label, chat_id=chat_id, message_id=message_id
        )
        await self.app.process_update(update)
        await self.runtime.settle()
        return self.fake.since(mark, chat_id if chat_id is not None else user_id)

    def assert_no_errors(self) -> None:
        if self.errors:
            raise AssertionError(f"handler errors: {self.errors!r}") from self.errors[0]
        if self.fake.rejected:
            raise AssertionError(f"calls Telegram would refuse: {self.fake.rejected!r}")


def make_settings(data_dir: Any, **overrides: Any) -> Any:
    """Settings for a test bot: fake token and API server, one coordinator and one staff."""
    from bot.settings import load_settings

    values = {
        "telegram_bot_token": TOKEN,
        "telegram_api_base_url": API_SERVER,
        "data_dir": data_dir,
        "coordinator_chat_ids": [COORDINATOR_CHAT],
        "coordinator_user_ids": [COORDINATOR],
        "staff_user_ids": [STAFF],
    }
    values.update(overrides)
    return load_settings(**values)


async def start_harness(
    settings: Any,
    *,
    store: Any,
    fake: FakeTelegram | None = None,
    clock: Any = None,
    knowledge: Any = None,
) -> Harness:
    """Builds and initialises the bot (no background outbox task: tests drive it)."""
    from telegram.ext import AIORateLimiter

    from bot.core import Idebot
    from bot.telegram import build_application

    fake = fake or FakeTelegram()
    core = Idebot(settings=settings, store=store, knowledge=knowledge, clock=clock)
    app = build_application(
        settings,
        core=core,
        request=fake,
        # The real limiter class, with limits off so a test is not slowed to 30 msgs/s.
        rate_limiter=AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=0),
        outbox_interval=None,
    )
    errors: list[BaseException] = []

    async def collect(update: object, context: Any) -> None:
        errors.append(context.error)

    app.add_error_handler(collect)
    await app.initialize()
    return Harness(app, fake, errors)


def seed_application(
    store: Any,
    settings: Any,
    example: str,
    *,
    user: str,
    submitted_at: str = "2026-03-01T10:00:00.000000+00:00",
    enqueue: bool = True,
) -> dict[str, Any]:
    """Stores a submitted application made from an example answers file, with its .docx.

    For tests of what happens AFTER a submission (outbox, coordinator commands); the
    submission itself is tested through the dialog.
    """
    from knowledge.base import load_knowledge
    from knowledge.criteria import evaluate
    from storage import new_application_id
    from templates import render_application
    from tests.conftest import example_answers

    answers = example_answers(example)
    fund = load_knowledge().fund(answers.get("fund") or settings.fund)
    evaluation = evaluate(answers, fund)
    app_id = new_application_id()
    record = {
        "id": app_id,
        "user": user,
        "fund": fund.id,
        "answers": answers,
        "findings": [f.to_json() for f in evaluation.findings],
        "verdict": str(evaluation.verdict),
        "submitted_at": submitted_at,
        "status": "inskickad",
        "filename": "ideansokan-seed.docx",
    }
    deliveries = [
        {"application_id": app_id, "channel": "telegram", "target": chat, "kind": "application"}
        for chat in (settings.coordinator_chat_ids if enqueue else [])
    ]
    document = render_application(answers, fund, evaluation)
    with store.draft_session(user) as session:
        draft = session.draft
        session.submit(record, document, deliveries, next_draft=draft)
    return store.get_application(app_id)


def _lookup(answers: dict[str, Any], field_path: str) -> Any:
    """The value of ``applicant.name`` or ``budget[0].cost`` (0-based rows) in answers."""
    import re

    value: Any = answers
    for part in field_path.split("."):
        match = re.fullmatch(r"(\w+)\[(\d+)\]", part)
        if match:
            value = (value or {}).get(match.group(1)) or []
            index = int(match.group(2))
            value = value[index] if index < len(value) else None
        else:
            value = (value or {}).get(part) if isinstance(value, dict) else None
    return value


class ApplicantScript:
    """Plays an applicant in Telegram who answers every question from an answers file.

    It reads the open question off the screen — the bot's last message and its keyboard —
    and answers the way a person would: presses the buttons of choices, yes/no and
    multi-choice toggles, goes through list sub-dialogs row by row, and types everything
    else as text.
    """

    def __init__(self, harness: Harness, user_id: int, answers: dict[str, Any]) -> None:
        from tests.support.screen import ScreenReader

        self.h = harness
        self.user_id = user_id
        self.answers = answers
        self.rows_added: dict[str, int] = {}
        self.fields_asked: list[str] = []
        self.screen = ScreenReader(harness.core.flow)

    def current_ask(self) -> Any:
        """The question on the screen: the text of the bot's last message to this chat."""
        last = self.h.fake.last_message(self.user_id)
        return self.screen.last_ask("\n" + last.get("text", "")) if last else None

    async def step(self) -> list[Call]:
        """Answers the open question; returns the calls the bot made in reply."""
        from dialogs.replies import InputKind

        ask = self.current_ask()
        assert ask is not None, "no open question"
        self.fields_asked.append(ask.field)
        last = self.h.fake.last_message(self.user_id) or {}
        rows = (last.get("reply_markup") or {}).get("inline_keyboard") or []
        buttons = {b["text"].removeprefix("☐ ").removeprefix("✅ ") for r in rows for b in r}
        if ask.field.startswith("confirm_"):
            return await self.h.press(self.user_id, "Ja")
        kind = ask.input
        if kind is InputKind.LIST:
            wanted = _lookup(self.answers, ask.field) or []
            added = self.rows_added.get(ask.field, 0)
            more = added < len(wanted)
            self.rows_added[ask.field] = added + (1 if more else 0)
            if buttons:
                return await self.h.press(self.user_id, "Ja" if more else "Nej")
            return await self.h.send(self.user_id, "ja" if more else "nej")
        value = _lookup(self.answers, ask.field)
        if value is None or value == "":  # a person cannot send an empty message: skip
            return await self.h.send(self.user_id, "/hoppa")
        if kind is InputKind.MULTICHOICE:
            for option in ask.options:
                if option.value in value:
                    await self.h.press(self.user_id, option.label)
            return await self.h.press(self.user_id, "Klar ✔")
        if ask.options and kind in (InputKind.CHOICE, InputKind.BOOL, InputKind.CONFIRM):
            [label] = [o.label for o in ask.options if o.value == value]
            if label in buttons:
                return await self.h.press(self.user_id, label)
        return await self.h.send(self.user_id, str(value))

    async def run_to_document(self, limit: int = 300) -> list[Call]:
        """Answers until the bot sends the Word document; returns every call in between."""
        calls: list[Call] = []
        for _ in range(limit):
            calls += await self.step()
            if any(c.method == "sendDocument" for c in calls):
                return calls
            self.h.assert_no_errors()
        raise AssertionError(f"no document after {limit} answers: {self.fields_asked[-5:]}")


def texts(calls: list[Call]) -> list[str]:
    """The texts of the ``sendMessage`` calls among ``calls``, in order."""
    return [c.params["text"] for c in calls if c.method == "sendMessage"]
