"""The console channel: readable Swedish, numbered options, progress, findings."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from bot.commands.chat import user_key
from bot.terminal.console import run_console
from dialogs.flow import load_flow
from tests.conftest import example_answers
from tests.support.applicant import ScriptedApplicant
from tests.support.core import make_core
from tests.support.screen import ScreenReader

IDEBOT = Path(sys.executable).with_name("idebot")


class Person:
    """Types the applicant's answers at the prompt, reading the last question printed."""

    def __init__(self, out, answers):
        self.out = out
        self.applicant = ScriptedApplicant(answers)
        self.screen = ScreenReader(load_flow())
        self.read = 0

    def __call__(self, prompt):
        text = self.out.getvalue()
        new, self.read = text[self.read :], len(text)
        ask = self.screen.last_ask(new)
        assert ask is not None, f"no question on the screen: {new[-300:]}"
        return self.applicant.reply(ask)


def test_a_console_dialog_shows_progress_options_findings_and_the_document(tmp_path):
    core = make_core(tmp_path)
    out = io.StringIO()
    person = Person(out, example_answers("gavleborg-short-cofinancing"))
    assert run_console(core, "console:anna", fund=None, out=out, read=person) == 0
    text = out.getvalue()
    assert "Fråga 1 av 36 · Snabbkollen" in text
    assert "  1. Barn och unga\n  2. Unga vuxna" in text
    assert "(ett eller flera nummer, t.ex. 1, 3)" in text
    assert "✗ Ej uppfyllt: Medfinansieringen är 30 %" in text
    assert "✓ Uppfyllt:" in text
    assert "Ansökan (idéansökan-tidigt-stöd-i-förskolan.docx) är sparad:" in text


def test_end_of_input_at_the_prompt_keeps_the_draft(tmp_path):
    core = make_core(tmp_path)
    answers = iter(["barn och unga"])

    def read(prompt):
        try:
            return next(answers)
        except StopIteration:
            raise EOFError from None

    out = io.StringIO()
    assert run_console(core, "console:anna", fund=None, out=out, read=read) == 0
    assert "Utkastet är sparat" in out.getvalue()
    assert core.store.get_draft("console:anna")["state"]["answers"]["target_groups"] == [
        "barn_unga"
    ]


def test_the_default_user_is_the_os_user():
    assert user_key("anna") == "console:anna"
    assert user_key(None).startswith("console:") and len(user_key(None)) > len("console:")


def test_idebot_chat_runs_the_console_for_people(tmp_path):
    env = {**os.environ, "IDEBOT_DATA_DIR": str(tmp_path / "data")}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    result = subprocess.run(
        [str(IDEBOT)],
        input="barn och unga\n/sammanfattning\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Hej! Jag är Idébot" in result.stdout
    assert "1. Målgrupp: Barn och unga" in result.stdout
    assert "Traceback" not in result.stderr


def test_an_unknown_fund_is_one_swedish_line_and_exit_2(tmp_path):
    env = {**os.environ, "IDEBOT_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run(
        [str(IDEBOT), "chat", "--fund", "norrland"],
        input="",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 2
    assert "norrland" in result.stderr and "Traceback" not in result.stderr


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_whole_words_per_line_and_a_pipe_gets_whole_lines(tmp_path):
    from bot.terminal.console import show
    from dialogs.replies import Message

    long = "Ja. En förutsättning för att få sociala investeringsmedel är " * 4
    terminal, pipe = _Terminal(), io.StringIO()
    show([Message(long.strip())], terminal)
    show([Message(long.strip())], pipe)
    lines = terminal.getvalue().splitlines()
    assert len(lines) > 1 and all(len(line) <= 100 for line in lines)
    assert " ".join(lines) == long.strip()  # nothing lost, no word cut in two
    assert pipe.getvalue() == long.strip() + "\n"


def test_a_document_path_is_never_cut_at_a_hyphen_on_a_terminal():
    from bot.terminal.console import show
    from dialogs.replies import DocumentReply

    path = "/srv/idebot/data/applications/" + "5R7cg-ECneIg3UA78cAaQA" * 3 + ".docx"
    terminal = _Terminal()
    show([DocumentReply(path, "5R7cg-ECneIg3UA78cAaQA", "ideansokan-tidig-insats.docx")], terminal)
    assert path in terminal.getvalue()  # on one line, not cut at a hyphen


def test_the_console_shows_noterat_and_the_verdicts_but_no_answer_lines():
    from bot.terminal.console import show
    from dialogs.replies import AnswerReply, Message, VerdictReply

    out = io.StringIO()
    replies = [
        AnswerReply("requested_amount", 600000),
        Message("Noterat: 600 000 kr."),
        VerdictReply("ready", False, (), "Bedömning: Idén uppfyller kriterierna."),
    ]
    show(replies, out)
    assert out.getvalue() == "Noterat: 600 000 kr.\n\nBedömning: Idén uppfyller kriterierna.\n"
