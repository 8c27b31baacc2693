"""Telegram at scale: many applicants at once, one or two bot processes, a slow Bot API.

Real ``idebot telegram --webhook`` processes talk to a local Bot API server
(``tests/support/botapi.py``) that answers every call after a configurable latency, as
Telegram's round trip does. Simulated applicants answer their questions back to back:
each posts its next update the moment the previous one was answered (the webhook call
returns once the update is handled, replies sent). Typed: every answer typed (one call
per step). Buttons: a choice is a tap (answerCallbackQuery, editMessageText, then the
next question: three calls). Printed per run: steps/s, p50/p95 reply latency, calls per
step, and the ratio to the one-at-a-time model, 1 / (calls per step x latency), which is
what python-telegram-bot's default (one update at a time) allows. Then the pause a
submission (Word render + store + upload) causes to the others; the same with two
processes on one PostgreSQL database (each chat's updates alternating between them);
and each bot process's peak RSS.

Goal (issue 14): at 50 ms with 30 applicants typing back to back >= 22 steps/s and
p95 <= 2 s; a submission lengthens the others' replies by <= 0.5 s.

Run: ``.venv/bin/python bench/bench_scale.py [--quick]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import example_answers  # noqa: E402
from tests.support.applicant import ScriptedApplicant  # noqa: E402
from tests.support.botapi import SECRET, TOKEN, BotApiServer, WebhookBots  # noqa: E402
from tests.support.postgres import PostgresServer, ServerUnavailable  # noqa: E402
from tests.support.screen import ScreenReader  # noqa: E402
from tests.telegram_fakes import COORDINATOR_CHAT, ApplicantScript  # noqa: E402

EXAMPLE = example_answers("gavleborg-ready")


class Timed(WebhookBots):
    """WebhookBots that times every update from its post to the webhook's answer."""

    def __init__(self, api: BotApiServer, ports: list[int]) -> None:
        super().__init__(api, ports)
        self.samples: list[tuple[float, float, int]] = []  # (start, end, chat)
        self.measuring = False

    async def deliver(self, update: dict, chat: int, *, port: int | None = None) -> int:
        start = time.perf_counter()
        status = await super().deliver(update, chat, port=port)
        if self.measuring:
            self.samples.append((start, time.perf_counter(), chat))
        return status


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_bots(count: int, api: BotApiServer, folder: Path, database: str | None) -> list:
    """Starts ``count`` webhook processes; returns [(process, port)]."""
    started = []
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        port = _free_port()
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": api.url,
            "IDEBOT_DATA_DIR": str(folder / f"data{number}"),
            "IDEBOT_FUND": "gavleborg",
            "IDEBOT_COORDINATOR_CHAT_IDS": str(COORDINATOR_CHAT),
            "IDEBOT_WEBHOOK_LISTEN": "127.0.0.1",
            "IDEBOT_WEBHOOK_PORT": str(port),
            "IDEBOT_WEBHOOK_SECRET": SECRET,
        }
        if database:
            env["IDEBOT_DATABASE_URL"] = database
        log = (folder / f"bot{number}.log").open("w")
        command = [sys.executable, "-m", "bot", "telegram", "--webhook", "https://b.example/hook"]
        process = subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=log)
        started.append((process, port))
    return started


def peak_rss_mb(process: subprocess.Popen) -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def stop_bots(started: list) -> None:
    for process, _ in started:
        process.send_signal(signal.SIGINT)
    for process, _ in started:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


async def typed_step(bots: Timed, person: int, applicant: ScriptedApplicant) -> None:
    """Types the answer to the open question (choices by their label)."""
    last = bots.fake.last_message(person)
    ask = ScreenReader(bots.flow).last_ask("\n" + last["text"])
    await bots.send(person, applicant.reply(ask))


async def run_load(bots: Timed, people: list[int], steps: int, mode: str) -> dict:
    """Every person answers ``steps`` questions back to back; returns the figures."""
    for person in people:  # not timed: everybody sees their first question
        await bots.send(person, "/start")
    scripts = {p: ApplicantScript(bots, p, EXAMPLE) for p in people}
    typed = {p: ScriptedApplicant(EXAMPLE) for p in people}
    calls_before = len(bots.api.calls())
    bots.samples.clear()
    bots.measuring = True
    began = time.perf_counter()

    async def person_loop(person: int) -> None:
        for _ in range(steps):
            if mode == "typed":
                await typed_step(bots, person, typed[person])
            else:
                await scripts[person].step()

    await asyncio.gather(*(person_loop(p) for p in people))
    elapsed = time.perf_counter() - began
    bots.measuring = False
    latencies = sorted(end - start for start, end, _ in bots.samples)
    count = len(latencies)
    calls = len(bots.api.calls()) - calls_before
    return {
        "steps": count,
        "rate": count / elapsed,
        "p50": statistics.median(latencies),
        "p95": latencies[int(0.95 * (count - 1))],
        "calls": calls / count,
    }


