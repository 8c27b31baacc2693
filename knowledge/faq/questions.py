"""How a Swedish question is built: its sentences and clauses, the clause that asks,
yes/no questions, clauses that point back, and questions about another funder.

:func:`segments` cuts a question into the parts the search scores on their own
(sentences and comma clauses that ask something); :func:`asking_clause` is the part a
yes/no answer and the out-of-scope checks look at.
"""

from __future__ import annotations

import functools
import itertools
import re

from knowledge.faq.text import Language, fold, words_of


def names_other_funder(question: str, language: Language) -> bool:
    """Whether a question asks about another funder (named, without asking for
    alternatives): "När stänger Vinnovas utlysning?" but not "Kan vi söka EU-medel
    istället?"; also "Vinnova har en ny utlysning. Kan vi söka den?", whose asking
    clause points back to the funder, unless it names this fund's money ("Vi har ett
    ESF-projekt. Kan vi förlänga det med sociala investeringsmedel?")."""
    if not language.other_funders:
        return False
    # The asking clause: a context sentence naming a funder is context ...
    words = asking_clause(question)
    if refers_back(words):
        keys = {k for w in words if (k := language.key(w))}
        if not keys & language.own_money:
            words = words_of(question)  # ... unless the question asks about it
    # Names as written (folded), also in the genitive ("Vinnovas"): stems would take
    # "Formas" for "form" and "Forte" for "fort".
    named = any(
        (w := fold(word)) in language.other_funders or w[:-1] in language.other_funders
        for word in words
    )
    return named and not asks_for_alternatives(question, language)


def asks_for_alternatives(question: str, language: Language) -> bool:
    """Whether a question asks for other funding than the fund's (a word of
    ``alternative_cues`` anywhere in it, as written or by key: "Kan vi söka EU-medel
    istället?", "Om vi får avslag, kan vi söka EU-medel?")."""
    words = words_of(question)
    found = {fold(w) for w in words} | {k for w in words if (k := language.key(w))}
    return bool(found & language.alternative_cues)


# Sentences end at . ! ? ; : or a line break ("Chefen bad mig kolla: hur fungerar …?");
# clauses at a comma or a dash between spaces.
_SENTENCE = re.compile(r"(?<=[.!?;:])\s+|\n+")
_CLAUSE = re.compile(r",\s*|\s+[–—-]\s+")
QUESTION_WORDS = frozenset(
    [
        "vad",
        "vem",
        "vems",
        "vilka",
        "vilken",
        "vilket",
        "hur",
        "när",
        "var",
        "vart",
        "varför",
        "varifrån",
        "hurdan",
        "nar",
        "varfor",
    ]
)
# Finite verbs that open a Swedish yes/no question ("Kan vi söka ensamma?"), also as
# typed without å/ä/ö; any other verb-like first word counts when a subject follows
# ("Sparar boten …", "Betalar man …").
QUESTION_VERBS = frozenset(
    [
        "kan",
        "får",
        "far",
        "måste",
        "maste",
        "ska",
        "skall",
        "bör",
        "bor",
        "behöver",
        "behover",
        "krävs",
        "kravs",
        "finns",
        "är",
        "ar",
        "går",
        "gar",
        "räcker",
        "racker",
        "gäller",
        "galler",
        "räknas",
        "raknas",
        "blir",
        "har",
        "brukar",
        "borde",
        "kommer",
        "hinner",
        "funkar",
        "fungerar",
        "ingår",
        "ingar",
        "ger",
        "tar",
        "vill",
        "gör",
        "gor",
        "stämmer",
        "stammer",
        "passar",
        "duger",
        "godkänns",
        "godkanns",
        "accepteras",
        "beviljas",
        "tillåts",
        "tillats",
        "ryms",
    ]
)
SUBJECT_WORDS = frozenset(
    [
        "man",
        "vi",
        "jag",
        "du",
        "ni",
        "det",
        "den",
        "de",
        "han",
        "hon",
        "hen",
        "boten",
        "ni",
        "en",
        "ett",
        "insatsen",
        "projektet",
    ]
)
# "Jag undrar om vi kan …" asks a yes/no question without a verb first.
_EMBEDDED = frozenset(
    ["undrar", "undra", "undrade", "funderar", "vet", "veta", "frågar", "frågade", "fragar"]
)
MIN_SEGMENT_WORDS = 2
# Words that point back to the context ("Kan vi använda den?", "Vad händer då?"): a part
# with one is no question of its own; for "det" see _anaphoric_det.
ANAPHORA = frozenset(
    ["dem", "då", "sådan", "sådant", "sådana", "sån", "sånt", "såna", "dit", "dithän"]
)
# Pronouns that are determiners when a content word follows ("den framtida
# kostnadsminskningen", "dessa medel"), and point back otherwise ("Kan vi söka den?",
# "Hur fungerar den i praktiken?") or as the subject of a yes/no question ("Är den
# lönsam?").
_DETERMINERS = frozenset(["den", "denna", "dessa", "detta"])
# Words after such a pronoun that leave it a pronoun.
_AFTER_PRONOUN = frozenset(
    [
        "i",
        "på",
        "med",
        "för",
        "till",
        "om",
        "av",
        "från",
        "åt",
        "då",
        "nu",
        "sen",
        "sedan",
        "också",
        "även",
        "ens",
        "alls",
        "och",
        "eller",
        "men",
        "som",
        "att",
        "när",
        "så",
        "ju",
        "väl",
        "inte",
        "redan",
        "igen",
        # particles of the verb ("hålla den igång", "ta den vidare")
        "igång",
        "vidare",
        "kvar",
        "bort",
        "tillbaka",
        "upp",
        "ut",
        "in",
        "fram",
        "över",
    ]
)


