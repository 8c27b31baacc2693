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

STATE_VERSION = 3
# A list row's sub-field asks: ``[row, field]``; row -1 confirms the suggested values of
# ``field`` for every row that has one (one question for all of them).
CONFIRM_ROW = -1


# ``DialogState.return_to`` after an edit begun at a list sub-field left for after the
# quick check (a partner's role): those questions are asked again after it.
LATER_ROWS = "#later"


class Mode(StrEnum):
    """Where the conversation is."""

    ASKING = "asking"
    PRELIMINARY = "preliminary"
    CONFIRM = "confirm"
    RESUME = "resume"
    RESTART = "restart"
    DONE = "done"


class Special(StrEnum):
    """Questions that are not answer fields (``field`` of their Ask)."""

    CONFIRM_SUBMIT = "confirm_submit"
    CONFIRM_CONTINUE = "confirm_continue"
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
        delivers: A submitted application reaches a coordinator (a coordinator chat or
            e-mail address is configured); else the confirmation offers to save it,
            not to send it.
    """

    flow: Flow
    funds: Mapping[str, Any] = field(default_factory=dict)
    faq: Any = None
    today: dt.date | None = None
    new_id: Callable[[], str] | None = None
    faq_strong_score: float = float("inf")
    delivers: bool = True

    def profile(self, fund: str | None) -> Any:
        """The fund profile, or None for an unknown or missing fund."""
        return self.funds.get(fund) if fund else None


@dataclass
class RowFill:
    """List rows being completed before they join the list.

    Attributes:
        rows: The rows so far (values typed or asked).
        at: For each row, the index of the row it replaces (``ändra 1``), None to append.
        asks: ``[row, field]`` still to ask, in order (:data:`CONFIRM_ROW` first when
            suggested values wait for confirmation).
        suggested: ``"row.field"`` → a value offered for confirmation (an
            organisation type guessed from a partner's name).
        more: After the rows, ask "en till?" (rows added one at a time, or at that
            question) rather than go on to the next question.
        later: ``[row, field]`` left for after the quick check (a partner's role).
    """

    rows: list[dict[str, Any]] = field(default_factory=list)
    at: list[int | None] = field(default_factory=list)
    asks: list[list[Any]] = field(default_factory=list)
    suggested: dict[str, Any] = field(default_factory=dict)
    more: bool = False
    later: list[list[Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "rows": _copy(self.rows),
            "at": list(self.at),
            "asks": _copy(self.asks),
            "suggested": _copy(self.suggested),
            "more": self.more,
            "later": _copy(self.later),
        }

    @classmethod
    def from_json(cls, data: Any) -> RowFill | None:
        """A fill from its stored form, or None when it is broken."""
        if not isinstance(data, Mapping) or not isinstance(data.get("rows"), list):
            return None
        rows = [dict(r) for r in data["rows"] if isinstance(r, dict)]
        at = [a if isinstance(a, int) else None for a in data.get("at") or []]
        at = (at + [None] * len(rows))[: len(rows)]
        fill = cls(
            rows=_copy(rows),
            at=at,
            asks=_pairs(data.get("asks"), len(rows)),
            suggested=_copy(data["suggested"]) if isinstance(data.get("suggested"), dict) else {},
            more=bool(data.get("more", False)),
            later=_pairs(data.get("later"), len(rows)),
        )
        return fill if fill.rows else None


def _pairs(value: Any, rows: int) -> list[list[Any]]:
    if not isinstance(value, list):
        return []
    return [
        [p[0], p[1]]
        for p in value
        if isinstance(p, list)
        and len(p) == 2
        and isinstance(p[0], int)
        and CONFIRM_ROW <= p[0] < rows
        and isinstance(p[1], str)
    ]


@dataclass
class DialogState:
    """Where one person's dialog is. Only the engine changes it.

    Attributes:
        fund: The fund whose criteria apply (None until chosen).
        answers: The answers so far, as an answers file holds them (JSON values).
        mode: Asking, at the quick check's verdict, at the confirmation, asked to
            resume or restart, or done.
        step: The field of the question being asked (at the quick check's verdict:
            its last question).
        queue: Questions still to ask again after ``/andra`` or a komplettering.
        return_to: Where the person was before ``/andra`` (``confirm_continue``: the
            quick check's verdict; :data:`LATER_ROWS`: a partner's role after it).
        history: The questions answered or skipped, in the order they were.
        fill: List rows being completed.
        findings: Each rule's last status, so a change is reported once.
        shown: Each rule's finding as last shown to the person (a checksum), so a
            finding whose figures change is shown again.
        prior_mode: The mode to go back to after the resume/restart question.
        application_id: Fixed when the confirmation is first asked (or the application
            being completed after a komplettering).
        comment: The coordinator's komplettering comment.
        notice_shown: Whether the komplettering notice was shown.
        suspended: A draft set aside during a komplettering (restored after it).
        turn: Counts the inputs applied; a button names the turn it was shown in.
        fund_asked: The fund was asked in this dialog (it is question 1).
        quick_done: The quick check's verdict was given and the person went on.
        later: List sub-fields left for after the quick check (``partners[0].role``).
        pending: Such sub-fields being asked now.
        offer: Values offered after an answer that could mean several (as options).
        edits: Fields changed since the person left the summary (``/andra``), shown
            instead of the whole summary when they return; None outside an edit.
    """

    fund: str | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    mode: Mode = Mode.ASKING
    step: str | None = None
    queue: list[str] | None = None
    return_to: str | None = None
    history: list[str] = field(default_factory=list)
    fill: RowFill | None = None
    findings: dict[str, str] = field(default_factory=dict)
    shown: dict[str, int] = field(default_factory=dict)
    prior_mode: Mode | None = None
    application_id: str | None = None
    comment: str | None = None
    notice_shown: bool = False
    suspended: dict[str, Any] | None = None
    turn: int = 0
    fund_asked: bool = False
    quick_done: bool = False
    later: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    offer: list[dict[str, Any]] | None = None
    edits: list[str] | None = None

    @classmethod
    def new(cls, fund: str | None) -> DialogState:
        """A fresh state: nothing answered, the fund set when it is known."""
        return cls(fund=fund, answers={"fund": fund} if fund else {}, fund_asked=not fund)

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
            "fill": None if self.fill is None else self.fill.to_json(),
            "findings": dict(self.findings),
            "shown": dict(self.shown),
            "prior_mode": None if self.prior_mode is None else self.prior_mode.value,
            "application_id": self.application_id,
            "comment": self.comment,
            "notice_shown": self.notice_shown,
            "suspended": _copy(self.suspended),
            "turn": self.turn,
            "fund_asked": self.fund_asked,
            "quick_done": self.quick_done,
            "later": list(self.later),
            "pending": list(self.pending),
            "offer": _copy(self.offer),
            "edits": None if self.edits is None else list(self.edits),
        }

    @classmethod
    def from_json(cls, data: Any) -> DialogState:
        """A state from its stored form; unknown or broken parts take their defaults.

        Version 1 drafts (``list``, ``prior``, ``reopen_shown``) and version 2 drafts
        (``row``: one list row asked sub-field by sub-field) are read as well. A draft
        from before the quick check (version < 3) counts it as done, so it goes on in
        its own order without a verdict in the middle.
        """
        if not isinstance(data, Mapping):
            return cls()
        prior = data.get("prior_mode")
        if prior is None and isinstance(data.get("prior"), Mapping):
            prior = data["prior"].get("mode")
        version = data.get("version") if isinstance(data.get("version"), int) else 1
        return cls(
            fund=_text(data.get("fund")),
            answers=_copy(data["answers"]) if isinstance(data.get("answers"), dict) else {},
            mode=_mode(data.get("mode")) or Mode.ASKING,
            step=_text(data.get("step")),
            queue=_texts(data.get("queue")) if data.get("queue") is not None else None,
            return_to=_text(data.get("return_to")),
            history=_texts(data.get("history")),
            fill=RowFill.from_json(data.get("fill")) or _old_row(data.get("row", data.get("list"))),
            findings=_strings(data.get("findings")),
            shown={str(k): v for k, v in _mapping(data.get("shown")).items() if _is_int(v)},
            prior_mode=_mode(prior),
            application_id=_text(data.get("application_id")),
            comment=_text(data.get("comment")),
            notice_shown=bool(data.get("notice_shown", data.get("reopen_shown", False))),
            suspended=_copy(data["suspended"]) if isinstance(data.get("suspended"), dict) else None,
            turn=data["turn"] if _is_int(data.get("turn")) else 0,
            fund_asked=bool(data.get("fund_asked", False)),
            quick_done=bool(data.get("quick_done", version < STATE_VERSION)),
            later=_texts(data.get("later")),
            pending=_texts(data.get("pending")),
            offer=_options(data.get("offer")),
            edits=_texts(data.get("edits")) if isinstance(data.get("edits"), list) else None,
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


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _texts(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _strings(value: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in _mapping(value).items()}


def _options(value: Any) -> list[dict[str, Any]] | None:
    if not isinstance(value, list):
        return None
    found = [dict(o) for o in value if isinstance(o, dict) and "value" in o and "label" in o]
    return _copy(found) or None


def _mode(value: Any) -> Mode | None:
    try:
        return Mode(value)
    except ValueError:
        return None


def _old_row(value: Any) -> RowFill | None:
    """A version 2 row (``{"item", "sub"}``) as a fill asking the sub-fields after ``sub``.

    The sub-fields are named later, from the flow (:func:`dialogs.lists.repair_fill`):
    the state does not know the list's item steps.
    """
    if not isinstance(value, Mapping) or not isinstance(value.get("item"), dict):
        return None
    sub = value.get("sub")
    sub = sub if _is_int(sub) and sub >= 0 else 0
    return RowFill(rows=[_copy(value["item"])], at=[None], asks=[[0, f"#{sub}"]], more=True)


def is_finished(state: DialogState | None) -> bool:
    """True for no state or a submitted one."""
    return state is None or state.mode == Mode.DONE
