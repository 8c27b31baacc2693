"""Amounts of money in whole kronor, as people type them.

``1 200 000``, ``1 200 000 kr``, ``1200000``, ``1.200.000``, ``1,2 miljoner``,
``1,2 mkr``, ``850 tkr``, ``850 000:-``, ``en miljon``, ``två miljoner``,
``en halv miljon``, ``ca 1,2 mkr``, ``vi söker 2,4 miljoner totalt``,
``300 000 kr per år``. Exactly one amount per line; a negative, a share, a
vague quantity ("några hundra tusen") or a monthly sum is asked back, and so is
"per år" where the whole sum is asked (and "totalt" where a yearly one is).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from dialogs.understanding.numbers import (
    FIRST_YEAR,
    LAST_YEAR,
    SEVERAL_NUMBERS,
    VAGUE,
    Number,
    find_numbers,
    negative_before,
    shown,
    vague_word,
)
from dialogs.understanding.results import Ambiguous, ParseError, Understood
from dialogs.understanding.text import normalise, strip_approximately, trim_punctuation
from knowledge.formatting import format_money

MONEY_EXAMPLE = "ett belopp i kronor väntades, t.ex. 1 200 000 kr, 850 tkr eller 1,2 mkr"
WHOLE_KRONOR = "ett belopp i hela kronor väntades, t.ex. 1 200 000 kr"
NOT_NEGATIVE = "ett belopp i kronor som inte är negativt väntades, t.ex. 300 000 kr"
NOT_A_SHARE = "ett belopp i kronor väntades, inte en procentsats; t.ex. 600 000 kr"
PER_MONTH = (
    "skriv beloppet per år eller för hela perioden, inte per månad eller vecka; "
    "t.ex. 300 000 kr per år"
)
WANTS_TOTAL = (
    "hela beloppet för hela perioden väntades, inte per år; räkna ihop åren, "
    "t.ex. 3 × {amount} = {total}"
)
WANTS_YEAR = "beloppet för ett år väntades, inte totalt; t.ex. {example}"

Period = Literal["year", "total"]

_MULTIPLIERS: dict[str, int] = {
    "kr": 1, "kronor": 1, "sek": 1, ":-": 1, "tkr": 1_000, "tusen": 1_000,
    "mkr": 1_000_000, "milj": 1_000_000, "miljon": 1_000_000, "miljoner": 1_000_000,
    "mnkr": 1_000_000, "msek": 1_000_000, "miljard": 1_000_000_000,
    "miljarder": 1_000_000_000,
}  # fmt: skip
_UNIT = re.compile(
    r"\s*(?P<unit>miljoner|miljon|miljarder|miljard|milj\.?|mnkr|mkr|msek|tusen|tkr|kronor"
    r"|kr\.?|sek|:-)(?![a-zåäö])(?:\s*(?:kronor|kr\.?|sek)(?![a-zåäö]))?"
)
_PER_YEAR = re.compile(
    r"\s*(?:per år|om året|i året|/\s*år|per annum|årligen|varje år|årsvis)(?![a-zåäö])"
)
_TOTAL = re.compile(
    r"\b(?:totalt|sammanlagt|sammantaget|allt som allt|i hela projektet|"
    r"för hela (?:projektet|perioden|projekttiden|satsningen))\b"
)
_PER_MONTH = re.compile(
    r"(?:per|i|/)\s*(?:månad|månaden|mån|vecka|veckan|timme|timmen|tim)\b|månadsvis|veckovis"
)


@dataclass(frozen=True, slots=True)
class Amount:
    """An amount found in a normalised line.

    Attributes:
        kronor: Whole kronor.
        start: Where the number starts.
        end: Where the amount ends (unit and "per år" included).
        per_year: "per år" (or the like) follows.
        unit: The unit as typed (``""`` for a bare number).
    """

    kronor: int
    start: int
    end: int
    per_year: bool = False
    unit: str = ""


def is_year(number: Number, text: str) -> bool:
    """Whether a bare four-digit number is a year (2027), not an amount."""
    typed = text[number.start : number.end]
    return (
        not number.worded
        and typed.isdigit()
        and len(typed) == 4
        and FIRST_YEAR <= int(typed) <= LAST_YEAR
        and not _UNIT.match(text, number.end)
    )


def find_amounts(text: str, *, skip_years: bool = False) -> list[Amount]:
    """Every amount in a normalised line, in order.

    Args:
        text: The line, normalised (``text.normalise``).
        skip_years: Bare four-digit numbers 1990–2100 are years, not amounts.

    Raises:
        ParseError: for a negative amount or one that is not whole kronor.
    """
    amounts: list[Amount] = []
    for number in find_numbers(text):
        if skip_years and is_year(number, text):
            continue
        unit = _UNIT.match(text, number.end)
        name = unit["unit"].rstrip(".") if unit else ""
        end = unit.end() if unit else number.end
        per = _PER_YEAR.match(text, end)
        if per:
            end = per.end()
        if negative_before(text, number):
            raise ParseError(NOT_NEGATIVE)
        value = number.value * _MULTIPLIERS.get(name, 1)
        if value != value.to_integral_value():
            raise ParseError(WHOLE_KRONOR)
        amounts.append(Amount(int(value), number.start, end, per is not None, name))
    return amounts


def is_total(text: str) -> bool:
    """Whether the line says the amount is the whole sum ("totalt", "sammanlagt")."""
    return bool(_TOTAL.search(text))


def check_sum(text: str) -> None:
    """Refuses a share, a vague quantity or a monthly sum where an amount is asked.

    Raises:
        ParseError: saying what was expected.
    """
    if "%" in text or "procent" in text:
        raise ParseError(NOT_A_SHARE)
    vague = vague_word(text)
    if vague:
        raise ParseError(
            VAGUE.format(word=f"”{vague}”", what="ett belopp i kronor", example="1 200 000 kr")
        )
    if _PER_MONTH.search(text):
        raise ParseError(PER_MONTH)


def echo_amount(amount: Amount) -> str:
    """``1 200 000 kr``, ``300 000 kr per år``."""
    return format_money(amount.kronor) + (" per år" if amount.per_year else "")


def understand_money(text: str, *, period: Period | None = None) -> Understood:
    """Whole kronor from one line.

    Args:
        text: The line as typed.
        period: ``"year"`` where an amount per year is asked (a budget year, a
            cost reduction per year): "totalt" is asked back. ``"total"`` where
            the whole sum is asked (the requested amount, a co-financing row):
            "per år" is asked back. None accepts either.

    Returns:
        The kronor; the echo is the amount formatted (``1 200 000 kr``) unless the
        text was exactly that.

    Raises:
        ParseError: with what was expected and an example.
    """
    cleaned, _ = strip_approximately(normalise(text))
    if not cleaned:
        raise ParseError(MONEY_EXAMPLE)
    check_sum(cleaned)
    amounts = find_amounts(cleaned)
    if len(amounts) > 1:
        numbers = find_numbers(cleaned)
        raise Ambiguous(
            SEVERAL_NUMBERS.format(
                numbers=shown(numbers, cleaned), what="ett belopp", example="1 200 000 kr"
            )
        )
    if not amounts:
        raise ParseError(MONEY_EXAMPLE)
    amount = amounts[0]
    if not _only_amount_words(cleaned, amount):
        raise ParseError(f"{MONEY_EXAMPLE}; skriv bara beloppet")
    total = is_total(cleaned)
    if period == "total" and amount.per_year:
        three = format_money(amount.kronor * 3)
        raise ParseError(WANTS_TOTAL.format(amount=format_money(amount.kronor), total=three))
    if period == "year" and total:
        raise ParseError(WANTS_YEAR.format(example=format_money(amount.kronor)))
    echo = echo_amount(amount)
    literal = trim_punctuation(normalise(text)) == echo
    return Understood(amount.kronor, None if literal else echo)


# Words beside an amount that change what it means: the line is asked back.
_CHANGES = re.compile(
    r"\b(?:eller|mellan|utom|minus|plus|exkl|exklusive|moms|inte|ej|varav|resten|andel|"
    r"tredjedel|fjärdedel|dubbla|dubbelt|gånger|upp till|från och med)\b|[×*+]|\d\s*x\s*\d"
)


# After a bare number (no "kr"), a noun says it counts something else: "150 personer".
_COUNTED = re.compile(r"\s*(?!(?:och|i|för|från|till|ur|som|av|totalt|sammanlagt)\b)[a-zåäö]")


def _only_amount_words(text: str, amount: Amount) -> bool:
    """Whether nothing beside the amount changes it ("eller", "minus", "exklusive moms")."""
    if not amount.unit and _COUNTED.match(text, amount.end):
        return False
    return not _CHANGES.search(f"{text[: amount.start]} {text[amount.end :]}")
