"""Answers typed as busy officers type them that were misread (the QA round on issue 11),
through the engine: what is stored is what the person meant, or the bot asks back.

A misread answer that changes a verdict is the worst defect the product can have, so
each case here either stores exactly the intended value or stores nothing and asks the
same question again with a reason. Every case failed before its fix.
"""

from __future__ import annotations

import pytest

from dialogs.state import Special
from knowledge.base import load_knowledge
from knowledge.criteria import evaluate
from tests.support.dialogue import FUNDS, answer_lines, answers_of, at_question

ASKED_BACK = "Det svaret kunde jag inte tolka"


def asked_back(client, field, replies):
    """Nothing stored, a reason given, the same question again."""
    assert answer_lines(replies) == [], answer_lines(replies)
    assert client.texts().startswith(ASKED_BACK), client.texts()
    assert client.ask.field == field


# -- single values: (fund, field, typed, stored value) ----------------------------------

STORED = [
    ("sundsvall", "repayment_years", "12 månader", 1),
    ("sundsvall", "repayment_years", "36 månader", 3),
    ("sundsvall", "repayment_years", "ett år", 1),
    ("gavleborg", "requested_amount", "300' kr", 300_000),
    ("gavleborg", "requested_amount", "600k", 600_000),
    ("gavleborg", "requested_amount", "ungefär 1,5 mille", 1_500_000),
    ("gavleborg", "requested_amount", "en miljon tvåhundratusen", 1_200_000),
    ("gavleborg", "requested_amount", "1 miljon 200 tusen", 1_200_000),
    ("gavleborg", "requested_amount", "Vi söker 600 000 kr för tre år", 600_000),
    ("gavleborg", "requested_amount", "1,500,000", 1_500_000),
    ("gavleborg", "requested_amount", "1 200 000 kr (1,2 mkr)", 1_200_000),
    ("gavleborg", "intervention_type", "vi behandlar inte utan förebygger", "forebyggande"),
    ("sundsvall", "intervention_type", "ingen behandling, förebyggande", "forebyggande"),
    ("blekinge", "intervention_type", "vi behandlar inte, vi förebygger", "forebyggande"),
    ("gavleborg", "target_groups", "alla åldrar", ["alla"]),
    ("sundsvall", "target_groups", "1+3", ["barn_unga", "foraldrar"]),
    ("gavleborg", "target_groups", "barnfamiljer", ["foraldrar"]),
    ("blekinge", "manager_endorsement", "inte säker", None),
    ("gavleborg", "start_date", "Q1 2027", "2027-01-01"),
    ("gavleborg", "start_date", "vecka 10 2027", "2027-03-08"),
    ("sundsvall", "start_date", "läsåret 27/28", "2027-08-01"),
    ("blekinge", "start_date", "HT27", "2027-08-01"),
    ("gavleborg", "start_date", "jan -27", "2027-01-01"),
]


@pytest.mark.parametrize(("fund", "field", "typed", "value"), STORED)
def test_an_answer_is_stored_as_the_person_meant_it(fund, field, typed, value):
    client = at_question(fund, field)
    replies = client.send(typed)
    top = field.split(".")[0]
    assert (top, value) in answer_lines(replies)
    assert answers_of(client)[top] == value
    assert client.texts().startswith("Noterat") or value is None


