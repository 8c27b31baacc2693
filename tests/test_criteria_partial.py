"""Partial answers (as a dialog produces them) never break a message."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.answers import AnswerField
from knowledge.answers.sample import SAMPLE_ANSWERS
from knowledge.base import load_knowledge
from knowledge.criteria import evaluate, evaluate_rules
from knowledge.criteria.messages import MessageTemplate
from tests.conftest import example_answers

FUNDS = ["gavleborg", "sundsvall", "blekinge"]
PROFILES = load_knowledge().funds
# The example, plus the fields it predates (the sample answers every field).
FULL = {**SAMPLE_ANSWERS, **example_answers("gavleborg-ready")}
FIELDS = [f.value for f in AnswerField if f.value != "fund"]


@pytest.fixture(autouse=True)
def _strict_only(monkeypatch):
    # The lenient fallback exists for shapes nobody foresaw; these shapes must not need it.
    monkeypatch.setattr(MessageTemplate, "render", MessageTemplate.render_strict)


def _assert_readable(evaluation):
    for finding in evaluation.findings:
        text = finding.message
        assert len(text) > 20, finding
        assert "{{" not in text and "{%" not in text and "None" not in text, finding
        assert "()" not in text and " ." not in text and "  " not in text, finding


@pytest.mark.parametrize("fund", FUNDS)
def test_each_field_missing(fund):
    for name in FIELDS:
        data = {k: v for k, v in FULL.items() if k != name}
        _assert_readable(evaluate(data, PROFILES[fund], today=dt.date(2026, 11, 23)))


@pytest.mark.parametrize("fund", FUNDS)
def test_each_field_alone(fund):
    _assert_readable(evaluate({}, PROFILES[fund], today=dt.date(2026, 11, 23)))
    for name in FIELDS:
        _assert_readable(evaluate({name: FULL[name]}, PROFILES[fund], today=dt.date(2026, 11, 23)))


@pytest.mark.parametrize("fund", FUNDS)
def test_objects_with_empty_sub_fields(fund):
    data = dict(FULL)
    data["applicant"] = {"org_type": "foretag"}
    data["partners"] = [{"role": "x"}]
    data["cofinancing"] = [{"amount": 0}]
    data["cost_reductions"] = [{"amount_per_year": 1}]
    data["budget"] = [{"year": 2027, "cost": 0}]
    _assert_readable(evaluate(data, PROFILES[fund], today=dt.date(2026, 11, 23)))


def test_blekinge_content_message_agrees_in_number_with_what_is_missing():
    answers = example_answers("gavleborg-ready")
    answers["fund"] = "blekinge"
    answers["cost_reduction_description"] = "Färre placeringar."  # item 15, Blekinge only
    one_missing = {k: v for k, v in answers.items() if k != "other_interventions"}
    [finding] = evaluate_rules(one_missing, PROFILES["blekinge"], ["blekinge.innehall"])
    assert "1 saknas" in finding.message and "Fyll i den " in finding.message
    two_missing = {k: v for k, v in one_missing.items() if k != "effects_timing"}
    [finding] = evaluate_rules(two_missing, PROFILES["blekinge"], ["blekinge.innehall"])
    assert "2 saknas" in finding.message and "Fyll i dem " in finding.message
