"""The pure engine: commands, bad answers for every input kind, lists, progress."""

from __future__ import annotations

import copy
import json

import pytest

from dialogs import Ask, CommandInput, Effect, Message, TextInput, ValueInput, advance, begin
from dialogs.state import DialogState, Mode, Special
from tests.conftest import example_answers
from tests.support.applicant import ScriptedApplicant as Applicant
from tests.support.core import context, last_ask

CTX = context()


def at(field, *, fund="gavleborg", answers=None, mode=Mode.ASKING, **extra):
    """A state waiting at ``field`` with some answers already given."""
    state = DialogState.new(fund)
    state.answers.update(answers or {})
    state.step, state.mode = field, Mode(mode)
    for key, value in extra.items():
        setattr(state, key, value)
    return state


def messages(replies):
    return [r.text for r in replies if isinstance(r, Message)]


@pytest.mark.parametrize(
    ("field", "typed", "expected"),
    [
        ("description", "   ", "text"),
        ("target_group_size", "många", "heltal"),
        ("requested_amount", "en hel del", "kronor"),
        ("start_date", "snart", "datum"),
        ("intervention_type", "lite av varje", "alternativen"),
        ("target_groups", "1, katter", "alternativen"),
        ("existing_activity", "kanske", "ja eller nej"),
        ("budget", "kanske", "ja för att lägga till en rad"),
    ],
)
def test_a_bad_answer_explains_and_asks_the_same_question_again(field, typed, expected):
    state = at(field, answers={"title": "Min idé", "problem": "Ett problem"})
    before = copy.deepcopy(state)
    new, replies = advance(state, TextInput(typed), ctx=CTX)
    assert state == before  # advance never changes its input
    assert new.answers == before.answers  # nothing answered is lost
    assert messages(replies)[0].startswith("Det svaret kunde jag inte tolka")
    assert expected in messages(replies)[0]
    assert last_ask(replies).field == field


def test_a_bad_list_row_value_asks_the_row_field_again():
    state, _ = advance(at("budget"), TextInput("ja"), ctx=CTX)
    state, replies = advance(state, TextInput("förra året"), ctx=CTX)
    assert "årtal" in messages(replies)[0]
    assert last_ask(replies).field == "budget[0].year"


def test_a_bad_object_value_names_the_sub_field():
    _, replies = advance(at("applicant.name"), ValueInput({"name": 5}), ctx=CTX)
    assert "name" in messages(replies)[0] and "text" in messages(replies)[0]
    assert last_ask(replies).field == "applicant.name"


def test_a_bad_confirmation_is_asked_again():
    state = at(None, mode="confirm")
    _, replies = advance(state, TextInput("kanske"), ctx=CTX)
    assert "ja eller nej" in messages(replies)[0]
    assert last_ask(replies).field == "confirm_submit"


def test_tillbaka_goes_to_the_previous_question_showing_the_answer():
    state, replies = begin(None, ctx=CTX, fund="gavleborg")
    state, _ = advance(state, TextInput("barn och unga"), ctx=CTX)
    state, replies = advance(state, TextInput("/tillbaka"), ctx=CTX)
    assert last_ask(replies).field == "target_groups"
    assert "Nuvarande svar: Barn och unga" in last_ask(replies).text
    state, replies = advance(state, TextInput("unga vuxna"), ctx=CTX)
    assert state.answers["target_groups"] == ["unga_vuxna"]
    assert last_ask(replies).field == "intervention_type"


def test_tillbaka_at_the_first_question_says_so():
    state, _ = begin(None, ctx=CTX, fund="gavleborg")
    _, replies = advance(state, CommandInput("tillbaka"), ctx=CTX)
    assert messages(replies) == ["Det här är den första frågan."]
    assert last_ask(replies).field == "target_groups"


def test_hoppa_leaves_the_field_empty_and_moves_on():
    state, _ = begin(None, ctx=CTX, fund="gavleborg")
    state, replies = advance(state, TextInput("/hoppa"), ctx=CTX)
    assert "target_groups" not in state.answers
    assert messages(replies)[0].startswith("Jag hoppar över frågan: frågan lämnas obesvarad")
    assert last_ask(replies).field == "intervention_type"


