"""The FAQ on questions as applicants really type them (issue 12).

Two parts, kept apart:

* the tuning part, ``knowledge/faq/examples/*.yaml``: every labelled set of the earlier
  rounds and three sets written for round 5 (train1–3), each by someone else and blind
  to the FAQ. The search learns phrasing from them, so each set is measured here with
  the FAQ built from the *other* sets (leave one set out): what a set's writer would
  have got had the set not been written;
* the held-out part, ``tests/data/faq_blind4.yaml`` and ``faq_blind5.yaml``: 410
  questions written by two more people blind to the FAQ before round 5 changed
  anything, measured only through ``bench/bench_faq.py --sealed`` and copied here
  unread. Nobody changing the search has read them; their figures are the honest
  estimate, and their tests print nothing but aggregate figures.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
import yaml

from knowledge.criteria.profiles import load_funds
from knowledge.faq import load_faq
from knowledge.faq.evaluation import Report, evaluate, relabel
from knowledge.faq.examples import check_entry_ids, load_examples, without
from knowledge.faq.index import is_yes_no
from knowledge.faq.questions import asking_clause, sentences

DATA = Path(__file__).parent / "data"
HELD_OUT = (DATA / "faq_blind4.yaml", DATA / "faq_blind5.yaml")

# The issue's bar, on questions written by someone else ...
GOAL_TOP1 = 0.85
GOAL_TOP3 = 0.92
GOAL_UNKNOWN = 0.08
GOAL_REJECTED = 0.90
# ... and what its tests must hold on the held-out part (item 7).
TEST_UNKNOWN = 0.10
# What each held-out set measured at the end of round 5 (``--sealed``, see the README),
# a little lower: a change that loses its questions fails (top-1, top-3, "vet inte",
# out of scope rejected).
HELD_OUT_FLOORS = {
    "faq_blind4.yaml": (0.95, 0.96, 0.04, 0.93),
    "faq_blind5.yaml": (0.85, 0.94, 0.05, 0.93),
}
# Each tuning set, measured without itself, may not slip below (round 5's figures, a
# little lower).
CROSS_FLOORS = {
    "blind": (0.92, 0.96, 0.03, 0.89),
    "blind2": (0.92, 0.96, 0.03, 0.88),
    "blind3": (0.91, 0.95, 0.03, 0.86),
    "dev2": (0.90, 0.95, 0.03, 0.87),
    "dev3": (0.94, 0.98, 0.02, 0.93),
    "dev4": (0.91, 0.96, 0.04, 0.78),
    "heldout": (0.93, 0.97, 0.02, 0.92),
    "labelled": (0.94, 0.98, 0.01, 0.97),
    "train1": (0.90, 0.95, 0.03, 0.91),
    "train2": (0.83, 0.89, 0.09, 0.81),
    "train3": (0.84, 0.93, 0.04, 0.88),
    "tuning": (0.93, 0.95, 0.04, 0.80),
}
# A question this similar to another counts as copied from it.
NEAR_COPY = 0.9
# Held-out questions (nearly) the same as an example or a phrasing when the held-out sets
# were copied in: common short questions several writers typed alike. More means a
# held-out question was copied into what the search learns from.
COINCIDENT_WITH_HELD_OUT = 52


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


@pytest.fixture(scope="module")
def examples():
    return load_examples()


@pytest.fixture(scope="module")
def held_out():
    # Written in the FAQ's own ids: nothing to map.
    return {path.name: relabel(_read(path), {}) for path in HELD_OUT}


@pytest.fixture(scope="module")
def held_out_reports(faq, funds, held_out):
    reports = {}
    for name, data in held_out.items():
        reports[name] = evaluate(faq, data, funds)
        # Aggregate figures only: the held-out questions stay unread by whoever tunes.
        print(f"\n{name}: {reports[name].summary()}")
    return reports


def _together(reports: dict[str, Report]) -> Report:
    total = Report()
    for report in reports.values():
        for name in ("answerable", "top1", "top3", "unknown", "out_of_scope", "rejected"):
            setattr(total, name, getattr(total, name) + getattr(report, name))
    return total


def _questions(data: dict) -> list[str]:
    return [i["q"] for i in data["questions"]] + [i["q"] for i in data["out_of_scope"]]


def test_the_held_out_part_is_written_like_chat_questions_and_big_enough(faq, held_out):
    known = {e.id for e in faq.entries}
    for path in HELD_OUT:
        raw = _read(path)["questions"]
        assert all(set(item) <= {"q", "topic", "fund"} for item in raw), path.name
    answerable = [i for data in held_out.values() for i in data["questions"]]
    outside = [q for data in held_out.values() for q in data["out_of_scope"]]
    everything = [i["q"] for i in answerable] + [i["q"] for i in outside]
    assert len(everything) >= 150
    assert len(outside) >= 30
    # A context sentence before the question, and yes/no questions (as the search's own
    # analysis sees them; the message holds counts only).
    with_context = sum(len(sentences(q)) >= 2 for q in everything)
    yes_no = sum(is_yes_no(asking_clause(q)) for q in everything)
    assert with_context >= len(everything) / 3, with_context
    assert yes_no >= len(everything) / 5, yes_no
    # Every topic of the FAQ is asked about, and every label is an entry.
    assert {i["id"] for i in answerable} == known


def test_every_example_names_an_entry_of_the_faq(faq, examples):
    check_entry_ids(examples, [e.id for e in faq.entries])
    assert len(examples) >= 10
    assert sum(len(s.questions) for s in examples) >= 1500
    assert sum(len(s.out_of_scope) for s in examples) >= 400
    # Every entry has examples from several writers.
    for entry in faq.entries:
        writers = {s.name for s in examples for e in s.questions if e.entry_id == entry.id}
        assert len(writers) >= 4, entry.id


def test_held_out_questions_unlike_any_learned_one_reach_the_goal_too(
    faq, funds, examples, held_out
):
    # Writers converge on the short common questions ("Hur mycket kan vi söka?"): some
    # held-out questions are (nearly) the same as an example or a phrasing, as a new
    # asker's would be. Without them the figures must hold as well.
    learned = [p.lower() for e in faq.entries for p in (e.question, *e.alternatives, *e.opposite)]
    learned += [e.text.lower() for s in examples for e in s.questions]
    learned += [q.lower() for s in examples for q in s.out_of_scope]

    def novel(item: dict) -> bool:
        close = difflib.get_close_matches(item["q"].lower(), learned, n=1, cutoff=NEAR_COPY)
        return not close

    coincident = sum(
        not novel(item) for data in held_out.values() for item in data["questions"]
    ) + sum(not novel(item) for data in held_out.values() for item in data["out_of_scope"])
    assert coincident <= COINCIDENT_WITH_HELD_OUT, coincident
    for name, data in held_out.items():
        unlike = {
            "questions": [i for i in data["questions"] if novel(i)],
            "out_of_scope": [i for i in data["out_of_scope"] if novel(i)],
        }
        report = evaluate(faq, unlike, funds)
        # Aggregate figures only: the held-out questions stay unread.
        print(f"\n{name}, unlike any learned question: {report.summary()}")
        assert report.answerable >= 0.8 * len(data["questions"])
        assert report.top1_rate >= GOAL_TOP1, name
        assert report.top3_rate >= GOAL_TOP3, name
        assert report.unknown_rate <= GOAL_UNKNOWN, name
        assert report.rejected_rate >= GOAL_REJECTED, name


@pytest.mark.parametrize("name", sorted(CROSS_FLOORS))
def test_each_example_set_measured_without_itself_keeps_what_it_reached(examples, funds, name):
    chosen = [s for s in examples if s.name == name]
    assert chosen, f"no example set {name}"
    faq = load_faq(examples=without(examples, name))
    report = evaluate(faq, chosen[0].to_evaluation(), funds)
    print(f"\n{name} (without itself): {report.summary()}")
    for question, want, got in report.misses:
        print(f"  miss: {question!r}: expected {want}, got {got}")
    for question, got in report.leaks:
        print(f"  answered out of scope: {question!r} -> {got}")
    top1, top3, unknown, rejected = CROSS_FLOORS[name]
    assert report.top1_rate >= top1
    assert report.top3_rate >= top3
    assert report.unknown_rate <= unknown
    assert report.rejected_rate >= rejected
    assert report.wrong_lead == 0, report.polarity_errors


def test_every_example_set_is_measured(examples):
    assert {s.name for s in examples} == set(CROSS_FLOORS)


def test_the_held_out_sets_keep_what_they_measured(held_out_reports):
    for name, report in held_out_reports.items():
        top1, top3, unknown, rejected = HELD_OUT_FLOORS[name]
        assert report.top1_rate >= top1, name
        assert report.top3_rate >= top3, name
        assert report.unknown_rate <= unknown, name
        assert report.rejected_rate >= rejected, name


def test_the_held_out_part_reaches_the_issues_goal(held_out_reports):
    total = _together(held_out_reports)
    print(f"\nheld-out part together: {total.summary()}")
    assert total.top1_rate >= GOAL_TOP1
    assert total.top3_rate >= GOAL_TOP3
    assert total.unknown_rate <= GOAL_UNKNOWN <= TEST_UNKNOWN
    assert total.rejected_rate >= GOAL_REJECTED
    for report in held_out_reports.values():  # and each writer's set on its own
        assert report.top1_rate >= GOAL_TOP1
        assert report.unknown_rate <= TEST_UNKNOWN
