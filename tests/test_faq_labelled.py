"""The FAQ on questions as applicants really type them (issue 12).

Labelled sets in ``tests/data``:

* ``faq_tuning.yaml`` and ``faq_heldout.yaml`` (round 1: chat-style questions written by
  the developer who tuned the search; the held-out part was studied in round 2, so both
  are tuning data now), ``faq_dev2.yaml`` and ``faq_dev3.yaml`` (round 2) and
  ``faq_dev4.yaml`` (round 3), each batch written before it was measured, then tuned on;
* ``faq_blind.yaml``: 194 questions written by someone who had not seen the FAQ, in its
  own topic ids (``faq_blind_ids.yaml`` maps them, written from the ids alone). Sealed in
  round 2, opened and tuned on in round 3;
* ``faq_blind2.yaml``: 205 questions written by someone else for round 3, in the FAQ's
  ids, measured only through ``bench/bench_faq.py --sealed`` in round 3; opened in round
  4, where its misses were studied in aggregate (classes, not phrasings);
* ``faq_blind3.yaml``: 205 questions written by someone else for round 4, in the FAQ's
  ids, measured only through ``bench/bench_faq.py --sealed`` while the search was
  changed, then copied here unread. Nobody changing the search has read it; its figures
  are the honest estimate, and its tests print nothing but aggregate figures.
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
DEV_SETS = (DATA / "faq_dev2.yaml", DATA / "faq_dev3.yaml", DATA / "faq_dev4.yaml")
BLIND = DATA / "faq_blind.yaml"
BLIND_IDS = DATA / "faq_blind_ids.yaml"
BLIND2 = DATA / "faq_blind2.yaml"
BLIND3 = DATA / "faq_blind3.yaml"

# The issue's bar, on questions written by someone else.
GOAL_TOP1 = 0.85
GOAL_TOP3 = 0.92
GOAL_UNKNOWN = 0.08
GOAL_REJECTED = 0.90
# What the third blind set measured at the end of round 4 (``--sealed``, see the README:
# top-1 0.738, top-3 0.825, "vet inte" 12.5 %, 84.4 % rejected), a little lower, so a
# change that loses its questions fails even where the goal is not met.
BLIND3_FLOORS = (0.72, 0.80, 0.14, 0.82)
# The sets tuned on may not slip below what they reached (top-1, top-3, "vet inte",
# out of scope rejected).
FLOORS = {
    "faq_tuning.yaml": (0.94, 0.96, 0.03, 0.95),
    "faq_heldout.yaml": (0.92, 0.95, 0.05, 0.95),
    "faq_dev2.yaml": (0.80, 0.90, 0.08, 0.95),
    "faq_dev3.yaml": (0.92, 0.94, 0.04, 0.95),
    "faq_dev4.yaml": (0.89, 0.94, 0.03, 0.85),
    "faq_blind.yaml": (0.93, 0.96, 0.03, 0.95),
    "faq_blind2.yaml": (0.80, 0.88, 0.08, 0.84),
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
# Phrasings that were already this close to a question of the second blind set when it
# was added: all thirteen were in the FAQ before round 3 (before the set was written), and
# ask the same short question its writer did. A phrasing added since that comes this close
# was copied.
COINCIDENT_WITH_BLIND2 = frozenset(
    [
        "vad menas med sociala investeringar?",
        "vad är ett socialt utfallskontrakt?",
        "vad innebär ett socialt utfallskontrakt?",
        "hur mycket pengar kan vi söka?",
        "vilken målgrupp ska insatsen rikta sig till?",
        "vad är skillnaden mellan en förebyggande insats och en tidig insats?",
        "måste metoden vara evidensbaserad?",
        "vad är en idéprövning?",
        "vad ska en ansökan innehålla?",
        "måste vi betala tillbaka pengarna?",
        "hur lång tid har vi på oss att betala tillbaka?",
        "hur många år har vi på oss att betala tillbaka?",
        "måste vi ha en kontrollgrupp?",
        "vad är skillnaden mellan effektutvärdering och processutvärdering?",
        "vad händer om ansökan inte beviljas?",
    ]
)


# Phrasings that were already this close to a question of the third blind set when it
# was added: both were in the FAQ before round 4 (which added no phrasing), so before the
# set was written, and ask the same short question its writer did.
COINCIDENT_WITH_BLIND3 = frozenset(
    [
        "vad ska stå i idéprövningsblanketten?",
        "vad innebär en kontrollerad studie?",
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
def blind2():
    # Written in the FAQ's own ids: nothing to map.
    return relabel(_read(BLIND2), {})


@pytest.fixture(scope="module")
def blind3():
    # Written in the FAQ's own ids: nothing to map.
    return relabel(_read(BLIND3), {})


@pytest.fixture(scope="module")
def blind3_report(faq, funds, blind3):
    report = evaluate(faq, blind3, funds)
    # Aggregate figures only: the blind questions stay unread by whoever tunes.
    print(f"\n{BLIND3.name}: {report.summary()}")
    return report


def _report(faq, funds, path: Path):
    data = relabel(_read(path), _read(BLIND_IDS) if path == BLIND else {})
    report = evaluate(faq, data, funds)
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


@pytest.mark.parametrize("name", ["blind", "blind2", "blind3"])
def test_the_blind_sets_are_in_their_writers_format_and_map_to_faq_entries(faq, request, name):
    labelled = request.getfixturevalue(name)
    raw = _read({"blind": BLIND, "blind2": BLIND2, "blind3": BLIND3}[name])["questions"]
    assert len(raw) >= 150
    assert all(set(item) <= {"q", "topic", "fund"} for item in raw)
    assert len(labelled["out_of_scope"]) >= 30
    known = {e.id for e in faq.entries}
    # Every topic id of the writer is an entry of the FAQ once mapped (the message names
    # ids only).
    ids = {i for item in labelled["questions"] for i in (item["id"], *item["also"])}
    assert ids <= known, sorted(ids - known)


def test_labelled_questions_were_not_copied_into_the_faq(faq, blind, blind2, blind3):
    phrasings = [p.lower() for e in faq.entries for p in (e.question, *e.alternatives, *e.opposite)]
    for path in (HELD_OUT, *DEV_SETS):
        data = _read(path)
        for item in data["questions"] + data["out_of_scope"]:
            question = item["q"].lower()
            close = difflib.get_close_matches(question, phrasings, n=1, cutoff=NEAR_COPY)
            assert not close, f"{item['q']!r} ~ {close}"
    # The blind sets: the message names the phrasing only, never the blind question.
    for labelled, coincident in (
        (blind, COINCIDENT_WITH_BLIND),
        (blind2, COINCIDENT_WITH_BLIND2),
        (blind3, COINCIDENT_WITH_BLIND3),
    ):
        questions = [q["q"] if isinstance(q, dict) else q for q in labelled["out_of_scope"]]
        questions += [item["q"] for item in labelled["questions"]]
        newer = [p for p in phrasings if p not in coincident]
        copied = [
            close[0]
            for question in questions
            if (close := difflib.get_close_matches(question.lower(), newer, n=1, cutoff=NEAR_COPY))
        ]
        assert not copied, f"FAQ phrasings copied from a blind set: {copied}"


@pytest.mark.parametrize("path", [TUNING, HELD_OUT, *DEV_SETS, BLIND, BLIND2], ids=lambda p: p.name)
def test_the_sets_tuned_on_keep_what_they_reached(faq, funds, path):
    top1, top3, unknown, rejected = FLOORS[path.name]
    report = _report(faq, funds, path)
    assert report.top1_rate >= top1
    assert report.top3_rate >= top3
    assert report.unknown_rate <= unknown
    assert report.rejected_rate >= rejected
    assert report.wrong_lead == 0, report.polarity_errors


def test_blind_questions_keep_what_they_measured(blind3_report):
    top1, top3, unknown, rejected = BLIND3_FLOORS
    assert blind3_report.top1_rate >= top1
    assert blind3_report.top3_rate >= top3
    assert blind3_report.unknown_rate <= unknown
    assert blind3_report.rejected_rate >= rejected


@pytest.mark.xfail(
    strict=True,
    reason="issue 12 goal not reached on the third blind set, the honest estimate (see "
    "the README's FAQ figures); strict, so the suite says so once a change reaches it and "
    "this marker must go",
)
def test_blind_questions_reach_the_issues_goal(blind3_report):
    assert blind3_report.top1_rate >= GOAL_TOP1
    assert blind3_report.top3_rate >= GOAL_TOP3
    assert blind3_report.unknown_rate <= GOAL_UNKNOWN
    assert blind3_report.rejected_rate >= GOAL_REJECTED
