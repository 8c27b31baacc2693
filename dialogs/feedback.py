"""Criteria feedback: live findings after each answer, the summary and the final verdict.

What the person has seen of each rule is remembered (``DialogState.shown``: a checksum
of status and text), so a finding is shown again when a later answer changes it – a
second co-financing row updates the missing kronor at once – and never twice alike.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from typing import Any

from dialogs.flow import Step
from dialogs.plan import plan_of
from dialogs.replies import FindingReply, Message, VerdictReply
from dialogs.showing import step_value, summary_text
from dialogs.state import DialogContext, DialogState
from dialogs.texts import FINAL_HEADING
from knowledge.answers import Answers, parse_answers
from knowledge.criteria import Evaluation, Finding, Status, evaluate, evaluate_rules, rules_reading

# The order findings are listed in: what must change first.
STATUS_ORDER = {Status.FAIL: 0, Status.UNKNOWN: 1, Status.ADVICE: 2, Status.PASS: 3}


def answers_model(state: DialogState) -> Answers:
    """The draft's answers as the typed model (each was validated when given)."""
    return parse_answers(state.answers, source="utkastet")


def evaluation(state: DialogState, ctx: DialogContext) -> Evaluation | None:
    """The full evaluation of the answers so far, or None without a known fund."""
    fund = ctx.profile(state.fund)
    if fund is None:
        return None
    return evaluate(answers_model(state), fund, today=ctx.today)


def mark(finding: Finding) -> int:
    """A checksum of what a finding says (its status and text)."""
    return zlib.crc32(f"{finding.status}|{finding.message}".encode())


def reply_of(finding: Finding) -> FindingReply:
    """The protocol reply of a finding."""
    return FindingReply(finding.rule, str(finding.status), finding.message)


def remember(state: DialogState, findings: Iterable[Finding]) -> None:
    """Records findings as shown to the person."""
    for finding in findings:
        state.findings[finding.rule] = str(finding.status)
        state.shown[finding.rule] = mark(finding)


def asked_fields(state: DialogState) -> set[str]:
    """The top-level fields the person has been asked: answered, or skipped."""
    return set(state.answers) | {_top(f) for f in state.history}


def _top(field: str) -> str:
    return field.split(".", 1)[0].split("[", 1)[0]


def still_to_ask(state: DialogState, ctx: DialogContext, fields: Iterable[str]) -> bool:
    """Whether any of ``fields`` is a question this person has not reached yet."""
    asked = {s.top for s in plan_of(state, ctx)}
    visited = asked_fields(state)
    return any(top in asked and top not in visited for top in map(_top, fields))


def _checks(fund: Any, rule_id: str) -> bool:
    """Whether a rule's advice comes from a check with figures (a ``sum``), not a tip."""
    return not fund.rule(rule_id).is_advice


def live_findings(state: DialogState, ctx: DialogContext, tops: Iterable[str]) -> list[Any]:
    """Findings an answer changed: a fail (new, or with new figures), advice from a check
    (the sums disagree), or one of those that now passes.

    A fail is reported only once every field that can cause it, or lift it by an
    exemption, has been asked (answered or skipped): "only one organisation" right after
    the applicant, before the partners question, would be noise. It is reported when the
    last of those fields is answered.
    """
    fund = ctx.profile(state.fund)
    if fund is None:
        return []
    rule_ids = rules_reading(fund, list(tops))
    if not rule_ids:
        return []
    reported = []
    for finding in evaluate_rules(answers_model(state), fund, rule_ids, today=ctx.today):
        status, rule = finding.status, finding.rule
        before = state.findings.get(rule)
        loud = status == Status.FAIL or (status == Status.ADVICE and _checks(fund, rule))
        if loud and state.shown.get(rule) != mark(finding):
            screens = fund.rule(rule).screens or finding.fields
            # A fail its exemption may still lift (Sundsvall's repayment) waits for those
            # questions too.
            if still_to_ask(state, ctx, {*screens, *fund.rule(rule).exempt_reads}):
                continue  # not recorded either, so it is reported once complete
            reported.append(finding)
        elif status == Status.PASS and (
            before == Status.FAIL or (before == Status.ADVICE and _checks(fund, rule))
        ):
            reported.append(finding)
        state.findings[rule] = str(status)
        if reported and reported[-1] is finding:
            state.shown[rule] = mark(finding)
    return [reply_of(f) for f in reported]


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Fail first, then unknown, advice and pass (rule order within each)."""
    return sorted(findings, key=lambda f: STATUS_ORDER.get(f.status, 9))


def final_verdict(result: Evaluation) -> VerdictReply:
    """The ``verdict`` line of the whole evaluation (shown as one heading to people)."""
    findings = tuple(reply_of(f) for f in result.findings)
    heading = FINAL_HEADING.format(label=result.verdict.label)
    return VerdictReply(str(result.verdict), False, findings, heading)


def verdict_replies(state: DialogState, ctx: DialogContext) -> list[Any]:
    """The final verdict and every finding; remembers them as shown."""
    result = evaluation(state, ctx)
    if result is None:
        return []
    remember(state, result.findings)
    return [final_verdict(result), *(reply_of(f) for f in result.findings)]


def summary_replies(state: DialogState, ctx: DialogContext) -> list[Any]:
    """The numbered summary of every answer, the verdict and every finding."""
    plan = plan_of(state, ctx)
    return [Message(summary_text(plan, state.answers)), *verdict_replies(state, ctx)]


def changed_lines(state: DialogState, ctx: DialogContext, fields: Sequence[str]) -> list[Any]:
    """The summary lines of the questions answered again (none when there are none)."""
    plan = plan_of(state, ctx)
    wanted = set(fields)
    steps: list[Step] = [s for s in plan if s.field in wanted or s.top in wanted]
    return [Message(summary_text(plan, state.answers, steps))] if steps else []


def changed_replies(state: DialogState, ctx: DialogContext, fields: Sequence[str]) -> list[Any]:
    """After ``/andra``: only the changed summary lines, the findings whose status or
    figures changed since the person last saw them, and the verdict."""
    replies = changed_lines(state, ctx, fields)
    result = evaluation(state, ctx)
    if result is None:
        return replies
    changed = [f for f in result.findings if state.shown.get(f.rule) != mark(f)]
    remember(state, result.findings)
    return [*replies, final_verdict(result), *(reply_of(f) for f in ordered(changed))]


def unanswered(state: DialogState, ctx: DialogContext) -> list[str]:
    """The labels of the questions asked in this dialog that are still empty."""
    missing = []
    for step in plan_of(state, ctx):
        value = step_value(step, state.answers)
        if step.spec.nullable and value is None and step.top in state.answers:
            continue  # "inte ännu" is an answer
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(step.spec.label)
    return missing
