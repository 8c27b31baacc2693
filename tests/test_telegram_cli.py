"""``idebot telegram``: configuration errors, webhook options, API server URLs, wiring."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from telegram.ext import AIORateLimiter, ConversationHandler

from bot.commands.telegram import webhook_options
from bot.errors import ConfigError
from bot.telegram.app import api_urls
from storage import MemoryStore
from tests.telegram_fakes import make_settings, start_harness


def test_without_a_token_it_exits_2_with_one_swedish_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bot", "telegram"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"IDEBOT_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("idebot: TELEGRAM_BOT_TOKEN saknas")
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def _start_telegram(
    directory, api_base_url: str, args: list[str] = (), env: dict | None = None
) -> subprocess.Popen:
    directory.mkdir()
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "telegram", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=directory,
        env={
            "IDEBOT_DATA_DIR": str(directory / "data"),
            "PATH": "/usr/bin:/bin",
            "TELEGRAM_BOT_TOKEN": "123:WRONG",
            "TELEGRAM_API_BASE_URL": api_base_url,
            **(env or {}),
        },
    )


def _free_port() -> int:
    with socket.socket() as probe:  # a port nobody listens on (right now)
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _refusing_api(refuse: str, code: int, description: str) -> ThreadingHTTPServer:
    """A Bot API server that answers getMe and refuses ``refuse`` (or every method: "*")."""

    class Refusing(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            return

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            method = self.path.rsplit("/", 1)[-1]
            if refuse in ("*", method):
                status, body = code, {"ok": False, "error_code": code, "description": description}
            else:
                me = {"id": 1, "is_bot": True, "first_name": "Idébot", "username": "b"}
                status, body = 200, {"ok": True, "result": me if method == "getMe" else True}
            raw = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Refusing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_start_up_failures_exit_2_with_one_swedish_line_and_no_traceback(tmp_path):
    """Telegram unreachable, a token it refuses, a webhook it refuses (run side by side)."""
    bad_webhook = (
        "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"
    )
    refuses_token = _refusing_api("*", 401, "Unauthorized")
    refuses_webhook = _refusing_api("setWebhook", 400, bad_webhook)
    webhook_env = {"IDEBOT_WEBHOOK_PORT": str(_free_port()), "IDEBOT_WEBHOOK_LISTEN": "127.0.0.1"}
    try:
        processes = {
            "unreachable": _start_telegram(
                tmp_path / "unreachable", f"http://127.0.0.1:{_free_port()}"
            ),
            "token": _start_telegram(
                tmp_path / "token", f"http://127.0.0.1:{refuses_token.server_port}"
            ),
            "webhook": _start_telegram(
                tmp_path / "webhook",
                f"http://127.0.0.1:{refuses_webhook.server_port}",
                ["--webhook", "https://bot.example.se:8080/hook"],
                webhook_env,
            ),
        }
        stderr = {name: process.communicate(timeout=60)[1] for name, process in processes.items()}
    finally:
        refuses_token.shutdown()
        refuses_webhook.shutdown()
    for name, process in processes.items():
        assert process.returncode == 2, (name, stderr[name])
        assert "Traceback" not in stderr[name], name
    last = {name: text.strip().splitlines()[-1] for name, text in stderr.items()}
    assert last["unreachable"].startswith("idebot: kan inte nå Telegram")
    assert last["token"].startswith("idebot: TELEGRAM_BOT_TOKEN: Telegram godkänner inte")
    assert last["webhook"].startswith("idebot: Telegram")
    assert "ports 80, 88, 443 or 8443" in last["webhook"]


def test_webhook_options_from_the_url_and_environment():
    options = webhook_options(
        "https://bot.example.se/idebot/hook",
        {"IDEBOT_WEBHOOK_PORT": "8443", "IDEBOT_WEBHOOK_SECRET": "s3cret"},
    )
    assert options == {
        "listen": "0.0.0.0",
        "port": 8443,
        "url_path": "idebot/hook",
        "webhook_url": "https://bot.example.se/idebot/hook",
        "secret_token": "s3cret",
    }


@pytest.mark.parametrize(
    ("url", "env", "message"),
    [
        ("http://bot.example.se/hook", {}, "https-adress"),
        ("https://bot.example.se/hook", {"IDEBOT_WEBHOOK_PORT": "abc"}, "portnummer"),
        ("https://bot.example.se/hook", {"IDEBOT_WEBHOOK_PORT": "70000"}, "portnummer"),
        # Telegram accepts only A-Z, a-z, 0-9, _ and - (1-256 characters) as secret_token.
        ("https://bot.example.se/hook", {"IDEBOT_WEBHOOK_SECRET": "mitt hemliga"}, "SECRET"),
        ("https://bot.example.se/hook", {"IDEBOT_WEBHOOK_SECRET": "å" * 3}, "SECRET"),
        ("https://bot.example.se/hook", {"IDEBOT_WEBHOOK_SECRET": "x" * 257}, "SECRET"),
    ],
)
def test_bad_webhook_settings_are_config_errors(url, env, message):
    with pytest.raises(ConfigError, match=message):
        webhook_options(url, env)


@pytest.mark.parametrize(
    ("server", "expected"),
    [
        ("http://localhost:8081", ("http://localhost:8081/bot", "http://localhost:8081/file/bot")),
        ("http://localhost:8081/", ("http://localhost:8081/bot", "http://localhost:8081/file/bot")),
        ("http://h/bot", ("http://h/bot", "http://h/file/bot")),
        ("http://h/bot{token}", ("http://h/bot{token}", "http://h/file/bot{token}")),
    ],
)
def test_api_base_url_forms(server, expected):
    assert api_urls(server) == expected


async def test_the_application_is_wired_without_conversation_handler_or_persistence(tmp_path):
    harness = await start_harness(make_settings(tmp_path / "data"), store=MemoryStore())
    try:
        app = harness.app
        assert app.persistence is None
        handlers = [h for group in app.handlers.values() for h in group]
        assert not any(isinstance(h, ConversationHandler) for h in handlers)
        assert isinstance(app.bot.rate_limiter, AIORateLimiter)
        # The configured API server is used (the fake refuses any other URL).
        assert harness.fake.of("getMe")
        commands = {c for h in handlers for c in getattr(h, "commands", ())}
        assert all(c.isascii() for c in commands)
        assert {"start", "mina", "radera", "inkorg", "status", "faq_ny", "obesvarade"} <= commands
    finally:
        await harness.app.shutdown()
        harness.runtime.close()
