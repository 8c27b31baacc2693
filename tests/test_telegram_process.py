"""``idebot telegram`` as a real process, long polling a local Bot API server.

The server is a few lines of ``http.server`` on 127.0.0.1 that ``TELEGRAM_API_BASE_URL``
points at: it hands out one ``/start`` update and records what the bot sends back.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

BOT_ID = 7000000002
ANNA = 1001


class _Api:
    def __init__(self) -> None:
        self.sent: list[tuple[str, dict]] = []
        self.updates = [
            {
                "update_id": 1,
                "message": {
                    "message_id": 1,
                    "date": int(time.time()),
                    "chat": {"id": ANNA, "type": "private", "first_name": "Anna"},
                    "from": {"id": ANNA, "is_bot": False, "first_name": "Anna"},
                    "text": "/start",
                    "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
                },
            }
        ]
        self.lock = threading.Lock()


def _handler(api: _Api):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep the test output clean
            return

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode("utf-8", "replace")
            kind = self.headers.get("Content-Type", "")
            params = json.loads(raw) if "json" in kind and raw else {}
            if not params and raw and "form-urlencoded" in kind:
                params = {k: v[0] for k, v in parse_qs(raw).items()}
            method = self.path.rsplit("/", 1)[-1]
            with api.lock:
                api.sent.append((method, params))
                result = self._result(method, params)
            body = json.dumps({"ok": True, "result": result}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _result(self, method: str, params: dict):
            if method == "getMe":
                return {"id": BOT_ID, "is_bot": True, "first_name": "Idébot", "username": "b"}
            if method == "getUpdates":
                offset = int(params.get("offset") or 0)
                pending = [u for u in api.updates if u["update_id"] >= offset]
                if not pending:
                    time.sleep(0.05)
                return pending
            if method == "sendMessage":
                return {
                    "message_id": 100 + len(api.sent),
                    "date": int(time.time()),
                    "chat": {"id": int(params["chat_id"]), "type": "private"},
                    "text": params.get("text", ""),
                }
            return True

    return Handler


def _start_api() -> tuple[_Api, ThreadingHTTPServer]:
    api = _Api()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(api))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return api, server


def _run_bot(tmp_path, server, args: list[str], extra_env: dict[str, str]) -> subprocess.Popen:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": f"{BOT_ID}:LOCAL",
        "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{server.server_port}",
        "IDEBOT_DATA_DIR": str(tmp_path / "data"),
        **extra_env,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(
    api: _Api, method: str, process: subprocess.Popen, seconds: float = 30, text: str = ""
) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        with api.lock:
            if any(m == method and text in p.get("text", "") for m, p in api.sent):
                return True
        time.sleep(0.05)
    return False


def _stop(process: subprocess.Popen, server: ThreadingHTTPServer) -> str:
    process.send_signal(signal.SIGINT)
    try:
        _, stderr = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
    server.shutdown()
    return stderr


def test_idebot_telegram_polls_the_configured_api_server_and_answers_start(tmp_path):
    api, server = _start_api()
    # No sub-command: the token alone selects Telegram (what `make run` does).
    process = _run_bot(tmp_path, server, [], {})
    try:
        _wait_for(api, "sendMessage", process, text="Fråga 1 av")
    finally:
        stderr = _stop(process, server)
    methods = [m for m, _ in api.sent]
    assert "getMe" in methods and "getUpdates" in methods, stderr
    assert "setMyCommands" in methods  # post_init ran
    replies = [p for m, p in api.sent if m == "sendMessage"]
    assert replies, stderr
    assert int(replies[0]["chat_id"]) == ANNA
    # The welcome, then the first question with its buttons.
    assert "Idébot" in replies[0]["text"] and "Fråga 1 av" in replies[-1]["text"]
    assert "Traceback" not in stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _post_update(port: int, path: str, secret: str, update: dict) -> int:
    body = json.dumps(update).encode()
    deadline = time.monotonic() + 30
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
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_idebot_telegram_webhook_registers_the_url_and_answers_a_posted_update(tmp_path):
    api, server = _start_api()
    port = _free_port()
    process = _run_bot(
        tmp_path,
        server,
        ["telegram", "--webhook", "https://bot.example.se/idebot/hook"],
        {
            "IDEBOT_WEBHOOK_PORT": str(port),
            "IDEBOT_WEBHOOK_LISTEN": "127.0.0.1",
            "IDEBOT_WEBHOOK_SECRET": "hemligt",
        },
    )
    try:
        assert _wait_for(api, "setWebhook", process)
        # A forged call without the secret is refused; Telegram's call is answered.
        assert _post_update(port, "idebot/hook", "fel", api.updates[0]) == 403
        assert _post_update(port, "idebot/hook", "hemligt", api.updates[0]) == 200
        _wait_for(api, "sendMessage", process, text="Fråga 1 av")
    finally:
        stderr = _stop(process, server)
    [webhook] = [p for m, p in api.sent if m == "setWebhook"]
    assert webhook["url"] == "https://bot.example.se/idebot/hook"
    assert webhook["secret_token"] == "hemligt"
    replies = [p for m, p in api.sent if m == "sendMessage"]
    # The one update is answered: the welcome, then the first question with its buttons.
    assert len(replies) == 2, stderr
    assert "Idébot" in replies[0]["text"] and "Fråga 1 av" in replies[1]["text"]
    assert "getUpdates" not in [m for m, _ in api.sent]
    assert "Traceback" not in stderr


def test_a_webhook_port_in_use_exits_2_with_one_clean_swedish_line(tmp_path):
    _, server = _start_api()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        process = _run_bot(
            tmp_path,
            server,
            ["telegram", "--webhook", "https://bot.example.se/idebot/hook"],
            {"IDEBOT_WEBHOOK_PORT": str(port), "IDEBOT_WEBHOOK_LISTEN": "127.0.0.1"},
        )
        try:
            _, stderr = process.communicate(timeout=60)
        finally:
            server.shutdown()
    assert process.returncode == 2
    assert "Traceback" not in stderr
    assert "Task was destroyed" not in stderr  # the outbox worker was stopped too
    assert stderr.strip().splitlines()[-1].startswith("idebot: --webhook: kan inte lyssna på")
