"""What an adversarial QA round on the dialog's behaviour found, each as a dialogue.

Going back and changing answers (a change that opens a follow-up question, a list row
given a new name), lines meant for the list typed at a row's question, yes or no at
the wrong question, the money advice's figures, buttons, and an honest confirmation
when no coordinator channel is configured. Through the pure engine, the application
layer and the console.
"""

from __future__ import annotations

import io

import pytest

from bot.terminal.console import run_console
from dialogs.state import Special
from tests.conftest import example_answers
from tests.support.applicant import ScriptedApplicant
from tests.support.client import DialogClient
from tests.support.core import make_core, question_number
from tests.support.dialogue import (
    FUNDS,
    PERSONAS,
    answer_lines,
    answers_of,
    at_question,
    load_dialogue,
    play,
)
from tests.support.screen import ScreenReader

FAQ_ON_NO = "Ett avslag betyder inte att idén är dålig"  # the FAQ's "avslag" answer


def at_confirmation(fund: str) -> DialogClient:
    """A client whose fund's persona has answered everything, at ``confirm_submit``."""
    client = at_question(fund, Special.CONFIRM_SUBMIT)
    assert client.ask.field == Special.CONFIRM_SUBMIT
    return client


# -- a change that opens a follow-up question --------------------------------------------


def _sundsvall_with_tested_experience() -> DialogClient:
    """Sundsvall at the confirmation with "beprövad erfarenhet": no controlled-studies
    question was asked, and the gains are 12 years away (the exemption's other half)."""
    answers = example_answers("sundsvall-no-comparison")
    answers.pop("controlled_studies")
    answers.update(evidence_basis="beprovad_erfarenhet", savings_horizon_years=12)
    client = at_question("sundsvall", "evidence_basis")
    client.send("beprövad erfarenhet")
    client.run(ScriptedApplicant(answers).reply)
    assert "controlled_studies" not in answers_of(client)
    return client


def test_changing_the_evidence_at_the_summary_asks_the_question_it_opens():
    client = _sundsvall_with_tested_experience()
    client.send(f"/andra {question_number('sundsvall', 'evidence_basis')}")
    client.send("vetenskaplig evidens")
    # Before: straight back to the confirmation, the controlled studies never asked.
    assert client.ask.field == "controlled_studies"
    assert f"Fråga {question_number('sundsvall', 'controlled_studies')} av 42" in client.ask.text
    client.send("ja")
    assert client.ask.field == Special.CONFIRM_SUBMIT
    shown = client.texts()
    assert "Kunskapsgrund: Vetenskaplig evidens" in shown
    assert "Studier med kontrollgrupp: Ja" in shown
    exempt = [f for f in client.findings(client.last) if f.rule == "sundsvall.aterbetalning"]
    assert exempt and "undantas från återbetalning" in exempt[0].text


def test_changing_the_evidence_mid_way_asks_the_opened_question_before_going_back():
    client = at_question("sundsvall", "evidence_basis")
    client.send("beprövad erfarenhet")
    client.send("Socialförvaltningen")  # applicant.name: the person is past the evidence
    assert client.ask.field == "applicant.unit"
    client.send(f"/andra {question_number('sundsvall', 'evidence_basis')}")
    client.send("vetenskaplig evidens")
    # Question 23 comes after the quick check, so it is asked when the rest is asked.
    assert client.ask.field == "applicant.unit"
    client.send(f"/andra {question_number('sundsvall', 'evidence_basis')}")
    client.send("samma")
    assert client.ask.field == "applicant.unit"  # nothing opened: nothing asked


def test_a_change_at_the_quick_checks_verdict_leaves_later_questions_for_later():
    client = at_question("sundsvall", Special.CONFIRM_CONTINUE)
    client.send(f"/andra {question_number('sundsvall', 'evidence_basis')}")
    client.send("beprövad erfarenhet")
    assert client.ask.field == Special.CONFIRM_CONTINUE
    client.send(f"/andra {question_number('sundsvall', 'evidence_basis')}")
    client.send("vetenskaplig evidens")
    assert client.ask.field == Special.CONFIRM_CONTINUE  # the follow-up is in the rest


# -- list rows -------------------------------------------------------------------------------


