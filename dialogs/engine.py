"""The pure dialog engine: ``advance(state, event, *, ctx) -> (state, replies)``.

No I/O, no clock, no randomness: the knowledge, the FAQ and today's date come
in through :class:`DialogContext`; side effects the service must perform come
out as :class:`Effect` replies. The state is a JSON-compatible dict so storage
saves it verbatim; ``advance`` never mutates the state it is given.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from dialogs import texts
from dialogs.answering import checked, parse_input
from dialogs.errors import ParseError
from dialogs.events import Command, CommandInput, TextInput, ValueInput, command_of
from dialogs.flow import FUNDS_OPTIONS, Flow, Step, enum_options
from dialogs.lists import (
    ListAction,
    as_json_array,
    item_field,
    item_options,
    item_prompt,
    list_action,
    list_prompt,
)
from dialogs.parsing import parse_bool
from dialogs.replies import (
    Ask,
    Effect,
    EffectKind,
    End,
    FindingReply,
    InputKind,
    Message,
    Option,
    Progress,
)
from knowledge.answers import parse_answers
from knowledge.findings import Status

STATE_VERSION = 1
# A line that is not a valid answer counts as a question only with this many words.
FAQ_MIN_WORDS = 3


class Mode(StrEnum):
    """Where the conversation is."""

    ASKING = "asking"
    CONFIRM = "confirm"
    RESUME = "resume"
    RESTART = "restart"
    DONE = "done"


class Special(StrEnum):
    """Questions that are not answer fields (``field`` of their Ask)."""

    CONFIRM_SUBMIT = "confirm_submit"
    CONFIRM_RESUME = "confirm_resume"
    CONFIRM_RESTART = "confirm_restart"


YES_NO = (Option(True, texts.YES_LABEL), Option(False, texts.NO_LABEL))


@dataclass(frozen=True)
class DialogContext:
    """Everything the engine reads besides the state.

    Attributes:
        flow: The flow of steps.
        funds: Fund profiles by id (``knowledge.base.KnowledgeBase.funds``).
        faq: The FAQ (``search(question, fund=, top=)``), or None.
        today: Today's date, for rules that depend on it.
        evaluate: ``evaluate(answers, fund, *, today)`` -> Evaluation.
        evaluate_rules: ``evaluate_rules(answers, fund, rule_ids, *, today)``.
        rules_reading: ``rules_reading(fund, fields)`` -> rule ids.
        faq_strong_score: A non-question that fails to parse is answered from the
            FAQ only when the best hit scores at least this.
    """

    flow: Flow
    funds: Mapping[str, Any] = field(default_factory=dict)
    faq: Any = None
    today: dt.date | None = None
    evaluate: Callable[..., Any] | None = None
    evaluate_rules: Callable[..., Any] | None = None
    rules_reading: Callable[..., Any] | None = None
    faq_strong_score: float = float("inf")

    def profile(self, fund: str | None) -> Any:
        """The fund profile, or None for an unknown or missing fund."""
        return self.funds.get(fund) if fund else None


def clone(state: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy of a JSON-compatible dict (the C JSON codec beats ``copy.deepcopy``)."""
    return json.loads(json.dumps(state))


def new_state(fund: str | None) -> dict[str, Any]:
    """A fresh state (nothing answered; the fund set when it is known)."""
    return {
        "version": STATE_VERSION,
        "fund": fund,
        "answers": {"fund": fund} if fund else {},
        "mode": Mode.ASKING.value,
        "step": None,
        "queue": None,
        "return_to": None,
        "history": [],
        "list": None,
        "findings": {},
        "prior": None,
        "application_id": None,
        "comment": None,
    }


def _repair(state: dict[str, Any], ctx: DialogContext) -> dict[str, Any]:
    """Makes a stored state fit the current flow (staff may have edited flow.yaml).

    Missing keys get their defaults; a current step that no longer exists moves to the
    first unanswered question (or the confirmation), so an old draft never breaks.
    """
    for key, default in new_state(state.get("fund")).items():
        state.setdefault(key, default)
    if state["mode"] not in {m.value for m in Mode}:
        state["mode"] = Mode.ASKING.value
    if state["mode"] == Mode.ASKING and not (state["step"] and ctx.flow.has(state["step"])):
        state.update(list=None, queue=None, return_to=None)
        active = ctx.flow.active(state["fund"], state["answers"])
        todo = [s for s in active if texts.step_value(s, state["answers"]) is None]
        if todo:
            state["step"] = todo[0].field
        else:
            state.update(mode=Mode.CONFIRM.value, step=None)
    elif state["queue"]:
        state["queue"] = [f for f in state["queue"] if ctx.flow.has(f)]
    return state


