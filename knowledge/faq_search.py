"""Swedish-aware search over FAQ entries.

The pipeline for a query, and (without the query-only steps) for the indexed text:

1. lower-case and fold diacritics (å→a, ä→a, ö→o) so "aterforing" meets "återföring";
2. replace colloquial phrases and abbreviations from the language data
   (``mkt`` → ``mycket``, ``betala själva`` → ``medfinansiering``) – query only;
3. drop stop words and stem with Snowball Swedish (inflection: "medfinansieringen");
4. map each query stem that the index does not know to stems it does know:
   a compound split against the vocabulary ("samverkanspart" → samverkan + part),
   a prefix match for stems the stemmer cut differently ("finansier" → finansiering),
   or a fuzzy match for typos ("medfinansering", via rapidfuzz's Levenshtein);
5. rank entries with BM25 (bm25s) over the questions (canonical + alternatives) plus
   the answer text with a lower weight.

The score reported and compared with the threshold is the *coverage*: the share of
the query's information (IDF mass) that the entry's own words account for, with a
word the FAQ has never seen counted as maximally informative. A question about
"bygglov" therefore stays below the threshold even though "ansöka" matches well.
BM25 decides the order among entries; coverage decides whether to answer at all.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

# Answer text is longer and less precise than the phrasings; it counts this much.
ANSWER_WEIGHT = 0.35
# Coverage an entry needs before the bot answers with it (tuned on the labelled set).
DEFAULT_THRESHOLD = 0.55
# BM25 parameters: short documents, so length normalisation is kept mild.
BM25_K1 = 1.2
BM25_B = 0.5
# Shortest stems that may be corrected by prefix or fuzzy matching.
MIN_FUZZY_LEN = 5
MIN_PART_LEN = 3

_WORD = re.compile(r"[a-z0-9]+")
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
    """Language data for search: stop words and colloquial replacements (folded)."""

    stopwords: frozenset[str] = frozenset()
    synonyms: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        keys = sorted(self.synonyms, key=len, reverse=True)
        pattern = (
            re.compile(r"\b(?:" + "|".join(re.escape(k) for k in keys) + r")\b") if keys else None
        )
        object.__setattr__(self, "_pattern", pattern)

    def replace_phrases(self, folded: str) -> str:
        """Applies the synonym list to folded, space-normalised text."""
        pattern = self.__dict__.get("_pattern")
        if pattern is None:
            return folded
        return pattern.sub(lambda m: self.synonyms[m.group(0)], folded)


def analyze(text: str, language: Language, *, query: bool = False) -> list[str]:
    """Turns text into stems: folded, synonyms applied (queries), stop words dropped.

    Args:
        text: Swedish text; Jinja tags in answer templates are ignored.
        language: Stop words and synonyms.
        query: Apply the colloquial replacements (only queries need them).

    Returns:
        The stems, in order, duplicates kept (BM25 counts them).
    """
    folded = " ".join(_WORD.findall(fold(_TEMPLATE_TAG.sub(" ", text))))
    if query:
        folded = language.replace_phrases(folded)
    words = [w for w in folded.split() if w not in language.stopwords and len(w) > 1]
    return [s for s in _stemmer().stemWords(words) if len(s) > 1]


@dataclass(frozen=True)
class ScoredEntry:
    """One entry's result for a query: its position, BM25 rank score and coverage."""

    position: int
    rank_score: float
    coverage: float


