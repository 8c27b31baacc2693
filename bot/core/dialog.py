"""The applicant's dialog as a use case: one input in, the replies out, the draft saved.

Every channel calls :meth:`Dialogs.handle` with what the person sent. It holds the
person's lock for the whole step (their inputs never interleave, from any thread or
process), reads the draft, lets the pure engine decide, performs the effects the engine
asks for (logging a question the FAQ could not answer; submitting) and saves the result
before it returns, so a reply a person sees is always backed by the stored draft.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from bot.core.live import LiveFaq, LiveKnowledge
from bot.core.submission import Submission
from bot.settings import Settings
from dialogs.engine import advance, begin, current_ask, reopen
from dialogs.events import Event
from dialogs.flow import Flow
from dialogs.replies import Effect, EffectKind, Message
from dialogs.state import DialogContext, DialogState, Mode, is_finished
from dialogs.validity import answer_again, drop_invalid
from storage import Store

log = logging.getLogger(__name__)

# A typed line that is not a valid answer is answered from the FAQ only when the match is
# this good (0–1) and the line has at least a few words (dialogs.faqs.FAQ_MIN_WORDS).
FAQ_STRONG_SCORE = 0.9
LAST_UPDATE = "last_update"


def envelope(state: DialogState, previous: dict | None = None, update: int | None = None) -> dict:
    """The stored draft: the engine's state and the channel's last handled update."""
    last = (previous or {}).get(LAST_UPDATE)
    if update is not None:
        last = update
    return {"state": state.to_json(), "fund": state.fund, LAST_UPDATE: last}


def state_of(draft: dict | None) -> DialogState | None:
    """The engine state inside a stored draft (None without a draft)."""
    if not draft or not isinstance(draft.get("state"), dict):
        return None
    return DialogState.from_json(draft["state"])


def checked_state(draft: dict | None, flow: Flow) -> tuple[DialogState | None, list[Any]]:
    """The draft's state with answers the model no longer takes dropped, and the notice
    naming them (issue 10: a poisoned draft never crashes a resume)."""
    state = state_of(draft)
    if state is None:
        return None, []
    dropped = drop_invalid(state, flow)
    if dropped:
        log.warning("draft answers no longer valid, asked again: %s", ", ".join(dropped))
        return state, [Message(answer_again(dropped))]
    return state, []


class Dialogs:
    """Applicants' dialogs kept in the store, one per user key.

    Args:
        knowledge: The current funds and FAQ.
        store: The store.
        settings: The deployment (its fund).
        flow: The flow of questions.
        clock: Returns the current time (aware, UTC).
        new_id: Makes application ids.
        submission: Renders and records a submission.
    """

    def __init__(
        self,
        *,
        knowledge: LiveKnowledge,
        store: Store,
        settings: Settings,
        flow: Flow,
        clock: Callable[[], datetime],
        new_id: Callable[[], str],
        submission: Submission,
    ) -> None:
        self.knowledge = knowledge
        self.store = store
        self.settings = settings
        self.flow = flow
        self.clock = clock
        self.new_id = new_id
        self.submission = submission
        self._faq = LiveFaq(knowledge)

    def context(self) -> DialogContext:
        """The engine's context for this moment (today's date from the clock)."""
        return DialogContext(
            flow=self.flow,
            funds=self.knowledge.funds,
            faq=self._faq,
            today=self.clock().date(),
            new_id=self.new_id,
            faq_strong_score=FAQ_STRONG_SCORE,
            delivers=bool(self.settings.coordinator_chat_ids or self.settings.coordinator_emails),
        )

    def fund_id(self, fund: str | None) -> str | None:
        """The fund of a new draft; None (no --fund, IDEBOT_FUND empty) asks the person.

        Raises:
            UnknownFundError: naming the known funds.
        """
        fund_id = fund or self.settings.fund or None
        if fund_id is not None:
            self.knowledge.fund(fund_id, source="--fund" if fund else "IDEBOT_FUND")
        return fund_id

    def start(self, user: str, *, fund: str | None = None, ask_resume: bool = True) -> list[Any]:
        """Starts (or resumes) the person's dialog.

        Args:
            user: The user key, e.g. ``console:anna`` or ``telegram:123``.
            fund: The fund for a new draft (default: the configured fund). A draft in
                progress keeps the fund it was started with.
            ask_resume: Ask whether to continue an unfinished draft (people) or just
                continue it (the JSON-lines protocol).

        Returns:
            The replies to show, ending with a question.
        """
        fund_id = self.fund_id(fund)
        with self.store.draft_session(user) as session:
            stored, notice = checked_state(session.draft, self.flow)
            state, replies = begin(stored, ctx=self.context(), fund=fund_id, ask_resume=ask_resume)
            session.save(envelope(state, session.draft))
        return [*notice, *replies]

    def handle(self, user: str, event: Event, *, update: int | None = None) -> list[Any]:
        """Applies one input to the person's dialog; the draft is saved before returning.

        Args:
            user: The user key.
            event: What the person sent.
            update: The channel's id of this input (Telegram's update id): an input whose
                id was handled already (a replay after a crash) is not applied again; the
                newest one asks its question again, an older one shows nothing.

        Returns:
            The replies to show.
        """
        with self.store.draft_session(user) as session:
            draft = session.draft
            last = (draft or {}).get(LAST_UPDATE)
            if update is not None and isinstance(last, int) and update <= last:
                log.info("update %s of %s was handled already", update, user)
                if update < last:
                    return []
                # The newest input again (its reply may never have reached the person):
                # the question it led to is asked again, nothing is applied twice.
                return self.current_question(user)
            ctx = self.context()
            state, shown = checked_state(draft, self.flow)
            if state is None:
                state, replies = begin(None, ctx=ctx, fund=self.fund_id(None))
            elif shown:
                # The input was meant for a question that is no longer next: the answer
                # to give again is asked first, and the input is not applied.
                replies = [current_ask(state, ctx)]
            else:
                state, replies = advance(state, event, ctx=ctx)
            for reply in replies:
                if not isinstance(reply, Effect):
                    shown.append(reply)
                elif reply.kind == EffectKind.LOG_UNANSWERED:
                    self.store.add_unanswered(
                        reply.data["question"],
                        user=user,
                        fund=reply.data.get("fund") or self.settings.fund,
                        at=self.clock(),
                    )
                elif reply.kind == EffectKind.SUBMIT:
                    recorded, replies = self.submission.submit(
                        session, user, state, ctx, after=envelope_with(draft, update)
                    )
                    if recorded:
                        return [*shown, *replies]
                    shown += replies
            session.save(envelope(state, draft, update))
        return shown

    def current_question(self, user: str) -> list[Any]:
        """The question the person's draft waits for, without changing it (after a
        komplettering reopened it, a channel sends this right after the notice)."""
        state, _ = checked_state(self.store.get_draft(user), self.flow)
        if state is None:
            return []
        return [current_ask(state, self.context())]

    def completing(self, app: dict[str, Any]) -> bool:
        """Whether the applicant's draft is a komplettering of this application that
        they have not sent back yet."""
        state, _ = checked_state(self.store.get_draft(app["user"]), self.flow)
        return completing(state, app["id"])

    def reopen(self, app: dict[str, Any], fields: list[str], comment: str) -> None:
        """Reopens fields of a submitted application in its applicant's draft.

        The draft becomes the application's answers with ``fields`` to answer again,
        then the summary and ``confirm_submit``; submitting updates the same
        application. A draft of another idea in progress is set aside and restored
        after the komplettering is submitted. A komplettering of this application that
        the applicant has not sent back yet is kept, with what they have answered: its
        questions still to answer come first, then ``fields``, and its comment stays.
        """
        user = app["user"]
        answers: dict[str, Any] = app.get("answers") or {}
        with self.store.draft_session(user) as session:
            previous = checked_state(session.draft, self.flow)[0]
            if completing(previous, app["id"]):
                left = still_to_ask(previous)
                answers, fields = previous.answers, [*left, *fields]
                if left and previous.comment and previous.comment != comment:
                    comment = joined(previous.comment, comment)
                suspended = previous.suspended
                previous = DialogState.from_json(suspended) if suspended else None
            state, _ = reopen(
                answers,
                fields,
                ctx=self.context(),
                application_id=app["id"],
                comment=comment,
                previous=previous,
            )
            session.save(envelope(state, session.draft))


def completing(state: DialogState | None, application_id: str) -> bool:
    """Whether the draft is a komplettering of this application not yet sent back."""
    return (
        not is_finished(state)
        and state.application_id == application_id
        and state.comment is not None
    )


def still_to_ask(state: DialogState) -> list[str]:
    """The questions a komplettering in progress has yet to ask (the one being asked
    first); none once it waits at the confirmation."""
    mode = state.prior_mode if state.mode in (Mode.RESUME, Mode.RESTART) else state.mode
    if mode != Mode.ASKING:
        return []
    return [name for name in (state.step, *(state.queue or [])) if name]


def joined(first: str, second: str) -> str:
    """Two comments as one: ``Dela upp budgeten. Beskriv jämförelsen.``"""
    if not second:
        return first
    return f"{first}{'' if first.endswith(('.', '!', '?')) else '.'} {second}"


def envelope_with(draft: dict | None, update: int | None) -> Callable[[DialogState], dict]:
    """Wraps the state kept after a submission the way this step stores drafts."""
    return lambda state: envelope(state, draft, update)
