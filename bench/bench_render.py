"""Benchmark: warm render time of the Word application, its size, and a whole ``idebot render``.

Run: ``.venv/bin/python bench/bench_render.py [N]``. Prints figures; asserts nothing.
Goals (issues 3 and 13): under 300 ms per application warm, and under 1.2 s for a
whole-process ``idebot render`` (start-up, knowledge, flow, render, write). Wall time
depends on what else the machine runs, so CPU time (``process_time``) is printed too,
with the load average.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dialogs.flow import load_flow
from knowledge.answers import parse_answers
from knowledge.criteria import evaluate
from knowledge.criteria.profiles import load_funds
from templates import render_application
from templates.chart import chart_data
from templates.chart_workbook import workbook
from templates.chart_xml import chart_xml
from templates.plan import year_plan

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests/data/answers/gavleborg-ready.json"
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


def _variants(data: dict) -> dict[str, dict]:
    many = dict(data)
    many["partners"] = [
        {"name": f"Part {n}", "org_type": "ideell", "role": "Grupp"} for n in range(1, 21)
    ]
    many["cost_reductions"] = [
        {"organisation": f"Part {n}", "amount_per_year": 20000, "from_year": 2030 + n % 4}
        for n in range(1, 21)
    ]
    return {
        "with chart": data,
        "30-year repayment": {**data, "repayment_years": 30},
        "20 partners": many,
        "empty answers": {},
    }


def bench_render(rounds: int) -> None:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert year_plan(parse_answers(data)).has_chart_data, "the benchmark must include the chart"
    funds = load_funds()
    flow = load_flow()
    for fund_id, fund in sorted(funds.items()):
        for name, variant in _variants(data).items():
            answers = parse_answers(variant)
            evaluation = evaluate(answers, fund, today=TODAY)
            asked = {step.top for step in flow.active(fund_id, variant)}

            def once(a=answers, f=fund, e=evaluation, q=asked):
                return render_application(a, f, e, asked=q, today=TODAY)

            start = time.perf_counter()
            blob = once()  # cold for the first variant of each template
            cold = (time.perf_counter() - start) * 1000
            wall, cpu, worst = measure(once, rounds)
            print(
                f"{fund_id:10s} {name:18s}: first {cold:5.0f} ms | warm median {wall:4.0f} ms "
                f"wall, {cpu:4.0f} ms CPU, max {worst:4.0f} ms | {len(blob) / 1024:5.1f} KiB"
            )
    chart = chart_data(year_plan(parse_answers(data)))
    for name, action in (
        ("chart part (DrawingML)", lambda: chart_xml(chart, "rId1")),
        ("chart workbook (xlsx)", lambda: workbook(chart)),
    ):
        wall, cpu, _worst = measure(action, rounds)
        print(f"{name:29s}: warm median {wall:4.1f} ms wall, {cpu:4.1f} ms CPU")


def bench_process(rounds: int) -> None:
    """``idebot render`` as a user runs it: a fresh Python process each time."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "ansokan.docx"
        command = [sys.executable, "-m", "bot", "render", str(EXAMPLE), "-o", str(out)]
        env = {**os.environ, "IDEBOT_DATA_DIR": folder}
        walls = []
        for _ in range(rounds):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, env=env, cwd=ROOT)
            walls.append(time.perf_counter() - start)
    print(
        f"{'idebot render (process)':29s}: median {statistics.median(walls) * 1000:4.0f} ms, "
        f"max {max(walls) * 1000:4.0f} ms over {rounds} runs"
    )


def main(rounds: int = 20) -> None:
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs, {rounds} rounds")
    bench_render(rounds)
    bench_process(max(3, rounds // 4))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
