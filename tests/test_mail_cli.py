"""Coordinators without Telegram, as real processes against a real SMTP server:
a console submission reaches the coordinators' inbox with its document, ``idebot status``
reaches the applicant and reopens the field, the resubmission is round 2, and
``idebot inkorg`` / ``idebot ansokan`` read it all back (interfaces.md)."""

from __future__ import annotations

import codecs
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bot.cli import main
from dialogs.flow import load_flow
from storage import TinyStore
from tests.conftest import example_answers
from tests.support.applicant import ScriptedApplicant, json_reply
from tests.support.core import make_core
from tests.support.screen import ScreenReader
from tests.support.smtp import MailServer, attachments, bodies
from tests.test_mail_sender import submit
from tests.test_telegram_process import _run_bot, _start_api, _stop

IDEBOT = Path(sys.executable).with_name("idebot")
COORDINATOR = "samordnare@example.se"
CONTACT = "anna.lind@example.se"
PROMPT = "> "


@pytest.fixture
def server():
    with MailServer() as running:
        yield running


def environment(tmp_path, server) -> dict[str, str]:
    return {
        **os.environ,
        "IDEBOT_DATA_DIR": str(tmp_path / "data"),
        "IDEBOT_COORDINATOR_EMAILS": COORDINATOR,
        **server.env(),
    }


def idebot(tmp_path, env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(IDEBOT), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=tmp_path,
        timeout=120,
    )


