"""The old parser names, kept for imports not yet moved to :mod:`dialogs.understanding`.

Each returns the bare value of the matching ``understand_*`` reader. New code
calls the understanding package, which also says what was understood (the
echo); delete this module once nothing imports it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dialogs.replies import Option
from dialogs.understanding import (
    AmbiguousPercent,
    fold,
    normalise,
    understand_bool,
    understand_choice,
    understand_date,
    understand_integer,
    understand_money,
    understand_multichoice,
    understand_percent,
    understand_year,
)

__all__ = [
    "AmbiguousPercent",
    "fold",
    "normalise",
    "parse_bool",
    "parse_choice",
    "parse_date",
    "parse_integer",
    "parse_money",
    "parse_multichoice",
    "parse_percent",
    "parse_year",
]


def parse_money(text: str) -> int:
    """Whole kronor (see :func:`dialogs.understanding.understand_money`)."""
    return understand_money(text).value


def parse_integer(text: str) -> int:
    """A whole number (see :func:`dialogs.understanding.understand_integer`)."""
    return understand_integer(text).value


def parse_year(text: str) -> int:
    """A year (see :func:`dialogs.understanding.understand_year`)."""
    return understand_year(text).value


def parse_percent(text: str) -> float:
    """A share (see :func:`dialogs.understanding.understand_percent`)."""
    return understand_percent(text).value


def parse_date(text: str) -> str:
    """An ISO date (see :func:`dialogs.understanding.understand_date`)."""
    return understand_date(text).value


def parse_bool(text: str, *, nullable: bool = False) -> bool | None:
    """Yes/no (see :func:`dialogs.understanding.understand_bool`)."""
    return understand_bool(text, nullable=nullable).value


def parse_choice(text: str, options: Sequence[Option]) -> Any:
    """One option (see :func:`dialogs.understanding.understand_choice`)."""
    return understand_choice(text, options).value


def parse_multichoice(text: str, options: Sequence[Option]) -> list[Any]:
    """Several options (see :func:`dialogs.understanding.understand_multichoice`)."""
    return understand_multichoice(text, options).value
