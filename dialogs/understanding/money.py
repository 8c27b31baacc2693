"""Amounts of money in whole kronor, as people type them.

``1 200 000``, ``1 200 000 kr``, ``1200000``, ``1.200.000``, ``1,2 miljoner``,
``1,2 mkr``, ``850 tkr``, ``850 000:-``, ``en miljon``, ``två miljoner``,
``en halv miljon``, ``ca 1,2 mkr``, ``vi söker 2,4 miljoner totalt``,
``300 000 kr per år``, ``300' kr`` and ``300k`` (thousands), ``1,5 mille``,
``en miljon tvåhundratusen``, ``600 000 kr för tre år`` (the whole sum).
Exactly one amount per line (the same amount written twice, ``1 200 000 kr
(1,2 mkr)``, is one); a negative, a share, a vague quantity ("några hundra
tusen"), a bound ("mer än 600 000 kr"), a monthly or per-term sum is asked
back, and so is "per år" where the whole sum is asked (and "totalt" or a
number of years where a yearly one is). A bare number below 1 000 (``600``)
could be kronor or thousands and is asked back with both readings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from dialogs.replies import Option
from dialogs.understanding.numbers import (
    FIRST_YEAR,
    LAST_YEAR,
    NOT_EXACT,
    SEVERAL_NUMBERS,
    VAGUE,
    Number,
    comparative,
    find_numbers,
    negative_before,
    shown,
    vague_word,
    word_number,
)
from dialogs.understanding.results import Ambiguous, ParseError, Understood
from dialogs.understanding.text import normalise, strip_approximately, trim_punctuation
from knowledge.formatting import format_money

MONEY_EXAMPLE = "ett belopp i kronor väntades, t.ex. 1 200 000 kr, 850 tkr eller 1,2 mkr"
WHOLE_KRONOR = "ett belopp i hela kronor väntades, t.ex. 1 200 000 kr"
BARE_DECIMAL = (
    "ett belopp i hela kronor väntades; skriv enheten, t.ex. {typed} mkr eller {typed} tkr"
)
KRONOR_OR_THOUSANDS = "menar du {thousands} eller {kronor}? Skriv t.ex. {typed} tkr"
NOT_NEGATIVE = "ett belopp i kronor som inte är negativt väntades, t.ex. 300 000 kr"
NOT_A_SHARE = "ett belopp i kronor väntades, inte en procentsats; t.ex. 600 000 kr"
PER_MONTH = (
    "skriv beloppet per år eller för hela perioden, inte per månad, termin eller vecka; "
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
    "miljarder": 1_000_000_000, "mille": 1_000_000, "k": 1_000, "kkr": 1_000, "'": 1_000,
}  # fmt: skip
# 300' and 300k are thousands as accountants and the rest of us write them.
_UNIT = re.compile(
    r"\s*(?P<unit>miljoner|miljon|miljarder|miljard|milj\.?|mnkr|mkr|msek|mille|tusen|tkr|kkr"
    r"|kronor|kr\.?|sek|:-|k)(?![a-zåäö])(?:\s*(?:kronor|kr\.?|sek)(?![a-zåäö]))?"
    r"|(?P<prime>['’´′])(?:\s*(?:kronor|kr\.?|sek)(?![a-zåäö]))?"
)
_MILLIONS = frozenset({"miljoner", "miljon", "milj", "mnkr", "mkr", "msek", "mille"})
# "600 000 kr för tre år": the whole sum, over that many years.
_DURATION = re.compile(
    r"\s*(?:för|under|i|över|på)\s+(?:hela\s+)?(?:de\s+)?(?P<n>\d{1,2}|[a-zåäö]+)\s+(?:år|åren)"
    r"(?![a-zåäö])"
)
_PER_YEAR = re.compile(
    r"\s*(?:per år|om året|i året|/\s*år|per annum|årligen|varje år|årsvis)(?![a-zåäö])"
)
_TOTAL = re.compile(
    r"\b(?:totalt|sammanlagt|sammantaget|allt som allt|i hela projektet|"
    r"för hela (?:projektet|perioden|projekttiden|satsningen))\b"
)
_PER_MONTH = re.compile(
    r"(?:per|i|/)\s*(?:månad|månaden|mån|vecka|veckan|timme|timmen|tim|termin|terminen|"
    r"kvartal|kvartalet|halvår|halvåret)\b|månadsvis|veckovis|terminsvis|kvartalsvis"
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
        years: The number of years a duration after it names ("för tre år").
        typed: The number as typed (``600``), for messages.
    """

    kronor: int
    start: int
    end: int
    per_year: bool = False
    unit: str = ""
    years: int | None = None
    typed: str = ""


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
        if amounts and number.start < amounts[-1].end:  # the years of a duration
            continue
        if skip_years and is_year(number, text):
            continue
        unit = _UNIT.match(text, number.end)
        name = (unit["unit"] or "'").rstrip(".") if unit else ""
        end = unit.end() if unit else number.end
        per = _PER_YEAR.match(text, end)
        if per:
            end = per.end()
        if negative_before(text, number):
            raise ParseError(NOT_NEGATIVE)
        bound = comparative(text, number)
        if bound:
            raise ParseError(NOT_EXACT.format(words=bound, what="beloppet", example="1 200 000 kr"))
        typed = text[number.start : number.end]
        value = number.value * _MULTIPLIERS.get(name, 1)
        if value != value.to_integral_value():
            raise ParseError(BARE_DECIMAL.format(typed=typed) if not name else WHOLE_KRONOR)
        years = _duration(text, end)
        if years is not None:
            end = _DURATION.match(text, end).end()  # type: ignore[union-attr]
        found = Amount(int(value), number.start, end, per is not None, name, years, typed)
        if amounts and _adds_up(text, amounts[-1], found):
            previous = amounts.pop()
            found = Amount(
                previous.kronor + found.kronor, previous.start, found.end,
                found.per_year, previous.unit, found.years, previous.typed,
            )  # fmt: skip
        amounts.append(found)
    return amounts


