"""Whole dialogues typed as busy municipal officers write, through the pure engine.

Each persona of ``tests/data/dialogues`` (one line per question, natural prose) must
reach the quick check's verdict within 15 asks, end with exactly the answers of its
example file, and get the example's exact verdict. Then each kind of answer people type
(periods, months, prose choices, yes/no with words, lists in one line and their
changes), for every fund.
"""

from __future__ import annotations

import pytest

from dialogs.replies import AnswerReply, VerdictReply
from dialogs.state import Special
from knowledge.base import load_knowledge
from knowledge.criteria import evaluate
from tests.support.dialogue import (
    CTX,
    FUNDS,
    NAMES,
    answer_lines,
    answers_of,
    asked_answers,
    at_question,
    engine_client,
    expected_answers,
    expected_verdict,
    load_dialogue,
    play,
)

MAX_ASKS_TO_VERDICT = 15


@pytest.mark.parametrize("name", NAMES)
def test_a_persona_typing_prose_gets_the_examples_answers_and_exact_verdict(name):
    dialogue = load_dialogue(name)
    client = engine_client()
    client.start(fund=dialogue.fund)
    played = play(client, dialogue, until=Special.CONFIRM_SUBMIT)
    assert played.asks_to_verdict is not None and played.asks_to_verdict <= MAX_ASKS_TO_VERDICT
    answers = client.transport.state.answers
    fields = CTX.flow.fields_for(dialogue.fund)
    assert asked_answers(answers, fields) == asked_answers(expected_answers(dialogue), fields)
    # What the answer lines said is what was stored.
    told = {r.field: r.value for r in played.replies if isinstance(r, AnswerReply)}
    assert told == {k: v for k, v in answers.items() if k != "fund"}
    verdict, fails = expected_verdict(dialogue)
    result = evaluate(answers, load_knowledge().fund(dialogue.fund))
    assert str(result.verdict) == verdict
    assert {f.rule for f in result.findings if f.status == "fail"} == fails
    # The last verdict line before confirm_submit is the whole verdict, with every finding.
    last = [r for r in client.last if isinstance(r, VerdictReply)]
    assert [(v.preliminary, v.verdict) for v in last] == [(False, verdict)]
    assert {f.rule for f in last[0].findings} == {f.rule for f in result.findings}
    client.send("ja")
    assert [e.kind for e in client.transport.effects] == ["submit"]


# -- each kind of understanding, for every fund ---------------------------------------


@pytest.mark.parametrize("fund", FUNDS)
def test_a_period_at_the_start_date_sets_both_dates_and_says_so(fund):
    client = at_question(fund, "start_date")
    replies = client.send("januari 2027 till december 2029")
    # The answer lines come first: both fields, whole values.
    assert answer_lines(replies[:2]) == [("start_date", "2027-01-01"), ("end_date", "2029-12-31")]
    assert "Noterat: 1 januari 2027 – 31 december 2029." in client.texts()
    assert client.ask.field != "end_date"  # answered already


@pytest.mark.parametrize("fund", FUNDS)
def test_a_month_is_the_first_day_of_a_start_and_the_last_day_of_an_end(fund):
    client = at_question(fund, "start_date")
    client.send("mars 2027")
    assert "Noterat: 1 mars 2027." in client.texts()
    assert client.ask.field == "end_date"
    client.send("sista februari 2030")
    assert answers_of(client)["end_date"] == "2030-02-28"
    assert "Noterat: 28 februari 2030." in client.texts()


@pytest.mark.parametrize("fund", FUNDS)
def test_only_a_reading_that_is_not_the_literal_text_is_said_back(fund):
    client = at_question(fund, "applicant.name")
    replies = client.send("Sandvikens kommun")
    assert answer_lines(replies) == [("applicant", {"name": "Sandvikens kommun"})]
    assert "Noterat" not in client.texts()  # a name is taken as typed
    client = at_question(fund, "target_group_size")
    client.send("ca 120 per år")
    assert answers_of(client)["target_group_size"] == 120
    assert client.texts().startswith("Noterat: 120.")


@pytest.mark.parametrize("fund", FUNDS)
def test_an_answer_that_names_two_options_offers_them_as_buttons(fund):
    client = at_question(fund, "intervention_type")
    replies = client.send("både förebyggande och tidig")
    assert answer_lines(replies) == []  # nothing stored yet
    assert client.texts().startswith("Det svaret kunde jag inte tolka")
    ask = client.ask
    assert (ask.field, ask.input) == ("intervention_type", "choice")
    assert [o.value for o in ask.options] == ["forebyggande", "tidig"]
    client.send("2")  # the number of an offered reading
    assert answers_of(client)["intervention_type"] == "tidig"
    client.send("/tillbaka")
    client.send("både förebyggande och tidig")
    client.press("forebyggande")  # the button
    assert answers_of(client)["intervention_type"] == "forebyggande"


