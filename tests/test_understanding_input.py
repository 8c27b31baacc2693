"""The one entry for single-value questions: the field decides how a line is read."""

from __future__ import annotations

import pytest

from dialogs.answering import parse_input
from dialogs.flow import enum_options
from dialogs.replies import InputKind
from dialogs.understanding import ParseError, Unclear, understand_input


@pytest.mark.parametrize(
    ("field", "typed", "value"),
    [
        ("start_date", "mars 2027", "2027-03-01"),
        ("end_date", "mars 2027", "2027-03-31"),
        ("end_date", "december 2029", "2029-12-31"),
        ("start_date", "hösten 2027", "2027-09-01"),
        ("start_date", "från 2029", "2029-01-01"),
    ],
)
def test_a_date_question_reads_a_month_by_which_end_it_asks(field, typed, value):
    assert understand_input(InputKind.DATE, typed, field=field).value == value


def test_a_range_at_the_start_question_fills_the_end_too():
    understood = understand_input(
        InputKind.DATE, "januari 2027 till december 2029", field="start_date"
    )
    assert understood.value == "2027-01-01"
    assert dict(understood.also) == {"end_date": "2029-12-31"}
    assert understood.echo == "1 januari 2027 – 31 december 2029"


@pytest.mark.parametrize(
    ("field", "typed", "accepted"),
    [
        ("requested_amount", "800 000 kr per år", False),
        ("requested_amount", "vi söker 2,4 miljoner totalt", True),
        ("cofinancing[0].amount", "100 000 kr per år", False),
        ("budget[1].cost", "300 000 kr per år", True),
        ("budget[1].cost", "totalt 3 mkr", False),
        ("cost_reductions[0].amount_per_year", "ca 120 000 per år", True),
        ("cost_reductions[2].amount_per_year", "sammanlagt 600 000 kr", False),
    ],
)
def test_a_money_question_knows_whether_it_asks_a_year_or_the_whole_sum(field, typed, accepted):
    if accepted:
        assert understand_input(InputKind.MONEY, typed, field=field).value > 0
    else:
        with pytest.raises(ParseError):
            understand_input(InputKind.MONEY, typed, field=field)


def test_integer_questions_and_years():
    assert understand_input(InputKind.INTEGER, "ca 120 per år").value == 120
    assert understand_input(InputKind.INTEGER, "från 2029", fmt="year").value == 2029
    with pytest.raises(ParseError, match="årtal"):
        understand_input(InputKind.INTEGER, "ca 120", fmt="year")


def test_bool_questions_take_not_yet_only_where_nullable():
    understood = understand_input(InputKind.BOOL, "inte ännu, vi har möte i januari", nullable=True)
    assert (understood.value, understood.echo) == (None, "inte ännu")
    with pytest.raises(ParseError):
        understand_input(InputKind.BOOL, "inte ännu, vi har möte i januari")
    assert understand_input(InputKind.CONFIRM, "ja gärna").value is True


def test_text_is_kept_as_typed_and_blank_text_refused():
    text = "  Vi vill\nstärka föräldrar. "
    assert understand_input(InputKind.TEXT, text).value == text.strip("\n")
    assert understand_input(InputKind.TEXT, text).echo is None
    with pytest.raises(ParseError, match="text"):
        understand_input(InputKind.TEXT, "   ")
    assert understand_input(InputKind.TEXT, "", typed=False).value == ""


def test_json_values_from_buttons_and_scripts_pass_through():
    groups = enum_options("TargetGroup")
    assert understand_input(InputKind.MONEY, 1200).value == 1200
    assert understand_input(InputKind.BOOL, None).value is None
    assert understand_input(InputKind.MULTICHOICE, ["aldre"], options=groups).value == ["aldre"]
    # Labels or numbers in a JSON array are read like typed ones.
    assert understand_input(InputKind.MULTICHOICE, ["1", "Äldre"], options=groups).value == [
        "barn_unga",
        "aldre",
    ]


def test_an_unclear_multichoice_is_unclear_through_the_entry_too():
    with pytest.raises(Unclear):
        understand_input(
            InputKind.MULTICHOICE, "de som behöver det", options=enum_options("TargetGroup")
        )


def test_parse_input_gives_the_bare_value_of_the_same_reading():
    assert parse_input(InputKind.MONEY, "1,2 mkr") == 1_200_000
    assert parse_input(InputKind.DATE, "december 2029", field="end_date") == "2029-12-31"
    assert parse_input(InputKind.BOOL, "nej tyvärr") is False
