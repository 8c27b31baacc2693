"""Values computed from the answers, never asked (``answers.md``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from knowledge.answers import Answers


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def latest_end(start: dt.date, years: int) -> dt.date:
    """The last end date within ``years`` years: the day before the anniversary.

    2027-01-01 with 3 years gives 2029-12-31.
    """
    return add_years(start, years) - dt.timedelta(days=1)


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole calendar months covered from ``start`` to ``end`` inclusive (rounded up)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    return months + (1 if end.day >= start.day - 1 else 0)


@dataclass(frozen=True, slots=True)
class Derived:
    """Derived values; ``None`` where the answers do not allow the computation."""

    total_cost: int | None
    cofinancing_total: int | None
    cofinancing_share: float | None
    organisation_count: int | None
    period_months: int | None

    def as_dict(self) -> dict[str, int | float | None]:
        """The values by name, for message templates."""
        return {
            "total_cost": self.total_cost,
            "cofinancing_total": self.cofinancing_total,
            "cofinancing_share": self.cofinancing_share,
            "organisation_count": self.organisation_count,
            "period_months": self.period_months,
        }


def derive(answers: Answers) -> Derived:
    """Computes the derived values of ``answers.md``."""
    total = sum(row.cost for row in answers.budget) if answers.budget else None
    cofin = (
        sum(row.amount for row in answers.cofinancing) if answers.cofinancing is not None else None
    )
    share = cofin / total if (cofin is not None and total) else None
    count = None if answers.applicant is None else 1 + len(answers.partners or [])
    months = None
    if answers.start_date and answers.end_date and answers.end_date >= answers.start_date:
        months = months_between(answers.start_date, answers.end_date)
    return Derived(total, cofin, share, count, months)
