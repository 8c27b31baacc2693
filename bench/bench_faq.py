"""FAQ search benchmark: accuracy, index build, cache load, time per query, whole process.

Run: ``.venv/bin/python bench/bench_faq.py``. Prints figures; asserts nothing.
``--sealed PATH`` measures a sealed labelled set instead (questions nobody tuning the
search may read) and prints only its aggregate figures – never a question or a
per-question result.
Goals (issues 2 and 12): under 2 ms per query on the real FAQ, under 10 ms on a
synthetic FAQ of 2,000 entries; ``idebot faq "…"`` as a whole process under 0.5 s.

"cold" is the first time each question is asked (unknown words go through the
compound/prefix/typo mapping); "warm" repeats the same questions (mappings cached).
The whole-process figure is the median of 5 runs of the installed ``idebot faq``
with a warm index cache (a first run writes it); it includes Python's start-up and
every import of the CLI, so it also moves with the CLI's start-up work.
"""

from __future__ import annotations

import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import yaml

from knowledge.criteria.profiles import load_funds
from knowledge.faq import Faq, FaqEntry, load_faq
from knowledge.faq.evaluation import evaluate, labelled_questions, relabel
from knowledge.faq.examples import load_examples, without

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
# The held-out part: written blind to the FAQ by two people before round 5 changed
# anything, measured only with --sealed, then copied here unread (only aggregate figures
# are printed).
HELD_OUT = (DATA / "faq_blind4.yaml", DATA / "faq_blind5.yaml")
SYNTHETIC_SIZE = 2_000
PROCESS_RUNS = 5


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def questions() -> list[str]:
    """Every labelled question of the examples (the timing load)."""
    return [q for s in load_examples() for q in labelled_questions(s.to_evaluation())]


def print_accuracy() -> None:
    """Each example set measured with the FAQ built from the other sets, then the
    held-out sets with the whole FAQ (aggregate figures only)."""
    funds = load_funds()
    sets = load_examples()
    print("Accuracy (knowledge.faq.evaluation); each example set without itself:")
    for example_set in sets:
        faq = load_faq(examples=without(sets, example_set.name))
        report = evaluate(faq, example_set.to_evaluation(), funds)
        print(f"  {example_set.name:10} {report.summary()}")
    faq = load_faq()
    for path in HELD_OUT:
        if path.exists():
            report = evaluate(faq, relabel(_read(path), {}), funds)
            print(f"  {path.name:10} {report.summary()}")


def time_process(question: str) -> tuple[float, float, float]:
    """Median wall time, its spread and the median CPU time (user + sys), in ms, of the
    whole ``idebot faq`` process, index cache warm."""
    exe = Path(sys.executable).with_name("idebot")
    command = [str(exe), "faq", question] if exe.exists() else [sys.executable, "-m", "bot"]
    if not exe.exists():
        command += ["faq", question]
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "IDEBOT_DATA_DIR": folder, "IDEBOT_FUND": "gavleborg"}
        subprocess.run(command, env=env, capture_output=True, check=True)  # writes the cache
        samples, cpu = [], []
        for _ in range(PROCESS_RUNS):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, env=env, capture_output=True, check=True)
            samples.append((time.perf_counter() - start) * 1000)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            used = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            cpu.append(used * 1000)
    return statistics.median(samples), max(samples) - min(samples), statistics.median(cpu)


def time_cache(folder: Path) -> tuple[float, float]:
    """Loading the FAQ without cache vs. from a warm cache (ms, index included)."""
    start = time.perf_counter()
    load_faq(cache_dir=folder).warm_up()  # builds and writes
    build = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    load_faq(cache_dir=folder).warm_up()
    return build, (time.perf_counter() - start) * 1000


def synthetic_entries(real: list[FaqEntry], size: int) -> list[FaqEntry]:
    """Entries built from the real FAQ's words, so the vocabulary is realistic Swedish."""
    rng = random.Random(2026)
    words = sorted(
        {w for e in real for w in re.findall(r"[a-zåäöé]{4,}", f"{e.question} {e.answer}".lower())}
    )
    entries = list(real)
    for i in range(size - len(real)):

        def sentence(n: int, i: int = i) -> str:
            return " ".join(rng.sample(words, n)) + f" ämne{i}"

        entries.append(
            FaqEntry(
                id=f"syntetisk-{i}",
                question=sentence(7).capitalize() + "?",
                alternatives=[sentence(6) + "?" for _ in range(3)],
                answer=". ".join(sentence(12) for _ in range(3)) + ".",
                source="syntetisk: bench",
            )
        )
    return entries


def time_queries(faq: Faq, qs: list[str], rounds: int) -> tuple[float, float, float]:
    """Mean milliseconds per query: the first (cold) pass, then warm passes (wall, median
    over rounds), and the warm passes' CPU time (the machine may be loaded)."""
    start = time.perf_counter()
    for q in qs:
        faq.search(q)
    cold = (time.perf_counter() - start) / len(qs) * 1000
    samples, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        for q in qs:
            faq.search(q)
        samples.append((time.perf_counter() - start) / len(qs) * 1000)
        cpu.append((time.process_time() - start_cpu) / len(qs) * 1000)
    return cold, statistics.median(samples), statistics.median(cpu)


