"""Answers → the template context of the Word application.

Every value the templates show is prepared here as a finished Swedish string:
money as ``1 200 000 kr``, dates as ``1 januari 2027``, shares as ``50 %``,
option values by their Swedish label, and an unanswered field as
``Ej besvarat`` (never blank, ``None`` or ``[]``). Templates therefore only
place strings and loop over rows; they never format or decide.

Every string passes :func:`safe_text`, so the context stays safe even when it
is built from answers that bypassed the answer model (``model_construct``) or
from finding messages that quote user text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from knowledge.answers import FIELD_LABELS, Answers, clean_text, label, parse_answers
from knowledge.criteria.derived import derive
from knowledge.criteria.findings import Evaluation, Finding, Status
from knowledge.formatting import format_date, format_money, format_number, format_percent

NOT_ANSWERED = "Ej besvarat"
NO_PARTNERS = "Inga samverkansparter"
NO_COFINANCING = "Ingen medfinansiering"
YES = "Ja"
NO = "Nej"
NOT_GIVEN = "–"  # fund data the fund file leaves out (not the applicant's to answer)
SEVERAL_FIELDS = "Flera uppgifter i ansökan"
MAX_CONCERN_FIELDS = 3  # a finding reading more fields is named SEVERAL_FIELDS
# The overview table and chart stop after this many years: a project of up to 3 years
# and 1-10 repayment years (seed 003 §8.1.4) fit well within it.
MAX_PLAN_YEARS = 30
APPLICANT_ROLE = "Sökande"
PARTNER_ROLE = "Samverkanspart"

# Characters XML 1.0 cannot hold at all (lxml refuses them): the answer model
# already removes control characters, but U+FFFE/U+FFFF and lone surrogates
# can still arrive via JSON escapes.
_XML_INVALID = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# Every text field of answers.md shown as it was typed (or "Ej besvarat").
TEXT_FIELDS = (
    "title",
    "problem",
    "description",
    "target_group_description",
    "target_group_identification",
    "other_interventions",
    "method_description",
    "evidence_references",
    "cofinancing_principles",
    "expected_effects",
    "effects_timing",
    "measurement_method",
    "measurement_times",
    "comparison_group",
    "cost_reduction_calculation",
    "repayment_plan",
    "repayment_responsible",
    "implementation_plan",
    "follow_up_plan",
)
CHOICE_FIELDS = ("intervention_type", "method_kind", "evidence_basis")
BOOL_FIELDS = ("controlled_studies", "existing_activity")


def safe_text(value: Any) -> str:
    """A string that Word XML can hold: control and XML-invalid characters removed.

    Newlines and tabs are kept (the renderer turns them into line breaks and tabs).
    """
    return _XML_INVALID.sub("", clean_text(str(value)))


def _text(value: Any) -> str:
    """Free text as typed, or ``Ej besvarat`` when empty or whitespace only."""
    if value is None:
        return NOT_ANSWERED
    text = safe_text(value)
    return text if text.strip() else NOT_ANSWERED


def _option(value: Any) -> str:
    return NOT_ANSWERED if value is None else safe_text(label(value))


def _bool(value: bool | None) -> str:
    if value is None:
        return NOT_ANSWERED
    return YES if value else NO


def _money(value: int | None) -> str:
    return NOT_ANSWERED if value is None else format_money(value)


def _date(value: dt.date | None) -> str:
    return NOT_ANSWERED if value is None else format_date(value)


def _years(value: int | None) -> str:
    if value is None:
        return NOT_ANSWERED
    return f"{format_number(value)} år"


@dataclass(frozen=True, slots=True)
class YearPlan:
    """The years of the economic overview and what happens in each (Figure 4 of seed 003)."""

    years: list[int]
    costs: dict[int, int]
    reductions: dict[int, int]
    reductions_by_org: dict[int, list[tuple[str, int]]]
    repayment: list[int]

    @property
    def has_chart_data(self) -> bool:
        """True when both a budget and expected cost reductions exist."""
        return bool(self.costs) and bool(self.reductions)


def _end_year(answers: Answers) -> int | None:
    """The project's end year: ``end_date``'s year, else the last budget year."""
    if answers.end_date:
        return answers.end_date.year
    return max((row.year for row in answers.budget or []), default=None)


def _repayment_years(answers: Answers) -> tuple[int, int] | None:
    """First and last repayment year: ``repayment_years`` years after the end year."""
    end_year = _end_year(answers)
    if end_year is None or not answers.repayment_years:
        return None
    return end_year + 1, end_year + answers.repayment_years


def year_plan(answers: Answers) -> YearPlan:
    """Costs, expected cost reductions and repayment years per calendar year.

    Repayment runs ``repayment_years`` years after the project's end year (seed 003
    §8.1.4); the end year is ``end_date``'s year, else the last budget year. The plan
    covers at most ``MAX_PLAN_YEARS`` years from its first year, whatever was typed.
    """
    costs: dict[int, int] = {}
    for row in answers.budget or []:
        costs[row.year] = costs.get(row.year, 0) + row.cost
    end_year = _end_year(answers)
    repayment_span = _repayment_years(answers)
    first_saving = [
        r.from_year or end_year or min(costs, default=None) for r in answers.cost_reductions or []
    ]
    marks = [*costs, *(repayment_span or ()), *(y for y in first_saving if y is not None)]
    if answers.start_date:
        marks.append(answers.start_date.year)
    if end_year is not None:
        marks.append(end_year)
    if not marks:
        return YearPlan([], costs, {}, {}, [])
    first, last = min(marks), max(marks)
    starts = [y for y in first_saving if y is not None]
    if starts:
        # Show a couple of years of gains, as Figure 4 does after the repayment.
        last = max(last, max(starts) + 2)
    years = list(range(first, min(last, first + MAX_PLAN_YEARS - 1) + 1))
    repayment = []
    if repayment_span is not None:
        repayment = [y for y in years if repayment_span[0] <= y <= repayment_span[1]]
    reductions: dict[int, int] = {}
    by_org: dict[int, list[tuple[str, int]]] = {}
    for row, start in zip(answers.cost_reductions or [], first_saving, strict=True):
        if start is None:
            continue
        name = _text(row.organisation)
        for year in years:
            if year >= start:
                reductions[year] = reductions.get(year, 0) + row.amount_per_year
                by_org.setdefault(year, []).append((name, row.amount_per_year))
    return YearPlan(years, costs, reductions, by_org, repayment)


def _repayment_period(answers: Answers) -> str:
    """The repayment years as typed (``2030–2034``), not cut to the plan's window."""
    span = _repayment_years(answers)
    if span is None:
        return NOT_ANSWERED
    return str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}"