# (fund, field, typed, a part of the reason)
ASKED = [
    ("sundsvall", "repayment_years", "ett halvår", "hela år"),
    ("sundsvall", "repayment_years", "18 månader", "inte ett helt antal år"),
    ("sundsvall", "repayment_years", "mer än 10 år", "inget exakt tal"),
    ("sundsvall", "savings_horizon_years", "mer än tio år", "inget exakt tal"),
    ("sundsvall", "savings_horizon_years", "över 10 år", "inget exakt tal"),
    ("sundsvall", "savings_horizon_years", "10+", "inget exakt tal"),
    ("gavleborg", "target_group_size", "under 50", "inget exakt tal"),
    ("gavleborg", "requested_amount", "5 mkr per termin", "termin"),
    ("sundsvall", "requested_amount", "mer än 600 000 kr", "inget exakt tal"),
    ("gavleborg", "existing_activity", "ja till viss del", "ja eller ett nej"),
    ("sundsvall", "existing_activity", "ja, men bara en liten del", "ja eller ett nej"),
    ("blekinge", "existing_activity", "nej, utom en liten pilot", "ja eller ett nej"),
    ("gavleborg", "existing_activity", "inte säker", "ja eller nej"),
    ("sundsvall", "existing_activity", "inte riktigt", "ja eller ett nej"),
    ("blekinge", "manager_endorsement", "inte formellt", "ja eller ett nej"),
    ("blekinge", "manager_endorsement", "nja, delvis", "ja eller ett nej"),
    ("gavleborg", "evidence_basis", "saknar evidens", "Beprövad erfarenhet eller Ingen"),
    ("sundsvall", "evidence_basis", "utan evidens", "Beprövad erfarenhet eller Ingen"),
    ("blekinge", "evidence_basis", "evidens saknas", "Beprövad erfarenhet eller Ingen"),
    ("gavleborg", "evidence_basis", "forskningen är inte klar", "vad det inte är"),
    ("gavleborg", "applicant.org_type", "sociala företag", "Ideell förening"),
    ("sundsvall", "applicant.org_type", "socialförvaltningen", "menar du Kommun"),
    ("gavleborg", "measurement_method", "vet inte än", "/hoppa"),
    ("gavleborg", "implementation_plan", "TBD", "/hoppa"),
    ("blekinge", "problem", "samma", "inget svar att behålla"),
]


@pytest.mark.parametrize(("fund", "field", "typed", "reason"), ASKED)
def test_an_answer_that_cannot_be_read_safely_is_asked_back(fund, field, typed, reason):
    client = at_question(fund, field)
    replies = client.send(typed)
    asked_back(client, field, replies)
    assert reason in client.texts()


def test_a_bare_small_amount_offers_kronor_and_thousands():
    client = at_question("gavleborg", "requested_amount")
    asked_back(client, "requested_amount", client.send("600"))
    assert [o.value for o in client.ask.options] == [600_000, 600]
    client.send("1")
    assert answers_of(client)["requested_amount"] == 600_000


@pytest.mark.parametrize("fund", FUNDS)
def test_a_denied_evidence_offers_the_other_two_and_takes_the_pick(fund):
    client = at_question(fund, "evidence_basis")
    client.send("ingen evidens ännu")
    assert [o.value for o in client.ask.options] == ["beprovad_erfarenhet", "ingen"]
    client.send("2")
    assert answers_of(client)["evidence_basis"] == "ingen"


@pytest.mark.parametrize("fund", FUNDS)
def test_command_words_without_a_slash_are_the_commands(fund):
    client = at_question(fund, "title")
    client.send("hoppa över")
    assert "title" not in answers_of(client)
    assert client.ask.field != "title"
    client.send("tillbaka")
    assert client.ask.field == "title"


def test_an_end_written_as_years_from_the_start_counts_from_the_start():
    client = at_question("gavleborg", "start_date")
    client.send("januari 2027")
    replies = client.send("3 år från start")
    assert answer_lines(replies) == [("end_date", "2029-12-31")]
    assert "Noterat: 31 december 2029 (3 år från start)." in client.texts()


def test_a_start_with_a_duration_sets_the_end_too():
    client = at_question("sundsvall", "start_date")
    replies = client.send("från januari 2027 i tre år")
    assert answer_lines(replies) == [("start_date", "2027-01-01"), ("end_date", "2029-12-31")]


# -- the verdict a misreading changed ---------------------------------------------------


def test_more_than_ten_years_is_not_ten_for_the_sundsvall_exemption():
    client = at_question("sundsvall", "savings_horizon_years")
    client.send("mer än tio år")
    assert "savings_horizon_years" not in answers_of(client)
    client.send("12")
    assert answers_of(client)["savings_horizon_years"] == 12


def test_months_of_repayment_are_years_and_the_rule_holds():
    client = at_question("sundsvall", "repayment_years")
    client.send("36 månader")
    fund = load_knowledge().fund("sundsvall")
    result = evaluate(answers_of(client), fund)
    assert "sundsvall.aterbetalning" not in {f.rule for f in result.findings if f.status == "fail"}


# -- lists -------------------------------------------------------------------------------

