"""Benchmark of the dialog: one step's cost with many stored drafts, start-up, memory.

Prints:
- one dialog step through the application layer (``Idebot.handle``: the person's lock,
  engine, parsing, validation, live criteria, draft load + durable save on the file store)
  p50/p99 with 100, 1,000 and 10,000 stored drafts, on the real disk and on tmpfs
  (``/dev/shm``, the cost without disk latency), with the 10,000/100 ratio;
- the pure engine (``advance``) alone, for comparison;
- time from starting ``idebot chat --jsonl`` to its first question (goal: < 1 s);
- peak RSS of this process and of the chat subprocess.

Run: ``.venv/bin/python bench/bench_dialog.py [--steps N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core import Idebot  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from dialogs import TextInput, advance, begin  # noqa: E402
from storage import TinyStore  # noqa: E402
from storage.drafts import DRAFT_SUFFIX, draft_key  # noqa: E402
from storage.files import dump_json  # noqa: E402
from storage.times import iso  # noqa: E402
from tests.conftest import example_answers  # noqa: E402
from tests.support.applicant import ScriptedApplicant as Applicant  # noqa: E402
from tests.support.core import context, last_ask  # noqa: E402

SIZES = (100, 1_000, 10_000)
USER = "console:bench"
IDEBOT = Path(sys.executable).with_name("idebot")


def percentile(samples: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of the samples lie (nearest rank)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def sample_state() -> dict:
    """A realistic mid-dialog state (its stored form), produced by the engine itself."""
    ctx = context()
    state, replies = begin(None, ctx=ctx, fund="gavleborg")
    applicant = Applicant(example_answers("gavleborg-ready"))
    for _ in range(40):
        state, replies = advance(state, TextInput(applicant.reply(last_ask(replies))), ctx=ctx)
    return state.to_json()


def build_drafts(data_dir: Path, count: int) -> None:
    """Writes ``count`` drafts straight into the store's layout (fast, no fsync)."""
    root = data_dir / "drafts"
    for shard in range(256):
        (root / f"{shard:02x}").mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC)
    ns = int(stamp.timestamp()) * 1_000_000_000
    state = sample_state()
    for n in range(count):
        user = f"telegram:{100_000 + n}"
        draft = {"state": state, "fund": "gavleborg", "updated_at": iso(stamp)}
        key = draft_key(user)
        path = root / key[:2] / f"{key}{DRAFT_SUFFIX}"
        path.write_bytes(b'{"user":' + dump_json(user) + b',"draft":' + dump_json(draft) + b"}")
        os.utime(path, ns=(ns, ns))


class Scripted:
    """A scripted applicant that runs the dialog over and over on one service."""

    def __init__(self, svc: Idebot) -> None:
        self.svc = svc
        self.applicant = Applicant(example_answers("gavleborg-ready"))
        self.replies = svc.start(USER)

    def steps(self, count: int) -> list[float]:
        """Milliseconds per ``handle`` call over ``count`` steps."""
        samples: list[float] = []
        while len(samples) < count:
            ask = last_ask(self.replies)
            if ask.field == "confirm_submit":
                self.svc.store.delete_draft(USER)
                self.applicant = Applicant(example_answers("gavleborg-ready"))
                self.replies = self.svc.start(USER)
                continue
            line = TextInput(self.applicant.reply(ask))
            start = time.perf_counter()
            self.replies = self.svc.handle(USER, line)
            samples.append((time.perf_counter() - start) * 1000)
        return samples


def run_sizes(parent: str | None, title: str, steps: int) -> None:
    """Times steps with each store size, interleaved in small rounds so that load from
    other processes on the machine falls on every size alike."""
    print(f"\nDialog step (Idebot.handle incl. the durable draft save), {title}:")
    print(f"{'drafts':>8} {'p50 ms':>8} {'p99 ms':>8} {'mean ms':>8}")
    folders, stores, runners = [], [], {}
    try:
        for size in SIZES:
            folder = Path(tempfile.mkdtemp(prefix="bench-dialog-", dir=parent))
            folders.append(folder)
            build_drafts(folder / "data", size)
            store = TinyStore(folder / "data")
            stores.append(store)
            assert store.count_drafts() == size
            settings = load_settings(data_dir=folder / "data")
            runners[size] = Scripted(Idebot(store=store, settings=settings))
            runners[size].steps(20)  # warm-up: imports, caches
        samples: dict[int, list[float]] = {size: [] for size in SIZES}
        while len(samples[SIZES[0]]) < steps:
            for size in SIZES:
                samples[size] += runners[size].steps(10)
    finally:
        for store in stores:
            store.close()
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
    p50s, p99s = {}, {}
    for size in SIZES:
        p50s[size] = percentile(samples[size], 0.5)
        p99s[size] = percentile(samples[size], 0.99)
        mean = statistics.fmean(samples[size])
        print(f"{size:>8} {p50s[size]:>8.2f} {p99s[size]:>8.2f} {mean:>8.2f}")
    big, small = SIZES[-1], SIZES[0]
    print(f"ratio 10,000/100: p50 {p50s[big] / p50s[small]:.2f}, p99 {p99s[big] / p99s[small]:.2f}")


def engine_only(steps: int) -> None:
    ctx = context()
    samples: list[float] = []
    while len(samples) < steps:
        state, replies = begin(None, ctx=ctx, fund="gavleborg")
        applicant = Applicant(example_answers("gavleborg-ready"))
        while last_ask(replies).field != "confirm_submit" and len(samples) < steps:
            event = TextInput(applicant.reply(last_ask(replies)))
            start = time.perf_counter()
            state, replies = advance(state, event, ctx=ctx)
            samples.append((time.perf_counter() - start) * 1000)
    print(
        f"\nPure engine step (advance, with live criteria): p50 {percentile(samples, 0.5):.2f} ms, "
        f"p99 {percentile(samples, 0.99):.2f} ms over {len(samples)} steps"
    )


def first_question(runs: int) -> None:
    times = []
    for _ in range(runs):
        folder = Path(tempfile.mkdtemp(prefix="bench-chat-"))
        env = {**os.environ, "IDEBOT_DATA_DIR": str(folder / "data")}
        start = time.perf_counter()
        proc = subprocess.Popen(
            [str(IDEBOT), "chat", "--jsonl", "--user", "bench"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=folder,
        )
        while True:
            line = proc.stdout.readline()
            if not line or json.loads(line)["type"] == "ask":
                break
        times.append(time.perf_counter() - start)
        proc.stdin.close()
        proc.wait()
        shutil.rmtree(folder, ignore_errors=True)
    print(
        f"\nidebot chat start to first question: median {statistics.median(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms over {runs} runs (goal < 1000 ms)"
    )
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS of the chat subprocess: {child:.0f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=400, help="timed steps per size")
    parser.add_argument("--runs", type=int, default=5, help="start-up runs")
    args = parser.parse_args()
    engine_only(args.steps)
    run_sizes(None, f"disk ({tempfile.gettempdir()})", args.steps)
    if os.path.isdir("/dev/shm"):
        run_sizes("/dev/shm", "tmpfs /dev/shm (no disk latency)", args.steps)
    first_question(args.runs)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this benchmark process: {own:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
