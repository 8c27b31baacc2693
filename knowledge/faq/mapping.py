"""Mapping a word the FAQ's index does not know to stems it does know.

In order of how likely the explanation is: a one-letter typo ("medfinansering"), the
same word cut differently by the stemmer ("finansier" ~ "finansiering"), a compound of
known words ("samverkanspart" → samverkan + part, "personaltid" → personal + tid), a
two-letter typo in a long word (rapidfuzz Levenshtein), a derivation of the same root,
a compound whose head alone is known ("idrotts+förening").
"""

from __future__ import annotations

import bisect

from knowledge.faq.index import MIN_PART_LEN, IndexData, as_known, split_compound, split_head
from knowledge.faq.text import FOREIGN, Language

# The modifier of a split compound counts this share ("förenings+bidrag" is a kind of
# bidrag, not of förening); the head counts fully.
MODIFIER_WEIGHT = 0.5
# Shortest stems corrected by prefix matching, one- and two-letter typo correction.
MIN_FUZZY_LEN = 5
FUZZY_ONE_LEN = 6
FUZZY_TWO_LEN = 9
# Unknown words longer than this are not mapped (compound splitting is quadratic).
MAX_MAPPED_LEN = 40
MAX_AFFIX = 3
# Shortest shared prefix for treating two words as derivations of one root.
ROOT_LEN = 6
MAX_ROOT_SUFFIX = 4
# What may follow the shared root on either side: derivational endings as Snowball leaves
# them ("definition" ~ "definier", "kartlägg" ~ "kartläggning"); anything else is
# another word ("familje+hem" is no "familj", "samman+träde" no "samman+hang").
DERIVATION_ENDINGS = frozenset(
    (
        "",
        *("er", "era", "ering", "ing", "ning", "tion", "ion", "else", "het", "itet"),
        *("lig", "ig", "isk", "ell", "iv", "ar", "are", "ande", "ende", "ism", "ist"),
        *("iser", "isering"),
    )
)

# (stem, the known stems it stands for – empty when unknown, weight)
Mapped = tuple[tuple[str, tuple[str, ...], float], ...]


