"""``idebot chat --jsonl`` end to end in a subprocess, exactly as interfaces.md says."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bot.terminal.jsonl import parse_line
from dialogs import CommandInput, TextInput, ValueInput
from storage import TinyStore
from tests.conftest import example_answers
from tests.support.applicant import blekinge_answers
from tests.support.applicant import json_reply as json_line
from tests.support.core import question_number

IDEBOT = Path(sys.executable).with_name("idebot")
INPUT_KINDS = {
    "text",
    "integer",
    "money",
    "percent",
    "date",
    "choice",
    "multichoice",
    "bool",
    "list",
    "object",
    "confirm",
}
LINE_KEYS = {
    "message": {"type", "text"},
    "finding": {"type", "rule", "status", "text"},
    "document": {"type", "path", "application_id"},
    "answer": {"type", "field", "value"},
    "verdict": {"type", "verdict", "preliminary", "findings"},
    "end": {"type"},
}


class Chat:
    """A running ``idebot chat --jsonl`` that is driven line by line."""

    def __init__(self, data_dir: Path, user: str, fund: str, *, chats: str = "") -> None:
        env = {**os.environ, "IDEBOT_DATA_DIR": str(data_dir), "IDEBOT_COORDINATOR_CHAT_IDS": chats}
        self.proc = subprocess.Popen(
            [str(IDEBOT), "chat", "--jsonl", "--user", user, "--fund", fund],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=env,
            cwd=data_dir.parent,
        )
        self.lines: list[dict] = []
        self._watchdog = threading.Timer(120, self.proc.kill)
        self._watchdog.start()

    def until_ask_or_end(self) -> dict:
        """Reads lines up to the next ask or end line (checking each line's shape)."""
        while True:
            raw = self.proc.stdout.readline()
            assert raw, f"stdout closed early; stderr: {self.proc.stderr.read()}"
            line = json.loads(raw)
            self.lines.append(line)
            check_shape(line)
            if line["type"] in ("ask", "end"):
                return line

    def send(self, text: str) -> None:
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def close(self) -> int:
        self.proc.stdin.close()
        code = self.proc.wait(timeout=60)
        self._watchdog.cancel()
        return code


def check_shape(line: dict) -> None:
    """Every line has exactly the keys of interfaces.md."""
    if line["type"] == "ask":
        assert line["input"] in INPUT_KINDS
        expected = {"type", "field", "text", "input", "progress"}
        if line["input"] in ("choice", "multichoice"):
            expected.add("options")
            assert all(set(o) == {"value", "label"} for o in line["options"])
        assert set(line) == expected, line
        if "progress" in line:
            assert 1 <= line["progress"]["step"] <= line["progress"]["total"]
    else:
        assert set(line) == LINE_KEYS[line["type"]], line


CASES = {
    "gavleborg": lambda: example_answers("gavleborg-ready"),
    "sundsvall": lambda: example_answers("sundsvall-no-comparison"),
    "blekinge": lambda: blekinge_answers(example_answers("gavleborg-ready")),
}


@pytest.mark.parametrize("fund", sorted(CASES))
def test_a_scripted_applicant_answering_by_field_gets_a_document(tmp_path, fund):
    answers = CASES[fund]()
    data = tmp_path / "data"
    chat = Chat(data, "t", fund, chats="555")
    asked = []
    line = chat.until_ask_or_end()
    while line["type"] == "ask":
        asked.append(line["field"])
        chat.send(json_line(line, answers))
        line = chat.until_ask_or_end()
    assert chat.close() == 0
    assert asked[-1] == "confirm_submit"
    assert "fund" not in asked  # configured by --fund
    assert ("manager_endorsement" in asked) == (fund == "blekinge")
    document = next(x for x in chat.lines if x["type"] == "document")
    path = Path(document["path"])
    path = path if path.is_absolute() else data.parent / path
    assert path.suffix == ".docx" and path.is_file()
    assert path.read_bytes()[:2] == b"PK"  # a zip container, as .docx files are
    with TinyStore(data) as store:
        app = store.get_application(document["application_id"])
        assert app["fund"] == fund and app["user"] == "console:t"
        assert [d["target"] for d in store.list_deliveries()] == [555]


def test_end_of_input_keeps_the_draft_and_the_same_user_resumes(tmp_path):
    answers = example_answers("gavleborg-ready")
    data = tmp_path / "data"
    chat = Chat(data, "anna", "gavleborg")
    fields = []
    for _ in range(3):
        line = chat.until_ask_or_end()
        fields.append(line["field"])
        chat.send(json_line(line, answers))
    fourth = chat.until_ask_or_end()
    assert chat.close() == 0  # end of input: a clean stop

    again = Chat(data, "anna", "gavleborg")
    line = again.until_ask_or_end()
    assert line["field"] == fourth["field"]
    assert any(x["type"] == "message" and "Välkommen tillbaka" in x["text"] for x in again.lines)
    assert again.close() == 0
    other = Chat(data, "bertil", "gavleborg")
    assert other.until_ask_or_end()["field"] == fields[0]
    assert other.close() == 0


def test_a_live_finding_is_a_finding_line_right_after_the_answer(tmp_path):
    answers = example_answers("gavleborg-short-cofinancing")
    chat = Chat(tmp_path / "data", "t", "gavleborg")
    line = chat.until_ask_or_end()
    while line["field"] != "cofinancing":
        chat.send(json_line(line, answers))
        line = chat.until_ask_or_end()
    before = len(chat.lines)
    chat.send(json_line(line, answers))
    chat.until_ask_or_end()
    findings = [x for x in chat.lines[before:] if x["type"] == "finding"]
    assert [(f["rule"], f["status"]) for f in findings] == [("gavleborg.medfinansiering", "fail")]
    assert "200 000 kr" in findings[0]["text"]
    chat.close()


def test_input_lines_become_events():
    assert parse_line("/tillbaka\n") == CommandInput("/tillbaka")
    assert parse_line('[{"year": 2027, "cost": 1}]') == ValueInput([{"year": 2027, "cost": 1}])
    assert parse_line('{"name": "X"}') == ValueInput({"name": "X"})
    assert parse_line('"text?"') == ValueInput("text?")
    assert parse_line("null") == ValueInput(None)
    assert parse_line("150") == TextInput("150")
    assert parse_line("1 200 000 kr") == TextInput("1 200 000 kr")
    assert parse_line("[inte json") == TextInput("[inte json")


@pytest.mark.parametrize("jsonl", [True, False])
def test_bytes_that_are_not_utf8_are_replaced_not_a_traceback(tmp_path, jsonl):
    env = {**os.environ, "IDEBOT_DATA_DIR": str(tmp_path / "data")}
    args = [str(IDEBOT), "chat", "--user", "latin", "--fund", "gavleborg"]
    done = subprocess.run(
        args + (["--jsonl"] if jsonl else []),
        input=f"/andra {question_number('gavleborg', 'title')}\nFörskola i Sandviken\n".encode(
            "latin-1"
        ),
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert b"Traceback" not in done.stderr
    with TinyStore(tmp_path / "data") as store:
        title = store.get_draft("console:latin")["state"]["answers"]["title"]
    assert title == "F\ufffdrskola i Sandviken"