# Verbs after which "det" is a dummy subject whatever follows ("Finns det pengar?",
# "Krävs det samverkan?"); after other verbs it is one only when a clause follows ("Är
# det för sent att söka?", not "Är det för länge?").
_DUMMY_VERBS = frozenset(
    [
        "finns",
        "fanns",
        "går",
        "gar",
        "gick",
        "krävs",
        "kravs",
        "behövs",
        "behovs",
        "räcker",
        "racker",
        "gäller",
        "galler",
        "spelar",
        "hjälper",
        "hjalper",
        "blir",
        "kostar",
    ]
)
_CLAUSE_AFTER_DET = frozenset(["att", "om", "någon", "något", "några", "nagon", "nagot"])


def refers_back(words: list[str]) -> bool:
    """Whether a clause points back to what was said before ("Kan vi söka den?", "Vad
    händer då?", "Vad betyder det?")."""
    return (
        any(w in ANAPHORA for w in words) or _anaphoric_determiner(words) or _anaphoric_det(words)
    )


# Words that point back to a situation rather than a thing ("Vad händer då?", "Gäller
# något särskilt för sådana?").
_CONDITION = frozenset(["då", "dit", "dithän", "sådan", "sådant", "sådana", "sån", "sånt", "såna"])


def points_to_condition(words: list[str]) -> bool:
    """Whether a clause points back to a situation described before it ("Vad händer då
    med ansökan?"), not just to a thing ("Räknas det som en tidig insats?")."""
    return any(w in _CONDITION for w in words)


def _anaphoric_determiner(words: list[str]) -> bool:
    """Whether "den", "dessa" … point back rather than determine the next word."""
    for i, w in enumerate(words):
        if w not in _DETERMINERS:
            continue
        demonstrative = words[i + 1 : i + 2] in (["här"], ["där"])
        following = words[i + 2 :] if demonstrative else words[i + 1 :]
        if not following or following[0] in _AFTER_PRONOUN:
            return True  # "Kan vi söka den?", "Hur fungerar den i praktiken?"
        if i == 1 and starts_with_verb(words) and not demonstrative:
            return True  # the subject of a yes/no question: "Är den lönsam?"
    return False


def _anaphoric_det(words: list[str]) -> bool:
    """Whether "det" points back ("Vad betyder det?", "Är det för länge?"): anywhere but
    right after a question's first verb where it is a dummy subject ("Räcker det att …",
    "Finns det …", "Är det för sent att …")."""
    for i, w in enumerate(words):
        if w != "det":
            continue
        dummy = words[0] in _DUMMY_VERBS or bool(_CLAUSE_AFTER_DET & set(words[2:]))
        if i == 1 and starts_with_verb(words) and dummy:
            continue
        return True
    return False


def starts_with_verb(words: list[str]) -> bool:
    """Whether a clause opens with a finite verb, as a yes/no question does."""
    if not words:
        return False
    first = words[0]
    if first in QUESTION_VERBS:
        return True
    second = words[1] if len(words) > 1 else ""
    return first.endswith(("r", "s")) and len(first) > 3 and second in SUBJECT_WORDS


def embedded_yes_no(words: list[str]) -> bool:
    """Whether a clause asks an indirect yes/no question ("jag undrar om vi får …")."""
    return any(w in _EMBEDDED and n == "om" for w, n in itertools.pairwise(words))


def asks(words: list[str]) -> bool:
    """Whether a clause asks something: a question word, a verb first, "undrar om"."""
    return (
        any(w in QUESTION_WORDS for w in words) or starts_with_verb(words) or embedded_yes_no(words)
    )


# An imperative that asks for information ("Berätta om återföringen").
REQUEST_VERBS = frozenset({"berätta", "berätt", "förklara", "beskriv", "informera"})


def asks_or_requests(text: str) -> bool:
    """Whether a line typed without a question mark still asks for information: it asks
    (:func:`asks_text`) or opens with a request ("Berätta om återföringen"). A statement
    ("Vi har redan ett projekt som pågår") does not, however well its words match."""
    words = words_of(text)
    return asks_text(text) or bool(words and words[0] in REQUEST_VERBS)


