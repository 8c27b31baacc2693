"""Parsing what people type into answer values (``answers.md``).

Every parser takes the typed text and returns the JSON value to store, or
raises :class:`ParseError` whose Swedish text says what was expected, with an
example. The final check of every value is ``knowledge.validate_field``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from dialogs.errors import ParseError
from dialogs.replies import Option
from knowledge.faq.text import fold as fold_accents

# Multipliers people write after an amount.
_MONEY_UNITS: dict[str, int] = {
    "": 1,
    "kr": 1,
    "kronor": 1,
    "sek": 1,
    ":-": 1,
    "tkr": 1_000,
    "tusen": 1_000,
    "tusen kr": 1_000,
    "tusen kronor": 1_000,
    "mkr": 1_000_000,
    "milj": 1_000_000,
    "milj kr": 1_000_000,
    "miljon": 1_000_000,
    "miljoner": 1_000_000,
    "miljon kr": 1_000_000,
    "miljoner kr": 1_000_000,
    "miljon kronor": 1_000_000,
    "miljoner kronor": 1_000_000,
    "mnkr": 1_000_000,
    "msek": 1_000_000,
}

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
# Digits with optional thousands groups (space or dot) and an optional decimal part.
_NUMBER = r"(?P<num>\d{1,3}(?:[ .]\d{3})+|\d+)(?:,(?P<dec>\d+))?"
_MONEY = re.compile(rf"^{_NUMBER}\s*(?P<unit>[a-zåäö:.\- ]*?)\.?$")

MONTHS: dict[str, int] = {
    "januari": 1,
    "februari": 2,
    "mars": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "augusti": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
_MONTH_ABBREV = {name[:3]: number for name, number in MONTHS.items()}

YES_WORDS = frozenset({"ja", "j", "yes", "y", "jo", "japp", "jepp", "absolut", "true", "stämmer"})
NO_WORDS = frozenset({"nej", "n", "no", "nä", "nää", "nix", "false", "inte"})
NOT_YET_WORDS = frozenset({"inte ännu", "inte än", "ej ännu", "ännu inte", "vet ej", "null"})

# The answer model's range for years (knowledge/answers.py).
FIRST_YEAR, LAST_YEAR = 1900, 2200

MONEY_EXAMPLE = "ett belopp i kronor väntades, t.ex. 1 200 000 kr, 850 tkr eller 1,2 mkr"
INTEGER_EXAMPLE = "ett heltal väntades, t.ex. 150"
YEAR_EXAMPLE = "ett årtal väntades, t.ex. 2027"
DATE_EXAMPLE = "ett datum väntades, t.ex. 2027-01-01, 1 januari 2027 eller jan 2027"
BOOL_EXAMPLE = "ja eller nej väntades"
PERCENT_EXAMPLE = "en procentsats väntades, t.ex. 50 %"


def normalise(text: str) -> str:
    """Lower-cases, trims and folds runs of white space to one space."""
    return _SPACES.sub(" ", text).strip().lower()


def fold(text: str) -> str:
    """``normalise`` plus removal of accents, for forgiving label matching."""
    return fold_accents(normalise(text))


def _number(num: str, dec: str | None) -> float:
    whole = num.replace(" ", "").replace(".", "")
    return float(f"{whole}.{dec}") if dec else float(whole)


def parse_money(text: str) -> int:
    """Parses an amount in whole kronor.

    Accepts ``1 200 000``, ``1 200 000 kr``, ``1200000``, ``1,2 miljoner``,
    ``1,2 mkr``, ``850 tkr`` and ``850 000:-``.

    Raises:
        ParseError: when the text is not an amount.
    """
    cleaned = normalise(text).removeprefix("ca ").removeprefix("cirka ")
    match = _MONEY.match(cleaned)
    if not match:
        raise ParseError(MONEY_EXAMPLE)
    unit = match["unit"].strip().rstrip(".")
    multiplier = _MONEY_UNITS.get(unit)
    if multiplier is None:
        raise ParseError(MONEY_EXAMPLE)
    value = _number(match["num"], match["dec"]) * multiplier
    if abs(value - round(value)) > 1e-6:
        raise ParseError("ett belopp i hela kronor väntades, t.ex. 1 200 000 kr")
    return round(value)


_INTEGER = re.compile(
    r"^(?:ca\.?|cirka|ungefär|omkring|runt)?\s*(?P<num>\d{1,3}(?:[ .]\d{3})+|\d+)"
    r"\s*(?:[a-zåäö]+\.?)?$"
)


def parse_integer(text: str) -> int:
    """Parses a whole number, allowing ``ca 150`` and ``150 personer``.

    Raises:
        ParseError: when the text is not a whole number.
    """
    match = _INTEGER.match(normalise(text))
    if not match:
        raise ParseError(INTEGER_EXAMPLE)
    return int(match["num"].replace(" ", "").replace(".", ""))


def parse_year(text: str) -> int:
    """Parses a year such as ``2027`` (also ``år 2027``).

    Raises:
        ParseError: when the text is not a year.
    """
    match = re.fullmatch(r"(?:år )?(\d{4})", normalise(text))
    if not match or not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
        raise ParseError(YEAR_EXAMPLE)
    return int(match[1])


class AmbiguousPercent(ParseError):
    """``0,5`` could mean 0,5 % or 50 %: the person is asked back."""

    def __init__(self, typed: str) -> None:
        as_share = _percent_text(float(typed.replace(",", ".")) * 100)
        super().__init__(f"menar du {typed} % eller {as_share}? Skriv t.ex. 50 %")


def _percent_text(value: float) -> str:
    shown = f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{shown} %"


def parse_percent(text: str) -> float:
    """Parses a percentage into a share: ``50``, ``50 %``, ``50%`` → 0.5.

    A bare number below 1 with a decimal (``0,5``) is ambiguous and raises
    :class:`AmbiguousPercent` so the dialog asks back.

    Raises:
        ParseError: when the text is not a percentage.
    """
    cleaned = normalise(text).replace("procent", "%")
    match = re.fullmatch(r"(\d+(?:[,.]\d+)?)\s*(%?)", cleaned)
    if not match:
        raise ParseError(PERCENT_EXAMPLE)
    number = float(match[1].replace(",", "."))
    if not match[2] and 0 < number < 1:
        raise AmbiguousPercent(match[1])
    if number > 100:
        raise ParseError("en procentsats mellan 0 och 100 väntades, t.ex. 50 %")
    return number / 100


def parse_date(text: str) -> str:
    """Parses a date into ISO ``YYYY-MM-DD``.

    Accepts ``2027-01-01``, ``1 januari 2027``, ``1 jan 2027``, ``jan 2027`` and
    ``januari 2027`` (the first of the month).

    Raises:
        ParseError: when the text is not a date.
    """
    cleaned = fold(text).replace(".", "")
    day = 1
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", cleaned):
            year, month, day = (int(part) for part in cleaned.split("-"))
            return dt.date(year, month, day).isoformat()
        match = re.fullmatch(r"(?:(\d{1,2}) )?([a-z]+) (\d{4})", cleaned)
        if match:
            name = match[2]
            month = MONTHS.get(name) or _MONTH_ABBREV.get(name[:3] if len(name) >= 3 else "")
            if month and (name in MONTHS or len(name) <= 4):
                day = int(match[1]) if match[1] else 1
                return dt.date(int(match[3]), month, day).isoformat()
    except ValueError:
        raise ParseError(f"det datumet finns inte; {DATE_EXAMPLE}") from None
    raise ParseError(DATE_EXAMPLE)


def parse_bool(text: str, *, nullable: bool = False) -> bool | None:
    """Parses ja/nej (also j, n, yes, no); ``inte ännu`` gives None when nullable.

    Raises:
        ParseError: when the text is neither.
    """
    cleaned = normalise(text).rstrip(".!")
    if cleaned in YES_WORDS:
        return True
    if cleaned in NO_WORDS:
        return False
    if nullable and cleaned in NOT_YET_WORDS:
        return None
    if nullable:
        raise ParseError(f"{BOOL_EXAMPLE} (eller ”inte ännu”)")
    raise ParseError(BOOL_EXAMPLE)


def _option_help(options: Sequence[Option]) -> str:
    return ", ".join(f"{i} {o.label}" for i, o in enumerate(options, 1))


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text)


def _has_run(words: list[str], run: list[str]) -> bool:
    """Whether ``run`` occurs in ``words`` as consecutive whole words."""
    size = len(run)
    return any(words[i : i + size] == run for i in range(len(words) - size + 1))


def parse_choice(text: str, options: Sequence[Option]) -> Any:
    """Finds an option by value, label, number, a unique start of a label, or
    words that occur in one label only (``ny metod`` → Skapa en ny metod).

    Raises:
        ParseError: naming the options when nothing (or more than one) matches.
    """
    wanted = fold(text).rstrip(".")
    if wanted.isdigit() and 1 <= int(wanted) <= len(options):
        return options[int(wanted) - 1].value
    for option in options:
        if wanted in (fold(str(option.value)), fold(option.label)):
            return option.value
    starts = [o for o in options if wanted and fold(o.label).startswith(wanted)]
    if len(starts) == 1:
        return starts[0].value
    run = _words(wanted)
    inside = [
        o
        for o in options
        if run
        and (_has_run(_words(fold(o.label)), run) or _has_run(_words(fold(str(o.value))), run))
    ]
    if len(inside) == 1:
        return inside[0].value
    raise ParseError(f"ett av alternativen väntades (nummer eller namn): {_option_help(options)}")


def parse_multichoice(text: str, options: Sequence[Option]) -> list[Any]:
    """Parses several options separated by commas (``1, 3`` or labels).

    Raises:
        ParseError: when any part is not an option.
    """
    cleaned = normalise(text)
    if re.fullmatch(r"\d+(?: \d+)+", cleaned):
        parts = cleaned.split(" ")
    else:
        parts = [p for p in re.split(r"[,;\n]| och (?=\d)", cleaned) if p.strip()]
    if not parts:
        raise ParseError(
            f"ett eller flera alternativ väntades, t.ex. 1, 3: {_option_help(options)}"
        )
    chosen: list[Any] = []
    for part in parts:
        try:
            value = parse_choice(part, options)
        except ParseError:
            raise ParseError(
                f"”{part.strip()}” är inget av alternativen; skriv t.ex. 1, 3: "
                f"{_option_help(options)}"
            ) from None
        if value not in chosen:
            chosen.append(value)
    return chosen
