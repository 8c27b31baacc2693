"""The prose dialogues through the real PTB ``Application``: typed lines and buttons."""

from __future__ import annotations

import pytest

from dialogs.state import Special
from storage import MemoryStore
from tests.support.core import question_number
from tests.support.dialogue import (
    FUNDS,
    PERSONAS,
    Dialogue,
    asked_answers,
    expected_answers,
    expected_verdict,
    load_dialogue,
)
from tests.support.screen import ScreenReader
from tests.telegram_fakes import make_settings, start_harness, texts

ANNA = 1001


async def harness_for(tmp_path, clock, fund: str):
    settings = make_settings(tmp_path / "data", fund=fund)
    return await start_harness(settings, store=MemoryStore(clock=clock), clock=clock)


def _buttons(harness, user: int) -> list[str]:
    message = harness.fake.last_keyboard_message(user) or {}
    rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    return [b["text"] for row in rows for b in row]


async def play_in_telegram(harness, user: int, dialogue: Dialogue, *, until: str | None = None):
    """Types each line (or presses its button), checking the question on the screen."""
    screen = ScreenReader(harness.core.flow)
    calls = []
    for line in dialogue.lines:
        if line.field == until:
            break
        last = harness.fake.last_message(user) or {}
        ask = screen.last_ask("\n" + last.get("text", ""))
        if ask is not None:
            assert ask.field == line.field, (line, last.get("text"))
        if line.press is not None:
            assert line.press in _buttons(harness, user), (line, _buttons(harness, user))
            calls += await harness.press(user, line.press)
        else:
            calls += await harness.send(user, line.text)
        harness.assert_no_errors()
    return calls


@pytest.mark.parametrize("name", sorted(set(PERSONAS.values()) | {"gavleborg-short-cofinancing"}))
async def test_a_persona_in_telegram_gets_the_examples_answers_and_verdict(tmp_path, clock, name):
    dialogue = load_dialogue(name)
    harness = await harness_for(tmp_path, clock, dialogue.fund)
    try:
        calls = await harness.send(ANNA, "/start")
        calls += await play_in_telegram(harness, ANNA, dialogue)
        shown = "\n".join(texts(calls))
        assert "Noterat:" in shown and "Preliminärt besked:" in shown
        assert "Vill du fortsätta med hela ansökan?" in shown
        assert '"type"' not in shown and "'type'" not in shown  # answer lines are not shown
        assert "Det svaret kunde jag inte tolka" not in shown
        [app] = harness.store.list_applications(user="telegram:1001")
        fields = harness.core.flow.fields_for(dialogue.fund)
        expected = asked_answers(expected_answers(dialogue), fields)
        assert asked_answers(app["answers"], fields) == expected
        verdict, fails = expected_verdict(dialogue)
        assert app["verdict"] == verdict
        assert {f["rule"] for f in app["findings"] if f["status"] == "fail"} == fails
        assert [c for c in calls if c.method == "sendDocument"]
        harness.assert_no_errors()
    finally:
        await harness.app.shutdown()
        harness.runtime.close()


@pytest.mark.parametrize("fund", FUNDS)
async def test_an_answer_naming_two_options_gets_them_as_buttons(tmp_path, clock, fund):
    harness = await harness_for(tmp_path, clock, fund)
    try:
        await harness.send(ANNA, "/start")
        await play_in_telegram(
            harness, ANNA, load_dialogue(PERSONAS[fund]), until="intervention_type"
        )
        calls = await harness.send(ANNA, "både förebyggande och tidig")
        assert "Det svaret kunde jag inte tolka" in texts(calls)[0]
        assert _buttons(harness, ANNA) == ["Förebyggande insats", "Tidig insats"]
        await harness.press(ANNA, "Tidig insats")
        answers = harness.store.get_draft("telegram:1001")["state"]["answers"]
        assert answers["intervention_type"] == "tidig"
        harness.assert_no_errors()
    finally:
        await harness.app.shutdown()
        harness.runtime.close()


@pytest.mark.parametrize("fund", FUNDS)
async def test_list_rows_are_confirmed_by_buttons_and_changed_by_typing(tmp_path, clock, fund):
    harness = await harness_for(tmp_path, clock, fund)
    try:
        await harness.send(ANNA, "/start")
        dialogue = load_dialogue(PERSONAS[fund])
        await play_in_telegram(harness, ANNA, dialogue, until="partners")
        calls = await harness.send(ANNA, "Karlskrona kommun, Röda korset och BRIS")
        shown = "\n".join(texts(calls))
        assert "Noterat: tre samverkansparter: Karlskrona kommun, Röda korset och BRIS." in shown
        assert "Jag gissar organisationstypen" in shown and _buttons(harness, ANNA) == ["Ja", "Nej"]
        await harness.press(ANNA, "Nej")  # then each row, the guess as the first button
        assert _buttons(harness, ANNA)[0] == "Kommun/kommunal förvaltning"
        await harness.press(ANNA, "Kommun/kommunal förvaltning")
        await harness.press(ANNA, "Ideell förening, stiftelse eller kooperativ")
        await harness.send(ANNA, "ja")  # BRIS: the guess, typed
        await harness.send(ANNA, "/tillbaka")
        calls = await harness.send(ANNA, "ta bort 2")
        assert "Borttagen: Röda korset" in "\n".join(texts(calls))
        await harness.press(ANNA, "Nej")  # "en till?": the list is done
        answers = harness.store.get_draft("telegram:1001")["state"]["answers"]
        assert answers["partners"] == [
            {"name": "Karlskrona kommun", "org_type": "kommun"},
            {"name": "BRIS", "org_type": "ideell"},
        ]
        after = next(i for i, line in enumerate(dialogue.lines) if line.field == "partners")
        following = next(line.field for line in dialogue.lines[after:] if line.field != "partners")
        screen = ScreenReader(harness.core.flow)
        assert screen.last_ask("\n" + harness.fake.last_message(ANNA)["text"]).field == following
        harness.assert_no_errors()
    finally:
        await harness.app.shutdown()
        harness.runtime.close()


@pytest.mark.parametrize("fund", FUNDS)
async def test_after_an_edit_only_the_change_is_shown_and_back_is_the_last_question(
    tmp_path, clock, fund
):
    harness = await harness_for(tmp_path, clock, fund)
    try:
        await harness.send(ANNA, "/start")
        dialogue = load_dialogue(PERSONAS[fund])
        await play_in_telegram(harness, ANNA, dialogue, until=Special.CONFIRM_SUBMIT)
        number = question_number(fund, "requested_amount")
        await harness.send(ANNA, f"/andra {number}")
        shown = "\n".join(texts(await harness.send(ANNA, "650 000 kr")))
        assert f"Ändrat i sammanfattningen:\n{number}. Sökt belopp: 650 000 kr" in shown
        assert "Sammanfattning av dina svar" not in shown
        assert "Bedömning:" in shown and "Vill du skicka idén" in shown
        back = texts(await harness.send(ANNA, "/tillbaka"))[-1]
        assert "Vilket telefonnummer har kontaktpersonen?" in back
        assert "Nuvarande svar: 070-123 45 67" in back
        await harness.send(ANNA, "samma")
        calls = await harness.press(ANNA, "Ja")
        shown = "\n".join(texts(calls))
        assert "Tack! Idén är skickad till samordnaren" in shown and "Vad händer nu?" in shown
        [app] = harness.store.list_applications(user="telegram:1001")
        assert app["answers"]["requested_amount"] == 650000
        harness.assert_no_errors()
    finally:
        await harness.app.shutdown()
        harness.runtime.close()
