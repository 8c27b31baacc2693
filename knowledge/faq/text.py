"""Swedish text analysis for the FAQ search: folding, stop words, synonyms, stemming.

1. lower-case; replace colloquial phrases and abbreviations from the language data
   (``mkt`` → ``mycket``, ``betala själva`` → ``medfinansiering``), written with or
   without å/ä/ö;
2. drop stop words: as written (so "är" goes but "år" stays), and by stem or lemma
   ("typer" like "typ", "frågorna" like "fråga");
3. map each word to its lemma where the lemma table knows it ("medlen" → "medel",
   "fick" → "få"; generated from the Swedish Hunspell dictionary);
4. fold diacritics (å→a, ä→a, ö→o) so "aterforing" meets "återföring";
5. stem with Snowball Swedish (inflection: "medfinansieringen"), join -era/-ering;
6. replace one-word synonyms on the stem, so every inflection is covered.

Steps 1 and 6 apply to questions (the person's and the FAQ's phrasings), not to
answer text. How a question is built (its sentences, the clause that asks, yes/no
questions) is ``knowledge.faq.questions``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

_WORD = re.compile(r"[^\W_]+")
# How a folded letter may be written, for matching synonym phrases on unfolded text.
_LETTER_VARIANTS = {"a": "[aåä]", "o": "[oö]", "e": "[eé]"}
_TEMPLATE_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)


def fold(text: str) -> str:
    """Lower-cases and removes diacritics: ``"Återföring"`` → ``"aterforing"``."""
    if len(text) <= _FOLD_CACHED_LEN:
        return _fold_word(text)
    return _fold(text)


# Words recur from question to question: short texts are folded once.
_FOLD_CACHED_LEN = 40


@lru_cache(maxsize=50_000)
def _fold_word(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("swedish")


@dataclass(frozen=True)
class Language:
    """Language data for search.

    Attributes:
        stopwords: Words dropped from text, as written (lower case).
        stop_stems: Snowball stems (of the unfolded word) dropped as well, so that
            every inflection of a stop word goes ("typer" like "typ").
        synonyms: Folded phrase → folded replacement, for queries.
        domain_words: Stems of the subject area (from the source documents); a query
            word the FAQ lacks but the domain has is weaker evidence of an
            out-of-domain question than a word foreign to the whole domain.
        compound_prefixes: Short first parts of compounds that are not words of their
            own in the index ("med" in "medfinansiering", "sam" in "samfinansiering").
        generic_words: Stems used all over the domain ("pengar", "söka", "kommun"): an
            entry that shares only these with a question that also has other words is
            not what was asked.
        frame_words: Stems that frame a question rather than name its subject
            ("skillnad", "mellan", "mycket"); they count for less information.
        exact_synonyms: Synonym keys replaced only as written, never by stem.
        lemmas: Word form (lower case, with å/ä/ö) → its lemma, for forms Snowball
            cuts apart ("medlen" → "medel"); from ``lemmas.txt``.
        negation_cues: Words (lower case, as written) that turn a yes/no question
            around ("Kan vi söka ensamma?" asks the opposite of "Måste vi samverka?").
        other_funders: Folded names of funders other than the fund ("vinnova",
            "arvsfonden"): a question naming one is about that funder's calls.
        alternative_cues: Keys of words that ask for alternatives ("istället",
            "andra"): with them, a question naming another funder is answered.
        funding_heads: Keys of words for money ("bidrag", "stod"): an unknown compound
            ending in one names another kind of money and is not split.
        foreign_words: Folded words, as written, that name a subject outside the domain
            ("lönen", "datorn", "vädret") even where the FAQ uses their stem ("lönsam"):
            a question keeps them as ``FOREIGN`` tokens, which count against every entry
            at full weight and never as context.
        grant_heads: Keys of the heads of grant words ("bidrag", "stöd"): a word the
            FAQ does not know ending in one ("kulturbidrag", "aktivitetsstöd") names
            another grant, and the question is about that grant.
        funder_heads: Keys of the heads of funders' names ("stiftelsen", "fonden"): a
            word the FAQ does not know ending in one ("Postkodstiftelsen") names another
            funder.
        grant_words: Keys of words for a grant ("bidrag"): a question asking for one
            without a word of ``own_money`` ("fonden", "medlen", "sociala
            investeringar") asks about another grant.
        own_money: Keys of the words for this fund's money.
        own_funding: Keys of modifiers that make such a word this fund's money
            ("projektstöd", "investeringsbidrag").
        fixed_keys: Word (lower case, as written) → its index key, for words whose stem
            is another word's ("tidiga" would stem to "tid", time, like "tiden").
        lead_neutral: Keys of words that do not make a yes/no question ask more than
            the phrasing it matched ("söka", "medel": "Har ni en workshop för
            sökande?" asks what "Har ni en workshop?" asks).
        applying_words: Keys of the words for applying ("söka", "ansöka"): a context
            sentence with one and a grant word ("Vi söker aktivitetsstöd.") says which
            grant a question pointing back to it ("Hur gör man det?") is about.
        history_verbs: Supines and past forms (lower case, as written) of receiving
            and spending ("fått", "fick", "beviljats"): "Vilka projekt har fått medel?"
            asks about the fund's history.
        organisation_genitives: Organisations in the genitive, as written
            ("regionens", "kommunens"): a question about the organisation's own
            business ("Hur stor är regionens budget?") is not about the fund.
        grant_modifiers: Keys of grant words that name another grant as the first part
            of a word the FAQ does not know ("biståndsansökan", "bidragsregler").
        entity_words: Keys of the actors and targets the domain shares with the world
            ("förening", "barn", "företag"): an entry that shares only these with a
            question that asks something more, without a word of ``anchor_words``, is
            not the answer ("Kan en ideell förening ha anställda?").
        anchor_words: Keys of the words that tie a question to the fund ("söka",
            "medel", "fonden").
        history_cues: Folded phrases that point to the past ("förra året",
            "hittills"), likewise.
        stemmed_synonyms: :meth:`stem_synonyms`, computed at first use and kept in the
            cache (stemming them in a new process costs more than reading them).
        known_keys: Word → key (:meth:`key`) already computed, from the cache.
    """

    stopwords: frozenset[str] = frozenset()
    stop_stems: frozenset[str] = frozenset()
    synonyms: dict[str, str] = field(default_factory=dict)
    domain_words: frozenset[str] = frozenset()
    compound_prefixes: tuple[str, ...] = ()
    generic_words: frozenset[str] = frozenset()
    frame_words: frozenset[str] = frozenset()
    exact_synonyms: frozenset[str] = frozenset()
    lemmas: Mapping[str, str] = field(default_factory=dict)
    negation_cues: frozenset[str] = frozenset()
    other_funders: frozenset[str] = frozenset()
    alternative_cues: frozenset[str] = frozenset()
    funding_heads: tuple[str, ...] = ()
    foreign_words: frozenset[str] = frozenset()
    fixed_keys: Mapping[str, str] = field(default_factory=dict)
    grant_heads: tuple[str, ...] = ()
    funder_heads: tuple[str, ...] = ()
    grant_words: frozenset[str] = frozenset()
    own_money: frozenset[str] = frozenset()
    own_funding: frozenset[str] = frozenset()
    lead_neutral: frozenset[str] = frozenset()
    applying_words: frozenset[str] = frozenset()
    history_verbs: frozenset[str] = frozenset()
    history_cues: tuple[str, ...] = ()
    organisation_genitives: frozenset[str] = frozenset()
    entity_words: frozenset[str] = frozenset()
    grant_modifiers: tuple[str, ...] = ()
    anchor_words: frozenset[str] = frozenset()
    stemmed_synonyms: Mapping[str, tuple[str, ...]] | None = None
    known_keys: Mapping[str, str | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # One-word synonyms are replaced on the stem (``stem_synonyms``), where a word
        # replaced by several counts as one; the text pattern holds the phrases and the
        # synonyms replaced only as written.
        keys = sorted(
            (k for k in self.synonyms if " " in k or k in self.exact_synonyms),
            key=len,
            reverse=True,
        )
        if keys:
            alternatives = "|".join(_loose_pattern(k) for k in keys)
            pattern = re.compile(r"(?<![^\W_])(?:" + alternatives + r")(?![^\W_])")
        else:
            pattern = None
        object.__setattr__(self, "_pattern", pattern)
        object.__setattr__(self, "_keys", dict(self.known_keys))

    def to_data(self) -> dict[str, Any]:
        """The fields as plain data (for the cache): sets, dicts, tuples and strings.

        The keys of the words seen so far (the FAQ's, when it has been indexed) go with
        them, so a new process stems only the words it has not met: for a question of
        known words it does not even load the stemmer.
        """
        self.stem_synonyms()
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["known_keys"] = dict(self.__dict__["_keys"])
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Language:
        """The language from :meth:`to_data`'s dict."""
        return cls(**data)

    def stem_synonyms(self) -> Mapping[str, tuple[str, ...]]:
        """One-word synonyms keyed by their stem, mapped to the replacement's stems."""
        cached = self.stemmed_synonyms
        if cached is None:
            cached = {}
            for key, replacement in self.synonyms.items():
                # An exact synonym is replaced as written only (replace_phrases): its
                # stem stands for other words too ("tidigare" → "tid", "jobba" → "jobb").
                if " " in key or key in self.exact_synonyms:
                    continue
                words = [w for w in replacement.split() if w not in self.stopwords]
                cached[stem_word(key)] = tuple(stem_word(w) for w in words)
            object.__setattr__(self, "stemmed_synonyms", cached)
        return cached

    def replace_phrases(self, text: str) -> str:
        """Applies the synonym phrases to lower-case text, with or without å/ä/ö."""
        pattern = self.__dict__.get("_pattern")
        if pattern is None:
            return text
        return pattern.sub(lambda m: f" {self.synonyms[_squash(m.group(0))]} ", text)

    def key(self, word: str) -> str | None:
        """The index key of a lower-case word, or None for a stop word.

        The key is the Snowball stem of the folded lemma: "medlen" → "medel",
        "Återföringen" → "aterfor". Cached per language: the same words recur.
        """
        keys: dict[str, str | None] = self.__dict__["_keys"]
        if word in keys:
            return keys[word]
        result: str | None
        if word in self.fixed_keys:
            return self.fixed_keys[word]
        lemma = self.lemmas.get(word, word)
        if word in self.stopwords or lemma in self.stopwords or _raw_stem(word) in self.stop_stems:
            result = None
        else:
            result = stem_word(fold(lemma))
            if len(result) <= 1:
                result = None
        if len(keys) < 200_000:
            keys[word] = result
        return result

    def word_keys(self, words: Iterable[str]) -> frozenset[str]:
        """The keys of listed words and the words themselves folded (for word lists).

        Snowball cuts "skillnad" to "skilln" but "skillnaden" to "skillnad": both count.
        """
        folded = [fold(w.lower()) for w in words]
        keys = {stem_word(w) for w in folded} | set(folded)
        keys |= {k for w in words if (k := self.key(w.lower())) is not None}
        return frozenset(keys)


def _loose_pattern(folded_phrase: str) -> str:
    """A regex for a folded phrase that also matches it written with å/ä/ö."""
    parts = []
    for ch in folded_phrase:
        if ch == " ":
            parts.append(r"[\W_]+")
        else:
            parts.append(_LETTER_VARIANTS.get(ch, re.escape(ch)))
    return "".join(parts)


def _squash(text: str) -> str:
    return " ".join(fold(text).replace("-", " ").split())


_STEMS: dict[str, str] = {}


def stem_word(word: str) -> str:
    """Snowball Swedish stem of a folded word (cached: the stemmer is pure Python)."""
    stem = _STEMS.get(word)
    if stem is None:
        stem = _derivation(_stemmer().stemWord(word)) if len(word) > 1 else word
        if len(_STEMS) < 500_000:
            _STEMS[word] = stem
    return stem


_RAW_STEMS: dict[str, str] = {}


def _raw_stem(word: str) -> str:
    """Snowball stem of the unfolded word: "är" and "år" stay apart."""
    stem = _RAW_STEMS.get(word)
    if stem is None:
        stem = _stemmer().stemWord(word) if len(word) > 2 else word
        if len(_RAW_STEMS) < 500_000:
            _RAW_STEMS[word] = stem
    return stem


def stop_stems(stopwords: Iterable[str], keep: Iterable[str] = ()) -> frozenset[str]:
    """Stems of stop words (three letters or more) whose every inflection is a stop word.

    Args:
        stopwords: The stop words as written.
        keep: Stop words whose stem also stands for content words ("riktigt" ~
            "riktas"): only the written form is dropped.
    """
    kept = set(keep)
    return frozenset(_raw_stem(w) for w in stopwords if len(w) >= 3 and w not in kept)


def _derivation(stem: str) -> str:
    """Joins forms Snowball keeps apart: the -era verb and its -ering noun (finansiera
    → finansier, finansiering → finansier), and the neuter of adjectives in -sam and
    -bar (lönsamt → lönsam, hållbart → hållb like hållbar)."""
    if stem.endswith("ering") and len(stem) > 7:
        return stem[:-3]
    if stem.endswith("samt") and len(stem) > 6:
        return stem[:-1]
    if stem.endswith("bart") and len(stem) > 6:
        return stem[:-3]
    return stem


def analyze(text: str, language: Language, *, query: bool = False) -> list[str]:
    """Turns text into stems: synonyms applied (queries), stop words dropped, folded, stemmed.

    Args:
        text: Swedish text; Jinja tags in answer templates are ignored.
        language: Stop words and synonyms.
        query: Apply the colloquial replacements (only queries need them). Phrases
            are replaced on the text; one-word synonyms on the stem, so that every
            inflection of the word is replaced ("pengarna" like "pengar").

    Returns:
        The stems, in order, duplicates kept (BM25 counts them).
    """
    if query:
        return [stem for stem, _, _ in analyze_query(text, language)]
    text = _TEMPLATE_TAG.sub(" ", text).lower()
    key = language.key
    return [k for w in _WORD.findall(text) if (k := key(w)) is not None]


def analyze_query(
    text: str, language: Language, known: Container[str] = ()
) -> list[tuple[str, float, bool]]:
    """A question's stems (``analyze(..., query=True)``), each with its weight and
    whether it is written as a name.

    A hyphened word is one word when the index knows it joined ("utfalls-kontrakt"),
    else its parts ("EU-medel").

    A one-word synonym replaced by several words ("ringa" → "kontakt telefonnummer")
    still carries the evidence of one word: each replacement weighs its share, so a
    synonym cannot make a question about something else ("vem ringer jag på IT?") look
    like a strong match. A word written with a capital inside a sentence ("Vi är en
    förening i Sandviken") is a name: a place, a person, an organisation.
    """
    text = _TEMPLATE_TAG.sub(" ", text)
    names = names_in(text)
    text = language.replace_phrases(text.lower())
    key = language.key
    # Question words are kept as frame tokens: "Vem kan ansöka?" and "När kan man
    # ansöka?" ask different things about the same words.
    foreign = language.foreign_words
    by_stem = language.stem_synonyms()
    expanded: list[tuple[str, float, bool]] = []
    for word in _WORD_OR_HYPHENED.findall(text):
        name = word in names
        for stem in _query_keys(word, key, foreign, known):
            replaced = by_stem.get(stem)
            if replaced is None:
                expanded.append((stem, 1.0, name))
            else:
                expanded.extend((r, 1.0 / len(replaced), False) for r in replaced)
    return expanded


_NAME = re.compile(r"[A-ZÅÄÖÉ][a-zåäöé]{2,}")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\n])\W*$")


def names_in(text: str) -> set[str]:
    """The lower-case words written as names: a capital first letter, not at the start
    of a sentence ("Sandviken" in "Vi är en förening i Sandviken")."""
    found = set()
    for match in _NAME.finditer(text):
        start = match.start()
        if start > 0 and text[start - 1].isalnum():
            continue  # inside a word ("ESO-Rapport", "iPad")
        end = match.end()
        if end < len(text) and (text[end].isalpha() and text[end].isupper()):
            continue
        if not _SENTENCE_END.search(text[:start]):
            found.add(match.group().lower())
    return found


# A query token for a word outside the domain (``Language.foreign_words``).
FOREIGN = "!"
# Words, and hyphened compounds kept whole too ("it-support"), for foreign words.
_WORD_OR_HYPHENED = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


def _query_keys(word: str, key: Any, foreign: frozenset[str], known: Container[str]) -> list[str]:
    if foreign and fold(word) in foreign:
        return [FOREIGN + fold(word)]
    if "-" in word and (joined := key(word.replace("-", ""))) is not None and joined in known:
        return [joined]
    keys = []
    for part in word.split("-"):
        if foreign and fold(part) in foreign:
            keys.append(FOREIGN + fold(part))
        elif (k := ASKED.get(part) or key(part)) is not None:
            keys.append(k)
    return keys


# Question words → the frame token a question keeps for them (``analyze``).
ASKED = {
    "vad": "?vad",
    "va": "?vad",
    "vem": "?vem",
    "vems": "?vem",
    "vilka": "?vilk",
    "vilken": "?vilk",
    "vilket": "?vilk",
    "hur": "?hur",
    "när": "?nar",
    "nar": "?nar",
    "varför": "?varfor",
    "varfor": "?varfor",
}


def is_frame(stem: str, language: Language) -> bool:
    """Whether a stem frames a question rather than names its subject."""
    return stem.startswith("?") or stem in language.frame_words


def words_of(text: str) -> list[str]:
    """The lower-case words of a text."""
    return _WORD.findall(text.lower())


def domain_stems(texts: Iterable[str], language: Language) -> list[str]:
    """The sorted stems of source texts (to store as the language data's domain words)."""
    stems: set[str] = set()
    for text in texts:
        stems.update(s for s in analyze(text, language) if not s.isdigit())
    return sorted(stems)