# (typed, what the bot says it understood)
PARTNER_LINES = [
    ("Vård och omsorg", "en samverkanspart: Vård och omsorg"),
    ("Kultur och fritid", "en samverkanspart: Kultur och fritid"),
    (
        "Socialtjänsten, Kultur och fritid och Röda korset",
        "tre samverkansparter: Socialtjänsten, Kultur och fritid och Röda korset",
    ),
    (
        "Röda korset\nSandvikens kommun\nIFK Gävle",
        "tre samverkansparter: Röda korset, Sandvikens kommun och IFK Gävle",
    ),
    (
        "1. Röda korset 2. Sandvikens kommun 3. IFK Gävle",
        "tre samverkansparter: Röda korset, Sandvikens kommun och IFK Gävle",
    ),
    ("- Röda korset\n- Sandvikens kommun", "två samverkansparter: Röda korset och Sandvikens"),
    (
        "Röda korset / Sandvikens kommun / IFK Gävle",
        "tre samverkansparter: Röda korset, Sandvikens kommun och IFK Gävle",
    ),
    (
        "vi jobbar ihop med socialtjänsten, BUP och Hela människan",
        "tre samverkansparter: socialtjänsten, BUP och Hela människan",
    ),
    ("Region Gävleborg – BUP", "en samverkanspart: Region Gävleborg, BUP"),
    ("Sandvikens kommun 300 000 kr arbetstid", "en samverkanspart: Sandvikens kommun."),
    ("Röda korset, Rädda barnen, m.fl.", "två samverkansparter: Röda korset och Rädda barnen"),
    ("Röda Korset, röda korset", "en samverkanspart: Röda Korset."),
    # A part of a kommun or region written after it is that organisation's, one party.
    ("Karlskrona kommun, elevhälsan", "en samverkanspart: Karlskrona kommun, elevhälsan."),
    ("Region Gävleborg, BUP", "en samverkanspart: Region Gävleborg, BUP."),
    (
        "Sandvikens kommun, skolan och Röda korset",
        "två samverkansparter: Sandvikens kommun, skolan; Röda korset.",
    ),
    ("Röda korset, skolan", "två samverkansparter: Röda korset och skolan."),
]


@pytest.mark.parametrize("fund", FUNDS)
@pytest.mark.parametrize(("typed", "echo"), PARTNER_LINES)
def test_partners_are_counted_as_the_person_meant(fund, typed, echo):
    client = at_question(fund, "partners")
    client.send(typed)
    assert f"Noterat: {echo}" in client.texts()


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("vet inte än", "/hoppa"),
        ("inte bestämt än, troligen skolan", "/hoppa"),
        ("skolan, förhoppningsvis även polisen", "är ”förhoppningsvis även polisen” med?"),
        ("Hälso- och sjukvårdsförvaltningen, Region Gävleborg", "Skriv organisationen först"),
    ],
)
def test_a_partner_line_that_is_not_decided_or_is_unclear_is_asked_back(typed, reason):
    client = at_question("gavleborg", "partners")
    asked_back(client, "partners", client.send(typed))
    assert reason in client.texts()


def test_one_partner_is_not_two_for_the_two_party_rule():
    client = at_question("gavleborg", "partners")
    client.send("Vård och omsorg")
    while client.ask.field != "partners" and client.ask.field.startswith("partners"):
        client.send("kommun")
    partners = answers_of(client)["partners"]
    assert [p["name"] for p in partners] == ["Vård och omsorg"]


# (fund, typed, stored rows as (party, amount, form))
COFINANCING_LINES = [
    (
        "Region Gävleborg & Sandvikens kommun 300 000 kr var",
        [("Region Gävleborg", 300_000, None), ("Sandvikens kommun", 300_000, None)],
    ),
    (
        "1. Sandvikens kommun 400 000 kr arbetstid 2. Region Gävleborg 200 000 kr kontant",
        [("Sandvikens kommun", 400_000, "arbetstid"), ("Region Gävleborg", 200_000, "kontant")],
    ),
    (
        "kommunen 400' arbetstid, regionen 200' kontant",
        [("kommunen", 400_000, "arbetstid"), ("regionen", 200_000, "kontant")],
    ),
    (
        "400 000 kr från Sandvikens kommun i arbetstid och 200 000 kr från Region Gävleborg "
        "kontant",
        [("Sandvikens kommun", 400_000, "arbetstid"), ("Region Gävleborg", 200_000, "kontant")],
    ),
]


@pytest.mark.parametrize("fund", FUNDS)
@pytest.mark.parametrize(("typed", "rows"), COFINANCING_LINES)
def test_co_financing_rows_hold_what_each_party_gives(fund, typed, rows):
    client = at_question(fund, "cofinancing")
    client.send(typed)
    while client.ask.field.startswith("cofinancing[") and client.ask.field.endswith(".form"):
        client.send("kontant")  # a form the line did not give
    stored = answers_of(client)["cofinancing"]
    expected = [(p, a, f or "kontant") for p, a, f in rows]
    assert [(r["party"], r["amount"], r["form"]) for r in stored] == expected


