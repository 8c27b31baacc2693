"""Benchmark: criteria evaluation per example answer file (goal: under 1 ms in-process).

Run: ``.venv/bin/python bench/bench_check.py``. Prints the cold load time of the
fund files and, per example and fund, the median and 95th percentile time of one
``evaluate`` call (answers already parsed, knowledge cached), plus the time of
parsing + evaluating together as ``idebot check`` does it.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.answers import parse_answers  # noqa: E402
from knowledge.criteria import evaluate  # noqa: E402
from knowledge.criteria.profiles import FUNDS_DIR, load_fund_file, load_funds  # noqa: E402

EXAMPLES = ROOT / "tests" / "data" / "answers"
ROUNDS = 2000
TODAY = dt.date(2026, 11, 23)
GOAL_MS = 1.0


def _times(func, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> int:
    """Prints the figures; returns 0 (a benchmark never fails the build)."""
    start = time.perf_counter()
    for path in sorted(FUNDS_DIR.glob("*.yaml")):
        load_fund_file(path)
    cold_ms = (time.perf_counter() - start) * 1000
    print(f"load + validate the fund files (cold, no cache): {cold_ms:.1f} ms")
    funds = load_funds()
    print(f"{'example':32} {'fund':10} {'median ms':>10} {'p95 ms':>8} {'parse+eval':>11}  goal")
    worst = 0.0
    for path in sorted(EXAMPLES.glob("*.json")):
        if path.name.endswith(".expected.json"):
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        answers = parse_answers(data, source=path.name)
        for fund in funds.values():
            evaluate(answers, fund, today=TODAY)  # warm-up
            samples = sorted(_times(lambda a=answers, f=fund: evaluate(a, f, today=TODAY), ROUNDS))
            both = statistics.median(
                _times(
                    lambda d=data, f=fund: evaluate(parse_answers(d), f, today=TODAY), ROUNDS // 4
                )
            )
            median, p95 = statistics.median(samples), samples[int(len(samples) * 0.95)]
            worst = max(worst, median)
            ok = "ok" if median < GOAL_MS else "SLOW"
            print(f"{path.stem:32} {fund.id:10} {median:10.3f} {p95:8.3f} {both:11.3f}  {ok}")
    print(f"worst median: {worst:.3f} ms (goal < {GOAL_MS} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
