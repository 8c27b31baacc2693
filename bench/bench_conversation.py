"""Benchmark of the conversation: how many asks and inputs a dialog takes, and how fast.

For each persona of ``tests/data/dialogues`` (a busy officer answering every question
in one natural line, lists in one typed line) it prints:
- the asks up to the quick check's verdict (goal: at most 15 for every fund), also when
  a script answers with JSON values (lists as one JSON array);
- the inputs of the whole dialog, from the first answer to the submission (before the
  quick check and lists in one line: 60–85);
- the pure engine's step latency (``advance``) over those inputs, p50/p99, and one
  step through the application layer (``Idebot.handle`` on a memory store).

Run: ``.venv/bin/python bench/bench_conversation.py [--rounds N]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dialogs import Ask, TextInput, ValueInput, VerdictReply, advance, begin  # noqa: E402
from tests.support.applicant import has_answer, value_for  # noqa: E402
from tests.support.client import DialogClient  # noqa: E402
from tests.support.core import context, make_core  # noqa: E402
from tests.support.dialogue import NAMES, expected_answers, load_dialogue  # noqa: E402


def percentile(samples: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of the samples lie (nearest rank)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def event_of(line, ask) -> TextInput | ValueInput:
    """The input a script line makes (a pressed button is its option's value)."""
    if line.press is None:
        return TextInput(line.text)
    [value] = [o.value for o in ask.options if o.label == line.press]
    return ValueInput(value, turn=ask.turn)


def prose_run(name: str, ctx) -> tuple[int, int, list[float]]:
    """(asks to the verdict, inputs, step milliseconds) of one typed dialogue."""
    dialogue = load_dialogue(name)
    state, replies = begin(None, ctx=ctx, fund=dialogue.fund)
    asks, to_verdict, samples = 1, None, []
    for line in dialogue.lines:
        ask = [r for r in replies if isinstance(r, Ask)][-1]
        start = time.perf_counter()
        state, replies = advance(state, event_of(line, ask), ctx=ctx)
        samples.append((time.perf_counter() - start) * 1000)
        if to_verdict is None:
            if any(isinstance(r, VerdictReply) for r in replies):
                to_verdict = asks
            asks += sum(1 for r in replies if isinstance(r, Ask))
    return to_verdict or -1, len(dialogue.lines), samples


def json_run(name: str, ctx) -> int:
    """Asks to the verdict when every answer is the example's JSON value."""
    dialogue = load_dialogue(name)
    answers = expected_answers(dialogue)
    state, replies = begin(None, ctx=ctx, fund=dialogue.fund)
    asks = 1
    for _ in range(60):
        ask = [r for r in replies if isinstance(r, Ask)][-1]
        value = True if ask.field.startswith("confirm_") else value_for(ask.field, answers)
        if not has_answer(ask.field, answers):
            value = None
        state, replies = advance(state, ValueInput(value), ctx=ctx)
        if any(isinstance(r, VerdictReply) for r in replies):
            return asks
        asks += sum(1 for r in replies if isinstance(r, Ask))
    return -1


def application_steps(rounds: int) -> list[float]:
    """Milliseconds per ``Idebot.handle`` over whole typed dialogues (memory store)."""
    samples: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-conversation-") as folder:
        for round_ in range(rounds):
            for name in NAMES:
                dialogue = load_dialogue(name)
                core = make_core(Path(folder) / f"{round_}-{name}", chats=[1])
                client = DialogClient(core, f"console:{round_}-{name}")
                client.start(fund=dialogue.fund)
                for line in dialogue.lines[:-1]:  # not the submission (renders Word)
                    event = event_of(line, client.ask)
                    start = time.perf_counter()
                    client.last = core.handle(client.user, event)
                    samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="times each dialogue is run")
    args = parser.parse_args()
    ctx = context()
    print("Conversation per persona (one natural line per question, lists in one line):")
    print(f"{'persona':<30} {'fund':<10} {'asks→verdict':>12} {'json asks':>9} {'inputs':>6}")
    samples: list[float] = []
    for name in NAMES:
        to_verdict, inputs, steps = prose_run(name, ctx)
        for _ in range(args.rounds - 1):
            steps += prose_run(name, ctx)[2]
        samples += steps
        fund = load_dialogue(name).fund
        print(f"{name:<30} {fund:<10} {to_verdict:>12} {json_run(name, ctx):>9} {inputs:>6}")
    print("(goal: at most 15 asks to the verdict for every fund; before: 60–85 inputs)")
    print(
        f"\nPure engine step (advance) over these dialogues: p50 {percentile(samples, 0.5):.2f} ms,"
        f" p99 {percentile(samples, 0.99):.2f} ms over {len(samples)} steps"
    )
    steps = application_steps(max(1, args.rounds // 2))
    print(
        f"Application step (Idebot.handle, memory store): p50 {percentile(steps, 0.5):.2f} ms, "
        f"p99 {percentile(steps, 0.99):.2f} ms over {len(steps)} steps"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
