"""The years of the economic overview (Figure 4 of seed 003) and its table rows.

Repayment runs ``repayment_years`` years after the project's end year (seed 003
§8.1.4); the end year is ``end_date``'s year, else the last budget year. The plan
covers at most ``MAX_PLAN_YEARS`` years from its first year, whatever was typed.
Beyond ``DETAIL_YEARS`` years the table is summarised: consecutive years with the
same figures share one row (``2035–2059``), so a 30-year repayment stays one page.
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.answers import Answers
from templates.text import NOT_ANSWERED, NOT_GIVEN, YES, money, safe_text, year_span

# A project of up to 3 years and 1-10 repayment years (seed 003 §8.1.4) fit well
# within it; a typed 10 000 000 years does not build a list per year.
MAX_PLAN_YEARS = 30
# Up to this many years the overview has one row per year; beyond, equal years merge.
DETAIL_YEARS = 10
NAMELESS = "Organisation utan namn"


@dataclass(frozen=True, slots=True)
class YearPlan:
    """What happens in each calendar year of the overview.

    Attributes:
        years: The calendar years shown, in order.
        costs: The project's cost per year (budget).
        reductions: The expected cost reductions per year, all organisations.
        starts: Per year, the organisations whose reductions begin then, with their amount.
        repayment: The repayment years within ``years``.
    """

    years: list[int]
    costs: dict[int, int]
    reductions: dict[int, int]
    starts: dict[int, list[tuple[str, int]]]
    repayment: list[int]
    truncated: bool = False

    @property
    def has_chart_data(self) -> bool:
        """True when both a budget and expected cost reductions exist."""
        return bool(self.costs) and bool(self.reductions)


def end_year(answers: Answers) -> int | None:
    """The project's end year: ``end_date``'s year, else the last budget year."""
    if answers.end_date:
        return answers.end_date.year
    return max((row.year for row in answers.budget or []), default=None)


def repayment_span(answers: Answers) -> tuple[int, int] | None:
    """First and last repayment year: ``repayment_years`` years after the end year."""
    last = end_year(answers)
    if last is None or not answers.repayment_years:
        return None
    return last + 1, last + answers.repayment_years


def year_plan(answers: Answers, *, with_repayment: bool = True) -> YearPlan:
    """Costs, expected cost reductions and repayment years per calendar year.

    Args:
        answers: The answers.
        with_repayment: False when the fund does not ask for repayment or the
            idea is exempt from it: no year is then marked as a repayment year.
    """
    costs: dict[int, int] = {}
    for row in answers.budget or []:
        costs[row.year] = costs.get(row.year, 0) + row.cost
    last_project_year = end_year(answers)
    span = repayment_span(answers) if with_repayment else None
    first_saving = [
        r.from_year or last_project_year or min(costs, default=None)
        for r in answers.cost_reductions or []
    ]
    marks = [*costs, *(span or ()), *(y for y in first_saving if y is not None)]
    if answers.start_date:
        marks.append(answers.start_date.year)
    if last_project_year is not None:
        marks.append(last_project_year)
    if not marks:
        return YearPlan([], costs, {}, {}, [])
    first, last = min(marks), max(marks)
    begun = [y for y in first_saving if y is not None]
    if begun:
        # Show a couple of years of gains, as Figure 4 does after the repayment.
        last = max(last, max(begun) + 2)
    years = list(range(first, min(last, first + MAX_PLAN_YEARS - 1) + 1))
    repayment = [y for y in years if span is not None and span[0] <= y <= span[1]]
    reductions: dict[int, int] = {}
    starts: dict[int, list[tuple[str, int]]] = {}
    for row, start in zip(answers.cost_reductions or [], first_saving, strict=True):
        if start is None:
            continue
        name = safe_text(row.organisation or "").strip() or NAMELESS
        if years[0] <= start <= years[-1]:
            starts.setdefault(start, []).append((name, row.amount_per_year))
        for year in years:
            if year >= start:
                reductions[year] = reductions.get(year, 0) + row.amount_per_year
    return YearPlan(years, costs, reductions, starts, repayment, truncated=years[-1] < last)


def _row(plan: YearPlan, first: int, last: int) -> dict[str, str]:
    started = plan.starts.get(first, [])  # later years of a run begin nothing (_same)
    return {
        "year": year_span(first, last),
        "cost": money(plan.costs[first]) if first in plan.costs else NOT_GIVEN,
        "reductions": money(plan.reductions[first]) if first in plan.reductions else NOT_GIVEN,
        "starts": "\n".join(f"{name}: {money(amount)}" for name, amount in started) or NOT_GIVEN,
        "repayment": YES if first in plan.repayment else NOT_GIVEN,
    }


def _same(plan: YearPlan, year: int, other: int) -> bool:
    """Whether two years read the same in the table (and nothing begins in ``other``)."""
    return (
        plan.costs.get(year) == plan.costs.get(other)
        and plan.reductions.get(year) == plan.reductions.get(other)
        and (year in plan.repayment) == (other in plan.repayment)
        and other not in plan.starts
    )


def overview(plan: YearPlan) -> dict[str, object]:
    """The overview table: one row per year, or per run of equal years past ``DETAIL_YEARS``.

    Returns:
        ``rows`` (``year, cost, reductions, starts, repayment``), ``note`` (shown
        instead of an empty table), ``summarised`` (True when years were merged),
        ``cut_note`` (when the years typed run past ``MAX_PLAN_YEARS``).
    """
    years = plan.years
    runs: list[tuple[int, int]] = []
    for year in years:
        if runs and len(years) > DETAIL_YEARS and _same(plan, runs[-1][0], year):
            runs[-1] = (runs[-1][0], year)
        else:
            runs.append((year, year))
    shown = year_span(years[0], years[-1]) if years else ""
    return {
        "rows": [_row(plan, first, last) for first, last in runs],
        "note": "" if years else NOT_ANSWERED,
        "summarised": len(runs) < len(years),
        "cut_note": f"Översikten visar de första {MAX_PLAN_YEARS} åren, {shown}."
        if plan.truncated
        else "",
    }