def asks_text(text: str, *, sentence: bool = True) -> bool:
    """Whether a sentence or clause as typed asks something.

    A sentence ending with a question mark does ("Ökar chansen om vi tar med en
    förening?": a verb first, but its subject is a noun); a comma clause does not by its
    mark alone ("…, perspektiv, fond och kontrakt?": the mark is the sentence's).
    Without one, a question word asks only first or after "undrar", "vet" …: in "Vi
    jobbar med gravida och effekterna syns först när barnen är vuxna." the "när" joins
    two statements.
    """
    if sentence and text.rstrip().endswith("?"):
        return True
    words = words_of(text)
    if not words:
        return False
    if words[0] in QUESTION_WORDS or starts_with_verb(words) or embedded_yes_no(words):
        return True
    return any(w in _EMBEDDED and n in QUESTION_WORDS for w, n in itertools.pairwise(words))


def sentences(question: str) -> list[str]:
    """The sentences of a question (split at . ! ? ; and line breaks)."""
    return [part for part in _SENTENCE.split(question.strip()) if part.strip()]


# A comma clause opening with one of these goes on from the clause before ("Vad lagrar
# boten om mig, och hur länge?": "och hur länge?" asks nothing of its own).
_CONJUNCTIONS = frozenset(["och", "eller", "men", "samt", "respektive"])
# A sentence opening with a condition ("Om vi inte klarar halva finansieringen, vad är
# alternativen?") asks about it: its clauses are no questions of their own.
_CONDITIONS = frozenset(["om", "ifall", "när", "nar", "eftersom", "innan", "sedan"])
# "Vad är ett utfallskontrakt och hur skiljer det sig från …": a second question joined by
# "och"; the first is a clause of its own too.
_SECOND_QUESTION = re.compile(
    r"\s+(?:och|o|samt|eller)\s+(?=(?:" + "|".join(sorted(QUESTION_WORDS)) + r")\b)",
    re.IGNORECASE,
)


def clauses(question: str) -> list[str]:
    """The sentences of a question and, where a sentence has several, its comma clauses
    (a clause opening with a conjunction joined to the one before; none when the
    sentence opens with a condition), and the first of two questions joined by "och"."""
    parts: list[str] = []
    for sentence in _SENTENCE.split(question.strip()):
        found: list[str] = []
        for clause in _CLAUSE.split(sentence):
            if not clause.strip():
                continue
            words = words_of(clause)
            if found and words and words[0] in _CONJUNCTIONS:
                found[-1] = f"{found[-1]}, {clause}"
            else:
                found.append(clause)
        # The first of two questions goes before the sentence: the last part listed is
        # the one that asks (``asking_clause``).
        first = _SECOND_QUESTION.split(sentence, maxsplit=1)
        if len(first) > 1:
            parts.append(first[0].strip().rstrip(","))
        opening = words_of(found[0])[:1] if found else []
        if len(found) > 1 and not (opening and opening[0] in _CONDITIONS):
            parts += [sentence, *found]
        else:
            parts.append(sentence)
    return parts


def segments(question: str) -> list[str]:
    """The parts of a question scored on their own, besides the whole question.

    Sentences and comma clauses that ask something (a question word, or a verb first
    as in "Kan vi söka ensamma?"); a statement such as "Vi har fått avslag på
    bygglovet" is context and only counts as part of the whole question.
    """
    whole = question.strip()
    found: list[str] = []
    whole_sentences = set(sentences(question))
    for part in clauses(question):
        words = words_of(part)
        asked = asks_text(part, sentence=part in whole_sentences)
        if len(words) >= MIN_SEGMENT_WORDS and asked and not refers_back(words):
            text = part.strip()
            if text != whole and text not in found:
                found.append(text)
    return found


def pointing_back(question: str) -> list[tuple[str, str]]:
    """(context, ask) for each asking sentence that points back to the sentences before
    it ("Vi har drivit en förskola i tio år. Kan vi söka för att hålla igång den?"): what
    it asks about is in the context."""
    parts = sentences(question)
    found = []
    for i, part in enumerate(parts[1:], start=1):
        if asks_text(part) and refers_back(words_of(part)):
            found.append((" ".join(parts[:i]), part))
    return found


def asking_clause(question: str) -> list[str]:
    """The words of the clause that asks: the last asking clause (a question ends with
    what it asks), else the whole question."""
    return list(_asking_clause(question))


# The scope checks and the polarity ask for the same question's clause several times.
@functools.lru_cache(maxsize=256)
def _asking_clause(question: str) -> tuple[str, ...]:
    whole_sentences = set(sentences(question))
    asking = [
        words_of(part)
        for part in clauses(question)
        if asks_text(part, sentence=part in whole_sentences)
    ]
    # A sentence and its own clauses are both listed: the shortest last one is the ask.
    return tuple(asking[-1] if asking else words_of(question))
