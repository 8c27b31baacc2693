"""Events: what a person (or a script) sends to the dialog.

Channels turn their input into one of three events. They are plain frozen
dataclasses so any channel (console, JSON lines, Telegram buttons) can build
them without knowing the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from dialogs.understanding.text import fold


class Command(StrEnum):
    """The dialog's commands (ASCII, so they work as Telegram commands)."""

    BACK = "tillbaka"
    SKIP = "hoppa"
    SUMMARY = "sammanfattning"
    HELP = "hjalp"
    CANCEL = "avbryt"
    START = "start"
    EDIT = "andra"


@dataclass(frozen=True, slots=True)
class TextInput:
    """A line of free text exactly as the person typed it.

    Attributes:
        text: The text.
        turn: The dialog turn of the button that sent it (None: typed, any turn).
    """

    text: str
    turn: int | None = None


@dataclass(frozen=True, slots=True)
class ValueInput:
    """A JSON value for the asked field (a button's value, or automation).

    Attributes:
        value: The value.
        field: The question a button answers (None: whatever is asked now).
        turn: The dialog turn the button was shown in (None: any).
    """

    value: Any
    field: str | None = None
    turn: int | None = None


@dataclass(frozen=True, slots=True)
class CommandInput:
    """A command such as ``tillbaka`` (with or without the slash).

    Attributes:
        name: The command name; ``/Tillbaka``, ``hjälp`` and ``hjalp`` all work.
        argument: Text after the command, e.g. the number in ``/andra 5``.
    """

    name: str
    argument: str = ""

    @property
    def command(self) -> Command | None:
        """The known command, or None for an unknown name."""
        # "/hjälp" and "/ändra" are what Swedes type; the commands are ASCII.
        name = fold(self.name.strip().lstrip("/").split("@", 1)[0])
        try:
            return Command(name)
        except ValueError:
            return None


Event = TextInput | ValueInput | CommandInput


def command_of(text: str) -> CommandInput | None:
    """The command a typed line is, when it starts with ``/`` (``/andra 5``)."""
    stripped = text.strip()
    if not stripped.startswith("/") or len(stripped) < 2:
        return None
    name, _, argument = stripped.partition(" ")
    return CommandInput(name, argument.strip())


# Commands typed as words without the slash ("hoppa över", "tillbaka"): as a whole line
# no answer means them, and storing "hoppa" as an answer would count as answered.
SPOKEN: dict[str, Command] = {
    "hoppa": Command.SKIP, "hoppa over": Command.SKIP, "hoppa over fragan": Command.SKIP,
    "skippa": Command.SKIP, "skip": Command.SKIP, "hoppa over den": Command.SKIP,
    "tillbaka": Command.BACK, "ga tillbaka": Command.BACK, "backa": Command.BACK,
    "foregaende": Command.BACK, "foregaende fraga": Command.BACK,
    "sammanfattning": Command.SUMMARY, "visa sammanfattning": Command.SUMMARY,
    "visa sammanfattningen": Command.SUMMARY, "hjalp": Command.HELP, "avbryt": Command.CANCEL,
}  # fmt: skip


def spoken_command(text: str) -> CommandInput | None:
    """The command a whole typed line names without a slash (``hoppa över``), or None."""
    if len(text) > 40:  # no command is longer; a pasted text is never folded here
        return None
    words = " ".join(fold(text).strip(" .!").split())
    command = SPOKEN.get(words)
    return CommandInput(command.value) if command is not None else None