@pytest.mark.parametrize("fund", FUNDS)
def test_a_partner_row_given_another_name_gets_its_type_asked_again(fund):
    client = at_confirmation(fund)
    first = answers_of(client)["partners"][0]
    assert first["org_type"] in ("region", "kommun")  # every persona's first partner
    client.send(f"/andra {question_number(fund, 'partners')}")
    client.send("ändra 1 till Röda korset")
    # Before: Röda korset kept the old partner's type (a region or a kommun) unasked.
    assert client.ask.field == "partners" and client.ask.input == "confirm"
    assert "• Röda korset" in client.ask.text and ": Ideell förening" in client.ask.text
    client.send("ja")
    row = answers_of(client)["partners"][0]
    assert row["name"] == "Röda korset" and row["org_type"] == "ideell"
    assert row.get("role") == first.get("role")  # what the new name says nothing about stays


@pytest.mark.parametrize("fund", FUNDS)
def test_the_same_name_written_again_keeps_the_rows_type(fund):
    client = at_confirmation(fund)
    first = answers_of(client)["partners"][0]
    client.send(f"/andra {question_number(fund, 'partners')}")
    client.send(f"ändra 1 till {first['name'].upper()} – ny roll")
    assert "Ändrad:" in client.texts() and client.ask.field == "partners"
    row = answers_of(client)["partners"][0]
    assert (row["org_type"], row["role"]) == (first["org_type"], "ny roll")


@pytest.mark.parametrize("fund", FUNDS)
@pytest.mark.parametrize("top", ["partners", "cofinancing"])
@pytest.mark.parametrize("typed", ["nej", "nej det är alla", "klart"])
def test_no_at_a_row_just_begun_ends_the_list_instead_of_naming_a_row(fund, top, typed):
    client = at_confirmation(fund)
    rows = list(answers_of(client)[top])
    client.send(f"/andra {question_number(fund, top)}")
    client.send("ja")  # one more row, field by field …
    assert client.ask.field == f"{top}[{len(rows)}].{'name' if top == 'partners' else 'party'}"
    replies = client.send(typed)  # … no, that was all after all
    assert answers_of(client)[top] == rows  # before: a row named "nej" or "klart"
    assert answer_lines(replies) == []
    assert client.ask.field == Special.CONFIRM_SUBMIT


@pytest.mark.parametrize("fund", FUNDS)
def test_list_words_at_a_row_just_begun_act_on_the_list(fund):
    client = at_confirmation(fund)
    client.send(f"/andra {question_number(fund, 'cofinancing')}")
    client.send("ja")
    client.send("ta bort 1")
    assert "Borttagen:" in client.texts() and client.ask.field == "cofinancing"
    client.send("ja")
    client.send("töm listan")
    assert "cofinancing" not in answers_of(client) and client.ask.field == "cofinancing"


# -- yes or no at the wrong question -----------------------------------------------------------


@pytest.mark.parametrize("fund", FUNDS)
@pytest.mark.parametrize("typed", ["nej", "nej tack", "nej det är alla"])
def test_no_at_a_choice_is_asked_again_not_answered_about_rejections(fund, typed):
    client = at_question(fund, "intervention_type")
    client.send(typed)
    shown = client.texts()
    assert FAQ_ON_NO not in shown  # before: the FAQ's answer on "avslag"
    assert "Det svaret kunde jag inte tolka" in shown
    assert client.ask.field == "intervention_type"


def test_no_at_a_row_amount_is_asked_again_not_answered_about_rejections():
    client = at_question("gavleborg", "cofinancing")
    client.send("ja")
    client.send("Röda korset")
    client.send("nej det är alla")
    assert FAQ_ON_NO not in client.texts()
    assert client.ask.field == "cofinancing[0].amount"


# -- the money advice ---------------------------------------------------------------------------


def _money_advice(client: DialogClient) -> str:
    [advice] = [f.text for f in client.findings(client.last) if f.rule == "gavleborg.finansiering"]
    return advice


def test_gavleborgs_money_advice_never_suggests_more_than_half_the_cost():
    client = at_question("gavleborg", "budget")
    client.send("2027: 900 000 kr, 2028: 900 000 kr")  # 1 800 000 kr in all
    client.send("600 000 kr")
    client.send("Sandvikens kommun 600 000 kr arbetstid")
    advice = _money_advice(client)
    # 600 000 + 600 000 = 1 200 000: 600 000 kr short. Asking 1 200 000 kr would leave a
    # third co-financed; with half co-financed at most 900 000 kr can be asked.
    assert "600 000 kr saknas" in advice
    assert "Ändra det sökta beloppet till 1 200 000 kr" not in advice  # before
    assert "ni kan söka högst 900 000 kr" in advice
    assert "behåll det sökta beloppet och öka medfinansieringen till 1 200 000 kr" in advice
    share = [f.text for f in client.findings(client.last) if f.rule == "gavleborg.medfinansiering"]
    assert "det saknas 300 000 kr" in share[0]  # 900 000 needed, 600 000 given


