"""Dialogs: the idéprövning flow as data and the pure engine that walks it.

``advance(state, event, *, ctx) -> (state, replies)`` does no I/O; the application
layer (``bot.core``) loads and saves the state and performs the effects. The API is
re-exported lazily: ``from dialogs import DialogError`` (done by the CLI at every
start-up) must not import the engine, the pydantic models and the flow.
"""

from __future__ import annotations

import importlib
from typing import Any


class DialogError(Exception):
    """Root of every error raised by the dialogs package."""


_LAZY: dict[str, str] = {
    **dict.fromkeys(
        [
            "advance",
            "after_submit",
            "begin",
            "current_ask",
            "reopen",
            "submit_failed",
            "unanswered_questions",
        ],
        "dialogs.engine",
    ),
    **dict.fromkeys(
        ["DialogContext", "DialogState", "Mode", "Special", "is_finished"], "dialogs.state"
    ),
    **dict.fromkeys(["FlowError", "ParseError"], "dialogs.errors"),
    **dict.fromkeys(
        ["Command", "CommandInput", "Event", "TextInput", "ValueInput", "command_of"],
        "dialogs.events",
    ),
    **dict.fromkeys(["Flow", "Step", "load_flow"], "dialogs.flow"),
    **dict.fromkeys(
        [
            "AnswerReply",
            "Ask",
            "DocumentReply",
            "Effect",
            "EffectKind",
            "End",
            "FindingReply",
            "InputKind",
            "Message",
            "Option",
            "Progress",
            "Reply",
            "ReplyType",
            "VerdictReply",
            "Welcome",
            "public",
        ],
        "dialogs.replies",
    ),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'dialogs' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = ["DialogError", *sorted(_LAZY)]
