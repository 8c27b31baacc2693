"""Questions the FAQ must not answer although they share its words: about another
funder or grant, about a subject outside the domain (weather, salaries, IT help), or
about the fund's history (what others have received).
"""

from __future__ import annotations

from collections.abc import Container

from knowledge.faq.questions import (
    QUESTION_WORDS,
    asking_clause,
    asks_for_alternatives,
    names_other_funder,
    refers_back,
    sentences,
)
from knowledge.faq.text import FOREIGN, Language, fold, words_of


def out_of_scope(question: str, language: Language, known: Container[str]) -> bool:
    """Whether a question is about something the FAQ does not answer.

    Args:
        question: The question as typed.
        language: The language data (funders, grant words, foreign words).
        known: The stems the FAQ's index knows (and the forms it aliases).
    """
    return (
        names_other_funder(question, language)
        or names_other_grant(question, language, known)
        or asks_outside(question, language, known)
        or asks_history(question, language)
        or asks_about_organisation(question, language)
    )


# Who asks about their own case ("Vad händer när vi har sökt?") rather than about the
# fund's history.
_PERSONS = frozenset(["vi", "jag", "ni", "du", "man", "oss", "mig", "er", "dig"])


def asks_history(question: str, language: Language) -> bool:
    """Whether the asking clause asks what others have received or spent ("Vilka projekt
    har fått medel hittills?", "Hur mycket fick föreningarna förra året?"): the fund's
    history and statistics, which the FAQ (rules and process) does not hold.

    A question word first (not "varför": "Varför har regionen avsatt pengar?" asks for
    the purpose), a word of ``history_verbs`` or a phrase of ``history_cues``, and no
    person asking about their own case ("Vad händer när vi har sökt?").
    """
    words = asking_clause(question)
    if not words or words[0] not in QUESTION_WORDS or words[0] in ("varför", "varfor"):
        return False
    if _PERSONS & set(words):
        return False
    if any(w in language.history_verbs for w in words):
        return True
    text = f" {fold(' '.join(words))} "
    return any(f" {cue} " in text for cue in language.history_cues)


# What must follow a grant word as a modifier ("bistånds+ansökan").
MIN_GRANT_REST = 4
# "från landstingets sida", "på kommunens vägnar": the organisation as a party.
_AS_PARTY = frozenset(["sida", "vägnar", "vagnar", "räkning", "rakning"])


def asks_about_organisation(question: str, language: Language) -> bool:
    """Whether the asking clause asks about the organisation's own business ("Hur stor
    är regionens budget?", "Var hittar jag kommunens dokumenthanteringsplan?"): an
    organisation in the genitive (``organisation_genitives``, or "Region Gävleborgs")
    without a word of the fund's money in the clause ("Vilka kan söka regionens sociala
    investeringsmedel?") and not as a party ("från landstingets sida")."""
    words = asking_clause(question)
    keys = {k for w in words if (k := language.key(w))}
    if keys & language.own_money:
        return False
    for i, word in enumerate(words):
        named = i > 0 and words[i - 1] == "region" and word.endswith("s") and len(word) > 3
        if word in language.organisation_genitives or named:
            following = words[i + 1 : i + 2]
            if not following or following[0] not in _AS_PARTY:
                return True
    return False


def asks_outside(question: str, language: Language, known: Container[str]) -> bool:
    """Whether the clause that asks names a subject outside the domain ("Hur mycket
    tjänar en samordnare?", "Vem hjälper mig när datorn krånglar?"); in a context
    sentence such a word only counts against the entries."""
    if not language.foreign_words:
        return False
    # After the phrase synonyms: "tjänar på" is "vinst", "tjänar" alone a salary.
    words = words_of(language.replace_phrases(" ".join(asking_clause(question))))
    # A word outside the domain that a phrasing uses is a word of the FAQ (a staff
    # entry "Får vi köpa kaffe för medlen?"): it is indexed as its foreign token.
    return any(fold(w) in language.foreign_words and FOREIGN + fold(w) not in known for w in words)


def names_other_grant(question: str, language: Language, known: Container[str]) -> bool:
    """Whether the asking clause names a grant or a funder the FAQ does not know
    ("Hur söker vår förening kulturbidrag?", "Kan vi söka från Postkodstiftelsen?"), or
    in the context sentence it points back to, without asking for alternatives."""
    heads = language.grant_heads + language.funder_heads
    if not heads:
        return False
    if asks_for_alternatives(question, language):
        return False
    words = asking_clause(question)
    keys = [k for w in words if (k := language.key(w))]
    if refers_back(words) and not set(keys) & language.own_money:
        # "Vi söker aktivitetsstöd från kommunen. Hur gör man det?" asks about the grant
        # the context sentence applies for ("Vi vill ge föräldrastöd. Räknas det som …?"
        # names an activity).
        for sentence in sentences(question):
            found = [k for w in words_of(sentence) if (k := language.key(w))]
            if set(found) & language.applying_words:
                keys += found
    if set(keys) & language.grant_words and not set(keys) & language.own_money:
        return True  # "Vilka bidrag kan föreningar söka?": not this fund's money
    for key in keys:
        if key in known:
            continue
        for head in heads:
            if not key.endswith(head):
                continue
            modifier = key[: -len(head)].removesuffix("s")
            own = any(modifier.startswith(m) for m in language.own_funding)
            if len(modifier) >= 3 and not own:
                return True
        # The grant as the modifier: "biståndsansökan", "bidragsregler".
        for head in language.grant_modifiers:
            if key.startswith(head) and len(key) - len(head) >= MIN_GRANT_REST:
                return True
    return False
