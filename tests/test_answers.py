"""The answer model: every example loads; bad input names the field path in Swedish."""

from __future__ import annotations

import json

import pytest

from knowledge.answers import Answers, load_answers, parse_answers, validate_field
from knowledge.criteria import derive
from knowledge.errors import AnswersError
from tests.conftest import ANSWERS_DIR, EXAMPLES


def test_the_three_shared_examples_are_present():
    assert EXAMPLES == [
        "gavleborg-ready",
        "gavleborg-short-cofinancing",
        "sundsvall-no-comparison",
    ]


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_load_and_round_trip(name):
    path = ANSWERS_DIR / f"{name}.json"
    answers = load_answers(path)
    assert answers.to_json() == json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("data", "path", "fragment"),
    [
        (
            {"budget": [{"year": 2027, "cost": 1}, {"year": 2028, "cost": "abc"}]},
            "budget[1].cost",
            'ett belopp i kronor väntades, fick "abc"',
        ),
        ({"title": 123}, "title", "en text väntades"),
        ({"target_groups": ["pensionarer"]}, "target_groups[0]", "barn_unga"),
        ({"titel": "x"}, "titel", "okänt fält"),
        ({"start_date": "2027-02-30"}, "start_date", "ÅÅÅÅ-MM-DD"),
        ({"partners": [{"name": "A", "org_type": "bolag"}]}, "partners[0].org_type", "kommun"),
        ({"budget": [{"year": 2027}]}, "budget[0].cost", "saknas"),
        ({"controlled_studies": "ja"}, "controlled_studies", "ja eller nej"),
        ({"applicant": "Sandvikens kommun"}, "applicant", "ett objekt väntades"),
        ({"requested_amount": -5}, "requested_amount", "mellan 0 och 100 000 000 000 väntades"),
        ({"requested_amount": True}, "requested_amount", "belopp"),
        ({"cofinancing": {"party": "x"}}, "cofinancing", "en lista väntades"),
        ({"title": "x" * 4001}, "title", "högst 4000 tecken"),
    ],
)
def test_bad_field_names_path_and_expectation(data, path, fragment):
    with pytest.raises(AnswersError) as caught:
        parse_answers(data, source="answers.json")
    assert caught.value.path == path
    assert str(caught.value).startswith(f"answers.json: {path}: ")
    assert fragment in str(caught.value)


def test_text_is_cleaned_but_otherwise_kept_literally():
    answers = parse_answers({"title": "A\x00B\x1b & <x> {{ y }} {% z %}\r\nrad två\tflik 😀"})
    assert answers.title == "AB & <x> {{ y }} {% z %}\nrad två\tflik 😀"


def test_missing_file_and_broken_json_are_answers_errors(tmp_path):
    with pytest.raises(AnswersError, match="finns inte"):
        load_answers(tmp_path / "nope.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"title": ', encoding="utf-8")
    with pytest.raises(AnswersError, match=r"broken\.json: ogiltig JSON på rad 1"):
        load_answers(broken)
    listy = tmp_path / "list.json"
    listy.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(AnswersError, match="JSON-objekt"):
        load_answers(listy)


def test_validate_field_returns_json_value():
    assert validate_field("start_date", "2027-01-01") == "2027-01-01"
    assert validate_field("partners", []) == []
    assert validate_field("manager_endorsement", None) is None
    with pytest.raises(AnswersError, match="budget"):
        validate_field("budget", [{"year": 2027, "cost": "x"}])


def test_derived_values_of_the_short_cofinancing_example():
    answers = load_answers(ANSWERS_DIR / "gavleborg-short-cofinancing.json")
    derived = derive(answers)
    assert derived.total_cost == 1_000_000
    assert derived.cofinancing_total == 300_000
    assert derived.cofinancing_share == pytest.approx(0.3)
    assert derived.organisation_count == 1
    assert derived.period_months == 24


def _whole_file_verdict(name, value):
    """What validating ``{name: value}`` as a whole answers file gives: value or error."""
    try:
        return parse_answers({name: value}, source="svaret").to_json().get(name)
    except AnswersError as error:
        return ("error", error.path, error.reason)


def _one_field_verdict(name, value):
    try:
        return validate_field(name, value)
    except AnswersError as error:
        return ("error", error.path, error.reason)


# Values of every shape, good and bad, for every field: the single-field check must
# accept, clean and refuse exactly what a whole answers file would.
_PROBES = [
    None,
    True,
    0,
    -5,
    3,
    2027,
    1.5,
    0.5,
    float("inf"),
    float("nan"),
    10**30,
    "",
    " text med\x07 kontrolltecken ",
    "x" * 5000,
    "2027-01-01",
    "2027-02-30",
    "ja",
    "förebyggande",
    "barn_unga",
    [],
    ["barn_unga", "okänd"],
    [{"year": 2027, "cost": 100000}],
    [{"year": 2027, "cost": "x"}],
    [{"name": "Region", "role": "Ägare"}],
    [{"name": "Region", "extra": 1}],
    {},
    {"name": "Anna", "org_type": "kommun"},
    {"name": "Anna", "org_type": "påhittad"},
    {"okänt": 1},
]


@pytest.mark.parametrize("field", sorted(Answers.model_fields))
def test_one_field_is_checked_exactly_as_a_whole_file(field):
    values = list(_PROBES)
    for example in EXAMPLES:
        data = json.loads((ANSWERS_DIR / f"{example}.json").read_text(encoding="utf-8"))
        if field in data:
            values.append(data[field])
    for value in values:
        assert _one_field_verdict(field, value) == _whole_file_verdict(field, value), value
