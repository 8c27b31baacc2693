"""Coordinators' use cases: the inbox, one application, its document, a status change.

A status change is validated here once for every channel (Telegram's ``/status``, the
command line's ``idebot status``). A komplettering names the fields to complete: each
must be a question the application's fund asks; they are reopened in the applicant's
draft. The applicant is told through the outbox, so the notice reaches them even when the
change was made from the command line while the bot runs elsewhere.
"""

from __future__ import annotations

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
from knowledge.answers import AnswerField
from storage import Store, iso

TELEGRAM_PREFIX = "telegram:"
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
    """

    application: dict[str, Any]
    status: ApplicationStatus
    fields: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    notified: list[str] = field(default_factory=list)
    deliveries: list[str] = field(default_factory=list)


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
            Refused: for a status that cannot be set, or komplettering fields that are
                missing, unknown or not asked for the application's fund.
            NotFound: for an unknown application.
        """
        new = status if isinstance(status, ApplicationStatus) else parse_status(str(status))
        allowed = ", ".join(s.value for s in SETTABLE)
        if new is None:
            raise Refused(f"Okänd status ”{status}”. Statusar: {allowed}.")
        if new not in SETTABLE:
            raise Refused(f"Statusen ”{new.value}” sätts av boten, inte för hand.")
        names = [f.strip() for f in fields if f and f.strip()]
        app = self.application(application_id)
        if new is ApplicationStatus.SUPPLEMENT:
            asked = self.reopenable_fields(app.get("fund"))
            if not names:
                raise Refused(
                    "Ange vilka fält som ska kompletteras. Fält som går: " + ", ".join(asked)
                )
            not_asked = [f for f in names if f not in asked]
            if not_asked:
                raise Refused(
                    f"Fältet ”{', '.join(not_asked)}” frågas inte i dialogen för "
                    f"{self.fund_name(app.get('fund'))}, så det går inte att komplettera. "
                    "Fält som går: " + ", ".join(asked)
                )
        elif names:
            raise Refused("Fält anges bara vid komplettering.")
        comment = " ".join(str(comment or "").split())
        event: dict[str, Any] = {
            "status": new.value,
            "by": by,
            "at": iso(self.clock()),
            "comment": comment or None,
        }
        if names:
            event["fields"] = names
        app = self.store.add_status_event(application_id, event)
        if new is ApplicationStatus.SUPPLEMENT:
            self.dialogs.reopen(app, names, comment)
        labels = self.field_labels(names)
        queued = self._notify(app, new, comment, labels)
        notified = [channel for channel, _ in queued]
        return StatusChanged(app, new, names, labels, notified, [i for _, i in queued])

    def deliveries(self, application_id: str | None = None) -> list[dict[str, Any]]:
        """The outbox deliveries (of one application), in the order they were queued,
        with their state: pending, delivered or failed, and the last error."""
        return self.store.list_deliveries(application_id=application_id)

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
        targets: list[tuple[str, Any]] = []
        chat = telegram_chat(str(app.get("user", "")))
        if chat is not None:
            targets.append(("telegram", chat))
        email = contact_email(app)
        # E-mail when the applicant cannot be told in Telegram, or always when asked to.
        wants_email = chat is None or self.settings.notify_applicant_email
        if email and self.settings.mail_enabled and wants_email:
            targets.append(("email", email))
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
