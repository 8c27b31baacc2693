"""Benchmark: one dialog step's storage cost with 100, 1,000 and 10,000 stored drafts.

A dialog step loads the person's draft and saves it again with one more answer
(``get_draft`` + ``save_draft``, fsync included). The requirement is that the cost
with 10,000 drafts is at most 1.5x the cost with 100. For contrast, the same step
is timed on TinyDB's default ``JSONStorage`` with every draft in one file.

Run: ``.venv/bin/python bench/bench_storage.py [--steps N] [--no-baseline]``
(temporary folders only; nothing is written into the project).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from tinydb import Query, TinyDB

from storage import TinyStore, open_store
from storage.drafts import DRAFT_SUFFIX, draft_key
from storage.files import dump_json
from storage.times import iso

SIZES = (100, 1_000, 10_000)
EXAMPLE = (
    Path(__file__).resolve().parent.parent / "tests" / "data" / "answers" / "gavleborg-ready.json"
)


def sample_draft(n: int) -> dict:
    """A realistic draft: a full answers file plus dialog position."""
    answers = json.loads(EXAMPLE.read_text("utf-8")) if EXAMPLE.exists() else {"title": "x" * 2500}
    return {"fund": "gavleborg", "step": n % 31, "answers": answers, "history": ["title"] * 20}


def build_drafts(data_dir: Path, count: int) -> list[str]:
    """Writes ``count`` draft files directly (no fsync) in the store's own layout."""
    users = [f"telegram:{100_000 + n}" for n in range(count)]
    root = data_dir / "drafts"
    for shard in range(256):
        (root / f"{shard:02x}").mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC)
    ns = int(stamp.timestamp()) * 1_000_000_000
    draft = sample_draft(0)
    draft["updated_at"] = iso(stamp)
    body = dump_json(draft)
    for user in users:
        key = draft_key(user)
        path = root / key[:2] / f"{key}{DRAFT_SUFFIX}"
        path.write_bytes(b'{"user":' + dump_json(user) + b',"draft":' + body + b"}")
        os.utime(path, ns=(ns, ns))
    return users


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def one_step(store: TinyStore, user: str, n: int) -> tuple[float, float]:
    """One dialog step's storage work; returns (get ms, save ms)."""
    t0 = time.perf_counter()
    draft = store.get_draft(user)
    t1 = time.perf_counter()
    draft["step"] = n
    draft["answers"]["title"] = f"Steg {n}"
    store.save_draft(user, draft)
    t2 = time.perf_counter()
    return (t1 - t0) * 1000, (t2 - t1) * 1000


def summary(values: list[float]) -> tuple[float, float]:
    """(p50, p99) of a list of timings."""
    return statistics.median(values), percentile(values, 0.99)


def baseline_tinydb(count: int, steps: int, rng: random.Random) -> tuple[float, float]:
    """The same step on stock TinyDB (one JSON file holding every draft), in ms."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "drafts.json"
        docs = {str(n + 1): {"user": f"u{n}", "draft": sample_draft(n)} for n in range(count)}
        path.write_text(json.dumps({"_default": docs}), encoding="utf-8")
        db = TinyDB(path)
        user = Query().user
        times = []
        for n in range(steps):
            name = f"u{rng.randrange(count)}"
            t0 = time.perf_counter()
            doc = db.get(user == name)
            doc["draft"]["step"] = n
            db.update({"draft": doc["draft"]}, user == name)
            times.append((time.perf_counter() - t0) * 1000)
        db.close()
    return statistics.median(times), percentile(times, 0.99)


def run_sizes(steps: int, rng: random.Random, title: str, parent: str | None) -> None:
    """Times the step at every size; prints one table and the 10,000/100 ratio.

    The three stores are open side by side and the steps are interleaved in random
    order, so background load on the machine hits every size alike.
    """
    print(f"-- {title}")
    print(
        f"{'drafts':>7} {'build s':>8} {'open ms':>8} {'get p50/p99 ms':>16} "
        f"{'save p50/p99 ms':>16} {'step p50/p99 ms':>16}"
    )
    with tempfile.TemporaryDirectory(dir=parent) as folder:
        stores, users, setup = {}, {}, {}
        for count in SIZES:
            data_dir = Path(folder) / f"data-{count}"
            t0 = time.perf_counter()
            users[count] = build_drafts(data_dir, count)
            built = time.perf_counter() - t0
            os.sync()  # so no size pays for flushing the set-up's dirty pages
            t0 = time.perf_counter()
            stores[count] = open_store(data_dir)  # scans the index, applies retention
            setup[count] = (built, (time.perf_counter() - t0) * 1000)
        timings = {count: ([], [], []) for count in SIZES}
        order = list(SIZES)
        for n in range(steps + 20):
            rng.shuffle(order)
            for count in order:
                get_ms, save_ms = one_step(stores[count], rng.choice(users[count]), n)
                if n >= 20:  # the first 20 rounds are warm-up
                    gets, saves, whole = timings[count]
                    gets.append(get_ms)
                    saves.append(save_ms)
                    whole.append(get_ms + save_ms)
        for count in SIZES:
            assert stores[count].count_drafts() == count
            stores[count].close()
    for count in SIZES:
        (built, opened), (gets, saves, whole) = setup[count], timings[count]
        get, save, step = summary(gets), summary(saves), summary(whole)
        print(
            f"{count:>7} {built:>8.2f} {opened:>8.1f} {get[0]:>7.3f}/{get[1]:<8.3f} "
            f"{save[0]:>7.3f}/{save[1]:<8.3f} {step[0]:>7.3f}/{step[1]:<8.3f}"
        )
    small, large = summary(timings[SIZES[0]][2]), summary(timings[SIZES[-1]][2])
    print(
        f"ratio 10,000/100 step: p50 {large[0] / small[0]:.2f}x, p99 {large[1] / small[1]:.2f}x "
        "(goal <= 1.5x)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=400, help="dialog steps timed per size")
    parser.add_argument("--no-baseline", action="store_true", help="skip stock TinyDB")
    args = parser.parse_args()
    rng = random.Random(20261123)

    print(f"draft size: {len(dump_json(sample_draft(0)))} bytes, {args.steps} steps per size")
    run_sizes(args.steps, rng, "disk, durable (fsync file + folder)", None)
    shm = "/dev/shm" if os.path.isdir("/dev/shm") else None
    if shm:
        # tmpfs has no disk: these figures are the layout's own cost, free of I/O noise.
        run_sizes(args.steps, rng, "tmpfs /dev/shm (no disk latency)", shm)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS (TinyStore part): {peak:.0f} MB")
    if not args.no_baseline:
        for count, steps in ((100, 50), (10_000, 5)):
            p50, p99 = baseline_tinydb(count, steps, rng)
            print(
                f"stock TinyDB JSONStorage, {count:>6} drafts in one file: step p50 {p50:.1f} ms,"
                f" p99 {p99:.1f} ms ({steps} steps)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
