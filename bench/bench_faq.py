"""FAQ search benchmark: index build time and time per query.

Run: ``.venv/bin/python bench/bench_faq.py``. Prints figures; asserts nothing.
Goals (issue 2): under 2 ms per query on the real FAQ, under 10 ms on a synthetic
FAQ of 2,000 entries.

"cold" is the first time each question is asked (unknown words go through the
compound/prefix/typo mapping); "warm" repeats the same questions (mappings cached).
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import yaml

from knowledge.faq import Faq, FaqEntry, load_faq

LABELLED = Path(__file__).resolve().parents[1] / "tests" / "data" / "faq_labelled.yaml"
SYNTHETIC_SIZE = 2_000


def questions() -> list[str]:
    data = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    return [item["q"] for item in data["paraphrases"]] + list(data["out_of_domain"])


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


def time_queries(faq: Faq, qs: list[str], rounds: int) -> tuple[float, float]:
    """Mean milliseconds per query: the first (cold) pass, then warm passes."""
    start = time.perf_counter()
    for q in qs:
        faq.search(q)
    cold = (time.perf_counter() - start) / len(qs) * 1000
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for q in qs:
            faq.search(q)
        samples.append((time.perf_counter() - start) / len(qs) * 1000)
    return cold, statistics.median(samples)


def time_build(entries: list[FaqEntry]) -> tuple[Faq, float]:
    start = time.perf_counter()
    faq = Faq(entries)
    faq.warm_up()
    return faq, (time.perf_counter() - start) * 1000


def main() -> None:
    qs = questions()
    start = time.perf_counter()
    real = load_faq()
    load_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    real.warm_up()
    first_build_ms = (time.perf_counter() - start) * 1000
    _, rebuild_ms = time_build(list(real.entries))
    cold, warm = time_queries(real, qs, rounds=20)
    print(f"Real FAQ: {len(real.entries)} entries, {len(qs)} questions")
    print(f"  load + validate files:        {load_ms:8.1f} ms")
    print(f"  first index build (imports):  {first_build_ms:8.1f} ms")
    print(f"  index rebuild:                {rebuild_ms:8.1f} ms")
    print(f"  per query, cold:              {cold:8.3f} ms   (goal < 2 ms)")
    print(f"  per query, warm:              {warm:8.3f} ms   (goal < 2 ms)")
    # A pasted blob is one huge "word": unknown-word mapping is capped, so this stays cheap.
    blob = "".join("abcdefghijklmnoprstuvåäö"[(i * 7) % 24] for i in range(20_000))
    start = time.perf_counter()
    real.search(blob)
    print(f"  one 20,000-letter word:       {(time.perf_counter() - start) * 1000:8.1f} ms")

    entries = synthetic_entries(list(real.entries), SYNTHETIC_SIZE)
    big, build_ms = time_build(entries)
    cold, warm = time_queries(big, qs, rounds=5)
    print(f"Synthetic FAQ: {len(entries)} entries")
    print(f"  index build:                  {build_ms:8.1f} ms")
    print(f"  per query, cold:              {cold:8.3f} ms   (goal < 10 ms)")
    print(f"  per query, warm:              {warm:8.3f} ms   (goal < 10 ms)")


if __name__ == "__main__":
    main()
