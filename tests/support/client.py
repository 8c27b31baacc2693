"""One dialog test client for every layer, like aiogram-dialog's ``BotClient``.

``DialogClient`` talks to a dialog the way a person does — types a line, presses a button,
reads the last question — over a *transport*: the pure engine (:class:`EngineTransport`),
the application layer (an ``Idebot`` is a transport as it is), or a channel (the Telegram
harness and the terminal tests adapt to the same two calls). A scripted applicant
(``tests.support.applicant``) answers whatever the last question is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from dialogs.engine import advance, begin
from dialogs.events import CommandInput, Event, TextInput, ValueInput
from dialogs.replies import Ask, Effect, FindingReply, Message, VerdictReply
from dialogs.state import DialogContext, DialogState, Special


class Transport(Protocol):
    """What a client needs: start a dialog, and hand it one input."""

    def start(self, user: str, *, fund: str | None = None, ask_resume: bool = True) -> list: ...

    def handle(self, user: str, event: Event) -> list: ...


class EngineTransport:
    """The pure engine with the state kept here (effects are recorded, not performed).

    Args:
        ctx: The engine's context.
    """

    def __init__(self, ctx: DialogContext) -> None:
        self.ctx = ctx
        self.state: DialogState | None = None
        self.effects: list[Effect] = []

    def start(self, user: str, *, fund: str | None = None, ask_resume: bool = True) -> list:
        self.state, replies = begin(self.state, ctx=self.ctx, fund=fund, ask_resume=ask_resume)
        return self._shown(replies)

    def handle(self, user: str, event: Event) -> list:
        if self.state is None:
            self.state, replies = begin(None, ctx=self.ctx)
        else:
            self.state, replies = advance(self.state, event, ctx=self.ctx)
        return self._shown(replies)

    def _shown(self, replies: list) -> list:
        self.effects += [r for r in replies if isinstance(r, Effect)]
        return [r for r in replies if not isinstance(r, Effect)]


class DialogClient:
    """A person in a dialog.

    Args:
        transport: The engine, the application, or a channel.
        user: The user key.
    """

    def __init__(self, transport: Transport, user: str = "console:test") -> None:
        self.transport = transport
        self.user = user
        self.seen: list[Any] = []
        self.last: list[Any] = []

    def _took(self, replies: list) -> list:
        self.last = list(replies)
        self.seen += self.last
        return self.last

    def start(self, *, fund: str | None = None, ask_resume: bool = True) -> list:
        """Opens (or resumes) the dialog."""
        return self._took(self.transport.start(self.user, fund=fund, ask_resume=ask_resume))

    def send(self, text: str) -> list:
        """Types a line (a command when it starts with ``/``)."""
        return self._took(self.transport.handle(self.user, TextInput(text)))

    def press(self, value: Any) -> list:
        """Presses the button with ``value`` on the last question (its turn included)."""
        turn = self.ask.turn if self.ask is not None else None
        return self._took(self.transport.handle(self.user, ValueInput(value, turn=turn)))

    def value(self, value: Any) -> list:
        """Sends a JSON value for the asked field (automation: no turn)."""
        return self._took(self.transport.handle(self.user, ValueInput(value)))

    def command(self, name: str, argument: str = "") -> list:
        """Sends a command such as ``tillbaka``."""
        return self._took(self.transport.handle(self.user, CommandInput(name, argument)))

    @property
    def ask(self) -> Ask | None:
        """The last question asked (None when the last replies asked none)."""
        asks = [r for r in self.last if isinstance(r, Ask)]
        return asks[-1] if asks else None

    def texts(self, replies: list | None = None) -> str:
        """What people read of ``replies`` (default: the last ones): the messages and the
        verdicts' headings, joined."""
        shown = self.last if replies is None else replies
        return "\n".join(r.text for r in shown if isinstance(r, Message | VerdictReply))

    def findings(self, replies: list | None = None) -> list[FindingReply]:
        """The findings among ``replies`` (default: everything seen)."""
        return [
            r for r in (self.seen if replies is None else replies) if isinstance(r, FindingReply)
        ]

    def run(
        self,
        answer: Callable[[Ask], str],
        *,
        until: str = Special.CONFIRM_SUBMIT,
        limit: int = 300,
    ) -> list:
        """Answers each question with ``answer(ask)`` until ``until`` is asked; returns
        every reply seen on the way."""
        if self.ask is None:
            self.start()
        start = len(self.seen)
        for _ in range(limit):
            ask = self.ask
            assert ask is not None, f"the dialog stopped asking: {self.last}"
            if ask.field == until:
                return self.seen[start:]
            self.send(answer(ask))
        raise AssertionError(f"{until} was never asked")