def test_gavleborgs_money_advice_lowers_a_request_above_half_the_cost():
    client = at_question("gavleborg", "budget")
    client.send("2027: 1,8 mkr")
    client.send("1,5 mkr")
    client.send("Sandvikens kommun 600 000 kr arbetstid")
    advice = _money_advice(client)
    assert "2 100 000 kr, men satsningen kostar 1 800 000 kr – 300 000 kr mer än" in advice
    assert "sänk det sökta beloppet till 900 000 kr och öka medfinansieringen till 900 000 kr" in (
        advice
    )
    client.send("/tillbaka")
    client.send("ja, Region Gävleborg 300 000 kr kontant också")
    advice = _money_advice(client)  # 1 500 000 + 900 000 = 2 400 000: 600 000 too much
    assert "600 000 kr mer än kostnaden" in advice
    assert "Ändra det sökta beloppet till 900 000 kr" in advice  # half is co-financed now


# -- buttons --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fund", FUNDS)
def test_a_pressed_choice_is_not_said_back(fund):
    client = at_question(fund, "intervention_type")
    client.press("tidig")
    assert "Noterat" not in client.texts()  # before: "Noterat: Tidig insats."
    assert answers_of(client)["intervention_type"] == "tidig"
    client.send("/tillbaka")
    client.send("2")  # typed, the number is said back
    assert "Noterat: Tidig insats." in client.texts()


# -- an honest confirmation and ending -----------------------------------------------------------


@pytest.mark.parametrize("fund", FUNDS)
@pytest.mark.parametrize("chats", [[], [4711]])
def test_the_confirmation_offers_to_send_only_when_it_can(tmp_path, fund, chats):
    core = make_core(tmp_path, chats=chats)
    client = DialogClient(core)
    client.start(fund=fund)
    play(client, load_dialogue(PERSONAS[fund]), until=Special.CONFIRM_SUBMIT)
    asked = client.ask.text
    assert ("Vill du skicka idén till samordnaren?" in asked) == bool(chats)
    assert ("Vill du spara ansökan och få den i Word?" in asked) == (not chats)
    client.send("nej")
    shown = client.texts()
    assert ("ja för att skicka" in shown) == bool(chats)
    assert ("ja för att spara ansökan" in shown) == (not chats)


@pytest.mark.parametrize("fund", ["sundsvall", "blekinge"])
def test_saved_not_sent_says_where_to_ask_when_the_fund_names_no_address(tmp_path, fund):
    core = make_core(tmp_path)
    client = DialogClient(core)
    client.start(fund=fund)
    play(client, load_dialogue(PERSONAS[fund]))
    shown = client.texts()
    assert "Skicka Word-dokumentet själv till samordnaren" in shown
    ask = core.knowledge.fund(fund).coordinator.ask.strip()
    assert ask in shown  # before: a function's name, and no way to reach it


def test_a_pause_at_the_quick_checks_verdict_tells_a_console_user_how_to_come_back(tmp_path):
    core = make_core(tmp_path)
    out = io.StringIO()
    applicant = ScriptedApplicant(example_answers("gavleborg-ready"))
    screen = ScreenReader(core.flow)

    def read(prompt):
        if "Vill du fortsätta med hela ansökan?" in out.getvalue():
            return "nej"
        return applicant.reply(screen.last_ask(out.getvalue()))

    assert run_console(core, "console:anna", fund="gavleborg", out=out, read=read) == 0
    tail = out.getvalue().rsplit("Vill du fortsätta med hela ansökan?", 1)[1]
    assert "Utkastet är sparat." in tail
    assert "/start" not in tail  # before: "Skriv /start", which here starts over
    assert tail.rstrip().endswith("Kör idebot chat igen för att fortsätta.")
    # And coming back is where the person was: the verdict and its question.
    again = DialogClient(core, user="console:anna")
    again.start(fund="gavleborg")
    again.send("ja")
    assert again.ask.field == Special.CONFIRM_CONTINUE


# -- "samma" where nothing was answered ------------------------------------------------------


@pytest.mark.parametrize("fund", FUNDS)
def test_samma_at_a_partners_role_not_yet_given_is_asked_back_not_stored(fund):
    client = at_question(fund, Special.CONFIRM_CONTINUE)
    client.send("ja")
    assert client.ask.field == "partners[0].role"  # the roles come after the verdict
    client.send("samma")
    # Before: the role became the word "samma".
    assert "det finns inget svar att behålla här än" in client.texts()
    assert client.ask.field == "partners[0].role"
    assert "role" not in answers_of(client)["partners"][0]


