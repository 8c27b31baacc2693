"""The one entry for a single-value question: ``understand_input(kind, raw, ...)``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from dialogs.flow import YEAR_FORMAT
from dialogs.replies import InputKind, Option
from dialogs.understanding.choices import understand_choice, understand_multichoice
from dialogs.understanding.dates import Role, understand_date
from dialogs.understanding.money import Period, understand_money
from dialogs.understanding.numbers import understand_integer, understand_year
from dialogs.understanding.percent import understand_percent
from dialogs.understanding.results import ParseError, Unclear, Understood
from dialogs.understanding.text import fold
from dialogs.understanding.yesno import understand_bool
from knowledge.formatting import format_number

TEXT_EXPECTED = "ett svar i text väntades – skriv med egna ord, eller /hoppa för att hoppa över"
TOO_LONG = "svaret är för långt ({n} tecken, högst {max}); svara kort"
# Far more than any answer (a free text has at most 4 000 characters): a pasted document.
MAX_LINE = 10_000
# Lines that say there is no answer yet: stored, they would count as answered.
NO_ANSWER_YET = (
    "det låter som att du inte har svaret än – skriv /hoppa för att hoppa över frågan "
    "(den står då som obesvarad och du kan svara senare), eller svara med egna ord"
)
_NO_ANSWER = re.compile(
    r"(?:vet (?:inte|ej)(?: an| annu| riktigt)?|ingen aning|oklart|osakert|inte klart(?: an)?|"
    r"inte bestamt(?: an)?|aterkommer(?: senare| om det)?|tbd|tba|n/?a|x+|[-–—.…_*?]+|"
    r"inget svar|kommer senare|fylls i senare|vi aterkommer|har ingen aning)"
)


# Which money fields hold a yearly sum and which the whole sum (answers.md).
MONEY_PERIODS: dict[str, Period] = {
    "requested_amount": "total",
    "cofinancing[].amount": "total",
    "budget[].cost": "year",
    "cost_reductions[].amount_per_year": "year",
}
DATE_ROLES: dict[str, Role] = {"start_date": "start", "end_date": "end"}
# Integer fields that count years: months are turned into years, "mer än 10" asked back.
YEAR_COUNTS = frozenset({"repayment_years", "savings_horizon_years"})


def _shape(field: str | None) -> str:
    """``budget[1].cost`` → ``budget[].cost``."""
    return re.sub(r"\[\d*\]", "[]", field or "")


def check_length(text: str) -> None:
    """Refuses a line far longer than any answer (a pasted document) before reading it.

    Raises:
        ParseError: naming the length and the limit.
    """
    if len(text) > MAX_LINE:
        raise ParseError(TOO_LONG.format(n=format_number(len(text)), max=format_number(MAX_LINE)))


def _iso(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def understand_input(
    kind: InputKind,
    raw: Any,
    *,
    field: str | None = None,
    options: Sequence[Option] = (),
    nullable: bool = False,
    fmt: str | None = None,
    typed: bool = True,
    today: dt.date | None = None,
    start: str | None = None,
) -> Understood:
    """What one input means for a question of ``kind``.

    Args:
        kind: The question's input kind.
        raw: Typed text (str) or a JSON value from a button or a script.
        field: The protocol field asked (``start_date``, ``budget[1].cost``): it
            decides a month's day (first for a start, last for an end) and
            whether an amount is per year or the whole sum.
        options: The choices of choice/multichoice questions.
        nullable: Whether a bool question accepts "inte ännu" (null).
        fmt: ``year`` for integer questions that are years.
        typed: False for a JSON value (a button or a script): a string for a text
            field is then taken as it is, even when empty.
        today: For ``nästa år``/``i höst``; without it those are asked back.
        start: The start date already given (ISO), for an end written as a duration.

    Raises:
        ParseError: with what was expected and an example (:class:`Unclear` and
            :class:`Ambiguous` say more, see :mod:`dialogs.understanding.results`).
    """
    if not isinstance(raw, str) or (not typed and kind == InputKind.TEXT):
        if kind == InputKind.MULTICHOICE and isinstance(raw, list):
            known = {o.value for o in options}
            if any(v not in known for v in raw):
                return understand_multichoice(", ".join(str(v) for v in raw), options)
        return Understood(raw)
    text = raw.strip()
    if kind != InputKind.TEXT:
        check_length(text)
    if kind == InputKind.TEXT:
        if not text:
            raise ParseError(TEXT_EXPECTED)
        if _NO_ANSWER.fullmatch(" ".join(fold(text).strip(" .!").split()) or text):
            raise Unclear(NO_ANSWER_YET)
        return Understood(raw.strip("\n"))
    if not text:
        raise ParseError("ett svar väntades")
    match kind:
        case InputKind.INTEGER:
            if fmt == YEAR_FORMAT:
                return understand_year(text)
            return understand_integer(text, unit="år" if field in YEAR_COUNTS else None)
        case InputKind.MONEY:
            return understand_money(text, period=MONEY_PERIODS.get(_shape(field)))
        case InputKind.PERCENT:
            return understand_percent(text)
        case InputKind.DATE:
            begin = _iso(start)
            return understand_date(text, role=DATE_ROLES.get(field or ""), today=today, start=begin)
        case InputKind.BOOL | InputKind.CONFIRM:
            return understand_bool(text, nullable=nullable)
        case InputKind.CHOICE:
            return understand_choice(text, options)
        case InputKind.MULTICHOICE:
            return understand_multichoice(text, options)
    raise ParseError("ett svar väntades")
