"""One line at a list question: rows, or what to do with the list.

``read_list(top, raw, rows=...)`` gives a :class:`ListReading`:

- ``ROWS``: rows read out of the line (``Röda korset, Sandvikens kommun och IFK
  Gävle``, ``ja, skolan också``, ``2027: 1,2 mkr, 2028: 1,5 mkr``), each
  possibly partial (see :class:`~dialogs.understanding.rows.Row`);
- ``ADD``: a bare yes (``ja``, ``ja tack``): one row, asked field by field;
- ``DONE``: ``nej``, ``klart``, ``det är alla``, ``inga fler``, and any line
  that starts with a no (``nej, vi söker hela beloppet`` is no row);
- ``REMOVE``/``EDIT``: ``ta bort 2``, ``ta bort Röda korset``, ``ändra 1``,
  ``ändra 1 till Röda korset 60 000 kr kontant`` (``index`` is 0-based;
  ``rows`` holds the new row when one was typed);
- ``CLEAR``: ``töm listan``; ``REPLACE``: a JSON array (``array``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from dialogs.understanding.reading import check_length
from dialogs.understanding.results import ParseError, Unclear
from dialogs.understanding.rows import (
    Row,
    budget_rows,
    cofinancing_rows,
    partner_rows,
    reduction_rows,
    signatory_rows,
)
from dialogs.understanding.text import list_lines, squash
from knowledge.answers import CofinancingForm, OrgType, decode_json, label
from knowledge.criteria import same_name
from knowledge.criteria.messages import join_sv
from knowledge.formatting import format_money

LIST_EXPECTED = (
    "skriv raderna (t.ex. Röda korset, Sandvikens kommun), ja för att lägga till en rad "
    "eller nej om listan är klar"
)


class ListVerb(StrEnum):
    """What a line at a list question does."""

    ROWS = "rows"
    ADD = "add"
    DONE = "done"
    REMOVE = "remove"
    EDIT = "edit"
    CLEAR = "clear"
    REPLACE = "replace"


@dataclass(frozen=True, slots=True)
class ListReading:
    """One line at a list question, understood.

    Attributes:
        verb: What the line does.
        rows: The rows read (ROWS; EDIT when the new row was typed).
        index: The row a REMOVE or EDIT is about, 0-based.
        array: The whole list (REPLACE).
        echo: Swedish, what was understood (``tre samverkansparter: …``).
    """

    verb: ListVerb
    rows: tuple[Row, ...] = ()
    index: int | None = None
    array: list[Any] | None = None
    echo: str | None = None


_NAME_FIELD = {
    "partners": "name",
    "budget": "year",
    "cofinancing": "party",
    "cost_reductions": "organisation",
    "signatories": "name",
}
_ITEM_NAMES = {
    "partners": ("en", "samverkanspart", "samverkansparter"),
    "budget": ("ett", "budgetår", "budgetår"),
    "cofinancing": ("en", "medfinansiär", "medfinansiärer"),
    "cost_reductions": ("en", "kostnadsminskning", "kostnadsminskningar"),
    "signatories": ("en", "verksamhetschef", "verksamhetschefer"),
}
_COUNTS = ["två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv"]
_DONE = re.compile(
    r"^(?:nej|nä|nix|inga|ingen|inget|klar|klart|färdig|färdigt|slut|det räcker|"
    r"det (?:är|var) (?:alla|allt|det)|inga fler|inga andra|inget mer|nej tack|"
    r"det är bra så|det var bra så|räcker så|nöjd|inga till)\b",
)
_BUT = re.compile(r"^(?:nej|nä)\W+men\s+(?P<rest>.+)$", re.I | re.S)
_YES = re.compile(r"^(?:ja|jo|japp|jepp|javisst|ja visst|absolut|gärna|ja gärna|ja tack|okej|ok)$")
_YES_LEAD = re.compile(r"^(?:ja|jo|japp|jepp|javisst|absolut)\b[\s,.!:;-]*", re.I)
_CLEAR = re.compile(r"^(?:töm|rensa|nollställ|börja om|ta bort alla|ta bort allt|radera alla)"
                    r"(?: listan| allt| alla)?$")  # fmt: skip
_REMOVE = re.compile(
    r"^(?:ta bort|radera|stryk|ta väck)\s+(?:rad\s+|nr\.?\s*|nummer\s+)?(?P<what>.+)$"
)
_EDIT = re.compile(
    r"^(?:ändra|byt|rätta|korrigera)\s+(?:rad\s+|nr\.?\s*|nummer\s+)?(?P<n>\d+)"
    r"(?:\s*(?::|till|->|=)\s*(?P<rest>.+))?$",
    re.I | re.S,
)


def read_rows(top: str, text: str, *, applicant: str | None = None) -> list[Row]:
    """The rows of a list field in one line.

    Raises:
        ParseError: when the line cannot be read as rows.
    """
    match top:
        case "partners":
            return partner_rows(text)
        case "budget":
            return budget_rows(text)
        case "cofinancing":
            return cofinancing_rows(text, applicant=applicant)
        case "cost_reductions":
            return reduction_rows(text)
        case "signatories":
            return signatory_rows(text)
    raise ParseError(LIST_EXPECTED)


def _count(top: str, number: int) -> str:
    article, one, many = _ITEM_NAMES[top]
    if number == 1:
        return f"{article} {one}"
    return f"{_COUNTS[number - 2] if number <= 12 else number} {many}"


def show_row(top: str, values: Mapping[str, Any]) -> str:
    """A (possibly partial) row the way people read it."""
    get = values.get
    if top == "partners":
        text = str(get("name") or "namnlös part")
        text += f" ({label(get('org_type'), OrgType).lower()})" if get("org_type") else ""
        return text + (f" – {get('role')}" if get("role") else "")
    if top == "budget":
        cost = format_money(get("cost")) if get("cost") is not None else "belopp saknas"
        return f"{get('year') or 'år saknas'}: {cost}"
    if top == "signatories":
        text = ", ".join(str(get(f)) for f in ("name", "title") if get(f)) or "namn saknas"
        return text + (f" ({get('party')})" if get("party") else "")
    name = get("party") if top == "cofinancing" else get("organisation")
    amount = get("amount") if top == "cofinancing" else get("amount_per_year")
    text = f"{name or 'namn saknas'} {format_money(amount) if amount is not None else ''}".strip()
    if top == "cofinancing":
        return text + (f" ({label(get('form'), CofinancingForm).lower()})" if get("form") else "")
    text += " per år" if amount is not None else ""
    return text + (f" från {get('from_year')}" if get("from_year") else "")


def rows_echo(top: str, rows: Sequence[Row]) -> str:
    """``tre samverkansparter: Röda korset, Sandvikens kommun och IFK Gävle``; rows with a
    comma of their own (``Sandvikens kommun, skolan``) are separated by semicolons, so the
    echo shows where one row ends."""
    shown = [show_row(top, r.values) for r in rows]
    joined = "; ".join(shown) if any("," in text for text in shown) else join_sv(shown)
    return f"{_count(top, len(rows))}: {joined}"


def _row_index(top: str, what: str, rows: Sequence[Mapping[str, Any]]) -> int:
    if what.isdigit():
        number = int(what) if len(what) <= 3 else 0  # a row number has few digits
        if not 1 <= number <= len(rows):
            shown = what if len(what) <= 3 else f"{what[:3]}…"
            raise ParseError(f"det finns ingen rad {shown}; listan har {len(rows)} rader")
        return number - 1
    key = _NAME_FIELD[top]
    found = [i for i, row in enumerate(rows) if same_name(str(row.get(key) or ""), what)]
    if len(found) != 1:
        raise ParseError(
            f"jag hittar ingen rad som heter ”{what}”; skriv radens nummer, t.ex. ta bort 2"
        )
    return found[0]


def as_array(raw: Any) -> list[Any] | None:
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


def read_list(
    top: str,
    raw: Any,
    *,
    rows: Sequence[Mapping[str, Any]] = (),
    applicant: str | None = None,
) -> ListReading:
    """One input at a list question (the first ask or "en till?").

    Args:
        top: The list field (``partners``, ``budget``, ``cofinancing``, ``cost_reductions``).
        raw: Typed text, or a JSON value (an array replaces the list; a bool is ja/nej).
        rows: The rows so far, for ``ta bort 2`` and ``ändra 1``.
        applicant: The applicant's name, for a co-financier written as ``vi``.

    Raises:
        ParseError: with what was expected; :class:`Unclear` for a line of rows
            that could not be read safely.
    """
    array = as_array(raw)
    if array is not None:
        return ListReading(ListVerb.REPLACE, array=array)
    if isinstance(raw, bool):
        return ListReading(ListVerb.ADD if raw else ListVerb.DONE)
    if not isinstance(raw, str) or not raw.strip():
        raise ParseError(LIST_EXPECTED)
    check_length(raw.strip())
    text = squash(list_lines(raw))  # line breaks and bullets separate rows
    plain = text.lower().strip(" .!")
    if _CLEAR.match(plain):
        return ListReading(ListVerb.CLEAR)
    removal = _REMOVE.match(plain)
    if removal:
        typed = text.strip(" .!")
        what = typed[len(typed) - len(removal["what"]) :]
        index = _row_index(top, what, rows)
        return ListReading(ListVerb.REMOVE, index=index, echo=f"rad {index + 1} tas bort")
    edit = _EDIT.match(text)
    if edit:
        index = _row_index(top, edit["n"], rows)
        new = read_rows(top, edit["rest"], applicant=applicant) if edit["rest"] else []
        if len(new) > 1:
            raise Unclear("skriv en rad i taget när du ändrar, t.ex. ändra 1 till Röda korset")
        return ListReading(ListVerb.EDIT, tuple(new), index)
    but = _BUT.match(text)
    if but:
        text = but["rest"]
    elif _DONE.match(plain):
        return ListReading(ListVerb.DONE)
    if _YES.match(plain):
        return ListReading(ListVerb.ADD)
    text = _YES_LEAD.sub("", text)
    found = tuple(read_rows(top, text, applicant=applicant))
    if not found:
        raise ParseError(LIST_EXPECTED)
    return ListReading(ListVerb.ROWS, found, echo=rows_echo(top, found))
