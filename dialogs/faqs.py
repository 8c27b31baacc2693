"""Questions asked in the middle of the dialog, answered from the FAQ."""

from __future__ import annotations

from typing import Any

from dialogs import texts
from dialogs.events import TextInput
from dialogs.replies import Effect, EffectKind, Message
from dialogs.state import DialogContext, DialogState
from knowledge.faq import asks_or_requests, fallback_answer

# A line that is not a valid answer counts as a question only with this many words.
FAQ_MIN_WORDS = 3
# A FAQ question is one short line. A longer text ending in "?" is the person's answer.
FAQ_MAX_CHARS = 300


def faq_replies(
    state: DialogState, question: str, ctx: DialogContext, *, strong: bool
) -> list[Any] | None:
    """The FAQ's answer to a line, or (none good enough) "Det vet jag inte säkert" and
    the effect that logs the question.

    Args:
        state: The state (its fund).
        question: The line.
        ctx: The context (the FAQ).
        strong: The line was not a question but an answer that could not be read: it is
            answered only by a confident hit (else None, and it is refused as an answer).
    """
    if strong and (len(question) > FAQ_MAX_CHARS or not asks_or_requests(question)):
        # A statement that is no answer ("Vi har redan ett projekt som pågår") is asked
        # again, however well it matches a question someone asked with the same words.
        return None
    fund = ctx.profile(state.fund)
    hits = ctx.faq.search(question, fund=fund, top=1) if ctx.faq is not None else []
    if strong:
        long_enough = len(question.split()) >= FAQ_MIN_WORDS
        hits = [h for h in hits if long_enough and h.score >= ctx.faq_strong_score]
        if not hits:
            return None
    if hits:
        return [Message(hits[0].answer)]
    # The same honest fallback as `idebot faq`: Sundsvall's and Blekinge's sources name no
    # coordinator's address, so the fund file says where to ask instead.
    effect = Effect(EffectKind.LOG_UNANSWERED, {"question": question.strip(), "fund": state.fund})
    return [Message(f"{fallback_answer(fund)} {texts.QUESTION_KEPT}"), effect]


def is_question(event: Any) -> bool:
    """Whether an input is a question for the FAQ: typed, one short line ending in "?"."""
    if not isinstance(event, TextInput):
        return False
    text = event.text.strip()
    return text.endswith("?") and len(text) <= FAQ_MAX_CHARS
