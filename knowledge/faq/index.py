"""The FAQ search index as plain data: built once from the entries, cached on disk.

Everything here is dicts, lists, tuples, strings and numbers, so the whole index can be
written with :mod:`marshal` and read back in a few milliseconds by a new process
(``knowledge.faq.cache``), and scoring needs no numpy.

Per entry the index holds its phrasings (canonical question, alternatives and the
phrasings that ask the opposite question), each a document of stems, and its answer
text (all variants). BM25 weights (the Lucene variant, as in bm25s) are precomputed per
stem, so a query adds up a few postings.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from knowledge.faq.questions import QUESTION_WORDS, asks, embedded_yes_no, starts_with_verb
from knowledge.faq.text import Language, analyze, fold, is_frame, stem_word, words_of

# BM25 parameters: short documents, so length normalisation is kept mild.
BM25_K1 = 1.2
BM25_B = 0.5
# Shortest part of a compound (the modifier), shortest head: three letters are enough
# for a head the index knows ("personal+tid", "skol+mål").
MIN_PART_LEN = 4
MIN_HEAD_LEN = 3
MIN_FUZZY_LEN = 5
# A frame word (a question word, "skillnad", "mycket") counts this share of its IDF.
FRAME_WEIGHT = 0.3
# A compound with a known head and an unknown modifier ("idrotts+förening") is split
# when the head has at least this many letters.
MIN_LONE_HEAD_LEN = 5
# Longer "words" are no compounds (a pasted link, a run of letters) and are not split:
# every cut stems both halves, so splitting costs the square of the length (a 20 000
# letter word in a staff answer held ``idebot faq import`` for 20 s, 200 000 for hours).
MAX_COMPOUND_LEN = 64


@dataclass
class IndexData:
    """The built index (see the module text); every field is plain data.

    Attributes:
        size: Number of entries.
        idf: Stem → inverse document frequency over entries (phrasings + answer).
        unknown_idf: The IDF a stem no entry has would get.
        parts: Compound stem of the index → its known parts.
        q_post: Stem → entries with it in a phrasing.
        qpart_post: Stem → entries with it only as a part of a phrasing's compound
            ("chef" in "verksamhetschef"): it covers half of the word.
        a_post: Stem → entries with it in the answer text.
        entry_phrasings: Entry → its phrasings.
        ph_mass: Phrasing → its distinct stems with their IDF mass (frame words at
            ``FRAME_WEIGHT``), for precision.
        ph_parts: Phrasing → parts of its compounds with half the compound's mass.
        ph_owner: Phrasing → its entry.
        ph_total: Phrasing → the IDF mass of its distinct stems (frame words at
            ``FRAME_WEIGHT``).
        ph_opposite: Phrasing → whether it asks the entry's opposite question.
        ph_example: Phrasing → whether it is a labelled example (``examples``), which
            ranks but never decides a Ja/Nej.
        ph_yes_no: Phrasing → whether it is a yes/no question.
        ph_cue: Phrasing → whether it has a negation cue ("ensam", "utan", "inte").
        a_rank: Entry → stem → BM25 weight of its answer text.
        aliases: Snowball key of a form in the FAQ → the index key its lemma gave
            ("kriteri" from "kriterier" → "kriterium"), so that typo correction and
            compound splitting also find the forms as Snowball cuts them.
        outside: The position of the out-of-scope class (phrasings of questions the
            FAQ must not answer, after the entries), or -1 when there is none.
        own: The stems of the entries' own phrasings and answers (the rest only
            examples have).
        ph_post: Stem → entry → (phrasing, the stem's information in it, its BM25
            weight) for the phrasings with the stem, whole or as a compound's part: a
            segment adds up its candidate entries' matches in one pass, with no lookup
            per phrasing (a common word has a thousand phrasings with the examples).
    """

    size: int
    idf: dict[str, float]
    unknown_idf: float
    parts: dict[str, tuple[str, ...]]
    q_post: dict[str, tuple[int, ...]]
    qpart_post: dict[str, tuple[int, ...]]
    a_post: dict[str, tuple[int, ...]]
    entry_phrasings: tuple[tuple[int, ...], ...]
    ph_mass: tuple[dict[str, float], ...]
    ph_parts: tuple[dict[str, float], ...]
    ph_owner: tuple[int, ...]
    ph_total: tuple[float, ...]
    ph_opposite: tuple[bool, ...]
    ph_example: tuple[bool, ...]
    ph_yes_no: tuple[bool, ...]
    ph_cue: tuple[bool, ...]
    a_rank: tuple[dict[str, float], ...]
    aliases: dict[str, str]
    outside: int
    own: frozenset[str]
    ph_post: dict[str, dict[int, tuple[tuple[int, float, float], ...]]]

    def to_data(self) -> dict[str, Any]:
        """The fields as one dict (for the cache)."""
        return asdict(self)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> IndexData:
        """The index from :meth:`to_data`'s dict."""
        return cls(**data)


