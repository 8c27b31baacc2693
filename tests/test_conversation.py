"""Whole dialogues typed as busy municipal officers write, through the pure engine.

Each persona of ``tests/data/dialogues`` (one line per question, natural prose) must
reach the quick check's verdict within 15 asks, end with exactly the answers of its
example file, and get the example's exact verdict.
"""

from __future__ import annotations

import pytest

from dialogs.replies import AnswerReply, VerdictReply
from dialogs.state import Special
from knowledge.base import load_knowledge
from knowledge.criteria import evaluate
from tests.support.client import DialogClient, EngineTransport
from tests.support.core import context
from tests.support.dialogue import (
    NAMES,
    asked_answers,
    expected_answers,
    expected_verdict,
    load_dialogue,
    play,
)

MAX_ASKS_TO_VERDICT = 15
CTX = context()


def engine_client() -> DialogClient:
    return DialogClient(EngineTransport(CTX))


@pytest.mark.parametrize("name", NAMES)
def test_a_persona_typing_prose_gets_the_examples_answers_and_exact_verdict(name):
    dialogue = load_dialogue(name)
    client = engine_client()
    client.start(fund=dialogue.fund)
    played = play(client, dialogue, until=Special.CONFIRM_SUBMIT)
    assert played.asks_to_verdict is not None and played.asks_to_verdict <= MAX_ASKS_TO_VERDICT
    answers = client.transport.state.answers
    fields = CTX.flow.fields_for(dialogue.fund)
    assert asked_answers(answers, fields) == asked_answers(expected_answers(dialogue), fields)
    # What the answer lines said is what was stored.
    told = {r.field: r.value for r in played.replies if isinstance(r, AnswerReply)}
    assert told == {k: v for k, v in answers.items() if k != "fund"}
    verdict, fails = expected_verdict(dialogue)
    result = evaluate(answers, load_knowledge().fund(dialogue.fund))
    assert str(result.verdict) == verdict
    assert {f.rule for f in result.findings if f.status == "fail"} == fails
    # The last verdict line before confirm_submit is the whole verdict, with every finding.
    last = [r for r in client.last if isinstance(r, VerdictReply)]
    assert [(v.preliminary, v.verdict) for v in last] == [(False, verdict)]
    assert {f.rule for f in last[0].findings} == {f.rule for f in result.findings}
    client.send("ja")
    assert [e.kind for e in client.transport.effects] == ["submit"]
