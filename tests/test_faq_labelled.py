"""The FAQ on questions as applicants really type them (issue 12).

Labelled sets in ``tests/data``:

* ``faq_tuning.yaml`` and ``faq_heldout.yaml`` (round 1: chat-style questions written by
  the developer who tuned the search; the held-out part was studied in round 2, so both
  are tuning data now), ``faq_dev2.yaml`` and ``faq_dev3.yaml`` (round 2, written before
  they were measured, then tuned on);
* ``faq_blind.yaml``: 194 questions written by someone who had not seen the FAQ, in its
  own topic ids (``faq_blind_ids.yaml`` maps them, written from the ids alone). Nobody
  tuning the search read it; its figures are the honest estimate, and its tests print
  nothing but aggregate figures.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
import yaml

from knowledge.criteria.profiles import load_funds
from knowledge.faq import load_faq
from knowledge.faq.evaluation import evaluate, relabel

DATA = Path(__file__).parent / "data"
TUNING = DATA / "faq_tuning.yaml"
HELD_OUT = DATA / "faq_heldout.yaml"
DEV_SETS = (DATA / "faq_dev2.yaml", DATA / "faq_dev3.yaml")
BLIND = DATA / "faq_blind.yaml"
BLIND_IDS = DATA / "faq_blind_ids.yaml"

# The issue's bar, on questions written by someone else.
GOAL_TOP1 = 0.85
GOAL_TOP3 = 0.92
GOAL_UNKNOWN = 0.08
GOAL_REJECTED = 0.90
# What the blind set measured when it was added (see the README), a little lower, so a
# change that loses blind questions fails even where the goal is not met.
BLIND_TOP1 = 0.83
BLIND_TOP3 = 0.87
BLIND_UNKNOWN = 0.10
BLIND_REJECTED = 0.73
# The sets tuned on may not slip below what they reached.
FLOORS = {
    "faq_tuning.yaml": (0.94, 0.96, 0.03, 0.90),
    "faq_heldout.yaml": (0.88, 0.92, 0.06, 0.90),
    "faq_dev2.yaml": (0.78, 0.85, 0.15, 0.90),
    "faq_dev3.yaml": (0.88, 0.92, 0.06, 0.75),
}
# A labelled question this similar to a phrasing of the FAQ has been copied into it.
NEAR_COPY = 0.9
# Phrasings that were already this close to a blind question when the blind set was
# added: eleven of round 1 (written before the blind set existed) and three of round 2
# (written without reading it) that ask the same short question as its writer did.
# They were not copied; a phrasing added since that comes this close was.
COINCIDENT_WITH_BLIND = frozenset(
    [
        "vilka är de sju delarna i arbetssättet?",
        "vad är ett socialt utfallskontrakt?",
        "vad innebär ett socialt utfallskontrakt?",
        "kan medfinansieringen vara arbetstid i stället för pengar?",
        "hur många parter behövs för att ansökan ska prövas?",
        "kan vi söka pengar till verksamhet vi redan bedriver?",
        "vad är skillnaden mellan en förebyggande insats och en tidig insats?",
        "vad är en idéprövning?",
        "vad ska en ansökan innehålla?",
        "hur lång tid har vi på oss att betala tillbaka?",
        "finns det undantag från återbetalning?",
        "räcker det med före- och eftermätning?",
        "vad är skillnaden mellan effektutvärdering och processutvärdering?",
        "vad händer om vi får avslag?",
    ]
)


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
def blind():
    return relabel(_read(BLIND), _read(BLIND_IDS))


@pytest.fixture(scope="module")
def blind_report(faq, funds, blind):
    report = evaluate(faq, blind, funds)
    # Aggregate figures only: the blind questions stay unread by whoever tunes.
    print(f"\n{BLIND.name}: {report.summary()}")
    return report


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
    for item in questions + [q for path in DEV_SETS for q in _read(path)["questions"]]:
        assert {item["id"], *item.get("also", ())} <= known, item
        assert item.get("lead") in (None, "Ja", "Nej", "-"), item
    for part in sets:  # every part covers every topic of the FAQ
        assert {q["id"] for q in part["questions"]} == known


def test_the_blind_set_is_in_its_writers_format_and_maps_to_faq_entries(faq, blind):
    raw = _read(BLIND)["questions"]
    assert len(raw) >= 150
    assert all(set(item) <= {"q", "topic", "fund"} for item in raw)
    assert len(blind["out_of_scope"]) >= 30
    known = {e.id for e in faq.entries}
    # Every topic id of the writer is an entry of the FAQ once mapped.
    assert {i for item in blind["questions"] for i in (item["id"], *item["also"])} <= known


def test_labelled_questions_were_not_copied_into_the_faq(faq, blind):
    phrasings = [p.lower() for e in faq.entries for p in (e.question, *e.alternatives, *e.opposite)]
    for path in (HELD_OUT, *DEV_SETS):
        data = _read(path)
        for item in data["questions"] + data["out_of_scope"]:
            question = item["q"].lower()
            close = difflib.get_close_matches(question, phrasings, n=1, cutoff=NEAR_COPY)
            assert not close, f"{item['q']!r} ~ {close}"
    # The blind set: the message names the phrasing only, never the blind question.
    blind_questions = [q["q"] if isinstance(q, dict) else q for q in blind["out_of_scope"]]
    blind_questions += [item["q"] for item in blind["questions"]]
    newer = [p for p in phrasings if p not in COINCIDENT_WITH_BLIND]
    copied = [
        close[0]
        for question in blind_questions
        if (close := difflib.get_close_matches(question.lower(), newer, n=1, cutoff=NEAR_COPY))
    ]
    assert not copied, f"FAQ phrasings copied from the blind set: {copied}"


@pytest.mark.parametrize("path", [TUNING, HELD_OUT, *DEV_SETS], ids=lambda p: p.name)
def test_the_sets_tuned_on_keep_what_they_reached(faq, funds, path):
    top1, top3, unknown, rejected = FLOORS[path.name]
    report = _report(faq, funds, path)
    assert report.top1_rate >= top1
    assert report.top3_rate >= top3
    assert report.unknown_rate <= unknown
    assert report.rejected_rate >= rejected
    assert report.wrong_lead == 0, report.polarity_errors


def test_blind_questions_keep_what_they_measured(blind_report):
    assert blind_report.top1_rate >= BLIND_TOP1
    assert blind_report.top3_rate >= BLIND_TOP3
    assert blind_report.unknown_rate <= BLIND_UNKNOWN
    assert blind_report.rejected_rate >= BLIND_REJECTED


@pytest.mark.xfail(
    strict=True,
    reason="issue 12 goal not reached on the blind set (see the README's FAQ figures); "
    "strict, so the suite says so once a change reaches it and this marker must go",
)
def test_blind_questions_reach_the_issues_goal(blind_report):
    assert blind_report.top1_rate >= GOAL_TOP1
    assert blind_report.top3_rate >= GOAL_TOP3
    assert blind_report.unknown_rate <= GOAL_UNKNOWN
    assert blind_report.rejected_rate >= GOAL_REJECTED
