"""Building the question (``Ask``) the state is waiting for."""

from __future__ import annotations

from dialogs import texts
from dialogs.flow import FUNDS_OPTIONS, Step, enum_options
from dialogs.lists import item_field, item_options, item_prompt, list_prompt
from dialogs.replies import Ask, InputKind, Option, Progress
from dialogs.state import DialogContext, DialogState, Mode, Special

YES_NO = (Option(True, texts.YES_LABEL), Option(False, texts.NO_LABEL))


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


def current_ask(state: DialogState, ctx: DialogContext) -> Ask:
    """The question the state is waiting for."""
    mode, turn = state.mode, state.turn
    active = ctx.flow.active(state.fund, state.answers)
    if mode == Mode.RESUME:
        # Questions, not fields: the applicant object alone is three questions.
        answered = sum(1 for s in active if texts.step_value(s, state.answers) is not None)
        text = texts.RESUME_QUESTION.format(answered=answered, total=len(active))
        return Ask(Special.CONFIRM_RESUME, text, InputKind.CONFIRM, YES_NO, turn=turn)
    if mode == Mode.RESTART:
        text = texts.RESTART_QUESTION
        return Ask(Special.CONFIRM_RESTART, text, InputKind.CONFIRM, YES_NO, turn=turn)
    if mode != Mode.ASKING:
        # Every question has been passed: the confirmation is "step total of total".
        done = Progress(len(active), len(active), texts.SUMMARY_SECTION)
        text = texts.CONFIRM_QUESTION
        return Ask(Special.CONFIRM_SUBMIT, text, InputKind.CONFIRM, YES_NO, done, turn=turn)
    step = ctx.flow.step(state.step)
    progress = active.progress(step)
    row = state.row
    if step.input == InputKind.LIST and row is not None:
        index = len(state.answers.get(step.top) or [])
        options = item_options(step, row.sub)
        kind = step.spec.item[row.sub].input
        head = texts.progress_line(progress.step, progress.total, progress.section)
        text = f"{head}\n{item_prompt(step, index, row.sub)}"
        return Ask(item_field(step, index, row.sub), text, kind, options, progress, turn=turn)
    value = texts.step_value(step, state.answers)
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
        label = chosen[0] if chosen else texts.format_value(step, value)
        lines.append(texts.CURRENT_ANSWER.format(value=label))
    selected = tuple(value) if step.input == InputKind.MULTICHOICE and value else ()
    text = "\n".join(lines)
    return Ask(step.field, text, step.input, options, progress, selected, turn=turn)


def _question_lines(step: Step, fund: str | None, progress: Progress) -> list[str]:
    """The progress line, the question, why it is asked and the example."""
    head = texts.progress_line(progress.step, progress.total, progress.section)
    lines = [head, step.spec.question, f"Varför jag frågar: {step.why(fund)}"]
    if step.spec.example:
        lines.append(f"({step.spec.example})")
    return lines
