"""Benchmark: warm render time of one Word application with the chart, and its size.

Run: ``.venv/bin/python bench/bench_render.py [N]``. Prints figures; asserts nothing.
Goal (issue 3): under 300 ms per application, warm. Wall time depends on what else
the machine runs, so CPU time (``process_time``) is printed too, with the load average.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

from knowledge.answers import parse_answers
from knowledge.criteria import evaluate
from knowledge.criteria.profiles import load_funds
from templates import render_application
from templates.chart import render_chart
from templates.context import year_plan

EXAMPLE = Path(__file__).resolve().parent.parent / "tests/data/answers/gavleborg-ready.json"
TODAY = dt.date(2027, 1, 5)


def measure(action, rounds: int) -> tuple[float, float, float]:
    """Median wall ms, median CPU ms, max wall ms over ``rounds`` warm runs."""
    walls, cpus = [], []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000, max(walls) * 1000


def main(rounds: int = 20) -> None:
    answers = parse_answers(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    plan = year_plan(answers)
    assert plan.has_chart_data, "the benchmark must include the chart"
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs, {rounds} rounds")
    funds = load_funds()
    for fund_id, fund in sorted(funds.items()):
        evaluation = evaluate(answers, fund, today=TODAY)
        start = time.perf_counter()
        blob = render_application(answers, fund, evaluation, today=TODAY)  # cold
        cold = (time.perf_counter() - start) * 1000
        wall, cpu, worst = measure(
            lambda f=fund, e=evaluation: render_application(answers, f, e, today=TODAY), rounds
        )
        print(
            f"{fund_id:10s} with chart: cold {cold:5.0f} ms | warm median {wall:4.0f} ms wall, "
            f"{cpu:4.0f} ms CPU, max {worst:4.0f} ms | document {len(blob) / 1024:5.1f} KiB"
        )
    wall, cpu, worst = measure(lambda: render_chart(plan), rounds)
    print(f"{'chart only':22s}       | warm median {wall:4.0f} ms wall, {cpu:4.0f} ms CPU")
    empty = parse_answers({})
    fund = funds["gavleborg"]
    evaluation = evaluate(empty, fund, today=TODAY)
    blob = render_application(empty, fund, evaluation, today=TODAY)
    wall, cpu, worst = measure(
        lambda: render_application(empty, fund, evaluation, today=TODAY), rounds
    )
    print(
        f"{'empty answers, no chart':22s}       | warm median {wall:4.0f} ms wall, "
        f"{cpu:4.0f} ms CPU, max {worst:4.0f} ms | document {len(blob) / 1024:5.1f} KiB"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
