"""Yes/no questions: an answer opens with "Ja."/"Nej." only when that answers what was asked.

FAQ answers to yes/no questions may open with "Ja." or "Nej." written for the entry's
canonical question (and its alternatives, which ask the same). For a person's question:

* not a yes/no question ("Hur många organisationer krävs?"), or matched to a phrasing
  that is not one, or not clearly that phrasing's question → the opening word is
  dropped and the rest of the answer stands on its own;
* the same question ("Måste vi vara flera organisationer?") → kept;
* the opposite question, a phrasing of the entry's ``opposite`` list ("Kan vi söka
  ensamma?") → turned around ("Nej." for "Ja.").

Whether the question and the phrasing ask the same way is checked on negation cues
("ensam", "utan", "inte"): a phrasing with one only answers a question with one. A
question that names something the phrasing does not ("Behöver vi ha med kommunen som
part?") asks more than it, and gets no Ja/Nej either.
"""

from __future__ import annotations

import enum
import re

from knowledge.faq.index import IndexData, has_cue, is_yes_no
from knowledge.faq.questions import asking_clause
from knowledge.faq.text import Language, analyze_query, is_frame

# The phrasing the question matched must hold at least this share of its information
# in the question for its Ja/Nej to be trusted.
MIN_LEAD_PRECISION = 0.5
_LEAD = re.compile(r"^(Ja|Nej)([.,!:;]?)\s+")
_SWAP = {"Ja": "Nej", "Nej": "Ja"}


class Lead(enum.Enum):
    """What to do with an answer's opening Ja/Nej."""

    KEEP = "keep"
    SWAP = "swap"
    DROP = "drop"


def decide(
    question: str, data: IndexData, phrasing: int, precision: float, language: Language
) -> Lead:
    """How the matched phrasing's Ja/Nej applies to the person's question.

    Args:
        question: The question as typed.
        data: The search index (phrasing flags).
        phrasing: The phrasing the question matched best (-1 for none).
        precision: How much of that phrasing's information the question holds.
        language: For the negation cues.
    """
    if phrasing < 0 or precision < MIN_LEAD_PRECISION or not data.ph_yes_no[phrasing]:
        return Lead.DROP
    words = asking_clause(question)
    if not is_yes_no(words):
        return Lead.DROP
    if has_cue(words, language) != data.ph_cue[phrasing]:
        return Lead.DROP
    if _asks_more(words, data, phrasing, language):
        return Lead.DROP
    return Lead.SWAP if data.ph_opposite[phrasing] else Lead.KEEP


def _asks_more(words: list[str], data: IndexData, phrasing: int, language: Language) -> bool:
    """Whether the question names something the phrasing does not ("Behöver vi ha med
    kommunen som part?" is not "Behöver vi en samverkanspart?"): a word of the FAQ's
    that the phrasing lacks. Words the FAQ has never seen (names, places) and the
    domain's ever-present words (``Language.lead_neutral``: söka, medel) do not count,
    nor words only the labelled examples have."""
    mass, parts = data.ph_mass[phrasing], data.ph_parts[phrasing]
    # The entries' own words: a word only the labelled examples have is the asker's
    # context ("härifrån"), as a word the FAQ never saw is.
    for stem, _, _ in analyze_query(" ".join(words), language):
        known = stem in data.own and not is_frame(stem, language)
        known = known and stem not in language.lead_neutral
        if known and stem not in mass and stem not in parts:
            return True
    return False


def apply(answer: str, lead: Lead) -> str:
    """The answer with its opening Ja/Nej kept, turned around or dropped."""
    found = _LEAD.match(answer)
    if found is None or lead is Lead.KEEP:
        return answer
    if lead is Lead.SWAP:
        return _SWAP[found.group(1)] + found.group(2) + " " + answer[found.end() :]
    rest = answer[found.end() :]
    return rest[:1].upper() + rest[1:]


def opens_with_lead(answer: str) -> bool:
    """Whether an answer opens with "Ja" or "Nej"."""
    return _LEAD.match(answer) is not None
