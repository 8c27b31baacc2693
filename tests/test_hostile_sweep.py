"""Every hostile input at every question of every fund (issue 10), through the application
layer and its store (drafts kept as JSON text, as on disk): nothing crashes, a refusal is
Swedish and asks the same question again, a value that is taken is one the answer model
accepts, and ``/sammanfattning`` and a resume from storage work afterwards.

The flow is walked with each fund's persona (``tests/data/dialogues``). At every question
every hostile input is tried on a copy of the stored draft, which is put back before the
valid answer is typed, so one hostile value never changes the questions that follow.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from dialogs.events import TextInput, ValueInput
from dialogs.replies import Ask, End, Message
from dialogs.state import Special
from knowledge.answers import validate_field
from storage import MemoryStore
from tests.support.client import DialogClient
from tests.support.core import make_core
from tests.support.dialogue import PERSONAS, load_dialogue

USER = "console:hostile"
DEEP = "[" * 10_000 + "]" * 10_000

# What a careless or hostile person types (or a script sends) at any question.
TYPED = [
    "\x00\x01\x07\x1b[31m\x7f",
    "L\ud800x\udfff",
    "a" * 100_000,
    "9" * 100_000,
    "1" + "0" * 30 + " kr",
    "1e308",
    "9999-12-30",
    "{{ 7*7 }}",
    "{% for x in range(10**10) %}x{% endfor %}",
    "{% for %}",
    "& < > &amp; <script>",
    DEEP,
    '{"a": 1}',
    "[1, 2, 3]",
    "👍🏽 ja 🎉",
    "\u202eja\u202c",
    "\u200fnej\u200e",
    "1\u200b000",
    "1\u200b200\u200b000 kr",
    "\ufeff2027-01-01",
]
SENT = [{"a": [1, {"b": None}]}, [1, "x", None], True, None, 1e308, 10**30, "\ud800", -1]
SWEDISH = re.compile(r"[åäöÅÄÖ]|\b(?:och|att|jag|det|inte|svar|eller|väntades)\b")


def sane(answers: dict[str, Any]) -> None:
    """Every stored field is one the answer model accepts and the draft serialises."""
    for field, value in answers.items():
        validate_field(field, value)
    json.dumps(answers, ensure_ascii=False).encode("utf-8")


def swedish_messages(replies: list[Any]) -> str:
    text = "\n".join(r.text for r in replies if isinstance(r, Message))
    assert text and SWEDISH.search(text), replies
    return text


REFUSED = ("Det svaret kunde jag inte tolka", "Det vet jag inte säkert")


def try_hostile(store, core, person, event, field) -> None:
    """One hostile input at ``field``, then the draft as it was."""
    before = store.get_draft(USER)
    replies = core.handle(USER, event)
    person.last = replies
    sane(store.get_draft(USER)["state"]["answers"])
    asks = [r for r in replies if isinstance(r, Ask)]
    # The dialog asks something next, or stops where "nej" stops it (the quick check).
    assert asks or isinstance(replies[-1], End), replies
    text = "\n".join(r.text for r in replies if isinstance(r, Message))
    if text.startswith(REFUSED) or (asks and asks[-1].field == field):  # why, then again
        swedish_messages(replies)
        assert asks[-1].field == field, replies
    else:  # taken: the summary and a resume from storage work with it
        assert "Sammanfattning av dina svar" in swedish_messages(
            core.handle(USER, TextInput("/sammanfattning"))
        )
        resumed = core.start(USER)
        assert [r for r in resumed if isinstance(r, Ask)], resumed
    store.save_draft(USER, before)


@pytest.mark.parametrize("fund", sorted(PERSONAS))
def test_every_hostile_input_at_every_question(tmp_path, fund):
    store = MemoryStore()  # drafts serialised as JSON, as the file store does (and faster)
    core = make_core(tmp_path, store=store)
    person = DialogClient(core, USER)
    person.start(fund=fund)
    dialogue = load_dialogue(PERSONAS[fund])
    asked = set()
    for line in dialogue.lines:
        field = person.ask.field
        assert field == line.field, (field, line)
        if field != Special.CONFIRM_SUBMIT:
            asked.add(field)
            for typed in TYPED:
                try_hostile(store, core, person, TextInput(typed), field)
            for value in SENT:
                try_hostile(store, core, person, ValueInput(value), field)
        # The draft as it was: the question is asked again and the valid answer goes on.
        person.start(fund=fund)
        if person.ask.field == Special.CONFIRM_RESUME:
            person.send("ja")
        assert person.ask.field == field
        if line.press is not None:
            [value] = [o.value for o in person.ask.options if o.label == line.press]
            person.press(value)
        else:
            person.send(line.text)
    assert len(asked) >= 30
