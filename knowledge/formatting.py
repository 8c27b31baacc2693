"""Swedish formatting of money, percentages and dates, via Babel's CLDR data.

Decision: thousands are separated by a normal space (U+0020), not CLDR's
no-break space, because the spec's messages and its example checks are written
with plain spaces (``200 000 kr``). Word output may still use these strings;
a line break inside an amount is an acceptable cost for text that matches what
people type and search for.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal as _babel_decimal

LOCALE = "sv_SE"
_SPACES = {"\u00a0": " ", "\u202f": " "}


def _plain_spaces(text: str) -> str:
    for odd, plain in _SPACES.items():
        text = text.replace(odd, plain)
    return text


def format_number(value: int | float, *, decimals: int = 0) -> str:
    """Formats a number the Swedish way: ``1 200 000``, ``2,5``.

    Args:
        value: The number.
        decimals: The largest number of decimals to show.

    Returns:
        The number with space as thousands separator and comma as decimal mark.
    """
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return _plain_spaces(_babel_decimal(value, format=pattern, locale=LOCALE))


def format_money(amount: int | float) -> str:
    """Formats whole kronor: ``1 200 000 kr``."""
    return f"{format_number(round(amount))} kr"


def format_percent(share: float, *, decimals: int = 0) -> str:
    """Formats a share (0.3) as a Swedish percentage: ``30 %``.

    Rounds down when rounding would lift a failing share to a threshold
    (49.6 % must not read as "50 %" in a message that says 50 % is required).
    """
    percent = share * 100
    factor = 10**decimals
    shown = int(percent * factor) / factor if percent >= 0 else percent
    return f"{format_number(shown, decimals=decimals)} %"


def format_date(value: dt.date) -> str:
    """Formats a date as ``1 januari 2027``."""
    return _babel_date(value, format="d MMMM y", locale=LOCALE)


def format_month(value: dt.date) -> str:
    """Formats a month as ``januari 2027``."""
    return _babel_date(value, format="LLLL y", locale=LOCALE)
