"""Benchmark: how long the commands people run take as whole processes (issue 9 §7).

Prints, for each command, the median of 5 runs of the wall time and of the CPU time
(user + system of the child; on a busy machine the CPU time is the steadier figure):

- ``idebot check ANSWERS.json`` (goal < 0.5 s)
- ``idebot faq "…"`` (goal < 0.5 s; the FAQ index comes from its cache after the first run)
- ``idebot render ANSWERS.json -o OUT.docx`` (goal < 1.2 s)
- ``idebot chat --jsonl`` from start to its first question (goal < 1 s)

and which heavy libraries ``import storage`` loads (none of pydantic, jinja2 expected).

Run: ``.venv/bin/python bench/bench_startup.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IDEBOT = Path(sys.executable).with_name("idebot")
ANSWERS = ROOT / "tests" / "data" / "answers" / "gavleborg-ready.json"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one whole process."""
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run(argv, env=env, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start, _children_cpu() - cpu


def first_question(env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds from starting ``idebot chat --jsonl`` to its first ask."""
    cpu = _children_cpu()
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(IDEBOT), "chat", "--jsonl", "--user", f"bench{time.monotonic_ns()}"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=cwd,
    )
    while True:
        line = process.stdout.readline()
        if not line or json.loads(line)["type"] == "ask":
            break
    wall = time.perf_counter() - start
    process.stdin.close()
    process.wait()
    return wall, _children_cpu() - cpu


def report(name: str, samples: list[tuple[float, float]], goal: float) -> None:
    wall = statistics.median(s[0] for s in samples) * 1000
    cpu = statistics.median(s[1] for s in samples) * 1000
    print(f"{name:<34} wall {wall:6.0f} ms   cpu {cpu:6.0f} ms   (goal < {goal * 1000:.0f} ms)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    env = {**os.environ, "IDEBOT_DATA_DIR": str(folder / "data")}
    check = [str(IDEBOT), "check", str(ANSWERS)]
    faq = [str(IDEBOT), "faq", "Hur mycket måste vi medfinansiera själva?"]
    render = [str(IDEBOT), "render", str(ANSWERS), "-o", str(folder / "ut.docx")]
    timed(faq, env, folder)  # builds the FAQ's cache once, as the first use does
    print(f"Whole-process times, median of {args.runs} runs (load {os.getloadavg()[0]:.1f}):")
    report("idebot check", [timed(check, env, folder) for _ in range(args.runs)], 0.5)
    report("idebot faq", [timed(faq, env, folder) for _ in range(args.runs)], 0.5)
    report("idebot render", [timed(render, env, folder) for _ in range(args.runs)], 1.2)
    report(
        "idebot chat: start to first question",
        [first_question(env, folder) for _ in range(args.runs)],
        1.0,
    )
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, storage; print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'pydantic', 'jinja2', 'knowledge', 'dialogs', 'bot', 'templates', 'babel'}))",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    print(f"import storage loads: {probe.stdout.strip()} (expected: [])")
    return 0


if __name__ == "__main__":
    sys.exit(main())
