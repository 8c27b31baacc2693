"""Dates and periods as applicants type them, at the start- and end-date questions."""

from __future__ import annotations

import datetime as dt

import pytest

from dialogs.understanding import Ambiguous, ParseError, understand_date

TODAY = dt.date(2026, 11, 1)

# (typed, role, ISO value, echo)
DATES = [
    ("2027-01-01", None, "2027-01-01", None),
    ("1 januari 2027", None, "2027-01-01", None),
    ("31 december 2029", "end", "2029-12-31", None),
    ("jan 2027", None, "2027-01-01", "1 januari 2027"),
    ("Januari 2027", None, "2027-01-01", "1 januari 2027"),
    ("15 okt. 2027", None, "2027-10-15", "15 oktober 2027"),
    ("1 maj 2028", None, "2028-05-01", None),
    ("1 jan 2027", "start", "2027-01-01", "1 januari 2027"),
    ("1 sept 2027", "start", "2027-09-01", "1 september 2027"),
    # A month is its first day for a start, its LAST day for an end.
    ("mars 2027", "start", "2027-03-01", "1 mars 2027"),
    ("mars 2027", "end", "2027-03-31", "31 mars 2027"),
    ("december 2029", "end", "2029-12-31", "31 december 2029"),
    ("dec 2029", "end", "2029-12-31", "31 december 2029"),
    ("juni 2028", "end", "2028-06-30", "30 juni 2028"),
    ("februari 2028", "end", "2028-02-29", "29 februari 2028"),
    ("februari 2029", "end", "2029-02-28", "28 februari 2029"),
    ("sista februari 2030", "end", "2030-02-28", "28 februari 2030"),
    ("sista dagen i juni 2028", "end", "2028-06-30", "30 juni 2028"),
    ("första mars 2027", "start", "2027-03-01", "1 mars 2027"),
    ("i början av mars 2027", "start", "2027-03-01", "1 mars 2027"),
    ("i slutet av maj 2029", "end", "2029-05-31", "31 maj 2029"),
    ("31/12 2029", "end", "2029-12-31", "31 december 2029"),
    ("31/12/2029", "end", "2029-12-31", "31 december 2029"),
    ("31.12.2029", "end", "2029-12-31", "31 december 2029"),
    ("1/3 2027", "start", "2027-03-01", "1 mars 2027"),
    ("03/2027", "start", "2027-03-01", "1 mars 2027"),
    ("2027-03", "end", "2027-03-31", "31 mars 2027"),
    ("den 1 mars 2027", "start", "2027-03-01", "1 mars 2027"),
    ("1:a mars 2027", "start", "2027-03-01", "1 mars 2027"),
    ("måndag 1 mars 2027", "start", "2027-03-01", "1 mars 2027"),
    ("vi börjar i mars 2027", "start", "2027-03-01", "1 mars 2027"),
    ("start 1 mars 2027", "start", "2027-03-01", "1 mars 2027"),
    ("preliminärt augusti 2027", "start", "2027-08-01", "1 augusti 2027"),
    ("slutar 31 dec 2029", "end", "2029-12-31", "31 december 2029"),
    ("till och med december 2029", "end", "2029-12-31", "31 december 2029"),
    ("t.o.m. juni 2029", "end", "2029-06-30", "30 juni 2029"),
    # Seasons are a stated day, said back.
    ("hösten 2027", "start", "2027-09-01", "1 september 2027"),
    ("hösten 2029", "end", "2029-11-30", "30 november 2029"),
    ("våren 2028", "start", "2028-03-01", "1 mars 2028"),
    ("sommaren 2027", "start", "2027-06-01", "1 juni 2027"),
    ("höst 2027", "start", "2027-09-01", "1 september 2027"),
    ("i vår 2028", "start", "2028-03-01", "1 mars 2028"),
    ("vår start blir mars 2027", "start", "2027-03-01", "1 mars 2027"),
    ("vi var tänkta att starta i april 2027", "start", "2027-04-01", "1 april 2027"),
    ("vårterminen 2028", "end", "2028-06-30", "30 juni 2028"),
    ("ht 2027", "start", "2027-08-01", "1 augusti 2027"),
    ("i början av hösten 2027", "start", "2027-09-01", "1 september 2027"),
    # A year with words that say which end.
    ("från 2029", "start", "2029-01-01", "1 januari 2029"),
    ("fr.o.m. 2028", "start", "2028-01-01", "1 januari 2028"),
    ("hela 2029", "end", "2029-12-31", "31 december 2029"),
    ("t.o.m. 2029", "end", "2029-12-31", "31 december 2029"),
    ("till och med 2029", "end", "2029-12-31", "31 december 2029"),
    ("i början av 2027", "start", "2027-01-01", "1 januari 2027"),
    ("i slutet av 2029", "end", "2029-12-31", "31 december 2029"),
]


@pytest.mark.parametrize(("typed", "role", "iso", "echo"), DATES)
def test_dates(typed, role, iso, echo):
    understood = understand_date(typed, role=role)
    assert (understood.value, understood.echo, dict(understood.also)) == (iso, echo, {})


