"""Coordinators' use cases: the inbox, one application, its document, a status change.

A status change is validated here once for every channel (Telegram's ``/status``, the
command line's ``idebot status``). A komplettering names the fields to complete: each
must be a question the application's fund asks; they are reopened in the applicant's
draft. The applicant is told through the outbox, so the notice reaches them even when the
change was made from the command line while the bot runs elsewhere.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.core.dialog import Dialogs
from bot.core.live import LiveKnowledge
from bot.core.records import contact_email, title_of
from bot.core.status import SETTABLE, ApplicationStatus, parse_status
from bot.errors import NotFound, Refused
from bot.settings import Settings
from dialogs.flow import Flow
from dialogs.understanding.text import squash, visible
from knowledge.answers import MAX_TEXT, AnswerField, clean_text
from knowledge.formatting import format_number
from storage import Store, delivery_id_for, iso

log = logging.getLogger(__name__)

TELEGRAM_PREFIX = "telegram:"
# What a refusal is about (``Refused.about``): a channel names its own flag for it.
STATUS, FIELDS, COMMENT = "status", "fields", "comment"
MAX_COMMENT = MAX_TEXT  # as long as any answer may be: a notice, not a document
CONSOLE_PREFIX = "console:"


def telegram_chat(user: str) -> int | None:
    """The Telegram chat of a user key ``telegram:<id>``, or None for other channels."""
    if not user.startswith(TELEGRAM_PREFIX):
        return None
    try:
        return int(user.removeprefix(TELEGRAM_PREFIX))
    except ValueError:
        return None


def console_user(user: str) -> str | None:
    """The ``--user`` of a user key ``console:<name>`` (``idebot chat``), or None."""
    if not user.startswith(CONSOLE_PREFIX):
        return None
    return user.removeprefix(CONSOLE_PREFIX) or None


def clean_comment(comment: str | None) -> str:
    """The comment as the applicant reads it: one line, without terminal escapes, control
    characters or lone surrogates (pasted from anywhere, it could not even be stored).

    Raises:
        Refused: naming the comment when it is longer than an answer may be.
    """
    text = clean_text(squash(str(comment or "")))
    if len(text) > MAX_COMMENT:
        raise Refused(
            f"Kommentaren är {format_number(len(text))} tecken; högst "
            f"{format_number(MAX_COMMENT)} tecken går till sökanden. Korta den, eller skicka "
            "det långa direkt till sökanden.",
            about=COMMENT,
        )
    return text


def condition_fields(when: Any) -> list[str]:
    """The top-level answer fields a flow condition (``when:``) reads."""
    found: list[str] = []
    if isinstance(when, dict):
        for key, value in when.items():
            if key == "field" and isinstance(value, str):
                top = value.split(".")[0].split("[")[0]
                if top not in found:
                    found.append(top)
            else:
                found += [f for f in condition_fields(value) if f not in found]
    elif isinstance(when, list):
        for item in when:
            found += [f for f in condition_fields(item) if f not in found]
    return found


def _repeats(
    app: dict[str, Any], status: ApplicationStatus, fields: list[str], comment: str
) -> bool:
    """Whether the change is exactly the last one (a command run twice): same status,
    fields and comment. It would tell the applicant the same thing again."""
    history = [e for e in app.get("status_history") or [] if isinstance(e, dict)]
    if not history:
        return False
    last = history[-1]
    return (
        last.get("status") == status.value
        and sorted(last.get("fields") or []) == sorted(fields)
        and (last.get("comment") or "") == comment
    )


# How the applicant is told, as a coordinator's confirmation says it.
NOTICE_CHANNELS = {"telegram": "i Telegram", "email": "med e-post"}
NOT_TOLD = (
    " Sökanden kan inte nås av boten (ingen Telegram och ingen e-postadress, eller ingen "
    "SMTP-server inställd) – kontakta hen direkt."
)


@dataclass(frozen=True)
class StatusChanged:
    """What a status change did.

    Attributes:
        application: The application after the change.
        status: The new status.
        fields: The fields reopened (komplettering), as given.
        labels: Their Swedish names, as the applicant reads them.
        notified: The channels the applicant is told through (empty: nobody can be told).
        deliveries: The outbox ids of those notices (a command line can send its own).
        completed: The same change had been made before and was completed now (the
            notice or the reopened questions were missing after a failure).
    """

    application: dict[str, Any]
    status: ApplicationStatus
    fields: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    notified: list[str] = field(default_factory=list)
    deliveries: list[str] = field(default_factory=list)
    completed: bool = False

    def summary(self) -> str:
        """The coordinator's confirmation, the same in every channel: the new status,
        the reopened questions, and how the applicant is told (or that nobody can)."""
        line = f"Status för ”{title_of(self.application)}” är nu: {self.status.label}."
        if self.completed:
            line = (
                f"Status för ”{title_of(self.application)}” var redan {self.status.label}, "
                "men det som inte blev klart förra gången är gjort nu."
            )
        if self.fields:
            names = ", ".join(self.labels) or ", ".join(self.fields)
            line += f" Öppnat igen i sökandens dialog: {names}."
        if self.notified:
            ways = " och ".join(NOTICE_CHANNELS.get(c, c) for c in self.notified)
            return line + f" Sökanden får besked {ways}."
        return line + NOT_TOLD


class Coordination:
    """The coordinators' use cases on the store."""

    def __init__(
        self,
        *,
        store: Store,
        settings: Settings,
        knowledge: LiveKnowledge,
        flow: Flow,
        dialogs: Dialogs,
        clock: Callable[[], datetime],
    ) -> None:
        self.store = store
        self.settings = settings
        self.knowledge = knowledge
        self.flow = flow
        self.dialogs = dialogs
        self.clock = clock

    def inbox(self) -> list[dict[str, Any]]:
        """Every application, newest first."""
        return self.store.list_applications()

    def application(self, application_id: str, *, user: str | None = None) -> dict[str, Any]:
        """One application (only the owner's when ``user`` is given).

        Raises:
            NotFound: for an unknown id (or another person's application).
        """
        app = self.store.get_application(application_id, user=user)
        if app is None:
            raise NotFound(f"Jag hittar ingen ansökan med id ”{application_id}”.")
        return app

    def document(self, application_id: str, *, user: str | None = None) -> bytes:
        """The application's Word document (the latest round's).

        Raises:
            NotFound: for an unknown id or a missing document.
        """
        self.application(application_id, user=user)
        data = self.store.get_document(application_id)
        if data is None:
            raise NotFound(f"Dokumentet till ansökan ”{application_id}” saknas i lagret.")
        return data

    def fund_name(self, fund_id: str | None) -> str:
        """The fund's display name, or its id when the fund is not configured."""
        profile = self.knowledge.funds.get(fund_id or self.settings.fund)
        return profile.fund_name if profile is not None else str(fund_id)

    def reopenable_fields(self, fund: str | None = None) -> list[str]:
        """The fields a komplettering may name, in the order the dialog asks them.

        Every field a question asks (``applicant.org_type``) and the top-level field of
        dotted ones (``applicant`` reopens all its questions); not ``fund``.
        """
        names: list[str] = []
        for step in self.flow.steps:
            if fund is not None and step.spec.funds is not None and fund not in step.spec.funds:
                continue
            for name in (step.top, step.field):
                if name != AnswerField.FUND.value and name not in names:
                    names.append(name)
        return names

    def field_labels(self, fields: Iterable[str]) -> list[str]:
        """The Swedish names of fields, as the applicant's summary shows them."""
        labels: list[str] = []
        for name in fields:
            for step in self.flow.steps:
                asked = step.field == name or step.field.startswith(f"{name}.")
                if asked and step.spec.label not in labels:
                    labels.append(step.spec.label)
        return labels

    def change_status(
        self,
        application_id: str,
        status: str | ApplicationStatus,
        *,
        by: str,
        fields: Iterable[str] = (),
        comment: str = "",
    ) -> StatusChanged:
        """Moves an application to a new status, reopens fields, queues the applicant's notice.

        Raises:
            Refused: for a status that cannot be set; komplettering fields that are
                missing, unknown, not asked for the application's fund or not asked with
                its answers; a comment too long; the very change the last one made.
            NotFound: for an unknown application.
        """
        new = status if isinstance(status, ApplicationStatus) else parse_status(str(status))
        allowed = ", ".join(s.value for s in SETTABLE)
        if new is None:
            shown = visible(str(status))
            raise Refused(f"Okänd status ”{shown}”. Statusar: {allowed}.", about=STATUS)
        if new not in SETTABLE:
            raise Refused(f"Statusen ”{new.value}” sätts av boten, inte för hand.", about=STATUS)
        typed = [f.strip() for f in fields if f and f.strip()]
        comment = clean_comment(comment)
        app = self.application(application_id)
        if new is ApplicationStatus.SUPPLEMENT:
            names = self._supplement_fields(app, typed)
        elif typed:
            raise Refused("Fält anges bara vid komplettering.", about=FIELDS)
        else:
            names = []
        if _repeats(app, new, names, comment):
            completed = self._complete_last_change(app, new, names, comment)
            if completed is not None:
                return completed
            raise Refused(
                f"Ansökan har redan status ”{new.label}”"
                + (" med samma kommentar" if comment else "")
                + ", så inget ändrades och sökanden fick inget nytt besked.",
                about=STATUS,
            )
        labels = self.field_labels(names)
        event: dict[str, Any] = {
            "status": new.value,
            "by": by,
            "at": iso(self.clock()),
            "comment": comment or None,
        }
        if names:
            event["fields"] = names
            event["labels"] = labels  # the history names them as the applicant read them
        app = self.store.add_status_event(application_id, event)
        if new is ApplicationStatus.SUPPLEMENT:
            self.dialogs.reopen(app, names, comment)
        queued = self._notify(app, new, comment, labels)
        notified = [channel for channel, _ in queued]
        return StatusChanged(app, new, names, labels, notified, [i for _, i in queued])

    def _supplement_fields(self, app: dict[str, Any], typed: list[str]) -> list[str]:
        """The komplettering's fields as the flow names them (``Budget`` is ``budget``).

        Raises:
            Refused: naming the first field that is missing, unknown (with the nearest
                known one), not asked for the fund, or not asked with these answers.
        """
        fund = app.get("fund")
        asked = self.reopenable_fields(fund)
        if not typed:
            raise Refused(
                "Ange vilka fält som ska kompletteras. Fält som går: " + ", ".join(asked),
                about=FIELDS,
            )
        every = {name.lower(): name for name in self.reopenable_fields(None)}
        names: list[str] = []
        for name in typed:
            known = every.get(name.lower())
            if known is None:
                raise Refused(self._unknown_field(name, asked), about=FIELDS)
            if known not in asked:
                raise Refused(
                    f"Fältet ”{known}” frågas inte i dialogen för {self.fund_name(fund)}, så "
                    "det går inte att komplettera. Fält som går: " + ", ".join(asked),
                    about=FIELDS,
                )
            if known not in names:
                names.append(known)
        answers = app.get("answers") or {}
        for name in names:
            steps = self._steps_of(name, fund)
            if any(step.applies(fund, answers) for step in steps):
                continue
            depends = [f for step in steps for f in condition_fields(step.spec.when)]
            if set(depends) & set(names):
                continue  # the answer it depends on is asked again first
            label = ", ".join(self.field_labels([name]))
            on = ", ".join(f"{f} ({', '.join(self.field_labels([f]))})" for f in depends)
            raise Refused(
                f"Fältet ”{name}” ({label}) frågas inte med ansökans svar: frågan ställs bara "
                f"beroende på svaret om {on or 'ett annat fält'}. Begär båda, t.ex. "
                f"{','.join([*depends[:1], name])}.",
                about=FIELDS,
            )
        return names

    def _unknown_field(self, name: str, asked: list[str]) -> str:
        """Names the unknown field and the nearest one (by its name or Swedish label)."""
        candidates = {known.lower(): known for known in asked}
        for known in asked:
            for label in self.field_labels([known]):
                candidates.setdefault(label.lower(), known)
        nearest = difflib.get_close_matches(name.lower(), list(candidates), n=1, cutoff=0.6)
        text = f"Okänt fält ”{visible(name)}”."
        if nearest:
            known = candidates[nearest[0]]
            text += f" Menade du {known} ({', '.join(self.field_labels([known]))})?"
        return text + " Fält som går: " + ", ".join(asked)

    def _steps_of(self, name: str, fund: str | None) -> list[Any]:
        """The flow's steps that a komplettering of ``name`` asks again, for the fund."""
        return [
            step
            for step in self.flow.steps
            if (step.field == name or step.top == name)
            and (fund is None or step.spec.funds is None or fund in step.spec.funds)
        ]

    def deliveries(self, application_id: str | None = None) -> list[dict[str, Any]]:
        """The outbox deliveries (of one application), in the order they were queued,
        with their state: pending, delivered or failed, and the last error."""
        return self.store.list_deliveries(application_id=application_id)

    def _complete_last_change(
        self, app: dict[str, Any], status: ApplicationStatus, names: list[str], comment: str
    ) -> StatusChanged | None:
        """The same change run again: does what the first run did not get to.

        A status change is three writes (the event, the reopened draft, the notices);
        a crash or a store failure between them left the status set and the applicant
        untold or without the questions. Running the command again completes them
        (queueing is idempotent, a komplettering the applicant has begun is kept) and
        says so; None when nothing was missing.
        """
        reopen = status is ApplicationStatus.SUPPLEMENT and not self.dialogs.completing(app)
        round_ = len(app.get("status_history") or [])
        missing = [
            target
            for target in self._notice_targets(app)
            if self.store.get_delivery(self._notice_id(app, target, round_)) is None
        ]
        if not reopen and not missing:
            return None
        log.warning("status change of %s completed on a second run", app["id"])
        labels = self.field_labels(names)
        if reopen:
            self.dialogs.reopen(app, names, comment)
        queued = self._notify(app, status, comment, labels)
        notified = [channel for channel, _ in queued]
        return StatusChanged(
            app, status, names, labels, notified, [i for _, i in queued], completed=True
        )

    def _notice_targets(self, app: dict[str, Any]) -> list[tuple[str, Any]]:
        """How the applicant is told: (channel, target) pairs."""
        targets: list[tuple[str, Any]] = []
        chat = telegram_chat(str(app.get("user", "")))
        if chat is not None:
            targets.append(("telegram", chat))
        email = contact_email(app)
        # E-mail when the applicant cannot be told in Telegram, or always when asked to.
        wants_email = chat is None or self.settings.notify_applicant_email
        if email and self.settings.mail_enabled and wants_email:
            targets.append(("email", email))
        return targets

    @staticmethod
    def _notice_id(app: dict[str, Any], target: tuple[str, Any], round_: int) -> str:
        channel, address = target
        return delivery_id_for(
            {
                "application_id": app["id"],
                "channel": channel,
                "target": address,
                "kind": "status",
                "round": round_,
            }
        )

    def _notify(
        self, app: dict[str, Any], status: ApplicationStatus, comment: str, labels: list[str]
    ) -> list[tuple[str, str]]:
        """Queues the applicant's notice of a change; returns (channel, delivery id) pairs."""
        number = len(app.get("status_history") or [])
        payload = {
            "status": status.value,
            "comment": comment or None,
            "fields": labels,
            "title": title_of(app),
        }
        targets = self._notice_targets(app)
        return [
            (
                channel,
                self.store.enqueue_delivery(
                    {
                        "application_id": app["id"],
                        "channel": channel,
                        "target": target,
                        "kind": "status",
                        "round": number,
                        "payload": payload,
                    }
                ),
            )
            for channel, target in targets
        ]
