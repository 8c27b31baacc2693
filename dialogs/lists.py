"""List sub-dialogs (partners, budget, co-financing, cost reductions).

A list step first asks whether to add a row; each row's sub-fields are then
asked in turn, and "Vill du lägga till en till?" follows. A JSON array at any
point replaces the whole list (automation). These helpers are pure: they read
what was typed and build texts; the engine keeps the state.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from dialogs.errors import ParseError
from dialogs.flow import Step, enum_options
from dialogs.replies import InputKind, Option
from dialogs.texts import (
    LIST_EMPTY_PROMPT,
    LIST_MORE_PROMPT,
    LIST_SO_FAR,
    NONE_PRONOUNS,
    format_item,
)
from dialogs.understanding import normalise
from dialogs.understanding.yesno import understand_bool
from knowledge.answers import decode_json


class ListAction(StrEnum):
    """What a reply at a list's "add a row?" question means."""

    ADD = "add"
    DONE = "done"
    CLEAR = "clear"
    REPLACE = "replace"


DONE_WORDS = frozenset({"inga", "ingen", "klar", "klart", "färdig", "färdigt", "slut", "nej tack"})
CLEAR_WORDS = frozenset({"töm", "rensa", "börja om listan", "töm listan"})
LIST_EXPECTED = "ja (lägg till en rad) eller nej (listan är klar) väntades"


def as_json_array(raw: Any) -> list | None:
    """The JSON array a raw input is (a decoded list, or typed text ``[...]``)."""
    if isinstance(raw, list):
        return raw
    if isinstance(raw, str) and raw.strip().startswith("["):
        try:
            value = decode_json(raw)
        except ValueError:
            raise ParseError(
                "ogiltig JSON-lista; skicka t.ex. [] eller en lista av objekt"
            ) from None
        if isinstance(value, list):
            return value
    return None


def as_json_object(raw: Any) -> dict | None:
    """The JSON object a raw input is (a decoded dict, or typed text ``{...}``): one row."""
    if isinstance(raw, dict):
        return raw
    if isinstance(raw, str) and raw.strip().startswith("{"):
        try:
            value = decode_json(raw)
        except ValueError:
            raise ParseError("ogiltig JSON; skicka t.ex. en rad som ett objekt {...}") from None
        if isinstance(value, dict):
            return value
    return None


def list_action(raw: Any) -> tuple[ListAction, list | None]:
    """Interprets a reply at the "add a row?" question.

    Raises:
        ParseError: when the reply is none of ja/nej/klar/töm or a JSON array.
    """
    array = as_json_array(raw)
    if array is not None:
        return ListAction.REPLACE, array
    if isinstance(raw, bool):
        return (ListAction.ADD if raw else ListAction.DONE), None
    if not isinstance(raw, str):
        raise ParseError(LIST_EXPECTED)
    words = normalise(raw).rstrip(".!")
    if words in DONE_WORDS:
        return ListAction.DONE, None
    if words in CLEAR_WORDS:
        return ListAction.CLEAR, None
    try:
        return (ListAction.ADD if understand_bool(words).value else ListAction.DONE), None
    except ParseError:
        raise ParseError(LIST_EXPECTED) from None


def item_options(step: Step, sub: int) -> tuple[Option, ...]:
    """The choices of a list row's sub-field (empty unless it is a choice)."""
    item = step.spec.item[sub]
    return enum_options(item.options) if item.input == InputKind.CHOICE and item.options else ()


def item_field(step: Step, index: int, sub: int) -> str:
    """The protocol field of a row's sub-field: ``budget[1].cost``."""
    return f"{step.top}[{index}].{step.spec.item[sub].field}"


def list_prompt(step: Step, items: list[dict]) -> str:
    """The rows so far and the add-a-row question."""
    name = step.spec.item_name or "en rad"
    if not items:
        none = NONE_PRONOUNS.get(name.split(" ", 1)[0], NONE_PRONOUNS["en"])
        return LIST_EMPTY_PROMPT.format(item=name, none=none)
    rows = "\n".join(f"• {format_item(step.top, item)}" for item in items)
    return f"{LIST_SO_FAR}\n{rows}\n{LIST_MORE_PROMPT.format(item=name)}"


def item_prompt(step: Step, index: int, sub: int) -> str:
    """The question for one sub-field of row ``index``."""
    # item_name carries its article ("ett budgetår"); the row title drops it.
    name = (step.spec.item_name or "en rad").split(" ", 1)[-1]
    item = step.spec.item[sub]
    text = f"{name[:1].upper()}{name[1:]} {index + 1}: {item.question}"
    return f"{text}\n({item.example})" if item.example else text
