"""Choices: an option named by number, value, label, a synonym, or inside a sentence.

``understand_choice`` first takes what the old parser took (``2``,
``kommun``, a label or its unique start, words of one label only: ``ny
metod``), then looks for the options a sentence mentions (``vi testar en
befintlig metod`` → testa_befintlig, ``förebyggande``). Words are folded and
stemmed (Snowball Swedish), so inflections match; a mention after ``inte``
is denied; when several options are mentioned, one marked ``mest``/``främst``
wins ("både och, mest beprövad erfarenhet"), otherwise the line is
:class:`Ambiguous` with the mentioned options as choices.

``understand_multichoice`` takes ``1, 3``, labels separated by commas, or
prose (``barn och unga och deras föräldrar``); a part that names nothing, or
a line that names no option, is :class:`Unclear`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import snowballstemmer

from dialogs.replies import Option
from dialogs.understanding.results import Ambiguous, ParseError, Unclear, Understood
from dialogs.understanding.text import fold, has_run, normalise, words
from dialogs.understanding.vocabulary import BOTH, NEGATIONS, PREFERENCES, SYNONYMS

_STEMMER = snowballstemmer.stemmer("swedish")
# Words that remove options from a multichoice line in a way not read here.
_EXCEPT = re.compile(r"\b(?:utom|forutom|undantag|exklusive)\b")


def option_help(options: Sequence[Option]) -> str:
    """``1 Barn och unga, 2 Unga vuxna, …`` for messages."""
    return ", ".join(f"{i} {o.label}" for i, o in enumerate(options, 1))


def _expected(options: Sequence[Option]) -> str:
    return f"ett av alternativen väntades (nummer eller namn): {option_help(options)}"


@dataclass(frozen=True, slots=True)
class Mention:
    """An option named in a line, at token ``start``."""

    value: Any
    start: int
    end: int
    negated: bool
    preferred: bool
    single_negation: bool


def _stem(word: str) -> str:
    return _STEMMER.stemWord(word)


@cache
def _phrases(options: tuple[Option, ...]) -> tuple[tuple[Any, tuple[str, ...]], ...]:
    """(value, stemmed phrase) for every option, longest first; shared phrases dropped."""
    values = {o.value for o in options}
    table = next((t for t in SYNONYMS.values() if values <= set(t)), {})
    found: dict[tuple[str, ...], set[Any]] = {}
    for option in options:
        texts = [option.label, str(option.value).replace("_", " "), *table.get(option.value, ())]
        for text in texts:
            stems = tuple(_stem(w) for w in words(fold(text)))
            if stems:
                found.setdefault(stems, set()).add(option.value)
    unique = [(next(iter(v)), stems) for stems, v in found.items() if len(v) == 1]
    return tuple(sorted(unique, key=lambda p: len(p[1]), reverse=True))


def mentions(text: str, options: Sequence[Option]) -> list[Mention]:
    """The options a line names, in order, with denial and preference marks."""
    tokens = words(fold(text))
    stems = [_stem(t) for t in tokens]
    phrases = _phrases(tuple(options))
    found: list[Mention] = []
    at = 0
    while at < len(stems):
        for value, phrase in phrases:
            if tuple(stems[at : at + len(phrase)]) == phrase:
                before = set(tokens[max(0, at - 2) : at])
                single = len(phrase) == 1 and tokens[at] in NEGATIONS
                found.append(
                    Mention(
                        value, at, at + len(phrase), bool(before & NEGATIONS),
                        bool(before & PREFERENCES), single,
                    )
                )  # fmt: skip
                at += len(phrase)
                break
        else:
            at += 1
    # "ingen evidens": "ingen" denies what follows; it is no mention of its own.
    return [
        m
        for i, m in enumerate(found)
        if not (m.single_negation and i + 1 < len(found) and found[i + 1].start - m.end <= 1)
    ]


def _label(options: Sequence[Option], value: Any) -> str:
    return next(o.label for o in options if o.value == value)


def _exact(text: str, options: Sequence[Option]) -> Any:
    """The old parser's reading: number, value, label, unique start or words of one label."""
    wanted = fold(text).rstrip(".!")
    # A number of an option has few digits (int() of thousands of them is refused).
    if wanted.isdigit() and len(wanted) <= 3 and 1 <= int(wanted) <= len(options):
        return options[int(wanted) - 1].value
    for option in options:
        if wanted in (fold(str(option.value)), fold(option.label)):
            return option.value
    starts = [o for o in options if wanted and fold(o.label).startswith(wanted)]
    if len(starts) == 1:
        return starts[0].value
    run = words(wanted)
    inside = [
        o
        for o in options
        if run and (has_run(words(fold(o.label)), run) or has_run(words(fold(str(o.value))), run))
    ]
    if len(inside) == 1:
        return inside[0].value
    if len(inside) > 1 and len(run) == len(words(fold(text))):
        labels = " eller ".join(o.label for o in inside)
        raise Ambiguous(
            f"vilket av alternativen menar du: {labels}? Skriv numret: {option_help(options)}",
            tuple(inside),
        )
    return None


