"""What one dialog step costs in the Telegram channel, against a bare echo bot.

Both bots are real python-telegram-bot Applications with the same offline Bot API
(``tests/telegram_fakes.FakeTelegram``) and the same rate limiter class, in the same run.
The echo bot answers every text with the same text. The Idébot step is a person answering
the first question (the idea's title): the update goes through the handlers, the dialog
service (draft read, parse, validate, live criteria, draft save) and the next question is
rendered and sent. The late step is the same for a typed answer 30 answers into the
dialog (the implementation plan), where the state is large and live criteria run. The
draft's file is written behind the reply by the I/O worker thread (``storage.behind``);
the run checks at the end that every answer reached the disk.

Also printed: the dialog service's step alone (prepare + commit, as the channel runs it),
and the same step with the service replaced by a replay of the replies it gave (so only
the channel remains). Goal: Idébot step <= 1.5 x echo.

Run: ``.venv/bin/python bench/bench_telegram.py [--steps N] [--rounds N] [--store tiny|memory]``
(``tiny``, the on-disk store the bot runs with, is the default).
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

from bot.telegram import user_key  # noqa: E402
from dialogs.service import Turn  # noqa: E402
from tests.conftest import example_answers  # noqa: E402
from tests.telegram_fakes import TOKEN, FakeTelegram, make_settings, start_harness  # noqa: E402


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


async def _round(harness, echo, fake, users: list[int]) -> dict[str, list[float]]:
    """One measurement round on fresh users; every kind interleaved with the others."""
    from dialogs.events import TextInput

    # Set-up (not timed): every person has started and sees the first question; a second
    # person each is far into the dialog, at the implementation plan (a typed answer with
    # most of the application already answered).
    runtime = harness.runtime
    service = runtime.service
    for user in users:
        await harness.send(user, "/start")
        service.start(f"bench:{user}")
        _answer_until(service, user_key(user + LATE_USERS), LATE_FIELD)
    await runtime.settle()
    answer = "Tidigt stöd i förskolan"
    plan = example_answers("gavleborg-ready")[LATE_FIELD]
    samples: dict[str, list[float]] = {
        "echo": [],
        "step": [],
        "late": [],
        "service": [],
        "replayed": [],
    }
    for user in users:
        samples["echo"] += await _time_updates(echo, [fake.text_update(echo.bot, user, answer)])
        samples["step"] += await _time_updates(
            harness.app, [fake.text_update(harness.app.bot, user, answer)]
        )
        samples["late"] += await _time_updates(
            harness.app, [fake.text_update(harness.app.bot, user + LATE_USERS, plan)]
        )
        start = time.perf_counter()
        turn = service.prepare(f"bench:{user}", TextInput(answer))
        replies = service.commit(f"bench:{user}", turn)
        samples["service"].append(time.perf_counter() - start)
        # The same step with the service's work taken out: the channel alone.
        runtime.service = _Replay(replies)
        try:
            samples["replayed"] += await _time_updates(
                harness.app, [fake.text_update(harness.app.bot, user + REPLAY_USERS, answer)]
            )
        finally:
            runtime.service = service
    harness.assert_no_errors()
    return samples


REPLAY_USERS = 1_000_000  # user ids for the replayed steps, apart from the real ones
LATE_USERS = 2_000_000  # user ids of the people far into the dialog
LATE_FIELD = "implementation_plan"


def _answer_until(service, key: str, field: str) -> None:
    """Plays the example applicant through the dialog service up to ``field``."""
    from dialogs.events import TextInput
    from tests.test_dialog_helpers import Applicant, last_ask

    applicant = Applicant(example_answers("gavleborg-ready"))
    replies = service.start(key, fund="gavleborg")
    while (ask := last_ask(replies)).field != field:
        replies = service.handle(key, TextInput(applicant.reply(ask)))


class _Replay:
    """A dialog service that answers every event with replies recorded before."""

    def __init__(self, replies: list) -> None:
        self.turn = Turn({}, replies)

    def prepare(self, user: str, event: object) -> Turn:
        return self.turn

    def commit(self, user: str, turn: Turn) -> list:
        return turn.replies


LABELS = {
    "echo": "echo bot (process_update)",
    "step": "Idébot step (process_update)",
    "late": "late step (process_update)",
    "service": "dialog service alone",
    "replayed": "step, service replayed",
}


async def main(steps: int, store_kind: str, rounds: int) -> None:
    from storage import MemoryStore
    from storage.tiny import TinyStore

    with tempfile.TemporaryDirectory() as tmp:
        settings = make_settings(Path(tmp) / "data")
        store = MemoryStore() if store_kind == "memory" else TinyStore(settings.data_dir)
        fake = FakeTelegram()
        harness = await start_harness(settings, store=store, fake=fake)
        echo = await _echo_bot(fake)
        await _time_updates(echo, [fake.text_update(echo.bot, 1, "hej") for _ in range(50)])
        print(f"Telegram process_update: one dialog step vs a bare echo bot, store={store_kind}")
        print(f"{rounds} rounds x {steps} updates, interleaved; p50 per round (ms)")
        best: dict[str, float] = {}
        ratios: dict[str, list[float]] = {"step": [], "late": []}
        for number in range(rounds):
            first = 10_000 + number * steps
            samples = await _round(harness, echo, fake, list(range(first, first + steps)))
            p50 = {kind: statistics.median(values) for kind, values in samples.items()}
            for kind, value in p50.items():
                best[kind] = min(best.get(kind, value), value)
            for kind, values in ratios.items():
                values.append(p50[kind] / p50["echo"])
            print(
                f"  round {number + 1}: "
                + "  ".join(f"{kind} {value * 1e3:.3f}" for kind, value in p50.items())
                + f"  ratio {ratios['step'][-1]:.2f}x"
            )
        print("best round p50 (least disturbed by other processes):")
        for kind, label in LABELS.items():
            print(f"  {label:30s} {best[kind] * 1e3:7.3f} ms")
        channel = best["replayed"] - best["echo"]
        print(f"  {'channel (replayed - echo)':30s} {channel * 1e3:7.3f} ms")
        # The ratio of each round (its kinds interleaved, so equally disturbed), median
        # over the rounds.
        ratio = statistics.median(ratios["step"])
        verdict = "met" if ratio <= 1.5 else "NOT met"
        spread = f"rounds {min(ratios['step']):.2f}-{max(ratios['step']):.2f}"
        print(f"  ratio Idébot step / echo: {ratio:.2f}x  ({spread}; goal <= 1.5x: {verdict})")
        late = statistics.median(ratios["late"])
        print(f"  ratio late step / echo:   {late:.2f}x  (the implementation plan, 30 answers in)")
        await harness.app.shutdown()
        await echo.shutdown()
        harness.runtime.close()  # waits for the drafts still to be written
        users = rounds * steps
        stored = store.count_drafts()
        expected = f"{users} x 3: first, late, replayed"
        print(f"  drafts stored after the run: {stored} (expected {expected})")
        store.close()
        if stored < 2 * users:
            raise SystemExit("answers were lost: fewer drafts stored than people answered")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--store", choices=["tiny", "memory"], default="tiny")
    args = parser.parse_args()
    asyncio.run(main(args.steps, args.store, args.rounds))