def test_a_list_is_built_row_by_row_and_tillbaka_drops_a_half_row():
    # After the quick check, so a partner's role is asked with its row.
    state, replies = advance(at("partners", quick_done=True), TextInput("ja"), ctx=CTX)
    assert last_ask(replies).field == "partners[0].name"
    state, _ = advance(state, TextInput("Region Gävleborg"), ctx=CTX)
    state, replies = advance(state, TextInput("/tillbaka"), ctx=CTX)
    assert last_ask(replies).field == "partners"
    assert "partners" not in state.answers
    for typed in ("ja", "Region Gävleborg", "1", "BVC-sköterskor", "ja", "Föreningen X", "ideell"):
        state, replies = advance(state, TextInput(typed), ctx=CTX)
    state, replies = advance(state, TextInput("Leder grupper"), ctx=CTX)
    assert (
        "Tillagd: Föreningen X (Ideell förening, stiftelse eller kooperativ)"
        in messages(replies)[0]
    )
    state, replies = advance(state, TextInput("nej"), ctx=CTX)
    assert state.answers["partners"] == [
        {"name": "Region Gävleborg", "org_type": "region", "role": "BVC-sköterskor"},
        {"name": "Föreningen X", "org_type": "ideell", "role": "Leder grupper"},
    ]
    assert last_ask(replies).field == "existing_activity"


def test_no_partners_is_an_answer():
    state, _ = advance(at("partners"), TextInput("inga"), ctx=CTX)
    assert state.answers["partners"] == []


def test_a_json_array_replaces_the_list_at_once():
    rows = [{"year": 2027, "cost": 500000}, {"year": 2028, "cost": 400000}]
    state = at("budget", answers={"budget": [{"year": 2026, "cost": 1}]})
    state, replies = advance(state, ValueInput(rows), ctx=CTX)
    assert state.answers["budget"] == rows
    assert last_ask(replies).field == "requested_amount"
    state, _ = advance(at("budget"), TextInput(json.dumps(rows)), ctx=CTX)
    assert state.answers["budget"] == rows


def test_a_json_object_answers_all_sub_fields_of_an_object():
    applicant = {"name": "Sandvikens kommun", "unit": "IFO", "org_type": "kommun"}
    state, replies = advance(at("applicant.name"), ValueInput(applicant), ctx=CTX)
    assert state.answers["applicant"] == applicant
    assert last_ask(replies).field == "partners"


def test_object_sub_fields_are_asked_one_by_one():
    state, replies = advance(at("applicant.name"), TextInput("Sandvikens kommun"), ctx=CTX)
    assert last_ask(replies).field == "applicant.unit"
    state, replies = advance(state, TextInput("IFO"), ctx=CTX)
    state, replies = advance(state, TextInput("kommun"), ctx=CTX)
    assert state.answers["applicant"] == {
        "name": "Sandvikens kommun",
        "unit": "IFO",
        "org_type": "kommun",
    }


def test_the_question_total_does_not_jump_when_a_follow_up_question_applies():
    state, replies = begin(None, ctx=CTX, fund="sundsvall")
    first = last_ask(replies)
    assert first.text.startswith(f"Fråga 1 av {first.progress.total} · Snabbkollen")
    state = at("evidence_basis", fund="sundsvall")
    state, replies = advance(state, TextInput("evidens"), ctx=CTX)
    # controlled_studies now applies; it always had its number, so the total stays.
    assert last_ask(replies).progress.total == first.progress.total
    state = at("evidence_references", fund="sundsvall", answers=state.answers, quick_done=True)
    state, replies = advance(state, TextInput("refs"), ctx=CTX)
    assert last_ask(replies).field == "controlled_studies"
    assert last_ask(replies).progress.total == first.progress.total


def test_manager_endorsement_accepts_not_yet_in_blekinge():
    state, replies = advance(
        at("manager_endorsement", fund="blekinge"), TextInput("inte ännu"), ctx=CTX
    )
    assert state.answers["manager_endorsement"] is None
    assert "manager_endorsement" in state.answers
    assert [r for r in replies if getattr(r, "rule", None) == "blekinge.tillstyrkan"] == []


def test_buttons_send_values():
    state, _ = advance(at("existing_activity"), ValueInput(False), ctx=CTX)
    assert state.answers["existing_activity"] is False
    state, _ = advance(at("target_groups"), ValueInput(["barn_unga", "foraldrar"]), ctx=CTX)
    assert state.answers["target_groups"] == ["barn_unga", "foraldrar"]
    state, _ = advance(at("intervention_type"), ValueInput("tidig"), ctx=CTX)
    assert state.answers["intervention_type"] == "tidig"


