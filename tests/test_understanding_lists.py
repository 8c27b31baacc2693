"""List questions: rows typed in one line, and what a line does to the list."""

from __future__ import annotations

import pytest

from dialogs.understanding import (
    ListVerb,
    ParseError,
    Unclear,
    read_list,
    split_names,
    suggest_org_type,
)


def rows_of(top, typed, **kwargs):
    reading = read_list(top, typed, **kwargs)
    assert reading.verb == ListVerb.ROWS
    return [dict(r.values) for r in reading.rows]


# (typed, partner names)
PARTNERS = [
    (
        "Röda korset, Sandvikens kommun och IFK Gävle",
        ["Röda korset", "Sandvikens kommun", "IFK Gävle"],
    ),
    ("vi samarbetar med Röda korset och skolan", ["Röda korset", "skolan"]),
    (
        "Vi samverkar med Socialtjänsten samt Region Gävleborg.",
        ["Socialtjänsten", "Region Gävleborg"],
    ),
    ("tillsammans med fritidsgården", ["fritidsgården"]),
    ("ja, skolan också", ["skolan"]),
    ("ja, Arbetslivsförvaltningen", ["Arbetslivsförvaltningen"]),
    ("även Brynäs IF", ["Brynäs IF"]),
    ("Brynäs IF & Gävle kommun", ["Brynäs IF", "Gävle kommun"]),
    (
        "Socialtjänsten; Polisen; Region Gävleborg",
        ["Socialtjänsten", "Polisen", "Region Gävleborg"],
    ),
    ("Sundsvalls kommun, Arbetslivsförvaltningen", ["Sundsvalls kommun, Arbetslivsförvaltningen"]),
    (
        "Barn- och utbildningsförvaltningen och Kultur- och fritidsförvaltningen",
        ["Barn- och utbildningsförvaltningen", "Kultur- och fritidsförvaltningen"],
    ),
    (
        "Region Gävleborg, Hälso- och sjukvårdsförvaltningen",
        ["Region Gävleborg, Hälso- och sjukvårdsförvaltningen"],
    ),
    ("Arbetsförmedlingen samt Försäkringskassan", ["Arbetsförmedlingen", "Försäkringskassan"]),
    ("Röda korset", ["Röda korset"]),
]


@pytest.mark.parametrize(("typed", "names"), PARTNERS)
def test_partners_as_people_write_them(typed, names):
    assert [row["name"] for row in rows_of("partners", typed)] == names


def test_a_role_or_a_type_in_brackets_fills_that_field():
    assert rows_of("partners", "Röda korset (läxhjälp), skolan (kommun)") == [
        {"name": "Röda korset", "role": "läxhjälp"},
        {"name": "skolan", "org_type": "kommun"},
    ]


def test_partner_rows_say_what_is_missing_and_suggest_a_type():
    reading = read_list("partners", "Röda korset, Sandvikens kommun och IFK Gävle")
    assert [r.missing for r in reading.rows] == [("org_type", "role")] * 3
    assert [r.suggested.get("org_type") for r in reading.rows] == ["ideell", "kommun", "ideell"]
    assert reading.echo == "tre samverkansparter: Röda korset, Sandvikens kommun och IFK Gävle"


def test_one_partner_is_said_back_as_one():
    assert read_list("partners", "ja, skolan också").echo == "en samverkanspart: skolan"


@pytest.mark.parametrize(
    ("name", "org_type"),
    [
        ("Sandvikens kommun", "kommun"),
        ("Gävle kommun", "kommun"),
        ("Arbetslivsförvaltningen", "kommun"),
        ("Socialförvaltningen", "kommun"),
        ("skolan", "kommun"),
        ("Region Gävleborg", "region"),
        ("Region Gävleborg, Hälso- och sjukvårdsförvaltningen", "region"),
        ("Landstinget Blekinge", "region"),
        ("BUP", "region"),
        ("Röda korset", "ideell"),
        ("Rädda Barnen", "ideell"),
        ("Föreningen Fritid för alla", "ideell"),
        ("Hyresgästföreningen", "ideell"),
        ("IFK Gävle", "ideell"),
        ("Brynäs IF", "ideell"),
        ("Svenska kyrkan", "ideell"),
        ("Stiftelsen Gävle", "ideell"),
        ("Gavlegårdarna AB", "foretag"),
        ("Consulting AB", "foretag"),
        ("Arbetsförmedlingen", "statlig"),
        ("Polisen", "statlig"),
        ("Försäkringskassan", "statlig"),
        ("Kalle Anka", None),
        ("Tallbacken", None),
    ],
)
def test_an_organisation_type_is_suggested_from_the_name(name, org_type):
    assert suggest_org_type(name) == org_type