def answered_count(state: Mapping[str, Any]) -> int:
    """How many fields are answered (the fund not counted)."""
    return sum(1 for key in state.get("answers", {}) if key != "fund")


def is_finished(state: Mapping[str, Any] | None) -> bool:
    """True for no state or a submitted one."""
    return state is None or state.get("mode") == Mode.DONE


# --- building questions -----------------------------------------------------------


def _step_options(step: Step, ctx: DialogContext) -> tuple[Option, ...]:
    if step.spec.options == FUNDS_OPTIONS:
        return tuple(Option(fid, getattr(p, "name", fid)) for fid, p in ctx.funds.items())
    if step.spec.options:
        return enum_options(step.spec.options)
    if step.input == InputKind.BOOL:
        extra = (Option(None, texts.NOT_YET_LABEL),) if step.spec.nullable else ()
        return YES_NO + extra
    return ()


def _progress(state: Mapping[str, Any], step: Step, ctx: DialogContext) -> Progress:
    active = ctx.flow.active(state["fund"], state["answers"])
    number = sum(1 for s in active if s.index <= step.index)
    return Progress(max(number, 1), len(active), step.section)


def current_ask(state: Mapping[str, Any], ctx: DialogContext) -> Ask:
    """The question the state is waiting for."""
    mode = state["mode"]
    if mode == Mode.RESUME:
        total = len(ctx.flow.active(state["fund"], state["answers"]))
        text = texts.RESUME_QUESTION.format(answered=answered_count(state), total=total)
        return Ask(Special.CONFIRM_RESUME, text, InputKind.CONFIRM, YES_NO)
    if mode == Mode.RESTART:
        return Ask(Special.CONFIRM_RESTART, texts.RESTART_QUESTION, InputKind.CONFIRM, YES_NO)
    if mode != Mode.ASKING:
        # Every question has been passed: the confirmation is "step total of total".
        total = len(ctx.flow.active(state["fund"], state["answers"]))
        done = Progress(total, total, texts.SUMMARY_SECTION)
        return Ask(Special.CONFIRM_SUBMIT, texts.CONFIRM_QUESTION, InputKind.CONFIRM, YES_NO, done)
    step = ctx.flow.step(state["step"])
    progress = _progress(state, step, ctx)
    head = texts.progress_line(progress.step, progress.total, progress.section)
    sub = state.get("list")
    if step.input == InputKind.LIST and sub is not None:
        index = len(state["answers"].get(step.top) or [])
        options = item_options(step, sub["sub"])
        kind = step.spec.item[sub["sub"]].input
        text = f"{head}\n{item_prompt(step, index, sub['sub'])}"
        return Ask(item_field(step, index, sub["sub"]), text, kind, options, progress)
    lines = [head, step.spec.question, f"Varför jag frågar: {step.why(state['fund'])}"]
    if step.spec.example:
        lines.append(f"({step.spec.example})")
    value = texts.step_value(step, state["answers"])
    if step.input == InputKind.LIST:
        lines.append(list_prompt(step, value or []))
    elif value is not None or (
        step.spec.nullable and step.sub is None and step.top in state["answers"]
    ):
        lines.append(texts.CURRENT_ANSWER.format(value=texts.format_value(step, value)))
    selected = tuple(value) if step.input == InputKind.MULTICHOICE and value else ()
    return Ask(
        step.field, "\n".join(lines), step.input, _step_options(step, ctx), progress, selected
    )


# --- criteria ---------------------------------------------------------------------


def _answers_model(state: Mapping[str, Any]) -> Any:
    return parse_answers(state["answers"], source="utkastet")


def evaluation(state: Mapping[str, Any], ctx: DialogContext) -> Any:
    """The full evaluation of the answers so far, or None without criteria."""
    fund = ctx.profile(state["fund"])
    if fund is None or ctx.evaluate is None:
        return None
    return ctx.evaluate(_answers_model(state), fund, today=ctx.today)


