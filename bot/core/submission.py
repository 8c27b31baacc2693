"""Submitting an idea: render the Word application, record it with its deliveries, once.

The application's id was fixed when the confirmation was first asked, and the store
records the application, its document, its deliveries and the draft's end in one atomic
step (``DraftSession.submit``). A crash at any point leaves the submission wholly done or
not at all; answering "ja" again afterwards is told the idea is sent, with its id.

A komplettering's resubmission is the same application's next round: the record is
updated, a status event says it was completed, and every coordinator gets the new
document once more (one delivery per round).
"""

from __future__ import annotations

import logging
import re
import secrets
import unicodedata
from collections.abc import Callable
from datetime import datetime
from typing import Any

from bot.core.live import LiveKnowledge
from bot.core.status import ApplicationStatus, status_label
from bot.settings import Settings
from dialogs.engine import after_submit, submit_failed, unanswered_questions
from dialogs.flow import Flow
from dialogs.replies import DocumentReply, End, Message
from dialogs.state import DialogContext, DialogState
from dialogs.texts import ALREADY_SENT, coordinator_contact
from knowledge.answers import parse_answers
from knowledge.criteria import evaluate
from knowledge.errors import KnowledgeError
from storage import DraftSession, StorageError, Store, iso
from templates import TemplateError

log = logging.getLogger(__name__)

SUPPLEMENTED_COMMENT = "Kompletterad av den sökande"
SENT = "Tack! Idén är skickad till samordnaren. Här är ansökan i Word."
ALREADY_DECIDED = (
    "Samordnaren har redan fattat beslut om ansökan {application_id} ({status}), så "
    "kompletteringen skickas inte. Kontakta samordnaren om något har ändrats."
)
# Decisions a late komplettering must not overwrite.
DECIDED = frozenset({ApplicationStatus.APPROVED.value, ApplicationStatus.REJECTED.value})
SAVED_NOT_SENT = (
    "Ansökan är sparad (id {application_id}), men den här boten skickar den inte vidare "
    "till någon samordnare. Skicka Word-dokumentet själv till samordnaren{contact}."
)
NEXT_STEPS = "Vad händer nu? {steps}"
STILL_EMPTY = (
    "Obesvarat i ansökan: {fields}. Fyll gärna i dem innan bedömningen – samordnaren kan "
    "också be dig komplettera."
)
FAILED_REF = "last_submit_error"
FILE_PREFIX = "idéansökan-"


def slug(text: str, *, limit: int = 40) -> str:
    """A file-name part in the title's own letters: ``Äldres hälsa – på gång!`` →
    ``äldres-hälsa-på-gång``. Letters and digits of any script stay (Word, mail
    programs and Telegram show å, ä, ö in a file name: an attachment's name is encoded
    by RFC 2231); everything a file system or a shell treats specially becomes ``-``."""
    letters = unicodedata.normalize("NFC", text).lower()
    cleaned = re.sub(r"[\W_]+", "-", letters).strip("-")
    return cleaned[:limit].rstrip("-") or "idé"


def coordinator_deliveries(
    settings: Settings, application_id: str, round_: int
) -> list[dict[str, Any]]:
    """One delivery per coordinator chat (and e-mail address) for this round."""
    deliveries = [
        {
            "application_id": application_id,
            "channel": "telegram",
            "target": chat_id,
            "kind": "application",
            "round": round_,
        }
        for chat_id in settings.coordinator_chat_ids
    ]
    deliveries += [
        {
            "application_id": application_id,
            "channel": "email",
            "target": address,
            "kind": "application",
            "round": round_,
        }
        for address in settings.coordinator_emails
    ]
    return deliveries


