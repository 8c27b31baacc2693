"""What understanding a line gives: a typed interpretation, or a reason it could not.

Every ``understand_*`` function returns an :class:`Understood` or raises a
:class:`ParseError` (the dialogs package's error for unreadable answers). Two
subclasses tell the engine more than "could not read":

- :class:`Unclear`: the line was an attempt at answering (a multichoice in
  prose, a list line) that could not be read safely; the engine says so and
  asks again, it never answers the line from the FAQ.
- :class:`Ambiguous`: the line names more than one possible value; ``choices``
  holds them so a channel can offer them as buttons ("Vilket av dem?").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dialogs.errors import ParseError
from dialogs.replies import Option

__all__ = ["Ambiguous", "ParseError", "Unclear", "Understood"]


@dataclass(frozen=True, slots=True)
class Understood:
    """One typed interpretation of a line.

    Attributes:
        value: The field's JSON value exactly as ``answers.md`` stores it
            (``1200000``, ``"2027-01-01"``, ``["barn_unga"]``, ``True``, ``None``).
        echo: Swedish, what was understood, when that is not the literal text
            (``"1 200 000 kr"``, ``"1 januari 2027 – 31 december 2029"``); it fits
            ``"Noterat: {echo}."``. None when the text was taken literally.
        also: Other top-level fields the same line sets, e.g. ``{"end_date":
            "2029-12-31"}`` from a range typed at the start-date question.
    """

    value: Any
    echo: str | None = None
    also: Mapping[str, Any] = field(default_factory=dict)


class Unclear(ParseError):
    """An answer that could not be read safely; never a question for the FAQ."""


class Ambiguous(Unclear):
    """The line fits several values; ``choices`` are the candidates, best first.

    Attributes:
        choices: The candidate values with their Swedish labels.
    """

    def __init__(self, message: str, choices: tuple[Option, ...] = ()) -> None:
        super().__init__(message)
        self.choices = choices
