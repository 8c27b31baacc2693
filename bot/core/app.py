"""``Idebot``: the application every channel calls, with its collaborators passed in.

A channel only translates: a Telegram update, a console line or a command-line call
becomes one call here, and the result is rendered in the channel's own way. The use
cases live in the modules beside this one; this class builds them once and is the one
object a channel holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import templates
from bot.core.coordination import Coordination, StatusChanged
from bot.core.dialog import Dialogs
from bot.core.live import LiveKnowledge
from bot.core.outbox import Outbox
from bot.core.personal import Deleted, MyApplications, Personal
from bot.core.staff import Action, Staff
from bot.core.submission import Submission
from bot.settings import Settings
from dialogs.events import Event
from dialogs.flow import Flow, load_flow
from knowledge.base import KnowledgeBase
from knowledge.criteria import FundProfile
from knowledge.faq import FaqEntry
from storage import Store, new_application_id, utc_now


def render_document(*args: Any, **kwargs: Any) -> bytes:
    """The Word application (``templates.render_application``, imported when first used)."""
    return templates.render_application(*args, **kwargs)


class Idebot:
    """The application layer: applicants' dialogs, coordinators, staff, the outbox.

    Args:
        settings: The deployment's settings.
        store: The store (``storage.open_store(settings)``, a ``MemoryStore`` in tests).
        knowledge: Loaded knowledge (default: the packaged files and the store's FAQ).
        flow: The dialog flow (default: the packaged ``dialogs/flow.yaml``).
        clock: Returns the current time, aware (default: the real UTC clock).
        new_id: Makes application ids (default: 128 random bits).
        render: Renders the Word application (default: the fund's template).

    Raises:
        UnknownFundError: when ``IDEBOT_FUND`` names no fund.
    """

    def __init__(
        self,
        *,
        settings: Settings,
        store: Store,
        knowledge: KnowledgeBase | None = None,
        flow: Flow | None = None,
        clock: Callable[[], datetime] | None = None,
        new_id: Callable[[], str] | None = None,
        render: Callable[..., bytes] = render_document,
    ) -> None:
        self.settings = settings
        self.store = store
        self.clock = clock or utc_now
        self.flow = flow or load_flow()
        self.knowledge = LiveKnowledge(
            store,
            base=knowledge,
            retention_days=settings.draft_retention_days,
            cache_dir=settings.cache_dir,
        )
        if settings.fund:
            self.knowledge.fund(settings.fund, source="IDEBOT_FUND")
        submission = Submission(
            knowledge=self.knowledge,
            store=store,
            settings=settings,
            flow=self.flow,
            clock=self.clock,
            render=render,
        )
        self.dialogs = Dialogs(
            knowledge=self.knowledge,
            store=store,
            settings=settings,
            flow=self.flow,
            clock=self.clock,
            new_id=new_id or new_application_id,
            submission=submission,
        )
        self.coordination = Coordination(
            store=store,
            settings=settings,
            knowledge=self.knowledge,
            flow=self.flow,
            dialogs=self.dialogs,
            clock=self.clock,
        )
        self.staff = Staff(store=store, knowledge=self.knowledge, clock=self.clock)
        self.personal = Personal(store=store)
        self.outbox = Outbox(store=store, clock=self.clock)

    @property
    def fund(self) -> FundProfile:
        """The profile of the fund this deployment serves."""
        return self.knowledge.fund(self.settings.fund, source="IDEBOT_FUND")

    # --- applicants -----------------------------------------------------------
    def start(self, user: str, *, fund: str | None = None, ask_resume: bool = True) -> list[Any]:
        """Starts or resumes the person's dialog (see ``Dialogs.start``)."""
        return self.dialogs.start(user, fund=fund, ask_resume=ask_resume)

    def handle(self, user: str, event: Event, *, update: int | None = None) -> list[Any]:
        """Applies one input to the person's dialog (see ``Dialogs.handle``)."""
        return self.dialogs.handle(user, event, update=update)

    def current_question(self, user: str) -> list[Any]:
        """The question the person's draft waits for."""
        return self.dialogs.current_question(user)

    def my_applications(self, user: str) -> MyApplications:
        """The person's own submitted applications."""
        return self.personal.my_applications(user)

    def supplement_in_progress(self, user: str) -> dict[str, Any] | None:
        """The application the person is completing (a komplettering), if any."""
        return self.personal.supplement_in_progress(user)

    def delete_my_data(self, user: str, *, related: Sequence[str] = ()) -> Deleted:
        """Deletes the person's draft and logged questions (and the drafts of
        ``related`` keys of the same person)."""
        return self.personal.delete_my_data(user, related=related)

    # --- coordinators -----------------------------------------------------------
    def inbox(self) -> list[dict[str, Any]]:
        """Every application, newest first."""
        return self.coordination.inbox()

    def application(self, application_id: str, *, user: str | None = None) -> dict[str, Any]:
        """One application (raises ``NotFound``)."""
        return self.coordination.application(application_id, user=user)

    def document(self, application_id: str, *, user: str | None = None) -> bytes:
        """The application's Word document (raises ``NotFound``)."""
        return self.coordination.document(application_id, user=user)

    def change_status(
        self,
        application_id: str,
        status: str,
        *,
        by: str,
        fields: Iterable[str] = (),
        comment: str = "",
    ) -> StatusChanged:
        """Moves an application along (see ``Coordination.change_status``)."""
        return self.coordination.change_status(
            application_id, status, by=by, fields=fields, comment=comment
        )

    # --- staff -------------------------------------------------------------------
    def faq_entries(self) -> tuple[FaqEntry, ...]:
        """The FAQ's entries now."""
        return self.staff.entries()

    def faq_edit(
        self, action: Action | str, entry_id: str, data: Mapping[str, Any] | None, *, by: str
    ) -> FaqEntry | None:
        """Creates, changes or deletes one FAQ entry, audited and live at once."""
        return self.staff.edit(Action(action), entry_id, data, by=by)

    def faq_import(self, entries: Iterable[FaqEntry], *, by: str, source: str) -> int:
        """Replaces the whole FAQ, audited like any staff edit; returns the count."""
        return self.staff.import_entries(entries, by=by, source=source)

    def unanswered(self) -> list[dict[str, Any]]:
        """The questions the FAQ could not answer."""
        return self.staff.unanswered()

    # --- upkeep -------------------------------------------------------------------
    def purge(self) -> dict[str, int]:
        """Deletes drafts and logged questions past the retention period."""
        limit = self.clock() - timedelta(days=self.settings.draft_retention_days)
        return {
            "drafts": self.store.purge_drafts(limit),
            "unanswered": self.store.purge_unanswered(limit),
        }