class Console:
    """``idebot chat`` in its human form, typed into through a pipe: it reads the screen
    up to each prompt and answers the last question printed, as a person would."""

    def __init__(self, tmp_path, env, *args: str) -> None:
        self.proc = subprocess.Popen(
            [str(IDEBOT), "chat", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=tmp_path,
        )
        self.screen = ""
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        decoder = codecs.getincrementaldecoder("utf-8")()
        while chunk := os.read(self.proc.stdout.fileno(), 4096):
            with self._lock:
                self.screen += decoder.decode(chunk)

    def next_screen(self, seen: int, timeout: float = 60) -> str | None:
        """The text after ``seen`` once the prompt shows; None when the process ended."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                text = self.screen[seen:]
            if text.endswith(PROMPT):
                return text
            if self.proc.poll() is not None and not self._reader.is_alive():
                return None
            time.sleep(0.01)
        raise AssertionError(f"no prompt: {self.screen[-300:]}")

    def type(self, line: str) -> None:
        self.proc.stdin.write((line + "\n").encode("utf-8"))
        self.proc.stdin.flush()

    def answer_all(self, answers: dict) -> tuple[int, str, str]:
        person, reader, seen = ScriptedApplicant(answers), ScreenReader(load_flow()), 0
        while (text := self.next_screen(seen)) is not None:
            seen += len(text)
            ask = reader.last_ask(text)
            assert ask is not None, f"no question on the screen: {text[-300:]}"
            self.type(person.reply(ask))
        self._reader.join(30)
        code = self.proc.wait(timeout=60)
        return code, self.screen, self.proc.stderr.read().decode("utf-8")


def jsonl_chat(tmp_path, env, user: str, reply) -> tuple[list[dict], str]:
    """``idebot chat --jsonl --user USER``, answering each ask with ``reply(ask)``."""
    proc = subprocess.Popen(
        [str(IDEBOT), "chat", "--jsonl", "--user", user],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=tmp_path,
    )
    lines = []
    while raw := proc.stdout.readline():
        line = json.loads(raw)
        lines.append(line)
        if line["type"] == "ask":
            proc.stdin.write(reply(line) + "\n")
            proc.stdin.flush()
        if line["type"] == "end":
            proc.stdin.close()
    assert proc.wait(timeout=60) == 0
    return lines, proc.stderr.read()


def test_without_telegram_a_console_submission_and_a_komplettering_go_by_email(tmp_path, server):
    env = environment(tmp_path, server)
    data = tmp_path / "data"

    # 1. The applicant submits in the console; the process sends the e-mail before it ends.
    code, screen, stderr = Console(tmp_path, env, "--user", "anna").answer_all(
        example_answers("gavleborg-short-cofinancing")
    )
    assert code == 0, stderr
    assert "Tack! Idén är skickad till samordnaren." in screen
    [mail] = server.received
    assert mail.recipients == [COORDINATOR]
    with TinyStore(data) as store:
        [app] = store.list_applications()
        stored = store.get_document(app["id"])
    [(filename, _, document)] = attachments(mail.message)
    assert document == stored and filename == "idéansökan-tidigt-stöd-i-förskolan.docx"
    assert mail.message["Subject"].startswith("Ny idé: Tidigt stöd i förskolan – Region Gävleborg")
    assert f"E-post skickad: ansökan {app['id']} till {COORDINATOR}." in stderr
    assert "Traceback" not in stderr

    # 2. The coordinator asks for a komplettering from the command line.
    comment = "Fördela kostnaden på tre år och ange vad som är arbetstid."
    result = idebot(
        tmp_path, env, "status", app["id"], "komplettering", "--falt", "budget",
        "--kommentar", comment,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "är nu: komplettering begärd" in result.stdout
    assert "Öppnat igen i sökandens dialog: Kostnad per år." in result.stdout
    assert "Sökanden får besked med e-post." in result.stdout
    [notice] = [r.message for r in server.received if r.recipients == [CONTACT]]
    plain, _ = bodies(notice)
    assert comment in plain and "• Kostnad per år" in plain.splitlines()
    assert "idebot chat --user anna" in plain

    # 3. The field is open in the applicant's draft; resubmitting sends round 2.
    budget = [{"year": 2027, "cost": 300000}, {"year": 2028, "cost": 300000}]
    asked = []

    def reply(ask):
        asked.append(ask["field"])
        if ask["field"] == "budget":
            return json.dumps(budget)
        return "ja" if ask["field"] == "confirm_submit" else "/hoppa"

    lines, stderr = jsonl_chat(tmp_path, env, "anna", reply)
    assert asked[0] == "budget" and asked[-1] == "confirm_submit"
    assert any(line["type"] == "document" for line in lines)
    round_two = [r.message for r in server.received if r.recipients == [COORDINATOR]][-1]
    assert round_two["Subject"].startswith("Kompletterad idé: Tidigt stöd i förskolan")
    with TinyStore(data) as store:
        assert store.get_application(app["id"])["answers"]["budget"] == budget
        assert attachments(round_two)[0][2] == store.get_document(app["id"])
    assert len(server.received) == 3  # nothing was sent twice

    # 4. The inbox and the details read it back (interfaces.md's JSON shapes).
    inbox = idebot(tmp_path, env, "inkorg", "--json")
    assert inbox.returncode == 0, inbox.stderr
    [row] = json.loads(inbox.stdout)
    assert set(row) == {"id", "title", "fund", "status", "verdict", "submitted"}
    assert row["id"] == app["id"] and row["status"] == "inskickad"
    out = tmp_path / "hamtad.docx"
    details = idebot(tmp_path, env, "ansokan", app["id"], "--json", "-o", str(out))
    assert details.returncode == 0, details.stderr
    shown = json.loads(details.stdout)
    keys = {"id", "title", "fund", "status", "verdict", "answers", "findings", "history"}
    assert set(shown) == keys
    assert [h["status"] for h in shown["history"]] == ["inskickad", "komplettering", "inskickad"]
    assert shown["history"][1]["comment"] == comment
    with TinyStore(data) as store:
        assert out.read_bytes() == store.get_document(app["id"])
    text = idebot(tmp_path, env, "ansokan", app["id"]).stdout
    assert f"Ansökan, e-post till {COORDINATOR}, omgång 2: skickad" in text
    assert f"Besked till sökanden, e-post till {CONTACT}: skickad" in text


def test_a_command_waits_for_a_greylisting_server_and_then_sends(tmp_path, server):
    env = environment(tmp_path, server)
    data = tmp_path / "data"
    with TinyStore(data) as store:
        app = submit(make_core(tmp_path, store=store))
    server.refuse_next("451 4.7.1 Greylisted, try again later")
    result = idebot(tmp_path, env, "status", app["id"], "mottagen")
    assert result.returncode == 0, result.stderr
    assert "451" in result.stderr and "försöker igen om 10 s" in result.stderr
    assert "E-post skickad: beskedet om ansökan" in result.stderr
    assert [r.recipients for r in server.received] == [[CONTACT]]
    with TinyStore(data) as store:
        [delivery] = [d for d in store.list_deliveries() if d["channel"] == "email"]
        assert delivery["status"] == "delivered" and delivery["attempts"] == 2  # 451, then 250


def test_a_refused_address_is_told_at_once_and_shown_in_the_inbox(tmp_path, server):
    env = environment(tmp_path, server)
    server.refuse_next(f"550 5.1.1 <{COORDINATOR}>: Recipient address rejected")
    lines, stderr = jsonl_chat(
        tmp_path, env, "anna", lambda ask: json_reply(ask, example_answers("gavleborg-ready"))
    )
    [document] = [line for line in lines if line["type"] == "document"]
    assert f"E-post till {COORDINATOR} gick inte att skicka" in stderr and "550" in stderr
    assert server.received == []
    inbox = idebot(tmp_path, env, "inkorg")
    assert inbox.returncode == 0
    assert f"⚠ Ansökan, e-post till {COORDINATOR}, omgång 1: gick inte att skicka" in inbox.stdout
    assert f"idebot ansokan {document['application_id']}" in inbox.stdout


@pytest.fixture(scope="module")
def submitted(tmp_path_factory):
    """A data folder with one submitted application (copied by each test that uses it)."""
    folder = tmp_path_factory.mktemp("submitted")
    with TinyStore(folder / "data") as store:
        app = submit(make_core(folder, store=store))
    return folder / "data", app


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["ansokan", "finns-inte"], ["finns-inte"]),
        (["ansokan", "{id}", "-o", "ut.pdf"], ["-o", ".docx"]),
        (["status", "{id}", "godkand"], ["godkand", "mottagen"]),
        (["status", "{id}", "komplettering"], ["fält", "budget"]),
        (["status", "{id}", "mottagen", "--falt", "budget"], ["komplettering"]),
        (["status", "{id}", "komplettering", "--falt", "manager_endorsement"], ["frågas inte"]),
        (["status", "{id}", "inskickad"], ["inskickad"]),
        (["status", "{id}"], ["STATUS"]),
    ],
)
def test_bad_input_is_one_swedish_line_and_exit_2(tmp_path, submitted, capsys, args, words):
    source, app = submitted
    shutil.copytree(source, tmp_path / "data")
    try:
        code = main([a.replace("{id}", app["id"]) for a in args])
    except SystemExit as stop:  # argparse's own refusals exit from inside main
        code = stop.code
    captured = capsys.readouterr()
    assert code == 2
    [line] = captured.err.strip().splitlines()
    assert line.startswith("idebot") and "Traceback" not in captured.err
    for word in words:
        assert word in line
    with TinyStore(tmp_path / "data") as store:
        assert store.get_application(app["id"])["status"] == "inskickad"  # nothing changed


def test_the_telegram_bot_process_sends_the_email_beside_telegram(tmp_path, server):
    data = tmp_path / "data"
    with TinyStore(data) as store:
        settings = {"coordinator_emails": [COORDINATOR], **server.settings()}
        app = submit(make_core(tmp_path, store=store, **settings))
    api, http = _start_api()
    process = _run_bot(
        tmp_path, http, ["telegram"], {**server.env(), "IDEBOT_COORDINATOR_EMAILS": COORDINATOR}
    )
    try:
        deadline = time.monotonic() + 30
        while not server.received and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stderr = _stop(process, http)
    [mail] = server.received
    assert mail.recipients == [COORDINATOR], stderr
    with TinyStore(data) as store:
        assert attachments(mail.message)[0][2] == store.get_document(app["id"])
        [delivery] = store.list_deliveries()
        assert delivery["status"] == "delivered"
    assert "getUpdates" in [method for method, _ in api.sent]  # it was the Telegram bot
    assert "Traceback" not in stderr


def test_a_command_shows_swedish_lines_only_and_keeps_its_log_in_the_data_folder(tmp_path, server):
    env = environment(tmp_path, server)
    data = tmp_path / "data"
    with TinyStore(data) as store:
        app = submit(make_core(tmp_path, store=store))
    server.refuse_next(f"550 5.1.1 <{CONTACT}>: Recipient address rejected")
    result = idebot(tmp_path, env, "status", app["id"], "mottagen")
    assert result.returncode == 0, result.stderr
    [line] = result.stderr.strip().splitlines()  # one Swedish line, no log record
    assert line.startswith(f"E-post till {CONTACT} gick inte att skicka") and "550" in line
    log = data / "idebot.log"
    assert "given up" in log.read_text(encoding="utf-8")  # the operator's detail is kept
    assert log.stat().st_mode & 0o777 == 0o600