def test_own_staff_as_a_co_financier_is_the_applicant():
    client = at_question("gavleborg", "cofinancing")
    client.send("egen personal motsvarande 600 000 kr")
    assert answers_of(client)["cofinancing"][0]["party"] == "Sandvikens kommun"


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("50/50 mellan kommunen och regionen", "inte en procentsats"),
        ("Sandvikens kommun 1 200 000 kr varav 400 000 kontant", "”varav”"),
        ("kommunen bidrar med 2 tjänster à 300 000 kr", "”2 tjänster” är inget belopp"),
        ("kommunen och regionen 300 000 kr", "tillsammans eller var"),
        ("inte klart än", "/hoppa"),
    ],
)
def test_a_co_financing_line_that_cannot_be_read_safely_is_asked_back(typed, reason):
    client = at_question("sundsvall", "cofinancing")
    asked_back(client, "cofinancing", client.send(typed))
    assert reason in client.texts()


@pytest.mark.parametrize(
    ("typed", "rows"),
    [
        ("2027: 400k, 2028: 500k, 2029: 300k", [400_000, 500_000, 300_000]),
        ("400' 2027, 500' 2028, 300' 2029", [400_000, 500_000, 300_000]),
    ],
)
def test_budget_thousands_marks_are_thousands(typed, rows):
    client = at_question("blekinge", "budget")
    client.send(typed)
    assert [r["cost"] for r in answers_of(client)["budget"]] == rows


def test_a_budget_of_bare_small_numbers_is_asked_back():
    client = at_question("gavleborg", "budget")
    asked_back(client, "budget", client.send("2027: 400, 2028: 500"))
    assert "400 kr eller 400 000 kr" in client.texts()


def test_a_saving_place_is_named_without_its_verbs_so_the_gainer_is_a_partner():
    client = at_question("sundsvall", "cost_reductions")
    client.send(
        "socialförvaltningen sparar ca 350 000 kr per år från och med 2030 och "
        "Barn- och utbildningsförvaltningen 100 000 kr per år från och med 2031"
    )
    rows = answers_of(client)["cost_reductions"]
    assert [(r["organisation"], r["from_year"]) for r in rows] == [
        ("socialförvaltningen", 2030),
        ("Barn- och utbildningsförvaltningen", 2031),
    ]
    client.run(lambda ask: "/hoppa", until=Special.CONFIRM_CONTINUE)
    fund = load_knowledge().fund("sundsvall")
    fails = {f.rule for f in evaluate(answers_of(client), fund).findings if f.status == "fail"}
    assert "sundsvall.medverkan" not in fails


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("Socialtjänsten 1 mkr över fem år", "per år väntades"),
        ("Socialtjänsten 200 000 kr per år från år 3", "skriv årtalet"),
        ("svårt att säga", "/hoppa"),
    ],
)
def test_a_cost_reduction_line_that_cannot_be_read_safely_is_asked_back(typed, reason):
    client = at_question("blekinge", "cost_reductions")
    asked_back(client, "cost_reductions", client.send(typed))
    assert reason in client.texts()


def test_signatories_on_separate_lines_are_separate_people():
    client = at_question("blekinge", "signatories")
    client.send("Anna Berg, verksamhetschef, BUP\nPer Ek, rektor, Karlskrona kommun")
    assert [s["name"] for s in answers_of(client)["signatories"]] == ["Anna Berg", "Per Ek"]


@pytest.mark.parametrize(
    "typed", ["Socialtjänsten, Sandvikens kommun", "Vård och omsorg, Gävle kommun"]
)
def test_a_unit_written_before_its_organisation_is_asked_back(typed):
    client = at_question("gavleborg", "partners")
    asked_back(client, "partners", client.send(typed))
    assert "Skriv organisationen först" in client.texts()
    client.send("Gävle kommun, Sandvikens kommun")  # two organisations are two
    assert "Noterat: två samverkansparter" in client.texts()


@pytest.mark.parametrize("typed", ["drygt tio år", "knappt 10 år"])
def test_just_above_or_below_ten_years_is_asked_back(typed):
    client = at_question("sundsvall", "savings_horizon_years")
    asked_back(client, "savings_horizon_years", client.send(typed))