@pytest.mark.parametrize(
    "typed",
    [
        "vi har ett bra samarbete med flera parter i kommunen som är viktiga",
        "det är skolan som kommer att vara med och hjälpa oss",
    ],
)
def test_a_sentence_never_becomes_a_name(typed):
    with pytest.raises(Unclear, match="namnen"):
        read_list("partners", typed)


def test_a_sentence_splitter_keeps_brackets_whole():
    assert split_names("Röda korset (läxhjälp, lokaler) och skolan") == [
        "Röda korset (läxhjälp, lokaler)",
        "skolan",
    ]


BUDGET = [
    ("2027: 1,2 mkr, 2028: 1,5 mkr", [(2027, 1_200_000), (2028, 1_500_000)]),
    ("2027: 1 200 000 kr; 2028: 1 500 000 kr", [(2027, 1_200_000), (2028, 1_500_000)]),
    ("2027 1 200 000 kr och 2028 1 500 000 kr", [(2027, 1_200_000), (2028, 1_500_000)]),
    ("1,2 mkr 2027, 1,5 mkr 2028", [(2027, 1_200_000), (2028, 1_500_000)]),
    (
        "2027: 800 tkr\n2028: 900 tkr\n2029: 700 tkr",
        [(2027, 800_000), (2028, 900_000), (2029, 700_000)],
    ),
    ("2027–2029: 1 mkr per år", [(2027, 1_000_000), (2028, 1_000_000), (2029, 1_000_000)]),
    ("år 2027: en miljon", [(2027, 1_000_000)]),
]


@pytest.mark.parametrize(("typed", "years"), BUDGET)
def test_budget_rows(typed, years):
    assert [(r["year"], r["cost"]) for r in rows_of("budget", typed)] == years


def test_a_budget_line_is_said_back():
    echo = read_list("budget", "2027: 1,2 mkr, 2028: 1,5 mkr").echo
    assert echo == "två budgetår: 2027: 1 200 000 kr och 2028: 1 500 000 kr"


def test_a_budget_row_without_a_year_asks_for_it():
    reading = read_list("budget", "1,2 mkr")
    assert [(dict(r.values), r.missing) for r in reading.rows] == [({"cost": 1_200_000}, ("year",))]


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("2027-2029: 3 mkr", "per år eller totalt"),
        ("2027: 1 mkr, 2028: 1 mkr, totalt 2 mkr", "inte totalen"),
        ("2027: 100 000 kr per månad", "per månad"),
        ("2027: 1 mkr, 2027: 2 mkr", "samma år"),
        ("2027 2028 1 mkr", "para ihop"),
    ],
)
def test_budget_lines_that_cannot_be_read_safely(typed, reason):
    with pytest.raises(ParseError, match=reason):
        read_list("budget", typed)


COFINANCING = [
    (
        "Sandvikens kommun 300 000 kr arbetstid, Röda korset 50 000 kr kontant",
        [("Sandvikens kommun", 300_000, "arbetstid"), ("Röda korset", 50_000, "kontant")],
    ),
    (
        "Sandvikens kommun bidrar med 300 000 kr i arbetstid och Röda korset med 50 000 kr kontant",
        [("Sandvikens kommun", 300_000, "arbetstid"), ("Röda korset", 50_000, "kontant")],
    ),
    (
        "Sundsvalls kommun, Arbetslivsförvaltningen: 200 000 kr (kontant)",
        [("Sundsvalls kommun, Arbetslivsförvaltningen", 200_000, "kontant")],
    ),
    ("Region Gävleborg 1,2 mkr", [("Region Gävleborg", 1_200_000, None)]),
    ("Socialtjänsten 400 tkr i lokaler", [("Socialtjänsten", 400_000, "annat")]),
    (
        "Gävle kommun: 500 000 kr arbetstid; Brynäs IF: 20 000 kr kontant",
        [("Gävle kommun", 500_000, "arbetstid"), ("Brynäs IF", 20_000, "kontant")],
    ),
]


@pytest.mark.parametrize(("typed", "rows"), COFINANCING)
def test_cofinancing_rows(typed, rows):
    found = rows_of("cofinancing", typed)
    assert [(r["party"], r["amount"], r["form"]) for r in found] == rows


def test_we_as_a_cofinancier_is_the_applicant():
    found = rows_of("cofinancing", "vi själva 500 000 kr arbetstid", applicant="Gävle kommun")
    assert found == [{"party": "Gävle kommun", "amount": 500_000, "form": "arbetstid"}]


def test_cofinancing_rows_say_what_is_missing():
    reading = read_list("cofinancing", "Röda korset")
    assert [(dict(r.values), r.missing) for r in reading.rows] == [
        ({"party": "Röda korset"}, ("amount", "form"))
    ]
    assert read_list("cofinancing", "Region Gävleborg 1,2 mkr").rows[0].missing == ("form",)