def report(label: str, figures: dict, latency: float) -> None:
    model = 1 / (figures["calls"] * latency)
    print(
        f"  {label:34s} {figures['rate']:6.1f} steps/s  p50 {figures['p50']:5.2f} s  "
        f"p95 {figures['p95']:5.2f} s  {figures['calls']:.1f} calls/step  "
        f"{figures['rate'] / model:4.1f}x one-at-a-time ({model:.1f}/s)",
        flush=True,
    )


async def submission_pause(bots: Timed, base: int, others: int, latency: float) -> None:
    """Others type back to back while one person submits; how much longer do they wait?"""
    submitter = base
    await bots.send(submitter, "/start")
    script = ApplicantScript(bots, submitter, EXAMPLE)
    while script.current_ask().field != "confirm_submit":
        await script.step()
    people = list(range(base + 1, base + 1 + others))
    for person in people:
        await bots.send(person, "/start")
    typed = {p: ScriptedApplicant(EXAMPLE) for p in people}
    bots.samples.clear()
    bots.measuring = True
    window: list[float] = []

    async def person_loop(person: int) -> None:
        # Typing before, during and after the submission (the dialog has room for it).
        for _ in range(30):
            await typed_step(bots, person, typed[person])
            if len(window) == 2 and time.perf_counter() > window[1] + 1:
                return

    async def submit_midway() -> None:
        await asyncio.sleep(1.5)
        start = time.perf_counter()
        await bots.press(submitter, "Ja")
        window.extend([start, time.perf_counter()])

    await asyncio.gather(submit_midway(), *(person_loop(p) for p in people))
    bots.measuring = False
    start, end = window
    during = [e - s for s, e, c in bots.samples if c != submitter and s < end and e > start]
    outside = [e - s for s, e, c in bots.samples if c != submitter and (e < start or s > end)]
    pause = statistics.median(during) - statistics.median(outside)
    print(
        f"  submission ({end - start:.2f} s to its answer) with {others} typing at "
        f"{latency * 1000:.0f} ms: their p50 {statistics.median(outside):.2f} s outside, "
        f"{statistics.median(during):.2f} s during (max {max(during):.2f} s): "
        f"lengthened by {pause:+.2f} s (goal <= 0.5 s)",
        flush=True,
    )


async def one_setup(title: str, count: int, database: str | None, plan: list, folder: Path):
    api = BotApiServer()
    started = start_bots(count, api, folder, database)
    bots = Timed(api, [port for _, port in started])
    print(title, flush=True)
    try:
        base = 100_000
        for latency, people, mode in plan:
            api.latency = latency
            base += 10_000
            if mode == "submission":
                await submission_pause(bots, base, people, latency)
                continue
            steps = 20 if people == 1 else 10
            figures = await run_load(bots, list(range(base, base + people)), steps, mode)
            report(f"{people:2d} applicants, {latency * 1000:3.0f} ms, {mode}", figures, latency)
        rss = ", ".join(f"{peak_rss_mb(p):.0f} MB" for p, _ in started)
        print(f"  peak RSS per bot process: {rss}", flush=True)
    finally:
        stop_bots(started)
        api.close()


async def main(quick: bool) -> None:
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(160))
    sizes = (1, 30) if quick else (1, 10, 30, 50)
    latencies = (0.05,) if quick else (0.05, 0.15)
    plan = [(lat, n, mode) for lat in latencies for mode in ("typed", "buttons") for n in sizes]
    plan.append((0.05, 10, "submission"))
    pg_plan = [(0.05, n, mode) for mode in ("typed", "buttons") for n in (30, 50)]
    pg_plan.append((0.05, 10, "submission"))
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        folder = Path(tmp)
        await one_setup("One process, file store:", 1, None, plan, folder / "one")
        try:
            server = PostgresServer().start()
        except ServerUnavailable as error:
            print(f"PostgreSQL skipped: {error}")
            return
        try:
            await one_setup(
                "Two processes, one PostgreSQL database (each chat alternating):",
                2,
                server.database(),
                pg_plan,
                folder / "two",
            )
        finally:
            server.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer sizes and one latency")
    args = parser.parse_args()
    asyncio.run(main(args.quick))
