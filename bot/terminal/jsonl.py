"""The machine protocol of ``idebot chat --jsonl`` (``interfaces.md``).

One JSON object per output line (flushed at once); one input line per answer:
typed text, a JSON value (array, object, string, true/false/null) or a
command. End of input stops cleanly and keeps the draft; the same ``--user``
resumes where it stopped.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from bot.core import Idebot
from bot.terminal.console import local_documents
from dialogs.events import TextInput, ValueInput, command_of
from dialogs.replies import End
from knowledge.answers import decode_json

# Lines starting like a JSON container or string, or these literals, are JSON values.
_JSON_STARTS = ("[", "{", '"')
_JSON_LITERALS = frozenset({"true", "false", "null"})


def parse_line(line: str) -> Any:
    """The event one input line is: a command, a JSON value or typed text.

    Numbers stay typed text, so ``150`` answers a text question as text and an
    integer question as 150 alike; invalid JSON is typed text too.
    """
    text = line.rstrip("\r\n")
    stripped = text.strip()
    command = command_of(stripped)
    if command is not None:
        return command
    if stripped.startswith(_JSON_STARTS) or stripped in _JSON_LITERALS:
        try:
            return ValueInput(decode_json(stripped))
        except ValueError:  # invalid, too large or too deep: the dialog reads it as text
            pass
    return TextInput(text)


def write_replies(replies: list[Any], out: TextIO) -> bool:
    """Writes one line per reply and flushes; True when the dialog ended."""
    ended = False
    for reply in replies:
        out.write(json.dumps(reply.to_json(), ensure_ascii=False) + "\n")
        ended = ended or isinstance(reply, End)
    out.flush()
    return ended


def run_jsonl(core: Idebot, user: str, *, fund: str | None, inp: TextIO, out: TextIO) -> int:
    """Runs the protocol until ``end`` or end of input; returns the exit code 0."""
    if write_replies(local_documents(core, core.start(user, fund=fund, ask_resume=False)), out):
        return 0
    while True:
        line = inp.readline()
        if not line:
            return 0  # end of input: the draft is already saved
        if write_replies(local_documents(core, core.handle(user, parse_line(line))), out):
            return 0
