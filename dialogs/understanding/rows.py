"""List rows read out of one line: partners, budget years, co-financing, cost reductions.

Each reader returns :class:`Row` objects, each possibly partial: ``values``
holds the sub-fields the line gave, ``missing`` the sub-fields still to ask
(in ``answers.md``'s order), ``suggested`` what the dialog may offer to
confirm (a partner's organisation type from its name). Amounts anchor the
money lists, so a comma inside a name ("Sundsvalls kommun,
Arbetslivsförvaltningen 300 000 kr") stays in the name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dialogs.flow import enum_options
from dialogs.understanding.choices import mentions, understand_choice
from dialogs.understanding.money import (
    WANTS_TOTAL,
    Amount,
    check_sum,
    find_amounts,
    is_total,
    is_year,
)
from dialogs.understanding.names import SENTENCE_WORDS, split_names, suggest_org_type
from dialogs.understanding.numbers import find_numbers
from dialogs.understanding.results import ParseError, Unclear
from dialogs.understanding.text import lower, squash, trim_punctuation, words
from knowledge.formatting import format_money

# The sub-fields of one row of each list, in answers.md's order.
ITEM_FIELDS: dict[str, tuple[str, ...]] = {
    "partners": ("name", "org_type", "role"),
    "budget": ("year", "cost"),
    "cofinancing": ("party", "amount", "form"),
    "cost_reductions": ("organisation", "amount_per_year", "from_year"),
    "signatories": ("party", "name", "title"),
}
BUDGET_EXAMPLE = "skriv år och kostnad, t.ex. 2027: 1,2 mkr, 2028: 1,5 mkr"
COFINANCING_EXAMPLE = (
    "skriv part, belopp och form, t.ex. Sandvikens kommun 300 000 kr arbetstid, "
    "Röda korset 50 000 kr kontant"
)
SIGNATORY_EXAMPLE = (
    "skriv namn, befattning och part, en person i taget med semikolon emellan, t.ex. "
    "Anna Berg, verksamhetschef, BUP; Per Ek, rektor, Karlskrona kommun"
)
REDUCTION_EXAMPLE = (
    "skriv var, hur mycket per år och från vilket år, t.ex. Socialtjänsten 200 000 kr per år "
    "från 2029"
)
# What the applicant calls itself as a co-financier.
_SELF = re.compile(r"^(?:vi|vi själva|oss|oss själva|egen|egna|eget|sökande|sökanden)$", re.I)
_SEPARATOR = re.compile(r"\s*(?:[,;\n]|\s(?:och|samt)\s)\s*", re.I)
_PARTY_LEAD = re.compile(
    r"^(?:(?:och|samt|plus|även|medfinansiering(?:en)?|från|ja)\b[:,]?\s*)+", re.I
)
_PARTY_TRAIL = re.compile(
    r"(?:\s+(?:bidrar|står|går in|ger|betalar|skjuter till|satsar|med|för|i form av|i|:))+$", re.I
)
_ORG_LEAD = re.compile(
    r"^(?:(?:och|samt|även|hos|inom|för|i|minskade|lägre|kostnader|kostnaderna|"
    r"kostnadsminskning(?:ar)?|besparing(?:ar)?|sparar|minskar|med)\b[:,]?\s*)+",
    re.I,
)
_FROM_YEAR = re.compile(
    r"\b(?:från och med|från|fr\.?\s?o\.?\s?m\.?|med start)\s+(?:år\s+)?(\d{4})\b", re.I
)
# A form word right after an amount belongs to that row, not to the next party.
_FORM_AFTER = re.compile(r"^\s*\(?(?:i\s+)?(?:kontant\w*|arbetstid|annat)\)?", re.I)


@dataclass(frozen=True, slots=True)
class Row:
    """One row read from a line.

    Attributes:
        values: The sub-fields read (``{"name": "Röda korset"}``).
        missing: Sub-fields not given, in answers.md's order.
        suggested: Values to offer for confirmation (``{"org_type": "ideell"}``).
    """

    values: Mapping[str, Any]
    missing: tuple[str, ...] = ()
    suggested: Mapping[str, Any] = field(default_factory=dict)


def _row(top: str, values: dict[str, Any], suggested: dict[str, Any] | None = None) -> Row:
    missing = tuple(f for f in ITEM_FIELDS[top] if values.get(f) is None)
    return Row(values, missing, suggested or {})


def _no_sentence(name: str, example: str) -> str:
    if len(words(name)) > 7 or SENTENCE_WORDS & {w.lower() for w in words(name)}:
        raise Unclear(f"jag kunde inte läsa ut raderna; {example}")
    return name


def partner_rows(text: str) -> list[Row]:
    """``Röda korset, Sandvikens kommun och IFK Gävle``; ``Röda korset (läxhjälp)``."""
    rows = []
    org_options = enum_options("OrgType")
    for typed in split_names(text):
        values: dict[str, Any] = {"name": typed}
        bracket = re.fullmatch(r"(.+?)\s*\((.+)\)", typed) or re.fullmatch(
            r"(.+?)\s+[–—:]\s+(.+)", typed
        )
        if bracket:
            values["name"] = bracket[1].strip()
            try:
                values["org_type"] = understand_choice(bracket[2], org_options).value
            except ParseError:
                values["role"] = bracket[2].strip()
        suggestion = suggest_org_type(values["name"]) if "org_type" not in values else None
        rows.append(_row("partners", values, {"org_type": suggestion} if suggestion else None))
    return rows


def budget_rows(text: str) -> list[Row]:
    """``2027: 1,2 mkr, 2028: 1,5 mkr``; ``1,2 mkr 2027``; ``2027–2029: 1 mkr per år``."""
    line = lower(squash(text))
    check_sum(line)
    if is_total(line):
        raise Unclear(f"skriv kostnaden för varje år, inte totalen; {BUDGET_EXAMPLE}")
    years = [n for n in find_numbers(line) if is_year(n, line)]
    amounts = find_amounts(line, skip_years=True)
    items: list[tuple[int, str, Any]] = [(a.start, "cost", a) for a in amounts]
    skip: set[int] = set()
    for i, year in enumerate(years):
        if i in skip:
            continue
        after = years[i + 1] if i + 1 < len(years) else None
        if after and re.fullmatch(r"\s*(?:-|–|—|till)\s*", line[year.end : after.start]):
            span = list(range(int(year.value), int(after.value) + 1))
            items.append((year.start, "years", span))
            skip.add(i + 1)
        else:
            items.append((year.start, "year", [int(year.value)]))
    items.sort(key=lambda item: item[0])
    if not items:
        raise ParseError(BUDGET_EXAMPLE)
    rows: list[Row] = []
    year_first = items[0][1] != "cost"
    pending: list[tuple[str, Any]] = []
    for _, kind, value in items:
        pending.append((kind, value))
        if len(pending) < 2:
            continue
        (k1, v1), (k2, v2) = pending
        if (k1 == "cost") == (k2 == "cost") or (k1 == "cost") == year_first:
            raise Unclear(f"jag kunde inte para ihop år och belopp; {BUDGET_EXAMPLE}")
        span, amount = (v1, v2) if year_first else (v2, v1)
        rows.extend(_budget_years(span, amount))
        pending = []
    if pending and rows:
        raise Unclear(f"jag kunde inte para ihop år och belopp; {BUDGET_EXAMPLE}")
    if pending:
        kind, value = pending[0]
        if kind == "cost":
            rows.append(_row("budget", {"cost": value.kronor}))
        elif len(value) == 1:
            rows.append(_row("budget", {"year": value[0]}))
        else:
            raise Unclear(f"skriv kostnaden för varje år; {BUDGET_EXAMPLE}")
    seen = [r.values.get("year") for r in rows if r.values.get("year")]
    if len(seen) != len(set(seen)):
        raise Unclear(f"samma år står två gånger; {BUDGET_EXAMPLE}")
    return rows


def _budget_years(span: list[int], amount: Amount) -> list[Row]:
    if len(span) > 1 and not amount.per_year:
        raise Unclear(
            f"menar du {format_money(amount.kronor)} per år eller totalt för "
            f"{span[0]}–{span[-1]}? Skriv kostnaden för varje år, t.ex. {span[0]}: …"
        )
    return [_row("budget", {"year": year, "cost": amount.kronor}) for year in span]


def _segments(line: str, amounts: list[Amount]) -> list[tuple[str, str]]:
    """(text before, text after) each amount, split where the next row begins."""
    befores, afters = [], []
    start = 0
    for index, amount in enumerate(amounts):
        befores.append(line[start : amount.start])
        end = amounts[index + 1].start if index + 1 < len(amounts) else len(line)
        between = line[amount.end : end]
        last = index + 1 == len(amounts)
        cut = None if last else _SEPARATOR.search(between)
        if cut:
            split_at, resume = cut.start(), cut.end()
        elif last:
            split_at = resume = len(between)
        else:
            form = _FORM_AFTER.match(between)
            split_at = resume = form.end() if form else 0
        afters.append(between[:split_at])
        start = amount.end + resume
    return list(zip(befores, afters, strict=True))


def _form(*texts: str) -> str | None:
    found = {m.value for t in texts for m in mentions(t, enum_options("CofinancingForm"))}
    return found.pop() if len(found) == 1 else None


def _clean_party(text: str, lead: re.Pattern[str], trail: re.Pattern[str] | None) -> str:
    text = trim_punctuation(text)
    text = lead.sub("", text)
    if trail is not None:
        text = trail.sub("", text)
    text = re.sub(r"\s*\((?:kontant|arbetstid|annat)\)\s*$", "", text, flags=re.I)
    return trim_punctuation(text)


def cofinancing_rows(text: str, *, applicant: str | None = None) -> list[Row]:
    """``Sandvikens kommun 300 000 kr arbetstid, Röda korset 50 000 kr kontant``."""
    line = squash(text)
    check_sum(lower(line))
    amounts = find_amounts(lower(line), skip_years=True)
    if not amounts:
        names = split_names(line, example=COFINANCING_EXAMPLE)
        return [_row("cofinancing", {"party": name}) for name in names]
    rows = []
    for (before, after), amount in zip(_segments(line, amounts), amounts, strict=True):
        if amount.per_year:
            total = format_money(amount.kronor * 3)
            raise Unclear(WANTS_TOTAL.format(amount=format_money(amount.kronor), total=total))
        form = _form(after) or _form(before)
        party = _clean_party(before, _PARTY_LEAD, _PARTY_TRAIL)
        party = re.sub(r"\s+(?:kontant|kontanter|arbetstid|i arbetstid)$", "", party, flags=re.I)
        if _SELF.match(party):
            party = applicant or ""
        values = {"party": _no_sentence(party, COFINANCING_EXAMPLE) or None}
        values.update(amount=amount.kronor, form=form)
        rows.append(_row("cofinancing", values))
    return rows


def reduction_rows(text: str) -> list[Row]:
    """``Socialtjänsten 200 000 kr per år från 2029``; several separated by ``;`` or ``,``."""
    line = squash(text)
    check_sum(lower(line))
    amounts = find_amounts(lower(line), skip_years=True)
    if not amounts:
        names = split_names(line, example=REDUCTION_EXAMPLE)
        return [_row("cost_reductions", {"organisation": n}) for n in names]
    rows = []
    for (before, after), amount in zip(_segments(line, amounts), amounts, strict=True):
        found = _FROM_YEAR.search(after) or _FROM_YEAR.search(before)
        if re.search(r"\b\d{4}\b", _FROM_YEAR.sub(" ", f"{before} {after}")):
            raise Unclear(f"skriv från vilket år, t.ex. från 2029; {REDUCTION_EXAMPLE}")
        if is_total(lower(f"{before} {after}")):
            raise Unclear(f"beloppet per år väntades, inte totalt; {REDUCTION_EXAMPLE}")
        organisation = _clean_party(_FROM_YEAR.sub(" ", before), _ORG_LEAD, _PARTY_TRAIL)
        values = {
            "organisation": _no_sentence(organisation, REDUCTION_EXAMPLE) or None,
            "amount_per_year": amount.kronor,
            "from_year": int(found[1]) if found else None,
        }
        rows.append(_row("cost_reductions", values))
    return rows


def signatory_rows(text: str) -> list[Row]:
    """``Anna Berg, verksamhetschef, BUP; Per Ek, rektor, Karlskrona kommun``: a person
    per part (``;`` or a new line), each name, title and party in that order."""
    rows = []
    for part in re.split(r"\s*[;\n]\s*", squash(text)):
        pieces = [trim_punctuation(p) for p in part.split(",") if trim_punctuation(p)]
        if not pieces:
            continue
        if len(pieces) > 3:
            raise Unclear(f"jag kunde inte läsa ut personerna; {SIGNATORY_EXAMPLE}")
        values = dict(zip(("name", "title", "party"), pieces, strict=False))
        _no_sentence(values["name"], SIGNATORY_EXAMPLE)
        rows.append(_row("signatories", values))
    if not rows:
        raise ParseError(SIGNATORY_EXAMPLE)
    return rows
