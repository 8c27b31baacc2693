"""List questions (partners, budget, co-financing, cost reductions): their prompts.

A list is first asked as a whole: people type it in one line ("Röda korset,
Sandvikens kommun och IFK Gävle"), answer ja to add rows one at a time, nej when
there is none, or (automation) send a JSON array. What a row still misses is then
asked row by row (:mod:`dialogs.filling`). These helpers are pure: they build the
texts and names the engine shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dialogs.errors import ParseError
from dialogs.flow import ItemStep, Step, enum_options
from dialogs.replies import InputKind, Option
from dialogs.showing import format_item
from dialogs.texts import (
    LIST_EMPTY_PROMPT,
    LIST_MORE_PROMPT,
    LIST_SO_FAR,
    NONE_PRONOUNS,
    SUGGESTION_HEAD,
    SUGGESTION_QUESTION,
)
from dialogs.understanding.lists import show_row
from knowledge.answers import decode_json

# What "ja, X också" looks like for each list, in the "en till?" prompt.
MORE_EXAMPLES = {
    "partners": "Röda korset",
    "budget": "2030: 500 000 kr",
    "cofinancing": "Region Gävleborg 100 000 kr kontant",
    "cost_reductions": "Regionen 100 000 kr per år från 2031",
    "signatories": "Anna Berg, verksamhetschef, Karlskrona kommun",
}
# The sub-field that names a row, shown in its questions ("Samverkanspart 2 – Röda korset").
NAME_FIELDS = {
    "partners": "name",
    "budget": "year",
    "cofinancing": "party",
    "cost_reductions": "organisation",
    "signatories": "name",
}
# How a guessed value is named in the confirmation ("Jag gissar organisationstypen …").
SUGGESTED_WHAT = {"org_type": "organisationstypen"}


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


def item_spec(step: Step, field: str) -> ItemStep:
    """The sub-step of a list's rows for ``field`` (``org_type``)."""
    return next(i for i in step.spec.item or () if i.field == field)


def item_fields(step: Step) -> list[str]:
    """A list's row sub-fields in the flow's order."""
    return [i.field for i in step.spec.item or ()]


def item_options(step: Step, field: str) -> tuple[Option, ...]:
    """The choices of a row's sub-field (empty unless it is a choice)."""
    item = item_spec(step, field)
    return enum_options(item.options) if item.input == InputKind.CHOICE and item.options else ()


def item_field(top: str, index: int, field: str) -> str:
    """The protocol field of a row's sub-field: ``budget[1].cost``."""
    return f"{top}[{index}].{field}"


def _item_word(step: Step) -> str:
    # item_name carries its article ("ett budgetår"); the row title drops it.
    name = (step.spec.item_name or "en rad").split(" ", 1)[-1]
    return f"{name[:1].upper()}{name[1:]}"


def list_prompt(step: Step, items: list[dict]) -> str:
    """The rows so far and what can be typed: the whole list, ja, nej, or a change."""
    name = step.spec.item_name or "en rad"
    if not items:
        none = NONE_PRONOUNS.get(name.split(" ", 1)[0], NONE_PRONOUNS["en"])
        return LIST_EMPTY_PROMPT.format(item=name, none=none)
    rows = "\n".join(f"{n}. {format_item(step.top, item)}" for n, item in enumerate(items, 1))
    example = MORE_EXAMPLES.get(step.top, "…")
    return f"{LIST_SO_FAR}\n{rows}\n{LIST_MORE_PROMPT.format(item=name, example=example)}"


def row_title(step: Step, index: int, row: Mapping[str, Any], field: str) -> str:
    """``Samverkanspart 2 – Röda korset`` (the row's name, unless it is what is asked)."""
    title = f"{_item_word(step)} {index + 1}"
    name_field = NAME_FIELDS.get(step.top)
    name = row.get(name_field) if name_field and name_field != field else None
    return f"{title} – {name}" if name not in (None, "") else title


def item_prompt(step: Step, index: int, row: Mapping[str, Any], field: str) -> str:
    """The question for one sub-field of row ``index``."""
    item = item_spec(step, field)
    text = f"{row_title(step, index, row, field)}: {item.question}"
    return f"{text}\n({item.example})" if item.example else text


def suggestion_prompt(
    step: Step, rows: list[tuple[Mapping[str, Any], Any]], field: str, options: tuple
) -> str:
    """One question confirming the guessed ``field`` of several rows."""
    labels = {o.value: o.label for o in options}
    what = SUGGESTED_WHAT.get(field, "värdet")
    lines = [SUGGESTION_HEAD.format(what=what)]
    for row, value in rows:
        lines.append(f"• {show_row(step.top, row)}: {labels.get(value, value)}")
    lines.append(SUGGESTION_QUESTION)
    return "\n".join(lines)
