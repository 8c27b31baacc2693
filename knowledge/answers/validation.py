"""Validating answers: a whole file, a decoded object, or one field."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Annotated, Any

from pydantic import TypeAdapter, ValidationError

from knowledge.answers.model import ANSWER_FIELDS, Answers, shown_value
from knowledge.errors import AnswersError


def format_loc(loc: tuple[Any, ...]) -> str:
    """Turns a pydantic location into a field path: ``budget[1].cost``."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif isinstance(part, str) and part.startswith("function-"):
            continue  # pydantic's validator frames, not fields
        else:
            path += f".{part}" if path else str(part)
    return path


def _first_error(error: ValidationError, *, within: tuple[str, ...] = ()) -> tuple[str, str]:
    first = error.errors(include_url=False)[0]
    path = format_loc((*within, *first["loc"]))
    if first["type"] == "extra_forbidden":
        return path, "okänt fält (se answers.md för de fält som finns)"
    if first["type"] == "missing":
        return path, "fältet saknas men krävs i varje rad"
    return path, first["msg"]


def parse_answers(data: Any, *, source: str = "svaren") -> Answers:
    """Validates a decoded JSON value as an answer object.

    Args:
        data: The decoded JSON (must be an object).
        source: Label used in error messages, normally the file name.

    Returns:
        The validated answers.

    Raises:
        AnswersError: naming the source and the first bad field path.
    """
    if not isinstance(data, dict):
        raise AnswersError(source, "", f"ett JSON-objekt väntades, fick {shown_value(data)}")
    try:
        return Answers.model_validate(data)
    except ValidationError as error:
        path, reason = _first_error(error)
        raise AnswersError(source, path, reason) from None


def validate_field(name: str, value: Any, *, source: str = "svaret") -> Any:
    """Validates one top-level field's JSON value; returns the JSON value to store.

    Used by the dialog so a single answer is checked exactly as a whole file is: the
    field's own type from :class:`Answers` validates it (without building a whole
    model, which every dialog step would otherwise pay for).

    Raises:
        AnswersError: naming the field path.
    """
    if name not in ANSWER_FIELDS:
        raise AnswersError(source, name, "okänt fält")
    parsed = _typed(name, value, source)
    if type(parsed) in _JSON_SCALARS:
        return parsed  # already its JSON value (enums and dates are other types)
    return _field_adapter(name).dump_python(parsed, mode="json", exclude_unset=True)


def _typed(name: str, value: Any, source: str) -> Any:
    """One known field's value validated by the field's own type (typed, not JSON)."""
    try:
        return _field_adapter(name).validate_python(value)
    except ValidationError as error:
        path, reason = _first_error(error, within=(name,))
        raise AnswersError(source, path, reason) from None


_JSON_SCALARS = frozenset({str, int, float, bool, type(None)})


@functools.cache
def _field_adapter(name: str) -> TypeAdapter:
    info = Answers.model_fields[name]
    annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return TypeAdapter(annotation)


def load_answers(path: str | Path) -> Answers:
    """Reads and validates an answers JSON file.

    Raises:
        AnswersError: for an unreadable file, invalid JSON or a bad field.
    """
    path = Path(path)
    name = path.name
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AnswersError(name, "", "filen finns inte") from None
    except IsADirectoryError:
        raise AnswersError(name, "", "är en mapp, inte en fil") from None
    except UnicodeDecodeError:
        raise AnswersError(name, "", "filen är inte text i UTF-8") from None
    except PermissionError:
        raise AnswersError(name, "", "filen får inte läsas (behörighet saknas)") from None
    except OSError as error:
        raise AnswersError(name, "", f"filen kan inte läsas ({error.__class__.__name__})") from None
    if not raw.strip():
        raise AnswersError(name, "", "filen är tom; ett JSON-objekt väntades")
    try:
        data = decode_json(raw)
    except ValueError as error:
        raise AnswersError(name, "", str(error)) from None
    return parse_answers(data, source=name)


MAX_JSON_CHARS = 1_000_000  # an answers file is a few KB; a megabyte is no answer


def decode_json(text: str) -> Any:
    """Decodes JSON typed or sent as an answer, refusing what no answer could be.

    Raises:
        ValueError: with a Swedish reason: invalid JSON (line and column), too large,
            nested too deep, or a number with too many digits.
    """
    if len(text) > MAX_JSON_CHARS:
        raise ValueError(f"för stor JSON ({len(text)} tecken, högst {MAX_JSON_CHARS})")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        reason = _json_reason(error.msg)
        raise ValueError(
            f"ogiltig JSON på rad {error.lineno}, kolumn {error.colno}: {reason}"
        ) from None
    except RecursionError:
        raise ValueError("JSON:en är för djupt nästlad för att vara ett svar") from None
    except ValueError:  # an integer of more than 4300 digits
        raise ValueError("JSON:en har ett tal med för många siffror") from None


# The json module's messages (English) and what they mean for a person editing the file.
_JSON_REASONS = {
    "Expecting value": "ett värde väntades",
    "Expecting property name enclosed in double quotes": (
        "ett fältnamn inom dubbla citattecken väntades"
    ),
    "Expecting ',' delimiter": "ett kommatecken väntades",
    "Expecting ':' delimiter": "ett kolon väntades",
    "Unterminated string starting at": "en text saknar avslutande citattecken",
    "Invalid control character at": "otillåtet kontrolltecken i en text",
    "Extra data": "mer text efter JSON-objektet",
    "Illegal trailing comma before end of object": "kommatecken före }",
    "Illegal trailing comma before end of array": "kommatecken före ]",
}


def _json_reason(message: str) -> str:
    return _JSON_REASONS.get(message, "felaktig JSON")
