"""The parts of a question the search scores: the whole question and each part that asks.

A question is scored as a whole and per segment (``questions.segments``: each sentence
or comma clause that asks something), so a context sentence ("Hej! Jag är
socialsekreterare i Bollnäs …") cannot drown the question; an asking sentence that
points back ("Vi har drivit en förskola i tio år. Kan vi söka för den?") is also scored
with the known words of what it points back to. Each entry keeps its best part
(``search``).
"""

from __future__ import annotations

from collections.abc import Callable

from knowledge.faq.questions import (
    asks_text,
    pointing_back,
    points_to_condition,
    segments,
    sentences,
)
from knowledge.faq.text import FOREIGN, words_of

# (query stem, known stems it stands for, weight, share of the typed word)
Piece = tuple[str, tuple[str, ...], float, float]
Expand = Callable[[str], list[Piece]]
Count = Callable[[list[Piece]], float]

# A word outside the domain anywhere in the question weighs this share in the parts that
# do not have it ("Skrivaren fungerar inte, vem ska jag kontakta?": the ask is about the
# printer).
FOREIGN_CARRIED = 1.0
# A segment (a part of the question) counts this share of its confidence: the whole
# question is the better evidence when both fit.
SEGMENT_SHARE = 0.97
# A segment with fewer known content words than this (and than the whole question) is
# not scored on its own: "Vad ska jag säga?" after a sentence that says what about.
MIN_SEGMENT_CONTENT = 1
# An asking sentence that points back ("Räknas det som en mycket tidig insats?") is also
# scored alone when it has this many known content words.
MIN_BACK_CONTENT = 2
# Words of a sentence that asks nothing, when another sentence asks, weigh this much in
# the whole question: context ("Vi har drivit en förskola i tio år.") says less than the
# question.
CONTEXT_WEIGHT = 0.5


def question_parts(
    question: str, expand: Expand, content_words: Count
) -> list[tuple[list[Piece], float]]:
    """The parts of a question to score, each with the share of confidence it counts.

    Args:
        question: The question as typed.
        expand: Text → its pieces (``SearchIndex.expand_query``).
        content_words: Pieces → how many known content words they hold.

    Returns:
        (pieces, share) per part: the whole question first (share 1), then each new
        segment and pointing-back ask (``SEGMENT_SHARE``); parts with the same words as
        one before are left out.
    """
    whole = expand_whole(question, expand)
    seen: set[tuple[str, ...]] = {tuple(piece[0] for piece in whole)}
    parts = [(whole, 1.0)]
    whole_content = content_words(whole)
    for text in segments(question):
        expanded = expand(text)
        words = tuple(piece[0] for piece in expanded)
        if words in seen:
            continue  # a clause with the same words as the whole: nothing new
        seen.add(words)
        content = content_words(expanded)
        if content < MIN_SEGMENT_CONTENT and content < whole_content:
            continue  # "Vad ska jag säga?": too little of its own to stand alone
        # A word outside the domain anywhere in the question ("Skrivaren fungerar
        # inte, vem ska jag kontakta?") still speaks against each of its parts.
        parts.append((expanded + _carried(whole, words), SEGMENT_SHARE))
    for context, ask in pointing_back(question):
        # The ask with what it points back to: the context's words the FAQ knows, as
        # context (its names, places and other unknown words are the situation, not
        # the subject: "Vi har drivit en förskola i tio år. Kan vi söka för den?").
        own = expand(ask)
        back = [
            (stem, known, weight * CONTEXT_WEIGHT, share)
            for stem, known, weight, share in expand(context)
            if known
        ]
        # With enough content of its own it also stands alone ("… Räknas det som en
        # mycket tidig insats?"), unless what it points back to is a condition ("…
        # Vad händer då med ansökan?": then, with so little).
        enough = content_words(own) >= MIN_BACK_CONTENT
        alone = [own] if enough and not points_to_condition(words_of(ask)) else []
        for pieces in [own + back, *alone]:
            words = tuple(piece[0] for piece in pieces)
            if words not in seen:
                seen.add(words)
                parts.append((pieces + _carried(whole, words), SEGMENT_SHARE))
    return parts


def expand_whole(question: str, expand: Expand) -> list[Piece]:
    """The whole question's pieces; a sentence that asks nothing ("Vi har drivit en
    öppen förskola i tio år.") is context, and its words weigh ``CONTEXT_WEIGHT``."""
    parts = sentences(question)
    asking = [asks_text(part) for part in parts]
    if len(parts) < 2 or all(asking) or not any(asking):
        return expand(question)
    pieces: list[Piece] = []
    for part, asked in zip(parts, asking, strict=True):
        weight = 1.0 if asked else CONTEXT_WEIGHT
        pieces += [(p, k, w * weight, share) for p, k, w, share in expand(part)]
    return pieces


def _carried(whole: list[Piece], words: tuple[str, ...]) -> list[Piece]:
    """The whole question's words outside the domain that a part lacks."""
    return [
        (stem, known, weight * FOREIGN_CARRIED, share)
        for stem, known, weight, share in whole
        if stem.startswith(FOREIGN) and stem not in words
    ]