def test_a_faq_match_that_is_not_an_answer_is_answered_from_the_faq():
    _, replies = advance(
        at("requested_amount"), TextInput("hur mycket ska vi medfinansiera"), ctx=CTX
    )
    assert "50 %" in messages(replies)[0]
    assert last_ask(replies).field == "requested_amount"


def test_an_unknown_question_gives_an_effect_for_the_service():
    _, replies = advance(at("title"), TextInput("Vad kostar en hund?"), ctx=CTX)
    effects = [r for r in replies if isinstance(r, Effect)]
    assert [e.data["question"] for e in effects] == ["Vad kostar en hund?"]


def test_unknown_commands_and_help():
    _, replies = advance(at("title"), TextInput("/flyg"), ctx=CTX)
    assert "Okänt kommando /flyg" in messages(replies)[0]
    _, replies = advance(at("requested_amount"), CommandInput("hjälp"), ctx=CTX)
    assert "/tillbaka" in messages(replies)[0] and "1 200 000 kr" in messages(replies)[0]
    assert isinstance(replies[-1], Ask)


def test_multichoice_remembers_the_selection_for_toggles():
    state = at("target_groups", answers={"target_groups": ["barn_unga"]})
    _, replies = advance(state, CommandInput("tillbaka"), ctx=CTX)  # nothing before: re-ask
    assert last_ask(replies).selected == ("barn_unga",)


def test_without_a_configured_fund_the_fund_is_asked_first():
    state, replies = begin(None, ctx=CTX, fund=None)
    ask = last_ask(replies)
    assert ask.field == "fund"
    assert {o.value for o in ask.options} == {"gavleborg", "sundsvall", "blekinge"}
    number = 1 + [o.value for o in ask.options].index("sundsvall")
    state, replies = advance(state, TextInput(str(number)), ctx=CTX)
    assert state.fund == "sundsvall" and state.answers["fund"] == "sundsvall"
    assert last_ask(replies).field == "target_groups"
    assert last_ask(replies).progress.step == 2  # the fund question was number 1
    assert "fund" not in {s.field for s in CTX.flow.active(state.fund, state.answers)}


def test_resuming_at_the_confirmation_shows_the_summary_again():
    state = at(None, mode="confirm", answers={"title": "Min idé"})
    state, replies = begin(state, ctx=CTX)
    assert last_ask(replies).field == "confirm_resume"
    state, replies = advance(state, TextInput("ja"), ctx=CTX)
    assert any(m.startswith("Sammanfattning") for m in messages(replies))
    assert last_ask(replies).field == "confirm_submit"


def test_a_draft_at_a_step_that_no_longer_exists_continues_at_the_first_open_question():
    state = at("budget_comment", answers={"title": "Min idé"})  # a step staff removed
    state, replies = begin(state, ctx=CTX, ask_resume=False)
    assert last_ask(replies).field == "problem"
    state, replies = advance(state, TextInput("Ett problem"), ctx=CTX)
    assert state.answers["problem"] == "Ett problem"


def test_a_fail_waits_until_every_field_of_its_rule_was_asked():
    state = at("applicant.org_type", answers={"applicant": {"name": "Sandvikens kommun"}})
    state, replies = advance(state, TextInput("kommun"), ctx=CTX)
    assert not [r for r in replies if getattr(r, "rule", "") == "gavleborg.samverkan"]
    assert last_ask(replies).field == "partners"
    state, replies = advance(state, TextInput("nej"), ctx=CTX)
    fails = [r for r in replies if getattr(r, "rule", "") == "gavleborg.samverkan"]
    assert [r.status for r in fails] == ["fail"]
    assert "minst två" in fails[0].text


def test_a_name_at_the_list_question_is_a_row_whose_type_is_suggested():
    state, replies = advance(at("partners"), TextInput("Region Gävleborg"), ctx=CTX)
    assert messages(replies) == ["Noterat: en samverkanspart: Region Gävleborg."]
    assert last_ask(replies).field == "partners"  # one question confirming the guess
    assert "Region Gävleborg: Region/landsting" in last_ask(replies).text
    state, replies = advance(state, TextInput("ja"), ctx=CTX)
    assert state.answers["partners"] == [{"name": "Region Gävleborg", "org_type": "region"}]
    # The role is asked after the quick check's verdict.
    assert state.later == ["partners[0].role"]
    assert last_ask(replies).field == "existing_activity"


