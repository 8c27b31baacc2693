"""The dialog's state and context: what ``advance`` reads besides the event.

:class:`DialogState` is typed and only the engine changes it; storage keeps its
:meth:`DialogState.to_json` and gives it back to :meth:`DialogState.from_json`, which
accepts every older shape (a draft saved by an earlier version never breaks a resume).
:class:`DialogContext` carries the knowledge, the FAQ, today's date and the id maker
into the pure engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from dialogs.flow import Flow

STATE_VERSION = 2


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
        funds: Fund profiles by id.
        faq: The FAQ (``search(question, fund=, top=)``), or None.
        today: Today's date, for rules that depend on it.
        new_id: Makes the application id fixed when the confirmation is first asked.
        faq_strong_score: A non-question that fails to parse is answered from the
            FAQ only when the best hit scores at least this.
    """

    flow: Flow
    funds: Mapping[str, Any] = field(default_factory=dict)
    faq: Any = None
    today: dt.date | None = None
    new_id: Callable[[], str] | None = None
    faq_strong_score: float = float("inf")

    def profile(self, fund: str | None) -> Any:
        """The fund profile, or None for an unknown or missing fund."""
        return self.funds.get(fund) if fund else None


@dataclass
class RowInProgress:
    """A list row being asked sub-field by sub-field."""

    item: dict[str, Any] = field(default_factory=dict)
    sub: int = 0

    def to_json(self) -> dict[str, Any]:
        """The stored form."""
        return {"item": _copy(self.item), "sub": self.sub}


@dataclass
class DialogState:
    """Where one person's dialog is. Only the engine changes it.

    Attributes:
        fund: The fund whose criteria apply (None until chosen).
        answers: The answers so far, as an answers file holds them (JSON values).
        mode: Asking, at the confirmation, asked to resume or restart, or done.
        step: The field of the question being asked.
        queue: Questions still to ask again after ``/andra`` or a komplettering.
        return_to: Where the person was before ``/andra``.
        history: The questions answered or skipped, in the order they were.
        row: The list row being filled in.
        findings: Each rule's last status, so a change is reported once.
        prior_mode: The mode to go back to after the resume/restart question.
        application_id: Fixed when the confirmation is first asked (or the application
            being completed after a komplettering).
        comment: The coordinator's komplettering comment.
        notice_shown: Whether the komplettering notice was shown.
        suspended: A draft set aside during a komplettering (restored after it).
        turn: Counts the inputs applied; a button names the turn it was shown in.
    """

    fund: str | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    mode: Mode = Mode.ASKING
    step: str | None = None
    queue: list[str] | None = None
    return_to: str | None = None
    history: list[str] = field(default_factory=list)
    row: RowInProgress | None = None
    findings: dict[str, str] = field(default_factory=dict)
    prior_mode: Mode | None = None
    application_id: str | None = None
    comment: str | None = None
    notice_shown: bool = False
    suspended: dict[str, Any] | None = None
    turn: int = 0

    @classmethod
    def new(cls, fund: str | None) -> DialogState:
        """A fresh state: nothing answered, the fund set when it is known."""
        return cls(fund=fund, answers={"fund": fund} if fund else {})

    def copy(self) -> DialogState:
        """A copy whose lists and dicts are new (the engine never changes its input)."""
        return DialogState.from_json(self.to_json())

    def to_json(self) -> dict[str, Any]:
        """The stored form (JSON only)."""
        return {
            "version": STATE_VERSION,
            "fund": self.fund,
            "answers": _copy(self.answers),
            "mode": self.mode.value,
            "step": self.step,
            "queue": None if self.queue is None else list(self.queue),
            "return_to": self.return_to,
            "history": list(self.history),
            "row": None
            if self.row is None
            else {"item": _copy(self.row.item), "sub": self.row.sub},
            "findings": dict(self.findings),
            "prior_mode": None if self.prior_mode is None else self.prior_mode.value,
            "application_id": self.application_id,
            "comment": self.comment,
            "notice_shown": self.notice_shown,
            "suspended": _copy(self.suspended),
            "turn": self.turn,
        }

    @classmethod
    def from_json(cls, data: Any) -> DialogState:
        """A state from its stored form; unknown or broken parts take their defaults.

        Version 1 drafts (``list``, ``prior``, ``reopen_shown``) are read as well.
        """
        if not isinstance(data, Mapping):
            return cls()
        row = data.get("row", data.get("list"))
        prior = data.get("prior_mode")
        if prior is None and isinstance(data.get("prior"), Mapping):
            prior = data["prior"].get("mode")
        return cls(
            fund=_text(data.get("fund")),
            answers=_copy(data["answers"]) if isinstance(data.get("answers"), dict) else {},
            mode=_mode(data.get("mode")) or Mode.ASKING,
            step=_text(data.get("step")),
            queue=_texts(data.get("queue")) if data.get("queue") is not None else None,
            return_to=_text(data.get("return_to")),
            history=_texts(data.get("history")),
            row=_row(row),
            findings={str(k): str(v) for k, v in (data.get("findings") or {}).items()}
            if isinstance(data.get("findings"), dict)
            else {},
            prior_mode=_mode(prior),
            application_id=_text(data.get("application_id")),
            comment=_text(data.get("comment")),
            notice_shown=bool(data.get("notice_shown", data.get("reopen_shown", False))),
            suspended=_copy(data["suspended"]) if isinstance(data.get("suspended"), dict) else None,
            turn=data["turn"] if isinstance(data.get("turn"), int) else 0,
        )

    @property
    def answered_count(self) -> int:
        """How many fields are answered (the fund not counted)."""
        return sum(1 for key in self.answers if key != "fund")


def _copy(value: Any) -> Any:
    """A deep copy of a JSON value (its dicts and lists are new; the rest is immutable)."""
    kind = type(value)
    if kind is dict:
        return {key: _copy(item) for key, item in value.items()}
    if kind is list:
        return [_copy(item) for item in value]
    return value


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _texts(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _mode(value: Any) -> Mode | None:
    try:
        return Mode(value)
    except ValueError:
        return None


def _row(value: Any) -> RowInProgress | None:
    if not isinstance(value, Mapping) or not isinstance(value.get("item"), dict):
        return None
    sub = value.get("sub")
    return RowInProgress(_copy(value["item"]), sub if isinstance(sub, int) and sub >= 0 else 0)


def is_finished(state: DialogState | None) -> bool:
    """True for no state or a submitted one."""
    return state is None or state.mode == Mode.DONE
