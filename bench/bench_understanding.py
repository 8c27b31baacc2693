"""Benchmark: the understanding stage (typed text → typed interpretation).

Run: ``.venv/bin/python bench/bench_understanding.py``. Prints the import time of
``dialogs.understanding``, the first call (patterns compiled, Babel's month names
loaded) and the median and 95th percentile time of one call per input kind over
real prose inputs. When ``dateparser`` is installed (it is not a dependency), the
same date inputs are also run through it, for the library decision's figures:
how many it reads to the right day, and its import and parse times.
"""

from __future__ import annotations

import datetime as dt
import importlib
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROUNDS = 300

# (typed, role, the right ISO day or None when it must be asked back)
DATES = [
    ("2027-01-01", "start", "2027-01-01"),
    ("1 januari 2027", "start", "2027-01-01"),
    ("jan 2027", "start", "2027-01-01"),
    ("15 okt. 2027", "start", "2027-10-15"),
    ("mars 2027", "end", "2027-03-31"),
    ("december 2029", "end", "2029-12-31"),
    ("februari 2028", "end", "2028-02-29"),
    ("sista februari 2030", "end", "2030-02-28"),
    ("31/12 2029", "end", "2029-12-31"),
    ("31.12.2029", "end", "2029-12-31"),
    ("den 1 mars 2027", "start", "2027-03-01"),
    ("vi börjar i mars 2027", "start", "2027-03-01"),
    ("hösten 2027", "start", "2027-09-01"),
    ("från 2029", "start", "2029-01-01"),
    ("hela 2029", "end", "2029-12-31"),
    ("i början av mars 2027", "start", "2027-03-01"),
    ("januari 2027 till december 2029", "start", "2027-01-01"),
    ("2027–2029", "start", "2027-01-01"),
    ("2027-02-30", "start", None),
    ("31 februari 2027", "start", None),
    ("1/1", "start", None),
    ("2027", "start", None),
    ("nästa år", "start", None),
    ("imorgon", "start", None),
    ("mars eller april 2027", "start", None),
    ("trettionde juni 2027", "start", None),
    ("efter sommaren 2027", "start", None),
    ("12 2027", "start", None),
]
INPUTS = {
    "money": ["1,2 mkr", "vi söker 2,4 miljoner totalt", "300 000 kr per år", "en halv miljon"],
    "integer": ["ca 120 per år", "150 personer", "tvåhundra"],
    "bool": ["ja gärna", "nej, det är helt nytt", "inte ännu, vi har möte i januari"],
    "choice": ["vi testar en befintlig metod", "både och, mest beprövad erfarenhet"],
    "multichoice": ["barn och unga och deras föräldrar", "1, 3"],
    "list": [
        "Röda korset, Sandvikens kommun och IFK Gävle",
        "2027: 1,2 mkr, 2028: 1,5 mkr",
        "Sandvikens kommun 300 000 kr arbetstid, Röda korset 50 000 kr kontant",
    ],
}


def _ms(func) -> float:
    start = time.perf_counter()
    func()
    return (time.perf_counter() - start) * 1000


def _ours(u, typed: str, role: str):
    try:
        return u.understand_date(typed, role=role).value
    except u.ParseError:
        return None


def main() -> int:
    """Prints the figures; returns 0 (a benchmark never fails the build)."""
    start = time.perf_counter()
    u = importlib.import_module("dialogs.understanding")
    print(f"import dialogs.understanding: {(time.perf_counter() - start) * 1000:.0f} ms")
    from dialogs.flow import enum_options

    options = {"choice": enum_options("EvidenceBasis"), "multichoice": enum_options("TargetGroup")}
    calls = {
        "money": u.understand_money,
        "integer": u.understand_integer,
        "bool": lambda t: u.understand_bool(t, nullable=True),
        "choice": lambda t: _quiet(u, lambda: u.understand_choice(t, options["choice"])),
        "multichoice": lambda t: u.understand_multichoice(t, options["multichoice"]),
        "list": lambda t: u.read_list(
            "partners"
            if "," in t and "kr" not in t
            else ("budget" if t[0] == "2" else "cofinancing"),
            t,
        ),
    }
    first = _ms(lambda: _ours(u, "mars 2027", "end"))
    print(f"first date call (patterns and month names loaded): {first:.1f} ms")
    print(f"{'kind':12} {'median ms':>10} {'p95 ms':>8}")
    calls["date"] = lambda t: _ours(u, t, "start")
    INPUTS["date"] = [d[0] for d in DATES]
    for kind, call in calls.items():
        samples = sorted(_ms(lambda c=call, t=t: c(t)) for _ in range(ROUNDS) for t in INPUTS[kind])
        p95 = samples[int(len(samples) * 0.95)]
        print(f"{kind:12} {statistics.median(samples):10.3f} {p95:8.3f}")
    right = sum(_ours(u, t, r) == want for t, r, want in DATES)
    print(
        f"dates read right (a refusal counts as right only where one is due): {right}/{len(DATES)}"
    )
    _dateparser()
    return 0


def _quiet(u, call):
    try:
        return call()
    except u.ParseError:
        return None


def _dateparser() -> None:
    start = time.perf_counter()
    try:
        import dateparser
    except ImportError:
        print("dateparser: not installed (pip install dateparser to compare)")
        return
    imported = (time.perf_counter() - start) * 1000
    base = dt.datetime(2026, 11, 1)
    right, times = 0, []
    for typed, role, want in DATES:
        settings = {
            "DATE_ORDER": "DMY",
            "PREFER_DAY_OF_MONTH": "first" if role == "start" else "last",
            "REQUIRE_PARTS": ["month", "year"],
            "RELATIVE_BASE": base,
        }
        begin = time.perf_counter()
        found = dateparser.parse(typed, languages=["sv"], settings=settings)
        times.append((time.perf_counter() - begin) * 1000)
        right += (found.date().isoformat() if found else None) == want
    print(
        f"dateparser {dateparser.__version__}: import {imported:.0f} ms, first parse "
        f"{times[0]:.0f} ms, median {statistics.median(times):.2f} ms; "
        f"read right {right}/{len(DATES)}"
    )


if __name__ == "__main__":
    sys.exit(main())
