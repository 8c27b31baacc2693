"""A local Telegram for real bot processes: the Bot API over HTTP, and the webhook side.

:class:`BotApiServer` answers the Bot API on 127.0.0.1 (``TELEGRAM_API_BASE_URL`` points
a bot process at it) with the model of :class:`tests.telegram_fakes.FakeTelegram`: every
call is recorded, messages and keyboards are kept per chat, and each answer can take a
configurable latency, as Telegram's round trip does. :class:`WebhookBots` plays
Telegram's other half for processes started with ``--webhook``: it posts each update to
one of them and waits for the answer, the way Telegram sends a chat's next update only
after the previous call was answered. Its ``send``/``press`` match the in-process
``Harness``, so ``ApplicantScript`` plays whole dialogs against real processes.
"""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import itertools
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from dialogs.flow import Flow, load_flow
from tests.telegram_fakes import BOT_ID, Call, FakeTelegram

TOKEN = f"{BOT_ID}:LOCAL"
SECRET = "lokal-hemlighet"


def _form(headers: Any, body: bytes) -> tuple[dict[str, str], dict[str, tuple[str, bytes]]]:
    """The parameters and files of a Bot API call, however PTB encoded it."""
    kind = headers.get("Content-Type", "")
    if "json" in kind:
        decoded = json.loads(body or b"{}")
        return {k: v if isinstance(v, str) else json.dumps(v) for k, v in decoded.items()}, {}
    if "multipart/form-data" in kind:
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {kind}\r\n\r\n".encode() + body
        )
        params: dict[str, str] = {}
        files: dict[str, tuple[str, bytes]] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            content = part.get_payload(decode=True) or b""
            if part.get_filename():
                files[name] = (part.get_filename(), content)
            else:
                params[name] = content.decode("utf-8")
        return params, files
    return {k: v[0] for k, v in parse_qs(body.decode("utf-8")).items()}, {}


class BotApiServer:
    """The Bot API on a free local port, in a background thread.

    Args:
        latency: Seconds every call waits before it is answered.
    """

    def __init__(self, *, latency: float = 0.0) -> None:
        self.fake = FakeTelegram()
        self.latency = latency
        self.lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        """What ``TELEGRAM_API_BASE_URL`` is set to."""
        return f"http://127.0.0.1:{self._server.server_port}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as httpx uses it

            def log_message(self, *args: Any) -> None:
                return

            def setup(self) -> None:
                super().setup()
                # The headers and the body go out in two writes: without this, Nagle's
                # algorithm holds the body for the client's delayed ACK (40 ms a call).
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                params, files = _form(self.headers, self.rfile.read(length))
                method = self.path.rsplit("/", 1)[-1]
                with api.lock:
                    call = api.fake.record(method, params, files)
                if api.latency:
                    time.sleep(api.latency)
                with api.lock:
                    status, body = api.fake.answer(call)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler

    def calls(self, method: str | None = None, chat_id: int | None = None) -> list[Call]:
        """The successful calls so far (of one method, to one chat)."""
        with self.lock:
            calls = list(self.fake.calls)
        return [
            c
            for c in calls
            if c.failed is None
            and (method is None or c.method == method)
            and (chat_id is None or c.chat_id == chat_id)
        ]

    def close(self) -> None:
        """Stops serving."""
        self._server.shutdown()
        self._server.server_close()


def post_update(port: int, update: dict, *, path: str = "hook", secret: str = SECRET) -> int:
    """Posts one update to a bot's webhook as Telegram does; returns the HTTP status.

    A process still starting (connection refused) is tried again for up to 60 s.
    """
    body = json.dumps(update).encode()
    deadline = time.monotonic() + 60
    while True:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/{path}",
            data=body,
            headers={
                "Content-Type": "application/json",
                "X-Telegram-Bot-Api-Secret-Token": secret,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


class WebhookBots:
    """Telegram's webhook side for several bot processes: each chat's next update goes to
    the next process in turn, and the call waits for its answer.

    Args:
        api: The Bot API server the processes send to.
        ports: The webhook port of each process.
    """

    def __init__(self, api: BotApiServer, ports: list[int]) -> None:
        self.api = api
        self.fake = api.fake
        self.ports = ports
        self.flow: Flow = load_flow()
        self.core = self  # ApplicantScript reads ``harness.core.flow``
        self._turns: dict[int, itertools.count] = {}
        self.statuses: list[int] = []

    def next_port(self, chat: int) -> int:
        """The process the chat's next update goes to: never the one its last went to."""
        turn = self._turns.setdefault(chat, itertools.count())
        return self.ports[next(turn) % len(self.ports)]

    async def deliver(self, update: dict, chat: int, *, port: int | None = None) -> int:
        """Posts an update (to ``port``, else the chat's next process); waits for the answer."""
        status = await asyncio.to_thread(post_update, port or self.next_port(chat), update)
        self.statuses.append(status)
        assert status == 200, f"the webhook answered {status}"
        return status

    async def send(self, user_id: int, text: str, *, port: int | None = None) -> list[Call]:
        """A person types ``text``; returns the calls the bot made to their chat meanwhile."""
        with self.api.lock:
            mark = self.fake.mark()
            update = self.fake.text_update_data(user_id, text)
        await self.deliver(update, user_id, port=port)
        return self._since(mark, user_id)

    async def press(self, user_id: int, label: str, *, port: int | None = None) -> list[Call]:
        """A person presses the button ``label`` on the newest keyboard of their chat."""
        with self.api.lock:
            mark = self.fake.mark()
            update = self.fake.press_update_data(user_id, label)
        await self.deliver(update, user_id, port=port)
        return self._since(mark, user_id)

    def assert_no_errors(self) -> None:
        """No call Telegram would refuse (the processes' own errors are in their logs)."""
        with self.api.lock:
            rejected = list(self.fake.rejected)
        if rejected:
            raise AssertionError(f"calls Telegram would refuse: {rejected!r}")

    def _since(self, mark: int, chat_id: int) -> list[Call]:
        with self.api.lock:
            return self.fake.since(mark, chat_id)
