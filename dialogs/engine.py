"""The pure dialog engine: ``advance(state, event, *, ctx) -> (state, replies)``.

No I/O, no clock, no randomness: the knowledge, the FAQ, today's date and the id maker
come in through :class:`DialogContext`; side effects the application must perform come
out as :class:`Effect` replies. ``advance`` never changes the state it is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from dialogs import texts
from dialogs.answering import checked, parse_input
from dialogs.asking import current_ask, step_options
from dialogs.errors import ParseError
from dialogs.events import Command, CommandInput, TextInput, ValueInput, command_of
from dialogs.feedback import evaluation, live_findings, summary_replies
from dialogs.flow import Step
from dialogs.lists import ListAction, as_json_array, as_json_object, item_options, list_action
from dialogs.navigation import back, edit, enter_confirm, fresh, go_next, restart
from dialogs.parsing import parse_bool
from dialogs.replies import Effect, EffectKind, End, InputKind, Message
from dialogs.state import DialogContext, DialogState, Mode, RowInProgress, is_finished

# A line that is not a valid answer counts as a question only with this many words.
FAQ_MIN_WORDS = 3
# A FAQ question is one short line. A longer text ending in "?" is the person's answer.
FAQ_MAX_CHARS = 300

Event = TextInput | ValueInput | CommandInput


def repair(state: DialogState, ctx: DialogContext) -> DialogState:
    """Makes a stored state fit the current flow (staff may have edited flow.yaml).

    A current step that no longer exists moves to the first unanswered question (or
    the confirmation), so an old draft never breaks.
    """
    if state.mode == Mode.ASKING and not (state.step and ctx.flow.has(state.step)):
        state.row = state.queue = state.return_to = None
        active = ctx.flow.active(state.fund, state.answers)
        todo = [s for s in active if texts.step_value(s, state.answers) is None]
        if todo:
            state.step = todo[0].field
        else:
            state.mode, state.step = Mode.CONFIRM, None
    elif state.queue:
        state.queue = [f for f in state.queue if ctx.flow.has(f)]
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
    # At the confirmation, the summary and findings come again before confirm_submit.
    summary = summary_replies(state, ctx) if state.mode == Mode.CONFIRM else []
    return state, [Message(texts.RESUMED), *summary, current_ask(state, ctx)]


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
    wanted = set(fields)
    state.queue = [s.field for s in ctx.flow.steps if s.field in wanted or s.top in wanted]
    state.application_id, state.comment = application_id, comment
    if not is_finished(previous) and previous.application_id != application_id:
        state.suspended = previous.to_json()
    result = evaluation(state, ctx)
    if result is not None:
        state.findings = {f.rule: str(f.status) for f in result.findings}
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


def _faq_replies(
    state: DialogState, question: str, ctx: DialogContext, *, strong: bool
) -> list[Any] | None:
    if strong and len(question) > FAQ_MAX_CHARS:
        return None
    fund = ctx.profile(state.fund)
    hits = ctx.faq.search(question, fund=fund, top=1) if ctx.faq is not None else []
    if strong:
        long_enough = len(question.split()) >= FAQ_MIN_WORDS
        hits = [h for h in hits if long_enough and h.score >= ctx.faq_strong_score]
        if not hits:
            return None
    if hits:
        return [Message(hits[0].answer)]
    contact = texts.coordinator_contact(fund)
    effect = Effect(EffectKind.LOG_UNANSWERED, {"question": question.strip(), "fund": state.fund})
    return [Message(texts.FAQ_UNKNOWN.format(contact=contact)), effect]


def _raw(event: TextInput | ValueInput) -> Any:
    return event.text if isinstance(event, TextInput) else event.value


def _is_question(event: Any) -> bool:
    if not isinstance(event, TextInput):
        return False
    text = event.text.strip()
    return text.endswith("?") and len(text) <= FAQ_MAX_CHARS


def _set(state: DialogState, top: str, value: Any, ctx: DialogContext) -> list[Any]:
    state.answers[top] = value
    if top == "fund":
        state.fund = value
    return live_findings(state, ctx, [top])


def _answer_step(state: DialogState, event: Any, ctx: DialogContext) -> list[Any]:
    step = ctx.flow.step(state.step)
    if step.input == InputKind.LIST:
        return _answer_list(state, step, event, ctx)
    raw = _raw(event)
    skip_top = None
    if step.sub is not None and isinstance(raw, dict):
        value = checked(step.top, raw)  # a whole object at once (automation)
        skip_top = step.top
    else:
        parsed = parse_input(
            step.input,
            raw,
            options=step_options(step, ctx),
            nullable=step.spec.nullable,
            fmt=step.spec.format,
            typed=isinstance(event, TextInput),
        )
        if step.sub is not None:
            whole = dict(state.answers.get(step.top) or {})
            whole[step.sub] = parsed
            value = checked(step.top, whole)
        else:
            value = checked(step.top, parsed)
    replies = _set(state, step.top, value, ctx)
    state.history.append(step.field)
    return replies + go_next(state, ctx, skip_top=skip_top)


def _answer_list(state: DialogState, step: Step, event: Any, ctx: DialogContext) -> list[Any]:
    raw = _raw(event)
    items = list(state.answers.get(step.top) or [])
    row = state.row
    array = as_json_array(raw)
    whole_row = as_json_object(raw) if row is None else None
    if whole_row is not None:
        return _add_row(state, step, items, whole_row, ctx)  # one whole row (automation)
    if row is None or array is not None:
        try:
            action, array = list_action(raw)
        except ParseError as not_yes_no:
            # People often answer "Vilka parter …?" with the first name right away:
            # a valid first sub-field value starts a row with it (typed text only;
            # null or a number from a script is no name).
            first = step.spec.item[0]
            if not isinstance(raw, str):
                raise
            try:
                value = parse_input(
                    first.input, raw, options=item_options(step, 0), fmt=first.format
                )
            except ParseError:
                raise not_yes_no from None
            state.row = RowInProgress({first.field: value}, 1)
            return [current_ask(state, ctx)]
        if action == ListAction.ADD:
            state.row = RowInProgress()
            return [current_ask(state, ctx)]
        if action == ListAction.CLEAR:
            state.answers.pop(step.top, None)
            return [current_ask(state, ctx)]
        value = checked(step.top, array if action == ListAction.REPLACE else items)
        replies = _set(state, step.top, value, ctx)
        state.history.append(step.field)
        return replies + go_next(state, ctx)
    spec = step.spec.item[row.sub]
    row.item[spec.field] = parse_input(
        spec.input,
        raw,
        options=item_options(step, row.sub),
        fmt=spec.format,
        typed=isinstance(event, TextInput),
    )
    row.sub += 1
    if row.sub < len(step.spec.item):
        return [current_ask(state, ctx)]
    return _add_row(state, step, items, row.item, ctx)


def _add_row(
    state: DialogState, step: Step, items: list, row: dict, ctx: DialogContext
) -> list[Any]:
    """Appends a complete row, reports it and asks whether to add another."""
    value = checked(step.top, [*items, row])
    state.row = None
    replies = [Message(texts.LIST_ADDED.format(item=texts.format_item(step.top, value[-1])))]
    replies += _set(state, step.top, value, ctx)
    return [*replies, current_ask(state, ctx)]


def _command(
    state: DialogState, command: CommandInput, ctx: DialogContext
) -> tuple[DialogState, list[Any]]:
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
        return state, back(state, ctx)
    # Command.SKIP
    if mode != Mode.ASKING:
        return state, [Message(texts.NOTHING_TO_SKIP), current_ask(state, ctx)]
    if state.row is not None:
        state.row = None
        return state, [Message(texts.LIST_ITEM_ABANDONED), current_ask(state, ctx)]
    state.history.append(state.step)
    return state, go_next(state, ctx)


def _confirm(state: DialogState, event: Any, ctx: DialogContext) -> tuple[DialogState, list]:
    raw = _raw(event)
    if isinstance(raw, str) and raw.strip().lstrip("#").isdigit():
        return state, edit(state, raw, ctx)
    yes = raw if isinstance(raw, bool) else parse_bool(raw) if isinstance(raw, str) else None
    mode = state.mode
    if yes is None:
        raise ParseError("ja eller nej väntades")
    if mode == Mode.CONFIRM:
        if not yes:
            return state, [Message(texts.NOT_SENT), current_ask(state, ctx)]
        state.mode = Mode.DONE
        return state, [Effect(EffectKind.SUBMIT, {"application_id": state.application_id})]
    prior, state.prior_mode = state.prior_mode or Mode.ASKING, None
    if (mode == Mode.RESUME) == yes:  # resume: yes continues; restart: no continues
        state.mode = prior
        message = texts.RESUMED if mode == Mode.RESUME else texts.NOT_RESTARTED
        summary = summary_replies(state, ctx) if prior == Mode.CONFIRM else []
        return state, [Message(message), *summary, current_ask(state, ctx)]
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
    repeated = raw is True or (isinstance(raw, str) and _is_yes(raw))
    if repeated and state.application_id:
        text = texts.ALREADY_SENT.format(application_id=state.application_id)
        return state, [Message(text), End()]
    return fresh(state.fund, ctx)


def _is_yes(text: str) -> bool:
    try:
        return parse_bool(text) is True
    except ParseError:
        return False


def advance(
    state: DialogState, event: Event, *, ctx: DialogContext
) -> tuple[DialogState, list[Any]]:
    """Applies one input to the state.

    Args:
        state: The current state (not changed).
        event: What the person sent.
        ctx: Knowledge, FAQ, today's date and the id maker.

    Returns:
        The new state and the replies, in order (effects included).
    """
    if state.mode == Mode.DONE:
        return _after_done(state, event, ctx)
    working = repair(state.copy(), ctx)
    if _stale(working, event, ctx):
        return working, [Message(texts.STALE_BUTTON), current_ask(working, ctx)]
    working.turn += 1
    if isinstance(event, TextInput):
        event = command_of(event.text) or event
    if isinstance(event, CommandInput):
        return _command(working, event, ctx)
    mode = working.mode
    if _is_question(event) and mode in (Mode.ASKING, Mode.CONFIRM):
        faq = _faq_replies(working, event.text, ctx, strong=False)
        return working, [*faq, current_ask(working, ctx)]
    try:
        if mode == Mode.ASKING:
            return working, _answer_step(working, event, ctx)
        return _confirm(working, event, ctx)
    except ParseError as error:
        # A rejected answer leaves the answers exactly as they were.
        kept = repair(state.copy(), ctx)
        kept.turn = working.turn
        if isinstance(event, TextInput) and mode == Mode.ASKING:
            faq = _faq_replies(kept, event.text, ctx, strong=True)
            if faq is not None:
                return kept, [*faq, current_ask(kept, ctx)]
        return kept, [
            Message(texts.BAD_ANSWER.format(reason=str(error))),
            current_ask(kept, ctx),
        ]


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
]
