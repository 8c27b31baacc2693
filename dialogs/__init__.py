"""Dialogs: the pure dialog engine, the idéprövning flow as data, and the service.

The API is re-exported lazily: ``from dialogs import DialogError`` (done by the
CLI at every start-up) must not import the engine, pydantic models and flow.
"""

from __future__ import annotations

import importlib
from typing import Any


class DialogError(Exception):
    """Root of every error raised by the dialogs package."""


_LAZY: dict[str, str] = {
    **dict.fromkeys(
        [
            "DialogContext",
            "Mode",
            "Special",
            "advance",
            "begin",
            "current_ask",
            "new_state",
            "reopen_state",
        ],
        "dialogs.engine",
    ),
    **dict.fromkeys(["FlowError", "ParseError"], "dialogs.errors"),
    **dict.fromkeys(
        ["Command", "CommandInput", "Event", "TextInput", "ValueInput"], "dialogs.events"
    ),
    **dict.fromkeys(["Flow", "Step", "load_flow"], "dialogs.flow"),
    **dict.fromkeys(["DialogService", "Turn"], "dialogs.service"),
    **dict.fromkeys(
        [
            "Ask",
            "DocumentReply",
            "Effect",
            "End",
            "FindingReply",
            "InputKind",
            "Message",
            "Option",
            "Progress",
            "Reply",
            "ReplyType",
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
