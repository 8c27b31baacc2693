"""The quick check's verdict: after the questions that can rule an idea out.

It rests on the rules that can be judged from what was asked so far: every rule whose
fields have all been asked, and every rule that can fail on the quick check's fields
and has already decided (a repayment period outside 1–10 years fails even before the
repayment plan is asked) – unless an exemption asked later may still lift the fail,
which is then "could not be judged yet". The verdict is a ``verdict`` line (``preliminary: true``,
shown to people as one heading), then in plain words what must change first (with
the figures), what could not be judged yet, tips from checks whose sums disagree, and
what holds; then "Vill du fortsätta med hela ansökan?".
"""

from __future__ import annotations

import dataclasses
from typing import Any

from dialogs import texts
from dialogs.asking import current_ask
from dialogs.feedback import (
    answers_model,
    asked_fields,
    ordered,
    remember,
    reply_of,
    still_to_ask,
)
from dialogs.plan import plan_of
from dialogs.replies import Message, VerdictReply
from dialogs.state import DialogContext, DialogState, Mode
from knowledge.criteria import Finding, Status, evaluate, verdict_of


def judged(state: DialogState, ctx: DialogContext) -> list[Finding]:
    """The findings the quick check can give now (see the module docstring)."""
    fund = ctx.profile(state.fund)
    if fund is None:
        return []
    asked = asked_fields(state)
    result = evaluate(answers_model(state), fund, today=ctx.today)
    found = []
    for finding in result.findings:
        rule = fund.rule(finding.rule)
        if rule.reads <= asked or (
            rule.screens and rule.screens <= asked and finding.status == Status.FAIL
        ):
            if finding.status == Status.FAIL and still_to_ask(state, ctx, rule.exempt_reads):
                # Not decided yet: the exemption's questions come later (a 12-year
                # repayment in Sundsvall may be exempt); its message says what lifts it.
                finding = dataclasses.replace(finding, status=Status.UNKNOWN)
            found.append(finding)
    return found


def plain_words(findings: list[Finding], rest: int) -> str:
    """The verdict in plain Swedish: what must change, what is open, tips, what holds."""
    by = {status: [f for f in findings if f.status == status] for status in Status}
    verdict = verdict_of(findings)
    lines: list[str] = []
    for status, head in (
        (Status.FAIL, texts.CHECK_MUST_CHANGE),
        (Status.UNKNOWN, texts.CHECK_OPEN),
        (Status.ADVICE, texts.CHECK_ADVICE),
        (Status.PASS, texts.CHECK_HOLDS),
    ):
        if by[status]:
            lines.append(head)
            lines += [f"{texts.MARKS[status]} {f.message}" for f in by[status]]
    if verdict == "not_eligible":
        lines.append(texts.CHECK_NOT_ELIGIBLE)
    elif verdict == "incomplete":
        lines.append(texts.CHECK_INCOMPLETE)
    else:
        lines.append(texts.CHECK_READY.format(rest=rest))
    return "\n".join(lines)


def enter_preliminary(state: DialogState, ctx: DialogContext) -> list[Any]:
    """Gives the quick check's verdict and asks whether to go on with the whole application.

    ``state.step`` stays at the quick check's last question, so ``/tillbaka`` goes there.
    """
    state.mode, state.fill = Mode.PRELIMINARY, None
    findings = ordered(judged(state, ctx))
    remember(state, findings)
    verdict = str(verdict_of(findings))
    heading = texts.PRELIMINARY_HEADINGS[verdict]
    plan = plan_of(state, ctx)
    rest = sum(1 for s in plan if plan.key(s)[0] == 2)  # the fund question aside
    line = VerdictReply(verdict, True, tuple(reply_of(f) for f in findings), heading)
    return [line, Message(plain_words(findings, rest)), current_ask(state, ctx)]
