"""The financing of the application: cost per year, what is requested, co-financing.

The financing plan has one row per budget year with the cost, the amount requested
from the fund and the co-financing, and a total row. The answers give the requested
amount and each party's co-financing for the whole period, so the plan spreads them
over the years in proportion to each year's cost (whole kronor that add up to the
totals), and says so. When the requested amount and the co-financing do not add up
to the total cost, a line names the kronor missing or in excess.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from knowledge.answers import Answers
from knowledge.criteria.derived import Derived
from templates.text import NOT_ANSWERED, NOT_GIVEN, money, option, percent, text

NO_COFINANCING = "Ingen medfinansiering"
SPREAD_NOTE = (
    "Sökt belopp och medfinansiering är angivna för hela perioden och här fördelade på "
    "åren i proportion till årets kostnad."
)


def spread(total: int, weights: list[int]) -> list[int]:
    """``total`` split in proportion to ``weights``: whole kronor that add up to ``total``.

    Largest remainder: every share is rounded down, then the kronor still missing go
    to the shares that lost most by rounding (exact integer arithmetic).
    """
    whole = sum(weights)
    if whole <= 0:
        return [0] * len(weights)
    parts = [total * w // whole for w in weights]
    missing = total - sum(parts)
    by_loss = sorted(range(len(weights)), key=lambda i: total * weights[i] % whole, reverse=True)
    for index in by_loss[:missing]:
        parts[index] += 1
    return parts


def row_percents(amounts: list[int], total_cost: int | None) -> list[str]:
    """Each party's share of the total cost, in whole percent that add up to the total's.

    The total share is shown rounded down (49.6 % never reads as a required 50 %); each
    row rounded down as well would add up to less (33 % + 16 % under a 50 % total), so
    the rows take the largest-remainder method on the total's percent points.
    """
    if not total_cost:
        return [NOT_GIVEN] * len(amounts)
    # Exact integer arithmetic: the amounts are whole kronor (never negative).
    points = [amount * 100 // total_cost for amount in amounts]
    missing = sum(amounts) * 100 // total_cost - sum(points)
    by_loss = sorted(range(len(amounts)), key=lambda i: amounts[i] * 100 % total_cost, reverse=True)
    for index in by_loss[:missing]:
        points[index] += 1
    return [percent(Fraction(p, 100)) for p in points]


def budget(answers: Answers, derived: Derived) -> dict[str, Any]:
    """The cost per year (sorted) and the total."""
    rows = [
        {"year": str(r.year), "cost": money(r.cost)}
        for r in sorted(answers.budget or [], key=lambda r: r.year)
    ]
    return {
        "rows": rows,
        "total": money(derived.total_cost),
        "note": "" if rows else NOT_ANSWERED,
    }


def cofinancing(answers: Answers, derived: Derived) -> dict[str, Any]:
    """Each party's co-financing with its form and share of the total cost."""
    parties = answers.cofinancing or []
    shares = row_percents([r.amount for r in parties], derived.total_cost)
    rows = [
        {"party": text(r.party), "amount": money(r.amount), "form": option(r.form), "share": s}
        for r, s in zip(parties, shares, strict=True)
    ]
    note = NOT_ANSWERED if answers.cofinancing is None else "" if rows else NO_COFINANCING
    return {
        "rows": rows,
        "note": note,
        "total": money(derived.cofinancing_total),
        "share": percent(derived.cofinancing_share),
    }


def _years(answers: Answers) -> list[tuple[int, int]]:
    costs: dict[int, int] = {}
    for row in answers.budget or []:
        costs[row.year] = costs.get(row.year, 0) + row.cost
    return sorted(costs.items())


def balance(answers: Answers, derived: Derived) -> dict[str, Any]:
    """Whether the requested amount and the co-financing cover the total cost.

    Returns:
        ``text`` (empty when it cannot be said: something is unanswered), ``ok``.
    """
    total = derived.total_cost
    requested = answers.requested_amount
    cofinanced = derived.cofinancing_total
    if not answers.budget or requested is None or answers.cofinancing is None:
        return {"text": "", "ok": True}
    funded = requested + (cofinanced or 0)
    gap = (total or 0) - funded
    if gap == 0:
        return {"text": "Sökt belopp och medfinansiering täcker hela kostnaden.", "ok": True}
    parts = f"Sökt belopp och medfinansiering är {money(funded)} av kostnaden {money(total)}"
    if gap > 0:
        return {"text": f"{parts} – det saknas {money(gap)}.", "ok": False}
    return {"text": f"{parts} – det är {money(-gap)} mer än kostnaden.", "ok": False}


def plan(answers: Answers, derived: Derived) -> dict[str, Any]:
    """The financing plan per year: cost, requested, co-financing, their sum, totals."""
    years = _years(answers)
    costs = [cost for _year, cost in years]
    requested = answers.requested_amount
    cofinanced = derived.cofinancing_total if answers.cofinancing is not None else None
    per_requested = spread(requested, costs) if requested is not None else None
    per_cofinanced = spread(cofinanced, costs) if cofinanced is not None else None
    rows = []
    for index, (year, cost) in enumerate(years):
        asked = per_requested[index] if per_requested is not None else None
        own = per_cofinanced[index] if per_cofinanced is not None else None
        rows.append(
            {
                "year": str(year),
                "cost": money(cost),
                "requested": money(asked) if asked is not None else NOT_GIVEN,
                "cofinancing": money(own) if own is not None else NOT_GIVEN,
                "funded": money((asked or 0) + (own or 0)),
            }
        )
    funded = (requested or 0) + (cofinanced or 0)
    spreads = len(rows) > 1 and (requested is not None or cofinanced is not None)
    return {
        "rows": rows,
        "note": "" if rows else NOT_ANSWERED,
        "total_cost": money(derived.total_cost),
        "requested": money(requested),
        "cofinancing": money(cofinanced) if cofinanced is not None else NOT_ANSWERED,
        "funded": money(funded),
        "spread_note": SPREAD_NOTE if spreads else "",
        "balance": balance(answers, derived),
    }
