"""Swedish-aware search over FAQ entries (text analysis in ``faq_text``).

For a question:

1. analyse it (``faq_text.analyze``: synonyms, stop words, folding, stemming);
2. map each stem the index does not know to stems it does know, in order of how
   likely the explanation is: a one-letter typo ("medfinansering"), the same word cut
   differently by the stemmer ("finansier" ~ "finansiering"), a compound of known words
   ("samverkanspart" → samverkan + part), a two-letter typo in a long word (rapidfuzz
   Levenshtein), a derivation of the same root ("definition" ~ "definieras");
3. rank entries with BM25 (bm25s): each phrasing (canonical question or alternative)
   is a document and an entry scores with its best one, plus its answer text with a
   lower weight;
4. compute the confidence compared with the threshold: *coverage* (the share of the
   question's information, IDF mass, that the entry's words account for; a word the
   FAQ has never seen counts as highly informative, less so if the source documents
   use it) combined with *precision* (the share of the best phrasing's information
   the question contains). A question about "bygglov" stays below the threshold even
   though "ansöka" matches well. Frame words ("skillnad", "mycket") count for less, and
   an entry that shares only generic domain words ("söka", "region", "kommun") with the
   question is penalised ("Hur söker jag jobb hos regionen?" answers nothing).

Confidence decides whether to answer at all; BM25 breaks near-ties in the order.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from knowledge.faq.text import Language, analyze, stem_word

# Answer text is longer and less precise than the phrasings; it counts this much.
ANSWER_WEIGHT = 0.35
# A query word the FAQ has never seen weighs this share of the rarest word's IDF: it is
# evidence that the question is about something else, but weaker than a rare FAQ word
# ("funkar" is unknown yet harmless; "bygglov" is unknown and decisive together with
# everything else unknown).
UNKNOWN_WEIGHT = 1.2
# ... and a word the FAQ lacks but the source documents use weighs this share.
DOMAIN_WEIGHT = 0.5
# How much the BM25 rank (relative to the best entry) adds to coverage when ordering hits.
RANK_SHARE = 0.1
# confidence = coverage ** COVERAGE_EXPONENT * precision ** (1 - COVERAGE_EXPONENT)
COVERAGE_EXPONENT = 0.8
# A frame word ("skillnad", "mycket") counts this share of its IDF in coverage: it says
# how something is asked, not what about.
FRAME_WEIGHT = 0.3
# Confidence factor for an entry that shares only generic domain words ("pengar",
# "söka", "kommun") with a question that has other words too ("Hur söker jag jobb hos
# regionen?"), or – for a question of generic words only ("Vad är en kommun?") – whose
# best phrasing is mostly about something else (precision below MIN_VAGUE_PRECISION).
GENERIC_PENALTY = 0.5
MIN_VAGUE_PRECISION = 0.5
# Share of the information of the question's content words (not generic, not frame)
# an entry must account for to escape the penalty.
MIN_CONTENT_SHARE = 0.3
# Coverage an entry needs before the bot answers with it (tuned on the labelled set).
DEFAULT_THRESHOLD = 0.45
# BM25 parameters: short documents, so length normalisation is kept mild.
BM25_K1 = 1.2
BM25_B = 0.5
# Shortest stems that may be corrected by prefix matching, one-letter and two-letter
# typo correction; shortest part of a compound; most letters a stem may differ by in a
# prefix match. Shorter words are too ambiguous to correct ("lon" is not "lan").
MIN_FUZZY_LEN = 5
FUZZY_ONE_LEN = 6
FUZZY_TWO_LEN = 9
MIN_PART_LEN = 4
# Unknown words longer than this are not mapped (typo, compound, root): no word of the
# domain is near it, and compound splitting costs quadratic time in the word's length.
MAX_MAPPED_LEN = 40
MAX_AFFIX = 3
# Shortest shared prefix for treating two words as derivations of one root.
ROOT_LEN = 6
MAX_ROOT_SUFFIX = 4


@dataclass(frozen=True)
class ScoredEntry:
    """One entry's result for a query.

    Attributes:
        position: The entry's index.
        rank_score: BM25 over the best phrasing plus the weighted answer.
        coverage: Share of the question's information the entry accounts for.
        precision: Share of the best-matching phrasing's information the question has.
        confidence: The combination compared with the threshold (0–1).
    """

    position: int
    rank_score: float
    coverage: float
    precision: float
    confidence: float


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
        self.size = len(questions)
        self.language.stem_synonyms()  # build once, outside the first query
        # Each phrasing (canonical question or alternative) is its own BM25 document, so
        # a short question is matched against the closest phrasing, not against a long
        # concatenation; an entry scores with its best phrasing.
        # Phrasings are questions like the person's, so they get the same synonym
        # replacements ("följa upp" → "uppföljning" on both sides); answers do not
        # ("Nej." opening an answer is not a question about "avslag").
        phrasings = [
            (pos, analyze(text, language, query=True))
            for pos, texts in enumerate(questions)
            for text in texts
        ]
        a_docs = [analyze(" \n ".join(texts), language) for texts in answers]
        vocabulary = {w for _, doc in phrasings for w in doc} | {w for d in a_docs for w in d}
        self._idf: dict[str, float] = dict.fromkeys(vocabulary, 0.0)
        # Index-side decompounding: "investeringsmedel" also counts as "medel", so a
        # question about "medel" finds entries that only use the compound.
        parts = {word: self._split_compound(word) for word in vocabulary}
        import numpy as np

        self._parts = {word: split for word, split in parts.items() if split}
        # Precision data: per phrasing its distinct stems (before decompounding).
        unique = [tuple(dict.fromkeys(doc)) for _, doc in phrasings]
        phrasings = [(pos, _with_parts(doc, parts)) for pos, doc in phrasings]
        a_docs = [_with_parts(doc, parts) for doc in a_docs]
        owner = [pos for pos, _ in phrasings]
        q_sets: list[set[str]] = [set() for _ in range(self.size)]
        for pos, doc in phrasings:
            q_sets[pos].update(doc)
        a_sets = [set(d) for d in a_docs]
        document_frequency: dict[str, int] = {}
        for q_set, a_set in zip(q_sets, a_sets, strict=True):
            for stem in q_set | a_set:
                document_frequency[stem] = document_frequency.get(stem, 0) + 1
        n = max(self.size, 1)
        self._idf = {
            stem: math.log(1 + (n - df + 0.5) / (df + 0.5))
            for stem, df in document_frequency.items()
        }
        self._unknown_idf = math.log(1 + (n + 0.5) / 0.5)
        self.answer_weight = ANSWER_WEIGHT
        self.unknown_weight = UNKNOWN_WEIGHT
        self.domain_weight = DOMAIN_WEIGHT
        self.frame_weight = FRAME_WEIGHT
        self.coverage_exponent = COVERAGE_EXPONENT
        self.min_content_share = MIN_CONTENT_SHARE
        self.generic_penalty = GENERIC_PENALTY
        self.min_vague_precision = MIN_VAGUE_PRECISION
        self._sorted_vocab = sorted(self._idf)
        # Postings (stem → array of entry or phrasing positions) make scoring a few
        # numpy operations per query word instead of a loop over every entry.
        self._q_post = _postings((pos, q) for pos, q in enumerate(q_sets))
        self._a_post = _postings((pos, a) for pos, a in enumerate(a_sets))
        self._ph_post = _postings(enumerate(unique))
        part_rows: dict[str, tuple[list[int], list[float]]] = {}
        for ph, words in enumerate(unique):
            for word in words:
                for part in self._parts.get(word, ()):
                    rows = part_rows.setdefault(part, ([], []))
                    rows[0].append(ph)
                    rows[1].append(self._idf[word] / 2)
        self._part_post = {
            part: (np.array(ph, dtype=np.int64), np.array(w)) for part, (ph, w) in part_rows.items()
        }
        self._ph_owner = np.array(owner, dtype=np.int64)
        self._ph_total = np.array(
            [sum(self._idf[w] for w in words) or 1.0 for words in unique], dtype=np.float64
        )
        self._q_bm25 = _bm25([doc for _, doc in phrasings])
        self._a_bm25 = _bm25(a_docs)
        self._mapped: dict[str, tuple[tuple[str, ...], ...]] = {}

    @property
    def vocabulary(self) -> Sequence[str]:
        """Every stem the index knows, sorted."""
        return self._sorted_vocab

    def expand_query(self, question: str) -> list[tuple[str, tuple[str, ...]]]:
        """Analyses a question and maps each stem to known stems.

        Returns:
            Pairs of (query stem, known stems it stands for – alternatives of one word);
            an empty tuple means the word is unknown to the FAQ. A compound split into
            known words gives one pair per part: each part is a word of the question.
        """
        return [
            (stem, group)
            for stem in analyze(question, self.language, query=True)
            for group in self._known(stem)
        ]

    def score(self, question: str, *, limit: int = 50) -> list[ScoredEntry]:
        """Scores the entries for a question, best first.

        Args:
            question: The question as typed.
            limit: At most this many results (the best ones).

        Returns:
            Entries that share at least one word of the question in their phrasings.
        """
        import numpy as np

        expanded = self.expand_query(question)
        if not expanded or self.size == 0:
            return []
        total_info = 0.0
        terms: list[str] = []
        weights = [self._word_weight(stem, known) for stem, known in expanded]
        content = [self._is_content(stem, known) for stem, known in expanded]
        for (stem, known), weight in zip(expanded, weights, strict=True):
            if known:
                total_info += weight * max(self._idf[k] for k in known)
                terms.extend(known)
            elif stem in self.language.domain_words:
                total_info += self.domain_weight * self._unknown_idf
            else:
                total_info += self.unknown_weight * self._unknown_idf
        if not terms:
            return []
        rank = np.zeros(self.size, dtype=np.float64)
        np.maximum.at(rank, self._ph_owner, self._q_bm25.get_scores(terms))
        rank += self.answer_weight * self._a_bm25.get_scores(terms)
        # Coverage: per query word the best weight of its known forms in each entry –
        # full IDF in a phrasing, a share of it in the answer only.
        covered = np.zeros(self.size)
        in_question = np.zeros(self.size, dtype=bool)
        # How much of the question's content words' information the entry accounts for.
        on_topic = np.zeros(self.size)
        content_total = 0.0
        for (_stem, known), weight, is_content in zip(expanded, weights, content, strict=True):
            if not known:
                if is_content:
                    content_total += self.unknown_weight * self._unknown_idf
                continue
            if is_content:
                content_total += max(self._idf[k] for k in known)
            word = np.zeros(self.size)
            for k in known:
                idf = weight * self._idf[k]
                in_answer = self._a_post.get(k)
                if in_answer is not None:
                    word[in_answer] = np.maximum(word[in_answer], self.answer_weight * idf)
                in_phrasing = self._q_post.get(k)
                if in_phrasing is not None:
                    word[in_phrasing] = np.maximum(word[in_phrasing], idf)
                    in_question[in_phrasing] = True
            covered += word
            if is_content:
                on_topic += word
        # Precision: the share of a phrasing's information the question contains;
        # a compound in the phrasing counts half when the question has one of its parts.
        matched = np.zeros(len(self._ph_total))
        for term in set(terms):
            exact = self._ph_post.get(term)
            if exact is not None:
                matched[exact] += self._idf[term]
            part = self._part_post.get(term)
            if part is not None:
                np.add.at(matched, part[0], part[1])
        precision = np.zeros(self.size)
        np.maximum.at(precision, self._ph_owner, np.minimum(matched / self._ph_total, 1.0))
        # An entry none of whose phrasings shares a word with the question is not
        # what was asked, however well its answer text happens to match.
        candidates = np.nonzero(in_question)[0]
        if candidates.size == 0:
            return []
        coverage = np.minimum(covered[candidates] / total_info, 1.0)
        exactness = precision[candidates]
        exponent = self.coverage_exponent
        confidence = coverage**exponent * exactness ** (1 - exponent)
        # Generic words alone do not make an entry the answer: with content words in the
        # question the entry must match one of them in a phrasing; without any, a
        # phrasing must be mostly the question itself.
        if content_total > 0:
            off_topic = on_topic[candidates] < self.min_content_share * content_total
        else:
            off_topic = exactness < self.min_vague_precision
        confidence = np.where(off_topic, confidence * self.generic_penalty, confidence)
        # Confidence first (does the entry explain the whole question, and the question
        # the entry?), BM25 to break near-ties (which entry is *about* these words?).
        ranks = rank[candidates]
        top_rank = ranks.max() or 1.0
        order = np.argsort(-(confidence + RANK_SHARE * ranks / top_rank), kind="stable")[:limit]
        return [
            ScoredEntry(
                int(candidates[i]),
                float(ranks[i]),
                float(coverage[i]),
                float(exactness[i]),
                float(confidence[i]),
            )
            for i in order
        ]

    def _word_weight(self, stem: str, known: tuple[str, ...]) -> float:
        """The share of its IDF a query word counts with (frame words count less)."""
        frame = self.language.frame_words
        return self.frame_weight if stem in frame or (known and known[0] in frame) else 1.0

    def _is_content(self, stem: str, known: tuple[str, ...]) -> bool:
        """Whether a query word names what the question is about (neither a frame word
        nor a word used all over the domain)."""
        weak = self.language.generic_words | self.language.frame_words
        return stem not in weak and not any(k in weak for k in known)

    def _known(self, stem: str) -> tuple[tuple[str, ...], ...]:
        cached = self._mapped.get(stem)
        if cached is None:
            cached = ((stem,),) if stem in self._idf else self._map_unknown(stem)
            if len(self._mapped) < 10_000:
                self._mapped[stem] = cached
        return cached

    def _map_unknown(self, stem: str) -> tuple[tuple[str, ...], ...]:
        """Known stems for an unknown one: a one-letter typo, a different cut of the same
        word, a compound of known words, or a two-letter typo in a long word – in the order
        of how likely each explanation is."""
        if len(stem) > MAX_MAPPED_LEN:
            return ((),)
        if len(stem) >= FUZZY_ONE_LEN:
            close = self._fuzzy(stem, 1)
            if close:
                return ((close,),)
        if len(stem) >= MIN_FUZZY_LEN:
            prefixed = self._prefix_matches(stem)
            if prefixed:
                return (prefixed,)
        parts = self._split_compound(stem)
        if parts:
            return tuple((part,) for part in parts)
        if len(stem) >= FUZZY_TWO_LEN:
            close = self._fuzzy(stem, 2)
            if close:
                return ((close,),)
        if len(stem) >= ROOT_LEN:
            related = self._same_root(stem)
            if related:
                return (related,)
        return ((),)

    def _same_root(self, stem: str) -> tuple[str, ...]:
        """Known stems derived from the same root (definition ~ definier-): a shared
        prefix of at least ``ROOT_LEN`` letters, after which neither word goes on for
        more than ``MAX_ROOT_SUFFIX`` letters (so "socialsekreter" is not "social")."""
        root = stem[:ROOT_LEN]
        start = bisect.bisect_left(self._sorted_vocab, root)
        found = []
        for word in self._sorted_vocab[start : start + 16]:
            if not word.startswith(root):
                break
            shared = _shared_prefix(stem, word)
            rest = max(len(stem), len(word)) - shared
            if shared >= 0.75 * min(len(stem), len(word)) and rest <= MAX_ROOT_SUFFIX:
                found.append(word)
        return tuple(found)

    def _split_compound(self, word: str) -> tuple[str, ...]:
        """Splits a compound into two known stems, allowing a linking -s-; a leading
        prefix of the language data ("med" in "medfinansiering") gives just the rest."""
        best: tuple[str, ...] = ()
        best_len = 0
        for prefix in self.language.compound_prefixes:
            rest = word[len(prefix) :]
            if word.startswith(prefix) and len(rest) >= MIN_FUZZY_LEN:
                known = self._as_known(rest)
                if known:
                    best, best_len = (known,), len(rest)
        for cut in range(MIN_PART_LEN, len(word) - MIN_PART_LEN + 1):
            left, right = word[:cut], word[cut:]
            left_known = self._as_known(left)
            if left_known is None and left.endswith("s") and cut > MIN_PART_LEN:
                left_known = self._as_known(left[:-1])
            if left_known is None:
                continue
            right_known = self._as_known(right)
            if right_known and len(right) > best_len:
                best, best_len = (left_known, right_known), len(right)
        return best

    def _as_known(self, part: str) -> str | None:
        if part in self._idf:
            return part
        stemmed = stem_word(part)
        return stemmed if len(stemmed) >= MIN_PART_LEN and stemmed in self._idf else None

    def _prefix_matches(self, stem: str) -> tuple[str, ...]:
        """Known stems that are the same word cut differently by the stemmer: a known stem
        that extends this one by a few letters (finansier → finansiering), or that this
        one extends (prioritering → prioriter)."""
        found = []
        start = bisect.bisect_left(self._sorted_vocab, stem)
        for word in self._sorted_vocab[start : start + 8]:
            if not word.startswith(stem):
                break
            if len(word) - len(stem) <= MAX_AFFIX:
                found.append(word)
        if not found:
            for cut in range(len(stem) - 1, max(MIN_FUZZY_LEN, len(stem) - MAX_AFFIX) - 1, -1):
                if stem[:cut] in self._idf:
                    found.append(stem[:cut])
                    break
        return tuple(found)

    def _fuzzy(self, stem: str, max_distance: int) -> str | None:
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        match = process.extractOne(
            stem, self._sorted_vocab, scorer=Levenshtein.distance, score_cutoff=max_distance
        )
        return match[0] if match else None


def _postings(rows: Iterable[tuple[int, Iterable[str]]]) -> dict[str, Any]:
    import numpy as np

    lists: dict[str, list[int]] = {}
    for position, words in rows:
        for word in set(words):
            lists.setdefault(word, []).append(position)
    return {word: np.array(ids, dtype=np.int64) for word, ids in lists.items()}


def _shared_prefix(a: str, b: str) -> int:
    for index, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return index
    return min(len(a), len(b))


def _with_parts(doc: list[str], parts: dict[str, tuple[str, ...]]) -> list[str]:
    extra = [part for word in doc for part in parts.get(word, ())]
    return doc + extra if extra else doc


def _bm25(docs: Iterable[list[str]]) -> Any:
    # bm25s (and numpy) are imported only when an index is built: the chat's first
    # question must not wait for them.
    import bm25s

    corpus = [doc or [""] for doc in docs]
    if not corpus:
        return None  # an FAQ without entries: score() answers nothing before using it
    retriever = bm25s.BM25(k1=BM25_K1, b=BM25_B)
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
