"""Moving through the flow: the next question, the confirmation, edits, going back."""

from __future__ import annotations

from typing import Any

from dialogs import texts
from dialogs.asking import current_ask
from dialogs.feedback import summary_replies
from dialogs.replies import Message, Welcome
from dialogs.state import DialogContext, DialogState, Mode


def enter_confirm(state: DialogState, ctx: DialogContext) -> list[Any]:
    """Moves to the confirmation: the summary, the verdict, then ``confirm_submit``.

    The application's id is fixed here, the first time, so that answering the
    confirmation again (or after a crash) can only ever mean this one application.
    """
    state.mode, state.step, state.row, state.queue, state.return_to = (
        Mode.CONFIRM,
        None,
        None,
        None,
        None,
    )
    if state.application_id is None and ctx.new_id is not None:
        state.application_id = ctx.new_id()
    return [*summary_replies(state, ctx), current_ask(state, ctx)]


def go_next(state: DialogState, ctx: DialogContext, *, skip_top: str | None = None) -> list[Any]:
    """Moves to the next question (or the edit queue's next, or the confirmation)."""
    flow, fund, answers = ctx.flow, state.fund, state.answers
    state.row = None
    if state.queue is not None:
        while state.queue:
            name = state.queue.pop(0)
            if flow.has(name) and flow.step(name).applies(fund, answers):
                state.step = name
                return [current_ask(state, ctx)]
        state.queue = None
        if state.return_to:
            state.step, state.return_to = state.return_to, None
            return [current_ask(state, ctx)]
        return enter_confirm(state, ctx)
    current = flow.step(state.step) if state.step else None
    start = current.index + 1 if current else 0
    for step in flow.steps[start:]:
        if step.top == skip_top or not step.applies(fund, answers):
            continue
        state.step = step.field
        return [current_ask(state, ctx)]
    return enter_confirm(state, ctx)


def fresh(fund: str | None, ctx: DialogContext) -> tuple[DialogState, list[Any]]:
    """A new dialog: the welcome (naming the fund's criteria) and the first question."""
    state = DialogState.new(fund)
    profile = ctx.profile(fund)
    welcome = texts.WELCOME
    if profile is not None:
        welcome += "\n" + texts.FUND_LINE.format(fund_name=profile.fund_name)
    return state, [Welcome(welcome), *go_next(state, ctx)]


def edit(state: DialogState, argument: str, ctx: DialogContext) -> list[Any]:
    """``/andra N``: asks answer N of the summary again, then returns where the person was."""
    steps = ctx.flow.active(state.fund, state.answers)
    number = argument.strip().lstrip("#")
    if not number.isdigit() or not 1 <= int(number) <= len(steps):
        return [Message(texts.BAD_EDIT_NUMBER.format(total=len(steps))), current_ask(state, ctx)]
    target = steps[int(number) - 1]
    if state.mode == Mode.CONFIRM:
        state.queue, state.return_to = [], None
    elif state.queue is None:
        state.queue, state.return_to = [], state.step
    else:
        state.queue.insert(0, state.step)
    state.mode, state.step, state.row = Mode.ASKING, target.field, None
    return [current_ask(state, ctx)]


def back(state: DialogState, ctx: DialogContext) -> list[Any]:
    """``/tillbaka``: the previous question (a half-filled list row is dropped first)."""
    if state.mode == Mode.ASKING and state.row is not None:
        state.row = None
        return [Message(texts.LIST_ITEM_ABANDONED), current_ask(state, ctx)]
    if not state.history:
        return [Message(texts.NOTHING_BEFORE), current_ask(state, ctx)]
    previous = state.history.pop()
    if state.mode == Mode.ASKING and state.queue is not None:
        state.queue.insert(0, state.step)
    state.mode, state.step, state.row = Mode.ASKING, previous, None
    return [current_ask(state, ctx)]


def restart(state: DialogState, ctx: DialogContext) -> tuple[DialogState, list[Any]]:
    """Starts over (after the person confirmed): a new state, the welcome left out."""
    new, replies = fresh(state.fund if state.answers.get("fund") else None, ctx)
    return new, [Message(texts.RESTARTED), *replies[1:]]
