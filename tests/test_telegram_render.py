"""Rendering dialog replies for Telegram: keyboards, callback_data, multi-choice toggles."""

from __future__ import annotations

import json

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest

from bot.telegram.render import (
    CHECKED,
    MAX_CALLBACK_BYTES,
    OutText,
    Tag,
    answer_event,
    decode,
    field_tag,
    render,
    selection,
    split_text,
    toggled,
)
from dialogs.events import TextInput, ValueInput
from dialogs.replies import (
    AnswerReply,
    Ask,
    FindingReply,
    InputKind,
    Message,
    Option,
    Progress,
    VerdictReply,
)
from knowledge.answers import OPTION_LABELS, TargetGroup


def _target_groups_ask(selected=()) -> Ask:
    options = tuple(Option(t.value, OPTION_LABELS[TargetGroup][t.value]) for t in TargetGroup)
    return Ask(
        "target_groups",
        "Fråga 5 av 31 · Målgrupp\nVilka målgrupper?",
        InputKind.MULTICHOICE,
        options,
        Progress(5, 31, "Målgrupp"),
        tuple(selected),
    )


def _all_data(markup) -> list[str]:
    return [b.callback_data for row in markup.inline_keyboard for b in row]


def test_choice_buttons_carry_values_not_labels_within_64_bytes():
    ask = Ask(
        "intervention_type",
        "Fråga 9 av 31 · Insats och metod\nVilken typ av insats?",
        InputKind.CHOICE,
        (Option("forebyggande", "Förebyggande"), Option("tidig", "Tidig insats")),
        Progress(9, 31),
    )
    [out] = render([ask])
    assert isinstance(out, OutText)
    assert out.text.startswith("Fråga 9 av 31")
    data = _all_data(out.markup)
    assert all(len(d.encode()) <= MAX_CALLBACK_BYTES for d in data)
    events = [answer_event(decode(d)) for d in data]
    assert events == [ValueInput("forebyggande", turn=0), ValueInput("tidig", turn=0)]
    assert [b.text for row in out.markup.inline_keyboard for b in row] == [
        "Förebyggande",
        "Tidig insats",
    ]


def test_a_value_too_long_for_callback_data_is_sent_as_its_number():
    long_value = "x" * 80
    ask = Ask("title", "Välj", InputKind.CHOICE, (Option("kort", "Kort"), Option(long_value, "L")))
    [out] = render([ask])
    second = _all_data(out.markup)[1]
    assert len(second.encode()) <= MAX_CALLBACK_BYTES
    assert answer_event(decode(second)) == TextInput("2", turn=0)


def test_yes_no_buttons_send_booleans_side_by_side():
    ask = Ask(
        "existing_activity",
        "Finns verksamheten redan?",
        InputKind.BOOL,
        (Option(True, "Ja"), Option(False, "Nej")),
    )
    [out] = render([ask])
    assert len(out.markup.inline_keyboard) == 1
    events = [answer_event(decode(d)) for d in _all_data(out.markup)]
    assert events == [ValueInput(True, turn=0), ValueInput(False, turn=0)]


def test_multichoice_toggles_keep_the_selection_in_the_keyboard():
    [out] = render([_target_groups_ask(selected=["foraldrar"])])
    markup = out.markup
    texts = [b.text for row in markup.inline_keyboard for b in row]
    assert sum(t.startswith(CHECKED) for t in texts) == 1
    barn = next(d for d in _all_data(markup) if "barn_unga" in d)
    markup = toggled(markup, barn)
    event, labels = selection(markup, 0)
    assert event == ValueInput(["barn_unga", "foraldrar"], turn=0)
    names = OPTION_LABELS[TargetGroup]
    assert labels == [names["barn_unga"], names["foraldrar"]]
    # Pressing it again unselects it.
    barn_on = next(d for d in _all_data(markup) if "barn_unga" in d)
    assert decode(barn_on).rest[0] == "1"
    event, _ = selection(toggled(markup, barn_on), 0)
    assert event == ValueInput(["foraldrar"], turn=0)


def test_klar_button_is_last_and_nothing_selected_sends_an_empty_list():
    [out] = render([_target_groups_ask()])
    assert decode(_all_data(out.markup)[-1]).tag is Tag.DONE
    assert selection(out.markup, 0)[0] == ValueInput([], turn=0)


def test_messages_and_findings_before_a_question_are_merged_into_one_message():
    replies = [
        Message("Tack!"),
        FindingReply("gavleborg.medfinansiering", "fail", "Det saknas 200 000 kr."),
        Ask("title", "Fråga 1 av 31 · Om idén\nVad heter idén?", InputKind.TEXT),
    ]
    [out] = render(replies)
    assert out.markup is None
    assert out.text.index("Tack!") < out.text.index("200 000 kr") < out.text.index("Fråga 1")
    assert "❌ Ej uppfyllt: Det saknas 200 000 kr." in out.text


def test_long_text_is_split_at_line_breaks_under_the_telegram_limit():
    text = "\n".join(f"Rad {i} " + "å" * 60 for i in range(200))
    pieces = split_text(text)
    assert len(pieces) > 1
    assert all(len(p) <= 4096 for p in pieces)
    assert "\n".join(pieces) == text


def test_buttons_carry_the_dialog_turn_they_were_shown_in():
    ask = Ask("existing_activity", "Finns den?", InputKind.BOOL, (Option(True, "Ja"),), turn=17)
    [out] = render([ask])
    [data] = _all_data(out.markup)
    assert decode(data).turn == 17
    assert answer_event(decode(data)) == ValueInput(True, turn=17)
    # A button of the bot before turns existed names none: it can never match a turn.
    assert decode(f"{Tag.VALUE}|{field_tag('title')}|{json.dumps('x')}").turn == -1
    assert decode("zz|garbage") is None


def test_a_finding_that_already_names_its_status_is_not_labelled_twice():
    [out] = render([FindingReply("x.samverkan_rad", "advice", "Råd: samverka över gränser.")])
    assert out.text == "💡 Råd: samverka över gränser."


async def test_the_offline_telegram_refuses_what_telegram_would_refuse(bot):
    # The checks every end-to-end test relies on (the harness fails on any rejection).
    too_long_data = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="x" * 65)]])
    for kwargs in (
        {"text": "x" * 4097},
        {"text": "*fet*", "parse_mode": "Markdown"},
        {"text": "Välj", "reply_markup": too_long_data},
    ):
        with pytest.raises(BadRequest):
            await bot.app.bot.send_message(1001, **kwargs)
    assert len(bot.fake.rejected) == 3
    with pytest.raises(AssertionError, match="would refuse"):
        bot.assert_no_errors()
    bot.fake.rejected.clear()  # provoked on purpose


def test_answer_lines_are_not_shown_and_a_verdict_reads_as_its_heading():
    fail = FindingReply("gavleborg.medfinansiering", "fail", "Det saknas 200 000 kr.")
    replies = [
        AnswerReply("cofinancing", [{"party": "X", "amount": 1}]),
        Message("Noterat: en medfinansiär: X 1 kr."),
        fail,
        VerdictReply("not_eligible", True, (fail,), "Preliminärt besked: idén kan inte få medel"),
        Message("Det här måste ändras först:\n✗ Det saknas 200 000 kr."),
    ]
    [out] = render(replies)
    assert out.text.startswith("Noterat: en medfinansiär: X 1 kr.\n\nPreliminärt besked:")
    assert "cofinancing" not in out.text
    # The finding the verdict restates word for word is shown once, in the verdict's words.
    assert out.text.count("Det saknas 200 000 kr.") == 1
