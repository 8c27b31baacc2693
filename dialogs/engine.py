"""The pure dialog engine: ``advance(state, event, *, ctx) -> (state, replies)``.

No I/O, no clock, no randomness: the knowledge, the FAQ and today's date come
in through :class:`DialogContext`; side effects the service must perform come
out as :class:`Effect` replies. The state is a JSON-compatible dict so storage
saves it verbatim; ``advance`` never mutates the state it is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from dialogs import texts
from dialogs.answering import checked, parse_input
from dialogs.asking import YES_NO, current_ask, step_options
from dialogs.errors import ParseError
from dialogs.events import Command, CommandInput, TextInput, ValueInput, command_of
from dialogs.feedback import evaluation, live_findings, summary_replies
from dialogs.flow import Step
from dialogs.lists import ListAction, as_json_array, as_json_object, item_options, list_action
from dialogs.navigation import back, edit, enter_confirm, fresh, go_next, restart
from dialogs.parsing import parse_bool
from dialogs.replies import Effect, EffectKind, End, InputKind, Message
from dialogs.state import (
    STATE_VERSION,
    DialogContext,
    Mode,
    Special,
    answered_count,
    clone,
    is_finished,
    new_state,
    repair,
    working_copy,
)

__all__ = [
    "STATE_VERSION",
    "YES_NO",
    "DialogContext",
    "Mode",
    "Special",
    "advance",
    "answered_count",
    "begin",
    "clone",
    "current_ask",
    "enter_confirm",
    "evaluation",
    "is_finished",
    "new_state",
    "reopen_state",
]

# A line that is not a valid answer counts as a question only with this many words.
FAQ_MIN_WORDS = 3
# A FAQ question is one short line. A longer text ending in "?" is the person's answer,
# and the FAQ search (whose cost grows with the length of a word) never sees it.
FAQ_MAX_CHARS = 300


def begin(
    state: Mapping[str, Any] | None,
    *,
    ctx: DialogContext,
    fund: str | None = None,
    ask_resume: bool = True,
) -> tuple[dict[str, Any], list[Any]]:
    """Starts a conversation: fresh, or resuming an unfinished draft.

    Args:
        state: The stored draft, or None.
        ctx: The context.
        fund: The fund for a fresh start (None asks the fund question).
        ask_resume: Ask whether to continue an unfinished draft (people), or
            simply continue (the machine protocol).
    """
    if is_finished(state):
        return fresh(fund, ctx)
    state = repair(working_copy(state), ctx)
    if state.get("comment") is not None and not state.get("reopen_shown"):
        state["reopen_shown"] = True
        return state, [Message(texts.reopened(state["comment"])), current_ask(state, ctx)]
    if state["mode"] in (Mode.RESUME, Mode.RESTART):
        state["mode"] = (state.get("prior") or {}).get("mode", Mode.ASKING.value)
    if ask_resume and answered_count(state) > 0:
        state["prior"] = {"mode": state["mode"]}
        state["mode"] = Mode.RESUME.value
        return state, [current_ask(state, ctx)]
    # At the confirmation, the summary and findings come again before confirm_submit.
    summary = summary_replies(state, ctx) if state["mode"] == Mode.CONFIRM else []
    return state, [Message(texts.RESUMED), *summary, current_ask(state, ctx)]


def reopen_state(
    answers: Mapping[str, Any],
    fields: Iterable[str],
    *,
    ctx: DialogContext,
    application_id: str,
    comment: str,
) -> dict[str, Any]:
    """A draft that asks ``fields`` again (a coordinator's komplettering).

    Top-level object fields expand to their sub-questions; unknown fields are
    ignored. After the last one, the summary and ``confirm_submit`` follow.
    """
    fund = answers.get("fund")
    state = new_state(fund)
    state["answers"] = clone(answers)
    wanted = set(fields)
    queue = [s.field for s in ctx.flow.steps if s.field in wanted or s.top in wanted]
    state.update(application_id=application_id, comment=comment, queue=queue)
    result = evaluation(state, ctx)
    if result is not None:
        state["findings"] = {f.rule: str(f.status) for f in result.findings}
    go_next(state, ctx)
    return state


def _faq_replies(
    state: dict[str, Any], question: str, ctx: DialogContext, *, strong: bool
) -> list[Any] | None:
    if strong and len(question) > FAQ_MAX_CHARS:
        return None
    fund = ctx.profile(state["fund"])
    hits = ctx.faq.search(question, fund=fund, top=1) if ctx.faq is not None else []
    if strong:
        long_enough = len(question.split()) >= FAQ_MIN_WORDS
        hits = [h for h in hits if long_enough and h.score >= ctx.faq_strong_score]
        if not hits:
            return None
    if hits:
        return [Message(hits[0].answer)]
    contact = texts.coordinator_contact(fund)
    effect = Effect(
        EffectKind.LOG_UNANSWERED, {"question": question.strip(), "fund": state["fund"]}
    )
    return [Message(texts.FAQ_UNKNOWN.format(contact=contact)), effect]


def _raw(event: TextInput | ValueInput) -> Any:
    return event.text if isinstance(event, TextInput) else event.value


def _is_question(event: Any) -> bool:
    if not isinstance(event, TextInput):
        return False
    text = event.text.strip()
    return text.endswith("?") and len(text) <= FAQ_MAX_CHARS


def _set(state: dict[str, Any], top: str, value: Any, ctx: DialogContext) -> list[Any]:
    state["answers"][top] = value
    if top == "fund":
        state["fund"] = value
    return live_findings(state, ctx, [top])


def _answer_step(state: dict[str, Any], event: Any, ctx: DialogContext) -> list[Any]:
    step = ctx.flow.step(state["step"])
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
            whole = dict(state["answers"].get(step.top) or {})
            whole[step.sub] = parsed
            value = checked(step.top, whole)
        else:
            value = checked(step.top, parsed)
    replies = _set(state, step.top, value, ctx)
    state["history"].append(step.field)
    return replies + go_next(state, ctx, skip_top=skip_top)


def _answer_list(state: dict[str, Any], step: Step, event: Any, ctx: DialogContext) -> list[Any]:
    raw = _raw(event)
    items = list(state["answers"].get(step.top) or [])
    sub = state["list"]
    array = as_json_array(raw)
    row = as_json_object(raw) if sub is None else None
    if row is not None:
        return _add_row(state, step, items, row, ctx)  # one whole row at once (automation)
    if sub is None or array is not None:
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
            state["list"] = {"item": {first.field: value}, "sub": 1}
            return [current_ask(state, ctx)]
        if action == ListAction.ADD:
            state["list"] = {"item": {}, "sub": 0}
            return [current_ask(state, ctx)]
        if action == ListAction.CLEAR:
            state["answers"].pop(step.top, None)
            return [current_ask(state, ctx)]
        value = checked(step.top, array if action == ListAction.REPLACE else items)
        replies = _set(state, step.top, value, ctx)
        state["history"].append(step.field)
        return replies + go_next(state, ctx)
    spec = step.spec.item[sub["sub"]]
    sub["item"][spec.field] = parse_input(
        spec.input,
        raw,
        options=item_options(step, sub["sub"]),
        fmt=spec.format,
        typed=isinstance(event, TextInput),
    )
    sub["sub"] += 1
    if sub["sub"] < len(step.spec.item):
        return [current_ask(state, ctx)]
    return _add_row(state, step, items, sub["item"], ctx)


def _add_row(
    state: dict[str, Any], step: Step, items: list, row: dict, ctx: DialogContext
) -> list[Any]:
    """Appends a complete row, reports it and asks whether to add another."""
    value = checked(step.top, [*items, row])
    state["list"] = None
    replies = [Message(texts.LIST_ADDED.format(item=texts.format_item(step.top, value[-1])))]
    replies += _set(state, step.top, value, ctx)
    return [*replies, current_ask(state, ctx)]


def _command(state: dict[str, Any], command: CommandInput, ctx: DialogContext) -> list[Any]:
    name, mode = command.command, state["mode"]
    if name is None:
        shown = command.name if command.name.startswith("/") else f"/{command.name}"
        return [Message(texts.UNKNOWN_COMMAND.format(command=shown)), current_ask(state, ctx)]
    if name == Command.CANCEL:
        return [Message(texts.CANCELLED), End()]
    if name == Command.HELP:
        hint = texts.INPUT_HINTS.get(current_ask(state, ctx).input, "")
        return [Message(f"{texts.HELP}\n\n{hint}".strip()), current_ask(state, ctx)]
    if name == Command.START:
        if answered_count(state) == 0:
            return restart(state, ctx)
        if mode not in (Mode.RESUME, Mode.RESTART):
            state["prior"] = {"mode": mode}
        state["mode"] = Mode.RESTART.value
        return [current_ask(state, ctx)]
    if mode in (Mode.RESUME, Mode.RESTART):
        return [current_ask(state, ctx)]
    if name == Command.SUMMARY:
        return [*summary_replies(state, ctx), Message(texts.EDIT_HINT), current_ask(state, ctx)]
    if name == Command.EDIT:
        return edit(state, command.argument, ctx)
    if name == Command.BACK:
        return back(state, ctx)
    # Command.SKIP
    if mode != Mode.ASKING:
        return [Message(texts.NOTHING_TO_SKIP), current_ask(state, ctx)]
    if state["list"] is not None:
        state["list"] = None
        return [Message(texts.LIST_ITEM_ABANDONED), current_ask(state, ctx)]
    state["history"].append(state["step"])
    return go_next(state, ctx)


def _confirm(state: dict[str, Any], event: Any, ctx: DialogContext) -> list[Any]:
    raw = _raw(event)
    if isinstance(raw, str) and raw.strip().lstrip("#").isdigit():
        return edit(state, raw, ctx)
    yes = raw if isinstance(raw, bool) else parse_bool(raw) if isinstance(raw, str) else None
    mode = state["mode"]
    if yes is None:
        raise ParseError("ja eller nej väntades")
    if mode == Mode.CONFIRM:
        if not yes:
            return [Message(texts.NOT_SENT), current_ask(state, ctx)]
        state["mode"] = Mode.DONE.value
        return [Effect(EffectKind.SUBMIT, {"application_id": state.get("application_id")})]
    prior = (state.get("prior") or {}).get("mode", Mode.ASKING.value)
    state["prior"] = None
    if (mode == Mode.RESUME) == yes:  # resume: yes continues; restart: no continues
        state["mode"] = prior
        message = texts.RESUMED if mode == Mode.RESUME else texts.NOT_RESTARTED
        summary = summary_replies(state, ctx) if prior == Mode.CONFIRM else []
        return [Message(message), *summary, current_ask(state, ctx)]
    return restart(state, ctx)


def advance(
    state: Mapping[str, Any], event: TextInput | ValueInput | CommandInput, *, ctx: DialogContext
) -> tuple[dict[str, Any], list[Any]]:
    """Applies one event to the state.

    Args:
        state: The current state (not modified).
        event: What the person sent.
        ctx: Knowledge, FAQ and today's date.

    Returns:
        The new state and the replies, in order (effects included).
    """
    if state.get("mode") == Mode.DONE:
        return fresh(state.get("fund"), ctx)
    original = state
    state = repair(working_copy(state), ctx)
    if isinstance(event, TextInput):
        event = command_of(event.text) or event
    if isinstance(event, CommandInput):
        return state, _command(state, event, ctx)
    mode = state["mode"]
    if _is_question(event) and mode in (Mode.ASKING, Mode.CONFIRM):
        return state, [*_faq_replies(state, event.text, ctx, strong=False), current_ask(state, ctx)]
    try:
        if mode == Mode.ASKING:
            return state, _answer_step(state, event, ctx)
        return state, _confirm(state, event, ctx)
    except ParseError as error:
        # A rejected answer leaves the state exactly as it was (a fresh copy of the input).
        original = repair(working_copy(original), ctx)
        if isinstance(event, TextInput) and mode == Mode.ASKING:
            faq = _faq_replies(original, event.text, ctx, strong=True)
            if faq is not None:
                return original, [*faq, current_ask(original, ctx)]
        reason = str(error)
        return original, [
            Message(texts.BAD_ANSWER.format(reason=reason)),
            current_ask(original, ctx),
        ]
