"""The outbox worker: coordinator deliveries that survive failures and restarts, once."""

from __future__ import annotations

import asyncio
import io
import zipfile
from datetime import datetime

import pytest

from storage import DeliveryStatus
from storage.tiny import TinyStore
from tests.telegram_fakes import (
    COORDINATOR_CHAT,
    Failure,
    FakeTelegram,
    make_settings,
    seed_application,
    start_harness,
)

APPLICANT = "telegram:1001"

# PTB itself warns while building a RetryAfter (its retry_after type changes in v23).
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


def _documents_to_coordinator(fake: FakeTelegram) -> list:
    return fake.of("sendDocument", COORDINATOR_CHAT)


def _is_docx(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "word/document.xml" in archive.namelist()


async def test_a_submitted_application_reaches_the_coordinator_chat_once(bot):
    app = seed_application(
        bot.store, bot.runtime.settings, "gavleborg-short-cofinancing", user=APPLICANT
    )
    assert await bot.runtime.outbox.run_once() == 1
    [call] = _documents_to_coordinator(bot.fake)
    caption = call.params["caption"]
    assert app["answers"]["title"] in caption
    assert app["answers"]["applicant"]["name"] in caption
    assert "Region Gävleborg" in caption
    assert "uppfyller inte alla krav" in caption  # the verdict, in Swedish
    assert "200 000 kr" in caption  # the co-financing shortfall
    filename, data = call.files["document"]
    assert filename.endswith(".docx")
    assert _is_docx(data)
    [delivery] = bot.store.list_deliveries()
    assert delivery["status"] == DeliveryStatus.DELIVERED
    # Another pass sends nothing.
    assert await bot.runtime.outbox.run_once() == 0
    assert len(_documents_to_coordinator(bot.fake)) == 1


async def test_network_errors_and_5xx_are_retried_with_growing_backoff(bot, clock):
    seed_application(bot.store, bot.runtime.settings, "gavleborg-ready", user=APPLICANT)
    worker = bot.runtime.outbox
    backoff = bot.runtime.core.outbox
    bot.fake.fail_next(1, Failure.NETWORK)
    assert await worker.run_once() == 0
    [delivery] = bot.store.list_deliveries()
    assert delivery["attempts"] == 1
    first_wait = datetime.fromisoformat(delivery["next_attempt"]) - clock()
    assert first_wait.total_seconds() == pytest.approx(backoff.base_delay)

    # Not due yet: nothing is attempted.
    attempts_before = len(bot.fake.calls)
    assert await worker.run_once() == 0
    assert len(bot.fake.calls) == attempts_before

    clock.advance(seconds=first_wait.total_seconds())
    bot.fake.fail_next(1, Failure.SERVER)
    assert await worker.run_once() == 0
    [delivery] = bot.store.list_deliveries()
    second_wait = datetime.fromisoformat(delivery["next_attempt"]) - clock()
    assert second_wait > first_wait  # exponential backoff

    clock.advance(seconds=second_wait.total_seconds())
    assert await worker.run_once() == 1
    assert len(_documents_to_coordinator(bot.fake)) == 1
    failed = [c for c in bot.fake.calls if c.method == "sendDocument" and c.failed]
    assert [c.failed for c in failed] == [Failure.NETWORK, Failure.SERVER]


async def test_429_waits_at_least_retry_after(bot, clock):
    seed_application(bot.store, bot.runtime.settings, "gavleborg-ready", user=APPLICANT)
    bot.fake.fail_next(1, Failure.RETRY_AFTER, retry_after=120)
    assert await bot.runtime.outbox.run_once() == 0
    [delivery] = bot.store.list_deliveries()
    wait = datetime.fromisoformat(delivery["next_attempt"]) - clock()
    assert wait.total_seconds() >= 120
    assert "429" in delivery["last_error"]
    clock.advance(seconds=119)
    assert await bot.runtime.outbox.run_once() == 0
    clock.advance(seconds=1)
    assert await bot.runtime.outbox.run_once() == 1


async def test_a_long_summary_goes_as_messages_then_the_document(bot, clock):
    app = seed_application(
        bot.store, bot.runtime.settings, "sundsvall-no-comparison", user=APPLICANT
    )
    # A summary longer than a caption, and longer than one message (many shortfalls).
    findings = app["findings"] + [
        {"rule": f"x.{i}", "status": "fail", "message": f"Saknas {i}: " + "å" * 80}
        for i in range(60)
    ]
    bot.store.update_application(app["id"], {"findings": findings})
    assert await bot.runtime.outbox.run_once() == 1
    texts = [c.params["text"] for c in bot.fake.of("sendMessage", COORDINATOR_CHAT)]
    assert len(texts) == 2 and all(len(t) <= 4096 for t in texts)
    joined = "\n".join(texts)
    assert all(joined.count(f"Saknas {i}: ") == 1 for i in range(60))
    [delivery] = bot.store.list_deliveries()
    assert f"Leverans-id: {delivery['id']}" in joined
    assert len(_documents_to_coordinator(bot.fake)) == 1


async def test_a_delivery_tried_again_says_it_may_be_a_repeat(bot, clock):
    # At least once: Telegram may have shown the first try although its answer was lost.
    seed_application(bot.store, bot.runtime.settings, "gavleborg-ready", user=APPLICANT)
    bot.fake.fail_next(1, Failure.NETWORK, methods={"sendDocument"})
    assert await bot.runtime.outbox.run_once() == 0
    clock.advance(hours=1)
    assert await bot.runtime.outbox.run_once() == 1
    first, again = [c for c in bot.fake.calls if c.method == "sendDocument"]
    assert first.failed is Failure.NETWORK
    assert "(skickad igen)" not in first.params["caption"]
    assert again.params["caption"].startswith("Ny idé inskickad (skickad igen)")
    [delivery] = bot.store.list_deliveries()
    assert f"Leverans-id: {delivery['id']}" in again.params["caption"]


async def test_background_worker_delivers_after_a_wake_up(bot):
    seed_application(bot.store, bot.runtime.settings, "gavleborg-ready", user=APPLICANT)
    worker = bot.runtime.outbox
    worker.interval = 60  # only the wake-up can make it run in time
    worker.start()
    try:
        for _ in range(200):
            if _documents_to_coordinator(bot.fake):
                break
            worker.wake()
            await asyncio.sleep(0.01)
    finally:
        await worker.stop()
    assert len(_documents_to_coordinator(bot.fake)) == 1


@pytest.mark.timeout(30)  # the failure is a hang
async def test_the_worker_stops_even_when_woken_at_the_same_moment(bot):
    # A wake-up set just before the stop's cancel used to swallow the cancel (wait_for on
    # Python 3.11), and the bot's shutdown waited for the worker forever.
    worker = bot.runtime.outbox
    worker.interval = 60
    for _ in range(20):
        worker.start()
        await asyncio.sleep(0.001)
        worker.wake()
        await worker.stop()


async def test_a_failed_delivery_survives_a_restart_and_is_sent_once(tmp_path, clock):
    settings = make_settings(tmp_path / "data")
    fake = FakeTelegram()
    store = TinyStore(settings.data_dir, clock=clock)
    first = await start_harness(settings, store=store, fake=fake, clock=clock)
    seed_application(store, settings, "gavleborg-ready", user=APPLICANT)
    fake.fail_next(1, Failure.RETRY_AFTER, retry_after=30)
    assert await first.runtime.outbox.run_once() == 0
    await first.app.shutdown()
    first.runtime.close()
    store.close()
    first.assert_no_errors()

    # The bot restarts: a new Application on the same data folder.
    clock.advance(minutes=5)
    store = TinyStore(settings.data_dir, clock=clock)
    second = await start_harness(settings, store=store, fake=fake, clock=clock)
    try:
        assert await second.runtime.outbox.run_once() == 1
        assert await second.runtime.outbox.run_once() == 0
        second.assert_no_errors()
    finally:
        await second.app.shutdown()
        second.runtime.close()
        store.close()
    assert len(_documents_to_coordinator(fake)) == 1
    assert [c.failed for c in fake.calls if c.method == "sendDocument"] == [
        Failure.RETRY_AFTER,
        None,
    ]


async def test_a_delivery_that_cannot_be_built_is_rescheduled_and_does_not_block_others(bot, clock):
    settings = bot.runtime.settings
    broken = seed_application(bot.store, settings, "gavleborg-ready", user=APPLICANT)
    del bot.store._documents[(broken["id"], 1)]  # its document is lost
    good = seed_application(bot.store, settings, "gavleborg-short-cofinancing", user=APPLICANT)

    assert await bot.runtime.outbox.run_once() == 1
    [call] = _documents_to_coordinator(bot.fake)
    assert good["answers"]["title"] in call.params["caption"]
    by_app = {d["application_id"]: d for d in bot.store.list_deliveries()}
    assert by_app[good["id"]]["status"] == DeliveryStatus.DELIVERED
    stuck = by_app[broken["id"]]
    assert stuck["status"] == DeliveryStatus.PENDING
    assert stuck["attempts"] == 1 and "Dokumentet" in stuck["last_error"]
    wait = datetime.fromisoformat(stuck["next_attempt"]) - clock()
    assert wait.total_seconds() == pytest.approx(bot.runtime.core.outbox.base_delay)


async def test_a_chat_that_refuses_for_good_is_given_up_and_stays_listed(bot):
    seed_application(bot.store, bot.runtime.settings, "gavleborg-ready", user=APPLICANT)
    bot.fake.fail_next(1, Failure.FORBIDDEN, methods={"sendDocument"})
    assert await bot.runtime.outbox.run_once() == 0
    [delivery] = bot.store.list_deliveries()
    assert delivery["status"] == DeliveryStatus.FAILED and "Forbidden" in delivery["last_error"]
    assert await bot.runtime.outbox.run_once() == 0  # never tried again


async def test_a_delivery_failing_for_a_week_is_given_up_and_stays_listed(bot, clock):
    # Its document is lost: it can never be built, and must not be tried hourly for ever.
    broken = seed_application(bot.store, bot.runtime.settings, "gavleborg-ready", user=APPLICANT)
    del bot.store._documents[(broken["id"], 1)]
    worker = bot.runtime.outbox
    assert await worker.run_once() == 0
    [delivery] = bot.store.list_deliveries()
    assert delivery["status"] == DeliveryStatus.PENDING
    # Six days of hourly attempts later it is still tried ...
    clock.advance(seconds=6 * 24 * 3600)
    assert await worker.run_once() == 0
    [delivery] = bot.store.list_deliveries()
    assert delivery["status"] == DeliveryStatus.PENDING
    # ... after a week it is given up, with the reason, and never tried again.
    clock.advance(seconds=24 * 3600)
    assert await worker.run_once() == 0
    [delivery] = bot.store.list_deliveries()
    assert delivery["status"] == DeliveryStatus.FAILED
    assert "gav upp efter 7 dagars försök" in delivery["last_error"]
    assert "Dokumentet" in delivery["last_error"]
    attempts = delivery["attempts"]
    clock.advance(seconds=7 * 24 * 3600)
    assert await worker.run_once() == 0
    assert bot.store.list_deliveries()[0]["attempts"] == attempts
