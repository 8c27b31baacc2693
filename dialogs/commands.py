"""The dialog's commands: ``/tillbaka``, ``/hoppa``, ``/sammanfattning``, ``/andra N``,
``/hjalp``, ``/avbryt`` and ``/start``."""

from __future__ import annotations

from typing import Any

from dialogs import texts
from dialogs.asking import current_ask
from dialogs.events import Command, CommandInput
from dialogs.feedback import summary_replies
from dialogs.filling import keep_complete_rows, skip_in_fill
from dialogs.navigation import back, edit, go_next, next_pending, note_answered, restart
from dialogs.replies import End, Message
from dialogs.state import DialogContext, DialogState, Mode


def run_command(
    state: DialogState, command: CommandInput, ctx: DialogContext
) -> tuple[DialogState, list[Any]]:
    """Applies a command to the (working) state."""
    name, mode = command.command, state.mode
    if name is None:
        shown = command.name if command.name.startswith("/") else f"/{command.name}"
        return state, [
            Message(texts.UNKNOWN_COMMAND.format(command=shown)),
            current_ask(state, ctx),
        ]
    if name == Command.CANCEL:
        return state, [Message(texts.CANCELLED), End()]
    if name == Command.HELP:
        hint = texts.INPUT_HINTS.get(current_ask(state, ctx).input, "")
        return state, [Message(f"{texts.HELP}\n\n{hint}".strip()), current_ask(state, ctx)]
    if name == Command.START:
        if state.answered_count == 0:
            return restart(state, ctx)
        if mode not in (Mode.RESUME, Mode.RESTART):
            state.prior_mode = mode
        state.mode = Mode.RESTART
        return state, [current_ask(state, ctx)]
    if mode in (Mode.RESUME, Mode.RESTART):
        return state, [current_ask(state, ctx)]
    if name == Command.SUMMARY:
        summary = summary_replies(state, ctx)
        return state, [*summary, Message(texts.EDIT_HINT), current_ask(state, ctx)]
    if name == Command.EDIT:
        return state, edit(state, command.argument, ctx)
    if name == Command.BACK:
        if mode == Mode.ASKING and not state.pending and state.fill is not None:
            return state, keep_complete_rows(state, ctx.flow.step(state.step), ctx)
        return state, back(state, ctx)
    return state, _skip(state, ctx)


def _skip(state: DialogState, ctx: DialogContext) -> list[Any]:
    """``/hoppa``: the question is left as it is (see ``texts.SKIP_RULE``)."""
    if state.mode != Mode.ASKING:
        return [Message(texts.NOTHING_TO_SKIP), current_ask(state, ctx)]
    if state.pending:
        state.pending.pop(0)
        return [Message(texts.SKIPPED), *next_pending(state, ctx)]
    step = ctx.flow.step(state.step)
    if state.fill is not None and state.fill.asks:
        return skip_in_fill(state, step, ctx)
    note_answered(state, step)
    return [Message(texts.SKIPPED), *go_next(state, ctx)]
