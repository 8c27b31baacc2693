"""Answers → the template context of the Word application.

Every value the templates show is a finished Swedish string (see
:mod:`templates.text`); templates only place strings, loop over rows and test the
``show`` flags. ``show.<field>`` is true for the fields the fund's dialog asks
(``asked``; every field when ``asked`` is None): a field the fund never asks is
absent from the document, an asked field left empty reads "Ej besvarat" with its
label. A fund rule's ``exempt_when`` that holds for the repayment (Sundsvall's
§ 6.1) makes ``repayment.exempt`` true: the document then states the exemption
instead of an empty repayment plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any

from knowledge.answers import (
    ANSWER_FIELDS,
    FIELD_LABELS,
    Answers,
    parse_answers,
)
from knowledge.criteria.conditions import Facts
from knowledge.criteria.derived import derive
from knowledge.criteria.findings import Evaluation
from templates import financing, parties
from templates.findings import findings, summary
from templates.plan import overview, repayment_span, year_plan
from templates.text import (
    NOT_ANSWERED,
    NOT_GIVEN,
    blank,
    capitalised,
    date,
    generated,
    money,
    number,
    option,
    safe_text,
    text,
    year_span,
    years,
    yes_no,
)

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
    "cost_reduction_description",
    "repayment_plan",
    "repayment_responsible",
    "implementation_plan",
    "follow_up_plan",
    "committee",
)
CHOICE_FIELDS = ("intervention_type", "method_kind", "evidence_basis")
BOOL_FIELDS = ("controlled_studies", "existing_activity")
REPAYMENT_FIELDS = frozenset({"repayment_plan", "repayment_years", "repayment_responsible"})
# Lists where [] is an answer ("none"), not a gap.
EMPTY_IS_ANSWER = frozenset({"partners", "cofinancing", "signatories"})
# The word a fund's own documents use for paying the money back (seed 004: återföring).
REPAYMENT_WORDS = {"blekinge": "återföring"}
DEFAULT_REPAYMENT_WORD = "återbetalning"
HEADING = "Ansökan om sociala investeringsmedel"


def as_answers(answers: Answers | Mapping[str, Any]) -> Answers:
    """Accepts the model or a raw JSON-like mapping (validated and cleaned).

    Raises:
        AnswersError: when a raw mapping is not a valid answer object.
    """
    if isinstance(answers, Answers):
        return answers
    return parse_answers(dict(answers), source="svaren")


def shown_fields(asked: Collection[str] | None) -> dict[str, bool]:
    """``show``: per answer field, whether the document has it (every field without a flow)."""
    return {name: asked is None or name in asked for name in sorted(ANSWER_FIELDS)}


def _unanswered(answers: Answers, name: str) -> bool:
    value = getattr(answers, name, None)
    if name == "manager_endorsement":
        return not answers.answered(name)  # null is an answer: "inte ännu"
    if isinstance(value, list):
        return not value and name not in EMPTY_IS_ANSWER
    if hasattr(type(value), "model_fields"):
        return any(blank(getattr(value, sub)) for sub in type(value).model_fields)
    return blank(value)


def missing_fields(
    answers: Answers, show: Mapping[str, bool], *, exempt: bool = False
) -> list[str]:
    """The Swedish labels of the shown fields left unanswered, in the model's order.

    An idea exempt from repayment needs no repayment plan: those fields are not missing.
    """
    skip = {"fund", *(REPAYMENT_FIELDS if exempt else ())}
    return [
        capitalised(FIELD_LABELS.get(name, name))
        for name in Answers.model_fields
        if name not in skip and show.get(name) and _unanswered(answers, name)
    ]


def repayment_exemption(answers: Answers, fund: Any, evaluation: Evaluation) -> str | None:
    """The message of the fund's repayment exemption when it holds, else None.

    Looks for a rule of the fund that reads a repayment field and has an
    ``exempt_when`` that holds for these answers (Sundsvall's § 6.1); no fund is
    named here.
    """
    facts = Facts(answers, derive(answers).as_dict())
    for rule in getattr(fund, "rules", ()) or ():
        if rule.exempt_when is None or not REPAYMENT_FIELDS & set(rule.fields):
            continue
        if rule.exempt_when(facts):
            message = next((f.message for f in evaluation.findings if f.rule == rule.id), "")
            return generated(message) or NOT_GIVEN
    return None


def _repayment(answers: Answers, exempt: str | None) -> dict[str, Any]:
    span = repayment_span(answers)
    return {
        "exempt": exempt is not None,
        "exempt_reason": exempt or "",
        "period": NOT_ANSWERED if span is None else year_span(*span),
    }


def _endorsement(answers: Answers) -> str:
    if not answers.answered("manager_endorsement"):
        return NOT_ANSWERED
    if answers.manager_endorsement is None:
        return "Inte ännu"
    return "Ja, verksamhetschefen tillstyrker" if answers.manager_endorsement else "Nej"


def _person(obj: Any, names: tuple[str, ...]) -> dict[str, str]:
    return {n: text(getattr(obj, n, None) if obj is not None else None) for n in names}


def _fund(fund: Any, today: dt.date) -> dict[str, Any]:
    coordinator = getattr(fund, "coordinator", None)
    values = {
        n: safe_text(getattr(coordinator, n, None) or "").strip()
        for n in ("name", "title", "phone", "email", "organisation")
    }
    # A fund without a named person is reached via its organisation.
    values["name"] = values["name"] or values["organisation"]
    return {
        "id": safe_text(getattr(fund, "id", "")),
        "name": text(getattr(fund, "name", None)),
        "fund_name": text(getattr(fund, "fund_name", None)),
        "date": date(today),
        "coordinator": {n: v or NOT_GIVEN for n, v in values.items()},
    }


def _answer_values(answers: Answers, derived: Any) -> dict[str, str]:
    a: dict[str, str] = {name: text(getattr(answers, name)) for name in TEXT_FIELDS}
    a.update({name: option(getattr(answers, name)) for name in CHOICE_FIELDS})
    a.update({name: yes_no(getattr(answers, name)) for name in BOOL_FIELDS})
    groups = answers.target_groups
    size = answers.target_group_size
    a.update(
        {
            "target_groups": ", ".join(option(g) for g in groups) if groups else NOT_ANSWERED,
            "target_group_size": NOT_ANSWERED if size is None else f"{number(size)} personer",
            "start_date": date(answers.start_date),
            "end_date": date(answers.end_date),
            "period": _period(answers, derived.period_months),
            "requested_amount": money(answers.requested_amount),
            "savings_horizon_years": years(answers.savings_horizon_years),
            "repayment_years": years(answers.repayment_years),
            "manager_endorsement": _endorsement(answers),
        }
    )
    return a


def _period(answers: Answers, months: int | None) -> str:
    if answers.start_date is None and answers.end_date is None:
        return NOT_ANSWERED
    shown = f"{date(answers.start_date)} – {date(answers.end_date)}"
    if months is not None:
        shown += f" ({number(months)} månader)"
    return shown


def build_context(
    answers: Answers | Mapping[str, Any],
    fund: Any,
    evaluation: Evaluation,
    *,
    asked: Collection[str] | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """The template context of one application (every value a finished string).

    Args:
        answers: The answers (model or raw mapping).
        fund: The ``FundProfile`` (uses ``id, name, fund_name, coordinator, rules``).
        evaluation: The criteria engine's result for these answers.
        asked: The top-level fields the fund's dialog asks; None shows every field.
        today: The document's date (default: today).

    Returns:
        A dict with ``doc, fund, show, a, applicant, contact, organisations, partners,
        signatures, budget, financing, cofinancing, cost_reductions, overview,
        repayment, findings, summary, terms, chart, plan`` (``chart`` is ``None`` here;
        the renderer draws it from ``plan``, the :class:`~templates.plan.YearPlan`).
    """
    answers = as_answers(answers)
    today = today or dt.date.today()
    derived = derive(answers)
    show = shown_fields(asked)
    exempt = repayment_exemption(answers, fund, evaluation)
    plan = year_plan(answers, with_repayment=show["repayment_years"] and exempt is None)
    money_plan = financing.plan(answers, derived)
    fund_context = _fund(fund, today)
    word = REPAYMENT_WORDS.get(fund_context["id"], DEFAULT_REPAYMENT_WORD)
    title = text(answers.title)
    return {
        "doc": {
            "heading": HEADING,
            "generator": "Idébot",
            # " ”Titel”" after "ansökan"/"satsningen", or nothing when there is no title.
            "named": "" if title == NOT_ANSWERED else f" ”{title}”",
            "title": f"Namn på investeringen: {NOT_ANSWERED}" if title == NOT_ANSWERED else title,
        },
        "fund": fund_context,
        "show": show,
        "a": _answer_values(answers, derived),
        "applicant": _person(answers.applicant, ("name", "unit"))
        | {"org_type": option(answers.applicant.org_type if answers.applicant else None)},
        "contact": _person(answers.contact, ("name", "email", "phone")),
        "organisations": parties.organisations(answers),
        "partners": parties.partners(answers),
        "signatures": parties.signatures(answers),
        "budget": financing.budget(answers, derived),
        "financing": money_plan,
        "cofinancing": financing.cofinancing(answers, derived),
        "cost_reductions": _cost_reductions(answers),
        "overview": overview(plan),
        "repayment": _repayment(answers, exempt),
        "findings": findings(evaluation, fund_context["name"]),
        "summary": summary(
            evaluation,
            balance="" if money_plan["balance"]["ok"] else money_plan["balance"]["text"],
            missing=missing_fields(answers, show, exempt=exempt is not None),
        ),
        "terms": {"repayment_years": capitalised(word) + "sår"},
        "chart": None,
        "plan": plan,  # for the renderer's chart; templates do not use it
    }


def _cost_reductions(answers: Answers) -> dict[str, Any]:
    rows = [
        {
            "organisation": text(r.organisation),
            "amount_per_year": money(r.amount_per_year),
            "from_year": NOT_ANSWERED if r.from_year is None else str(r.from_year),
        }
        for r in answers.cost_reductions or []
    ]
    total = sum(r.amount_per_year for r in answers.cost_reductions or [])
    return {
        "rows": rows,
        "note": "" if rows else NOT_ANSWERED,
        "total_per_year": money(total) if rows else NOT_ANSWERED,
    }
