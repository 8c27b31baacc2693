"""Numbers as people write them: digits with groups, decimals and number words.

``find_numbers`` locates every number in a line (``1 200 000``, ``1.200.000``,
``2,4``, ``två``, ``tvåhundrafemtio``, ``en halv``), so the readers can insist
on exactly one: a line with two numbers is asked back, never guessed. The
decimal comma is read by Babel's Swedish number parser (``parse_decimal``);
amounts stay :class:`~decimal.Decimal` until they are whole kronor, so
``1,2 mkr`` is exactly 1 200 000.

Readers here: :func:`understand_integer`, :func:`understand_year`
(percentages: :mod:`dialogs.understanding.percent`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, parse_decimal

from dialogs.understanding.results import Ambiguous, ParseError, Understood
from dialogs.understanding.text import normalise, strip_approximately, trim_punctuation
from knowledge.answers.model import FIRST_YEAR as ANSWER_FIRST_YEAR
from knowledge.answers.model import LAST_YEAR as ANSWER_LAST_YEAR
from knowledge.formatting import format_number

# The answer model's range for years (knowledge/answers/model.py).
# The answer model's years: a year outside them is refused here, with an example.
FIRST_YEAR, LAST_YEAR = ANSWER_FIRST_YEAR, ANSWER_LAST_YEAR
# More digits than any answer has (10^11 kr is 12): refused before any arithmetic.
MAX_DIGITS = 15

INTEGER_EXAMPLE = "ett heltal väntades, t.ex. 150"
YEAR_EXAMPLE = "ett årtal väntades, t.ex. 2027"
SEVERAL_NUMBERS = "jag ser flera tal i svaret ({numbers}); skriv {what}, t.ex. {example}"
VAGUE = "{word} är inget exakt tal; skriv {what}, t.ex. {example}"

# Digits: thousands groups with one kind of separator (space or dot; commas when there
# are two of them, 1,500,000, so never a decimal comma), then an optional decimal part
# (comma, or a dot followed by other than three digits).
_DIGITS = re.compile(
    r"(?<![\d,.])(?P<int>\d{1,3}(?:,\d{3}){2,}(?![\d,])"
    r"|\d{1,3}(?P<sep>[ .])\d{3}(?:(?P=sep)\d{3})*|\d+)"
    r"(?:(?P<dec>,\d+|\.\d{1,2}(?!\d)))?(?![\d])"
)
# A minus sign, not the dash of a range ("1-2 mkr") nor of a date.
_MINUS = re.compile(r"(?:(?<![\d\w])(?<!\d )[-−]|\bminus )\s*$")

_UNITS = {
    "noll": 0, "ett": 1, "en": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6,
    "sju": 7, "åtta": 8, "nio": 9, "tio": 10, "elva": 11, "tolv": 12, "tretton": 13,
    "fjorton": 14, "femton": 15, "sexton": 16, "sjutton": 17, "arton": 18, "aderton": 18,
    "nitton": 19,
}  # fmt: skip
_TENS = {
    "tjugo": 20, "tjugu": 20, "trettio": 30, "fyrtio": 40, "femtio": 50, "sextio": 60,
    "sjuttio": 70, "åttio": 80, "nittio": 90,
}  # fmt: skip
_MORPHEMES = sorted([*_UNITS, *_TENS, "hundra", "tusen"], key=len, reverse=True)
# "en"/"ett" are articles as often as numbers: a number only before a scale word.
_ARTICLES = frozenset({"en", "ett"})
_SCALE_AFTER = re.compile(
    r"^\s*(?:halvt?|hundra|tusen|miljon|miljoner|miljard|mkr|tkr|mille)(?![a-zåäö])"
)
_HALF = re.compile(r"^(?:(?P<whole>\S+) och )?(?:en halv|ett halvt)$|^halvannan$|^halvtannat$")
# A word that is a number, with "och en halv" / "halv" after it; "halvår" is no "halv".
_WORD_SPAN = re.compile(r"[a-zåäö]+(?: och (?:en halv|ett halvt)| halvt?)?(?![a-zåäö])")

# Quantities that are no number: "några hundra" must never read as 100.
VAGUE_WORDS = (
    "några", "par", "flera", "många", "hundratal", "tiotal", "tusental", "hundratals",
    "tusentals", "massor", "ett antal", "hälften", "halva", "dussin",
)  # fmt: skip
_VAGUE = re.compile(r"\b(?:" + "|".join(VAGUE_WORDS) + r")\b")
# Words that move a number off itself: "mer än 10" is 11 or more, never 10, and a rule
# comparing with 10 would read it wrong. "under 5 år" is a duration, not "fewer than".
_MORE_OR_LESS_BEFORE = re.compile(
    r"(?:\b(?:mer|fler|mindre|färre|större|högre|lägre|längre|kortare|över|mera) än|"
    r"\böver|\b(?P<under>under)|\bupp emot|\bbortåt)\s*$"
)
_YEARS_AFTER = re.compile(r"\s*år\b")
_MORE_OR_LESS_AFTER = re.compile(
    r"\s*(?:\+|(?:[a-zåäö]+\s+)?(?:eller|och) (?:mer|fler|mindre|färre|längre|uppåt|över|under)"
    r"\b|(?:[a-zåäö]+\s+)?plus\s*$)"
)
NOT_EXACT = "”{words}” är inget exakt tal; skriv {what}, t.ex. {example}"


@dataclass(frozen=True, slots=True)
class Number:
    """A number found in a normalised line.

    Attributes:
        value: The number, exact.
        start: Where it starts in the normalised text.
        end: Where it ends.
        worded: Written in words (``två``), not digits.
    """

    value: Decimal
    start: int
    end: int
    worded: bool = False


def _segment(word: str) -> list[str] | None:
    """``tvåhundrafemtio`` → ``["två", "hundra", "femtio"]``, or None."""
    parts: list[str] = []
    rest = word
    while rest:
        for morpheme in _MORPHEMES:
            if rest.startswith(morpheme):
                parts.append(morpheme)
                rest = rest[len(morpheme) :]
                break
        else:
            return None
    return parts


def _below_thousand(parts: list[str]) -> int | None:
    """The value of ``[unit] [hundra] [tens] [unit]`` morphemes, or None if malformed."""
    value, rest = 0, list(parts)
    if "hundra" in rest:
        at = rest.index("hundra")
        head = rest[:at]
        if len(head) > 1 or (head and head[0] not in _UNITS) or (head and _UNITS[head[0]] > 9):
            return None
        value += (_UNITS[head[0]] if head else 1) * 100
        rest = rest[at + 1 :]
    if rest and rest[0] in _TENS:
        value += _TENS[rest.pop(0)]
        if rest and (rest[0] not in _UNITS or not 1 <= _UNITS[rest[0]] <= 9):
            return None
    if rest:
        if len(rest) > 1 or rest[0] not in _UNITS:
            return None
        value += _UNITS[rest[0]]
    return value


def word_number(word: str) -> int | None:
    """A Swedish number word as an integer (``tvåhundratusen`` → 200000), or None."""
    parts = _segment(word)
    if not parts:
        return None
    if "tusen" in parts:
        at = parts.index("tusen")
        if "tusen" in parts[at + 1 :]:
            return None
        head = _below_thousand(parts[:at]) if parts[:at] else 1
        tail = _below_thousand(parts[at + 1 :]) if parts[at + 1 :] else 0
        if head is None or tail is None:
            return None
        return head * 1000 + tail
    return _below_thousand(parts)


def _decimal(integer: str, decimals: str | None) -> Decimal:
    whole = integer.replace(" ", "").replace(".", "").replace(",", "")
    if len(whole.lstrip("0")) > MAX_DIGITS or len(decimals or "") > MAX_DIGITS:
        raise ParseError(f"ett tal med högst {MAX_DIGITS} siffror väntades, t.ex. 150")
    typed = f"{whole},{decimals[1:]}" if decimals else whole
    try:
        return parse_decimal(typed, locale="sv_SE")
    except (NumberFormatError, InvalidOperation):  # pragma: no cover - the regex guarantees
        raise ParseError(INTEGER_EXAMPLE) from None


def find_numbers(text: str) -> list[Number]:
    """Every number in a normalised line, in order.

    Number words count too, except ``en``/``ett`` when no scale word follows.
    """
    found = [
        Number(_decimal(m["int"], m["dec"]), m.start(), m.end()) for m in _DIGITS.finditer(text)
    ]
    for match in _WORD_SPAN.finditer(text):
        phrase = match[0]
        if phrase in _ARTICLES and not _SCALE_AFTER.match(text[match.end() :]):
            continue
        value = _worded(phrase)
        if value is not None:
            found.append(Number(value, match.start(), match.end(), worded=True))
    return _merge_scales(text, sorted(found, key=lambda n: n.start))


def _merge_scales(text: str, numbers: list[Number]) -> list[Number]:
    """``500 tusen``, ``femhundra tusen``: a bare "tusen"/"hundra" multiplies the number before."""
    merged: list[Number] = []
    for number in numbers:
        word = text[number.start : number.end]
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and word in ("tusen", "hundra")
            and not text[previous.end : number.start].strip()
        ):
            merged[-1] = Number(previous.value * number.value, previous.start, number.end, True)
            continue
        merged.append(number)
    return merged


def _worded(phrase: str) -> Decimal | None:
    half = _HALF.match(phrase)
    if half:
        if phrase in ("halvannan", "halvtannat"):
            return Decimal("1.5")
        whole = half["whole"]
        base = word_number(whole) if whole else 0
        return None if base is None else Decimal(base) + Decimal("0.5")
    if " " in phrase:
        first = phrase.split(" ", 1)[0]
        value = word_number(first)
        return None if value is None else Decimal(value)
    value = word_number(phrase)
    return None if value is None else Decimal(value)


def comparative(text: str, number: Number) -> str | None:
    """The words that make a number a bound ("mer än 10", "10+"), or None."""
    before = _MORE_OR_LESS_BEFORE.search(text[: number.start])
    if before and not (before["under"] and _YEARS_AFTER.match(text, number.end)):
        return text[before.start() : number.end].strip()
    after = _MORE_OR_LESS_AFTER.match(text, number.end)
    if after:
        return text[number.start : after.end()].strip()
    return None


def negative_before(text: str, number: Number) -> bool:
    """Whether a minus sign or "minus" stands right before the number."""
    return bool(_MINUS.search(text[: number.start]))


def vague_word(text: str) -> str | None:
    """The first vague quantity word of a line ("några", "hundratal"), if any."""
    match = _VAGUE.search(text)
    return match[0] if match else None


def shown(numbers: list[Number], text: str) -> str:
    """The numbers as typed, for a message: ``30, 120``."""
    return ", ".join(text[n.start : n.end] for n in numbers)


def the_number(text: str, expected: str, example: str) -> tuple[Number, str]:
    """The one number of a line and the normalised line.

    Args:
        text: The line as typed.
        expected: The message when there is no number ("ett heltal väntades, …").
        example: An example of a good answer, for the other messages.

    Raises:
        ParseError: for no number, a vague quantity, or several numbers.
    """
    cleaned, _ = strip_approximately(normalise(text))
    vague = vague_word(cleaned)
    if vague:
        raise ParseError(VAGUE.format(word=f"”{vague}”", what="ett heltal", example=example))
    numbers = find_numbers(cleaned)
    if len(numbers) > 1:
        raise Ambiguous(
            SEVERAL_NUMBERS.format(
                numbers=shown(numbers, cleaned), what="ett heltal", example=example
            )
        )
    if not numbers:
        raise ParseError(expected)
    return numbers[0], cleaned


# A count of years typed in another unit ("18 månader", "ett halvår").
_MONTHS = re.compile(r"\s*(?:månader|månad|mån)\b")
_OTHER_TIME = re.compile(r"\s*(?:veckor|vecka|v|dagar|dag|terminer|termin)\b")
_ONE = re.compile(r"(?:en|ett)(?: (?:år|st|styck|person))?")
YEARS_EXAMPLE = "ett antal hela år väntades, t.ex. 5"
# "drygt 10", "knappt 10": just above or below a number; at a number of years, where rules
# compare with 10, they are asked back (elsewhere the number is taken, said back).
_NEAR = re.compile(r"(?:drygt|knappt|nästan|närmare|strax (?:över|under)) +\S+")


def understand_integer(text: str, *, unit: str | None = None) -> Understood:
    """A whole number: ``150``, ``ca 150``, ``150 personer``, ``ca 120 per år``, ``tvåhundra``.

    Args:
        text: The line as typed.
        unit: ``"år"`` where a number of years is asked (the repayment time): months
            are turned into years when they are whole years (``24 månader`` → 2),
            other units and half years are asked back.

    Raises:
        ParseError: for no number, a decimal, a negative, a vague or several numbers,
            and for a bound rather than a number ("mer än 10", "10+").
    """
    plain = trim_punctuation(strip_approximately(normalise(text))[0])
    near = _NEAR.match(normalise(text))
    if unit == "år" and near:  # "drygt tio år" is more than ten: a rule's edge, asked
        raise ParseError(
            NOT_EXACT.format(words=near[0].strip(), what="talet du menar", example="11")
        )
    if _ONE.fullmatch(plain):
        return Understood(1, "1 år" if unit == "år" else "1")
    if unit == "år" and re.search(r"\bhalvår|\bhalvt år\b", plain):
        raise ParseError(YEARS_EXAMPLE)
    number, cleaned = the_number(text, YEARS_EXAMPLE if unit == "år" else INTEGER_EXAMPLE, "150")
    bound = comparative(cleaned, number)
    if bound:
        example = "11" if unit == "år" else "150"
        raise ParseError(NOT_EXACT.format(words=bound, what="talet du menar", example=example))
    if negative_before(cleaned, number) or number.value != number.value.to_integral_value():
        raise ParseError(YEARS_EXAMPLE if unit == "år" else INTEGER_EXAMPLE)
    value = int(number.value)
    if unit == "år":
        return _years(value, cleaned, number, text)
    literal = trim_punctuation(normalise(text)).replace(" ", "") == str(value)
    return Understood(value, None if literal else format_number(value))


def _years(value: int, cleaned: str, number: Number, text: str) -> Understood:
    """A number of years, months turned into years (``36 månader`` → 3)."""
    if _MONTHS.match(cleaned, number.end):
        if value % 12:
            raise ParseError(f"{value} månader är inte ett helt antal år; {YEARS_EXAMPLE}")
        years = value // 12
        return Understood(years, f"{format_number(years)} år")
    if _OTHER_TIME.match(cleaned, number.end):
        raise ParseError(YEARS_EXAMPLE)
    literal = trim_punctuation(normalise(text)).replace(" ", "") == str(value)
    return Understood(value, None if literal else format_number(value))


def understand_year(text: str) -> Understood:
    """A year: ``2027``, ``år 2027``, ``från 2027``.

    Raises:
        ParseError: when the text is not a year between 1990 and 2100.
    """
    cleaned = trim_punctuation(normalise(text))
    match = re.fullmatch(
        r"(?:(?:från )?(?:och med |fr\.?o\.?m\.? )?(?:år |året )?)?(\d{4})", cleaned
    )
    if not match or not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
        raise ParseError(YEAR_EXAMPLE)
    return Understood(int(match[1]))
