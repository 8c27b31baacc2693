"""What one dialog step costs in the Telegram channel, against a bare echo bot.

Both bots are real python-telegram-bot Applications with the same offline Bot API
(``tests/telegram_fakes.FakeTelegram``) and the same rate limiter class, in the same run.
The echo bot answers every text with the same text. The Idébot step is a person answering
the first question (the idea's title): the update goes through the handlers, the worker
thread, the dialog service (parse, validate, live criteria, save the draft), and the next
question is rendered and sent. Also printed: the dialog service alone, so the channel's
own share is visible. Goal: Idébot step ≤ 1.5 × echo.

Run: ``.venv/bin/python bench/bench_telegram.py [--steps N] [--store memory|tiny]``
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from telegram.ext import AIORateLimiter, Application, MessageHandler, filters  # noqa: E402

from tests.telegram_fakes import TOKEN, FakeTelegram, make_settings, start_harness  # noqa: E402


def _percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered), statistics.fmean(ordered), p99


async def _echo_bot(fake: FakeTelegram) -> Application:
    async def echo(update, context) -> None:
        await update.effective_chat.send_message(update.effective_message.text)

    app = (
        Application.builder()
        .token(TOKEN)
        .base_url("https://fake.telegram.invalid/bot")
        .request(fake)
        .get_updates_request(fake)
        .rate_limiter(AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=0))
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    await app.initialize()
    return app


async def _time_updates(app: Application, updates: list) -> list[float]:
    samples = []
    for update in updates:
        start = time.perf_counter()
        await app.process_update(update)
        samples.append(time.perf_counter() - start)
    return samples


async def main(steps: int, store_kind: str) -> None:
    from storage import MemoryStore
    from storage.tiny import TinyStore

    with tempfile.TemporaryDirectory() as tmp:
        settings = make_settings(Path(tmp) / "data")
        store = MemoryStore() if store_kind == "memory" else TinyStore(settings.data_dir)
        fake = FakeTelegram()
        harness = await start_harness(settings, store=store, fake=fake)
        echo = await _echo_bot(fake)
        users = list(range(10_000, 10_000 + steps))
        # Set-up (not timed): every person has started and sees the first question.
        for user in users:
            await harness.send(user, "/start")
        warm = [fake.text_update(echo.bot, 1, "hej") for _ in range(50)]
        await _time_updates(echo, warm)

        # Interleaved (echo, step, echo, step …) so that both see the same machine load.
        echo_samples: list[float] = []
        step_samples: list[float] = []
        for user in users:
            echo_samples += await _time_updates(
                echo, [fake.text_update(echo.bot, user, "Tidigt stöd i förskolan")]
            )
            step_samples += await _time_updates(
                harness.app, [fake.text_update(harness.app.bot, user, "Tidigt stöd i förskolan")]
            )
        harness.assert_no_errors()
        # The dialog service alone, same step, fresh users (for the channel's share).
        service = harness.runtime.service
        from dialogs.events import TextInput

        service_samples = []
        for user in users:
            key = f"bench:{user}"
            service.start(key)
            start = time.perf_counter()
            service.handle(key, TextInput("Tidigt stöd i förskolan"))
            service_samples.append(time.perf_counter() - start)

        echo_p50, echo_mean, echo_p99 = _percentiles(echo_samples)
        step_p50, step_mean, step_p99 = _percentiles(step_samples)
        svc_p50, svc_mean, svc_p99 = _percentiles(service_samples)
        print(f"Telegram process_update, {steps} updates each, store={store_kind}")
        print(
            f"  echo bot        p50 {echo_p50 * 1e3:7.3f} ms  mean {echo_mean * 1e3:7.3f} ms"
            f"  p99 {echo_p99 * 1e3:7.3f} ms"
        )
        print(
            f"  Idébot step     p50 {step_p50 * 1e3:7.3f} ms  mean {step_mean * 1e3:7.3f} ms"
            f"  p99 {step_p99 * 1e3:7.3f} ms"
        )
        print(
            f"  dialog service  p50 {svc_p50 * 1e3:7.3f} ms  mean {svc_mean * 1e3:7.3f} ms"
            f"  p99 {svc_p99 * 1e3:7.3f} ms  (no Telegram)"
        )
        print(
            f"  channel share   p50 {(step_p50 - svc_p50) * 1e3:7.3f} ms"
            "  (Idébot step minus dialog service)"
        )
        ratio = step_p50 / echo_p50
        print(
            f"  ratio Idébot/echo (p50): {ratio:.2f}x  (goal <= 1.5x: "
            f"{'met' if ratio <= 1.5 else 'NOT met'})"
        )
        channel = (step_p50 - svc_p50) / echo_p50
        print(f"  channel share / echo (p50): {channel:.2f}x  (Telegram-side cost of a step)")
        await harness.app.shutdown()
        await echo.shutdown()
        harness.runtime.close()
        store.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--store", choices=["memory", "tiny"], default="memory")
    args = parser.parse_args()
    asyncio.run(main(args.steps, args.store))
