"""Finished Swedish strings for the Word application: every value the templates place.

Money reads ``1 200 000 kr``, dates ``1 januari 2027``, shares ``50 %``, options by
their Swedish label, and an unanswered field ``Ej besvarat`` (never blank, ``None``
or ``[]``). Inside amounts and before ``kr`` and ``%`` the spaces are no-break
spaces, in generated text and in what people typed alike, so Word never breaks
``1 000 / 000 kr`` across lines (bot messages keep plain spaces, see
``knowledge.formatting``).

Every string passes :func:`safe_text`, so the document stays valid even for answers
that bypassed the answer model (``model_construct``) or finding messages quoting them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from knowledge.answers import clean_text, label
from knowledge.formatting import (
    format_date,
    format_money,
    format_number,
    format_percent,
    no_break_amounts,
)

NOT_ANSWERED = "Ej besvarat"
YES = "Ja"
NO = "Nej"
NOT_GIVEN = "–"  # nothing to show, and nothing for the applicant to answer
NBSP = "\u00a0"

# Characters XML 1.0 cannot hold at all (lxml refuses them): the answer model
# already removes control characters, but U+FFFE/U+FFFF and lone surrogates
# can still arrive via JSON escapes.
_XML_INVALID = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def safe_text(value: Any) -> str:
    """A string that Word XML can hold: control and XML-invalid characters removed.

    Newlines and tabs are kept (the renderer turns them into line breaks and tabs).
    """
    return _XML_INVALID.sub("", clean_text(str(value)))


def generated(value: str) -> str:
    """Text the application writes itself (findings, summaries): safe, amounts glued."""
    return no_break_amounts(safe_text(value))


def blank(value: Any) -> bool:
    """True for a missing value or a text of white space only."""
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str:
    """Free text as typed (amounts glued), or ``Ej besvarat`` when empty or white space."""
    if value is None:
        return NOT_ANSWERED
    shown = generated(value)
    return shown if shown.strip() else NOT_ANSWERED


def option(value: Any) -> str:
    """An option by its Swedish label."""
    return NOT_ANSWERED if value is None else safe_text(label(value))


def yes_no(value: bool | None) -> str:
    """``Ja`` / ``Nej``."""
    if value is None:
        return NOT_ANSWERED
    return YES if value else NO


def money(value: int | None) -> str:
    """``1 200 000 kr`` with no-break spaces."""
    return NOT_ANSWERED if value is None else no_break_amounts(format_money(value))


def signed_money(value: int) -> str:
    """Money with its sign kept (a difference may be negative)."""
    return ("−" if value < 0 else "") + money(abs(value))


def number(value: int) -> str:
    """``1 200`` with no-break spaces."""
    return no_break_amounts(format_number(value))


def percent(share: Any) -> str:
    """``50 %`` (rounded down, as the criteria messages) with a no-break space."""
    return NOT_ANSWERED if share is None else no_break_amounts(format_percent(share))


def date(value: dt.date | None) -> str:
    """``1 januari 2027``."""
    return NOT_ANSWERED if value is None else format_date(value)


def years(value: int | None) -> str:
    """``5 år``."""
    return NOT_ANSWERED if value is None else f"{number(value)}{NBSP}år"


def year_span(first: int, last: int) -> str:
    """``2030`` or ``2030–2034``."""
    return str(first) if first == last else f"{first}–{last}"


def capitalised(value: str) -> str:
    """The text with its first letter upper case (labels are lower case mid-sentence)."""
    return value[:1].upper() + value[1:]
