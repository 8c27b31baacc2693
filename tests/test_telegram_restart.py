"""Telegram across restarts (issue 10): old buttons, updates delivered again, and updates
received but not handled when the bot was killed.

A clean restart runs the real ``Application`` twice on one data folder (the offline
harness); a kill runs ``idebot telegram`` as a real process against a local Bot API
server that confirms updates the way Telegram does (by the next ``getUpdates`` offset).
"""

from __future__ import annotations

import copy
import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from storage import TinyStore
from tests.conftest import example_answers
from tests.telegram_fakes import ApplicantScript, FakeTelegram, make_settings, start_harness, texts

ANNA = 1001
BOT_ID = 7000000003


async def _harness(settings, fake, clock):
    store = TinyStore(settings.data_dir, clock=clock)
    return store, await start_harness(settings, store=store, fake=fake, clock=clock)


async def _stop(store, harness):
    await harness.app.shutdown()
    harness.runtime.close()
    store.close()
    harness.assert_no_errors()


async def test_an_old_button_is_refused_after_a_clean_restart(tmp_path, clock):
    settings, fake = make_settings(tmp_path / "data"), FakeTelegram()
    store, first = await _harness(settings, fake, clock)
    await first.send(ANNA, "/start")
    script = ApplicantScript(first, ANNA, example_answers("gavleborg-ready"))
    while script.current_ask().field != "existing_activity":
        await script.step()
    old_keyboard = copy.deepcopy(fake.last_keyboard_message(ANNA))
    await first.press(ANNA, "Nej")  # answered: the keyboard is replaced by the choice
    asked_then = script.current_ask().field
    await _stop(store, first)

    store, second = await _harness(settings, fake, clock)
    fake.messages[(ANNA, old_keyboard["message_id"])] = old_keyboard  # scrolled up to it
    calls = await second.press(ANNA, "Ja", message_id=old_keyboard["message_id"])
    assert "Den knappen hör till en tidigare fråga" in texts(calls)[0]
    answers = store.get_draft(f"telegram:{ANNA}")["state"]["answers"]
    assert answers["existing_activity"] is False  # the old "Ja" changed nothing
    assert ApplicantScript(second, ANNA, {}).current_ask().field == asked_then
    await _stop(store, second)


async def test_an_update_delivered_again_is_applied_once(tmp_path, clock):
    settings, fake = make_settings(tmp_path / "data"), FakeTelegram()
    store, bot = await _harness(settings, fake, clock)
    await bot.send(ANNA, "/start")
    update = fake.text_update(bot.app.bot, ANNA, "barn och unga")
    await bot.app.process_update(update)
    mark = fake.mark()
    await bot.app.process_update(update)  # Telegram never got the confirmation: again
    again = texts(fake.since(mark, ANNA))
    assert len(again) == 1 and "Fråga 2 av" in again[0]  # the question asked once more
    answers = store.get_draft(f"telegram:{ANNA}")["state"]["answers"]
    assert answers["target_groups"] == ["barn_unga"] and "intervention_type" not in answers
    await _stop(store, bot)


# --- a real process, killed while it handles an update ------------------------------


def _update(update_id: int, text: str) -> dict:
    entities = [{"type": "bot_command", "offset": 0, "length": len(text)}]
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": {"id": ANNA, "type": "private", "first_name": "Anna"},
            "from": {"id": ANNA, "is_bot": False, "first_name": "Anna"},
            "text": text,
            **({"entities": entities} if text.startswith("/") else {}),
        },
    }


class _Telegram:
    """Confirms updates as Telegram does: ``getUpdates(offset=N)`` drops every id below N.

    ``stall`` holds every ``sendMessage`` answering a text that contains it, so the bot is
    killed in the middle of handling that update.
    """

    def __init__(self, updates: list[dict]) -> None:
        self.updates = updates
        self.sent: list[dict] = []
        self.stall: str | None = None
        self.stalled = threading.Event()
        self.lock = threading.Lock()

    def result(self, method: str, params: dict):
        if method == "getMe":
            return {"id": BOT_ID, "is_bot": True, "first_name": "Idébot", "username": "b"}
        if method == "getUpdates":
            offset = int(params.get("offset") or 0)
            with self.lock:
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
                pending = list(self.updates)
            if not pending:
                time.sleep(0.05)
            return pending
        if method == "sendMessage":
            if self.stall and self.stall in params.get("text", ""):
                self.stalled.set()
                time.sleep(3600)  # the bot waits here until it is killed
            with self.lock:
                self.sent.append(params)
            return {
                "message_id": 1000 + len(self.sent),
                "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "text": params.get("text", ""),
            }
        return True


def _serve(telegram: _Telegram) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            return

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
            kind = self.headers.get("Content-Type", "")
            params = json.loads(raw) if raw and "json" in kind else {}
            if not params and raw and "form-urlencoded" in kind:
                params = {k: v[0] for k, v in parse_qs(raw).items()}
            method = self.path.rsplit("/", 1)[-1]
            body = json.dumps({"ok": True, "result": telegram.result(method, params)})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body.encode())))
            self.end_headers()
            self.wfile.write(body.encode())

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _bot(tmp_path, server) -> subprocess.Popen:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": f"{BOT_ID}:LOCAL",
        "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{server.server_port}",
        "IDEBOT_DATA_DIR": str(tmp_path / "data"),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "telegram"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait(condition, process, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.05)
    return False


def test_updates_received_but_not_handled_when_killed_are_handled_after_the_restart(tmp_path):
    telegram = _Telegram(
        [_update(1, "/start"), _update(2, "barn och unga"), _update(3, "förebyggande")]
    )
    telegram.stall = "Fråga 2 av"  # the reply to update 2 never gets through
    server = _serve(telegram)
    first = _bot(tmp_path, server)
    try:
        assert _wait(telegram.stalled.is_set, first), first.stderr.read() if first.poll() else ""
        time.sleep(0.5)  # update 3 has been fetched (and confirmed to Telegram) by now
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    with telegram.lock:
        left_on_server = [u["update_id"] for u in telegram.updates]
    assert 3 not in left_on_server  # Telegram will not deliver it again: the bot must

    telegram.stall = None
    second = _bot(tmp_path, server)
    try:

        def asked_third():
            with telegram.lock:
                return any("Fråga 3 av" in m.get("text", "") for m in telegram.sent)

        assert _wait(asked_third, second), second.stderr.read() if second.poll() else ""
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)
    assert "Traceback" not in second.stderr.read()
    with TinyStore(tmp_path / "data") as store:
        answers = store.get_draft(f"telegram:{ANNA}")["state"]["answers"]
        assert answers["target_groups"] == ["barn_unga"]
        assert answers["intervention_type"] == "forebyggande"  # update 3, on its own question
        assert store.inbox_pending() == []
    questions = [m["text"].split("\n")[0] for m in telegram.sent if "Fråga" in m.get("text", "")]
    # After the restart: the question update 2 led to (its reply had not arrived), then 3's.
    assert [q for q in questions if q.startswith("Fråga 3")] == [questions[-1]]
    server.shutdown()