def _organisations(answers: Answers) -> list[dict[str, str]]:
    rows = []
    if answers.applicant is not None:
        a = answers.applicant
        rows.append(
            {
                "role": APPLICANT_ROLE,
                "name": _text(a.name),
                "unit": _text(a.unit),
                "org_type": _option(a.org_type),
                "task": "Ansvarig sökande",
            }
        )
    for p in answers.partners or []:
        rows.append(
            {
                "role": PARTNER_ROLE,
                "name": _text(p.name),
                "unit": "–",
                "org_type": _option(p.org_type),
                "task": _text(p.role),
            }
        )
    return rows


def _list_note(items: list | None, empty: str) -> str:
    """The text shown instead of a list's table: ``Ej besvarat`` when the list was
    not answered, ``empty`` when it was answered with no items, else nothing."""
    if items is None:
        return NOT_ANSWERED
    return "" if items else empty


def _partners(answers: Answers) -> dict[str, Any]:
    rows = [
        {"name": _text(p.name), "org_type": _option(p.org_type), "role": _text(p.role)}
        for p in answers.partners or []
    ]
    return {
        "rows": rows,
        "note": _list_note(answers.partners, NO_PARTNERS),
        "count": format_number(len(rows)),
    }


def _budget(answers: Answers, total: int | None) -> dict[str, Any]:
    rows = [
        {"year": str(r.year), "cost": format_money(r.cost)}
        for r in sorted(answers.budget or [], key=lambda r: r.year)
    ]
    return {
        "rows": rows,
        "total": _money(total),
        "note": "" if rows else NOT_ANSWERED,
    }


def _cofinancing(answers: Answers, total_cost: int | None) -> dict[str, Any]:
    derived = derive(answers)
    parties = answers.cofinancing or []
    shares = _row_percents([r.amount for r in parties], total_cost)
    rows = [
        {
            "party": _text(r.party),
            "amount": format_money(r.amount),
            "form": _option(r.form),
            "share": share,
        }
        for r, share in zip(parties, shares, strict=True)
    ]
    share = derived.cofinancing_share
    return {
        "rows": rows,
        "note": _list_note(answers.cofinancing, NO_COFINANCING),
        "total": _money(derived.cofinancing_total),
        "share": NOT_ANSWERED if share is None else format_percent(share),
    }


