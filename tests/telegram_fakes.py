"""An offline Telegram: a ``BaseRequest`` that records every Bot API call and answers it.

The bot under test is a real python-telegram-bot ``Application``; only the HTTP layer is
replaced. The fake keeps a small model of the chats (every message the bot sent, with its
current text and inline keyboard, edits included), so a test can press a button the bot
really showed. It never touches the network: any URL outside the configured base raises,
and it can be told to fail the next calls like Telegram does (network error, 5xx, 429).
"""

from __future__ import annotations

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


class FakeTelegram(BaseRequest):
    """A recording, answering, failure-injecting stand-in for Telegram's HTTP API."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
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
        params = _decode(request_data.json_parameters) if request_data else {}
        files: dict[str, tuple[str, bytes]] = {}
        if request_data is not None and request_data.contains_files:
            for name, (filename, content, _mime) in request_data.multipart_data.items():
                data = content if isinstance(content, bytes) else content.read()
                files[name] = (filename, data)
        call = Call(api_method, params, files)
        self.calls.append(call)
        pending = self._take_failure(api_method)
        if pending is not None:
            call.failed = pending.failure
            return self._fail(pending)
        result = self._answer(api_method, params, files)
        return 200, json.dumps({"ok": True, "result": result}).encode()

    # -- failure injection -------------------------------------------------------------

    def fail_next(
        self,
        count: int = 1,
        failure: Failure = Failure.NETWORK,
        *,
        methods: set[str] | None = None,
        retry_after: int = 1,
    ) -> None:
        """Makes the next ``count`` calls (of ``methods``, or any) fail with ``failure``."""
        for _ in range(count):
            self._pending.append(
                _Pending(failure, frozenset(methods) if methods else None, retry_after)
            )

    def _take_failure(self, api_method: str) -> _Pending | None:
        for pending in self._pending:
            if pending.methods is None or api_method in pending.methods:
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
            for (chat, _), m in self.messages.items()
            if chat == chat_id and m.get("reply_markup", {}).get("inline_keyboard")
        ]
        if not candidates:
            raise AssertionError(f"no message with buttons in chat {chat_id}")
        return max(candidates, key=lambda m: m["message_id"])

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
        data = {"update_id": next(self._update_ids), "message": message}
        return Update.de_json(data, bot)

    def press_update(self, bot: Bot, user_id: int, text: str, *, chat_id: int | None = None):
        """An ``Update`` for pressing the button labelled ``text`` on the newest keyboard.

        The label may be a prefix of the button's text (e.g. "Barn" for "✅ Barn och unga")
        after stripping a check mark.
        """
        chat = chat_id if chat_id is not None else user_id
        message = self.last_keyboard_message(chat)
        button = _find_button(message, text)
        data = {
            "update_id": next(self._update_ids),
            "callback_query": {
                "id": str(next(self._ids)),
                "from": _user(user_id),
                "chat_instance": str(chat),
                "message": json.loads(json.dumps(message)),
                "data": button["callback_data"],
            },
        }
        return Update.de_json(data, bot)


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