def time_build(entries: list[FaqEntry]) -> tuple[Faq, float]:
    """An index built from scratch with the packaged examples (what a staff edit costs)."""
    examples = load_examples()
    start = time.perf_counter()
    faq = Faq(entries, examples=examples)
    faq.warm_up()
    return faq, (time.perf_counter() - start) * 1000


def _print_structure(data: object) -> None:
    """The keys of a labelled file and the distinct values of its label fields (never the
    questions: the text field ``q`` and long strings are left out)."""
    if not isinstance(data, dict):
        print(f"  top level: {type(data).__name__}")
        return
    for name, items in data.items():
        rows = items if isinstance(items, list) else []
        keys = sorted({k for i in rows if isinstance(i, dict) for k in i})
        print(f"  {name}: {len(rows)} items, keys {keys}")
        for key in keys:
            if key == "q":
                continue
            values = {str(i.get(key)) for i in rows if isinstance(i, dict)}
            if len(values) <= 60 and all(len(v) <= 40 for v in values):
                print(f"    {key}: {sorted(values)}")


def sealed_figures(path: Path) -> None:
    """Prints a sealed set's aggregate figures only (top-1, top-3, "vet inte", rejected,
    wrong Ja/Nej); on a file it cannot read, only the file's structure."""
    try:
        data = _read(path)
    except Exception as problem:  # a YAML error would quote the file
        print(f"{path.name}: unreadable ({type(problem).__name__})")
        return
    try:
        labelled = relabel(data, {})
        faq = load_faq()
        faq.warm_up()
        known = {e.id for e in faq.entries}
        unknown = sorted({i for q in labelled["questions"] for i in (q["id"], *q["also"])} - known)
        report = evaluate(faq, labelled, load_funds())
    except Exception as problem:  # a traceback could quote a question
        print(f"{path.name}: not in the labelled format ({type(problem).__name__})")
        _print_structure(data)
        return
    if unknown:
        print(f"  ids that are no FAQ entry: {unknown}")
    print(f"{path.name}: {report.answerable} answerable, {report.out_of_scope} out of scope")
    print(f"  top-1 {report.top1_rate:.3f} ({report.top1}/{report.answerable})")
    print(f"  top-3 {report.top3_rate:.3f} ({report.top3}/{report.answerable})")
    print(f"  vet inte {report.unknown_rate:.1%} of answerable ({report.unknown})")
    rejected = f"{report.rejected}/{report.out_of_scope}"
    print(f"  out of scope rejected {report.rejected_rate:.1%} ({rejected})")
    labelled_leads = f"of {report.labelled_leads} answers with a lead label"
    print(f"  wrong Ja/Nej {report.wrong_lead} ({labelled_leads})")
    print(f"  right answers opening with Ja/Nej: {report.leads_given}")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--sealed":
        sealed_figures(Path(sys.argv[2]))
        return
    qs = questions()
    start = time.perf_counter()
    real = load_faq()
    load_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    real.warm_up()
    first_build_ms = (time.perf_counter() - start) * 1000
    _, rebuild_ms = time_build(list(real.entries))
    cold, warm, warm_cpu = time_queries(real, qs, rounds=20)
    print_accuracy()
    print(f"Real FAQ: {len(real.entries)} entries, {len(qs)} questions")
    print(f"  load + validate files:        {load_ms:8.1f} ms")
    print(f"  first index build (imports):  {first_build_ms:8.1f} ms")
    print(f"  index rebuild:                {rebuild_ms:8.1f} ms")
    print(f"  per query, cold:              {cold:8.3f} ms   (goal < 2 ms)")
    print(f"  per query, warm:              {warm:8.3f} ms   (goal < 2 ms)")
    print(f"  per query, warm, CPU:         {warm_cpu:8.3f} ms")
    with tempfile.TemporaryDirectory() as folder:
        build_ms, cached_ms = time_cache(Path(folder))
    print(f"  load + index, cache miss:     {build_ms:8.1f} ms   (writes IDEBOT_DATA_DIR/cache)")
    print(f"  load + index, cache hit:      {cached_ms:8.1f} ms")
    # A pasted blob is one huge "word": unknown-word mapping is capped, so this stays cheap.
    blob = "".join("abcdefghijklmnoprstuvåäö"[(i * 7) % 24] for i in range(20_000))
    start = time.perf_counter()
    real.search(blob)
    print(f"  one 20,000-letter word:       {(time.perf_counter() - start) * 1000:8.1f} ms")

    entries = synthetic_entries(list(real.entries), SYNTHETIC_SIZE)
    big, build_ms = time_build(entries)
    cold, warm, warm_cpu = time_queries(big, qs, rounds=5)
    print(f"Synthetic FAQ: {len(entries)} entries")
    print(f"  index build:                  {build_ms:8.1f} ms")
    print(f"  per query, cold:              {cold:8.3f} ms   (goal < 10 ms)")
    print(f"  per query, warm:              {warm:8.3f} ms   (goal < 10 ms)")
    print(f"  per query, warm, CPU:         {warm_cpu:8.3f} ms")
    median, spread, cpu = time_process("Hur mycket måste vi medfinansiera själva?")
    print(f"Whole process: idebot faq, median of {PROCESS_RUNS}, index cache warm")
    print(f"  wall {median:6.0f} ms (spread {spread:.0f} ms; goal < 500 ms, CLI start-up included)")
    print(f"  CPU  {cpu:6.0f} ms (user + sys; what a loaded machine does not inflate)")
    print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
