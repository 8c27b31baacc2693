"""Criteria feedback: the live findings after each answer, the summary and verdict."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dialogs import texts
from dialogs.replies import FindingReply, Message
from dialogs.state import DialogContext, DialogState
from knowledge.answers import Answers, parse_answers
from knowledge.criteria import Evaluation, Status, evaluate, evaluate_rules, rules_reading


def answers_model(state: DialogState) -> Answers:
    """The draft's answers as the typed model (each was validated when given)."""
    return parse_answers(state.answers, source="utkastet")


def evaluation(state: DialogState, ctx: DialogContext) -> Evaluation | None:
    """The full evaluation of the answers so far, or None without a known fund."""
    fund = ctx.profile(state.fund)
    if fund is None:
        return None
    return evaluate(answers_model(state), fund, today=ctx.today)


def verdict_replies(state: DialogState, ctx: DialogContext) -> list[Any]:
    """The verdict line and every finding; remembers each rule's status."""
    result = evaluation(state, ctx)
    if result is None:
        return []
    state.findings = {f.rule: str(f.status) for f in result.findings}
    replies: list[Any] = [Message(texts.VERDICT_LINE.format(verdict=result.verdict.label))]
    replies += [FindingReply(f.rule, str(f.status), f.message) for f in result.findings]
    return replies


def _top(field: str) -> str:
    return field.split(".", 1)[0].split("[", 1)[0]


def _still_to_ask(state: DialogState, ctx: DialogContext, fields: Iterable[str]) -> bool:
    """Whether any of ``fields`` is a question this person has not reached yet."""
    asked = {s.top for s in ctx.flow.active(state.fund, state.answers)}
    visited = {_top(f) for f in state.history}
    return any(
        top in asked and top not in state.answers and top not in visited
        for top in map(_top, fields)
    )


def live_findings(state: DialogState, ctx: DialogContext, tops: Iterable[str]) -> list[Any]:
    """Findings that changed because of an answer: a new fail, or a fail now passing.

    A fail is reported only once every field its rule reads has been asked (answered or
    skipped): "only one organisation" right after the applicant, before the partners
    question, would be noise. It is reported when the last of those fields is answered.
    """
    fund = ctx.profile(state.fund)
    if fund is None:
        return []
    rule_ids = rules_reading(fund, list(tops))
    if not rule_ids:
        return []
    findings = evaluate_rules(answers_model(state), fund, rule_ids, today=ctx.today)
    reported = []
    for finding in findings:
        status = str(finding.status)
        before = state.findings.get(finding.rule)
        if status == Status.FAIL and before != Status.FAIL:
            if _still_to_ask(state, ctx, finding.fields):
                continue  # not recorded either, so it is reported once complete
            reported.append(finding)
        elif status == Status.PASS and before == Status.FAIL:
            reported.append(finding)
        state.findings[finding.rule] = status
    return [FindingReply(f.rule, str(f.status), f.message) for f in reported]


def summary_replies(state: DialogState, ctx: DialogContext) -> list[Any]:
    """The numbered summary of every answer, the verdict and every finding."""
    steps = ctx.flow.active(state.fund, state.answers)
    return [
        Message(texts.summary_text(ctx.flow, steps, state.answers)),
        *verdict_replies(state, ctx),
    ]
