"""How a typed question is read (issue 12, round 3): which sentences and clauses ask,
what a pronoun points back to, hyphens, colons, and the scoring that follows from it."""

from __future__ import annotations

import pytest

from knowledge.faq import load_faq
from knowledge.faq.questions import asking_clause, pointing_back, refers_back, segments


@pytest.fixture(scope="module")
def faq():
    loaded = load_faq()
    loaded.warm_up()
    return loaded


def top(faq, question):
    hits = faq.search(question)
    return hits[0].id if hits else None


def test_a_question_mark_makes_a_sentence_ask_but_not_its_last_comma_clause():
    # A verb first whose subject is a noun: asks by its mark.
    assert segments("Vi är en fritidsgård. Ökar chansen om vi tar med en förening?") == [
        "Ökar chansen om vi tar med en förening?"
    ]
    # The mark is the sentence's, not the list item's before it.
    parts = segments("Vad skiljer de tre spåren åt, perspektiv, fond och kontrakt?")
    assert "fond och kontrakt?" not in parts


def test_a_question_word_inside_a_statement_does_not_make_it_ask():
    statement = "Vi jobbar med gravida och effekterna syns först när barnen är vuxna."
    assert statement not in segments(statement + " Räknas det som en mycket tidig insats?")
    assert segments("Jag undrar vem som kan söka, vi är en förening") == [
        "Jag undrar vem som kan söka"
    ]


def test_a_colon_ends_the_context_sentence():
    question = "Förvaltningschefen bad mig kolla upp en sak: hur fungerar återföringen?"
    assert segments(question) == ["hur fungerar återföringen?"]


def test_a_clause_opening_with_och_goes_on_from_the_one_before():
    assert asking_clause("Vad sparar boten om mig, och hur länge?") == [
        "vad",
        "sparar",
        "boten",
        "om",
        "mig",
        "och",
        "hur",
        "länge",
    ]


@pytest.mark.parametrize(
    ("clause", "points_back"),
    [
        ("Kan vi söka den?", True),
        ("Hur fungerar den i praktiken?", True),
        ("Kan vi söka för att hålla den igång?", True),
        ("Hur funkar ett sånt avtal?", True),
        ("Är den lönsam?", True),
        ("Hur räknar man fram den framtida kostnadsminskningen?", False),
        ("Hur fungerar den här modellen?", False),
        ("Får vi använda dessa medel till lokaler?", False),
    ],
)
def test_den_points_back_only_as_a_pronoun(clause, points_back):
    words = clause.lower().rstrip("?").split()
    assert refers_back(words) is points_back


def test_an_ask_pointing_back_is_read_with_its_context():
    question = "Vi har fått ett nej på vår ansökan. Vad gör vi då?"
    assert pointing_back(question) == [("Vi har fått ett nej på vår ansökan.", "Vad gör vi då?")]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # the context's known words say what the pronoun stands for; its place does not count
        ("Vi har fått ett nej på vår ansökan i Ljusdal. Vad gör vi då?", "avslag"),
        (
            "Styrelsen i vår förening i Edsbyn har pratat om utfallskontrakt. "
            "Hur fungerar ett sådant?",
            "utfallskontrakt",
        ),
        # an ask pointing back with enough of its own also stands alone
        (
            "Vi ska jobba med familjer där barnen är under ett år och vinsten kommer sent. "
            "Räknas det som en mycket tidig insats?",
            "mycket-tidig-insats",
        ),
        ("Ekonomichefen ställde en fråga: hur fungerar återföringsmodellen?", "aterforing"),
        ("Vad är ett utfalls-kontrakt?", "utfallskontrakt"),
        ("Hur når jag den som håller i fonden?", "kontakt"),
        ("vem ska signera ansökan?", "tillstyrkan"),
    ],
)
def test_questions_read_this_way_find_their_answer(faq, question, expected):
    assert top(faq, question) == expected
