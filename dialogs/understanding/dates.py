"""Dates and periods: one line at the start- or end-date question.

``understand_date(text, role=...)`` reads ``2027-01-01``, ``1 januari 2027``,
``31/12 2029``, ``jan 2027``, ``mars 2027`` (first day for a start, LAST day
for an end: ``december 2029`` as an end is 2029-12-31), ``sista februari
2030``, ``i början av mars 2027``, ``hösten 2027`` (a stated date, said back),
``från 2029`` (a start), ``hela 2029``/``t.o.m. 2029`` (an end) and a range
(``januari 2027 till december 2029``, ``2027–2029``, ``jan–dec 2027``),
which fills the start AND the end, as does a start with a duration
(``januari 2027 i tre år``); at the end date a duration from the start
(``3 år från start``, ``efter tre år``) gives the day before the same date that
many years on. A bare year, ``till 2029`` and the like
are asked back (:class:`Ambiguous` with both readings as choices); a line
with a date and words that change it ("efter", "inte", "eller") is refused.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import re
from typing import Literal

from dialogs.replies import Option
from dialogs.understanding.calendar import (
    DATE_EXAMPLE,
    FIRST_YEAR,
    LAST_YEAR,
    SEASONS,
    Found,
    find_dates,
    month_names,
    weekday_label,
    weekday_names,
)
from dialogs.understanding.calendar import with_year as _with_year
from dialogs.understanding.results import Ambiguous, ParseError, Understood
from dialogs.understanding.text import fold, trim_punctuation
from knowledge.formatting import format_date

Role = Literal["start", "end"]

START_FIELD, END_FIELD = "start_date", "end_date"
NEEDS_YEAR = "ett datum med år väntades, t.ex. 1 mars 2027"
YEAR_ONLY = "ett årtal räcker inte som datum; menar du {days}?"
NOT_A_START = "det låter som när satsningen slutar; när startar den? T.ex. 1 januari 2027"
NOT_AN_END = "det låter som när satsningen startar; när slutar den? T.ex. 31 december 2029"
RANGE_BACKWARDS = "slutet ({end}) kommer före starten ({start}); skriv starten först"
WRONG_WEEKDAY = "{date} är en {real}, inte en {typed}; skriv datumet igen"
CHANGES = "jag kunde inte läsa ut ett säkert datum ur svaret; skriv bara datumet, t.ex. 1 mars 2027"

_FROM = r"(?:fran och med|fr ?o ?m|fran|tidigast|med start|start|starta[rs]?|borja[rs]?|efter nyar)"
_UNTIL = (
    r"(?:till och med|t ?o ?m|fram till och med|fram till|till|senast|hela|under|aret ut|"
    r"slut|sluta[rs]?|avslutas)"
)
_RANGE_JOIN = re.compile(r"^(?:-|–|—|−|till och med|t ?o ?m|tom|fram till|till|och|och till)$")
# Words that change what a date means: the line is asked back rather than guessed.
_CHANGES = re.compile(
    r"\b(?:efter|fore|innan|inte|ej|mitten|vecka|veckan|v|eller|alternativt|kanske|tidigare|"
    r"senare|nagon gang|jul|forsta|andra|tredje|fjarde|femte|sjatte|sjunde|\w+onde|elfte|"
    r"tolfte|tjugo\w*|trettio\w*)\b"
)
_COUNTS = {"ett": 1, "en": 1, "tva": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7,
           "atta": 8, "nio": 9, "tio": 10}  # fmt: skip
# "i tre år" after a start, "3 år från start" as an end: a duration, in months.
_DURATION = re.compile(
    r"(?:^|[ ,]+)(?:(?:efter|om|i|under|pa|och|med) )?(?P<n>\d{1,2}|"
    + "|".join(_COUNTS)
    + r")(?P<half> och ett halvt| och en halv)? (?P<unit>ar|manader)"
    r"(?: (?:fran|efter|raknat fran) (?:start|starten|projektstart|borjan|projektets start))?"
    r"(?: senare| framat| framover| fran start| fran starten)?$"
)
NEEDS_START = "skriv slutdatumet, t.ex. 31 december 2029 – startdatumet har jag inte fått än"
_SEASON_WORDS = re.compile(r"\b(?:" + "|".join(SEASONS) + r"|vintern|vinter)\b")
_RELATIVE = re.compile(r"\b(?P<which>i|nasta) (?P<what>ar|var|sommar|host)\b(?! ?\d{4})")
_RELATIVE_SEASON = {"var": "varen", "sommar": "sommaren", "host": "hosten"}


def _clean(text: str) -> str:
    folded = fold(text)
    # Two-digit years written as such: "jan -27", "HT27", "vt '28", "31/12-29" (20xx).
    folded = re.sub(r"\b(ht|vt)\s?[-'’]?(\d{2})\b", r"\1 20\2", folded)
    folded = re.sub(r"(?<=[a-z]) [-'’](\d{2})\b", r" 20\1", folded)
    folded = re.sub(r"\b(\d{1,2}/\d{1,2}) ?[-'’](\d{2})\b", r"\1 20\2", folded)
    folded = re.sub(r"\b(lasar(?:et)?) (\d{2}) ?/ ?(\d{2})\b", r"\1 20\2/\3", folded)
    folded = folded.replace("–", " – ").replace("—", " – ")
    folded = re.sub(r"(?<=\D)-(?=\D)|(?<=\d{4})-(?=\d{4})", " – ", folded)
    folded = re.sub(r"[.](?=\s|$)|[,;!?()]", " ", folded)
    return " ".join(folded.replace("t.o.m", "tom").replace("fr.o.m", "from").split())


def _relative(folded: str, today: dt.date | None) -> str:
    """``nästa år``, ``i höst`` → ``2027``, ``hosten 2027`` (needs ``today``)."""
    match = _RELATIVE.search(folded)
    if not match:
        return folded
    if today is None:
        raise ParseError(NEEDS_YEAR)
    year = today.year + (1 if match["which"] == "nasta" else 0)
    what = match["what"]
    if what == "ar":
        written = str(year)
    else:
        written = f"{_RELATIVE_SEASON[what]} {year}"
        first_month = SEASONS[_RELATIVE_SEASON[what]][0]
        if match["which"] == "i" and today.month >= first_month:
            raise ParseError(NEEDS_YEAR)
    return folded[: match.start()] + written + folded[match.end() :]


def _leftover(folded: str, found: list[Found]) -> str:
    rest, at = [], 0
    for item in found:
        rest.append(folded[at : item.start])
        at = item.end
    rest.append(folded[at:])
    return " | ".join(part.strip() for part in rest)


def _check_leftover(folded: str, found: list[Found]) -> list[str]:
    """The text between the dates; refuses digits, stray months and changing words."""
    parts = _leftover(folded, found).split(" | ")
    rest = " ".join(parts)
    if re.search(r"\d", rest) or _CHANGES.search(rest) or _SEASON_WORDS.search(rest):
        raise ParseError(CHANGES)
    if any(re.search(rf"\b{re.escape(name)}\b", rest) for name in month_names()):
        raise ParseError(CHANGES)
    return parts


def _check_weekday(found: Found) -> None:
    if found.weekday is not None and weekday_names()[found.weekday] != found.first.weekday():
        raise ParseError(
            WRONG_WEEKDAY.format(
                date=format_date(found.first),
                real=weekday_label(found.first.weekday()),
                typed=weekday_label(weekday_names()[found.weekday]),
            )
        )


def _side(before: str) -> str | None:
    """``from`` or ``until`` when the words before a date say which end it is."""
    if re.search(rf"\b{_UNTIL}$", before):
        return "until"
    if re.search(rf"\b{_FROM}\b", before):
        return "from"
    if re.search(rf"\b{_UNTIL}\b", before):
        return "until"
    return None


def _echo(text: str, day: dt.date) -> str | None:
    shown = format_date(day)
    typed = trim_punctuation(" ".join(text.lower().split()))
    return None if typed in (shown, day.isoformat()) else shown


def _single(found: Found, before: str, role: Role | None, text: str) -> Understood:
    if found.month_only:
        raise ParseError(NEEDS_YEAR)
    _check_weekday(found)
    side = _side(before)
    if side == "from" and role == "end":
        raise ParseError(NOT_AN_END)
    if side == "until" and role == "start":
        raise ParseError(NOT_A_START)
    last = side == "until" or (side is None and role == "end")
    day = found.last if last else found.first
    if found.precision == "year":
        plain_till = re.search(r"\b(?:fram )?till$", before) is not None
        if role is None or (side is None or plain_till):
            other = found.first if last else found.last
            readings = (day, other) if plain_till else (day,)
            choices = tuple(Option(d.isoformat(), format_date(d)) for d in readings)
            shown = " eller ".join(format_date(d) for d in readings)
            raise Ambiguous(YEAR_ONLY.format(days=shown), choices)
    return Understood(day.isoformat(), _echo(text, day))


def _range(first: Found, second: Found, role: Role | None) -> Understood:
    if second.month_only:
        raise ParseError(NEEDS_YEAR)
    if first.month_only:
        first = _with_year(first, second.last.year)
    for found in (first, second):
        _check_weekday(found)
    start, end = first.first, second.last
    if end < start:
        raise ParseError(RANGE_BACKWARDS.format(start=format_date(start), end=format_date(end)))
    echo = f"{format_date(start)} – {format_date(end)}"
    if role == "start":
        return Understood(start.isoformat(), echo, {END_FIELD: end.isoformat()})
    if role == "end":
        return Understood(end.isoformat(), echo, {START_FIELD: start.isoformat()})
    raise ParseError(f"ett datum i taget väntades; {DATE_EXAMPLE}")


def _months(match: re.Match[str]) -> int:
    number = match["n"]
    count = int(number) if number.isdigit() else _COUNTS[number]
    months = count * 12 if match["unit"] == "ar" else count
    return months + (6 if match["half"] and match["unit"] == "ar" else 0)


def _after(start: dt.date, months: int) -> dt.date:
    """The last day of a period of ``months`` from ``start``: 1 jan 2027 + 36 → 31 dec 2029."""
    years, month = divmod(start.month - 1 + months, 12)
    year = start.year + years
    day = min(start.day, _calendar.monthrange(year, month + 1)[1]) if year <= 9998 else 1
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ParseError(f"ett år mellan {FIRST_YEAR} och {LAST_YEAR} väntades; {DATE_EXAMPLE}")
    return dt.date(year, month + 1, day) - dt.timedelta(days=1)


def _period_text(months: int) -> str:
    years, rest = divmod(months, 12)
    if not rest:
        return f"{years} år"
    return (
        f"{months} månader" if not years else f"{years},5 år" if rest == 6 else f"{months} månader"
    )


def understand_date(
    text: str,
    *,
    role: Role | None = None,
    today: dt.date | None = None,
    start: dt.date | None = None,
) -> Understood:
    """A date (ISO) from one line, or a period from a range.

    Args:
        text: The line as typed.
        role: ``"start"`` (the start date: a month means its first day, a range
            fills ``end_date`` too), ``"end"`` (a month means its last day, a
            range fills ``start_date`` too) or None (a month means its first day).
        today: Needed only for ``nästa år``/``i höst``; without it those are refused.
        start: The start date given, for an end written as a duration ("3 år från start").

    Raises:
        ParseError: with what was expected and an example; :class:`Ambiguous` with
            the possible days when only a year was given.
    """
    folded = _relative(_clean(text), today)
    duration = _DURATION.search(folded) if role is not None else None
    if duration is not None and role == "end" and duration.start() == 0:
        if start is None:
            raise ParseError(NEEDS_START)
        months = _months(duration)
        end = _after(start, months)
        return Understood(
            end.isoformat(), f"{format_date(end)} ({_period_text(months)} från start)"
        )
    if duration is not None and role == "start" and duration.start() > 0:
        months, folded = _months(duration), folded[: duration.start()]
        first = understand_date(folded, role="start", today=today)
        if first.also:
            raise ParseError(CHANGES)
        begin = dt.date.fromisoformat(first.value)
        end = _after(begin, months)
        echo = f"{format_date(begin)} – {format_date(end)}"
        return Understood(first.value, echo, {END_FIELD: end.isoformat()})
    found = find_dates(folded)
    if not found:
        raise ParseError(NEEDS_YEAR if re.search(r"\d{1,2} [a-z]", folded) else DATE_EXAMPLE)
    if all(f.month_only for f in found):
        raise ParseError(NEEDS_YEAR)
    parts = _check_leftover(folded, found)
    if len(found) == 1:
        return _single(found[0], parts[0], role, text)
    if len(found) == 2 and _RANGE_JOIN.match(parts[1]):
        return _range(found[0], found[1], role)
    raise ParseError(CHANGES)