def _verdict_replies(state: dict[str, Any], ctx: DialogContext) -> list[Any]:
    result = evaluation(state, ctx)
    if result is None:
        return []
    state["findings"] = {f.rule: str(f.status) for f in result.findings}
    replies: list[Any] = [Message(texts.VERDICT_LINE.format(verdict=result.verdict.label))]
    replies += [FindingReply(f.rule, str(f.status), f.message) for f in result.findings]
    return replies


def _top(field: str) -> str:
    return field.split(".", 1)[0].split("[", 1)[0]


def _still_to_ask(state: Mapping[str, Any], ctx: DialogContext, fields: Iterable[str]) -> bool:
    """Whether any of ``fields`` is a question this person has not reached yet."""
    asked = {s.top for s in ctx.flow.active(state["fund"], state["answers"])}
    visited = {_top(f) for f in state["history"]}
    return any(
        top in asked and top not in state["answers"] and top not in visited
        for top in map(_top, fields)
    )


def _live_findings(state: dict[str, Any], ctx: DialogContext, tops: Iterable[str]) -> list[Any]:
    """Findings that changed because of an answer: a new fail, or a fail now passing.

    A fail is reported only once every field its rule reads has been asked (answered or
    skipped): "only one organisation" right after the applicant, before the partners
    question, would be noise. It is reported when the last of those fields is answered.
    """
    fund = ctx.profile(state["fund"])
    if fund is None or ctx.rules_reading is None or ctx.evaluate_rules is None:
        return []
    rule_ids = ctx.rules_reading(fund, list(tops))
    if not rule_ids:
        return []
    findings = ctx.evaluate_rules(_answers_model(state), fund, rule_ids, today=ctx.today)
    replies = []
    for finding in findings:
        status = str(finding.status)
        before = state["findings"].get(finding.rule)
        if status == Status.FAIL and before != Status.FAIL:
            if _still_to_ask(state, ctx, finding.fields):
                continue  # not recorded either, so it is reported once complete
            replies.append(FindingReply(finding.rule, status, finding.message))
        elif status == Status.PASS and before == Status.FAIL:
            replies.append(FindingReply(finding.rule, status, finding.message))
        state["findings"][finding.rule] = status
    return replies


# --- moving through the flow ------------------------------------------------------


def _enter_confirm(state: dict[str, Any], ctx: DialogContext) -> list[Any]:
    state.update(mode=Mode.CONFIRM.value, step=None, list=None, queue=None, return_to=None)
    return [*_summary(state, ctx), current_ask(state, ctx)]


def _summary(state: dict[str, Any], ctx: DialogContext) -> list[Any]:
    steps = ctx.flow.active(state["fund"], state["answers"])
    return [
        Message(texts.summary_text(ctx.flow, steps, state["answers"])),
        *_verdict_replies(state, ctx),
    ]


def _go_next(
    state: dict[str, Any], ctx: DialogContext, *, skip_top: str | None = None
) -> list[Any]:
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
        return _enter_confirm(state, ctx)
    current = flow.step(state["step"]) if state["step"] else None
    start = current.index + 1 if current else 0
    for step in flow.steps[start:]:
        if step.top == skip_top or not step.applies(fund, answers):
            continue
        state["step"] = step.field
        return [current_ask(state, ctx)]
    return _enter_confirm(state, ctx)


def _fresh(fund: str | None, ctx: DialogContext) -> tuple[dict[str, Any], list[Any]]:
    state = new_state(fund)
    profile = ctx.profile(fund)
    welcome = texts.WELCOME
    if profile is not None:
        name = getattr(profile, "fund_name", None) or getattr(profile, "name", fund)
        welcome += "\n" + texts.FUND_LINE.format(fund_name=name)
    return state, [Message(welcome), *_go_next(state, ctx)]


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
        return _fresh(fund, ctx)
    state = _repair(clone(state), ctx)
    if state.get("comment") is not None and not state.get("reopen_shown"):
        state["reopen_shown"] = True
        comment = f": {state['comment']}" if state["comment"] else ""
        return state, [Message(texts.REOPENED.format(comment=comment)), current_ask(state, ctx)]
    if state["mode"] in (Mode.RESUME, Mode.RESTART):
        state["mode"] = (state.get("prior") or {}).get("mode", Mode.ASKING.value)
    if ask_resume and answered_count(state) > 0:
        state["prior"] = {"mode": state["mode"]}
        state["mode"] = Mode.RESUME.value
        return state, [current_ask(state, ctx)]
    return state, [Message(texts.RESUMED), current_ask(state, ctx)]


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
    _go_next(state, ctx)
    return state


