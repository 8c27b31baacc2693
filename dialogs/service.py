"""The dialog service: the I/O shell around the pure engine.

``DialogService`` loads a person's draft, advances the engine, saves the draft
before returning, and performs the effects the engine asks for: logging an
unanswered question, and on submission rendering the Word application,
storing the application and queueing one delivery per coordinator chat.
Every channel (console, JSON lines, Telegram) talks to the dialog through it.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dialogs import DialogError
from dialogs.engine import (
    DialogContext,
    Mode,
    advance,
    begin,
    current_ask,
    evaluation,
    is_finished,
    reopen_state,
)
from dialogs.events import CommandInput, TextInput, ValueInput
from dialogs.flow import Flow, load_flow
from dialogs.replies import DocumentReply, Effect, EffectKind, End, Message
from dialogs.texts import SENT, reopened

APPLICATIONS_DIR = "applications"
STATUS_SUBMITTED = "inskickad"
SUPPLEMENTED_COMMENT = "Kompletterad av den sökande"
# A typed line that is not a valid answer is answered from the FAQ only when the
# match is this good (coverage 0–1) and the line has at least FAQ_MIN_WORDS words.
FAQ_STRONG_SCORE = 0.9
SUBMIT_FAILED = (
    "Ansökan kunde inte skapas just nu ({error}). Dina svar är sparade – "
    "svara ja för att försöka igen."
)


def slug(text: str, *, limit: int = 40) -> str:
    """An ASCII file-name part: ``Tidigt stöd i förskolan`` → ``tidigt-stod-i-forskolan``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return cleaned[:limit].rstrip("-") or "ide"


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Turn:
    """One input's dialog step, worked out but not yet saved (:meth:`DialogService.prepare`).

    Attributes:
        state: The new state.
        replies: The engine's replies, effects included.
    """

    state: dict[str, Any]
    replies: list[Any]

    @property
    def has_effects(self) -> bool:
        """Whether committing does more than save the draft.

        That is submitting (rendering and storing the Word application, ~0.2 s) or
        logging an unanswered question; both block on files, so a channel on an event
        loop commits such a turn on its worker thread.
        """
        return any(isinstance(reply, Effect) for reply in self.replies)


