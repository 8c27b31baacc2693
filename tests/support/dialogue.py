"""Scripted dialogues in natural prose (``tests/data/dialogues/*.yaml``) and their players.

A dialogue is what a busy municipal officer types, line by line, each with the question
(protocol field) the bot must be asking at that moment: ``- start_date: januari 2027
till december 2029``, or a button: ``- partners: {press: "Ja"}``. Playing one checks
the order of the questions as it goes and counts the asks up to the quick check's
verdict and the inputs of the whole dialog.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dialogs.replies import AnswerReply, Ask, VerdictReply
from knowledge.base import load_knowledge
from knowledge.criteria import evaluate
from tests.conftest import example_answers, example_expected
from tests.support.applicant import blekinge_answers
from tests.support.client import DialogClient, EngineTransport
from tests.support.core import context

DIALOGUES = Path(__file__).resolve().parent.parent / "data" / "dialogues"
NAMES = sorted(p.stem for p in DIALOGUES.glob("*.yaml"))


@dataclass(frozen=True)
class Line:
    """One input: the question it answers and the text typed (or the button pressed)."""

    field: str
    text: str | None = None
    press: str | None = None


@dataclass(frozen=True)
class Dialogue:
    """A whole scripted dialogue."""

    name: str
    fund: str
    example: str
    lines: tuple[Line, ...]
    extra: dict[str, Any] = field(default_factory=dict)


def load_dialogue(name: str) -> Dialogue:
    """``tests/data/dialogues/<name>.yaml``."""
    data = yaml.safe_load((DIALOGUES / f"{name}.yaml").read_text(encoding="utf-8"))
    lines = []
    for entry in data["lines"]:
        [(field_name, value)] = entry.items()
        if isinstance(value, dict):
            lines.append(Line(field_name, press=value["press"]))
        else:
            lines.append(Line(field_name, text=str(value)))
    return Dialogue(name, data["fund"], data["example"], tuple(lines), data.get("extra") or {})


def expected_answers(dialogue: Dialogue) -> dict[str, Any]:
    """The answers the dialogue must end with: the example's, and its ``extra``."""
    if dialogue.example == "blekinge":
        answers = blekinge_answers(example_answers("gavleborg-ready"))
    else:
        answers = example_answers(dialogue.example)
    return {**answers, **dialogue.extra}


def expected_verdict(dialogue: Dialogue) -> tuple[str, set[str]]:
    """The verdict and the failed rules the dialogue must end with."""
    if dialogue.example == "blekinge":
        fund = load_knowledge().fund("blekinge")
        result = evaluate(expected_answers(dialogue), fund)  # the extra answers included
        return str(result.verdict), {f.rule for f in result.findings if f.status == "fail"}
    expected = example_expected(dialogue.example)
    return expected["verdict"], set(expected["fail"])


def asked_answers(answers: dict[str, Any], fields: set[str]) -> dict[str, Any]:
    """The answers of the fields a fund asks (an empty text counts as unanswered)."""
    return {k: v for k, v in answers.items() if k in fields and v != ""}


@dataclass
class Played:
    """What playing a dialogue showed."""

    replies: list[Any] = field(default_factory=list)
    asks_to_verdict: int | None = None
    inputs: int = 0
    fields: list[str] = field(default_factory=list)


def play(client: DialogClient, dialogue: Dialogue, *, until: str | None = None) -> Played:
    """Plays ``dialogue`` on a started client (through the engine or the application).

    Args:
        client: A client whose dialog has started (its last replies end with an ask).
        dialogue: The dialogue.
        until: Stop before the line for this field (None: play every line).

    Raises:
        AssertionError: when the bot asks another question than the script expects.
    """
    played = Played(replies=list(client.last))
    asks = sum(1 for r in client.last if isinstance(r, Ask))
    for line in dialogue.lines:
        ask = client.ask
        assert ask is not None, f"no question before {line}: {client.last}"
        if line.field == until:
            break
        assert ask.field == line.field, (
            f"{dialogue.name}: expected {line.field}, asked {ask.field}: {ask.text}"
        )
        played.fields.append(ask.field)
        if line.press is not None:
            [value] = [o.value for o in ask.options if o.label == line.press]
            replies = client.press(value)
        else:
            replies = client.send(line.text)
        played.inputs += 1
        played.replies += replies
        if played.asks_to_verdict is None:
            if any(isinstance(r, VerdictReply) and r.preliminary for r in replies):
                played.asks_to_verdict = asks
            asks += sum(1 for r in replies if isinstance(r, Ask))
    return played


CTX = context()
# The persona that gets each fund's dialogue to any question.
PERSONAS = {
    "gavleborg": "gavleborg-ready",
    "sundsvall": "sundsvall-no-comparison",
    "blekinge": "blekinge-ready",
}
FUNDS = sorted(PERSONAS)


def engine_client() -> DialogClient:
    """A person talking to the pure engine (with the real knowledge and flow)."""
    return DialogClient(EngineTransport(CTX))


def at_question(fund: str, field: str) -> DialogClient:
    """A client whose fund's persona has answered everything before ``field``."""
    client = engine_client()
    client.start(fund=fund)
    play(client, load_dialogue(PERSONAS[fund]), until=field)
    assert client.ask.field == field
    return client


def answers_of(client: DialogClient) -> dict[str, Any]:
    """The answers of an engine client's dialog."""
    return client.transport.state.answers


def answer_lines(replies: list[Any]) -> list[tuple[str, Any]]:
    """The ``answer`` lines among replies as (field, value)."""
    return [(r.field, r.value) for r in replies if isinstance(r, AnswerReply)]