def _duration(text: str, at: int) -> int | None:
    """The years of "för tre år" right after an amount, or None."""
    match = _DURATION.match(text, at)
    if not match:
        return None
    typed = match["n"]
    years = int(typed) if typed.isdigit() else word_number(typed)
    return years if years else None


def _adds_up(text: str, first: Amount, second: Amount) -> bool:
    """``en miljon tvåhundratusen``, ``1 mkr 200 tkr``: millions, then thousands below one."""
    between = text[first.end : second.start].strip()
    return (
        first.unit in _MILLIONS
        and not first.per_year
        and first.years is None
        and between in ("", "och")
        and second.unit not in _MILLIONS
        and 1_000 <= second.kronor < 1_000_000
    )


def is_total(text: str) -> bool:
    """Whether the line says the amount is the whole sum ("totalt", "sammanlagt")."""
    return bool(_TOTAL.search(text))


def check_sum(text: str) -> None:
    """Refuses a share, a vague quantity or a monthly sum where an amount is asked.

    Raises:
        ParseError: saying what was expected.
    """
    if "%" in text or "procent" in text or _is_share(text):
        raise ParseError(NOT_A_SHARE)
    vague = vague_word(text)
    if vague:
        raise ParseError(
            VAGUE.format(word=f"”{vague}”", what="ett belopp i kronor", example="1 200 000 kr")
        )
    if _PER_MONTH.search(text):
        raise ParseError(PER_MONTH)


_SHARE = re.compile(r"(?<![\d/.])(\d{1,3})\s*/\s*(\d{1,3})(?![\d/.])")


def _is_share(text: str) -> bool:
    """``50/50``, ``60/40``, ``1/3``: a split or a fraction, not kronor."""
    for match in _SHARE.finditer(text):
        first, second = int(match[1]), int(match[2])
        if first + second == 100 or 0 < first < second <= 10:
            return True
    return False


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
    if len(amounts) > 1 and len({(a.kronor, a.per_year) for a in amounts}) == 1:
        amounts = amounts[:1]  # "1 200 000 kr (1,2 mkr)": the same amount twice
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
    total = is_total(cleaned) or (amount.years is not None and not amount.per_year)
    if amount.per_year and (period == "total" or (period is None and amount.years)):
        years = amount.years or 3
        whole = format_money(amount.kronor * years)
        raise ParseError(
            WANTS_TOTAL.format(amount=format_money(amount.kronor), total=whole).replace(
                "3 ×", f"{years} ×"
            )
        )
    if period == "year" and total:
        raise ParseError(WANTS_YEAR.format(example=format_money(amount.kronor)))
    if not amount.unit and 0 < amount.kronor < 1_000:
        raise kronor_or_thousands(amount)
    echo = echo_amount(amount)
    literal = trim_punctuation(normalise(text)) == echo
    return Understood(amount.kronor, None if literal else echo)


def kronor_or_thousands(amount: Amount) -> Ambiguous:
    """``600`` with no unit: 600 kr or 600 000 kr? Both readings, thousands first."""
    kronor, thousands = format_money(amount.kronor), format_money(amount.kronor * 1_000)
    message = KRONOR_OR_THOUSANDS.format(kronor=kronor, thousands=thousands, typed=amount.typed)
    choices = (Option(amount.kronor * 1_000, thousands), Option(amount.kronor, kronor))
    return Ambiguous(message, choices)


# Words beside an amount that change what it means: the line is asked back.
_CHANGES = re.compile(
    r"\b(?:eller|mellan|utom|minus|plus|exkl|exklusive|moms|inte|ej|varav|resten|andel|"
    r"tredjedel|fjärdedel|dubbla|dubbelt|gånger|upp till|från och med|styck|styckpris|"
    r"vardera|var och en)\b|[×*+à]|\d\s*x\s*\d|\bá\b"
)


# After a bare number (no "kr"), a noun says it counts something else: "150 personer".
_COUNTED = re.compile(r"\s*(?!(?:och|i|för|från|till|ur|som|av|totalt|sammanlagt)\b)[a-zåäö]")


def _only_amount_words(text: str, amount: Amount) -> bool:
    """Whether nothing beside the amount changes it ("eller", "minus", "exklusive moms")."""
    if not amount.unit and _COUNTED.match(text, amount.end):
        return False
    return not _CHANGES.search(f"{text[: amount.start]} {text[amount.end :]}")