class WordMapper:
    """Known stems for the stems of a question, with the index's vocabulary.

    Args:
        data: The built index.
        language: For compound prefixes and the heads of words for money.
    """

    def __init__(self, data: IndexData, language: Language) -> None:
        self.language = language
        self._idf = data.idf
        self.sorted_vocabulary = sorted(data.idf)
        self._sorted_vocab = self.sorted_vocabulary
        # Typo correction and compound parts also meet the forms as Snowball cuts them.
        self._aliases = data.aliases
        self._known_forms = {**{a: a for a in data.aliases}, **dict.fromkeys(data.idf)}
        self._fuzzy_vocab = sorted(set(data.idf) | set(data.aliases))
        self._fuzzy_set = frozenset(self._fuzzy_vocab)
        self._mapped: dict[str, Mapped] = {}

    def known(self, stem: str) -> Mapped:
        """The pieces a stem stands for (see ``SearchIndex.expand_query``), cached."""
        cached = self._mapped.get(stem)
        if cached is None:
            if stem in self._idf:
                cached = ((stem, (stem,), 1.0),)
            elif stem.startswith(FOREIGN):
                cached = ((stem, (), 1.0),)
            else:
                cached = self._map_unknown(stem)
            if len(self._mapped) < 10_000:
                self._mapped[stem] = cached
        return cached

    def _map_unknown(self, stem: str) -> Mapped:
        """Known stems for an unknown one: a one-letter typo, a different cut of the same
        word, a compound of known words (or with a known head), a two-letter typo in a
        long word, a derivation – in the order of how likely each explanation is."""
        unknown = ((stem, (), 1.0),)
        if len(stem) > MAX_MAPPED_LEN:
            return unknown
        if stem in self._aliases:
            return ((stem, (self._aliases[stem],), 1.0),)
        if len(stem) >= FUZZY_ONE_LEN:
            close = self._fuzzy(stem, 1)
            if close:
                return ((stem, (close,), 1.0),)
        if len(stem) >= MIN_FUZZY_LEN:
            prefixed = self._prefix_matches(stem)
            if prefixed:
                return ((stem, prefixed, 1.0),)
        if any(stem.endswith(h) and len(stem) > len(h) + 2 for h in self.language.funding_heads):
            return unknown  # "föreningsbidrag" is another kind of money, not "förening"
        parts = tuple(
            self._aliases.get(p, p) for p in split_compound(stem, self._known_forms, self.language)
        )
        if len(parts) == 1:
            return ((stem, parts, 1.0),)
        if parts:
            return ((parts[0], (parts[0],), MODIFIER_WEIGHT), (parts[1], (parts[1],), 1.0))
        if len(stem) >= FUZZY_TWO_LEN:
            close = self._fuzzy(stem, 2)
            if close:
                return ((stem, (close,), 1.0),)
        if len(stem) >= ROOT_LEN:
            related = self._same_root(stem)
            if related:
                return ((stem, related, 1.0),)
        derived = self._split_derived(stem)
        if derived:
            return derived
        lone = split_head(stem, self._known_forms)
        if lone is not None:
            modifier, head = lone
            head = self._aliases.get(head, head)
            return ((modifier, (), MODIFIER_WEIGHT), (head, (head,), 1.0))
        return unknown

    def _split_derived(self, stem: str) -> Mapped:
        """A compound of a known modifier and a head that is a known word cut otherwise
        or derived from one ("kostnads+beräkning": "beräkna"); the longest head wins."""
        for cut in range(MIN_PART_LEN, len(stem) - ROOT_LEN + 1):
            left, right = stem[:cut], stem[cut:]
            modifier = as_known(left, self._known_forms)
            if modifier is None and left.endswith("s") and cut > MIN_PART_LEN:
                modifier = as_known(left[:-1], self._known_forms)
            if modifier is None:
                continue
            head = self._prefix_matches(right) or self._same_root(right)
            if head:
                modifier = self._aliases.get(modifier, modifier)
                return ((modifier, (modifier,), MODIFIER_WEIGHT), (right, head, 1.0))
        return ()

    def _same_root(self, stem: str) -> tuple[str, ...]:
        """Known stems derived from the same root (definition ~ definier-): a shared
        prefix of at least ``ROOT_LEN`` letters, after which neither word goes on for
        more than ``MAX_ROOT_SUFFIX`` letters (so "socialsekreter" is not "social"), and
        then only with a derivational ending (``DERIVATION_ENDINGS``)."""
        root = stem[:ROOT_LEN]
        start = bisect.bisect_left(self._sorted_vocab, root)
        found = []
        for word in self._sorted_vocab[start : start + 16]:
            if not word.startswith(root):
                break
            shared = _shared_prefix(stem, word)
            rest = max(len(stem), len(word)) - shared
            endings = {stem[shared:], word[shared:]}
            if (
                shared >= 0.75 * min(len(stem), len(word))
                and rest <= MAX_ROOT_SUFFIX
                and endings <= DERIVATION_ENDINGS
            ):
                found.append(word)
        return tuple(found)

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
        if max_distance == 1:
            # One edit: the stem's variants looked up in a set, without loading rapidfuzz
            # (tens of milliseconds of a new process) for a name or a typo.
            close = sorted(_one_edit(stem) & self._fuzzy_set)
            return self._aliases.get(close[0], close[0]) if close else None
        # rapidfuzz (a C extension) is imported only when a word needs correcting.
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        match = process.extractOne(
            stem, self._fuzzy_vocab, scorer=Levenshtein.distance, score_cutoff=max_distance
        )
        return self._aliases.get(match[0], match[0]) if match else None


_LETTERS = "abcdefghijklmnopqrstuvwxyzé0123456789"


def _one_edit(word: str) -> set[str]:
    """Every string one Levenshtein edit (delete, replace, insert a letter) away; the
    stems are folded, so the alphabet has no å/ä/ö."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {a + b[1:] for a, b in splits if b}
    found |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS if c != b[0]}
    found |= {a + c + b for a, b in splits for c in _LETTERS}
    return found


def _shared_prefix(a: str, b: str) -> int:
    for index, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return index
    return min(len(a), len(b))
