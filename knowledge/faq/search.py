"""Swedish-aware search over FAQ entries (text analysis in ``text``, question structure
in ``questions``, the parts a question is scored by in ``parts``, the index in
``index``, unknown words in ``mapping``, questions the FAQ must not answer in
``scope``).

For a question:

0. reject it when it is about another funder or grant, or its asking clause names a
   subject outside the domain (``scope``);
1. cut it into segments: the whole question, and each sentence or comma clause that
   asks something (``questions.segments``), so a context sentence ("Hej! Jag är
   socialsekreterare i Bollnäs …") cannot drown the question; each entry keeps its
   best segment;
2. analyse each segment (synonyms, stop words, lemmas, folding, stemming);
3. map each stem the index does not know to stems it does know (``mapping``): a
   typo, another cut of the same word, a compound, a derivation;
4. compute each entry's confidence: *coverage* (the share of the segment's
   information, IDF mass, that the entry's words account for) combined with
   *precision* (the share of the best phrasing's information the segment contains).
   A word the FAQ has never seen counts against an entry at full weight only when
   the entry matches none of the segment's known content words: then the unknown
   word is probably what the question is about ("bygglov"); the more of them the entry
   matches, the more probably it is context (a name, a place, a job title), and the
   less it weighs (down to ``CONTEXT_SHARE``). Frame words ("skillnad",
   "mycket") count for less, and an entry that shares only generic domain words
   ("söka", "region", "kommun") with the segment is penalised;
5. order by confidence, with BM25 (precomputed in the index) breaking near-ties.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from knowledge.faq.index import FRAME_WEIGHT, IndexData, build_index
from knowledge.faq.mapping import WordMapper
from knowledge.faq.parts import Piece, question_parts
from knowledge.faq.scope import out_of_scope
from knowledge.faq.text import FOREIGN, Language, analyze_query, is_frame

# Answer text is longer and less precise than the phrasings; it counts this much.
ANSWER_WEIGHT = 0.35
# A query word the FAQ has never seen weighs this share of the rarest word's IDF when
# the entry matches none of the question's known content words ...
UNKNOWN_WEIGHT = 1.6
# ... and a word the FAQ lacks but the source documents use weighs this share.
DOMAIN_WEIGHT = 0.5
# A word the FAQ does not know written as a name ("i Sandviken") weighs this share of an
# unknown word: names say where and who, rarely what is asked.
NAME_WEIGHT = 0.3
# A word outside the domain (``Language.foreign_words``) weighs this share, always (and
# as much in the parts of the question that do not have it: ``parts``).
FOREIGN_WEIGHT = 3.0
# When the entry does match a known content word, an unknown word is context: it
# weighs this share of the above.
CONTEXT_SHARE = 0.4
CONTEXT_WORDS = 2
# A known word no phrasing has (only answers do) counts this share of its information
# against the entries: no entry can cover more than ``ANSWER_WEIGHT`` of it.
ANSWER_ONLY_SHARE = 0.5
# How much the BM25 rank (relative to the best entry) adds when ordering hits.
RANK_SHARE = 0.2
# confidence = coverage ** COVERAGE_EXPONENT * precision ** (1 - COVERAGE_EXPONENT)
COVERAGE_EXPONENT = 0.6
# Below this coverage the confidence falls in proportion, however exactly a phrasing is
# matched.
MIN_COVERAGE = 0.3
# A query word that a phrasing has only inside a compound ("chef" in "verksamhetschef")
# covers this share of itself.
PART_SHARE = 0.7
# Confidence factor for an entry that shares only generic domain words with a segment
# that has known content words too, or – for a segment of generic words only – whose
# best phrasing is mostly about something else (precision below MIN_VAGUE_PRECISION).
GENERIC_PENALTY = 0.5
MIN_VAGUE_PRECISION = 0.6
# An unknown word weighing this much (a name weighs less) asks something beyond the
# actors a question names.
MIN_BEYOND_WORDS = 0.5
# Share of the information of the segment's known content words an entry must
# account for to escape the penalty.
MIN_CONTENT_SHARE = 0.3
# A labelled example's match counts this share of an own phrasing's.
EXAMPLE_SHARE = 0.8
# Confidence an entry needs before the bot answers with it (tuned on the labelled set).
DEFAULT_THRESHOLD = 0.4


# Per phrasing its matched information and BM25 rank, per entry its phrasings that match.
Matches = tuple[dict[int, float], dict[int, float], dict[int, list[int]]]


@dataclass(frozen=True)
class ScoredEntry:
    """One entry's result for a query.

    Attributes:
        position: The entry's index.
        rank_score: BM25 over the best phrasing plus the weighted answer.
        coverage: Share of the segment's information the entry accounts for.
        precision: Share of the best-matching phrasing's information the segment has.
        confidence: The combination compared with the threshold (0–1).
        phrasing: The best-matching phrasing (index into the index's phrasings).
        lead_phrasing: The best-matching of the entry's own phrasings (not an
            example): the one whose Ja/Nej the answer may keep (-1 for none).
        lead_precision: Its precision.
    """

    position: int
    rank_score: float
    coverage: float
    precision: float
    confidence: float
    phrasing: int = -1
    lead_phrasing: int = -1
    lead_precision: float = 0.0


class SearchIndex:
    """The FAQ index with Swedish query expansion.

    Args:
        questions: Per entry, the text of its canonical question and alternatives.
        answers: Per entry, its answer text (all variants).
        language: Stop words, synonyms, lemmas.
        opposites: Per entry, phrasings asking its opposite question (default none).
        examples: Per entry, labelled questions people asked (default none).
        outside: Labelled questions the FAQ must not answer (default none): they
            score as one more position after the entries (``IndexData.outside``).
        data: A prebuilt index (from the cache) instead of building one.
    """

    def __init__(
        self,
        questions: Sequence[Sequence[str]],
        answers: Sequence[Sequence[str]],
        language: Language,
        *,
        opposites: Sequence[Sequence[str]] | None = None,
        examples: Sequence[Sequence[str]] | None = None,
        outside: Sequence[str] = (),
        data: IndexData | None = None,
    ) -> None:
        self.language = language
        self.language.stem_synonyms()  # build once, outside the first query
        if data is None:
            opposites = opposites if opposites is not None else [() for _ in questions]
            data = build_index(
                questions, opposites, answers, language, examples=examples, outside=outside
            )
        self.data = data
        self.size = data.size
        self._idf = data.idf
        self._mapper = WordMapper(data, language)
        self._known_forms = {**dict.fromkeys(data.aliases), **dict.fromkeys(data.idf)}
        self._ph_post = data.ph_post
        self._reaches: dict[str, dict[int, float]] = {}

    @property
    def vocabulary(self) -> Sequence[str]:
        """Every stem the index knows, sorted."""
        return self._mapper.sorted_vocabulary

    def expand_query(self, question: str) -> list[Piece]:
        """Analyses a text and maps each stem to known stems.

        Returns:
            Per stem, (query stem, known stems it stands for – alternatives of one
            word, weight, word share); an empty tuple means the word is unknown to the
            FAQ. A compound split into parts gives one piece per part (the modifier at
            ``MODIFIER_WEIGHT``). The word share is the part of one typed word the piece
            stands for: a synonym replaced by two words gives two pieces of 0.5, which
            together count as one word of the question.
        """
        return [
            (
                piece,
                known,
                piece_weight * weight * (NAME_WEIGHT if _is_name(name, piece, known) else 1.0),
                weight,
            )
            for stem, weight, name in analyze_query(question, self.language, self._known_forms)
            for piece, known, piece_weight in self._mapper.known(stem)
        ]

    def score(self, question: str, *, limit: int = 50, floor: float = 0.0) -> list[ScoredEntry]:
        """Scores the entries for a question, best first.

        Each entry keeps its best segment (the whole question or a part that asks).

        Args:
            question: The question as typed.
            limit: At most this many results (the best ones).
            floor: Entries that cannot reach this confidence are skipped early (the
                caller's threshold: with 2,000 entries most are far below it).

        Returns:
            Entries that share at least one word of the question in their phrasings.
        """
        if self.size == 0 or out_of_scope(question, self.language, self._known_forms):
            return []
        best: dict[int, ScoredEntry] = {}
        parts = question_parts(question, self.expand_query, self._content_words)
        # The Ja/Nej follows the entry's own phrasing best matched by any part ("Vi är
        # ett bemanningsföretag, kan vi vara huvudsökande?": an example may score the
        # whole, an own phrasing matches the asking clause).
        lead: dict[int, tuple[int, float]] = {}
        for expanded, share in parts:
            for scored in self._score_segment(expanded, share, floor):
                held = best.get(scored.position)
                if held is None or scored.confidence > held.confidence:
                    best[scored.position] = scored
                own = lead.get(scored.position)
                if own is None or scored.lead_precision > own[1]:
                    lead[scored.position] = (scored.lead_phrasing, scored.lead_precision)
        for position, (phrasing, precision) in lead.items():
            held = best[position]
            if phrasing != held.lead_phrasing:
                best[position] = replace(held, lead_phrasing=phrasing, lead_precision=precision)
        if not best:
            return []
        top_rank = max(s.rank_score for s in best.values()) or 1.0
        order = sorted(
            best.values(),
            key=lambda s: (-(s.confidence + RANK_SHARE * s.rank_score / top_rank), s.position),
        )
        return order[:limit]

    def _content_words(self, pieces: list[Piece]) -> float:
        """How many known content words (not frame or generic words) the pieces hold."""
        language = self.language
        weak = language.generic_words | language.frame_words
        return sum(
            share
            for stem, known, _, share in pieces
            if known
            and not stem.startswith("?")
            and stem not in weak
            and not any(k in weak for k in known)
        )

    def _score_segment(
        self, expanded: list[Piece], share: float, floor: float
    ) -> list[ScoredEntry]:
        data = self.data
        idf = self._idf
        if not expanded:
            return []
        language = self.language
        weak = language.generic_words | language.frame_words
        known_info = 0.0
        unknown_info = 0.0
        foreign_info = 0.0
        content_total = 0.0
        # What the segment asks besides its actors and targets ("förening", "barn"): its
        # content words that are none and its frame words ("skillnad"), their info; per
        # entry what it matches of the actors and of the frame words (its subject share
        # is then its topic share less the first, plus the second).
        subject_total = 0.0
        on_actor: dict[int, float] = {}
        on_frame: dict[int, float] = {}
        anchored = False
        unknown_words = 0.0
        terms: list[str] = []
        covered: dict[int, float] = {}
        on_topic: dict[int, float] = {}
        # How many of the segment's content words each entry has in a phrasing.
        topic_words: dict[int, float] = {}
        in_question: set[int] = set()
        for stem, known, piece_weight, word_share in expanded:
            if stem.startswith(FOREIGN) and not known:
                # A subject outside the domain ("lönen", "datorn") even where the FAQ
                # uses the stem: never context, whatever else the entry matches.
                foreign_info += piece_weight * FOREIGN_WEIGHT * data.unknown_idf
                continue
            if not known:
                unknown_words += piece_weight
                domain = stem in language.domain_words
                share_of = DOMAIN_WEIGHT if domain else UNKNOWN_WEIGHT
                unknown_info += piece_weight * share_of * data.unknown_idf
                continue
            framing = is_frame(stem, language) or is_frame(known[0], language)
            weight = piece_weight * (FRAME_WEIGHT if framing else 1.0)
            content = not framing and stem not in weak and not any(k in weak for k in known)
            actor = stem in language.entity_words or any(k in language.entity_words for k in known)
            anchored = anchored or stem in language.anchor_words
            best_idf = max(idf[k] for k in known)
            in_phrasing = any(k in data.q_post or k in data.qpart_post for k in known)
            known_info += weight * best_idf * (1.0 if in_phrasing else ANSWER_ONLY_SHARE)
            if content:
                content_total += weight * best_idf
            asked_frame = framing and not stem.startswith("?") and not actor
            if (content and not actor) or asked_frame:
                subject_total += weight * best_idf
            terms.extend(known)
            if len(known) == 1:
                k = known[0]
                value = weight * idf[k]
                word = {e: value * factor for e, factor in self._reach(k).items()}
            else:
                word = {}
                for k in known:
                    value = weight * idf[k]
                    for e, factor in self._reach(k).items():
                        if word.get(e, 0.0) < value * factor:
                            word[e] = value * factor
            for k in known:
                in_question.update(data.q_post.get(k, ()))
                in_question.update(data.qpart_post.get(k, ()))
            for e, value in word.items():
                covered[e] = covered.get(e, 0.0) + value
                if content:
                    on_topic[e] = on_topic.get(e, 0.0) + value
            if content and actor:
                for e, value in word.items():
                    on_actor[e] = on_actor.get(e, 0.0) + value
            elif asked_frame:
                for e, value in word.items():
                    on_frame[e] = on_frame.get(e, 0.0) + value
            if content:
                for e in {e for k in known for e in data.q_post.get(k, ())}:
                    topic_words[e] = topic_words.get(e, 0.0) + word_share
        if not in_question or known_info == 0:
            return []
        # An entry whose coverage, even with every unknown word taken for context, is
        # below what the floor needs is skipped before anything else is computed for it
        # (with 2,000 entries most share a generic word with the question).
        least_total = known_info + CONTEXT_SHARE * unknown_info + foreign_info or 1.0
        needed = _least_coverage(floor / share) * least_total
        candidates = [e for e in in_question if covered.get(e, 0.0) >= needed]
        if not candidates:
            return []
        matches = self._phrasing_matches(terms, candidates)
        # Something is asked beyond the actors: an unknown word (more than a name) or a
        # known word of content.
        asked_beyond = subject_total > 0 or unknown_words >= MIN_BEYOND_WORDS
        judge_actors = not anchored and asked_beyond and bool(on_actor)
        results = []
        for e in candidates:
            topic = on_topic.get(e, 0.0)
            # Unknown words are context in so far as the entry matches the known content,
            # and only fully so when it matches two content words or more: one shared
            # word ("kvar") beside an unknown one ("semester") is weak evidence.
            matched_share = min(topic / content_total, 1.0) if content_total > 0 else 0.0
            matched_share *= min(topic_words.get(e, 0), CONTEXT_WORDS) / CONTEXT_WORDS
            unknown = unknown_info * (1.0 - (1.0 - CONTEXT_SHARE) * matched_share)
            total = known_info + unknown + foreign_info or 1.0
            coverage = min(covered.get(e, 0.0) / total, 1.0)
            off_topic = content_total > 0 and topic < MIN_CONTENT_SHARE * content_total
            # Only an actor in common ("Kan en ideell förening ha anställda?" and "Kan en
            # ideell förening söka?"), nothing of the fund's in the question.
            actors_only = (
                judge_actors
                and e in on_actor
                and topic - on_actor[e] + on_frame.get(e, 0.0) <= MIN_CONTENT_SHARE * subject_total
            )
            bound = coverage**COVERAGE_EXPONENT * share * min(coverage / MIN_COVERAGE, 1.0)
            if bound * (GENERIC_PENALTY if off_topic or actors_only else 1.0) < floor:
                continue  # cannot reach the floor whatever its precision
            exact, phrasing, rank, lead = self._entry_match(e, matches, terms)
            confidence = coverage**COVERAGE_EXPONENT * exact ** (1 - COVERAGE_EXPONENT)
            if coverage < MIN_COVERAGE:
                # A phrasing found whole in a question mostly about something else
                # ("Skrivaren fungerar inte, vem ska jag kontakta?") is not the answer.
                confidence *= coverage / MIN_COVERAGE
            if content_total == 0:
                off_topic = exact < MIN_VAGUE_PRECISION
            if off_topic or actors_only:
                confidence *= GENERIC_PENALTY
            results.append(
                ScoredEntry(
                    e,
                    rank,
                    coverage,
                    exact,
                    confidence * share,
                    phrasing,
                    *lead,
                )
            )
        return results

    def _reach(self, stem: str) -> dict[int, float]:
        """Entry → how much of a stem's information it covers: all of it in a phrasing,
        ``PART_SHARE`` as a part of a phrasing's compound, ``ANSWER_WEIGHT`` in the
        answer only (cached per stem: the same words recur)."""
        reach = self._reaches.get(stem)
        if reach is None:
            data = self.data
            reach = dict.fromkeys(data.a_post.get(stem, ()), ANSWER_WEIGHT)
            reach.update(dict.fromkeys(data.qpart_post.get(stem, ()), PART_SHARE))
            reach.update(dict.fromkeys(data.q_post.get(stem, ()), 1.0))
            if len(self._reaches) < 10_000:
                self._reaches[stem] = reach
        return reach

    def _phrasing_matches(self, terms: list[str], entries: list[int]) -> Matches:
        """Per phrasing of the entries that has a term: the information of it the segment
        contains, and its BM25 rank for the terms; and per entry its phrasings that have
        a term (an entry has dozens of phrasings with its examples, a segment meets a few
        of them)."""
        value: dict[int, float] = {}
        rank: dict[int, float] = {}
        by_entry: dict[int, list[int]] = {}
        counts: dict[str, int] = {}
        for t in terms:
            counts[t] = counts.get(t, 0) + 1
        for t, count in counts.items():
            post = self._ph_post.get(t)
            if not post:
                continue
            for entry in entries:
                rows = post.get(entry)
                if rows is None:
                    continue
                for ph, info, weight in rows:
                    if info:
                        value[ph] = value.get(ph, 0.0) + info
                    held = rank.get(ph)
                    if held is None:
                        rank[ph] = count * weight
                        by_entry.setdefault(entry, []).append(ph)
                    else:
                        rank[ph] = held + count * weight
        return value, rank, by_entry

    def _entry_match(
        self, entry: int, matches: Matches, terms: list[str]
    ) -> tuple[float, int, float, tuple[int, float]]:
        """(precision, best phrasing, BM25 rank, (best own phrasing, its precision)) of an
        entry for the segment's terms.

        Precision is the share of a phrasing's information the segment contains; a
        compound in the phrasing counts half when the segment has one of its parts. The
        best own phrasing is the best that is not an example (for the Ja/Nej).
        """
        data = self.data
        value, ranks, by_entry = matches
        example = data.ph_example
        best, best_phrasing, best_rank = 0.0, -1, 0.0
        own, own_phrasing = 0.0, -1
        # In phrasing order: the first of equal matches wins.
        for ph in sorted(by_entry.get(entry, ())):
            found = value.get(ph, 0.0)
            if found > 0:
                p = min(found / data.ph_total[ph], 1.0)
                if example[ph]:
                    p *= EXAMPLE_SHARE
                if p > best:
                    best, best_phrasing = p, ph
                if p > own and not example[ph]:
                    own, own_phrasing = p, ph
            best_rank = max(best_rank, ranks.get(ph, 0.0))
        answer = data.a_rank[entry]
        best_rank += ANSWER_WEIGHT * sum(answer.get(t, 0.0) for t in terms)
        return best, best_phrasing, best_rank, (own_phrasing, own)


def _is_name(name: bool, piece: str, known: tuple[str, ...]) -> bool:
    """Whether a piece weighs as a name: written as one, unknown to the FAQ and no word
    outside the domain ("Jag kommer inte in i Teams": Teams is what is asked about)."""
    return name and not known and not piece.startswith(FOREIGN)


def _least_coverage(needed: float) -> float:
    """The lowest coverage whose confidence can reach ``needed`` (precision 1): the
    inverse of coverage ** COVERAGE_EXPONENT * min(coverage / MIN_COVERAGE, 1)."""
    if needed <= 0:
        return 0.0
    plain = needed ** (1 / COVERAGE_EXPONENT)
    if plain >= MIN_COVERAGE:
        return plain
    return (needed * MIN_COVERAGE) ** (1 / (COVERAGE_EXPONENT + 1))