def is_yes_no(words: list[str]) -> bool:
    """Whether the words (of the asking clause) make a yes/no question."""
    if words[:1] and words[0] in QUESTION_WORDS:
        return False
    return starts_with_verb(words) or embedded_yes_no(words)


def has_cue(words: Iterable[str], language: Language) -> bool:
    """Whether a question has a word that turns it around ("ensam", "utan", "inte")."""
    return any(w in language.negation_cues for w in words)


def build_index(
    questions: Sequence[Sequence[str]],
    opposites: Sequence[Sequence[str]],
    answers: Sequence[Sequence[str]],
    language: Language,
    *,
    examples: Sequence[Sequence[str]] | None = None,
    outside: Sequence[str] = (),
) -> IndexData:
    """Builds the index.

    Args:
        questions: Per entry, its canonical question and alternatives.
        opposites: Per entry, the phrasings that ask its opposite question.
        answers: Per entry, its answer texts (all variants).
        language: The language data.
        examples: Per entry, labelled questions people asked (``examples``).
        outside: Labelled questions the FAQ must not answer: phrasings of one more
            position after the entries (``IndexData.outside``).
    """
    size = len(questions)
    examples = examples if examples is not None else [() for _ in questions]
    slots = size + (1 if outside else 0)
    # Per phrasing: (position, text, asks the opposite, is an example).
    texts = [
        (pos, text, opposite, False)
        for pos in range(size)
        for opposite, group in ((False, questions[pos]), (True, opposites[pos]))
        for text in group
    ]
    texts += [(pos, text, False, True) for pos in range(size) for text in examples[pos]]
    texts += [(size, text, False, True) for text in outside]
    # Phrasings are questions like the person's, so they get the same synonym
    # replacements ("följa upp" → "uppföljning" on both sides); answers do not.
    phrasings = [analyze(text, language, query=True) for _, text, _, _ in texts]
    a_docs = [analyze(" \n ".join(group), language) for group in answers]
    a_docs += [[] for _ in range(slots - size)]
    vocabulary = {w for doc in phrasings for w in doc} | {w for doc in a_docs for w in doc}
    parts = {w: p for w in vocabulary if (p := split_compound(w, vocabulary, language))}
    unique = [tuple(dict.fromkeys(doc)) for doc in phrasings]
    phrasings = [_with_parts(doc, parts) for doc in phrasings]
    a_docs = [_with_parts(doc, parts) for doc in a_docs]
    owner = tuple(pos for pos, _, _, _ in texts)
    q_sets: list[set[str]] = [set() for _ in range(slots)]
    part_sets: list[set[str]] = [set() for _ in range(slots)]
    for pos, doc, words in zip(owner, phrasings, unique, strict=True):
        q_sets[pos].update(words)
        part_sets[pos].update(doc)
    part_sets = [parts_only - exact for parts_only, exact in zip(part_sets, q_sets, strict=True)]
    a_sets = [set(doc) for doc in a_docs]
    # Document frequency over the entries' own words (phrasings, answers): examples
    # bring every entry the context words of many askers ("förening", "kommun") and
    # would make them look common; a stem only examples have counts where they have it.
    own_sets: list[set[str]] = [set() for _ in range(slots)]
    for pos, doc, (_, _, _, example) in zip(owner, phrasings, texts, strict=True):
        if not example:
            own_sets[pos].update(doc)
    document_frequency: dict[str, int] = {}
    for own, a_set in zip(own_sets, a_sets, strict=True):
        for stem in own | a_set:
            document_frequency[stem] = document_frequency.get(stem, 0) + 1
    own_words = frozenset(document_frequency)
    extra: dict[str, int] = {}
    for q_set, p_set in zip(q_sets, part_sets, strict=True):
        for stem in q_set | p_set:
            if stem not in document_frequency:
                extra[stem] = extra.get(stem, 0) + 1
    document_frequency.update(extra)
    n = max(slots, 1)
    idf = {
        stem: math.log(1 + (n - df + 0.5) / (df + 0.5)) for stem, df in document_frequency.items()
    }
    mass = {w: idf[w] * (FRAME_WEIGHT if is_frame(w, language) else 1.0) for w in idf}
    ph_parts: list[dict[str, float]] = [{} for _ in unique]
    for ph, words in enumerate(unique):
        for word in words:
            for part in parts.get(word, ()):
                ph_parts[ph][part] = ph_parts[ph].get(part, 0.0) + mass[word] / 2
    entry_phrasings: list[list[int]] = [[] for _ in range(slots)]
    for ph, pos in enumerate(owner):
        entry_phrasings[pos].append(ph)
    asked = [words_of(text) for _, text, _, _ in texts]
    aliases: dict[str, str] = {}
    for text in [t for _, t, _, _ in texts] + [t for group in answers for t in group]:
        for word in words_of(text):
            key = language.key(word)
            raw = stem_word(fold(word))
            if key and raw != key and raw not in idf and key in idf:
                aliases[raw] = key
    ph_mass = tuple({w: mass[w] for w in words} for words in unique)
    ph_rank = _bm25(phrasings)
    return IndexData(
        size=size,
        idf=idf,
        unknown_idf=math.log(1 + (n + 0.5) / 0.5),
        parts=parts,
        q_post=_postings(enumerate(q_sets)),
        qpart_post=_postings(enumerate(part_sets)),
        a_post=_postings(enumerate(a_sets)),
        entry_phrasings=tuple(tuple(p) for p in entry_phrasings),
        ph_mass=ph_mass,
        ph_parts=tuple(ph_parts),
        ph_owner=owner,
        ph_total=tuple(sum(mass[w] for w in words) or 1.0 for words in unique),
        ph_opposite=tuple(opposite for _, _, opposite, _ in texts),
        ph_example=tuple(example for _, _, _, example in texts),
        ph_yes_no=tuple(is_yes_no(words) and asks(words) for words in asked),
        ph_cue=tuple(has_cue(words, language) for words in asked),
        a_rank=_bm25(a_docs),
        aliases=aliases,
        outside=size if outside else -1,
        own=own_words,
        ph_post=_phrasing_postings(ph_rank, ph_mass, tuple(ph_parts), owner),
    )