def _choice_echo(text: str, options: Sequence[Option], value: Any) -> str | None:
    label = _label(options, value)
    return None if fold(text).rstrip(".!") == fold(label) else label


def understand_choice(text: str, options: Sequence[Option]) -> Understood:
    """One option from a line.

    Raises:
        ParseError: naming the options when nothing matches; :class:`Ambiguous`
            with the candidates when several do.
    """
    value = _exact(text, options)
    if value is None:
        value = _from_prose(text, options)
    return Understood(value, _choice_echo(text, options, value))


def _from_prose(text: str, options: Sequence[Option]) -> Any:
    positive = [m for m in mentions(text, options) if not m.negated]
    values = list(dict.fromkeys(m.value for m in positive))
    if len(values) == 1:
        return values[0]
    if len(values) > 1:
        preferred = list(dict.fromkeys(m.value for m in positive if m.preferred))
        if len(preferred) == 1:
            return preferred[0]
        chosen = tuple(o for o in options if o.value in values)
        labels = " eller ".join(o.label for o in chosen)
        raise Ambiguous(f"du nämner flera alternativ – vilket stämmer bäst: {labels}?", chosen)
    folded = " ".join(words(fold(text)))
    if any(re.search(rf"\b{b}\b", folded) for b in BOTH):
        raise Ambiguous(
            f"vilket av alternativen stämmer bäst? {option_help(options)}", tuple(options)
        )
    raise ParseError(_expected(options))


def _structured(text: str, options: Sequence[Option]) -> list[Any] | None:
    """``1, 3``, ``1 3`` or labels separated by commas; None when a part is no option."""
    cleaned = normalise(text)
    if re.fullmatch(r"\d+(?: \d+)+", cleaned):
        parts = cleaned.split(" ")
    else:
        parts = [p for p in re.split(r"[,;\n]| och (?=\d)", cleaned) if p.strip()]
    chosen: list[Any] = []
    for part in parts:
        try:
            value = _exact(part.strip(), options)
        except Ambiguous:
            return None
        if value is None:
            return None
        if value not in chosen:
            chosen.append(value)
    return chosen or None


def understand_multichoice(text: str, options: Sequence[Option]) -> Understood:
    """Several options from a line, in the order named.

    Raises:
        Unclear: when a part of the line, or the whole line, names no option.
    """
    structured = _structured(text, options)
    if structured is not None:
        echo = _multi_echo(options, structured)
        return Understood(structured, None if fold(text) == fold(echo) else echo)
    if _EXCEPT.search(fold(text)):
        raise Unclear(_multi_expected(options))
    for part in re.split(r"[,;\n]", text):
        if part.strip() and not mentions(part, options) and not re.fullmatch(r"\s*\d+\s*", part):
            raise Unclear(
                f"”{part.strip()}” är inget av alternativen; skriv t.ex. 1, 3: "
                f"{option_help(options)}"
            )
    found = [m for m in mentions(text, options) if not m.negated]
    found = [
        m
        for i, m in enumerate(found)
        if not (m.value == "alla" and i + 1 < len(found) and found[i + 1].start == m.end)
    ]
    values = list(dict.fromkeys(m.value for m in found))
    if not values:
        raise Unclear(_multi_expected(options))
    return Understood(values, _multi_echo(options, values))


def _multi_expected(options: Sequence[Option]) -> str:
    return (
        "jag kunde inte se vilka av alternativen du menar; skriv numren eller namnen, "
        f"t.ex. 1, 3: {option_help(options)}"
    )


def _multi_echo(options: Sequence[Option], values: list[Any]) -> str:
    return ", ".join(_label(options, v) for v in values)
