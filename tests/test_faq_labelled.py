"""The FAQ on questions as applicants really type them (issue 12): labelled sets of
chat-style questions, a tuning part and a held-out part written before tuning."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
import yaml

from knowledge.criteria.profiles import load_funds
from knowledge.faq import load_faq
from knowledge.faq.evaluation import evaluate

DATA = Path(__file__).parent / "data"
TUNING = DATA / "faq_tuning.yaml"
HELD_OUT = DATA / "faq_heldout.yaml"
# The issue's bar for questions nobody tuned for ...
GOAL_HELD_OUT_TOP1 = 0.85
MAX_HELD_OUT_UNKNOWN = 0.10
# ... and the floor the search reached when the set was first measured (0.76): a
# change that loses held-out questions fails even before the goal is met.
MIN_HELD_OUT_TOP1 = 0.75
# The tuning part may not slip below what it reached.
MIN_TUNING_TOP1 = 0.88
MIN_TUNING_TOP3 = 0.92
MAX_TUNING_UNKNOWN = 0.08
MIN_REJECTED = 0.90
# A held-out question this similar to a phrasing of the FAQ has been copied into it.
NEAR_COPY = 0.9


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def faq():
    loaded = load_faq()
    loaded.warm_up()
    return loaded


@pytest.fixture(scope="module")
def funds():
    return load_funds()


def _report(faq, funds, path: Path):
    report = evaluate(faq, _read(path), funds)
    print(f"\n{path.name}: {report.summary()}")
    for question, want, got in report.misses:
        print(f"  miss: {question!r}: expected {want}, got {got}")
    for question, got in report.leaks:
        print(f"  answered out of scope: {question!r} -> {got}")
    return report


def test_the_sets_are_written_like_chat_questions_and_big_enough(faq):
    sets = [_read(TUNING), _read(HELD_OUT)]
    questions = [q for s in sets for q in s["questions"]]
    outside = [q for s in sets for q in s["out_of_scope"]]
    everything = questions + outside
    assert len(everything) >= 150
    assert len(outside) >= 30
    assert sum(bool(q.get("ctx")) for q in everything) >= len(everything) / 3
    assert sum(bool(q.get("yn")) for q in everything) >= len(everything) / 5
    known = {e.id for e in faq.entries}
    for item in questions:
        assert {item["id"], *item.get("also", ())} <= known, item
        assert item.get("lead") in (None, "Ja", "Nej", "-"), item
    for part in sets:  # every part covers every topic of the FAQ
        assert {q["id"] for q in part["questions"]} == known


def test_held_out_questions_were_not_copied_into_the_faq(faq):
    phrasings = [p.lower() for e in faq.entries for p in (e.question, *e.alternatives, *e.opposite)]
    held = _read(HELD_OUT)
    for item in held["questions"] + held["out_of_scope"]:
        question = item["q"].lower()
        close = difflib.get_close_matches(question, phrasings, n=1, cutoff=NEAR_COPY)
        assert not close, f"{item['q']!r} ~ {close}"


def test_tuning_questions_find_their_entry(faq, funds):
    report = _report(faq, funds, TUNING)
    assert report.top1_rate >= MIN_TUNING_TOP1
    assert report.top3_rate >= MIN_TUNING_TOP3
    assert report.unknown_rate <= MAX_TUNING_UNKNOWN
    assert report.rejected_rate >= MIN_REJECTED
    assert report.wrong_lead == 0, report.polarity_errors


def test_held_out_questions_nobody_tuned_for(faq, funds):
    report = _report(faq, funds, HELD_OUT)
    assert report.wrong_lead == 0, report.polarity_errors
    assert report.rejected_rate >= MIN_REJECTED
    assert report.unknown_rate <= MAX_HELD_OUT_UNKNOWN
    assert report.top1_rate >= MIN_HELD_OUT_TOP1


@pytest.mark.xfail(
    strict=True,
    reason="issue 12 goal not reached: held-out top-1 is 0.76 (tuning 0.90); strict, so "
    "the suite says so once a change reaches 0.85 and this marker must go",
)
def test_held_out_top1_reaches_the_issues_goal(faq, funds):
    assert evaluate(faq, _read(HELD_OUT), funds).top1_rate >= GOAL_HELD_OUT_TOP1