def _phrasing_postings(
    ph_rank: Sequence[dict[str, float]],
    ph_mass: Sequence[dict[str, float]],
    ph_parts: Sequence[dict[str, float]],
    owner: Sequence[int],
) -> dict[str, dict[int, tuple[tuple[int, float, float], ...]]]:
    """``IndexData.ph_post`` (built once and cached, not at each process's start)."""
    postings: dict[str, dict[int, list[tuple[int, float, float]]]] = {}
    for ph, weights in enumerate(ph_rank):
        mass, parts, entry = ph_mass[ph], ph_parts[ph], owner[ph]
        for stem, weight in weights.items():
            info = mass.get(stem, 0.0) + parts.get(stem, 0.0)
            postings.setdefault(stem, {}).setdefault(entry, []).append((ph, info, weight))
    return {
        stem: {entry: tuple(rows) for entry, rows in by_entry.items()}
        for stem, by_entry in postings.items()
    }


def split_compound(word: str, known: Any, language: Language) -> tuple[str, ...]:
    """Splits a compound into known stems: modifier + head, allowing a linking -s-.

    A leading prefix of the language data ("med" in "medfinansiering") gives just the
    rest. The head may be three letters when it is known as it stands ("personal+tid",
    "skol+mål"); the longest known head wins.

    Args:
        word: The stem to split.
        known: Membership test for known stems (a set or dict of the vocabulary).
        language: For the compound prefixes.
    """
    best: tuple[str, ...] = ()
    best_len = 0
    if len(word) > MAX_COMPOUND_LEN:
        return best
    for prefix in language.compound_prefixes:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= MIN_FUZZY_LEN:
            found = as_known(rest, known)
            if found:
                best, best_len = (found,), len(rest)
    for cut in range(MIN_PART_LEN, len(word) - MIN_HEAD_LEN + 1):
        left, right = word[:cut], word[cut:]
        left_known = as_known(left, known)
        if left_known is None and left.endswith("s") and cut > MIN_PART_LEN:
            left_known = as_known(left[:-1], known)
        if left_known is None:
            continue
        right_known = right if len(right) < MIN_PART_LEN and right in known else None
        right_known = right_known or as_known(right, known)
        if right_known and len(right) > best_len:
            best, best_len = (left_known, right_known), len(right)
    return best


