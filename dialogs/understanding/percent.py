"""Percentages and shares: ``50``, ``50 %``, ``50 procent``, ``hälften`` → 0.5.

A bare number below 1 with a decimal (``0,5``) could be 0,5 % or 50 % and is
asked back (:class:`AmbiguousPercent`); shares in words are exact fractions only.
"""

from __future__ import annotations

import re
from decimal import Decimal

from dialogs.replies import Option
from dialogs.understanding.results import Ambiguous, ParseError, Understood
from dialogs.understanding.text import normalise, strip_approximately, trim_punctuation

PERCENT_EXAMPLE = "en procentsats väntades, t.ex. 50 %"


class AmbiguousPercent(Ambiguous):
    """``0,5`` could mean 0,5 % or 50 %: the person is asked back."""

    def __init__(self, typed: str) -> None:
        number = Decimal(typed.replace(",", "."))
        choices = (
            Option(float(number / 100), _percent_text(number)),
            Option(float(number), _percent_text(number * 100)),
        )
        super().__init__(f"menar du {typed} % eller {choices[1].label}? Skriv t.ex. 50 %", choices)


def _percent_text(value: float | Decimal) -> str:
    shown_value = f"{float(value):.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{shown_value} %"


# Shares said in words; exact fractions only.
_SHARE_WORDS = {
    "hälften": Decimal("0.5"),
    "halva": Decimal("0.5"),
    "en fjärdedel": Decimal("0.25"),
    "en kvart": Decimal("0.25"),
    "tre fjärdedelar": Decimal("0.75"),
    "en tiondel": Decimal("0.1"),
}


def understand_percent(text: str) -> Understood:
    """A share: ``50``, ``50 %``, ``50 procent``, ``ca 50 %``, ``hälften`` → 0.5.

    A bare number below 1 with a decimal (``0,5``) is ambiguous and raises
    :class:`AmbiguousPercent` so the dialog asks back.

    Raises:
        ParseError: when the text is not a percentage between 0 and 100.
    """
    cleaned = trim_punctuation(strip_approximately(normalise(text))[0])
    cleaned = re.sub(r"\s*(?:procent|%)(?: av (?:kostnaden|beloppet|budgeten))?$", " %", cleaned)
    for words_, share in _SHARE_WORDS.items():
        if re.fullmatch(rf"{words_}(?: av (?:kostnaden|beloppet|budgeten|det))?", cleaned):
            return Understood(float(share), _percent_text(share * 100))
    match = re.fullmatch(r"(\d+(?:[,.]\d+)?)\s*(%?)", cleaned.strip())
    if not match:
        raise ParseError(PERCENT_EXAMPLE)
    number = Decimal(match[1].replace(",", "."))
    if not match[2] and 0 < number < 1:
        raise AmbiguousPercent(match[1])
    if number > 100:
        raise ParseError("en procentsats mellan 0 och 100 väntades, t.ex. 50 %")
    shown_text = _percent_text(number)
    return Understood(float(number / 100), None if normalise(text) == shown_text else shown_text)
