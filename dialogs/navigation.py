"""Moving through the dialog: the next question, the quick check's verdict, the
confirmation, ``/andra``, ``/tillbaka`` (always the previous question in the dialog's
order, never forward through answered ones), starting over."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dialogs import texts
from dialogs.asking import current_ask, pending_parts
from dialogs.feedback import changed_lines, changed_replies, summary_replies
from dialogs.flow import Step
from dialogs.plan import plan_of
from dialogs.quick import enter_preliminary
from dialogs.replies import Message, Welcome
from dialogs.showing import step_value
from dialogs.state import LATER_ROWS, DialogContext, DialogState, Mode, Special


def note_answered(state: DialogState, step: Step) -> None:
    """Records that a question was answered (or skipped) in this dialog."""
    state.history.append(step.field)


def note_changed(state: DialogState, *fields: str) -> None:
    """Records answers changed during an edit, to be shown back at the summary."""
    if state.edits is not None:
        state.edits += [f for f in fields if f not in state.edits]


def applicable(state: DialogState, ctx: DialogContext) -> frozenset[str]:
    """The fields of the questions asked now (their conditions hold)."""
    return frozenset(s.field for s in plan_of(state, ctx))


def ask_opened(state: DialogState, ctx: DialogContext, before: frozenset[str]) -> None:
    """During an edit (``/andra``, a komplettering): a question the answer just made
    apply (Sundsvall's controlled studies after "vetenskaplig evidens") is asked next,
    unless the person will reach it anyway on going on from where they return to.

    Args:
        state: The working state, its answers already changed.
        ctx: The context.
        before: :func:`applicable` before the answer.
    """
    if state.queue is None:
        return
    plan = plan_of(state, ctx)
    back_to = state.return_to
    limit = None
    if back_to and back_to != Special.CONFIRM_CONTINUE and ctx.flow.has(back_to):
        limit = plan.key(ctx.flow.step(back_to))

    def passed(step: Step) -> bool:
        """Whether going on from the return point would not come to the step."""
        if back_to in (Special.CONFIRM_CONTINUE, LATER_ROWS):
            return plan.is_quick(step)  # the rest is asked after the verdict anyway
        return limit is None or plan.key(step) < limit

    opened = [
        s.field
        for s in plan
        if s.field not in before
        and s.field not in state.queue
        and step_value(s, state.answers) is None
        and passed(s)
    ]
    state.queue[0:0] = opened


def enter_confirm(state: DialogState, ctx: DialogContext) -> list[Any]:
    """Moves to the confirmation: the summary, the verdict, then ``confirm_submit``.

    Back from ``/andra`` (or ``/tillbaka``) only the changed lines and findings are
    shown, not the whole summary again. The application's id is fixed here, the first
    time, so that answering the confirmation again (or after a crash) can only ever
    mean this one application.
    """
    edits = state.edits
    state.mode, state.step, state.fill, state.queue, state.return_to = (
        Mode.CONFIRM,
        None,
        None,
        None,
        None,
    )
    state.edits = state.offer = None
    if state.application_id is None and ctx.new_id is not None:
        state.application_id = ctx.new_id()
    shown = summary_replies(state, ctx) if edits is None else changed_replies(state, ctx, edits)
    return [*shown, current_ask(state, ctx)]


def go_next(state: DialogState, ctx: DialogContext, *, filled: Iterable[str] = ()) -> list[Any]:
    """Moves to the next question (or the edit queue's next, the quick check's verdict,
    or the confirmation).

    Args:
        state: The working state.
        ctx: The context.
        filled: Top-level fields the last input answered besides its own question (a
            period typed at the start date, a whole object): their questions are passed.
    """
    flow, fund, answers = ctx.flow, state.fund, state.answers
    state.fill = None
    if state.queue is not None:
        while state.queue:
            name = state.queue.pop(0)
            if flow.has(name) and flow.step(name).applies(fund, answers):
                state.step = name
                return [current_ask(state, ctx)]
        state.queue = None
        back_to, state.return_to = state.return_to, None
        if back_to == Special.CONFIRM_CONTINUE:
            return _back_at_preliminary(state, ctx)
        if back_to == LATER_ROWS:  # the edit began at a partner's role: back there,
            state.pending, state.later = state.later, []  # then on after the quick check
            quick = plan_of(state, ctx).quick_steps()
            state.step = quick[-1].field if quick else state.step
            return next_pending(state, ctx)
        if back_to and flow.has(back_to):
            state.step = back_to
            return [current_ask(state, ctx)]
        return enter_confirm(state, ctx)
    plan = plan_of(state, ctx)
    current = flow.step(state.step) if state.step and flow.has(state.step) else None
    skip = set(filled)
    # The verdict comes between the quick check and the rest (keys 1 and 2; the fund
    # question, key 0, is part of neither).
    checking = not state.quick_done and bool(plan.quick)
    checking = checking and (current is None or plan.key(current)[0] < 2)
    for step in plan.after(current):
        if step.top in skip and step.top in answers:
            continue
        if checking and plan.key(step)[0] > 1:
            return enter_preliminary(state, ctx)
        state.step = step.field
        return [current_ask(state, ctx)]
    if checking:
        return enter_preliminary(state, ctx)
    return enter_confirm(state, ctx)


def next_pending(state: DialogState, ctx: DialogContext) -> list[Any]:
    """The next sub-field left for later, or (none left) the next question."""
    state.pending = [f for f in state.pending if _still_empty(state, f)]
    if state.pending:
        return [current_ask(state, ctx)]
    return go_next(state, ctx)


def _still_empty(state: DialogState, field: str) -> bool:
    parts = pending_parts(field)
    if parts is None:
        return False
    top, index, sub = parts
    rows = state.answers.get(top) or []
    return index < len(rows) and isinstance(rows[index], dict) and rows[index].get(sub) is None


def _back_at_preliminary(state: DialogState, ctx: DialogContext) -> list[Any]:
    """Back at the quick check's verdict after ``/andra``: the changed lines, then the
    verdict again (it may have changed)."""
    edits, state.edits = state.edits or [], None
    quick = plan_of(state, ctx).quick_steps()
    state.step = quick[-1].field if quick else state.step
    changed = changed_lines(state, ctx, edits)
    return [*changed, *enter_preliminary(state, ctx)]


def fresh(fund: str | None, ctx: DialogContext) -> tuple[DialogState, list[Any]]:
    """A new dialog: the welcome (naming the fund's criteria) and the first question."""
    state = DialogState.new(fund)
    profile = ctx.profile(fund)
    welcome = texts.WELCOME
    if profile is not None:
        welcome += "\n" + texts.FUND_LINE.format(fund_name=profile.fund_name)
    return state, [Welcome(welcome), *go_next(state, ctx)]


def edit(state: DialogState, argument: str, ctx: DialogContext) -> list[Any]:
    """``/andra N``: asks question N again, then returns where the person was."""
    plan = plan_of(state, ctx)
    number = argument.strip().lstrip("#")
    # A question number has few digits (int() of thousands of them is refused).
    target = plan.by_number(int(number)) if number.isdigit() and len(number) <= 3 else None
    if target is None:
        return [Message(texts.BAD_EDIT_NUMBER.format(total=plan.total)), current_ask(state, ctx)]
    at_later = state.mode == Mode.ASKING and bool(state.pending) and state.queue is None
    _pending_back(state)
    if at_later:  # a partner's role after the verdict: asked again after the edit
        state.queue, state.return_to = [], LATER_ROWS
    elif state.mode == Mode.CONFIRM:
        state.queue, state.return_to, state.edits = [], None, []
    elif state.mode == Mode.PRELIMINARY:
        state.queue, state.return_to, state.edits = [], Special.CONFIRM_CONTINUE, []
    elif state.queue is None:
        state.queue, state.return_to = [], state.step
    else:
        state.queue.insert(0, state.step)
    state.mode, state.step, state.fill = Mode.ASKING, target.field, None
    return [current_ask(state, ctx)]


def _pending_back(state: DialogState) -> None:
    """Sub-fields being asked after the quick check wait again (asked on going on)."""
    if state.pending:
        state.later, state.pending = [*state.pending, *state.later], []


def back(state: DialogState, ctx: DialogContext) -> list[Any]:
    """``/tillbaka``: the previous question in the dialog's order.

    A list's rows that are not complete are dropped first; from the confirmation it is
    the last question, from the quick check's verdict (or the questions asked right
    after it) the quick check's last question.
    """
    mode = state.mode
    if mode == Mode.ASKING and state.pending:
        _pending_back(state)
        state.mode = Mode.PRELIMINARY
        return [current_ask(state, ctx)]
    if mode == Mode.ASKING and state.fill is not None:
        state.fill = None
        return [Message(texts.LIST_ITEM_ABANDONED), current_ask(state, ctx)]
    plan = plan_of(state, ctx)
    if mode == Mode.CONFIRM:
        target = plan.steps[-1] if plan.steps else None
        state.edits = []  # coming back shows what changed, not the whole summary
    elif mode == Mode.PRELIMINARY:
        quick = plan.quick_steps()
        target = quick[-1] if quick else None
    else:
        current = ctx.flow.step(state.step) if state.step else None
        before = plan.before(current) if current else []
        target = before[-1] if before else None
    if target is None:
        return [Message(texts.NOTHING_BEFORE), current_ask(state, ctx)]
    if mode == Mode.ASKING and state.queue is not None:
        state.queue.insert(0, state.step)
    state.mode, state.step, state.fill = Mode.ASKING, target.field, None
    return [current_ask(state, ctx)]


def restart(state: DialogState, ctx: DialogContext) -> tuple[DialogState, list[Any]]:
    """Starts over (after the person confirmed): a new state, the welcome left out."""
    new, replies = fresh(state.fund if state.answers.get("fund") else None, ctx)
    return new, [Message(texts.RESTARTED), *replies[1:]]
