"""The shared example answers give their expected verdict, fails, unknowns and mentions."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.answers import parse_answers
from knowledge.base import load_knowledge
from knowledge.criteria import evaluate
from knowledge.criteria.findings import Status
from tests.conftest import EXAMPLES, example_answers, example_expected

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_gives_expected_evaluation(name):
    data = example_answers(name)
    expected = example_expected(name)
    fund = load_knowledge().fund(data["fund"])
    evaluation = evaluate(parse_answers(data, source=name), fund, today=TODAY)

    assert str(evaluation.verdict) == expected["verdict"]
    fails = sorted(f.rule for f in evaluation.by_status(Status.FAIL))
    assert fails == sorted(expected["fail"])
    unknowns = {f.rule for f in evaluation.by_status(Status.UNKNOWN)}
    assert set(expected["unknown_includes"]) <= unknowns
    text = " ".join(f.message for f in evaluation.findings)
    for phrase in expected["must_mention"]:
        assert phrase in text


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_rule_gives_one_finding_with_source_and_message(name):
    data = example_answers(name)
    fund = load_knowledge().fund(data["fund"])
    evaluation = evaluate(parse_answers(data), fund, today=TODAY)
    assert [f.rule for f in evaluation.findings] == [r.id for r in fund.rules]
    for finding in evaluation.findings:
        assert finding.message.strip()
        assert "{{" not in finding.message and "{%" not in finding.message
        assert finding.source.split(":")[0] in fund.source_files
