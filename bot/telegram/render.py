"""Dialog replies → Telegram messages and inline keyboards, and button presses → events.

Pure functions, no I/O. Buttons carry option *values* (never labels) in ``callback_data``,
after the dialog's turn when the question was asked: the dialog refuses a button of an
earlier turn, whatever happened in between (a restart of the bot included), so an old
"Ja" never answers a newer question. ``callback_data`` is at most 64 bytes; a value that
does not fit is sent as the option's number instead, which the engine accepts as well.

A multi-choice keyboard holds its own selection: each toggle button's data says whether it
is selected, and its text starts with a check mark. Pressing one rebuilds the keyboard from
the message's current markup, so the selection survives a restart of the bot.
"""

from __future__ import annotations

import enum
import json
import zlib
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from dialogs.events import TextInput, ValueInput
from dialogs.replies import (
    Ask,
    DocumentReply,
    FindingReply,
    InputKind,
    Message,
    Option,
    VerdictReply,
    for_people,
)
from knowledge.criteria import Status

MAX_CALLBACK_BYTES = 64
SENT_CAPTION = "Här är din ansökan som Word-dokument. Den har skickats till samordnaren."
SAVED_CAPTION = "Här är din ansökan som Word-dokument."
MAX_TEXT = 4096
MAX_CAPTION = 1024
CHECKED = "✅ "
UNCHECKED = "☐ "
DONE_LABEL = "Klar ✔"
SEP = "|"

YES_NO = (Option(True, "Ja"), Option(False, "Nej"))

STATUS_MARKS = {
    Status.PASS: "✅",
    Status.FAIL: "❌",
    Status.UNKNOWN: "❓",
    Status.ADVICE: "💡",
}


class Tag(enum.StrEnum):
    """The first part of every ``callback_data``: what the button does."""

    VALUE = "v"  # answer with a JSON value
    NUMBER = "n"  # answer with an option number (value too long for callback_data)
    TOGGLE = "t"  # flip one multi-choice option
    DONE = "d"  # send the multi-choice selection
    ERASE = "r"  # /radera confirmation (applicant module)
    FAQ = "f"  # staff FAQ dialog buttons (staff module)


class OutText(NamedTuple):
    """A text message to send, with an optional inline keyboard."""

    text: str
    markup: InlineKeyboardMarkup | None = None


@dataclass(frozen=True)
class OutDocument:
    """A submitted application's document to send (its bytes come from the store)."""

    application_id: str
    filename: str
    caption: str


Outgoing = OutText | OutDocument


def field_tag(field: str) -> str:
    """A 4-hex-digit hash of a name: short enough for callback_data."""
    return f"{zlib.crc32(field.encode()) & 0xFFFF:04x}"


def render(replies: list[Any]) -> list[Outgoing]:
    """Turns dialog replies into what to send, merging consecutive plain texts.

    Consecutive ``Message``s, findings and verdicts become one Telegram message (fewer
    calls, less rate limiting); a question with buttons ends such a group.
    """
    out: list[Outgoing] = []
    buffer: list[str] = []
    for reply in for_people(replies):
        if isinstance(reply, Ask):
            markup = keyboard_for(reply)
            if markup is None:
                buffer.append(reply.text)
                continue
            _flush(buffer, out)
            *head, last = split_text(reply.text) or [""]
            out.extend(OutText(chunk) for chunk in head)
            out.append(OutText(last, markup))
        elif isinstance(reply, Message):
            buffer.append(reply.text)
        elif isinstance(reply, FindingReply):
            buffer.append(finding_text(reply))
        elif isinstance(reply, VerdictReply):
            buffer.append(reply.text)

        elif isinstance(reply, DocumentReply):
            _flush(buffer, out)
            caption = SENT_CAPTION if reply.sent_to_coordinator else SAVED_CAPTION
            out.append(OutDocument(reply.application_id, reply.filename, caption))
    _flush(buffer, out)
    return out


def _flush(buffer: list[str], out: list[Outgoing]) -> None:
    """Sends the texts gathered so far as one message (split only when too long)."""
    if buffer:
        out.extend(OutText(chunk) for chunk in split_text("\n\n".join(buffer)))
        buffer.clear()


def finding_text(reply: FindingReply) -> str:
    """A finding as one line with a mark for its status."""
    try:
        status = Status(reply.status)
    except ValueError:
        return reply.text
    label = status.label.capitalize()
    text = reply.text
    if text.lower().startswith(f"{status.label}:"):  # the message already names it
        text = text[len(status.label) + 1 :].lstrip()
    return f"{STATUS_MARKS[status]} {label}: {text}"