@pytest.mark.parametrize("fund", FUNDS)
def test_samma_at_a_list_or_a_row_not_yet_given_is_asked_back_not_a_row(fund):
    client = at_question(fund, "partners")
    client.send("samma")  # before: a partner named "samma"
    assert "det finns inget svar att behålla här än" in client.texts()
    assert client.ask.field == "partners" and "partners" not in answers_of(client)
    client.send("ja")
    client.send("samma")
    assert "det finns inget svar att behålla här än" in client.texts()
    assert client.ask.field == "partners[0].name"


@pytest.mark.parametrize("fund", FUNDS)
def test_a_partners_name_asked_on_its_own_suggests_its_type(fund):
    client = at_question(fund, "partners")
    client.send("ja")
    client.send("Röda korset")
    assert client.ask.field == "partners[0].org_type"
    assert client.ask.options[0].value == "ideell" and "Förslag: Ideell" in client.ask.text
    client.send("ja")
    assert answers_of(client)["partners"] == [{"name": "Röda korset", "org_type": "ideell"}]


# -- leaving rows half done ------------------------------------------------------------------


@pytest.mark.parametrize("fund", FUNDS)
@pytest.mark.parametrize("leave", ["/tillbaka", "/hoppa"])
def test_leaving_a_half_done_row_keeps_the_rows_that_were_complete(fund, leave):
    client = at_question(fund, "cofinancing")
    client.send("Sandvikens kommun 300 000 kr arbetstid, Röda korset kontant")
    assert client.ask.field == "cofinancing[1].amount"  # Röda korset's amount is missing
    replies = client.send(leave)
    # Before: both rows were dropped, "the rows that were not complete".
    kept = [{"party": "Sandvikens kommun", "amount": 300000, "form": "arbetstid"}]
    assert answer_lines(replies) == [("cofinancing", kept)]
    assert "Det som inte var klart är inte sparat: Röda korset" in client.texts()
    assert client.ask.field == "cofinancing" and "1. Sandvikens kommun" in client.ask.text
    client.send("nej")  # the list is done: on to the verdict or the next question
    assert answers_of(client)["cofinancing"] == kept


@pytest.mark.parametrize("fund", FUNDS)
def test_a_party_after_the_last_amount_is_a_row_whose_amount_is_asked(fund):
    client = at_question(fund, "cost_reductions")
    client.send("Socialtjänsten 200 000 kr per år från 2030, Skolan")
    # Before: Skolan was dropped without a word.
    assert "Noterat: två kostnadsminskningar" in client.texts()
    assert client.ask.field == "cost_reductions[1].amount_per_year"
    client.send("100 000 kr")
    client.send("2031")
    assert [r["organisation"] for r in answers_of(client)["cost_reductions"]] == [
        "Socialtjänsten",
        "Skolan",
    ]


@pytest.mark.parametrize("fund", FUNDS)
def test_a_change_made_at_a_partners_role_comes_back_to_the_roles(fund):
    client = at_question(fund, Special.CONFIRM_CONTINUE)
    client.send("ja")
    assert client.ask.field == "partners[0].role"
    client.send(f"/andra {question_number(fund, 'intervention_type')}")
    client.send("tidig insats")
    # Before: back at the quick check's last question, and the roles were never asked.
    assert client.ask.field == "partners[0].role"
    while client.ask.field.startswith("partners["):
        client.send("Deltar i styrgruppen")
    assert all(p["role"] == "Deltar i styrgruppen" for p in answers_of(client)["partners"])
    assert client.ask.field == "title"  # then on with the rest, from its first question


# -- a statement that is no answer is asked again, not answered from the FAQ ------------


@pytest.mark.parametrize(
    ("fund", "field", "typed"),
    [
        ("gavleborg", "existing_activity", "Vi har redan ett projekt som pågår"),
        ("blekinge", "manager_endorsement", "Vi skickar in ansökan nästa vecka"),
    ],
)
def test_a_statement_that_is_no_answer_is_asked_again_not_answered_from_the_faq(fund, field, typed):
    # It matches questions people asked with the same words ("Vi har redan ett projekt
    # som pågår, kan vi söka?"), but it asks nothing: the question is asked again.
    client = at_question(fund, field)
    replies = client.send(typed)
    assert client.ask.field == field
    assert "ja eller nej" in client.texts(replies)
    # A question typed without "?" at the same step is still answered.
    replies = client.send("berätta vad som händer efter att vi skickat in")
    assert client.ask.field == field
    assert "samordnaren" in client.texts(replies)
