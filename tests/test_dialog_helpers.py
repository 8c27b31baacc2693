"""Shared helpers of the dialog tests: a scripted applicant that answers by field.

The applicant reads each ``ask`` and answers from an example answers file, so the
scripts adapt to the flow's order. ``typed`` turns a value into what a person
would type (``500 000 kr``, ``1 januari 2027``, an option's label), so the
parsers are exercised on the way.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from bot.settings import load_settings
from dialogs import Ask, DialogContext, DialogService, load_flow
from dialogs.engine import Special
from dialogs.replies import InputKind
from knowledge.base import load_knowledge
from knowledge.criteria import evaluate, evaluate_rules, rules_reading
from knowledge.formatting import format_date, format_money
from storage import MemoryStore, TinyStore

TODAY = dt.date(2026, 11, 23)
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
SKIP = "/hoppa"
ITEM_PATH = re.compile(r"^(\w+)\[(\d+)\]\.(\w+)$")


def context(today: dt.date = TODAY) -> DialogContext:
    """The engine context with the real knowledge base, flow and FAQ."""
    kb = load_knowledge()
    return DialogContext(
        flow=load_flow(),
        funds=kb.funds,
        faq=kb.faq,
        today=today,
        evaluate=evaluate,
        evaluate_rules=evaluate_rules,
        rules_reading=rules_reading,
        faq_strong_score=0.9,
    )


def service(tmp_path, *, store: Any = None, chats: list[int] | None = None) -> DialogService:
    """A DialogService on a MemoryStore (or the given store) writing under tmp_path."""
    settings = load_settings(data_dir=tmp_path / "data", coordinator_chat_ids=chats or [])
    return DialogService(store=store or MemoryStore(), settings=settings, clock=lambda: NOW)


def tiny(tmp_path) -> TinyStore:
    """A TinyStore in ``tmp_path/data``."""
    return TinyStore(tmp_path / "data")


def last_ask(replies: list[Any]) -> Ask | None:
    """The final question among replies (None if there is none)."""
    asks = [r for r in replies if isinstance(r, Ask)]
    return asks[-1] if asks else None


def value_for(field: str, answers: dict[str, Any]) -> Any:
    """The example value for a protocol field (``applicant.name``, ``budget[1].cost``)."""
    item = ITEM_PATH.match(field)
    if item:
        return answers[item[1]][int(item[2])][item[3]]
    top, _, sub = field.partition(".")
    value = answers.get(top)
    return value.get(sub) if sub and isinstance(value, dict) else value


def _label(ask: Ask, value: Any) -> str:
    return next(o.label for o in ask.options if o.value == value)


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
            return _label(ask, value)
        case InputKind.MULTICHOICE:
            return ", ".join(str(1 + [o.value for o in ask.options].index(v)) for v in value)
    return str(value)


def has_answer(field: str, answers: dict[str, Any]) -> bool:
    """Whether the example answers give a value for this protocol field."""
    try:
        value = value_for(field, answers)
    except (KeyError, IndexError, TypeError):
        return False
    top = field.partition(".")[0].partition("[")[0]
    return value is not None or (top in answers and not isinstance(answers[top], dict))


class Applicant:
    """Answers every question from an example answers dict, the human way.

    Lists are entered row by row through the sub-dialog (``ja`` … ``nej``).
    """

    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers = answers
        self.rows: dict[str, int] = {}

    def reply(self, ask: Ask) -> str:
        """The typed line answering ``ask``."""
        if ask.field in (Special.CONFIRM_SUBMIT, Special.CONFIRM_RESUME):
            return "ja"
        if ask.input == InputKind.LIST:
            items = self.answers.get(ask.field)
            if items is None:
                return SKIP
            done = self.rows.get(ask.field, 0)
            self.rows[ask.field] = done + 1
            return "ja" if done < len(items) else "nej"
        if not has_answer(ask.field, self.answers) or value_for(ask.field, self.answers) == "":
            return SKIP  # a person skips what they have no answer to
        return typed(ask, value_for(ask.field, self.answers))


def json_line(ask: dict[str, Any], answers: dict[str, Any]) -> str:
    """A JSON-lines answer to an ``ask`` line: the field's JSON value (or /hoppa)."""
    if ask["field"] == Special.CONFIRM_SUBMIT:
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


def run_until_confirm(
    svc: DialogService,
    user: str,
    applicant: Applicant,
    *,
    fund: str | None = None,
    limit: int = 300,
) -> tuple[list[Any], list[Any]]:
    """Drives the service until ``confirm_submit``; returns (all replies, the last batch)."""
    from dialogs import TextInput

    batch = svc.start(user, fund=fund)
    seen = list(batch)
    for _ in range(limit):
        ask = last_ask(batch)
        assert ask is not None, f"the dialog stopped asking: {batch}"
        if ask.field == Special.CONFIRM_SUBMIT:
            return seen, batch
        batch = svc.handle(user, TextInput(applicant.reply(ask)))
        seen += batch
    raise AssertionError("the dialog never reached confirm_submit")