def _row_percents(amounts: list[int], total_cost: int | None) -> list[str]:
    """Each party's share of the total cost, in whole percent that add up to the total's.

    The total share is shown rounded down (49.6 % never reads as a required 50 %); each
    row rounded down as well would add up to less (33 % + 16 % under a 50 % total), so
    the rows take the largest-remainder method: rounded down, then the percent points
    still missing go to the rows that lost most by rounding.
    """
    if not total_cost:
        return ["–"] * len(amounts)
    if any(amount < 0 for amount in amounts):
        return [format_percent(amount / total_cost) for amount in amounts]
    # Exact integer arithmetic: the amounts are whole kronor.
    points = [amount * 100 // total_cost for amount in amounts]
    missing = sum(amounts) * 100 // total_cost - sum(points)
    by_loss = sorted(range(len(amounts)), key=lambda i: amounts[i] * 100 % total_cost, reverse=True)
    for index in by_loss[:missing]:
        points[index] += 1
    return [f"{format_number(p)} %" for p in points]


def _cost_reductions(answers: Answers, plan: YearPlan) -> dict[str, Any]:
    rows = [
        {
            "organisation": _text(r.organisation),
            "amount_per_year": format_money(r.amount_per_year),
            "from_year": NOT_ANSWERED if r.from_year is None else str(r.from_year),
        }
        for r in answers.cost_reductions or []
    ]
    total = sum(r.amount_per_year for r in answers.cost_reductions or [])
    return {
        "rows": rows,
        "note": "" if rows else NOT_ANSWERED,
        "total_per_year": format_money(total) if rows else NOT_ANSWERED,
    }


def _overview(plan: YearPlan) -> dict[str, Any]:
    """One row per year: cost, expected cost reductions per organisation, repayment."""
    rows = []
    for year in plan.years:
        parts = plan.reductions_by_org.get(year, [])
        rows.append(
            {
                "year": str(year),
                "cost": format_money(plan.costs[year]) if year in plan.costs else "–",
                "reductions": format_money(plan.reductions[year])
                if year in plan.reductions
                else "–",
                "by_organisation": "\n".join(f"{name}: {format_money(a)}" for name, a in parts)
                or "–",
                "repayment": YES if year in plan.repayment else "–",
            }
        )
    return {"rows": rows, "note": "" if rows else NOT_ANSWERED}


def _period(answers: Answers, months: int | None) -> str:
    if answers.start_date is None and answers.end_date is None:
        return NOT_ANSWERED
    text = f"{_date(answers.start_date)} – {_date(answers.end_date)}"
    if months is not None:
        text += f" ({format_number(months)} månader)"
    return text


def _target_groups(answers: Answers) -> str:
    if not answers.target_groups:
        return NOT_ANSWERED
    return ", ".join(safe_text(label(g)) for g in answers.target_groups)


def _endorsement(value: bool | None, answered: bool) -> str:
    if not answered:
        return NOT_ANSWERED
    if value is None:
        return "Inte ännu"
    return "Ja, verksamhetschefen tillstyrker" if value else "Nej"


def _person(obj: Any, names: tuple[str, ...]) -> dict[str, str]:
    return {n: _text(getattr(obj, n, None) if obj is not None else None) for n in names}


def _concern(fields: tuple[str, ...]) -> str:
    """What a finding is about, in Swedish: the labels of the answer fields it reads."""
    if not fields:
        return NOT_GIVEN
    if len(fields) > MAX_CONCERN_FIELDS:
        return SEVERAL_FIELDS
    labels = [FIELD_LABELS.get(name.split(".")[0], name) for name in fields]
    text = ", ".join(dict.fromkeys(labels))
    return safe_text(text[:1].upper() + text[1:])


def _findings(evaluation: Evaluation) -> dict[str, Any]:
    rows = [
        {
            "status": safe_text(f.status.label),
            # The rule id (ASCII, for staff who edit the fund file) and, for the
            # document, what the rule concerns in Swedish words.
            "rule": safe_text(f.rule),
            "criterion": _concern(f.fields),
            "message": _text(f.message),
            "source": _text(f.source),
        }
        for f in evaluation.findings
    ]
    return {
        "verdict": safe_text(evaluation.verdict.label),
        "rows": rows,
        "note": "" if rows else "Inga regler prövades.",
    }


def _fund(fund: Any, today: dt.date) -> dict[str, str]:
    coordinator = getattr(fund, "coordinator", None)
    return {
        "id": safe_text(getattr(fund, "id", "")),
        "name": _text(getattr(fund, "name", None)),
        "fund_name": _text(getattr(fund, "fund_name", None)),
        "date": format_date(today),
        "coordinator": _coordinator(coordinator),
    }


def _coordinator(coordinator: Any) -> dict[str, str]:
    """The fund's contact; a fund without a named person is reached via its organisation."""
    values = {
        n: safe_text(getattr(coordinator, n, None) or "").strip()
        for n in ("name", "title", "phone", "email", "organisation")
    }
    values["name"] = values["name"] or values["organisation"]
    return {n: v or NOT_GIVEN for n, v in values.items()}


def as_answers(answers: Answers | Mapping[str, Any]) -> Answers:
    """Accepts the model or a raw JSON-like mapping (validated and cleaned).

    Raises:
        AnswersError: when a raw mapping is not a valid answer object.
    """
    if isinstance(answers, Answers):
        return answers
    return parse_answers(dict(answers), source="svaren")


def build_context(
    answers: Answers | Mapping[str, Any],
    fund: Any,
    evaluation: Evaluation,
    *,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """The template context of one application (every value a finished string).

    Args:
        answers: The answers (model or raw mapping).
        fund: The ``FundProfile`` (uses ``id, name, fund_name, coordinator``).
        evaluation: The criteria engine's result for these answers.
        today: The document's date (default: today).

    Returns:
        A dict with ``doc, fund, a, applicant, contact, organisations, partners,
        budget, cofinancing, cost_reductions, overview, repayment, findings,
        chart`` (``chart`` is ``None`` here; the renderer fills it when data exists).
    """
    answers = as_answers(answers)
    today = today or dt.date.today()
    derived = derive(answers)
    plan = year_plan(answers)
    a: dict[str, str] = {name: _text(getattr(answers, name)) for name in TEXT_FIELDS}
    a.update({name: _option(getattr(answers, name)) for name in CHOICE_FIELDS})
    a.update({name: _bool(getattr(answers, name)) for name in BOOL_FIELDS})
    a.update(
        {
            "target_groups": _target_groups(answers),
            "target_group_size": NOT_ANSWERED
            if answers.target_group_size is None
            else f"{format_number(answers.target_group_size)} personer",
            "start_date": _date(answers.start_date),
            "end_date": _date(answers.end_date),
            "period": _period(answers, derived.period_months),
            "requested_amount": _money(answers.requested_amount),
            "savings_horizon_years": _years(answers.savings_horizon_years),
            "repayment_years": _years(answers.repayment_years),
            "manager_endorsement": _endorsement(
                answers.manager_endorsement, answers.answered("manager_endorsement")
            ),
            "organisation_count": NOT_ANSWERED
            if derived.organisation_count is None
            else format_number(derived.organisation_count),
        }
    )
    return {
        "doc": {"heading": "Ansökan om sociala investeringsmedel", "generator": "Idébot"},
        "fund": _fund(fund, today),
        "a": a,
        "applicant": _person(answers.applicant, ("name", "unit"))
        | {"org_type": _option(answers.applicant.org_type if answers.applicant else None)},
        "contact": _person(answers.contact, ("name", "email", "phone")),
        "organisations": {
            "rows": _organisations(answers),
            "note": "" if answers.applicant or answers.partners else NOT_ANSWERED,
        },
        "partners": _partners(answers),
        "budget": _budget(answers, derived.total_cost),
        "cofinancing": _cofinancing(answers, derived.total_cost),
        "cost_reductions": _cost_reductions(answers, plan),
        "overview": _overview(plan),
        "repayment": {"period": _repayment_period(answers)},
        "findings": _findings(evaluation),
        "chart": None,
    }


def sample_answers() -> Answers:
    """A complete answer object (every field given) for validating templates."""
    text = "Text\nmed radbrytning"
    return parse_answers(
        {
            "fund": "gavleborg",
            **{name: text for name in TEXT_FIELDS},
            "target_groups": ["barn_unga", "foraldrar"],
            "target_group_size": 120,
            "intervention_type": "forebyggande",
            "method_kind": "ny_metod",
            "evidence_basis": "beprovad_erfarenhet",
            "controlled_studies": False,
            "applicant": {"name": "Kommunen", "unit": "Socialtjänsten", "org_type": "kommun"},
            "partners": [{"name": "Regionen", "org_type": "region", "role": "BVC"}],
            "existing_activity": False,
            "start_date": "2027-01-01",
            "end_date": "2028-12-31",
            "budget": [{"year": 2027, "cost": 500000}, {"year": 2028, "cost": 500000}],
            "requested_amount": 500000,
            "cofinancing": [{"party": "Kommunen", "amount": 500000, "form": "arbetstid"}],
            "cost_reductions": [
                {"organisation": "Kommunen", "amount_per_year": 300000, "from_year": 2029}
            ],
            "savings_horizon_years": 2,
            "repayment_years": 3,
            "manager_endorsement": True,
            "contact": {"name": "Anna", "email": "anna@example.se", "phone": "070-000 00 00"},
        },
        source="exempelsvar",
    )


def sample_evaluation(fund_id: str) -> Evaluation:
    """An evaluation with one finding of every status, for validating templates."""
    return Evaluation(
        fund_id,
        tuple(
            Finding(f"{fund_id}.{status.value}", status, "Meddelande", "källa.txt: avsnitt")
            for status in Status
        ),
    )
