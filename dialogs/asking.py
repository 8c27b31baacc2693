"""Building the question (``Ask``) the state is waiting for."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from dialogs import texts
from dialogs.flow import FUNDS_OPTIONS, ActiveSteps, Flow, Step, enum_options
from dialogs.lists import item_field, item_options, item_prompt, list_prompt
from dialogs.replies import Ask, InputKind, Option, Progress
from dialogs.state import DialogContext, Mode, Special

YES_NO = (Option(True, texts.YES_LABEL), Option(False, texts.NO_LABEL))


def step_options(step: Step, ctx: DialogContext | None) -> tuple[Option, ...]:
    if step.spec.options == FUNDS_OPTIONS:
        return tuple(Option(fid, getattr(p, "name", fid)) for fid, p in ctx.funds.items())
    if step.spec.options:
        return enum_options(step.spec.options)
    if step.input == InputKind.BOOL:
        extra = (Option(None, texts.NOT_YET_LABEL),) if step.spec.nullable else ()
        return YES_NO + extra
    return ()


def current_ask(state: Mapping[str, Any], ctx: DialogContext) -> Ask:
    """The question the state is waiting for."""
    mode = state["mode"]
    if mode == Mode.RESUME:
        active = ctx.flow.active(state["fund"], state["answers"])
        # Questions, not fields: the applicant object alone is three questions.
        answered = sum(1 for s in active if texts.step_value(s, state["answers"]) is not None)
        text = texts.RESUME_QUESTION.format(answered=answered, total=len(active))
        return Ask(Special.CONFIRM_RESUME, text, InputKind.CONFIRM, YES_NO)
    if mode == Mode.RESTART:
        return Ask(Special.CONFIRM_RESTART, texts.RESTART_QUESTION, InputKind.CONFIRM, YES_NO)
    if mode != Mode.ASKING:
        # Every question has been passed: the confirmation is "step total of total".
        total = len(ctx.flow.active(state["fund"], state["answers"]))
        done = Progress(total, total, texts.SUMMARY_SECTION)
        return Ask(Special.CONFIRM_SUBMIT, texts.CONFIRM_QUESTION, InputKind.CONFIRM, YES_NO, done)
    step = ctx.flow.step(state["step"])
    active = ctx.flow.active(state["fund"], state["answers"])
    progress = active.progress(step)
    sub = state.get("list")
    if step.input == InputKind.LIST and sub is not None:
        index = len(state["answers"].get(step.top) or [])
        options = item_options(step, sub["sub"])
        kind = step.spec.item[sub["sub"]].input
        head = texts.progress_line(progress.step, progress.total, progress.section)
        text = f"{head}\n{item_prompt(step, index, sub['sub'])}"
        return Ask(item_field(step, index, sub["sub"]), text, kind, options, progress)
    value = texts.step_value(step, state["answers"])
    shown = value is not None or (
        step.spec.nullable and step.sub is None and step.top in state["answers"]
    )
    if not shown and step.input != InputKind.LIST and step.spec.options != FUNDS_OPTIONS:
        # The common case, a question not answered yet, is the same for everybody.
        return _unanswered_ask(ctx.flow, active, step.index, state["fund"])
    lines = _question_lines(step, state["fund"], progress)
    options = step_options(step, ctx)
    if step.input == InputKind.LIST:
        lines.append(list_prompt(step, value or []))
    elif shown:
        # A choice shows its option's label (the fund's name, not its id).
        chosen = [o.label for o in options if step.input == InputKind.CHOICE and o.value == value]
        label = chosen[0] if chosen else texts.format_value(step, value)
        lines.append(texts.CURRENT_ANSWER.format(value=label))
    selected = tuple(value) if step.input == InputKind.MULTICHOICE and value else ()
    return Ask(step.field, "\n".join(lines), step.input, options, progress, selected)


@lru_cache(maxsize=4096)
def _unanswered_ask(flow: Flow, active: ActiveSteps, index: int, fund: str | None) -> Ask:
    """A question with no answer yet (its options come from the flow, not the funds).

    Cached per flow and set of asked steps (both compared by identity) and step.
    """
    step = flow.steps[index]
    progress = active.progress(step)
    text = "\n".join(_question_lines(step, fund, progress))
    return Ask(step.field, text, step.input, step_options(step, None), progress, ())


def _question_lines(step: Step, fund: str | None, progress: Progress) -> list[str]:
    """The progress line, the question, why it is asked and the example."""
    head = texts.progress_line(progress.step, progress.total, progress.section)
    lines = [head, step.spec.question, f"Varför jag frågar: {step.why(fund)}"]
    if step.spec.example:
        lines.append(f"({step.spec.example})")
    return lines
