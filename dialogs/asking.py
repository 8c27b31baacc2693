"""Building the question (``Ask``) the state is waiting for."""

from __future__ import annotations

import re

from dialogs import texts
from dialogs.flow import FUNDS_OPTIONS, Step, enum_options
from dialogs.lists import (
    item_field,
    item_options,
    item_prompt,
    item_spec,
    list_prompt,
    suggestion_prompt,
)
from dialogs.plan import QUICK_SECTION, Plan, plan_of
from dialogs.replies import Ask, InputKind, Option, Progress
from dialogs.showing import format_value, step_value
from dialogs.state import CONFIRM_ROW, DialogContext, DialogState, Mode, RowFill, Special

YES_NO = (Option(True, texts.YES_LABEL), Option(False, texts.NO_LABEL))
ITEM_PATH = re.compile(r"^(\w+)\[(\d+)\]\.(\w+)$")


def step_options(step: Step, ctx: DialogContext) -> tuple[Option, ...]:
    """The choices of a step: its enum's options, the funds, or Ja/Nej (and Inte ännu)."""
    if step.spec.options == FUNDS_OPTIONS:
        return tuple(Option(fid, getattr(p, "name", fid)) for fid, p in ctx.funds.items())
    if step.spec.options:
        return enum_options(step.spec.options)
    if step.input == InputKind.BOOL:
        extra = (Option(None, texts.NOT_YET_LABEL),) if step.spec.nullable else ()
        return YES_NO + extra
    return ()


def row_position(fill: RowFill, number: int, existing: int) -> int:
    """The list index row ``number`` of a fill has (or will have once added)."""
    at = fill.at[number]
    if at is not None:
        return at
    return existing + sum(1 for a in fill.at[:number] if a is None)


def pending_parts(field: str) -> tuple[str, int, str] | None:
    """``partners[0].role`` → (``partners``, 0, ``role``)."""
    match = ITEM_PATH.match(field)
    return (match[1], int(match[2]), match[3]) if match else None


def current_ask(state: DialogState, ctx: DialogContext) -> Ask:
    """The question the state is waiting for."""
    mode, turn = state.mode, state.turn
    plan = plan_of(state, ctx)
    if mode == Mode.RESUME:
        # Questions, not fields: the applicant object alone is three questions.
        answered = sum(1 for s in plan if step_value(s, state.answers) is not None)
        text = texts.RESUME_QUESTION.format(answered=answered, total=len(plan))
        return Ask(Special.CONFIRM_RESUME, text, InputKind.CONFIRM, YES_NO, turn=turn)
    if mode == Mode.RESTART:
        text = texts.RESTART_QUESTION
        return Ask(Special.CONFIRM_RESTART, text, InputKind.CONFIRM, YES_NO, turn=turn)
    if mode == Mode.PRELIMINARY:
        quick = plan.quick_steps()
        done = Progress(plan.number(quick[-1]) if quick else 1, plan.total, QUICK_SECTION)
        head = texts.progress_line(done.step, done.total, done.section)
        text = f"{head}\n{texts.CONTINUE_QUESTION}"
        return Ask(Special.CONFIRM_CONTINUE, text, InputKind.CONFIRM, YES_NO, done, turn=turn)
    if mode != Mode.ASKING:
        # Every question has been passed: the confirmation is "step total of total".
        done = Progress(plan.total, plan.total, texts.SUMMARY_SECTION)
        text = texts.CONFIRM_QUESTION if ctx.delivers else texts.SAVE_QUESTION
        return Ask(Special.CONFIRM_SUBMIT, text, InputKind.CONFIRM, YES_NO, done, turn=turn)
    if state.pending:
        return _pending_ask(state, ctx, plan)
    step = ctx.flow.step(state.step)
    if step.input == InputKind.LIST and state.fill is not None and state.fill.asks:
        return _fill_ask(state, step, plan)
    return _step_ask(state, step, ctx, plan)


def _step_ask(state: DialogState, step: Step, ctx: DialogContext, plan: Plan) -> Ask:
    progress = plan.progress(step)
    value = step_value(step, state.answers)
    shown = value is not None or (
        step.spec.nullable and step.sub is None and step.top in state.answers
    )
    lines = _question_lines(step, state.fund, progress)
    options = step_options(step, ctx)
    if step.input == InputKind.LIST:
        lines.append(list_prompt(step, value or []))
    elif shown:
        # A choice shows its option's label (the fund's name, not its id).
        chosen = [o.label for o in options if step.input == InputKind.CHOICE and o.value == value]
        label = chosen[0] if chosen else format_value(step, value)
        lines.append(texts.CURRENT_ANSWER.format(value=label))
        lines.append(texts.KEEP_HINT)
    selected = tuple(value) if step.input == InputKind.MULTICHOICE and value else ()
    text = "\n".join(lines)
    return Ask(step.field, text, step.input, options, progress, selected, turn=state.turn)


def _head(plan: Plan, step: Step) -> tuple[Progress, str]:
    progress = plan.progress(step)
    return progress, texts.progress_line(progress.step, progress.total, progress.section)


def _fill_ask(state: DialogState, step: Step, plan: Plan) -> Ask:
    fill = state.fill
    number, field = fill.asks[0]
    progress, head = _head(plan, step)
    options = item_options(step, field)
    if number == CONFIRM_ROW:
        asked = {(n, f) for n, f in fill.asks}
        rows = [
            (fill.rows[n], fill.suggested[f"{n}.{field}"])
            for n in range(len(fill.rows))
            if f"{n}.{field}" in fill.suggested and (n, field) in asked
        ]
        text = f"{head}\n{suggestion_prompt(step, rows, field, options)}"
        return Ask(step.top, text, InputKind.CONFIRM, YES_NO, progress, turn=state.turn)
    existing = len(state.answers.get(step.top) or [])
    index = row_position(fill, number, existing)
    row = fill.rows[number]
    lines = [head, item_prompt(step, index, row, field)]
    suggested = fill.suggested.get(f"{number}.{field}")
    if suggested is not None and options:
        first = [o for o in options if o.value == suggested]
        options = (*first, *(o for o in options if o.value != suggested))
        if first:
            lines.append(texts.SUGGESTED.format(label=first[0].label))
    current = row.get(field)
    if current is not None:
        labels = [o.label for o in options if o.value == current]
        lines.append(texts.CURRENT_ANSWER.format(value=labels[0] if labels else current))
        lines.append(texts.KEEP_HINT)
    kind = item_spec(step, field).input
    field_name = item_field(step.top, index, field)
    return Ask(field_name, "\n".join(lines), kind, options, progress, turn=state.turn)


def _pending_ask(state: DialogState, ctx: DialogContext, plan: Plan) -> Ask:
    top, index, field = pending_parts(state.pending[0])
    step = ctx.flow.step(top)
    # Asked after the quick check's verdict: shown in the list's own section.
    progress = Progress(plan.number(step), plan.total, step.section)
    head = texts.progress_line(progress.step, progress.total, progress.section)
    row = (state.answers.get(top) or [])[index]
    text = f"{head}\n{item_prompt(step, index, row, field)}"
    kind = item_spec(step, field).input
    options = item_options(step, field)
    return Ask(state.pending[0], text, kind, options, progress, turn=state.turn)


def _question_lines(step: Step, fund: str | None, progress: Progress) -> list[str]:
    """The progress line, the question, why it is asked and the example."""
    head = texts.progress_line(progress.step, progress.total, progress.section)
    lines = [head, step.spec.question, f"Varför jag frågar: {step.why(fund)}"]
    if step.spec.example:
        lines.append(f"({step.spec.example})")
    return lines
