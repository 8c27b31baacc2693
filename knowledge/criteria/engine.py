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


def _finding(
    rule: Rule, fund: FundProfile, facts: Facts, today: dt.date, *, message: bool = True
) -> Finding:
    if rule.exempt_when is not None and rule.exempt_when(facts):
        outcome = Outcome(Status.PASS, EXEMPT)
    else:
        ctx = EvalContext(facts=facts, today=today, next_deadline=fund.next_deadline)
        outcome = rule.kind.check(rule.compiled, ctx)
    text = ""
    if message:
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
    profile = fund
    facts = _facts(answers)
    day = today or dt.date.today()
    return Evaluation(profile.id, tuple(_finding(r, profile, facts, day) for r in profile.rules))


def evaluate_rules(
    answers: Answers | Mapping[str, Any],
    fund: FundProfile,
    rule_ids: Iterable[str],
    *,
    today: dt.date | None = None,
    messages: bool = True,
) -> list[Finding]:
    """Evaluates only the named rules (in the fund's order); unknown ids are ignored.

    Used for live feedback: after an answer, re-check the rules that read it.

    Args:
        answers: The answer object (or its decoded JSON).
        fund: The fund profile.
        rule_ids: The rules to evaluate.
        today: The date used for deadlines (default: today).
        messages: False leaves every finding's ``message`` empty: the statuses alone
            cost a fraction of rendering each message, which the dialog needs only for
            the few findings it reports.
    """
    profile = fund
    wanted = set(rule_ids)
    facts = _facts(answers)
    day = today or dt.date.today()
    return [
        _finding(r, profile, facts, day, message=messages) for r in profile.rules if r.id in wanted
    ]


def rules_reading(fund: FundProfile, fields: Iterable[str]) -> list[str]:
    """The ids of the rules that read any of ``fields``, in the fund's order.

    A dotted sub-field (``applicant.org_type``) counts as its top-level field.
    Derived values count as the fields they are computed from.
    """
    profile = fund
    names = tuple(fields)
    key = (id(profile), names)
    cached = _READING.get(key)
    if cached is not None and cached[0] is profile:
        return list(cached[1])
    tops = {str(name).split(".", 1)[0].split("[", 1)[0] for name in names}
    ids = [rule.id for rule in profile.rules if rule.reads & tops]
    if len(_READING) >= 1024:
        _READING.clear()  # bounded; a fund has a few dozen fields
    # The profile is kept in the value, so its id cannot be reused while cached.
    _READING[key] = (profile, tuple(ids))
    return ids


# (id(profile), fields) -> (profile, rule ids): asked after every answer in the dialog.
_READING: dict[tuple[int, tuple[Any, ...]], tuple[FundProfile, tuple[str, ...]]] = {}
