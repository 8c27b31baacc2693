"""Swedish text analysis for the FAQ search: folding, stop words, synonyms, stemming.

1. lower-case; replace colloquial phrases and abbreviations from the language data
   (``mkt`` → ``mycket``, ``betala själva`` → ``medfinansiering``), written with or
   without å/ä/ö;
2. drop stop words (as written, so "är" goes but "år" stays);
3. fold diacritics (å→a, ä→a, ö→o) so "aterforing" meets "återföring";
4. stem with Snowball Swedish (inflection: "medfinansieringen"), join -era/-ering;
5. replace one-word synonyms on the stem, so every inflection is covered.

Steps 1 and 5 apply to questions (the person's and the FAQ's phrasings), not to
answer text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

_WORD = re.compile(r"[^\W_]+")
# How a folded letter may be written, for matching synonym phrases on unfolded text.
_LETTER_VARIANTS = {"a": "[aåä]", "o": "[oö]", "e": "[eé]"}
_TEMPLATE_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)


def fold(text: str) -> str:
    """Lower-cases and removes diacritics: ``"Återföring"`` → ``"aterforing"``."""
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
    """

    stopwords: frozenset[str] = frozenset()
    synonyms: dict[str, str] = field(default_factory=dict)
    domain_words: frozenset[str] = frozenset()
    compound_prefixes: tuple[str, ...] = ()
    generic_words: frozenset[str] = frozenset()
    frame_words: frozenset[str] = frozenset()
    exact_synonyms: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        keys = sorted(self.synonyms, key=len, reverse=True)
        if keys:
            alternatives = "|".join(_loose_pattern(k) for k in keys)
            pattern = re.compile(r"(?<![^\W_])(?:" + alternatives + r")(?![^\W_])")
        else:
            pattern = None
        object.__setattr__(self, "_pattern", pattern)

    def stem_synonyms(self) -> dict[str, tuple[str, ...]]:
        """One-word synonyms keyed by their stem, mapped to the replacement's stems."""
        cached = self.__dict__.get("_by_stem")
        if cached is None:
            cached = {}
            for key, replacement in self.synonyms.items():
                # An exact synonym is replaced as written only (replace_phrases): its
                # stem stands for other words too ("tidigare" → "tid", "jobba" → "jobb").
                if " " in key or key in self.exact_synonyms:
                    continue
                words = [w for w in replacement.split() if w not in self.stopwords]
                cached[stem_word(key)] = tuple(stem_word(w) for w in words)
            object.__setattr__(self, "_by_stem", cached)
        return cached

    def replace_phrases(self, text: str) -> str:
        """Applies the synonym phrases to lower-case text, with or without å/ä/ö."""
        pattern = self.__dict__.get("_pattern")
        if pattern is None:
            return text
        return pattern.sub(lambda m: f" {self.synonyms[_squash(m.group(0))]} ", text)


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


_WORD_STEMS: dict[str, str] = {}


def _word_stem(word: str) -> str:
    # Folding and stemming a lower-case word, cached: the same words recur constantly.
    stem = _WORD_STEMS.get(word)
    if stem is None:
        stem = stem_word(fold(word))
        if len(_WORD_STEMS) < 500_000:
            _WORD_STEMS[word] = stem
    return stem


def _derivation(stem: str) -> str:
    """Joins the -era verb and its -ering noun, which Snowball keeps apart:
    finansiera → finansier, finansiering → finansier."""
    return stem[:-3] if stem.endswith("ering") and len(stem) > 7 else stem


def analyze(text: str, language: Language, *, query: bool = False) -> list[str]:
    """Turns text into stems: synonyms applied (queries), stop words dropped, folded, stemmed.

    Stop words are removed before folding, so that "är" (is) goes but "år" (year)
    stays; the stop-word list also holds the common ways of typing them without
    å/ä/ö ("nar", "pa").

    Args:
        text: Swedish text; Jinja tags in answer templates are ignored.
        language: Stop words and synonyms.
        query: Apply the colloquial replacements (only queries need them). Phrases
            are replaced on the text; one-word synonyms on the stem, so that every
            inflection of the word is replaced ("pengarna" like "pengar").

    Returns:
        The stems, in order, duplicates kept (BM25 counts them).
    """
    text = _TEMPLATE_TAG.sub(" ", text).lower()
    if query:
        text = language.replace_phrases(text)
    stems = [
        s
        for w in _WORD.findall(text)
        if w not in language.stopwords and len(s := _word_stem(w)) > 1
    ]
    if not query:
        return stems
    by_stem = language.stem_synonyms()
    expanded: list[str] = []
    for stem in stems:
        expanded.extend(by_stem.get(stem, (stem,)))
    return expanded


def domain_stems(texts: Iterable[str], language: Language) -> list[str]:
    """The sorted stems of source texts (to store as the language data's domain words)."""
    stems: set[str] = set()
    for text in texts:
        stems.update(s for s in analyze(text, language) if not s.isdigit())
    return sorted(stems)