class DialogService:
    """One dialog per user key, kept in the store.

    Args:
        knowledge: The ``KnowledgeBase`` (default: ``load_knowledge()``).
        store: A ``storage.Store``.
        settings: ``bot.settings.Settings`` (default: ``load_settings()``).
        clock: Returns the current time (aware, UTC); tests pass a fixed one.
        flow: The flow (default: the packaged ``dialogs/flow.yaml``).
    """

    def __init__(
        self,
        *,
        knowledge: Any = None,
        store: Any,
        settings: Any = None,
        clock: Callable[[], datetime] | None = None,
        flow: Flow | None = None,
    ) -> None:
        if settings is None:
            from bot.settings import load_settings

            settings = load_settings()
        if knowledge is None:
            from knowledge.base import load_knowledge

            # With data_dir, a staff-edited FAQ (data_dir/faq.yaml) wins over the packaged one.
            knowledge = load_knowledge(data_dir=settings.data_dir)
        self.knowledge = knowledge
        self.store = store
        self.settings = settings
        self.clock = clock or _utc_now
        self.flow = flow or load_flow()
        # One dialog step at a time: Telegram may call from several threads.
        self._lock = threading.RLock()
        self._context: DialogContext | None = None

    # --- context ------------------------------------------------------------------

    def context(self) -> DialogContext:
        """The engine's context for this moment (today's date from the clock).

        The context is rebuilt only when the date, the funds or the FAQ (a staff edit
        replaces it) or the flow changed since the last step.
        """
        today = self.clock().date()
        funds, faq = self.knowledge.funds, self.knowledge.faq
        ctx = self._context
        if (
            ctx is None
            or ctx.today != today
            or ctx.flow is not self.flow
            or ctx.funds is not funds
            or ctx.faq is not faq
        ):
            from knowledge.criteria import evaluate, evaluate_rules, rules_reading

            ctx = self._context = DialogContext(
                flow=self.flow,
                funds=funds,
                faq=faq,
                today=today,
                evaluate=evaluate,
                evaluate_rules=evaluate_rules,
                rules_reading=rules_reading,
                faq_strong_score=FAQ_STRONG_SCORE,
            )
        return ctx

    def _fund_id(self, fund: str | None) -> str | None:
        """The fund of a new draft; None (no --fund, IDEBOT_FUND empty) asks the person."""
        fund_id = fund or self.settings.fund or None
        if fund_id is not None:
            self.knowledge.fund(fund_id)  # raises UnknownFundError naming the known funds
        return fund_id

    # --- the three entry points -----------------------------------------------------

    def start(self, user: str, *, fund: str | None = None, ask_resume: bool = True) -> list[Any]:
        """Starts (or resumes) the user's dialog.

        Args:
            user: The user key, e.g. ``console:anna`` or ``telegram:123``.
            fund: The fund for a new draft (default: the configured fund). A draft
                in progress keeps the fund it was started with.
            ask_resume: Ask whether to continue an unfinished draft (people) or just
                continue it (the JSON-lines protocol).

        Returns:
            The replies to show, ending with a question.
        """
        with self._lock:
            fund_id = self._fund_id(fund)
            state = self._load(user)
            state, replies = begin(state, ctx=self.context(), fund=fund_id, ask_resume=ask_resume)
            return self._finish(user, state, replies)

    def handle(self, user: str, event: TextInput | ValueInput | CommandInput) -> list[Any]:
        """Applies one input to the user's dialog; the draft is saved before returning.

        A user without a draft gets the start of a new dialog. The same as
        ``commit(user, prepare(user, event))``.
        """
        with self._lock:
            return self.commit(user, self.prepare(user, event))

    def prepare(self, user: str, event: TextInput | ValueInput | CommandInput) -> Turn:
        """Works out one input's step (the engine only: a draft read, no write).

        A channel that must not block on slow work can run this at once and hand the
        turn to :meth:`commit` wherever ``turn.has_effects`` says it belongs.
        """
        with self._lock:
            state = self._load(user)
            if is_finished(state):
                state, replies = begin(None, ctx=self.context(), fund=self._fund_id(None))
            else:
                state, replies = advance(state, event, ctx=self.context())
            return Turn(state, replies)

    def commit(self, user: str, turn: Turn) -> list[Any]:
        """Performs a prepared turn's effects and saves the draft; returns what to show.

        Commit a turn right after preparing it, before the user's next input is prepared.
        """
        with self._lock:
            return self._finish(user, turn.state, turn.replies)

    def reopen(self, application_id: str, fields: Iterable[str], comment: str) -> list[Any]:
        """Reopens fields of a submitted application for its applicant (komplettering).

        The applicant's draft becomes the application's answers with ``fields`` to
        answer again, then the summary and ``confirm_submit``; submitting updates
        the same application. A draft the applicant had in progress is kept aside
        and restored after the komplettering is submitted.

        Returns:
            The replies for the applicant: the coordinator's request and the first question.

        Raises:
            DialogError: for an unknown application.
        """
        with self._lock:
            app = self.store.get_application(application_id)
            if app is None:
                raise DialogError(f"ansökan {application_id}: finns inte")
            user = app["user"]
            ctx = self.context()
            state = reopen_state(
                app.get("answers") or {},
                list(fields),
                ctx=ctx,
                application_id=application_id,
                comment=comment,
            )
            previous = self._load(user)
            if not is_finished(previous) and previous.get("application_id") != application_id:
                state["suspended"] = previous
            state["reopen_shown"] = True
            replies = [Message(reopened(comment)), current_ask(state, ctx)]
            return self._finish(user, state, replies)

    # --- storage and effects --------------------------------------------------------

    def _load(self, user: str) -> dict[str, Any] | None:
        draft = self.store.get_draft(user)
        return draft.get("state") if draft else None

    def _finish(self, user: str, state: dict[str, Any], replies: list[Any]) -> list[Any]:
        shown: list[Any] = []
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
                shown += self._submit(user, state)
        if state["mode"] == Mode.DONE:
            suspended = state.get("suspended")
            if suspended:
                self.store.save_draft(user, {"state": suspended, "fund": suspended.get("fund")})
            else:
                self.store.delete_draft(user)
        else:
            self.store.save_draft(user, {"state": state, "fund": state.get("fund")})
        return shown

    def _submit(self, user: str, state: dict[str, Any]) -> list[Any]:
        """Renders, stores and queues the application; returns the closing replies."""
        from knowledge.answers import parse_answers
        from knowledge.errors import KnowledgeError
        from storage import StorageError, new_application_id
        from templates import TemplateError, write_application

        ctx = self.context()
        try:
            fund = self.knowledge.fund(state["fund"])
            answers = parse_answers(state["answers"], source="utkastet")
            result = evaluation(state, ctx)
            application_id = state.get("application_id") or new_application_id()
            folder = Path(self.settings.data_dir) / APPLICATIONS_DIR
            path = folder / f"{application_id}.docx"
            write_application(answers, fund, result, path, today=ctx.today)
            title = answers.title or ""
            filename = f"ideansokan-{slug(title)}.docx"
            self._store_application(user, state, application_id, answers, result, path, filename)
        except (TemplateError, StorageError, DialogError, KnowledgeError) as error:
            state["mode"] = Mode.CONFIRM.value
            return [Message(SUBMIT_FAILED.format(error=error)), current_ask(state, ctx)]
        return [Message(SENT), DocumentReply(str(path), application_id, filename), End()]

    def _store_application(
        self,
        user: str,
        state: dict[str, Any],
        application_id: str,
        answers: Any,
        result: Any,
        path: Path,
        filename: str,
    ) -> None:
        now = self.clock().isoformat()
        record = {
            "user": user,
            "fund": state["fund"],
            "title": answers.title,
            "answers": answers.to_json(),
            "findings": [f.to_json() for f in result.findings],
            "verdict": str(result.verdict),
            "submitted_at": now,
            "status": STATUS_SUBMITTED,
            "document_path": str(path),
            "filename": filename,
        }
        existing = (
            self.store.get_application(application_id) if state.get("application_id") else None
        )
        if existing is None:
            self.store.add_application({"id": application_id, **record})
        else:
            # A komplettering updates the same application (keeping its first submission time).
            record.pop("submitted_at")
            record["resubmitted_at"] = now
            self.store.update_application(application_id, record)
            self.store.add_status_event(
                application_id,
                {
                    "status": STATUS_SUBMITTED,
                    "by": user,
                    "at": now,
                    "comment": SUPPLEMENTED_COMMENT,
                },
            )
        payload = {"document_path": str(path), "filename": filename, "title": answers.title}
        for chat_id in self.settings.coordinator_chat_ids or []:
            self.store.enqueue_delivery(application_id, chat_id, payload)
