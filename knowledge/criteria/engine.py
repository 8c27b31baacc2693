"""The criteria engine: evaluates a fund's rules against an answer object.

One engine for every fund: the rules are data (``knowledge/funds/*.yaml``),
the kinds are in ``knowledge.rules``; nothing here knows a fund by name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from knowledge.answers import Answers, parse_answers
from knowledge.criteria.conditions import Facts
from knowledge.criteria.derived import derive
from knowledge.criteria.findings import Evaluation, Finding, Status
from knowledge.criteria.kinds import EvalContext, Outcome
from knowledge.criteria.messages import message_context
from knowledge.criteria.profiles import EXEMPT, FundProfile, Rule


def _facts(answers: Answers | Mapping[str, Any]) -> Facts:
    if not isinstance(answers, Answers):
        answers = parse_answers(dict(answers))
    return Facts(answers, derive(answers).as_dict())


def _finding(rule: Rule, fund: FundProfile, facts: Facts, today: dt.date) -> Finding:
    if rule.exempt_when is not None and rule.exempt_when(facts):
        outcome = Outcome(Status.PASS, EXEMPT)
    else:
        ctx = EvalContext(facts=facts, today=today, next_deadline=fund.next_deadline)
        outcome = rule.kind.check(rule.compiled, ctx)
    context = message_context(facts, fund, outcome.values, today=today)
    text = rule.messages[outcome.key].render(context)
    return Finding(rule.id, outcome.status, text, rule.source, rule.fields)


def evaluate(
    answers: Answers | Mapping[str, Any],
    fund: FundProfile,
    *,
    today: dt.date | None = None,
) -> Evaluation:
    """Evaluates every rule of a fund, in file order.

    Args:
        answers: The answer object (or its decoded JSON).
        fund: The fund profile.
        today: The date used for deadlines (default: today).

    Returns:
        One finding per rule and the verdict.

    Raises:
        AnswersError: if ``answers`` is a dict that does not match the model.
    """
    facts = _facts(answers)
    day = today or dt.date.today()
    return Evaluation(fund.id, tuple(_finding(r, fund, facts, day) for r in fund.rules))


def evaluate_rules(
    answers: Answers | Mapping[str, Any],
    fund: FundProfile,
    rule_ids: Iterable[str],
    *,
    today: dt.date | None = None,
) -> list[Finding]:
    """Evaluates only the named rules (in the fund's order); unknown ids are ignored.

    Used for live feedback: after an answer, re-check the rules that read it.

    Args:
        answers: The answer object (or its decoded JSON).
        fund: The fund profile.
        rule_ids: The rules to evaluate.
        today: The date used for deadlines (default: today).
    """
    wanted = set(rule_ids)
    facts = _facts(answers)
    day = today or dt.date.today()
    return [_finding(r, fund, facts, day) for r in fund.rules if r.id in wanted]


def rules_reading(fund: FundProfile, fields: Iterable[str]) -> list[str]:
    """The ids of the rules that read any of ``fields``, in the fund's order.

    A dotted sub-field (``applicant.org_type``) counts as its top-level field.
    Derived values count as the fields they are computed from.
    """
    tops = {str(name).split(".", 1)[0].split("[", 1)[0] for name in fields}
    return [rule.id for rule in fund.rules if rule.reads & tops]


def screening_fields(fund: FundProfile) -> frozenset[str]:
    """The top-level fields whose answers can make one of the fund's rules fail, or that
    a ``sum`` check compares: the questions that can rule an idea out (the quick check)."""
    return frozenset(field for rule in fund.rules for field in rule.screens)
