"""Parsing typed answers exactly as answers.md lists them."""

from __future__ import annotations

import pytest

from dialogs.errors import ParseError
from dialogs.flow import enum_options
from dialogs.parsing import (
    AmbiguousPercent,
    parse_bool,
    parse_choice,
    parse_date,
    parse_integer,
    parse_money,
    parse_multichoice,
    parse_percent,
    parse_year,
)

ORG = enum_options("OrgType")
GROUPS = enum_options("TargetGroup")


@pytest.mark.parametrize(
    ("typed", "kronor"),
    [
        ("1 200 000", 1_200_000),
        ("1 200 000 kr", 1_200_000),
        ("1200000", 1_200_000),
        ("1,2 miljoner", 1_200_000),
        ("1,2 mkr", 1_200_000),
        ("850 tkr", 850_000),
        ("850 000:-", 850_000),
        ("1\u00a0200\u00a0000 kr", 1_200_000),
        ("2 miljoner kronor", 2_000_000),
        ("1.200.000 SEK", 1_200_000),
        ("0", 0),
    ],
)
def test_money_as_people_type_it(typed, kronor):
    assert parse_money(typed) == kronor


@pytest.mark.parametrize(
    "typed", ["abc", "mycket", "12 äpplen", "1,5", "-500 kr", "", "1,2345 tkr"]
)
def test_not_money_says_what_was_expected_with_an_example(typed):
    with pytest.raises(ParseError) as error:
        parse_money(typed)
    assert "kronor" in str(error.value) and "t.ex." in str(error.value)


@pytest.mark.parametrize(
    ("typed", "share"),
    [("50", 0.5), ("50 %", 0.5), ("50%", 0.5), ("12,5 %", 0.125), ("0,5 %", 0.005)],
)
def test_percent(typed, share):
    assert parse_percent(typed) == pytest.approx(share)


def test_a_bare_share_below_one_is_asked_back():
    with pytest.raises(AmbiguousPercent) as error:
        parse_percent("0,5")
    assert "0,5 %" in str(error.value) and "50 %" in str(error.value)


@pytest.mark.parametrize("typed", ["150 %", "50 kr", "en del"])
def test_not_a_percent(typed):
    with pytest.raises(ParseError, match="procent"):
        parse_percent(typed)


@pytest.mark.parametrize(
    ("typed", "iso"),
    [
        ("2027-01-01", "2027-01-01"),
        ("1 januari 2027", "2027-01-01"),
        ("31 december 2029", "2029-12-31"),
        ("jan 2027", "2027-01-01"),
        ("Januari 2027", "2027-01-01"),
        ("15 okt. 2027", "2027-10-15"),
        ("1 maj 2028", "2028-05-01"),
    ],
)
def test_dates(typed, iso):
    assert parse_date(typed) == iso


@pytest.mark.parametrize("typed", ["2027", "nästa år", "2027-02-30", "31 februari 2027", "1/1"])
def test_not_a_date(typed):
    with pytest.raises(ParseError, match="datum"):
        parse_date(typed)


def test_year_only_for_years():
    assert parse_year("2027") == 2027
    assert parse_year("år 2030") == 2030
    with pytest.raises(ParseError, match="årtal"):
        parse_year("27")
    with pytest.raises(ParseError, match="årtal"):
        parse_year("1850")


@pytest.mark.parametrize(
    ("typed", "number"), [("150", 150), ("ca 150", 150), ("150 personer", 150), ("1 500", 1500)]
)
def test_integers(typed, number):
    assert parse_integer(typed) == number


@pytest.mark.parametrize("typed", ["många", "1,5", "-3"])
def test_not_an_integer(typed):
    with pytest.raises(ParseError, match="heltal"):
        parse_integer(typed)


@pytest.mark.parametrize("typed", ["ja", "Ja", "j", "yes", "JA!"])
def test_yes(typed):
    assert parse_bool(typed) is True


@pytest.mark.parametrize("typed", ["nej", "n", "no", "Nej."])
def test_no(typed):
    assert parse_bool(typed) is False


def test_not_yet_only_where_null_is_allowed():
    assert parse_bool("inte ännu", nullable=True) is None
    with pytest.raises(ParseError, match="ja eller nej"):
        parse_bool("inte ännu")
    with pytest.raises(ParseError, match="ja eller nej"):
        parse_bool("kanske")


@pytest.mark.parametrize("typed", ["kommun", "2", "Kommun/kommunal förvaltning", "KOMMUN/KOMMUNAL"])
def test_choice_by_value_number_label_or_its_start(typed):
    assert parse_choice(typed, ORG) == "kommun"


def test_an_unknown_choice_lists_the_options():
    with pytest.raises(ParseError) as error:
        parse_choice("landsting?", ORG[1:])
    assert "1 Kommun/kommunal förvaltning" in str(error.value)
    with pytest.raises(ParseError):
        parse_choice("9", ORG)


def test_multichoice_by_numbers_labels_or_values():
    assert parse_multichoice("1, 3", GROUPS) == ["barn_unga", "foraldrar"]
    assert parse_multichoice("1 3", GROUPS) == ["barn_unga", "foraldrar"]
    assert parse_multichoice("Barn och unga; äldre", GROUPS) == ["barn_unga", "aldre"]
    assert parse_multichoice("barn_unga, 1", GROUPS) == ["barn_unga"]


def test_a_bad_multichoice_part_is_named():
    with pytest.raises(ParseError, match="”katter” är inget av alternativen"):
        parse_multichoice("1, katter", GROUPS)


@pytest.mark.parametrize(
    ("typed", "options", "value"),
    [
        ("ny metod", "MethodKind", "ny_metod"),
        ("ny", "MethodKind", "ny_metod"),
        ("utveckla", "MethodKind", "utveckla_befintlig"),
        ("företag", "OrgType", "foretag"),
        ("förening", "OrgType", "ideell"),
        ("landsting", "OrgType", "region"),
        ("myndighet", "OrgType", "statlig"),
        ("beprövad erfarenhet", "EvidenceBasis", "beprovad_erfarenhet"),
    ],
)
def test_choice_by_a_word_or_words_of_one_label(typed, options, value):
    assert parse_choice(typed, enum_options(options)) == value


def test_a_word_in_several_labels_is_not_a_choice():
    with pytest.raises(ParseError, match="alternativen"):
        parse_choice("befintlig", enum_options("MethodKind"))