def test_a_long_answer_ending_in_a_question_mark_is_an_answer_not_a_faq_question():
    # A FAQ question is one short line; a long text that happens to end in "?" is the
    # person's answer (and a huge line must never reach the FAQ search at all).
    problem = "Barn i området får stöd för sent. " * 12 + "Hur kan vi ändra det?"
    state, replies = advance(at("problem"), TextInput(problem), ctx=CTX)
    assert state.answers["problem"] == problem
    assert not [r for r in replies if isinstance(r, Effect)]
    assert last_ask(replies).field == "description"
    huge = "x" * 50_000 + "?"
    state, replies = advance(at("requested_amount"), TextInput(huge), ctx=CTX)
    assert messages(replies)[0].startswith("Det svaret kunde jag inte tolka")
    assert not [r for r in replies if isinstance(r, Effect)]
    assert last_ask(replies).field == "requested_amount"


def test_a_json_object_at_a_list_question_is_one_row():
    row = {"name": "Föreningen Läslust", "org_type": "ideell", "role": "Lässtunder"}
    state, replies = advance(at("partners"), ValueInput(row), ctx=CTX)
    assert state.answers["partners"] == [row]
    assert state.fill is None
    assert last_ask(replies).field == "partners"  # "another one?"
    state, replies = advance(state, ValueInput({"name": {"x": 1}}), ctx=CTX)
    assert messages(replies)[0].startswith("Det svaret kunde jag inte tolka")
    assert state.answers["partners"] == [row] and state.fill is None
    assert last_ask(replies).field == "partners"


def test_the_resume_question_counts_questions_not_fields():
    # applicant is one field but three questions: name, unit and organisation type.
    answers = {
        "title": "Min idé",
        "applicant": {"name": "Sandvikens kommun", "unit": "Skola", "org_type": "kommun"},
    }
    state = at("partners", answers=answers)
    _, replies = begin(state, ctx=CTX)
    assert "där 4 av" in last_ask(replies).text


def test_the_empty_list_prompt_agrees_with_the_item_word():
    _, replies = advance(at("end_date"), TextInput("2028-12-31"), ctx=CTX)
    assert last_ask(replies).field == "budget"
    assert "lägga till ett budgetår, eller nej om det inte finns något." in last_ask(replies).text
    _, replies = begin(at("partners"), ctx=CTX, ask_resume=False)
    assert "en samverkanspart, eller nej om det inte finns någon." in last_ask(replies).text


def test_a_script_resuming_at_the_confirmation_gets_the_summary_and_findings_again():
    state = at(None, mode="confirm", answers={"title": "Min idé"})
    _, replies = begin(state, ctx=CTX, ask_resume=False)
    assert any(m.startswith("Sammanfattning") for m in messages(replies))
    assert any(getattr(r, "rule", "") == "gavleborg.medfinansiering" for r in replies)
    assert last_ask(replies).field == "confirm_submit"


def test_going_back_to_the_fund_shows_the_funds_name_as_the_answer():
    state, _ = begin(None, ctx=CTX, fund=None)
    state, _ = advance(state, TextInput("Sundsvall"), ctx=CTX)
    state, replies = advance(state, CommandInput("tillbaka"), ctx=CTX)
    assert last_ask(replies).field == "fund"
    assert "Nuvarande svar: Sundsvalls kommun" in last_ask(replies).text


def test_a_row_is_confirmed_as_stored_without_control_characters():
    state, _ = advance(at("partners", quick_done=True), TextInput("ja"), ctx=CTX)
    state, _ = advance(state, TextInput("Läs\x1b[2Jlust\x00"), ctx=CTX)
    state, _ = advance(state, TextInput("ideell"), ctx=CTX)
    state, replies = advance(state, TextInput("Lässtunder"), ctx=CTX)
    assert state.answers["partners"][0]["name"] == "Läs[2Jlust"
    assert "Tillagd: Läs[2Jlust (Ideell" in messages(replies)[0]


