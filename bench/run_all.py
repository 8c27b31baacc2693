"""Runs every ``bench/bench_*.py`` in turn, each in its own process, and prints its figures.

Run: ``.venv/bin/python bench/run_all.py`` (or ``make bench``). The exit code is
non-zero only if a benchmark script crashed; slow figures are reported, not failed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def main() -> int:
    """Runs the benchmarks; returns the number of scripts that crashed."""
    crashed = 0
    for script in sorted(BENCH.glob("bench_*.py")):
        print(f"=== {script.name} ===", flush=True)
        result = subprocess.run([sys.executable, str(script)], cwd=BENCH.parent, check=False)
        if result.returncode != 0:
            crashed += 1
            print(f"!!! {script.name} avslutades med kod {result.returncode}", flush=True)
        print(flush=True)
    return min(crashed, 1)


if __name__ == "__main__":
    sys.exit(main())