@pytest.mark.parametrize("fund", FUNDS)
def test_an_unclear_answer_is_said_so_and_never_answered_from_the_faq(fund):
    client = at_question(fund, "target_groups")
    # A FAQ-like line that names no target group: it was meant as an answer.
    client.send("hur mycket ska vi medfinansiera")
    assert client.texts().startswith("Det svaret kunde jag inte tolka")
    assert "50 %" not in client.texts()
    assert client.ask.field == "target_groups"
    client.send("barn och unga och deras föräldrar")
    assert answers_of(client)["target_groups"] == ["barn_unga", "foraldrar"]
    assert "Noterat: Barn och unga, Föräldrar." in client.texts()


@pytest.mark.parametrize(
    ("typed", "value"),
    [("ja gärna", True), ("nej tyvärr", False), ("inte ännu, vi har möte i januari", None)],
)
def test_yes_no_with_trailing_words_and_not_yet(typed, value):
    client = at_question("blekinge", "manager_endorsement")
    replies = client.send(typed)
    assert answer_lines(replies) == [("manager_endorsement", value)]


# -- lists as people write them ---------------------------------------------------------


@pytest.mark.parametrize("fund", FUNDS)
def test_partners_in_one_line_are_rows_whose_types_are_confirmed_at_once(fund):
    client = at_question(fund, "partners")
    client.send("vi samarbetar med Röda korset och skolan")
    assert "Noterat: två samverkansparter: Röda korset och skolan." in client.texts()
    ask = client.ask
    assert (ask.field, ask.input) == ("partners", "confirm")
    assert "Röda korset: Ideell förening" in ask.text and "skolan: Kommun" in ask.text
    replies = client.press(True)
    assert answer_lines(replies) == [
        (
            "partners",
            [
                {"name": "Röda korset", "org_type": "ideell"},
                {"name": "skolan", "org_type": "kommun"},
            ],
        )
    ]
    assert client.ask.field != "partners"  # a line of rows answers the list


@pytest.mark.parametrize("fund", FUNDS)
def test_a_list_is_changed_with_ja_x_ocksa_ta_bort_and_andra(fund):
    client = at_question(fund, "partners")
    client.send("Röda korset och skolan")
    client.send("nej")  # the guesses are wrong: each type is asked, the guess offered first
    assert client.ask.field == "partners[0].org_type"
    assert client.ask.options[0].value == "ideell" and "Förslag: Ideell" in client.ask.text
    client.send("ja")  # takes the guess
    client.send("kommunal")
    assert [p["org_type"] for p in answers_of(client)["partners"]] == ["ideell", "kommun"]
    client.send("/tillbaka")
    assert client.ask.field == "partners" and "1. Röda korset" in client.ask.text
    client.send("ja, IFK Gävle också")
    client.send("ja")  # IFK: a sports club, ideell
    assert client.ask.field == "partners"  # added at "en till?": asked again
    client.send("ta bort 2")
    assert "Borttagen: skolan" in client.texts()
    client.send("ändra 1 till Röda korset – läxhjälp")
    assert "Ändrad: Röda korset" in client.texts()
    replies = client.send("det är alla")
    assert answers_of(client)["partners"] == [
        {"name": "Röda korset", "org_type": "ideell", "role": "läxhjälp"},
        {"name": "IFK Gävle", "org_type": "ideell"},
    ]
    assert client.ask.field != "partners"
    assert answer_lines(replies) == []  # "det är alla" changes nothing


@pytest.mark.parametrize("fund", FUNDS)
def test_no_at_the_co_financing_question_is_no_co_financing_not_a_row(fund):
    client = at_question(fund, "cofinancing")
    replies = client.send("nej, vi söker hela beloppet")
    assert answer_lines(replies) == [("cofinancing", [])]


@pytest.mark.parametrize("fund", FUNDS)
def test_a_second_co_financing_row_updates_the_figures_at_once(fund):
    client = at_question(fund, "cofinancing")
    client.send("Sandvikens kommun 300 000 kr arbetstid")
    first = {f.rule: f.text for f in client.findings(client.last)}
    assert "300 000 kr saknas" in first[f"{fund}.finansiering"]
    if fund == "gavleborg":
        assert "det saknas 300 000 kr" in first["gavleborg.medfinansiering"]
    client.send("/tillbaka")  # from the next question (or the quick check's verdict)
    assert client.ask.field == "cofinancing"
    client.send("ja, Region Gävleborg 100 000 kr kontant också")
    again = {f.rule: f.text for f in client.findings(client.last)}
    assert "200 000 kr saknas" in again[f"{fund}.finansiering"]
    if fund == "gavleborg":
        assert "det saknas 200 000 kr" in again["gavleborg.medfinansiering"]
    client.send("/tillbaka")
    # Shown once: the same figures are not repeated when nothing changed.
    client.send("")
    assert f"{fund}.finansiering" not in {f.rule for f in client.findings(client.last)}


@pytest.mark.parametrize("fund", FUNDS)
def test_a_budget_typed_in_one_line_and_a_json_array_are_each_one_answer(fund):
    client = at_question(fund, "budget")
    client.send("400 tkr 2027, 500 tkr 2028 och 300 tkr 2029")
    assert [r["cost"] for r in answers_of(client)["budget"]] == [400000, 500000, 300000]
    client.send("/tillbaka")
    rows = [{"year": 2027, "cost": 1}, {"year": 2028, "cost": 2}]
    client.value(rows)
    assert answers_of(client)["budget"] == rows
