"""An applicant's own data: what they have submitted, and deleting what is theirs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.core.dialog import state_of
from dialogs.state import is_finished
from storage import Store


@dataclass(frozen=True)
class MyApplications:
    """The person's submitted applications (newest first) and whether a draft waits."""

    applications: list[dict[str, Any]]
    has_draft: bool


@dataclass(frozen=True)
class Deleted:
    """What ``delete_my_data`` removed, and the applications kept with the coordinator."""

    drafts: int
    questions: int
    kept: list[dict[str, Any]]


class Personal:
    """The person's own data in the store."""

    def __init__(self, *, store: Store) -> None:
        self.store = store

    def my_applications(self, user: str) -> MyApplications:
        """Only the person's own applications, never anyone else's."""
        apps = self.store.list_applications(user=user)
        draft = state_of(self.store.get_draft(user))
        return MyApplications(apps, draft is not None and not is_finished(draft))

    def supplement_in_progress(self, user: str) -> dict[str, Any] | None:
        """The application whose komplettering the person's draft is, if it is one
        (deleting the draft would leave the coordinator's request unanswered)."""
        draft = state_of(self.store.get_draft(user))
        if draft is None or is_finished(draft) or draft.comment is None:
            return None
        if not draft.application_id:
            return None
        return self.store.get_application(draft.application_id, user=user)

    def delete_my_data(self, user: str, *, related: Sequence[str] = ()) -> Deleted:
        """Deletes the person's draft and logged questions; submitted applications stay
        with the coordinator (the coordinator's copy).

        Args:
            user: The person's key.
            related: Other keys of the same person whose drafts go too (a channel's
                separate dialogs, e.g. a staff member's unfinished FAQ edit).
        """
        drafts = questions = 0
        for key in (user, *related):
            counts = self.store.delete_user_data(key)
            drafts += counts["drafts"]
            questions += counts["unanswered"]
        kept = self.store.list_applications(user=user)
        return Deleted(drafts, questions, kept)