# (typed, start, end): a range at either question fills both.
RANGES = [
    ("januari 2027 till december 2029", "2027-01-01", "2029-12-31"),
    ("från januari 2027 till december 2029", "2027-01-01", "2029-12-31"),
    ("jan 2027 – dec 2029", "2027-01-01", "2029-12-31"),
    ("jan 2027-dec 2029", "2027-01-01", "2029-12-31"),
    ("2027-01-01 – 2029-12-31", "2027-01-01", "2029-12-31"),
    ("2027-01-01 till 2029-12-31", "2027-01-01", "2029-12-31"),
    ("1 jan 2027 - 31 dec 2029", "2027-01-01", "2029-12-31"),
    ("2027–2029", "2027-01-01", "2029-12-31"),
    ("2027-2029", "2027-01-01", "2029-12-31"),
    ("jan–dec 2027", "2027-01-01", "2027-12-31"),
    ("mars till november 2027", "2027-03-01", "2027-11-30"),
    ("hösten 2027 till våren 2029", "2027-09-01", "2029-05-31"),
    ("1/3 2027 - 28/2 2030", "2027-03-01", "2030-02-28"),
    ("mellan mars 2027 och februari 2030", "2027-03-01", "2030-02-28"),
]


@pytest.mark.parametrize(("typed", "start", "end"), RANGES)
def test_a_range_fills_start_and_end(typed, start, end):
    at_start = understand_date(typed, role="start")
    assert (at_start.value, dict(at_start.also)) == (start, {"end_date": end})
    at_end = understand_date(typed, role="end")
    assert (at_end.value, dict(at_end.also)) == (end, {"start_date": start})


def test_a_range_is_said_back_as_a_period():
    echo = understand_date("januari 2027 till december 2029", role="start").echo
    assert echo == "1 januari 2027 – 31 december 2029"


# (typed, role, a part of the Swedish reason)
REFUSED = [
    ("2027-02-30", None, "finns inte"),
    ("31 februari 2027", None, "finns inte"),
    ("32 mars 2027", "start", "finns inte"),
    ("13/13 2027", "start", "finns inte"),
    ("1/1", None, "datum"),
    ("1 mars", "start", "med år"),
    ("mars", "start", "med år"),
    ("snart", "start", "datum"),
    ("nästa år", "start", "med år"),
    ("i höst", "start", "med år"),
    ("mars eller april 2027", "start", "säkert datum"),
    ("efter sommaren 2027", "start", "säkert datum"),
    ("inte mars 2027", "start", "säkert datum"),
    ("mitten av mars 2027", "start", "säkert datum"),
    ("trettionde juni 2027", "start", "säkert datum"),
    ("1 mars 27", "start", "med år"),
    ("12 2027", "start", "säkert datum"),
    ("jul 2027", "start", "säkert datum"),
    ("vintern 2027", "start", "två år"),
    ("tisdag 1 mars 2027", "start", "måndag, inte en tisdag"),
    ("december 2029 till januari 2027", "start", "före starten"),
    ("från 2029", "end", "när slutar den"),
    ("till december 2029", "start", "när startar den"),
    ("1 mars 2027, 1 april 2027 och 1 maj 2027", "start", "säkert datum"),
    ("januari 2027 till december 2029", None, "ett datum i taget"),
    ("1 mars 1850", "start", "mellan 1990 och 2100"),
    ("1 mars 1985", "start", "mellan 1990 och 2100"),
]


@pytest.mark.parametrize(("typed", "role", "reason"), REFUSED)
def test_refused_dates_say_why(typed, role, reason):
    with pytest.raises(ParseError, match=reason):
        understand_date(typed, role=role)


@pytest.mark.parametrize(
    ("typed", "role", "choices"),
    [
        ("2027", "start", ["2027-01-01"]),
        ("2029", "end", ["2029-12-31"]),
        ("2027", None, ["2027-01-01"]),
        ("till 2029", "end", ["2029-12-31", "2029-01-01"]),
        ("fram till 2029", "end", ["2029-12-31", "2029-01-01"]),
    ],
)
def test_a_bare_year_is_asked_back_with_the_days_it_may_mean(typed, role, choices):
    with pytest.raises(Ambiguous) as error:
        understand_date(typed, role=role)
    assert [o.value for o in error.value.choices] == choices
    assert "årtal räcker inte" in str(error.value)


@pytest.mark.parametrize(
    ("typed", "role", "iso"),
    [
        ("nästa år", "end", None),  # a year: asked back, see below
        ("nästa höst", "start", "2027-09-01"),
        ("nästa vår", "start", "2027-03-01"),
        ("nästa sommar", "end", "2027-08-31"),
    ],
)
def test_relative_dates_need_today(typed, role, iso):
    if iso is None:
        with pytest.raises(Ambiguous):
            understand_date(typed, role=role, today=TODAY)
    else:
        assert understand_date(typed, role=role, today=TODAY).value == iso
    with pytest.raises(ParseError, match="med år"):
        understand_date(typed, role=role)
