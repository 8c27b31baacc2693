"""Questions the FAQ must not answer although they share its words (issue 12, round 3):
another grant named in the context, the fund's history, the organisation's own business,
an actor in common with an entry, the bot's own technology, thanks that ask nothing.
Each rejection is paired with a question a person asks about the fund in the same
words, which is still answered."""

from __future__ import annotations

import pytest

from knowledge.faq import load_faq


@pytest.fixture(scope="module")
def faq():
    loaded = load_faq()
    loaded.warm_up()
    return loaded


def top(faq, question):
    hits = faq.search(question)
    return hits[0].id if hits else None


@pytest.mark.parametrize(
    ("rejected", "answered", "expected"),
    [
        # another grant, named in the sentence the ask points back to
        (
            "Vi söker lokalbidrag till vår scoutkår från kommunen. Hur gör man det?",
            "Vi är en scoutkår som vill söka sociala investeringsmedel. Hur gör man det?",
            "vem-kan-soka",
        ),
        # the fund's history and statistics
        (
            "Vilka insatser har fått medel ur fonden hittills?",
            "Vad händer när vi har skickat in ansökan?",
            "efter-inskickad",
        ),
        (
            "Hur mycket pengar delades ut förra året?",
            "Hur mycket pengar kan vi söka?",
            "belopp",
        ),
        # the organisation's own business
        (
            "Hur stor är kommunens budget för äldreomsorgen?",
            "Vilka kan söka kommunens sociala investeringsmedel?",
            "vem-kan-soka",
        ),
        # an actor in common with an entry, nothing of the fund's asked
        (
            "Kan en ideell förening ha anställda?",
            "Kan en ideell förening söka medel?",
            "vem-kan-soka",
        ),
        (
            "Hur blir man familjehem?",
            "Kan insatsen rikta sig till familjer?",
            "malgrupp",
        ),
        # another grant as the first part of a word
        (
            "Vem handlägger min biståndsansökan?",
            "Vem handlägger vår ansökan om sociala investeringsmedel?",
            "efter-inskickad",
        ),
    ],
)
def test_a_near_question_is_rejected_and_the_funds_own_is_answered(
    faq, rejected, answered, expected
):
    assert top(faq, rejected) is None
    assert top(faq, answered) == expected


@pytest.mark.parametrize(
    "question",
    [
        "Jag kommer inte in i Outlook, kan du hjälpa mig?",  # a program, written as a name
        "Vilken språkmodell bygger du på?",
        "tack för svaret, ha det bra!",
        "Vilka projekt beviljades pengar i fjol?",
    ],
)
def test_questions_outside_the_fund_get_no_answer(faq, question):
    assert top(faq, question) is None


def test_an_activity_ending_in_stod_is_no_grant(faq):
    # "föräldrastöd" is what the intervention does, not money applied for elsewhere.
    question = (
        "Vi vill ge föräldrastöd redan under graviditeten och vinsterna kommer om tjugo år. "
        "Räknas det som en mycket tidig insats?"
    )
    assert top(faq, question) == "mycket-tidig-insats"


def test_a_company_is_not_assumed_to_be_profit_driven(faq):
    # "företag" no longer brings "vinstdrivande" with it: only the applying ties it to
    # the entry about profit-driven applicants.
    assert top(faq, "Kan ett företag ha praktikanter?") is None
    assert top(faq, "Får ett företag söka?") == "vinstdrivande"
