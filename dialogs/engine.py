"""The pure dialog engine: ``advance(state, event, *, ctx) -> (state, replies)``.

No I/O, no clock, no randomness: the knowledge, the FAQ, today's date and the id maker
come in through :class:`DialogContext`; side effects the application must perform come
out as :class:`Effect` replies. ``advance`` never changes the state it is given.

Every accepted input that changes answers starts its replies with one ``answer`` line
(:class:`AnswerReply`) per top-level field it changed, with the field's whole new value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from dialogs import texts
from dialogs.answering import answer_step, raw_of
from dialogs.asking import current_ask
from dialogs.commands import run_command
from dialogs.errors import ParseError
from dialogs.events import CommandInput, TextInput, ValueInput, command_of, spoken_command
from dialogs.faqs import FAQ_MAX_CHARS, faq_replies, is_question
from dialogs.feedback import evaluation, remember, summary_replies, unanswered
from dialogs.filling import answer_list, answer_pending
from dialogs.lists import item_fields
from dialogs.navigation import edit, enter_confirm, fresh, go_next, next_pending, restart
from dialogs.quick import enter_preliminary
from dialogs.replies import AnswerReply, Effect, EffectKind, End, InputKind, Message
from dialogs.state import CONFIRM_ROW, DialogContext, DialogState, Mode, is_finished
from dialogs.understanding import Ambiguous, Unclear, understand_bool

Event = TextInput | ValueInput | CommandInput


def repair(state: DialogState, ctx: DialogContext) -> DialogState:
    """Makes a stored state fit the current flow (staff may have edited flow.yaml).

    A current step that no longer exists moves to the first unanswered question (or
    the confirmation), so an old draft never breaks. A version 2 draft's half-asked
    list row becomes rows to complete.
    """
    flow = ctx.flow
    if state.mode == Mode.ASKING and not (state.step and flow.has(state.step)):
        state.fill = state.queue = state.return_to = None
        state.pending = []
        todo = [s for s in flow.active(state.fund, state.answers) if s.top not in state.answers]
        if todo:
            state.step = todo[0].field
        else:
            state.mode, state.step = Mode.CONFIRM, None
    if state.fill is not None:
        step = flow.step(state.step) if state.step and flow.has(state.step) else None
        if step is None or step.input != InputKind.LIST:
            state.fill = None
        else:
            fields = item_fields(step)
            asks = []
            for number, field in state.fill.asks:
                if field.startswith("#"):  # a version 2 row: the sub-fields from there
                    asks += [[number, f] for f in fields[int(field[1:] or 0) :]]
                elif field in fields and (number == CONFIRM_ROW or number >= 0):
                    asks.append([number, field])
            state.fill.asks = asks
            if not asks:
                state.fill = None
    if state.queue:
        state.queue = [f for f in state.queue if flow.has(f)]
    return state


def begin(
    state: DialogState | None,
    *,
    ctx: DialogContext,
    fund: str | None = None,
    ask_resume: bool = True,
) -> tuple[DialogState, list[Any]]:
    """Starts a conversation: fresh, or resuming an unfinished draft.

    Args:
        state: The stored draft, or None.
        ctx: The context.
        fund: The fund for a fresh start (None asks the fund question).
        ask_resume: Ask whether to continue an unfinished draft (people), or simply
            continue (the machine protocol).
    """
    if is_finished(state):
        return fresh(fund, ctx)
    state = repair(state.copy(), ctx)
    if state.comment is not None and not state.notice_shown:
        state.notice_shown = True
        return state, [Message(texts.reopened(state.comment)), current_ask(state, ctx)]
    if state.mode in (Mode.RESUME, Mode.RESTART):
        state.mode, state.prior_mode = state.prior_mode or Mode.ASKING, None
    if ask_resume and state.answered_count > 0:
        state.prior_mode, state.mode = state.mode, Mode.RESUME
        return state, [current_ask(state, ctx)]
    return state, [Message(texts.RESUMED), *_where_you_were(state, ctx)]


def _where_you_were(state: DialogState, ctx: DialogContext) -> list[Any]:
    """The question again; at the quick check's verdict or the confirmation, the verdict
    (and the summary) first."""
    if state.mode == Mode.CONFIRM:
        return [*summary_replies(state, ctx), current_ask(state, ctx)]
    if state.mode == Mode.PRELIMINARY:
        return enter_preliminary(state, ctx)
    return [current_ask(state, ctx)]


def reopen(
    answers: Mapping[str, Any],
    fields: Iterable[str],
    *,
    ctx: DialogContext,
    application_id: str,
    comment: str,
    previous: DialogState | None = None,
) -> tuple[DialogState, list[Any]]:
    """A draft that asks ``fields`` again (a coordinator's komplettering).

    Top-level object fields expand to their sub-questions; unknown fields are ignored.
    After the last one, the summary and ``confirm_submit`` follow, and submitting
    updates the same application. An unfinished draft of another idea is set aside and
    comes back after the komplettering is submitted.

    Returns:
        The new state and the replies: the coordinator's request and the first question.
    """
    state = DialogState.new(answers.get("fund"))
    state.answers = DialogState.from_json({"answers": dict(answers)}).answers
    state.quick_done, state.fund_asked = True, False
    wanted = set(fields)
    state.queue = [s.field for s in ctx.flow.steps if s.field in wanted or s.top in wanted]
    state.application_id, state.comment = application_id, comment
    if not is_finished(previous) and previous.application_id != application_id:
        state.suspended = previous.to_json()
    result = evaluation(state, ctx)
    if result is not None:
        remember(state, result.findings)
    go_next(state, ctx)
    return state, [Message(texts.reopened(comment)), current_ask(state, ctx)]


def after_submit(state: DialogState) -> DialogState:
    """What is kept once the application is stored: the draft set aside during a
    komplettering, else a marker that answers a repeated "ja" with the id."""
    if state.suspended is not None:
        return DialogState.from_json(state.suspended)
    done = DialogState.new(state.fund)
    done.mode, done.application_id, done.answers = Mode.DONE, state.application_id, {}
    return done


def submit_failed(state: DialogState, ctx: DialogContext, reason: str) -> list[Any]:
    """Back at the confirmation after the application could not be stored."""
    state.mode = Mode.CONFIRM
    return [Message(texts.SUBMIT_FAILED.format(error=reason)), current_ask(state, ctx)]


def unanswered_questions(state: DialogState, ctx: DialogContext) -> list[str]:
    """The labels of the questions this dialog asked that are still empty."""
    return unanswered(state, ctx)


def _yes(raw: Any) -> bool:
    """Yes or no at a yes/no question; a number there means ``/andra N``.

    Raises:
        ParseError: when it is neither.
    """
    if isinstance(raw, bool):
        return raw
    if not isinstance(raw, str):
        raise ParseError("ja eller nej väntades")
    return bool(understand_bool(raw).value)


def _answer(state: DialogState, event: Any, ctx: DialogContext, offer: Any) -> list[Any]:
    if state.pending:
        return answer_pending(state, event, ctx)
    step = ctx.flow.step(state.step)
    if step.input == InputKind.LIST:
        return answer_list(state, step, event, ctx)
    return answer_step(state, event, ctx, offer=offer)


def _continue(state: DialogState, event: Any, ctx: DialogContext) -> tuple[DialogState, list]:
    """The answer to "Vill du fortsätta med hela ansökan?"."""
    raw = raw_of(event)
    if isinstance(raw, str) and raw.strip().lstrip("#").isdigit():
        return state, edit(state, raw, ctx)
    if not _yes(raw):
        return state, [Message(texts.PAUSED), End()]
    state.mode, state.quick_done = Mode.ASKING, True
    state.pending, state.later = state.later, []
    return state, [Message(texts.CONTINUING), *next_pending(state, ctx)]


def _confirm(state: DialogState, event: Any, ctx: DialogContext) -> tuple[DialogState, list]:
    raw = raw_of(event)
    if isinstance(raw, str) and raw.strip().lstrip("#").isdigit():
        return state, edit(state, raw, ctx)
    yes, mode = _yes(raw), state.mode
    if mode == Mode.CONFIRM:
        if not yes:
            text = texts.NOT_SENT if ctx.delivers else texts.NOT_SAVED
            return state, [Message(text), current_ask(state, ctx)]
        state.mode = Mode.DONE
        return state, [Effect(EffectKind.SUBMIT, {"application_id": state.application_id})]
    prior, state.prior_mode = state.prior_mode or Mode.ASKING, None
    if (mode == Mode.RESUME) == yes:  # resume: yes continues; restart: no continues
        state.mode = prior
        message = texts.RESUMED if mode == Mode.RESUME else texts.NOT_RESTARTED
        return state, [Message(message), *_where_you_were(state, ctx)]
    return restart(state, ctx)


def _stale(state: DialogState, event: Event, ctx: DialogContext) -> bool:
    """Whether a button belongs to another question than the one asked now: it names
    another field, or was shown at another turn of the dialog (every input is a turn)."""
    field = event.field if isinstance(event, ValueInput) else None
    if field is not None and field != current_ask(state, ctx).field:
        return True
    turn = getattr(event, "turn", None)
    return turn is not None and turn != state.turn


def _after_done(state: DialogState, event: Event, ctx: DialogContext) -> tuple[DialogState, list]:
    """Input after a submission: a repeated "ja" is told it is sent; anything else starts anew."""
    raw = event.value if isinstance(event, ValueInput) else getattr(event, "text", None)
    try:
        repeated = raw is True or (isinstance(raw, str) and _yes(raw))
    except ParseError:
        repeated = False
    if repeated and state.application_id:
        text = texts.ALREADY_SENT.format(application_id=state.application_id)
        return state, [Message(text), End()]
    return fresh(state.fund, ctx)


def _rejected(
    state: DialogState, working: DialogState, event: Any, error: ParseError, ctx: DialogContext
) -> tuple[DialogState, list[Any]]:
    """A rejected answer: the answers exactly as they were, why, and the same question
    (with the readings to choose from when it could mean several)."""
    kept = repair(state.copy(), ctx)
    kept.turn, kept.offer = working.turn, None
    ask = current_ask(kept, ctx)
    if isinstance(error, Ambiguous) and error.choices:
        kept.offer = [{"value": o.value, "label": o.label} for o in error.choices]
        ask = replace(ask, input=InputKind.CHOICE, options=tuple(error.choices))
        ask = replace(ask, text=f"{ask.text}\n{texts.PICK_ONE}")
    elif (
        not isinstance(error, Unclear)
        and isinstance(event, TextInput)
        and kept.mode == Mode.ASKING
        and not _yes_or_no(event.text)
    ):
        faq = faq_replies(kept, event.text, ctx, strong=True)
        if faq is not None:
            return kept, [*faq, ask]
    return kept, [Message(texts.bad_answer(str(error))), ask]


def _yes_or_no(text: str) -> bool:
    """Whether a line reads as yes or no ("nej", "nej det är alla"): an answer given at
    the wrong question, never a question for the FAQ ("nej" is not about "avslag")."""
    try:
        understand_bool(text)
    except ParseError:
        return False
    return True


def _answer_lines(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[AnswerReply]:
    """One ``answer`` line per top-level field that changed (null when it was cleared)."""
    lines = [AnswerReply(k, v) for k, v in after.items() if k not in before or before[k] != v]
    lines += [AnswerReply(k, None) for k in before if k not in after]
    return lines


def advance(
    state: DialogState, event: Event, *, ctx: DialogContext
) -> tuple[DialogState, list[Any]]:
    """Applies one input to the state.

    Args:
        state: The current state (not changed).
        event: What the person sent.
        ctx: Knowledge, FAQ, today's date and the id maker.

    Returns:
        The new state and the replies, in order (effects included): first the
        ``answer`` lines of what changed, then everything else.
    """
    if state.mode == Mode.DONE:
        return _after_done(state, event, ctx)
    working = repair(state.copy(), ctx)
    if _stale(working, event, ctx):
        return working, [Message(texts.STALE_BUTTON), current_ask(working, ctx)]
    working.turn += 1
    offer, working.offer = working.offer, None
    if isinstance(event, TextInput):
        event = command_of(event.text) or spoken_command(event.text) or event
    if isinstance(event, CommandInput):
        new, replies = run_command(working, event, ctx)
        return new, [*_answer_lines(state.answers, new.answers), *replies]
    mode = working.mode
    if is_question(event) and mode in (Mode.ASKING, Mode.CONFIRM, Mode.PRELIMINARY):
        faq = faq_replies(working, event.text, ctx, strong=False)
        return working, [*faq, current_ask(working, ctx)]
    try:
        if mode == Mode.ASKING:
            new, replies = working, _answer(working, event, ctx, offer)
        elif mode == Mode.PRELIMINARY:
            new, replies = _continue(working, event, ctx)
        else:
            new, replies = _confirm(working, event, ctx)
    except ParseError as error:
        return _rejected(state, working, event, error, ctx)
    return new, [*_answer_lines(state.answers, new.answers), *replies]


__all__ = [
    "FAQ_MAX_CHARS",
    "advance",
    "after_submit",
    "begin",
    "current_ask",
    "enter_confirm",
    "evaluation",
    "reopen",
    "repair",
    "submit_failed",
    "unanswered_questions",
]