@pytest.mark.parametrize("value", [None, 5, 2.5])
def test_a_json_scalar_at_a_list_question_is_refused_not_a_row(value):
    state, replies = advance(at("partners"), ValueInput(value), ctx=CTX)
    assert "ja för att lägga till en rad" in messages(replies)[0]
    assert state.fill is None and "partners" not in state.answers
    assert last_ask(replies).field == "partners"


def test_a_row_typed_as_json_at_the_console_is_one_row():
    typed = '{"name": "Karlskrona kommun", "org_type": "kommun", "role": "Skolan"}'
    state, replies = advance(at("partners"), TextInput(typed), ctx=CTX)
    assert state.answers["partners"] == [json.loads(typed)]
    assert last_ask(replies).field == "partners"
    state, replies = advance(at("partners"), TextInput('{"name": '), ctx=CTX)
    assert "ogiltig JSON" in messages(replies)[0] and state.fill is None


def test_the_komplettering_notice_has_one_closing_mark_whatever_the_comment():
    from dialogs.texts import reopened

    assert reopened("Beskriv jämförelsegruppen.") == (
        "Samordnaren ber dig komplettera ansökan: Beskriv jämförelsegruppen."
    )
    assert reopened("Varför?").endswith("Varför?")
    assert reopened("Beskriv den").endswith("Beskriv den.")
    assert reopened("") == "Samordnaren ber dig komplettera ansökan."


EXAMPLE = {"sundsvall": "sundsvall-no-comparison", "gavleborg": "gavleborg-ready"}


@pytest.mark.parametrize("fund", ["gavleborg", "sundsvall"])
def test_advance_never_changes_the_state_it_is_given_in_a_whole_dialog(fund):
    # A whole scripted dialog with detours; after every step the input state must be
    # exactly as it was (the engine's copy is what it changes, never the caller's).
    applicant = Applicant(example_answers(EXAMPLE[fund]))
    state, replies = begin(None, ctx=CTX, fund=fund)
    detours = {
        3: [CommandInput("tillbaka"), CommandInput("hoppa")],
        6: [TextInput("Vad är medfinansiering?"), TextInput("   ")],
        12: [CommandInput("sammanfattning")],
    }
    for number in range(200):
        ask = last_ask(replies)
        if ask.field == Special.CONFIRM_SUBMIT:
            events = [CommandInput("andra", "2"), TextInput("Ny titel"), TextInput("nej")]
        else:
            events = [*detours.get(number, []), TextInput(applicant.reply(ask))]
        if ask.field.startswith(("budget[", "partners[")) and number % 5 == 0:
            events.insert(0, CommandInput("tillbaka"))  # abandon a row half-way
        for event in events:
            before = copy.deepcopy(state)
            new, replies = advance(state, event, ctx=CTX)
            assert state == before, (number, event)
            state = new
        if ask.field == Special.CONFIRM_SUBMIT:
            break
    else:
        raise AssertionError("the dialog never reached the confirmation")
    # Mutating the new state afterwards must not reach back into earlier ones either.
    before = copy.deepcopy(state)
    new, _ = advance(state, TextInput("ja"), ctx=CTX)
    new.answers.clear()
    new.history.clear()
    assert state == before


def test_emptying_a_list_is_an_answer_line_with_null():
    rows = [{"name": "Röda korset", "org_type": "ideell"}]
    state = at("partners", answers={"partners": rows}, quick_done=True)
    _, replies = advance(state, TextInput("töm listan"), ctx=CTX)
    assert replies[0].to_json() == {"type": "answer", "field": "partners", "value": None}
    assert messages(replies) == ["Listan är tömd."]


def test_a_version_2_draft_with_a_half_asked_row_goes_on_with_that_row():
    old = {
        "version": 2,
        "fund": "gavleborg",
        "answers": {"fund": "gavleborg", "title": "Min idé"},
        "mode": "asking",
        "step": "partners",
        "row": {"item": {"name": "Region Gävleborg"}, "sub": 1},
    }
    state, replies = begin(DialogState.from_json(old), ctx=CTX, ask_resume=False)
    assert last_ask(replies).field == "partners[0].org_type"
    state, replies = advance(state, TextInput("region"), ctx=CTX)
    assert last_ask(replies).field == "partners[0].role"  # an old draft: no quick check
    state, _ = advance(state, TextInput("BVC"), ctx=CTX)
    assert state.answers["partners"] == [
        {"name": "Region Gävleborg", "org_type": "region", "role": "BVC"}
    ]
