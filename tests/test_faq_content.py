"""The packaged FAQ: every topic of faq.md, answers a non-expert can use, real numbers."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from knowledge.criteria.profiles import load_funds
from knowledge.faq import REQUIRED_IDS, fallback_answer, load_faq, missing_topics

SEED_FILES = {
    "000_285be90c0e506743.txt",
    "001_1ff95a357d053479.txt",
    "002_82593df73ba30f5f.txt",
    "003_5b9d04d96ccff620.txt",
    "004_f11d0a530a1c4fd6.txt",
}
FUNDS = ("gavleborg", "sundsvall", "blekinge")
TODAY = dt.date(2026, 11, 23)
# "t.ex." and similar end with a period without ending the sentence.
ABBREVIATIONS = re.compile(r"\b(?:t\.ex|bl\.a|m\.fl|d\.v\.s|s\.k|osv)\.", re.IGNORECASE)


@pytest.fixture(scope="module")
def faq():
    return load_faq()


@pytest.fixture(scope="module")
def funds():
    return load_funds()


def sentences(text: str) -> int:
    return len(re.findall(r"[.!?](?:\s|$)", ABBREVIATIONS.sub("", text)))


def test_every_topic_of_the_spec_is_there_with_exactly_its_id(faq):
    assert missing_topics(faq.entries) == []
    assert len(REQUIRED_IDS) == 28
    assert len({e.id for e in faq.entries}) == len(faq.entries)


def test_each_entry_has_three_alternative_phrasings_and_a_seed_source(faq):
    for entry in faq.entries:
        assert len(entry.alternatives) >= 3, entry.id
        assert len({a.lower() for a in entry.alternatives}) == len(entry.alternatives), entry.id
        for source in [entry.source, *(fa.source for fa in entry.funds.values() if fa.source)]:
            file, _, section = source.partition(": ")
            assert section, f"{entry.id}: source without section: {source}"
            # The bot's own behaviour (personal data) has no seed; everything else does.
            assert file in SEED_FILES or file == "Idébot", f"{entry.id}: {source}"


def test_every_rendered_answer_is_one_to_six_plain_sentences(faq, funds):
    for entry in faq.entries:
        for fund in [None, *funds.values()]:
            answer = faq.answer_for(entry, fund, today=TODAY)
            assert 1 <= sentences(answer) <= 6, f"{entry.id} ({fund and fund.id}): {answer}"
            assert "{" not in answer and "None" not in answer, answer
            assert "  " not in answer


def test_fund_specific_answers_exist_where_the_funds_differ(faq):
    for topic in ("vem-kan-soka", "samverkan", "medfinansiering", "beslut", "aterforing"):
        assert set(faq.get(topic).funds) >= set(FUNDS), topic
    for entry in faq.entries:
        assert set(entry.funds) <= set(FUNDS), entry.id


@pytest.mark.parametrize(
    ("topic", "fund", "numbers"),
    [
        ("medfinansiering", "gavleborg", ["50 %"]),
        ("tidsram", "gavleborg", ["3 år"]),
        ("aterbetalningstid", None, ["1 och 10 år", "10 år"]),
        ("aterbetalningstid", "sundsvall", ["1 och 10 år", "10 år"]),
        ("ansokan-innehall", "blekinge", ["19 punkter"]),
        ("sista-ansokningsdag", "gavleborg", ["30 november 2026", "7 dagar kvar"]),
        ("kontakt", "gavleborg", ["Emma Mårtensson", "072-203 81 41"]),
        ("personuppgifter", None, ["180 dagar", "/radera", "/mina", "Telegram"]),
        ("arbetssatt", None, ["behovsanalyser", "implementering och uppskalning"]),
    ],
)
def test_answers_carry_the_concrete_facts_of_the_seeds(faq, funds, topic, fund, numbers):
    profile = funds[fund] if fund else None
    answer = faq.answer_for(faq.get(topic), profile, today=TODAY)
    for number in numbers:
        assert number in answer, f"{topic}/{fund}: {number!r} not in {answer!r}"


def test_the_packaged_files_live_inside_the_package():
    from knowledge import faq as module

    assert module.PACKAGED_FAQ.is_file()
    assert module.LANGUAGE_FILE.is_file()
    assert Path(module.__file__).parent in module.PACKAGED_FAQ.parents


# Steps and demands that only Sundsvall's guidelines (seed 003) make.
SUNDSVALL_ONLY = {
    "ideprovning": "idéprövningsblankett",
    "kontrollgrupp": "ska ansökan innehålla förslag på kontrollgrupp",
}


@pytest.mark.parametrize("topic", sorted(SUNDSVALL_ONLY))
@pytest.mark.parametrize("fund", ["gavleborg", "blekinge"])
def test_sundsvall_only_steps_are_not_told_to_other_funds_as_their_own(faq, funds, topic, fund):
    answer = faq.answer_for(faq.get(topic), funds[fund], today=TODAY)
    assert SUNDSVALL_ONLY[topic] not in answer, f"{topic}/{fund}: {answer}"
    assert funds[fund].name.split()[-1] in answer, f"{topic}/{fund} does not name the fund"


def test_general_answers_name_sundsvall_for_its_own_steps(faq):
    for topic in SUNDSVALL_ONLY:
        assert "Sundsvall" in faq.answer_for(faq.get(topic), None, today=TODAY), topic


def test_blekinge_is_not_told_an_implementation_plan_is_required(faq, funds):
    answer = faq.answer_for(faq.get("implementering"), funds["blekinge"], today=TODAY)
    assert "Ansökan ska därför visa hur insatsen" not in answer
    assert "Blekinge" in answer


@pytest.mark.parametrize("fund", FUNDS)
def test_the_contact_given_for_an_unknown_question_says_which_fund_it_is(faq, funds, fund):
    # "Kontakta …, kommunstyrelsen" alone does not say which municipality to call.
    profile = funds[fund]
    assert profile.name in fallback_answer(profile)
    assert profile.name in faq.answer_for(faq.get("kontakt"), profile, today=TODAY)


def test_personal_data_answer_does_not_promise_that_radera_removes_applications(faq):
    # /radera deletes the draft and logged questions; submitted applications are kept.
    answer = faq.answer_for(faq.get("personuppgifter"), None, today=TODAY)
    assert "tar du bort dina utkast och personuppgifter" not in answer
    assert "/radera tar du bort ditt utkast och dina obesvarade frågor" in answer
    assert "inskickad ansökan sparas hos samordnaren" in answer
