"""Numbers, amounts and shares as applicants type them: exact values, echoes and refusals."""

from __future__ import annotations

import pytest

from dialogs.understanding import (
    Ambiguous,
    AmbiguousPercent,
    ParseError,
    understand_integer,
    understand_money,
    understand_percent,
    understand_year,
)

# (typed, kronor, echo): every format of answers.md, then prose.
MONEY = [
    ("1 200 000", 1_200_000, "1 200 000 kr"),
    ("1 200 000 kr", 1_200_000, None),
    ("1200000", 1_200_000, "1 200 000 kr"),
    ("1,2 miljoner", 1_200_000, "1 200 000 kr"),
    ("1,2 mkr", 1_200_000, "1 200 000 kr"),
    ("850 tkr", 850_000, "850 000 kr"),
    ("850 000:-", 850_000, "850 000 kr"),
    ("1\u00a0200\u00a0000 kr", 1_200_000, None),
    ("1\u202f200\u202f000 kr", 1_200_000, None),
    ("2 miljoner kronor", 2_000_000, "2 000 000 kr"),
    ("1.200.000 SEK", 1_200_000, "1 200 000 kr"),
    ("1.200.000", 1_200_000, "1 200 000 kr"),
    ("1.200.000 kr", 1_200_000, "1 200 000 kr"),
    ("0", 0, "0 kr"),
    ("0 kr", 0, None),
    ("ca 1,2 mkr", 1_200_000, "1 200 000 kr"),
    ("cirka 850 tkr", 850_000, "850 000 kr"),
    ("ungefär 2 miljoner", 2_000_000, "2 000 000 kr"),
    ("runt 500 000 kr", 500_000, "500 000 kr"),
    ("drygt 2 mkr", 2_000_000, "2 000 000 kr"),
    ("omkring 300 000", 300_000, "300 000 kr"),
    ("c:a 400 tkr", 400_000, "400 000 kr"),
    ("en miljon", 1_000_000, "1 000 000 kr"),
    ("En miljon kronor", 1_000_000, "1 000 000 kr"),
    ("två miljoner", 2_000_000, "2 000 000 kr"),
    ("tre miljoner kr", 3_000_000, "3 000 000 kr"),
    ("en halv miljon", 500_000, "500 000 kr"),
    ("två och en halv miljon", 2_500_000, "2 500 000 kr"),
    ("halvannan miljon", 1_500_000, "1 500 000 kr"),
    ("tvåhundratusen kronor", 200_000, "200 000 kr"),
    ("femhundra tusen", 500_000, "500 000 kr"),
    ("vi söker 2,4 miljoner totalt", 2_400_000, "2 400 000 kr"),
    ("Vi söker 2,4 miljoner totalt.", 2_400_000, "2 400 000 kr"),
    ("vi söker 700 000 kr ur fonden", 700_000, "700 000 kr"),
    ("totalt 3,6 mkr", 3_600_000, "3 600 000 kr"),
    ("sammanlagt 1 500 000 kr", 1_500_000, "1 500 000 kr"),
    ("300 000 kr per år", 300_000, None),
    ("300 000 kr/år", 300_000, "300 000 kr per år"),
    ("300 tkr per år", 300_000, "300 000 kr per år"),
    ("ca 120 000 om året", 120_000, "120 000 kr per år"),
    ("1,5 mkr", 1_500_000, "1 500 000 kr"),
    ("1.5 mkr", 1_500_000, "1 500 000 kr"),
    ("2,25 miljoner", 2_250_000, "2 250 000 kr"),
    ("850000 kr", 850_000, "850 000 kr"),
    ("850 000 kronor", 850_000, "850 000 kr"),
    ("850 000 SEK", 850_000, "850 000 kr"),
    ("850000kr", 850_000, "850 000 kr"),
    ("1 200 000 kr till lön och lokaler", 1_200_000, "1 200 000 kr"),
    ("det kostar 900 000 kr", 900_000, "900 000 kr"),
    ("1 mnkr", 1_000_000, "1 000 000 kr"),
    ("0,7 mkr", 700_000, "700 000 kr"),
    ("700 000 kr.", 700_000, None),
    ("500 tusen", 500_000, "500 000 kr"),
]


@pytest.mark.parametrize(("typed", "kronor", "echo"), MONEY)
def test_money_as_people_type_it(typed, kronor, echo):
    understood = understand_money(typed)
    assert (understood.value, understood.echo) == (kronor, echo)


# (typed, a word the Swedish reason must hold)
NOT_MONEY = [
    ("abc", "kronor"),
    ("mycket", "kronor"),
    ("12 äpplen", "kronor"),
    ("150 personer", "kronor"),
    ("1,5", "hela kronor"),
    ("-500 kr", "negativt"),
    ("minus 500 kr", "negativt"),
    ("", "kronor"),
    ("1,2345 tkr", "hela kronor"),
    ("några hundra tusen", "”några”"),
    ("ett par miljoner", "”par”"),
    ("hundratusentals kronor", "kronor"),
    ("25 000 kr per månad", "per månad"),
    ("5 000 kr i månaden", "per månad"),
    ("2 000 kr per vecka", "per månad"),
    ("50 %", "procentsats"),
    ("hälften", "”hälften”"),
    ("1 mkr eller 2 mkr", "flera tal"),
    ("mellan 1 och 2 miljoner", "flera tal"),
    ("1-2 mkr", "flera tal"),
    ("1–2 mkr", "flera tal"),
    ("300 000 kr per år i tre år", "3 × 300 000 kr = 900 000 kr"),
    ("1,2 mkr exklusive moms", "bara beloppet"),
    ("1,2 mkr plus moms", "bara beloppet"),
    ("3 x 300 000 kr", "flera tal"),
]