# --- interpreting input -----------------------------------------------------------


def _faq_replies(
    state: dict[str, Any], question: str, ctx: DialogContext, *, strong: bool
) -> list[Any] | None:
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
    return isinstance(event, TextInput) and event.text.strip().endswith("?")


def _set(state: dict[str, Any], top: str, value: Any, ctx: DialogContext) -> list[Any]:
    state["answers"][top] = value
    if top == "fund":
        state["fund"] = value
    return _live_findings(state, ctx, [top])


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
            options=_step_options(step, ctx),
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
    return replies + _go_next(state, ctx, skip_top=skip_top)


def _answer_list(state: dict[str, Any], step: Step, event: Any, ctx: DialogContext) -> list[Any]:
    raw = _raw(event)
    items = list(state["answers"].get(step.top) or [])
    sub = state["list"]
    array = as_json_array(raw)
    if sub is None or array is not None:
        try:
            action, array = list_action(raw)
        except ParseError as not_yes_no:
            # People often answer "Vilka parter …?" with the first name right away:
            # a valid first sub-field value starts a row with it.
            first = step.spec.item[0]
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
        return replies + _go_next(state, ctx)
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
    state["list"] = None
    value = checked(step.top, [*items, sub["item"]])
    replies = [Message(texts.LIST_ADDED.format(item=texts.format_item(step.top, sub["item"])))]
    replies += _set(state, step.top, value, ctx)
    return [*replies, current_ask(state, ctx)]


def _edit(state: dict[str, Any], argument: str, ctx: DialogContext) -> list[Any]:
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
            return _restart(state, ctx)
        if mode not in (Mode.RESUME, Mode.RESTART):
            state["prior"] = {"mode": mode}
        state["mode"] = Mode.RESTART.value
        return [current_ask(state, ctx)]
    if mode in (Mode.RESUME, Mode.RESTART):
        return [current_ask(state, ctx)]
    if name == Command.SUMMARY:
        return [*_summary(state, ctx), Message(texts.EDIT_HINT), current_ask(state, ctx)]
    if name == Command.EDIT:
        return _edit(state, command.argument, ctx)
    if name == Command.BACK:
        return _back(state, ctx)
    # Command.SKIP
    if mode != Mode.ASKING:
        return [Message(texts.NOTHING_TO_SKIP), current_ask(state, ctx)]
    if state["list"] is not None:
        state["list"] = None
        return [Message(texts.LIST_ITEM_ABANDONED), current_ask(state, ctx)]
    state["history"].append(state["step"])
    return _go_next(state, ctx)


def _back(state: dict[str, Any], ctx: DialogContext) -> list[Any]:
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


def _restart(state: dict[str, Any], ctx: DialogContext) -> list[Any]:
    fresh, replies = _fresh(state["fund"] if state["answers"].get("fund") else None, ctx)
    state.clear()
    state.update(fresh)
    return [Message(texts.RESTARTED), *replies[1:]]


def _confirm(state: dict[str, Any], event: Any, ctx: DialogContext) -> list[Any]:
    raw = _raw(event)
    if isinstance(raw, str) and raw.strip().lstrip("#").isdigit():
        return _edit(state, raw, ctx)
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
        summary = _summary(state, ctx) if prior == Mode.CONFIRM else []
        return [Message(message), *summary, current_ask(state, ctx)]
    return _restart(state, ctx)


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
        return _fresh(state.get("fund"), ctx)
    original = state
    state = _repair(clone(state), ctx)
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
        original = _repair(clone(original), ctx)
        if isinstance(event, TextInput) and mode == Mode.ASKING:
            faq = _faq_replies(original, event.text, ctx, strong=True)
            if faq is not None:
                return original, [*faq, current_ask(original, ctx)]
        reason = str(error)
        return original, [
            Message(texts.BAD_ANSWER.format(reason=reason)),
            current_ask(original, ctx),
        ]
