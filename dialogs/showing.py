"""Answers as people read them: a row, a value, the summary lines (Swedish)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from dialogs.flow import OPTION_ENUMS, Step, enum_options
from dialogs.plan import Plan
from dialogs.replies import InputKind
from dialogs.texts import (
    CHANGED_HEAD,
    NO_LABEL,
    NONE_GIVEN,
    NOT_YET_LABEL,
    SUMMARY_HEAD,
    UNANSWERED,
    YES_LABEL,
)
from knowledge.answers import CofinancingForm, OrgType
from knowledge.formatting import format_date, format_money, format_number


def _option_label(enum_name: str | None, value: Any) -> str:
    if enum_name in OPTION_ENUMS:
        for option in enum_options(enum_name):
            if option.value == value:
                return option.label
    return str(value)


def _org(value: Any) -> str:
    return _option_label(OrgType.__name__, value)


def format_item(top: str, item: Mapping[str, Any]) -> str:
    """One list row the way people read it."""
    match top:
        case "partners":
            text = str(item.get("name") or "namnlös part")
            if item.get("org_type"):
                text += f" ({_org(item['org_type'])})"
            return text + (f" – {item['role']}" if item.get("role") else "")
        case "budget":
            return f"{item.get('year')}: {format_money(item.get('cost') or 0)}"
        case "cofinancing":
            text = f"{item.get('party') or 'okänd part'}: {format_money(item.get('amount') or 0)}"
            if item.get("form"):
                text += f" ({_option_label(CofinancingForm.__name__, item['form'])})"
            return text
        case "cost_reductions":
            text = f"{item.get('organisation') or 'okänd organisation'}: "
            text += f"{format_money(item.get('amount_per_year') or 0)} per år"
            return text + (f" från {item['from_year']}" if item.get("from_year") else "")
        case "signatories":
            text = str(item.get("name") or "namn saknas")
            text += f", {item['title']}" if item.get("title") else ""
            return text + (f" ({item['party']})" if item.get("party") else "")
    return ", ".join(f"{k}: {v}" for k, v in item.items())


def format_value(step: Step, value: Any) -> str:
    """A stored answer formatted in Swedish (``1 200 000 kr``, ``1 januari 2027``)."""
    if value is None:
        if step.spec.nullable and step.input == InputKind.BOOL:
            return NOT_YET_LABEL
        return UNANSWERED
    match step.input:
        case InputKind.MONEY:
            return format_money(value)
        case InputKind.INTEGER:
            return str(value) if step.spec.format else format_number(value)
        case InputKind.DATE:
            return format_date(dt.date.fromisoformat(value))
        case InputKind.BOOL | InputKind.CONFIRM:
            return YES_LABEL if value else NO_LABEL
        case InputKind.CHOICE:
            return _option_label(step.spec.options, value)
        case InputKind.MULTICHOICE:
            return ", ".join(_option_label(step.spec.options, v) for v in value)
        case InputKind.LIST:
            if not value:
                return NONE_GIVEN
            return "; ".join(format_item(step.top, item) for item in value)
    return str(value)


def step_value(step: Step, answers: Mapping[str, Any]) -> Any:
    """The stored value of a step (a sub-field for dotted steps)."""
    value = answers.get(step.top)
    if step.sub is not None:
        return value.get(step.sub) if isinstance(value, dict) else None
    return value


def summary_line(plan: Plan, step: Step, answers: Mapping[str, Any]) -> str:
    """``12. Sökt belopp: 600 000 kr`` (the question's number and its answer)."""
    value = format_value(step, step_value(step, answers))
    return f"{plan.number(step)}. {step.spec.label}: {value}"


def summary_text(
    plan: Plan, answers: Mapping[str, Any], steps: Sequence[Step] | None = None
) -> str:
    """The numbered summary of the questions (every one asked, or ``steps``), under the
    section each was asked in (the quick check first)."""
    lines = [SUMMARY_HEAD if steps is None else CHANGED_HEAD]
    section = None
    for step in plan.steps if steps is None else steps:
        if steps is None and plan.section(step) != section:
            section = plan.section(step)
            lines.append(f"\n{section}")
        lines.append(summary_line(plan, step, answers))
    return "\n".join(lines)