@pytest.mark.parametrize(("typed", "reason"), NOT_MONEY)
def test_not_money_is_refused_with_a_reason_and_an_example(typed, reason):
    with pytest.raises(ParseError) as error:
        understand_money(typed)
    assert reason in str(error.value) and "t.ex." in str(error.value)


def test_two_amounts_are_asked_back_never_added_or_picked():
    with pytest.raises(Ambiguous, match=r"\(1 200 000, 300 000\)"):
        understand_money("1 200 000 kr varav 300 000 kr kontant")


@pytest.mark.parametrize("typed", ["800 000 kr per år", "ca 300 tkr/år", "1 mkr årligen"])
def test_per_year_where_the_whole_sum_is_asked_is_asked_back(typed):
    with pytest.raises(ParseError, match="hela beloppet"):
        understand_money(typed, period="total")
    assert understand_money(typed, period="year").value > 0


@pytest.mark.parametrize(
    "typed", ["totalt 2,4 mkr", "2,4 mkr sammanlagt", "vi söker 2,4 miljoner totalt"]
)
def test_a_total_where_a_yearly_sum_is_asked_is_asked_back(typed):
    with pytest.raises(ParseError, match="för ett år"):
        understand_money(typed, period="year")
    assert understand_money(typed, period="total").value == 2_400_000


def test_the_worded_total_from_the_issue_is_exact():
    assert understand_money("vi söker 2,4 miljoner totalt", period="total").value == 2_400_000


INTEGERS = [
    ("150", 150, None),
    ("ca 150", 150, "150"),
    ("150 personer", 150, "150"),
    ("1 500", 1500, None),
    ("1500", 1500, None),
    ("2 tusen", 2000, "2 000"),
    ("ca 120 per år", 120, "120"),
    ("ungefär 200 barn", 200, "200"),
    ("runt 80 familjer", 80, "80"),
    ("cirka 1 200 elever", 1200, "1 200"),
    ("tvåhundra", 200, "200"),
    ("femtio ungdomar", 50, "50"),
    ("tre", 3, "3"),
    ("tjugofem", 25, "25"),
    ("minst 60", 60, "60"),
    ("3 år", 3, "3"),
    ("5.", 5, None),
]


@pytest.mark.parametrize(("typed", "number", "echo"), INTEGERS)
def test_integers(typed, number, echo):
    understood = understand_integer(typed)
    assert (understood.value, understood.echo) == (number, echo)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("många", "heltal"),
        ("1,5", "heltal"),
        ("-3", "heltal"),
        ("några hundra", "”några”"),
        ("ett hundratal", "”hundratal”"),
        ("30 familjer, ca 120 personer", "flera tal"),
        ("100-150", "flera tal"),
        ("mellan 100 och 150", "flera tal"),
        ("vet inte", "heltal"),
    ],
)
def test_not_an_integer(typed, reason):
    with pytest.raises(ParseError, match=reason):
        understand_integer(typed)


@pytest.mark.parametrize(
    ("typed", "year"),
    [
        ("2027", 2027),
        ("år 2030", 2030),
        ("från 2029", 2029),
        ("fr.o.m. 2029", 2029),
        ("2027.", 2027),
    ],
)
def test_years(typed, year):
    assert understand_year(typed).value == year


@pytest.mark.parametrize("typed", ["27", "1850", "2300", "nästa år", "2027 eller 2028"])
def test_not_a_year(typed):
    with pytest.raises(ParseError, match="årtal"):
        understand_year(typed)


@pytest.mark.parametrize(
    ("typed", "share", "echo"),
    [
        ("50", 0.5, "50 %"),
        ("50 %", 0.5, None),
        ("50%", 0.5, "50 %"),
        ("50 procent", 0.5, "50 %"),
        ("ca 50 %", 0.5, "50 %"),
        ("12,5 %", 0.125, None),
        ("0,5 %", 0.005, None),
        ("hälften", 0.5, "50 %"),
        ("hälften av kostnaden", 0.5, "50 %"),
        ("en fjärdedel", 0.25, "25 %"),
        ("tre fjärdedelar", 0.75, "75 %"),
    ],
)
def test_percent(typed, share, echo):
    understood = understand_percent(typed)
    assert understood.value == pytest.approx(share)
    assert understood.echo == echo


def test_a_bare_share_below_one_is_asked_back_with_both_readings():
    with pytest.raises(AmbiguousPercent) as error:
        understand_percent("0,5")
    assert "0,5 %" in str(error.value) and "50 %" in str(error.value)
    assert [(o.value, o.label) for o in error.value.choices] == [(0.005, "0,5 %"), (0.5, "50 %")]


@pytest.mark.parametrize("typed", ["150 %", "50 kr", "en del", "en tredjedel"])
def test_not_a_percent(typed):
    with pytest.raises(ParseError, match="procent"):
        understand_percent(typed)