class Submission:
    """Renders and records submissions.

    Args:
        knowledge: The current funds.
        store: The store (an earlier round of the same application).
        settings: The deployment (coordinator chats and addresses).
        flow: The flow (which fields each fund asks, for the document).
        clock: Returns the current time.
        render: ``render(answers, fund, evaluation, *, today) -> bytes`` (the Word file).
    """

    def __init__(
        self,
        *,
        knowledge: LiveKnowledge,
        store: Store,
        settings: Settings,
        flow: Flow,
        clock: Callable[[], datetime],
        render: Callable[..., bytes],
    ) -> None:
        self.knowledge = knowledge
        self.store = store
        self.settings = settings
        self.flow = flow
        self.clock = clock
        self.render = render

    def submit(
        self,
        session: DraftSession,
        user: str,
        state: DialogState,
        ctx: DialogContext,
        *,
        after: Callable[[DialogState], dict],
    ) -> tuple[bool, list[Any]]:
        """Records the submission of ``state``.

        Returns:
            ``(True, replies)`` when it is recorded (or was already); ``(False, replies)``
            when it failed: the state is back at the confirmation and the replies say so
            with the reference the log has (returned, not kept on this shared object:
            several people submit at once on the bot's threads).
        """
        application_id = state.application_id or ctx.new_id()
        try:
            existing = self.store.get_application(application_id)
            if existing is not None and state.comment is None:
                # The draft still asks for a submission that was recorded already.
                session.save(after(after_submit(state)))
                text = ALREADY_SENT.format(application_id=application_id)
                return True, [Message(text), End()]
            if existing is not None and existing.get("status") in DECIDED:
                # A komplettering answered after the coordinator decided: a new round
                # would overwrite the decision with "inskickad", so it is not recorded.
                session.save(after(after_submit(state)))
                status = status_label(existing.get("status"))
                text = ALREADY_DECIDED.format(application_id=application_id, status=status)
                return True, [Message(text), End()]
            record, document, deliveries = self._prepare(user, state, application_id, existing)
            kept = after(after_submit(state))
            session.submit(record, document, deliveries, next_draft=kept)
        except (TemplateError, StorageError, KnowledgeError) as error:
            reference = secrets.token_hex(4)
            log.error("submission %s failed [%s]", application_id, reference, exc_info=error)
            state.application_id = application_id
            return False, submit_failed(state, ctx, reference)
        filename = record["filename"]
        reply = DocumentReply("", application_id, filename, bool(deliveries))
        return True, [Message(self._closing(record, deliveries, state, ctx)), reply, End()]

    def _closing(
        self, record: dict[str, Any], deliveries: list, state: DialogState, ctx: DialogContext
    ) -> str:
        """ "Skickad" only when a coordinator delivery was queued; then what the fund does
        next (from its file) and which asked questions are still empty."""
        fund = self.knowledge.fund(record["fund"])
        if deliveries:
            lines = [SENT]
        else:
            contact = coordinator_contact(fund)
            lines = [SAVED_NOT_SENT.format(application_id=record["id"], contact=contact)]
            person = fund.coordinator
            if person is not None and person.ask and not (person.phone or person.email):
                lines[0] += f" {person.ask.strip()}"  # where to ask: the seeds name no address
        if fund.next_steps:
            lines.append(NEXT_STEPS.format(steps=fund.next_steps))
        empty = unanswered_questions(state, ctx)
        if empty:
            lines.append(STILL_EMPTY.format(fields=", ".join(empty)))
        return "\n\n".join(lines)

    def _prepare(
        self, user: str, state: DialogState, application_id: str, existing: dict | None
    ) -> tuple[dict[str, Any], bytes, list[dict[str, Any]]]:
        fund = self.knowledge.fund(state.fund or "", source="utkastet: fund")
        answers = parse_answers(state.answers, source="utkastet")
        now = self.clock()
        evaluation = evaluate(answers, fund, today=now.date())
        # The document shows exactly the questions this person's dialog asked.
        asked = {step.top for step in self.flow.active(fund.id, state.answers)}
        document = self.render(answers, fund, evaluation, asked=asked, today=now.date())
        round_ = 1 if existing is None else int(existing.get("round") or 1) + 1
        record: dict[str, Any] = {
            "id": application_id,
            "user": user,
            "fund": fund.id,
            "title": answers.title,
            "answers": answers.to_json(),
            "findings": [f.to_json() for f in evaluation.findings],
            "verdict": str(evaluation.verdict),
            "status": ApplicationStatus.SUBMITTED.value,
            "round": round_,
            "filename": f"{FILE_PREFIX}{slug(answers.title or '')}.docx",
        }
        stamp = iso(now)
        if existing is None:
            record["submitted_at"] = stamp
            record["status_history"] = [
                {"status": record["status"], "at": stamp, "by": user, "comment": None}
            ]
        else:
            record["submitted_at"] = existing["submitted_at"]
            record["resubmitted_at"] = stamp
            event = {
                "status": record["status"],
                "at": stamp,
                "by": user,
                "comment": SUPPLEMENTED_COMMENT,
            }
            record["status_history"] = [*(existing.get("status_history") or []), event]
        return record, document, coordinator_deliveries(self.settings, application_id, round_)