def split_head(word: str, known: Any) -> tuple[str, str] | None:
    """Splits an unknown compound whose head alone is known: (modifier, head stem).

    "idrottsförening" is a kind of "förening" even when "idrott" is not a word of the
    FAQ; the longest known head of ``MIN_LONE_HEAD_LEN`` letters or more wins.
    """
    if len(word) > MAX_COMPOUND_LEN:
        return None
    for cut in range(MIN_PART_LEN, len(word) - MIN_LONE_HEAD_LEN + 1):
        head = as_known(word[cut:], known)
        if head is not None:
            return word[:cut], head
    return None


def as_known(part: str, known: Any) -> str | None:
    """The known stem a compound's part stands for (as it is or stemmed again), or None."""
    if len(part) < MIN_PART_LEN:
        return None
    if part in known:
        return part
    stemmed = stem_word(part)
    return stemmed if len(stemmed) >= MIN_PART_LEN and stemmed in known else None


def _with_parts(doc: list[str], parts: dict[str, tuple[str, ...]]) -> list[str]:
    extra = [part for word in doc for part in parts.get(word, ())]
    return doc + extra if extra else doc


def _postings(rows: Iterable[tuple[int, Iterable[str]]]) -> dict[str, tuple[int, ...]]:
    lists: dict[str, list[int]] = {}
    for position, words in rows:
        for word in set(words):
            lists.setdefault(word, []).append(position)
    return {word: tuple(ids) for word, ids in lists.items()}


def _bm25(docs: Sequence[list[str]]) -> tuple[dict[str, float], ...]:
    """Per document, each stem's BM25 weight (Lucene's formula, as bm25s computes it)."""
    if not docs:
        return ()
    n = len(docs)
    average = sum(len(d) for d in docs) / n or 1.0
    frequency: dict[str, int] = {}
    for doc in docs:
        for stem in set(doc):
            frequency[stem] = frequency.get(stem, 0) + 1
    rows: list[dict[str, float]] = []
    for doc in docs:
        counts: dict[str, int] = {}
        for stem in doc:
            counts[stem] = counts.get(stem, 0) + 1
        norm = BM25_K1 * (1 - BM25_B + BM25_B * len(doc) / average)
        weights = {}
        for stem, tf in counts.items():
            df = frequency[stem]
            weights[stem] = math.log(1 + (n - df + 0.5) / (df + 0.5)) * tf / (tf + norm)
        rows.append(weights)
    return tuple(rows)
