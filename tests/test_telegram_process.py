"""``idebot telegram`` as a real process, long polling a local Bot API server.

The server is a few lines of ``http.server`` on 127.0.0.1 that ``TELEGRAM_API_BASE_URL``
points at: it hands out one ``/start`` update and records what the bot sends back.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
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


def test_idebot_telegram_polls_the_configured_api_server_and_answers_start(tmp_path):
    api = _Api()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(api))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": f"{BOT_ID}:LOCAL",
        "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{server.server_port}",
        "IDEBOT_DATA_DIR": str(tmp_path / "data"),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot"],  # no sub-command: the token selects Telegram
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            with api.lock:
                if any(m == "sendMessage" for m, _ in api.sent):
                    break
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            _, stderr = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            _, stderr = process.communicate()
        server.shutdown()
    methods = [m for m, _ in api.sent]
    assert "getMe" in methods and "getUpdates" in methods, stderr
    assert "setMyCommands" in methods  # post_init ran
    replies = [p for m, p in api.sent if m == "sendMessage"]
    assert replies, stderr
    assert int(replies[0]["chat_id"]) == ANNA
    assert "Fråga 1 av" in replies[0]["text"]
    assert "Traceback" not in stderr
