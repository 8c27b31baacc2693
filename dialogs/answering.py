"""Turning one input into the JSON value of one field, and validating it.

The parsers of :mod:`dialogs.parsing` read typed text; JSON values (buttons,
automation) pass through. ``knowledge.validate_field`` is always the last
check, so a value the dialog accepts is one a whole answers file would accept.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dialogs.errors import ParseError
from dialogs.flow import YEAR_FORMAT
from dialogs.parsing import (
    parse_bool,
    parse_choice,
    parse_date,
    parse_integer,
    parse_money,
    parse_multichoice,
    parse_percent,
    parse_year,
)
from dialogs.replies import InputKind, Option
from knowledge.answers import validate_field
from knowledge.errors import AnswersError

TEXT_EXPECTED = "ett svar i text väntades – skriv med egna ord, eller /hoppa för att hoppa över"


def parse_input(
    kind: InputKind,
    raw: Any,
    *,
    options: Sequence[Option] = (),
    nullable: bool = False,
    fmt: str | None = None,
    typed: bool = True,
) -> Any:
    """The JSON value an input gives for a field of ``kind``.

    Args:
        kind: The step's input kind.
        raw: Typed text (str) or a JSON value from a button or a script.
        options: The choices of choice/multichoice steps.
        nullable: Whether a bool step accepts "inte ännu" (null).
        fmt: ``year`` for integer steps that are years.
        typed: False for a JSON value (a button or a script): a string for a text
            field is then taken as it is, even when empty.

    Raises:
        ParseError: with what was expected and an example.
    """
    if not isinstance(raw, str) or (not typed and kind == InputKind.TEXT):
        if kind == InputKind.MULTICHOICE and isinstance(raw, list):
            known = {o.value for o in options}
            unknown = [v for v in raw if v not in known]
            if unknown:
                return parse_multichoice(", ".join(str(v) for v in raw), options)
        return raw
    text = raw.strip()
    if kind == InputKind.TEXT:
        if not text:
            raise ParseError(TEXT_EXPECTED)
        return raw.strip("\n")
    if not text:
        raise ParseError("ett svar väntades")
    match kind:
        case InputKind.INTEGER:
            return parse_year(text) if fmt == YEAR_FORMAT else parse_integer(text)
        case InputKind.MONEY:
            return parse_money(text)
        case InputKind.PERCENT:
            return parse_percent(text)
        case InputKind.DATE:
            return parse_date(text)
        case InputKind.BOOL | InputKind.CONFIRM:
            return parse_bool(text, nullable=nullable)
        case InputKind.CHOICE:
            return parse_choice(text, options)
        case InputKind.MULTICHOICE:
            return parse_multichoice(text, options)
    raise ParseError("ett svar väntades")


def checked(top: str, value: Any) -> Any:
    """Validates a top-level field's value exactly as an answers file would.

    Raises:
        ParseError: with the answer model's Swedish reason (and sub-path).
    """
    try:
        return validate_field(top, value)
    except AnswersError as error:
        path = error.path
        where = f"{path}: " if path and path != top else ""
        raise ParseError(f"{where}{error.reason}") from None
