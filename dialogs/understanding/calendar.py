"""Date expressions found in a line: each a span of days with a precision.

Swedish month and weekday names come from Babel (CLDR), in full and
abbreviated (``januari``, ``jan``, ``jan.``, ``sept``). A found expression is
an interval: ``1 mars 2027`` is one day, ``mars 2027`` the month,
``hösten 2027`` September–November, ``2027`` the year; the reader in
:mod:`dialogs.understanding.dates` picks its first or last day by the
question (a start or an end).

Seasons are the calendar ones (vår mars–maj, sommar juni–augusti, höst
september–november); the terms are vårterminen januari–juni and
höstterminen augusti–december; a school year (``läsåret 2027/28``) is
1 August – 30 June; a quarter (``Q1 2027``, ``kvartal 3 2027``) its three
months; a week (``vecka 10 2027``, ``v. 10 2027``) its ISO days, Monday to
Sunday. Winter spans two years and is asked back.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from babel.dates import get_day_names, get_month_names

from dialogs.understanding.results import ParseError
from dialogs.understanding.text import fold
from knowledge.answers.model import FIRST_YEAR as ANSWER_FIRST_YEAR
from knowledge.answers.model import LAST_YEAR as ANSWER_LAST_YEAR

DATE_EXAMPLE = "ett datum väntades, t.ex. 2027-01-01, 1 januari 2027 eller jan 2027"
NO_SUCH_DATE = f"det datumet finns inte; {DATE_EXAMPLE}"
# The answer model's years (a date outside them is refused with an example).
FIRST_YEAR, LAST_YEAR = ANSWER_FIRST_YEAR, ANSWER_LAST_YEAR


@cache
def month_names() -> dict[str, int]:
    """Every way a month is written (lower case, no dot) → its number."""
    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, locale="sv_SE").items():
                names[name.lower().rstrip(".")] = number
    for number, name in list(get_month_names("wide", locale="sv_SE").items()):
        names.setdefault(name[:3], number)
    names["sept"] = 9
    del names["jul"]  # "jul" is Christmas as often as July
    return names


@cache
def weekday_names() -> dict[str, int]:
    """Swedish weekday names, folded (``mandag``) → ``date.weekday()``."""
    return {fold(name): number for number, name in get_day_names("wide", locale="sv_SE").items()}


def weekday_label(number: int) -> str:
    """The Swedish name of ``date.weekday()`` ``number``: ``måndag``."""
    return get_day_names("wide", locale="sv_SE")[number]


# Folded season words → (first month, last month); a term is a school/work term.
SEASONS: dict[str, tuple[int, int]] = {
    "varen": (3, 5),
    "sommaren": (6, 8),
    "hosten": (9, 11),
    # "vår" alone is "our" as often as "spring": a season only as "våren" or "i vår".
    "i var": (3, 5),
    "sommar": (6, 8),
    "host": (9, 11),
    "varterminen": (1, 6),
    "hostterminen": (8, 12),
    "vt": (1, 6),
    "ht": (8, 12),
}
WINTER = "vintern"
WINTER_SPANS = "vintern går över två år; skriv en månad, t.ex. december 2027 eller februari 2028"


@dataclass(frozen=True, slots=True)
class Found:
    """One date expression in a folded line.

    Attributes:
        first: The first day it can mean.
        last: The last day it can mean.
        precision: ``day``, ``month``, ``season`` or ``year``.
        start: Where it starts in the folded line.
        end: Where it ends.
        month_only: A month without a year (``januari`` in ``januari–mars 2027``);
            ``first``/``last`` then hold month 1 of year 1 as a stand-in.
        weekday: A weekday named with it, folded, checked against the date.
    """

    first: dt.date
    last: dt.date
    precision: str
    start: int
    end: int
    month_only: int = 0
    weekday: str | None = None


def _months_pattern() -> str:
    return "|".join(sorted(map(re.escape, month_names()), key=len, reverse=True))


def _weekdays_pattern() -> str:
    return "|".join(sorted(weekday_names(), key=len, reverse=True))


@cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    m = rf"(?P<m>{_months_pattern()})\.?"
    y = r"(?P<y>\d{4})(?!\d)"
    seasons = "|".join(sorted([*SEASONS, WINTER], key=len, reverse=True))
    edge = r"(?:i )?(?P<edge>borjan|slutet) (?:av|pa) "
    weekday = rf"(?P<wd>{_weekdays_pattern()})"
    raw = [
        ("week", r"(?:vecka|v) ?(?P<w>\d{1,2}),? (?:ar )?(?P<y>\d{4})(?!\d)"),
        ("quarter", r"(?:q|kvartal|kv) ?(?P<q>[1-4]),? (?:ar )?(?P<y>\d{4})(?!\d)"),
        ("school", r"(?:lasar|lasaret) (?P<y>\d{4}) ?[/–-] ?(?P<y2>\d{4}|\d{2})(?!\d)"),
        ("iso", r"(?<![\d/.])(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})(?!\d)"),
        ("dmy", r"(?<![\d/.])(?P<d>\d{1,2})[/.](?P<mo>\d{1,2})(?:[/.\- ]|, )" + y),
        ("ym", r"(?<![\d/.])(?P<y>\d{4})-(?P<mo>\d{1,2})(?![\d\-])"),
        ("my", r"(?<![\d/.])(?P<mo>\d{1,2})/" + y),
        ("day", rf"(?:{weekday},? )?(?:den )?(?P<d>\d{{1,2}})(?::[ae]|\.)? {m},? {y}"),
        ("ordinal", rf"(?P<ord>forsta|sista) (?:dagen (?:i|av) )?{m},? {y}"),
        ("month", rf"(?:{edge})?{m},? (?:ar )?{y}"),
        ("season", rf"(?:{edge})?(?P<s>{seasons}) {y}"),
        (
            "year",
            rf"(?:{edge})?(?:(?:aret|ar) )?(?<![\d/.])(?P<y>\d{{4}})(?![\d/]|-\d{{1,2}}(?!\d))",
        ),
        ("bare_month", rf"\b{m}(?![a-z])"),
    ]
    return [
        (kind, re.compile(pattern if kind == "bare_month" else rf"\b{pattern}"))
        for kind, pattern in raw
    ]


def _day(year: int, month: int, day: int) -> dt.date:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ParseError(f"ett år mellan {FIRST_YEAR} och {LAST_YEAR} väntades; {DATE_EXAMPLE}")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ParseError(NO_SUCH_DATE) from None


def _month_span(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    end_day = _calendar.monthrange(year, last)[1] if FIRST_YEAR <= year <= LAST_YEAR else 28
    return _day(year, first, 1), _day(year, last, end_day)


def _edge(first: dt.date, last: dt.date, edge: str | None) -> tuple[dt.date, dt.date, bool]:
    """Narrows ``i början av``/``i slutet av`` to the first/last day."""
    if edge == "borjan":
        return first, first, True
    if edge == "slutet":
        return last, last, True
    return first, last, False


def _found(kind: str, match: re.Match[str]) -> Found | None:
    groups = match.groupdict()
    start, end = match.start(), match.end()
    month = month_names().get(groups["m"]) if groups.get("m") else None
    year = int(groups["y"]) if groups.get("y") else 0
    if kind in ("iso", "dmy"):
        day = _day(year, int(groups["mo"]), int(groups["d"]))
        return Found(day, day, "day", start, end)
    if kind in ("ym", "my"):
        mo = int(groups["mo"])
        if not 1 <= mo <= 12:
            raise ParseError(NO_SUCH_DATE)
        first, last = _month_span(year, mo, mo)
        return Found(first, last, "month", start, end)
    if kind == "day":
        day = _day(year, month, int(groups["d"]))
        return Found(day, day, "day", start, end, weekday=groups.get("wd"))
    if kind == "ordinal":
        first, last = _month_span(year, month, month)
        day = first if groups["ord"] == "forsta" else last
        return Found(day, day, "day", start, end)
    if kind in ("month", "season", "year"):
        if kind == "month":
            span = _month_span(year, month, month)
        elif kind == "season":
            if groups["s"] == WINTER:
                raise ParseError(WINTER_SPANS)
            span = _month_span(year, *SEASONS[groups["s"]])
        else:
            span = _month_span(year, 1, 12)
        first, last, narrowed = _edge(*span, groups.get("edge"))
        return Found(first, last, "day" if narrowed else kind, start, end)
    if kind == "week":
        try:
            first = dt.date.fromisocalendar(year, int(groups["w"]), 1)
        except ValueError:
            raise ParseError(NO_SUCH_DATE) from None
        _day(first.year, first.month, first.day)
        return Found(first, first + dt.timedelta(days=6), "week", start, end)
    if kind == "quarter":
        quarter = int(groups["q"])
        first, last = _month_span(year, 3 * quarter - 2, 3 * quarter)
        return Found(first, last, "season", start, end)
    if kind == "school":
        if int(groups["y2"]) % 100 != (year + 1) % 100:
            raise ParseError(
                f"ett läsår är två år i rad, t.ex. läsåret {year}/{(year + 1) % 100:02d}"
            )
        return Found(_day(year, 8, 1), _day(year + 1, 6, 30), "season", start, end)
    if kind == "bare_month":
        stand_in = dt.date(1, month, 1)
        return Found(stand_in, stand_in, "month", start, end, month_only=month)
    return None


def find_dates(folded: str) -> list[Found]:
    """Every date expression of a folded line, in order, none overlapping.

    Raises:
        ParseError: for a date that does not exist (``31 februari 2027``).
    """
    taken: list[Found] = []
    for kind, pattern in _patterns():
        for match in pattern.finditer(folded):
            if any(match.start() < f.end and f.start < match.end() for f in taken):
                continue
            found = _found(kind, match)
            if found is not None:
                taken.append(found)
    return sorted(taken, key=lambda f: f.start)


def with_year(found: Found, year: int) -> Found:
    """A month without a year (``januari`` in ``januari–mars 2027``) in ``year``."""
    first, last = _month_span(year, found.month_only, found.month_only)
    return Found(first, last, "month", found.start, found.end)
