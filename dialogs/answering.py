"""Turning one input into the JSON value of one field, and validating it.

The understanding stage (:mod:`dialogs.understanding`) reads typed text; JSON
values (buttons, automation) pass through. ``knowledge.validate_field`` is
always the last check, so a value the dialog accepts is one a whole answers
file would accept.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dialogs.errors import ParseError
from dialogs.replies import InputKind, Option
from dialogs.understanding import TEXT_EXPECTED, understand_input
from knowledge.answers import validate_field
from knowledge.errors import AnswersError

__all__ = ["TEXT_EXPECTED", "checked", "parse_input"]


def parse_input(
    kind: InputKind,
    raw: Any,
    *,
    options: Sequence[Option] = (),
    nullable: bool = False,
    fmt: str | None = None,
    typed: bool = True,
    field: str | None = None,
) -> Any:
    """The JSON value an input gives for a field of ``kind``.

    The value of :func:`dialogs.understanding.understand_input`, which also
    says what was understood; see there for the arguments.

    Raises:
        ParseError: with what was expected and an example.
    """
    return understand_input(
        kind, raw, field=field, options=options, nullable=nullable, fmt=fmt, typed=typed
    ).value


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
