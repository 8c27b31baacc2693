"""Staff use cases: editing the FAQ (one entry, or a whole file) and the logged questions.

Every change, from Telegram or from ``idebot faq import``, takes the same path: the new
FAQ is validated as a whole (and its search index built) before anything is saved, the
store saves it together with its audit entry (who, when, what, before and after), and it
is live at once here and, through the store's FAQ version, in every other process.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from bot.core.live import LiveKnowledge
from bot.errors import NotFound, Refused
from knowledge.faq import (
    STAFF_FAQ_NAME,
    Faq,
    FaqEntry,
    faq_document,
    missing_topics,
    validate_faq_data,
)
from storage import FaqChanged, Store, iso

log = logging.getLogger(__name__)

CHANGED_MEANWHILE = (
    "FAQ:n ändrades av någon annan medan du redigerade; ingenting sparades, försök igen."
)


class Action(enum.StrEnum):
    """What a staff change does (as written to the audit trail)."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    IMPORT = "import"


class Staff:
    """The staff's use cases on the live FAQ and the store."""

    def __init__(
        self, *, store: Store, knowledge: LiveKnowledge, clock: Callable[[], datetime]
    ) -> None:
        self.store = store
        self.knowledge = knowledge
        self.clock = clock

    def entries(self) -> tuple[FaqEntry, ...]:
        """The FAQ's entries as they are now."""
        return self.knowledge.faq.entries

    def entry(self, entry_id: str) -> FaqEntry:
        """One entry.

        Raises:
            NotFound: for an unknown id.
        """
        entry = self.knowledge.faq.get(entry_id)
        if entry is None:
            raise NotFound(f"Det finns ingen post med id ”{entry_id}”.")
        return entry

    def edit(
        self, action: Action, entry_id: str, data: Mapping[str, Any] | None, *, by: str
    ) -> FaqEntry | None:
        """Creates, changes or deletes one entry; returns the entry as it is afterwards.

        When someone else saves the FAQ meanwhile (another thread or process), the edit
        is made once more on their FAQ if the entry it changes is still as it was;
        otherwise it is refused rather than overwriting their change.

        Raises:
            KnowledgeFileError: when the new FAQ is invalid (nothing is saved).
            Refused: for a new id that exists, a deletion of a required topic, or an
                entry someone else changed during the edit.
            NotFound: for a change of an id that does not exist.
        """
        first: dict[str, Any] | None = None
        for attempt in range(2):
            faq, version = self.knowledge.faq_and_version()
            before = faq.get(entry_id)
            if attempt and (before.to_data() if before else None) != first:
                raise Refused(CHANGED_MEANWHILE)
            first = before.to_data() if before else None
            current = [e.to_data() for e in faq.entries]
            if action is Action.CREATE:
                if before is not None:
                    raise Refused(f"Det finns redan en post med id ”{entry_id}”.")
                new = [*current, {**(data or {}), "id": entry_id}]
            elif before is None:
                raise NotFound(f"Det finns ingen post med id ”{entry_id}”.")
            elif action is Action.UPDATE:
                new = [
                    {**(data or {}), "id": entry_id} if e["id"] == entry_id else e for e in current
                ]
            else:
                new = [e for e in current if e["id"] != entry_id]
            entries = validate_faq_data(new, file=STAFF_FAQ_NAME)
            try:
                saved = self._save(entries, action, by, entry_id, before, version=version)
            except FaqChanged:
                log.info("FAQ changed during %s %s by %s; trying again", action, entry_id, by)
                continue
            return saved.get(entry_id)
        raise Refused(CHANGED_MEANWHILE)

    def import_entries(self, entries: Iterable[FaqEntry], *, by: str, source: str) -> int:
        """Replaces the whole FAQ (``idebot faq import``); returns the number of entries.

        Raises:
            Refused: naming the required topics of ``faq.md`` the file lacks, or when
                someone else saved the FAQ during the import (nothing is saved then).
        """
        entries = list(entries)
        _, version = self.knowledge.faq_and_version()
        try:
            self._save(entries, Action.IMPORT, by, None, None, version=version, source=source)
        except FaqChanged:
            raise Refused(CHANGED_MEANWHILE) from None
        return len(entries)

    def _save(
        self,
        entries: list[FaqEntry],
        action: Action,
        by: str,
        entry_id: str | None,
        before: FaqEntry | None,
        *,
        version: str | None,
        source: str | None = None,
    ) -> Faq:
        """Validates and saves ``entries`` if the store is still at ``version``.

        Raises:
            FaqChanged: when it is not (nothing is saved).
        """
        missing = missing_topics(entries)
        if missing:
            # Applicants would be left without an answer about e.g. "kontakt".
            where = source or STAFF_FAQ_NAME
            raise Refused(f"{where}: entries: obligatoriska frågor saknas: " + ", ".join(missing))
        # The edited FAQ keeps what the search learns from (the labelled examples).
        faq = self.knowledge.faq.derived(entries, source=STAFF_FAQ_NAME)
        faq.warm_up()  # the index is built (and could fail) before anything is saved
        after = faq.get(entry_id) if entry_id else None
        audit: dict[str, Any] = {
            "who": by,
            "when": iso(self.clock()),
            "action": action.value,
            "entry_id": entry_id,
            "before": before.to_data() if before else None,
            "after": after.to_data() if after else None,
        }
        if action is Action.IMPORT:
            audit["source"] = source
            audit["entries"] = len(entries)
        # Compare-and-set: the index took a while; an edit saved meanwhile must not be lost.
        saved = self.store.save_staff_faq(faq_document(entries), audit, expected_version=version)
        self.knowledge.replaced(faq, saved)
        log.info("FAQ %s %s by %s", action.value, entry_id or source, by)
        return faq

    def unanswered(self) -> list[dict[str, Any]]:
        """The questions the FAQ could not answer, oldest first."""
        return self.store.list_unanswered()
