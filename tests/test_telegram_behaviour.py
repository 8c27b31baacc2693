"""The behaviour QA round's findings through the real PTB ``Application``, buttons
included: a row begun with the Ja button and then "nej", a pressed choice, "samma"
at a role not yet given, and the confirmation of a deployment that sends nowhere."""

from __future__ import annotations

import pytest

from dialogs.state import Special
from storage import MemoryStore
from tests.support.core import question_number
from tests.support.dialogue import FUNDS, PERSONAS, load_dialogue
from tests.support.screen import ScreenReader
from tests.telegram_fakes import make_settings, start_harness, texts

ANNA = 1001
USER = "telegram:1001"


async def harness_for(tmp_path, clock, fund: str, **settings):
    config = make_settings(tmp_path / "data", fund=fund, **settings)
    return await start_harness(config, store=MemoryStore(clock=clock), clock=clock)


def buttons(harness) -> list[str]:
    message = harness.fake.last_keyboard_message(ANNA) or {}
    rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    return [b["text"] for row in rows for b in row]


def asked(harness) -> str | None:
    """The field of the question on the screen (None while a multi-choice is toggled)."""
    text = "\n" + (harness.fake.last_message(ANNA) or {}).get("text", "")
    ask = ScreenReader(harness.core.flow).last_ask(text)
    return ask.field if ask is not None else None


def answers(harness) -> dict:
    return harness.store.get_draft(USER)["state"]["answers"]


async def play_until(harness, fund: str, field: str) -> None:
    """Plays the fund's persona (typed lines and buttons) up to the question ``field``."""
    for line in load_dialogue(PERSONAS[fund]).lines:
        if line.field == field:
            break
        assert asked(harness) in (line.field, None)
        if line.press is not None:
            await harness.press(ANNA, line.press)
        else:
            await harness.send(ANNA, line.text)
        harness.assert_no_errors()
    assert asked(harness) == field


@pytest.mark.parametrize("fund", FUNDS)
async def test_nej_after_the_ja_button_ends_the_list_and_a_pressed_choice_is_not_echoed(
    tmp_path, clock, fund
):
    harness = await harness_for(tmp_path, clock, fund)
    try:
        await harness.send(ANNA, "/start")
        await play_until(harness, fund, "intervention_type")
        calls = await harness.press(ANNA, "Tidig insats")
        assert not any("Noterat" in t for t in texts(calls))  # before: "Noterat: Tidig insats."
        assert answers(harness)["intervention_type"] == "tidig"
        where = asked(harness)
        await harness.send(ANNA, f"/andra {question_number(fund, 'partners')}")
        await harness.send(ANNA, "Karlskrona kommun")
        await harness.press(ANNA, "Ja")  # the guessed type
        assert asked(harness) == where  # back where the person was
        await harness.send(ANNA, f"/andra {question_number(fund, 'partners')}")
        assert buttons(harness) == ["Ja", "Nej"]
        await harness.press(ANNA, "Ja")  # one more partner …
        assert "Vad heter samverkansparten?" in harness.fake.last_message(ANNA)["text"]
        calls = await harness.send(ANNA, "nej det är alla")  # … no, that was all
        assert answers(harness)["partners"] == [{"name": "Karlskrona kommun", "org_type": "kommun"}]
        assert not any("avslag" in t for t in texts(calls))
        assert asked(harness) == where
        harness.assert_no_errors()
    finally:
        await harness.app.shutdown()
        harness.runtime.close()


@pytest.mark.parametrize("fund", FUNDS)
async def test_samma_at_a_role_not_yet_given_is_asked_back(tmp_path, clock, fund):
    harness = await harness_for(tmp_path, clock, fund)
    try:
        await harness.send(ANNA, "/start")
        await play_until(harness, fund, Special.CONFIRM_CONTINUE)
        await harness.press(ANNA, "Ja")
        calls = await harness.send(ANNA, "samma")
        assert any("inget svar att behålla" in t for t in texts(calls))
        assert "role" not in answers(harness)["partners"][0]  # before: the role "samma"
        harness.assert_no_errors()
    finally:
        await harness.app.shutdown()
        harness.runtime.close()


@pytest.mark.parametrize("fund", FUNDS)
async def test_without_a_coordinator_chat_the_confirmation_offers_to_save(tmp_path, clock, fund):
    harness = await harness_for(tmp_path, clock, fund, coordinator_chat_ids=[])
    try:
        await harness.send(ANNA, "/start")
        await play_until(harness, fund, Special.CONFIRM_SUBMIT)
        question = harness.fake.last_message(ANNA)["text"]
        assert "Vill du spara ansökan och få den i Word?" in question  # before: "skicka"
        assert "Vill du skicka idén" not in question
        calls = await harness.press(ANNA, "Ja")
        shown = "\n".join(texts(calls))
        assert "Skicka Word-dokumentet själv till samordnaren" in shown
        assert "skickad till samordnaren" not in shown
        assert [c for c in calls if c.method == "sendDocument"]  # the person gets it
        harness.assert_no_errors()
    finally:
        await harness.app.shutdown()
        harness.runtime.close()
