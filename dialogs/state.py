"""The dialog's state and context: what ``advance`` reads besides the event.

The state is a JSON-compatible dict so storage saves it verbatim; the context
carries the knowledge, FAQ and today's date into the pure engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from dialogs import texts
from dialogs.flow import Flow

STATE_VERSION = 1


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


@dataclass(frozen=True)
class DialogContext:
    """Everything the engine reads besides the state.

    Attributes:
        flow: The flow of steps.
        funds: Fund profiles by id (``knowledge.base.KnowledgeBase.funds``).
        faq: The FAQ (``search(question, fund=, top=)``), or None.
        today: Today's date, for rules that depend on it.
        evaluate: ``evaluate(answers, fund, *, today)`` -> Evaluation.
        evaluate_rules: ``evaluate_rules(answers, fund, rule_ids, *, today, messages)``.
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
    """A deep copy of a JSON-compatible dict (its dicts and lists are new; the rest is
    immutable and shared). Three times faster than a JSON round trip or ``deepcopy``."""
    return {key: _copy(value) for key, value in state.items()}


def working_copy(state: Mapping[str, Any]) -> dict[str, Any]:
    """The copy of a state that one engine step may change.

    The engine changes a state's own keys, the answers dict (whole values are set or
    removed, never changed inside), the history, findings and queue, and the row being
    filled in; only those are copied. Everything else is shared with ``state``, which
    is never changed. A test runs whole dialogs with detours and checks the input
    state after every step, so a step that changed a shared value would fail it.
    """
    copied = dict(state)
    for key in _SHALLOW_COPIED:
        value = copied.get(key)
        if type(value) is dict:
            copied[key] = dict(value)
        elif type(value) is list:
            copied[key] = list(value)
    row = copied.get("list")
    if row is not None:
        copied["list"] = _copy(row)
    return copied


_SHALLOW_COPIED = ("answers", "history", "findings", "queue", "prior")


def _copy(value: Any) -> Any:
    kind = type(value)
    if kind is dict:
        return {key: _copy(item) for key, item in value.items()}
    if kind is list:
        return [_copy(item) for item in value]
    return value


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


def repair(state: dict[str, Any], ctx: DialogContext) -> dict[str, Any]:
    """Makes a stored state fit the current flow (staff may have edited flow.yaml).

    Missing keys get their defaults; a current step that no longer exists moves to the
    first unanswered question (or the confirmation), so an old draft never breaks.
    """
    if not state.keys() >= _STATE_KEYS:
        for key, default in new_state(state.get("fund")).items():
            state.setdefault(key, default)
    if state["mode"] not in _MODES:
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


_STATE_KEYS = frozenset(new_state(None))
_MODES = frozenset(m.value for m in Mode)


def answered_count(state: Mapping[str, Any]) -> int:
    """How many fields are answered (the fund not counted)."""
    return sum(1 for key in state.get("answers", {}) if key != "fund")


def is_finished(state: Mapping[str, Any] | None) -> bool:
    """True for no state or a submitted one."""
    return state is None or state.get("mode") == Mode.DONE