def counted(number: int, one: str, many: str) -> str:
    """A Swedish count with the right form: ``1 idé``, ``3 idéer``."""
    return f"1 {one}" if number == 1 else f"{number} {many}"


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Splits a long text at paragraph or line breaks into Telegram-sized pieces."""
    if len(text) <= limit:
        return [text] if text else []
    pieces: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut <= 0:
            cut = limit
        pieces.append(text[:cut])
        text = text[cut:].lstrip("\n")
    if text:
        pieces.append(text)
    return pieces


def _data(*parts: str) -> str:
    return SEP.join(parts)


def _fits(data: str) -> bool:
    return len(data.encode("utf-8")) <= MAX_CALLBACK_BYTES


def keyboard_for(ask: Ask) -> InlineKeyboardMarkup | None:
    """The inline keyboard for a question, or None when it is answered by typing.

    A list's "add a row?" question gets Ja/Nej buttons too (the engine reads true/false
    there as add/done); typing, e.g. a JSON array, still works.
    """
    if ask.options:
        return _keyboard(ask)
    if ask.input is InputKind.LIST:
        return _keyboard(replace(ask, options=YES_NO))
    return None


def _keyboard(ask: Ask) -> InlineKeyboardMarkup:
    turn = str(ask.turn)
    if ask.input is InputKind.MULTICHOICE:
        selected = {json.dumps(v) for v in ask.selected}
        rows = [
            [_toggle_button(turn, number, option.value, option.label, selected_now)]
            for number, option in enumerate(ask.options, start=1)
            for selected_now in [json.dumps(option.value) in selected]
        ]
        rows.append([InlineKeyboardButton(DONE_LABEL, callback_data=_data(Tag.DONE, turn))])
        return InlineKeyboardMarkup(rows)
    buttons = []
    for number, option in enumerate(ask.options, start=1):
        data = _data(Tag.VALUE, turn, json.dumps(option.value, ensure_ascii=False))
        if not _fits(data):
            data = _data(Tag.NUMBER, turn, str(number))
        buttons.append(InlineKeyboardButton(option.label, callback_data=data))
    if ask.input in (InputKind.BOOL, InputKind.CONFIRM, InputKind.LIST) and len(buttons) <= 3:
        return InlineKeyboardMarkup([buttons])  # Ja / Nej side by side
    return InlineKeyboardMarkup([[button] for button in buttons])


def _toggle_button(
    turn: str, number: int, value: Any, label: str, on: bool
) -> InlineKeyboardButton:
    flag = "1" if on else "0"
    data = _data(Tag.TOGGLE, turn, flag, json.dumps(value, ensure_ascii=False))
    if not _fits(data):
        data = _data(Tag.TOGGLE, turn, flag, f"#{number}")
    return InlineKeyboardButton((CHECKED if on else UNCHECKED) + label, callback_data=data)


@dataclass(frozen=True)
class Press:
    """A decoded button press.

    Attributes:
        tag: What the button does.
        key: The dialog turn of an answer button (as text), or the key of another kind.
        rest: The parts after it.
    """

    tag: Tag
    key: str
    rest: list[str]

    @property
    def turn(self) -> int:
        """The dialog turn the button was shown in (-1 for a button of an older bot,
        which names no turn: it can never match, so it is refused as stale)."""
        return int(self.key) if self.key.isdigit() else -1


def decode(data: str) -> Press | None:
    """Reads ``callback_data``; None for data this bot never made."""
    parts = data.split(SEP)
    try:
        tag = Tag(parts[0])
    except ValueError:
        return None
    return Press(tag, parts[1] if len(parts) > 1 else "", parts[2:])


def answer_event(press: Press) -> ValueInput | TextInput | None:
    """The dialog event for pressing a VALUE or NUMBER button."""
    if press.tag is Tag.VALUE and press.rest:
        try:
            return ValueInput(json.loads(SEP.join(press.rest)), turn=press.turn)
        except ValueError:
            return None
    if press.tag is Tag.NUMBER and press.rest:
        return TextInput(press.rest[0], turn=press.turn)
    return None


def toggled(markup: InlineKeyboardMarkup, data: str) -> InlineKeyboardMarkup:
    """The multi-choice keyboard with the button whose data is ``data`` flipped."""
    rows = []
    for row in markup.inline_keyboard:
        new_row = []
        for button in row:
            press = decode(button.callback_data or "")
            if button.callback_data == data and press is not None and press.rest:
                on = press.rest[0] != "1"
                label = button.text.removeprefix(CHECKED).removeprefix(UNCHECKED)
                value_part = SEP.join(press.rest[1:])
                new_data = _data(Tag.TOGGLE, press.key, "1" if on else "0", value_part)
                button = InlineKeyboardButton(
                    (CHECKED if on else UNCHECKED) + label, callback_data=new_data
                )
            new_row.append(button)
        rows.append(new_row)
    return InlineKeyboardMarkup(rows)


def selection(markup: InlineKeyboardMarkup, turn: int) -> tuple[ValueInput | TextInput, list[str]]:
    """The event for "Klar" on a multi-choice keyboard, and the chosen labels.

    Values go as a JSON list; if any value had to be replaced by its number (too long for
    ``callback_data``), the numbers are sent as text ("1, 3"), which the engine parses too.
    """
    values: list[Any] = []
    numbers: list[str] = []
    labels: list[str] = []
    by_number = False
    number = 0
    for row in markup.inline_keyboard:
        for button in row:
            press = decode(button.callback_data or "")
            if press is None or press.tag is not Tag.TOGGLE or not press.rest:
                continue
            number += 1
            if press.rest[0] != "1":
                continue
            labels.append(button.text.removeprefix(CHECKED))
            value_part = SEP.join(press.rest[1:])
            numbers.append(str(number))
            if value_part.startswith("#"):
                by_number = True
            else:
                values.append(json.loads(value_part))
    if by_number:
        return TextInput(", ".join(numbers), turn=turn), labels
    return ValueInput(values, turn=turn), labels


def button_label(markup: InlineKeyboardMarkup | None, data: str) -> str | None:
    """The text of the button carrying ``data`` in a keyboard."""
    if markup is None:
        return None
    for row in markup.inline_keyboard:
        for button in row:
            if button.callback_data == data:
                return button.text
    return None
