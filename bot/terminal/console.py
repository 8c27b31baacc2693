"""The console channel: the idéprövning dialog as readable Swedish in a terminal."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from typing import Any, TextIO

from bot.core import Idebot
from bot.terminal.documents import with_local_copy
from dialogs.events import TextInput
from dialogs.replies import (
    Ask,
    DocumentReply,
    End,
    FindingReply,
    InputKind,
    Message,
    VerdictReply,
    for_people,
)
from knowledge.criteria import Status
from storage import StorageError

PROMPT = "> "
MAX_WIDTH = 100
SAVED_ON_EXIT = "\nUtkastet är sparat. Kör idebot chat igen för att fortsätta."
COME_BACK = "Kör idebot chat igen för att fortsätta."
STATUS_MARKS: dict[str, str] = {
    Status.PASS: "✓",
    Status.FAIL: "✗",
    Status.UNKNOWN: "?",
    Status.ADVICE: "•",
}
KIND_HINTS: dict[InputKind, str] = {
    InputKind.BOOL: "(ja/nej)",
    InputKind.CONFIRM: "(ja/nej)",
    InputKind.MULTICHOICE: "(ett eller flera nummer, t.ex. 1, 3)",
    InputKind.CHOICE: "(nummer eller namn)",
}


def render(reply: Any) -> str:
    """One reply as terminal text ("" for what people are not shown: ``answer`` lines)."""
    if isinstance(reply, Message):
        return reply.text
    if isinstance(reply, VerdictReply):
        return f"\n{reply.text}"
    if isinstance(reply, FindingReply):
        mark = STATUS_MARKS.get(reply.status, "•")
        label = Status(reply.status).label.capitalize()
        if reply.text.startswith(f"{label}:"):  # advice messages already say "Råd:"
            return f"{mark} {reply.text}"
        return f"{mark} {label}: {reply.text}"
    if isinstance(reply, Ask):
        lines = ["", reply.text]
        if reply.input in (InputKind.CHOICE, InputKind.MULTICHOICE):
            chosen = set(reply.selected)
            for number, option in enumerate(reply.options, 1):
                mark = " (vald)" if option.value in chosen else ""
                lines.append(f"  {number}. {option.label}{mark}")
        hint = KIND_HINTS.get(reply.input)
        if hint:
            lines.append(hint)
        return "\n".join(lines)
    if isinstance(reply, DocumentReply) and reply.path:
        return (
            f"Ansökan ({reply.filename}) är sparad: {reply.path}\n"
            f"Ansökans id: {reply.application_id}"
        )
    return ""


def wrap(text: str, width: int) -> str:
    """Wraps each line at word boundaries, keeping an option's indentation."""
    lines = []
    for line in text.split("\n"):
        indent = line[: len(line) - len(line.lstrip(" "))]
        lines.append(
            textwrap.fill(
                line,
                width,
                subsequent_indent=indent + "   " if indent else "",
                break_long_words=False,
                break_on_hyphens=False,
            )
            if len(line) > width
            else line
        )
    return "\n".join(lines)


def _width(out: TextIO) -> int | None:
    # Only a person's terminal is wrapped; piped output keeps whole lines for tools.
    isatty = getattr(out, "isatty", None)
    if isatty is None or not isatty():
        return None
    return min(shutil.get_terminal_size().columns - 1, MAX_WIDTH)


def show(replies: list[Any], out: TextIO) -> bool:
    """Prints the replies; True when the dialog ended."""
    ended = False
    width = _width(out)
    for reply in for_people(replies):
        if isinstance(reply, End):
            ended = True
            continue
        text = render(reply)
        if text:
            out.write((wrap(text, width) if width else text) + "\n")
    out.flush()
    return ended


def run_console(
    core: Idebot,
    user: str,
    *,
    fund: str | None,
    out: TextIO,
    read: Callable[[str], str] = input,
) -> int:
    """Runs the dialog for a person at the terminal; returns the exit code 0."""
    if _ended(show(local_documents(core, core.start(user, fund=fund)), out), out):
        return 0
    while True:
        try:
            line = read(PROMPT)
        except (EOFError, KeyboardInterrupt):
            out.write(SAVED_ON_EXIT + "\n")
            return 0
        replies = core.handle(user, TextInput(line))
        if _ended(show(local_documents(core, replies), out), out, replies):
            return 0


def _ended(ended: bool, out: TextIO, replies: list[Any] = ()) -> bool:
    """Whether the dialog ended; a pause (``/avbryt``, "nej" at the quick check's verdict)
    says how to come back here, where the program stops (Telegram just goes on)."""
    if ended and not any(isinstance(r, DocumentReply) for r in replies):
        out.write(COME_BACK + "\n")
        out.flush()
    return ended


def local_documents(core: Idebot, replies: list[Any]) -> list[Any]:
    """The replies with each document written where the person can open it."""
    shown = []
    for reply in replies:
        if isinstance(reply, DocumentReply):
            try:
                reply = with_local_copy(core, reply)
            except StorageError as error:
                shown.append(Message(f"Kopian av ansökan kunde inte sparas här: {error}"))
                continue
        shown.append(reply)
    return shown
