"""A scripted applicant: reads the last question and answers it from an answers file,
the way a person types (``500 000 kr``, ``1 januari 2027``, an option's label)."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from dialogs.replies import Ask, InputKind
from dialogs.state import Special
from knowledge.formatting import format_date, format_money

SKIP = "/hoppa"
ITEM_PATH = re.compile(r"^(\w+)\[(\d+)\]\.(\w+)$")


def value_for(field: str, answers: dict[str, Any]) -> Any:
    """The example value for a protocol field (``applicant.name``, ``budget[1].cost``)."""
    item = ITEM_PATH.match(field)
    if item:
        rows = answers.get(item[1]) or []
        index = int(item[2])
        return rows[index].get(item[3]) if index < len(rows) else None
    top, _, sub = field.partition(".")
    value = answers.get(top)
    return value.get(sub) if sub and isinstance(value, dict) else value


def has_answer(field: str, answers: dict[str, Any]) -> bool:
    """Whether the example answers give a value for this protocol field."""
    try:
        value = value_for(field, answers)
    except (KeyError, IndexError, TypeError, AttributeError):
        return False
    top = field.partition(".")[0].partition("[")[0]
    return value is not None or (top in answers and not isinstance(answers[top], dict))


def typed(ask: Ask, value: Any) -> str:
    """What a person would type for ``value`` at ``ask``."""
    match ask.input:
        case InputKind.MONEY:
            return format_money(value)
        case InputKind.DATE:
            return format_date(dt.date.fromisoformat(value))
        case InputKind.BOOL | InputKind.CONFIRM:
            return "inte ännu" if value is None else ("ja" if value else "nej")
        case InputKind.CHOICE:
            return next(o.label for o in ask.options if o.value == value)
        case InputKind.MULTICHOICE:
            return ", ".join(str(1 + [o.value for o in ask.options].index(v)) for v in value)
    return str(value)


class ScriptedApplicant:
    """Answers every question from an answers dict, the human way.

    Lists are entered row by row through the sub-dialog (``ja`` … ``nej``); what the
    answers do not have is skipped, as a person skips what they have no answer to.
    """

    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers = answers
        self.rows: dict[str, int] = {}

    def reply(self, ask: Ask) -> str:
        """The typed line answering ``ask``."""
        if ask.field in (Special.CONFIRM_SUBMIT, Special.CONFIRM_RESUME, Special.CONFIRM_CONTINUE):
            return "ja"
        if ask.input == InputKind.LIST:
            items = self.answers.get(ask.field)
            if items is None:
                return SKIP
            done = self.rows.get(ask.field, 0)
            self.rows[ask.field] = done + 1
            return "ja" if done < len(items) else "nej"
        if not has_answer(ask.field, self.answers) or value_for(ask.field, self.answers) == "":
            return SKIP
        return typed(ask, value_for(ask.field, self.answers))


def json_reply(ask: dict[str, Any], answers: dict[str, Any]) -> str:
    """A JSON-lines answer to an ``ask`` line: the field's JSON value (or /hoppa)."""
    if ask["field"] in (Special.CONFIRM_SUBMIT, Special.CONFIRM_CONTINUE):
        return "ja"
    if not has_answer(ask["field"], answers):
        return SKIP
    return json.dumps(value_for(ask["field"], answers), ensure_ascii=False)


def blekinge_answers(base: dict[str, Any]) -> dict[str, Any]:
    """An idea for Landstinget Blekinge, made from a Gävleborg example."""
    answers = json.loads(json.dumps(base))
    answers.update(
        fund="blekinge",
        applicant={
            "name": "Landstinget Blekinge",
            "unit": "Barn- och ungdomspsykiatrin",
            "org_type": "region",
        },
        partners=[{"name": "Karlskrona kommun", "org_type": "kommun", "role": "Elevhälsan"}],
        cost_reductions=[
            {"organisation": "Landstinget Blekinge", "amount_per_year": 400000, "from_year": 2030}
        ],
        repayment_plan="BUP återför 100 000 kr per år under fem år.",
        repayment_years=5,
        repayment_responsible="Barn- och ungdomspsykiatrin",
        manager_endorsement=True,
    )
    return answers