class SearchIndex:
    """A BM25 index over FAQ documents with Swedish query expansion.

    Args:
        questions: Per entry, the text of its canonical question and alternatives.
        answers: Per entry, its answer text (all variants).
        language: Stop words and synonyms.
    """

    def __init__(
        self,
        questions: Sequence[Sequence[str]],
        answers: Sequence[Sequence[str]],
        language: Language,
    ) -> None:
        self.language = language
        q_docs = [analyze(" \n ".join(texts), language) for texts in questions]
        a_docs = [analyze(" \n ".join(texts), language) for texts in answers]
        self.size = len(q_docs)
        self._q_sets = [frozenset(d) for d in q_docs]
        self._a_sets = [frozenset(d) for d in a_docs]
        document_frequency: dict[str, int] = {}
        for q_set, a_set in zip(self._q_sets, self._a_sets, strict=True):
            for stem in q_set | a_set:
                document_frequency[stem] = document_frequency.get(stem, 0) + 1
        n = max(self.size, 1)
        self._idf = {
            stem: math.log(1 + (n - df + 0.5) / (df + 0.5))
            for stem, df in document_frequency.items()
        }
        self._unknown_idf = math.log(1 + (n + 0.5) / 0.5)
        self._sorted_vocab = sorted(self._idf)
        self._q_bm25 = _bm25(q_docs)
        self._a_bm25 = _bm25(a_docs)
        self._mapped: dict[str, tuple[str, ...]] = {}

    @property
    def vocabulary(self) -> Sequence[str]:
        """Every stem the index knows, sorted."""
        return self._sorted_vocab

    def expand_query(self, question: str) -> list[tuple[str, tuple[str, ...]]]:
        """Analyses a question and maps each stem to known stems.

        Returns:
            Pairs of (query stem, known stems it stands for); an empty tuple means the
            word is unknown to the FAQ.
        """
        return [(stem, self._known(stem)) for stem in analyze(question, self.language, query=True)]

    def score(self, question: str) -> list[ScoredEntry]:
        """Scores every entry for a question, best first (entries with coverage 0 left out)."""
        expanded = self.expand_query(question)
        if not expanded or self.size == 0:
            return []
        total_info = 0.0
        terms: list[str] = []
        for _stem, known in expanded:
            if known:
                total_info += max(self._idf[k] for k in known)
                terms.extend(known)
            else:
                total_info += self._unknown_idf
        if not terms:
            return []
        rank = self._q_bm25.get_scores(terms) + ANSWER_WEIGHT * self._a_bm25.get_scores(terms)
        results = []
        for position in range(self.size):
            covered = 0.0
            q_set, a_set = self._q_sets[position], self._a_sets[position]
            for _stem, known in expanded:
                best = 0.0
                for k in known:
                    if k in q_set:
                        best = max(best, self._idf[k])
                    elif k in a_set:
                        best = max(best, ANSWER_WEIGHT * self._idf[k])
                covered += best
            if covered > 0:
                results.append(ScoredEntry(position, float(rank[position]), covered / total_info))
        results.sort(key=lambda r: (r.rank_score * (0.5 + r.coverage), r.coverage), reverse=True)
        return results

    def _known(self, stem: str) -> tuple[str, ...]:
        cached = self._mapped.get(stem)
        if cached is None:
            cached = self._map_unknown(stem) if stem not in self._idf else (stem,)
            if len(self._mapped) < 10_000:
                self._mapped[stem] = cached
        return cached

    def _map_unknown(self, stem: str) -> tuple[str, ...]:
        parts = self._split_compound(stem)
        if parts:
            return parts
        if len(stem) >= MIN_FUZZY_LEN:
            prefixed = self._prefix_matches(stem)
            if prefixed:
                return prefixed
            fuzzy = self._fuzzy(stem)
            if fuzzy:
                return (fuzzy,)
        return ()

    def _split_compound(self, word: str) -> tuple[str, ...]:
        """Splits a compound into two known stems, allowing a linking -s-."""
        best: tuple[str, ...] = ()
        best_len = 0
        for cut in range(MIN_PART_LEN, len(word) - MIN_PART_LEN + 1):
            left, right = word[:cut], word[cut:]
            left_known = self._as_known(left) or (
                self._as_known(left[:-1]) if left.endswith("s") and cut > MIN_PART_LEN else None
            )
            right_known = self._as_known(right)
            if left_known and right_known and len(right) > best_len:
                best, best_len = (left_known, right_known), len(right)
        return best

    def _as_known(self, part: str) -> str | None:
        if part in self._idf:
            return part
        stemmed = _stemmer().stemWord(part)
        return stemmed if stemmed in self._idf else None

    def _prefix_matches(self, stem: str) -> tuple[str, ...]:
        """Known stems that extend this one by a few letters (finansier → finansiering)."""
        start = bisect.bisect_left(self._sorted_vocab, stem)
        found = []
        for word in self._sorted_vocab[start : start + 8]:
            if not word.startswith(stem):
                break
            if len(word) - len(stem) <= 4:
                found.append(word)
        return tuple(found)

    def _fuzzy(self, stem: str) -> str | None:
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        max_distance = 1 if len(stem) < 8 else 2
        match = process.extractOne(
            stem, self._sorted_vocab, scorer=Levenshtein.distance, score_cutoff=max_distance
        )
        return match[0] if match else None


def _bm25(docs: Iterable[list[str]]) -> Any:
    # bm25s (and numpy) are imported only when an index is built: the chat's first
    # question must not wait for them.
    import bm25s

    retriever = bm25s.BM25(k1=BM25_K1, b=BM25_B)
    corpus = [doc or [""] for doc in docs]
    retriever.index(corpus, show_progress=False)
    return _Bm25Scorer(retriever)


class _Bm25Scorer:
    """bm25s ignores unknown strings in a query; this keeps that explicit."""

    def __init__(self, retriever: Any) -> None:
        self._retriever = retriever
        self._vocab = retriever.vocab_dict

    def get_scores(self, terms: list[str]) -> Any:
        known = [t for t in terms if t in self._vocab]
        if not known:
            import numpy as np

            return np.zeros(self._retriever.scores["num_docs"], dtype="float32")
        return self._retriever.get_scores(known)
