"""Two real ``idebot telegram --webhook`` processes on one PostgreSQL database serve the
same chats: each update goes to the other process than the one before (the way a reverse
proxy spreads Telegram's calls), and the bots talk to a local Bot API server.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import example_answers
from tests.support.botapi import SECRET, TOKEN, BotApiServer, WebhookBots
from tests.telegram_fakes import (
    COORDINATOR,
    COORDINATOR_CHAT,
    STAFF,
    ApplicantScript,
    make_settings,
    start_harness,
)

APPLICANTS = (4001, 4002, 4003)
EXAMPLE = "gavleborg-ready"
NEW_ENTRY = {
    "id": "parkering-vid-motet",
    "question": "Var parkerar vi vid uppstartsmötet?",
    "answer": "Parkera i garaget under Rådhuset, plan 2.",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_bot(tmp_path: Path, name: str, api: BotApiServer, database: str) -> tuple:
    port = _free_port()
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": api.url,
        "IDEBOT_DATABASE_URL": database,
        "IDEBOT_DATA_DIR": str(tmp_path / name),
        "IDEBOT_FUND": "gavleborg",
        "IDEBOT_COORDINATOR_CHAT_IDS": str(COORDINATOR_CHAT),
        "IDEBOT_COORDINATOR_USER_IDS": str(COORDINATOR),
        "IDEBOT_STAFF_USER_IDS": str(STAFF),
        "IDEBOT_WEBHOOK_LISTEN": "127.0.0.1",
        "IDEBOT_WEBHOOK_PORT": str(port),
        "IDEBOT_WEBHOOK_SECRET": SECRET,
    }
    log = (tmp_path / f"{name}.log").open("w")  # a pipe could fill up and block the bot
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "telegram", "--webhook", "https://bot.example.se/hook"],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return process, port, tmp_path / f"{name}.log"


def _stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


async def _until(condition, seconds: float = 60.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("not reached in time")


async def _reference_fields(tmp_path: Path) -> list[str]:
    """The questions one in-process bot asks for the example (what each process must ask)."""
    from storage import MemoryStore

    harness = await start_harness(make_settings(tmp_path / "ref"), store=MemoryStore())
    try:
        await harness.send(APPLICANTS[0], "/start")
        script = ApplicantScript(harness, APPLICANTS[0], example_answers(EXAMPLE))
        await script.run_to_document()
        return script.fields_asked
    finally:
        await harness.app.shutdown()
        harness.runtime.close()


@pytest.fixture
def two_bots(tmp_path, postgres_url):
    api = BotApiServer()
    started = [_start_bot(tmp_path, name, api, postgres_url) for name in ("a", "b")]
    bots = WebhookBots(api, [port for _, port, _ in started])
    yield bots, started
    for process, _, _ in started:
        _stop(process)
    api.close()
    for process, _, log in started:
        text = log.read_text(errors="replace")
        assert "Traceback" not in text, text[-3000:]
        assert process.returncode == 0, text[-3000:]


async def test_two_processes_on_one_database_serve_the_same_chats(tmp_path, two_bots):
    bots, started = two_bots
    expected_fields = await _reference_fields(tmp_path)

    # Three people, each update to the other process than their last, all at once.
    scripts = [ApplicantScript(bots, person, example_answers(EXAMPLE)) for person in APPLICANTS]
    for person in APPLICANTS:
        await bots.send(person, "/start")
    await asyncio.gather(*(script.run_to_document() for script in scripts))
    for script in scripts:
        assert script.fields_asked == expected_fields  # every question once, in order

    # Each application reaches the coordinators' chat exactly once (either outbox sends).
    def delivered() -> list[str]:
        captions = [c.params.get("caption", "") for c in bots.api.calls("sendDocument")]
        return [
            match[1]
            for caption in captions
            if (match := re.search(r"/ansokan (\S+)", caption)) and "Ny idé" in caption
        ]

    def coordinator_documents() -> list:
        return bots.api.calls("sendDocument", COORDINATOR_CHAT)

    await _until(lambda: len(coordinator_documents()) >= len(APPLICANTS))
    await asyncio.sleep(6)  # one more outbox poll of both processes: nothing is sent twice
    ids = delivered()
    assert len(coordinator_documents()) == len(APPLICANTS)
    assert len(set(ids)) == len(APPLICANTS)

    # Either process lists every application and sends each one's document.
    for port in bots.ports:
        calls = await bots.send(COORDINATOR, "/inkorg", port=port)
        listing = "\n".join(c.params.get("text", "") for c in calls)
        assert all(f"/ansokan {app_id}" in listing for app_id in ids)
        for app_id in ids:
            calls = await bots.send(COORDINATOR, f"/ansokan {app_id}", port=port)
            [document] = [c for c in calls if c.method == "sendDocument"]
            assert document.files["document"][1].startswith(b"PK")

    # A staff member adds an FAQ entry, each line of the dialog to the other process than
    # the line before; the process that saves it is not the one that answers with it.
    lines = ["/faq_ny", NEW_ENTRY["id"], NEW_ENTRY["question"], "-", NEW_ENTRY["answer"], "Test"]
    for number, text in enumerate(lines):
        calls = await bots.send(STAFF, text, port=bots.ports[number % 2])
    assert "sparad" in "\n".join(c.params.get("text", "") for c in calls).lower()
    saved_on = bots.ports[(len(lines) - 1) % 2]
    [other] = [port for port in bots.ports if port != saved_on]
    asker = 4100
    await bots.send(asker, "/start", port=other)
    calls = await bots.send(asker, NEW_ENTRY["question"], port=other)
    assert "Rådhuset, plan 2" in "\n".join(c.params.get("text", "") for c in calls)
    assert all(status == 200 for status in bots.statuses)
    assert all(process.poll() is None for process, _, _ in started)