def test_cofinancing_per_year_is_asked_back():
    with pytest.raises(ParseError, match="hela beloppet"):
        read_list("cofinancing", "Region Gävleborg 100 000 kr per år")


REDUCTIONS = [
    ("Socialtjänsten 200 000 kr per år från 2029", [("Socialtjänsten", 200_000, 2029)]),
    (
        "Sundsvalls kommun, Arbetslivsförvaltningen 300 000 kr/år från 2030; "
        "Region Västernorrland 100 000 kr per år från 2031",
        [
            ("Sundsvalls kommun, Arbetslivsförvaltningen", 300_000, 2030),
            ("Region Västernorrland", 100_000, 2031),
        ],
    ),
    (
        "minskade kostnader hos socialtjänsten med 150 tkr per år från och med 2030",
        [("socialtjänsten", 150_000, 2030)],
    ),
    ("Socialtjänsten 200 000 kr per år", [("Socialtjänsten", 200_000, None)]),
]


@pytest.mark.parametrize(("typed", "rows"), REDUCTIONS)
def test_cost_reduction_rows(typed, rows):
    found = rows_of("cost_reductions", typed)
    assert [(r["organisation"], r["amount_per_year"], r["from_year"]) for r in found] == rows


def test_a_year_without_from_in_a_cost_reduction_is_asked_back():
    with pytest.raises(Unclear, match="från vilket år"):
        read_list("cost_reductions", "Socialtjänsten 200 000 kr per år 2029")


@pytest.mark.parametrize(
    "typed",
    [
        "nej", "Nej.", "nej tack", "klart", "klar", "det är alla", "det var allt", "inga fler",
        "inga", "ingen", "färdigt", "det räcker", "nej, vi söker hela beloppet",
        "nej, det finns ingen medfinansiering", "ingen medfinansiering", "Nej, det är alla.",
    ],
)  # fmt: skip
def test_lines_that_end_the_list(typed):
    reading = read_list("cofinancing", typed)
    assert (reading.verb, reading.rows) == (ListVerb.DONE, ())


@pytest.mark.parametrize("typed", ["ja", "Ja!", "ja tack", "ja gärna", "japp", True])
def test_a_bare_yes_adds_one_row_asked_field_by_field(typed):
    assert read_list("partners", typed).verb == ListVerb.ADD


def test_no_but_names_rows():
    assert rows_of("partners", "nej, men vi samarbetar med skolan") == [{"name": "skolan"}]


SO_FAR = [{"name": "Röda korset"}, {"name": "Sandvikens kommun, Socialförvaltningen"}]


@pytest.mark.parametrize(
    ("typed", "index"),
    [
        ("ta bort 2", 1),
        ("ta bort rad 1", 0),
        ("radera 2", 1),
        ("Ta bort Röda korset", 0),
        ("ta bort röda  korset.", 0),
        ("ta bort Socialförvaltningen", 1),
    ],
)
def test_remove_a_row_by_number_or_name(typed, index):
    reading = read_list("partners", typed, rows=SO_FAR)
    assert (reading.verb, reading.index) == (ListVerb.REMOVE, index)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [("ta bort 3", "ingen rad 3"), ("ta bort skolan", "ingen rad som heter ”skolan”")],
)
def test_removing_a_row_that_is_not_there(typed, reason):
    with pytest.raises(ParseError, match=reason):
        read_list("partners", typed, rows=SO_FAR)


def test_edit_a_row_with_or_without_its_new_content():
    plain = read_list("partners", "ändra 1", rows=SO_FAR)
    assert (plain.verb, plain.index, plain.rows) == (ListVerb.EDIT, 0, ())
    typed = read_list("cofinancing", "ändra 1 till Röda korset 60 000 kr kontant", rows=SO_FAR)
    assert (typed.verb, typed.index) == (ListVerb.EDIT, 0)
    assert dict(typed.rows[0].values) == {
        "party": "Röda korset",
        "amount": 60_000,
        "form": "kontant",
    }


@pytest.mark.parametrize("typed", ["töm listan", "rensa", "ta bort alla"])
def test_clear_the_list(typed):
    assert read_list("partners", typed, rows=SO_FAR).verb == ListVerb.CLEAR


def test_a_json_array_replaces_the_list():
    reading = read_list("budget", '[{"year": 2027, "cost": 100}]')
    assert (reading.verb, reading.array) == (ListVerb.REPLACE, [{"year": 2027, "cost": 100}])
    assert read_list("budget", []).array == []
    with pytest.raises(ParseError, match="JSON"):
        read_list("budget", "[inte json")
