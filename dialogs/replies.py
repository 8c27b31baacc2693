"""Replies: what the dialog says back, as neutral objects every channel renders.

``to_json()`` gives exactly the line of the chat protocol in ``interfaces.md``.
Internal effects (things the service must do, such as logging an unanswered
question) are replies too, but of the :class:`Effect` family; the service
consumes them and channels never see them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class InputKind(StrEnum):
    """The input kinds of the chat protocol."""

    TEXT = "text"
    INTEGER = "integer"
    MONEY = "money"
    PERCENT = "percent"
    DATE = "date"
    CHOICE = "choice"
    MULTICHOICE = "multichoice"
    BOOL = "bool"
    LIST = "list"
    OBJECT = "object"
    CONFIRM = "confirm"


# The protocol sends options only for these kinds (interfaces.md).
OPTION_KINDS = frozenset({InputKind.CHOICE, InputKind.MULTICHOICE})


class ReplyType(StrEnum):
    """The ``type`` of each protocol line."""

    MESSAGE = "message"
    ASK = "ask"
    FINDING = "finding"
    ANSWER = "answer"
    VERDICT = "verdict"
    DOCUMENT = "document"
    END = "end"


@dataclass(frozen=True, slots=True)
class Option:
    """One choice: the stored value and its Swedish label."""

    value: Any
    label: str

    def to_json(self) -> dict[str, Any]:
        """``{"value", "label"}``."""
        return {"value": self.value, "label": self.label}


@dataclass(frozen=True, slots=True)
class Progress:
    """Where the person is: question ``step`` of ``total`` (1-based)."""

    step: int
    total: int
    section: str = ""

    def to_json(self) -> dict[str, int]:
        """``{"step", "total"}``."""
        return {"step": self.step, "total": self.total}


@dataclass(frozen=True, slots=True)
class Message:
    """Plain text to show."""

    text: str

    def to_json(self) -> dict[str, Any]:
        """The protocol line."""
        return {"type": ReplyType.MESSAGE.value, "text": self.text}


@dataclass(frozen=True, slots=True)
class Welcome(Message):
    """The greeting that opens a new dialog (a channel may add its own lines after it)."""


@dataclass(frozen=True, slots=True)
class Ask:
    """A question the next input answers.

    Attributes:
        field: The answer field (dotted for sub-fields, ``budget[1].cost`` for a
            list item's field) or ``confirm_submit`` and the like.
        text: The question, starting with the progress line.
        input: The input kind.
        options: Choices; for ``bool``/``confirm`` Ja/Nej (values true/false) so
            button channels can render them, though the protocol line carries
            options only for choice and multichoice.
        progress: Question number and total.
        selected: For multichoice, the values already chosen (for toggles).
        turn: The dialog's turn when asked: an answer that names another turn or field
            (an old button) is refused.
    """

    field: str
    text: str
    input: InputKind
    options: tuple[Option, ...] = ()
    progress: Progress | None = None
    selected: tuple[Any, ...] = ()
    turn: int = 0

    def to_json(self) -> dict[str, Any]:
        """The protocol line."""
        line: dict[str, Any] = {
            "type": ReplyType.ASK.value,
            "field": self.field,
            "text": self.text,
            "input": self.input.value,
        }
        if self.input in OPTION_KINDS:
            line["options"] = [o.to_json() for o in self.options]
        if self.progress is not None:
            line["progress"] = self.progress.to_json()
        return line


@dataclass(frozen=True, slots=True)
class FindingReply:
    """A criteria finding: live feedback or one line of the final verdict."""

    rule: str
    status: str
    text: str

    def to_json(self) -> dict[str, Any]:
        """The protocol line."""
        return {
            "type": ReplyType.FINDING.value,
            "rule": self.rule,
            "status": str(self.status),
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class AnswerReply:
    """What the dialog understood: a top-level field's whole new value (``answer`` line)."""

    field: str
    value: Any

    def to_json(self) -> dict[str, Any]:
        """The protocol line."""
        return {"type": ReplyType.ANSWER.value, "field": self.field, "value": self.value}


@dataclass(frozen=True, slots=True)
class VerdictReply:
    """The verdict of everything answered so far (``verdict`` line).

    Attributes:
        verdict: ``ready``, ``incomplete`` or ``not_eligible``.
        preliminary: True for the quick check's verdict, False for the whole one.
        findings: The findings it rests on.
        text: The verdict as people read it (one heading line); not in the protocol.
    """

    verdict: str
    preliminary: bool
    findings: tuple[FindingReply, ...] = ()
    text: str = ""

    def to_json(self) -> dict[str, Any]:
        """The protocol line."""
        return {
            "type": ReplyType.VERDICT.value,
            "verdict": self.verdict,
            "preliminary": self.preliminary,
            "findings": [
                {"rule": f.rule, "status": str(f.status), "text": f.text} for f in self.findings
            ],
        }


@dataclass(frozen=True, slots=True)
class DocumentReply:
    """The rendered Word application."""

    path: str
    application_id: str
    filename: str
    sent_to_coordinator: bool = False

    def to_json(self) -> dict[str, Any]:
        """The protocol line."""
        return {
            "type": ReplyType.DOCUMENT.value,
            "path": self.path,
            "application_id": self.application_id,
        }


@dataclass(frozen=True, slots=True)
class End:
    """The conversation is over (submitted, or stopped with /avbryt)."""

    def to_json(self) -> dict[str, Any]:
        """The protocol line."""
        return {"type": ReplyType.END.value}


Reply = Message | Ask | FindingReply | AnswerReply | VerdictReply | DocumentReply | End


class EffectKind(StrEnum):
    """Side effects the engine asks the service to perform."""

    LOG_UNANSWERED = "log_unanswered"
    SUBMIT = "submit"


@dataclass(frozen=True, slots=True)
class Effect:
    """An instruction for the service (never shown to people)."""

    kind: EffectKind
    data: dict[str, Any] = field(default_factory=dict)


def public(replies: list[Any]) -> list[Reply]:
    """The replies without effects: what channels render."""
    return [r for r in replies if not isinstance(r, Effect)]


def for_people(replies: list[Any]) -> list[Any]:
    """What a person is shown of ``replies``: no ``answer`` lines (the dialog says in words
    what it understood), and no finding that the quick check's verdict right after it
    restates word for word (the machine protocol keeps both lines)."""
    restated: set[tuple[str, str]] = set()
    for reply in replies:
        if isinstance(reply, VerdictReply) and reply.preliminary:
            restated |= {(f.rule, f.text) for f in reply.findings}
    shown = []
    for reply in replies:
        if isinstance(reply, AnswerReply):
            continue
        if isinstance(reply, FindingReply) and (reply.rule, reply.text) in restated:
            continue
        shown.append(reply)
    return shown
