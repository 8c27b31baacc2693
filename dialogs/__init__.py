"""Dialogs: the pure dialog engine and the idéprövning flow as data."""


class DialogError(Exception):
    """Root of every error raised by the dialogs package."""


# The API is imported after DialogError exists: submodules subclass it.
from dialogs.engine import (  # noqa: E402
    DialogContext,
    Mode,
    Special,
    advance,
    begin,
    current_ask,
    new_state,
    reopen_state,
)
from dialogs.errors import FlowError, ParseError  # noqa: E402
from dialogs.events import Command, CommandInput, Event, TextInput, ValueInput  # noqa: E402
from dialogs.flow import Flow, Step, load_flow  # noqa: E402
from dialogs.replies import (  # noqa: E402
    Ask,
    DocumentReply,
    Effect,
    End,
    FindingReply,
    InputKind,
    Message,
    Option,
    Progress,
    Reply,
    ReplyType,
)
from dialogs.service import DialogService  # noqa: E402

__all__ = [
    "Ask",
    "Command",
    "CommandInput",
    "DialogContext",
    "DialogError",
    "DialogService",
    "DocumentReply",
    "Effect",
    "End",
    "Event",
    "FindingReply",
    "Flow",
    "FlowError",
    "InputKind",
    "Message",
    "Mode",
    "Option",
    "ParseError",
    "Progress",
    "Reply",
    "ReplyType",
    "Special",
    "Step",
    "TextInput",
    "ValueInput",
    "advance",
    "begin",
    "current_ask",
    "load_flow",
    "new_state",
    "reopen_state",
]
