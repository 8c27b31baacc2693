"""Updates through the real running Application: chats at once, each chat in order.

The bot is started (``Application.start``: PTB's update fetcher and the per-chat update
processor) and updates are put on its queue as the poller or webhook would, while every
Bot API call takes a while, as Telegram's round trip does.
"""

from __future__ import annotations

import asyncio

import pytest

from storage import MemoryStore
from tests.conftest import example_answers
from tests.support.applicant import ScriptedApplicant
from tests.support.screen import ScreenReader
from tests.telegram_fakes import FakeTelegram, SteppingClock, make_settings, start_harness

LATENCY = 0.03  # seconds per Bot API call
ANSWERS = example_answers("gavleborg-ready")


@pytest.fixture
async def running(tmp_path):
    """A started bot whose Bot API calls take LATENCY each."""
    clock = SteppingClock()
    fake = FakeTelegram(latency=LATENCY)
    harness = await start_harness(
        make_settings(tmp_path / "data"), store=MemoryStore(clock=clock), fake=fake, clock=clock
    )
    await harness.app.start()
    yield harness
    await harness.app.stop()
    await harness.app.shutdown()
    harness.runtime.close()
    harness.assert_no_errors()


async def _until(condition, seconds: float = 20.0, fake: FakeTelegram | None = None) -> None:
    """Waits until ``condition()`` holds with no Bot API call still waiting for its answer."""
    for _ in range(int(seconds / 0.01)):
        if condition() and (fake is None or fake.in_flight == 0):
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the bot did not get there in time")


def _questions(fake: FakeTelegram, chat: int) -> list[str]:
    """The progress line of every question sent to the chat, in order."""
    return [
        line for text in fake.texts(chat) for line in text.splitlines() if line.startswith("Fråga ")
    ]


def _open_field(running, chat: int) -> str:
    last = running.fake.last_message(chat)
    return ScreenReader(running.core.flow).last_ask("\n" + last["text"]).field


async def _answer_typed(running, person: ScriptedApplicant, chat: int) -> None:
    """One typed answer to the open question; returns once the next one is shown."""
    last = running.fake.last_message(chat)
    ask = ScreenReader(running.core.flow).last_ask("\n" + last["text"])
    shown = len(_questions(running.fake, chat))
    await running.app.update_queue.put(
        running.fake.text_update(running.app.bot, chat, person.reply(ask))
    )
    await _until(lambda: len(_questions(running.fake, chat)) == shown + 1, fake=running.fake)


async def test_three_answers_sent_at_once_land_in_order_on_consecutive_questions(running):
    fake, app, anna = running.fake, running.app, 1001
    await app.update_queue.put(fake.text_update(app.bot, anna, "/start"))
    await _until(lambda: len(_questions(fake, anna)) == 1, fake=fake)
    person = ScriptedApplicant(ANSWERS)
    while _open_field(running, anna) != "intervention_type":
        await _answer_typed(running, person, anna)
    shown = len(_questions(fake, anna))

    # A tap on a button (two Bot API calls before the dialog sees it) and two typed
    # answers right behind it, all before the bot has answered the first.
    await app.update_queue.put(fake.press_update(app.bot, anna, "Förebyggande insats"))
    await app.update_queue.put(fake.text_update(app.bot, anna, "Vetenskaplig evidens"))
    await app.update_queue.put(fake.text_update(app.bot, anna, ANSWERS["applicant"]["name"]))
    await _until(lambda: len(_questions(fake, anna)) == shown + 3, fake=fake)

    answers = running.store.get_draft(f"telegram:{anna}")["state"]["answers"]
    fields = ("intervention_type", "evidence_basis")
    assert {field: answers.get(field) for field in fields} == {f: ANSWERS[f] for f in fields}
    assert answers["applicant"] == {"name": ANSWERS["applicant"]["name"]}
    numbers = [int(line.split()[1]) for line in _questions(fake, anna)]
    assert numbers == list(range(1, len(numbers) + 1))  # each question once, in order
    assert _open_field(running, anna) == "applicant.unit"


async def test_people_are_answered_at_the_same_time_not_one_after_another(running):
    fake, app = running.fake, running.app
    people = list(range(2001, 2021))
    for person in people:
        await app.update_queue.put(fake.text_update(app.bot, person, "/start"))
    await _until(lambda: all(_questions(fake, person) for person in people))
    # Twenty people waiting on Telegram's answers at the same moment: handled together.
    assert fake.most_in_flight >= 10
    for person in people:
        await app.update_queue.put(fake.text_update(app.bot, person, "barn och unga"))
    await _until(lambda: all(len(_questions(fake, person)) == 2 for person in people))
    for person in people:
        draft = running.store.get_draft(f"telegram:{person}")
        assert draft["state"]["answers"]["target_groups"] == ANSWERS["target_groups"]
