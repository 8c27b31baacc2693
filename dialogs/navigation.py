"""Moving through the flow: the next question, the confirmation, edits, going back."""

from __future__ import annotations

from typing import Any

from dialogs import texts
from dialogs.asking import current_ask
from dialogs.feedback import summary_replies
from dialogs.replies import Message
from dialogs.state import DialogContext, Mode, new_state


def enter_confirm(state: dict[str, Any], ctx: DialogContext) -> list[Any]:
    state.update(mode=Mode.CONFIRM.value, step=None, list=None, queue=None, return_to=None)
    return [*summary_replies(state, ctx), current_ask(state, ctx)]


def go_next(state: dict[str, Any], ctx: DialogContext, *, skip_top: str | None = None) -> list[Any]:
    """Moves to the next question (or the edit queue's next, or the confirmation)."""
    flow, fund, answers = ctx.flow, state["fund"], state["answers"]
    state["list"] = None
    if state["queue"] is not None:
        while state["queue"]:
            name = state["queue"].pop(0)
            if flow.has(name) and flow.step(name).applies(fund, answers):
                state["step"] = name
                return [current_ask(state, ctx)]
        state["queue"] = None
        if state["return_to"]:
            state["step"], state["return_to"] = state["return_to"], None
            return [current_ask(state, ctx)]
        return enter_confirm(state, ctx)
    current = flow.step(state["step"]) if state["step"] else None
    start = current.index + 1 if current else 0
    for step in flow.steps[start:]:
        if step.top == skip_top or not step.applies(fund, answers):
            continue
        state["step"] = step.field
        return [current_ask(state, ctx)]
    return enter_confirm(state, ctx)


def fresh(fund: str | None, ctx: DialogContext) -> tuple[dict[str, Any], list[Any]]:
    state = new_state(fund)
    profile = ctx.profile(fund)
    welcome = texts.WELCOME
    if profile is not None:
        name = getattr(profile, "fund_name", None) or getattr(profile, "name", fund)
        welcome += "\n" + texts.FUND_LINE.format(fund_name=name)
    return state, [Message(welcome), *go_next(state, ctx)]


def edit(state: dict[str, Any], argument: str, ctx: DialogContext) -> list[Any]:
    steps = ctx.flow.active(state["fund"], state["answers"])
    number = argument.strip().lstrip("#")
    if not number.isdigit() or not 1 <= int(number) <= len(steps):
        return [Message(texts.BAD_EDIT_NUMBER.format(total=len(steps))), current_ask(state, ctx)]
    target = steps[int(number) - 1]
    if state["mode"] == Mode.CONFIRM:
        state.update(queue=[], return_to=None)
    elif state["queue"] is None:
        state.update(queue=[], return_to=state["step"])
    else:
        state["queue"].insert(0, state["step"])
    state.update(mode=Mode.ASKING.value, step=target.field, list=None)
    return [current_ask(state, ctx)]


def back(state: dict[str, Any], ctx: DialogContext) -> list[Any]:
    if state["mode"] == Mode.ASKING and state["list"] is not None:
        state["list"] = None
        return [Message(texts.LIST_ITEM_ABANDONED), current_ask(state, ctx)]
    if not state["history"]:
        return [Message(texts.NOTHING_BEFORE), current_ask(state, ctx)]
    previous = state["history"].pop()
    if state["mode"] == Mode.ASKING and state["queue"] is not None:
        state["queue"].insert(0, state["step"])
    state.update(mode=Mode.ASKING.value, step=previous, list=None)
    return [current_ask(state, ctx)]


def restart(state: dict[str, Any], ctx: DialogContext) -> list[Any]:
    new, replies = fresh(state["fund"] if state["answers"].get("fund") else None, ctx)
    state.clear()
    state.update(new)
    return [Message(texts.RESTARTED), *replies[1:]]
