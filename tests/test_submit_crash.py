"""A submission killed at any moment (SIGKILL) is, after a restart, there exactly once.

The person answered every question; the "ja" that submits runs in a child process that
is killed either just before or just after each file operation of the submission (the
document, the journal, the application table, the outbox, the draft, the journal's
removal), or at a random moment while it renders and records. Then the store is opened
again (which finishes a journal), the person answers "ja" once more if the dialog still
asks, and there must be exactly one application with one document and its deliveries,
no temporary file, no journal and no orphan document.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from dialogs import DocumentReply
from dialogs.state import Special
from storage import TinyStore
from tests.conftest import example_answers
from tests.support.applicant import ScriptedApplicant
from tests.support.client import DialogClient
from tests.support.core import make_core

USER = "console:kim"
CHATS = [-100, -200]
RANDOM_ROUNDS = 30

# One process loads the application once and forks a child per round (a fresh process per
# round would spend most of the test importing): the child submits, counting the file
# operations, and kills itself at the one it was told to (or is killed from outside).
SERVER = textwrap.dedent(
    """
    import os, signal, sys, time
    from bot.core import Idebot
    from bot.settings import load_settings
    from dialogs import TextInput
    from storage import TinyStore
    import templates.render  # loaded once, before the forks

    def submit(data, mode, target, report):
        seen = 0
        real = {"replace": os.replace, "unlink": os.unlink}

        def counted(name):
            def wrapper(*args, **kwargs):
                nonlocal seen
                seen += 1
                if mode == "before" and seen == target:
                    os.kill(os.getpid(), signal.SIGKILL)
                result = real[name](*args, **kwargs)
                if mode == "after" and seen == target:
                    os.kill(os.getpid(), signal.SIGKILL)
                return result
            return wrapper

        settings = load_settings(data_dir=data, coordinator_chat_ids=[-100, -200])
        store = TinyStore(data)
        core = Idebot(settings=settings, store=store)
        os.replace, os.unlink = counted("replace"), counted("unlink")
        core.handle("console:kim", TextInput("ja"))
        os.replace, os.unlink = real["replace"], real["unlink"]
        with open(report, "w") as handle:
            handle.write(str(seen))
        if mode == "none":
            time.sleep(60)  # a random kill may still come: it must find nothing half done

    print("ready", flush=True)
    for line in sys.stdin:
        data, mode, target, report = line.split()
        pid = os.fork()
        if pid == 0:
            try:
                submit(data, mode, int(target), report)
            finally:
                os._exit(0)
        print(pid, flush=True)
        _, status = os.waitpid(pid, 0)
        print(status, flush=True)
    """
)


class Server:
    """The forking server of the rounds."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        assert self.process.stdout.readline().strip() == "ready"

    def start(self, data: Path, mode: str, target: int = 0) -> int:
        report = data.parent / "operations.txt"
        self.process.stdin.write(f"{data} {mode} {target} {report}\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def status(self) -> int:
        return int(self.process.stdout.readline())

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture
def server():
    running = Server()
    yield running
    running.close()


def prepared(tmp_path: Path) -> Path:
    """A data folder where the person's dialog waits at the confirmation."""
    data = tmp_path / "data"
    store = TinyStore(data)
    person = DialogClient(make_core(tmp_path, store=store, chats=CHATS), USER)
    person.run(ScriptedApplicant(example_answers("gavleborg-ready")).reply)
    assert person.ask.field == Special.CONFIRM_SUBMIT
    store.close()
    return data


def fresh_copy(pristine: Path, data: Path) -> None:
    subprocess.run(["rm", "-rf", str(data)], check=True)
    subprocess.run(["cp", "-a", str(pristine), str(data)], check=True)


def assert_exactly_once(tmp_path: Path, data: Path, note: str) -> None:
    store = TinyStore(data)  # opening finishes a journal a killed process left
    person = DialogClient(make_core(tmp_path, store=store, chats=CHATS), USER)
    if store.get_draft(USER)["state"]["mode"] == "done":
        person.send("ja")  # the person, unsure, answers once more
        assert "redan skickad" in person.texts(), (note, person.last)
    else:
        person.start()
        assert person.ask.field == Special.CONFIRM_RESUME, note
        person.send("ja")
        assert person.ask.field == Special.CONFIRM_SUBMIT, note
        assert any(isinstance(r, DocumentReply) for r in person.send("ja")), note
    apps = store.list_applications()
    assert len(apps) == 1, note
    [app] = apps
    assert store.get_document(app["id"])[:2] == b"PK", note
    targets = sorted(d["target"] for d in store.list_deliveries(application_id=app["id"]))
    assert targets == sorted(CHATS), note
    documents = list((data / "documents").iterdir())
    assert [p.name for p in documents] == [f"{app['id']}-r1.docx"], note
    assert not list(data.rglob("*.tmp")), note
    assert not list((data / "journal").iterdir()), note
    store.close()


def test_a_kill_at_every_step_of_the_submission_leaves_it_done_once(tmp_path, server):
    data = prepared(tmp_path)
    pristine = tmp_path / "pristine"
    subprocess.run(["cp", "-a", str(data), str(pristine)], check=True)
    server.start(data, "count")
    assert os.WEXITSTATUS(server.status()) == 0
    count = int((tmp_path / "operations.txt").read_text())
    # document, journal, application table, outbox, draft, the journal's removal
    assert count >= 6
    assert_exactly_once(tmp_path, data, "not killed")
    for mode in ("before", "after"):
        for target in range(1, count + 1):
            fresh_copy(pristine, data)
            server.start(data, mode, target)
            status = server.status()
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
            assert_exactly_once(tmp_path, data, f"killed {mode} operation {target}")


@pytest.mark.parametrize("seed", [random.randrange(1_000_000)])
def test_a_kill_at_random_moments_of_the_submission_leaves_it_done_once(tmp_path, server, seed):
    rng = random.Random(seed)
    data = prepared(tmp_path)
    pristine = tmp_path / "pristine"
    subprocess.run(["cp", "-a", str(data), str(pristine)], check=True)
    for round_number in range(RANDOM_ROUNDS):
        fresh_copy(pristine, data)
        pid = server.start(data, "none")
        time.sleep(rng.uniform(0.0, 0.4))
        os.kill(pid, signal.SIGKILL)
        server.status()
        assert_exactly_once(tmp_path, data, f"seed {seed}, round {round_number}")
