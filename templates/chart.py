"""The economic chart of the application, in the spirit of Figure 4 of seed 003.

Columns side by side: the project's cost and the expected cost reductions per year;
shaded: the repayment years, in the fund's word. It stays readable for any period:
past ``LABEL_ALL_YEARS`` years only every n-th year is labelled, and the y axis
counts in kronor, thousands or millions so its labels stay short (``600 tkr``). :func:`describe`
gives the alternative text Word shows to screen readers.

This module decides what the chart shows (:class:`ChartData`); it is written into the
document as a native Word chart (:mod:`templates.chart_xml`, DrawingML) with its data
in an embedded workbook (:mod:`templates.chart_workbook`), so the coordinator gets a
sharp, printable chart whose figures they can edit in Word ("Redigera data").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from templates.plan import YearPlan
from templates.text import money, year_span

COST_COLOUR = "4472C4"
GAIN_COLOUR = "70AD47"
REPAYMENT_COLOUR = "FFC000"
LABEL_ALL_YEARS = 12  # up to this many years every year has its label
# (divisor, unit in each y axis label): the largest that keeps the labels short.
UNITS = ((1_000_000, "mkr"), (1_000, "tkr"), (1, "kr"))
COST_LABEL = "Kostnad för insatsen"
GAIN_LABEL = "Förväntade kostnadsminskningar"
TITLE = "Kostnad och förväntade kostnadsminskningar per år"
YEAR_LABEL = "År"
DEFAULT_REPAYMENT_LABEL = "Återbetalningsår"


@dataclass(frozen=True, slots=True)
class Series:
    """One row of figures of the chart: a name, a colour and a value per year.

    Attributes:
        name: The legend text.
        colour: RGB hex (``4472C4``).
        values: Per category (year); ``None`` where the year has no figure.
    """

    name: str
    colour: str
    values: tuple[int | None, ...]


@dataclass(frozen=True, slots=True)
class ChartData:
    """What the chart shows, independent of how it is written.

    Attributes:
        years: The category labels (calendar years as text: Word would read numbers
            as a date axis).
        cost: The project's cost per year.
        gain: The expected cost reductions per year.
        repayment: 1 in each repayment year, else ``None``; ``None`` when the fund
            has no repayment or the plan has none.
        divisor: 1, 1 000 or 1 000 000: what one unit on the y axis counts.
        unit: The unit each y axis label carries: ``kr``, ``tkr`` or ``mkr``.
        label_step: Every n-th year carries a label.
        description: The chart in words (alternative text).
    """

    years: tuple[str, ...]
    cost: Series
    gain: Series
    repayment: Series | None
    divisor: int
    unit: str
    label_step: int
    description: str

    @property
    def series(self) -> tuple[Series, ...]:
        """The series in legend order: cost, gain, then the repayment years."""
        return (self.cost, self.gain, *((self.repayment,) if self.repayment else ()))


def unit(largest: float) -> tuple[int, str]:
    """The y axis unit: ``mkr`` from 10 million, ``tkr`` from 10 000, else ``kr``."""
    for divisor, name in UNITS:
        if largest >= 10 * divisor:
            return divisor, name
    return UNITS[-1]


def label_step(count: int) -> int:
    """Label every n-th year so that at most ``LABEL_ALL_YEARS`` labels are shown."""
    return 1 if count <= LABEL_ALL_YEARS else math.ceil(count / LABEL_ALL_YEARS)


def describe(plan: YearPlan, repayment_label: str) -> str:
    """The chart in words (Word's alternative text)."""
    years = plan.years
    parts = [f"Diagram: {TITLE.lower()}, {year_span(years[0], years[-1])}."]
    cost_years = sorted(plan.costs)
    parts.append(
        f"{COST_LABEL}: {money(sum(plan.costs.values()))} totalt, "
        f"{year_span(cost_years[0], cost_years[-1])}."
    )
    gain_years = sorted(plan.reductions)
    largest = max(plan.reductions.values())
    parts.append(f"{GAIN_LABEL}: från {gain_years[0]}, upp till {money(largest)} per år.")
    if plan.repayment:
        parts.append(f"{repayment_label}: {year_span(plan.repayment[0], plan.repayment[-1])}.")
    return " ".join(parts)


def chart_data(plan: YearPlan, repayment_label: str = DEFAULT_REPAYMENT_LABEL) -> ChartData | None:
    """The chart of a year plan, or ``None`` when there is no budget or no cost reduction.

    Args:
        plan: The per-year figures from :func:`templates.plan.year_plan`.
        repayment_label: The legend of the shaded years, in the fund's word.
    """
    if not plan.has_chart_data:
        return None
    years = plan.years
    largest = max([*plan.costs.values(), *plan.reductions.values(), 1])
    divisor, axis_unit = unit(largest)
    repaying = set(plan.repayment)
    repayment = (
        Series(
            repayment_label, REPAYMENT_COLOUR, tuple(1 if y in repaying else None for y in years)
        )
        if repaying
        else None
    )
    return ChartData(
        years=tuple(str(year) for year in years),
        cost=Series(COST_LABEL, COST_COLOUR, tuple(plan.costs.get(y) for y in years)),
        gain=Series(GAIN_LABEL, GAIN_COLOUR, tuple(plan.reductions.get(y) for y in years)),
        repayment=repayment,
        divisor=divisor,
        unit=axis_unit,
        label_step=label_step(len(years)),
        description=describe(plan, repayment_label),
    )
