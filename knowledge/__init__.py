"""Knowledge: the answer model, the criteria and fund profiles, the FAQ — as data and code.

``knowledge.answers`` is the answer model of ``answers.md``; ``knowledge.criteria`` the
fund files and the one engine evaluating their rules; ``knowledge.faq`` the FAQ and its
search; ``knowledge.base`` loads and validates them together. This package imports no
other package of the project.

The names are re-exported lazily: ``from knowledge import KnowledgeError`` (the command
line does it at every start) must not load pydantic, Babel and Jinja.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY: dict[str, str] = {
    **dict.fromkeys(
        ["AnswersError", "KnowledgeError", "KnowledgeFileError", "UnknownFundError"],
        "knowledge.errors",
    ),
    **dict.fromkeys(
        ["AnswerField", "Answers", "OPTION_LABELS", "load_answers", "parse_answers"],
        "knowledge.answers",
    ),
    **dict.fromkeys(
        ["Evaluation", "Finding", "FundProfile", "Status", "Verdict", "evaluate", "load_funds"],
        "knowledge.criteria",
    ),
    **dict.fromkeys(["Faq", "FaqEntry", "FaqHit", "load_faq"], "knowledge.faq"),
    **dict.fromkeys(["KnowledgeBase", "load_knowledge", "validate_knowledge"], "knowledge.base"),
    **dict.fromkeys(
        ["format_date", "format_money", "format_number", "format_percent"], "knowledge.formatting"
    ),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'knowledge' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = sorted(_LAZY)
