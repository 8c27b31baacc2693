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
from dialogs.understanding.names import check_name, is_unit, split_names, suggest_org_type
from dialogs.understanding.numbers import find_numbers
from dialogs.understanding.results import ParseError, Unclear
from dialogs.understanding.text import list_lines, lower, squash, trim_punctuation
from knowledge.criteria import same_name
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
_SELF = re.compile(
    r"^(?:vi|vi själva|oss|oss själva|egen|egna|eget|sökande|sökanden|vi som sökande|"
    r"(?:vår|våra|egen|egna|vår egen|våra egna) (?:personal|medarbetare|arbetstid|verksamhet|"
    r"personaltid|tid|lokaler))$",
    re.I,
)
# Between rows: a comma, ";", or "och"/"samt" – not the "och" of "från och med".
_SEPARATOR = re.compile(r"\s*(?:[,;\n]|(?<!från)(?<!till)\s(?:och|samt)\s(?!med\b))\s*", re.I)
_PARTY_LEAD = re.compile(
    r"^(?:(?:och|samt|plus|även|medfinansiering(?:en)?|från|ja)\b[:,]?\s*)+", re.I
)
_PARTY_TRAIL = re.compile(
    r"(?:\s+(?:bidrar|står|går in|ger|betalar|skjuter till|satsar|med|för|i form av|i|:|"
    r"motsvarande|till ett värde av|värt|värd|om|totalt|sammanlagt))+$",
    re.I,
)
# What a place that saves says after its name: "socialtjänsten sparar ca".
_ORG_TRAIL = re.compile(
    r"(?:\s+(?:sparar|spar|minskar|får|beräknas|väntas|bedöms|kan|spara|sänker|sänka|med|"
    r"ca\.?|cirka|c:a|ungefär|runt|drygt|knappt|omkring|uppskattningsvis|in|lägre|"
    r"kostnader|kostnaderna|minskade|minska|i|:))+$",
    re.I,
)
# "300 000 kr var": every party named gives that amount.
_EACH = re.compile(r"^\s*(?:var|vardera|var och en|per part|var för sig|styck|st)\b", re.I)
_PART_OF = re.compile(r"\bvarav\b", re.I)
_RELATIVE_YEAR = re.compile(r"\b(?:år|året)\s+(?:\d{1,2}|ett|två|tre|fyra|fem)\b(?!\s*\d)", re.I)
PART_OF = (
    "”varav” delar ett belopp; skriv varje del som en egen rad, t.ex. Sandvikens kommun "
    "800 000 kr arbetstid, Sandvikens kommun 400 000 kr kontant"
)
# A bare number followed by what it counts ("2 tjänster"): no kronor.
_COUNTED_AFTER = re.compile(
    r"\s*(?!(?:kr|kronor|sek|per|och|samt|i|från|till|för|kontant\w*|arbetstid|annat)\b)"
    r"[a-zåäö]+",
    re.I,
)
NOT_KRONOR = "”{typed}” är inget belopp i kronor; skriv vad det blir i kronor, t.ex. 600 000 kr"
RELATIVE_YEAR = "skriv årtalet, t.ex. 2030, inte år 1, år 2 …"
BARE = (
    "”{typed}” står utan enhet – menar du {kronor} eller {thousands}? Skriv enheten, "
    "t.ex. {typed} tkr"
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
    return check_name(name, example) if name else name


def _check_amounts(line: str, amounts: list[Amount], example: str) -> None:
    """Refuses what a list line cannot mean safely: ``varav``, ``år 3``, a bare ``400``.

    Raises:
        Unclear: saying what to write instead.
    """
    if _PART_OF.search(line):
        raise Unclear(PART_OF)
    if _RELATIVE_YEAR.search(line):
        raise Unclear(f"{RELATIVE_YEAR}; {example}")
    for amount in amounts:
        counted = _COUNTED_AFTER.match(line, amount.end)
        if not amount.unit and 0 < amount.kronor < 1_000 and counted:
            raise Unclear(NOT_KRONOR.format(typed=line[amount.start : counted.end()]))
        if not amount.unit and 0 < amount.kronor < 1_000:
            raise Unclear(
                BARE.format(
                    typed=amount.typed,
                    kronor=format_money(amount.kronor),
                    thousands=format_money(amount.kronor * 1_000),
                )
            )


def _without_amount(name: str) -> str:
    """``Sandvikens kommun 300 000 kr arbetstid`` at the partners: the name before the
    amount (the amount is asked at the co-financing)."""
    try:
        money = [a for a in find_amounts(lower(name), skip_years=True) if a.unit]
    except ParseError:
        return name
    return trim_punctuation(name[: money[0].start]) if money else name


def partner_rows(text: str) -> list[Row]:
    """``Röda korset, Sandvikens kommun och IFK Gävle``; ``Röda korset (läxhjälp)``;
    ``Region Gävleborg (BUP)`` is one name with its unit; the same name twice is one row."""
    rows: list[Row] = []
    org_options = enum_options("OrgType")
    for typed in split_names(text):
        values: dict[str, Any] = {"name": _without_amount(typed)}
        if not values["name"]:
            raise Unclear(f"skriv parternas namn; {COFINANCING_EXAMPLE.split('; ')[0]}")
        bracket = re.fullmatch(r"(.+?)\s*\((.+)\)", values["name"]) or re.fullmatch(
            r"(.+?)\s+[–—:]\s+(.+)", values["name"]
        )
        if bracket:
            values["name"], inside = bracket[1].strip(), bracket[2].strip()
            try:
                values["org_type"] = understand_choice(inside, org_options).value
            except ParseError:
                if is_unit(inside):  # "Kommunen (socialförvaltningen)": a unit, no role
                    values["name"] = f"{values['name']}, {inside}"
                else:
                    values["role"] = inside
        if any(same_name(str(r.values["name"]), values["name"]) for r in rows):
            continue
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
    _check_amounts(line, amounts, BUDGET_EXAMPLE)
    if any(a.years and not a.per_year for a in amounts):
        raise Unclear(f"skriv kostnaden för varje år, inte för flera år ihop; {BUDGET_EXAMPLE}")
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


# Words after the last amount that name no further party ("…, totalt", "…, i arbetstid").
_NO_PARTY = re.compile(
    r"^(?:(?:i\s+)?(?:form av\s+)?(?:kontant\w*|arbetstid|personaltid|lokaler|annat)|totalt|"
    r"sammanlagt|tillsammans|var|vardera|per år|om året|ungefär|ca|cirka|\s)*$",
    re.I,
)


def _tail(before: str, after: str) -> tuple[str, list[str]]:
    """The last row's text after its amount, and the parties named after it that have
    no amount of their own ("Sandvikens kommun 300 000 kr arbetstid, Röda korset
    kontant"): each is a row whose amount is asked, never silently dropped.

    Only when the last row named its party before the amount; a year or a form word
    after a separator belongs to the last row ("…, från 2030", "…, arbetstid").
    """
    cut = _SEPARATOR.search(after)
    if cut is None or not trim_punctuation(before):
        return after, []
    rest = trim_punctuation(after[cut.end() :])
    if not rest or re.search(r"\d", rest) or _NO_PARTY.match(rest):
        return after, []
    return after[: cut.start()], split_names(rest, example=COFINANCING_EXAMPLE)


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


def _party_after(after: str) -> str:
    """``400 000 kr från Sandvikens kommun i arbetstid``: the party named after the amount."""
    match = re.match(r"\s*(?:från|av|hos)\s+(?P<party>.+)$", after, re.I)
    if not match:
        return ""
    party = re.sub(
        r"\s+(?:i\s+)?(?:form av\s+)?(?:kontant\w*|arbetstid|personaltid|lokaler|annat)\b.*$",
        "", match["party"], flags=re.I,
    )  # fmt: skip
    return party


def cofinancing_rows(text: str, *, applicant: str | None = None) -> list[Row]:
    """``Sandvikens kommun 300 000 kr arbetstid, Röda korset 50 000 kr kontant``;
    ``kommunen och regionen 300 000 kr var`` is a row for each."""
    line = squash(text)
    check_sum(lower(line))
    amounts = find_amounts(lower(line), skip_years=True)
    if not amounts:
        names = split_names(line, example=COFINANCING_EXAMPLE)
        return [_row("cofinancing", {"party": name}) for name in names]
    _check_amounts(line, amounts, COFINANCING_EXAMPLE)
    rows = []
    segments = _segments(line, amounts)
    after, extra = _tail(*segments[-1])
    segments[-1] = (segments[-1][0], after)
    for (before, after), amount in zip(segments, amounts, strict=True):
        if amount.per_year:
            years = amount.years or 3
            whole = format_money(amount.kronor * years)
            message = WANTS_TOTAL.format(amount=format_money(amount.kronor), total=whole)
            raise Unclear(message.replace("3 ×", f"{years} ×"))
        form = _form(after) or _form(before)
        party = _clean_party(before, _PARTY_LEAD, _PARTY_TRAIL) or _clean_party(
            _party_after(after), _PARTY_LEAD, _PARTY_TRAIL
        )
        party = re.sub(r"\s+(?:kontant|kontanter|arbetstid|i arbetstid)$", "", party, flags=re.I)
        for name in _parties(party, amount, after):
            if _SELF.match(name):
                name = applicant or ""
            values = {"party": _no_sentence(name, COFINANCING_EXAMPLE) or None}
            values.update(amount=amount.kronor, form=form)
            rows.append(_row("cofinancing", values))
    for name in extra:
        party = re.sub(r"\s+(?:kontant|kontanter|arbetstid|i arbetstid)$", "", name, flags=re.I)
        values = {"party": _no_sentence(_clean_party(party, _PARTY_LEAD, _PARTY_TRAIL), "")}
        rows.append(_row("cofinancing", {**values, "form": _form(name)}))
    return rows


def _parties(party: str, amount: Amount, after: str) -> list[str]:
    """One party, or each of several named for one amount "var" (each).

    Raises:
        Unclear: for several parties and one amount without "var": together or each?
    """
    if not party:
        return [party]
    names = split_names(party, example=COFINANCING_EXAMPLE)
    if len(names) <= 1:
        return [party]
    if _EACH.match(after):
        return names
    shown = format_money(amount.kronor)
    raise Unclear(
        f"står {' och '.join(names)} för {shown} tillsammans eller var? Skriv en rad per part, "
        f"t.ex. {names[0]} {shown} arbetstid, {names[1]} …"
    )


def reduction_rows(text: str) -> list[Row]:
    """``Socialtjänsten 200 000 kr per år från 2029``; several separated by ``;`` or ``,``."""
    line = squash(text)
    check_sum(lower(line))
    amounts = find_amounts(lower(line), skip_years=True)
    if not amounts:
        names = split_names(line, example=REDUCTION_EXAMPLE)
        return [_row("cost_reductions", {"organisation": n}) for n in names]
    _check_amounts(line, amounts, REDUCTION_EXAMPLE)
    if any(a.years and not a.per_year for a in amounts):
        raise Unclear(f"beloppet per år väntades, inte för flera år ihop; {REDUCTION_EXAMPLE}")
    rows = []
    segments = _segments(line, amounts)
    after, extra = _tail(*segments[-1])
    segments[-1] = (segments[-1][0], after)
    for (before, after), amount in zip(segments, amounts, strict=True):
        found = _FROM_YEAR.search(after) or _FROM_YEAR.search(before)
        if re.search(r"\b\d{4}\b", _FROM_YEAR.sub(" ", f"{before} {after}")):
            raise Unclear(f"skriv från vilket år, t.ex. från 2029; {REDUCTION_EXAMPLE}")
        if is_total(lower(f"{before} {after}")):
            raise Unclear(f"beloppet per år väntades, inte totalt; {REDUCTION_EXAMPLE}")
        organisation = _clean_party(_FROM_YEAR.sub(" ", before), _ORG_LEAD, _ORG_TRAIL)
        values = {
            "organisation": _no_sentence(organisation, REDUCTION_EXAMPLE) or None,
            "amount_per_year": amount.kronor,
            "from_year": int(found[1]) if found else None,
        }
        rows.append(_row("cost_reductions", values))
    rows += [_row("cost_reductions", {"organisation": name}) for name in extra]
    return rows


def signatory_rows(text: str) -> list[Row]:
    """``Anna Berg, verksamhetschef, BUP; Per Ek, rektor, Karlskrona kommun``: a person
    per part (``;`` or a new line), each name, title and party in that order."""
    rows = []
    for part in re.split(r"\s*[;\n]\s*", squash(list_lines(text))):
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
