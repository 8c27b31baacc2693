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
from storage import Store, iso

log = logging.getLogger(__name__)


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

        Raises:
            KnowledgeFileError: when the new FAQ is invalid (nothing is saved).
            Refused: for a new id that exists, or a deletion of a required topic.
            NotFound: for a change of an id that does not exist.
        """
        faq = self.knowledge.faq
        before = faq.get(entry_id)
        current = [e.to_data() for e in faq.entries]
        if action is Action.CREATE:
            if before is not None:
                raise Refused(f"Det finns redan en post med id ”{entry_id}”.")
            new = [*current, {**(data or {}), "id": entry_id}]
        elif before is None:
            raise NotFound(f"Det finns ingen post med id ”{entry_id}”.")
        elif action is Action.UPDATE:
            new = [{**(data or {}), "id": entry_id} if e["id"] == entry_id else e for e in current]
        else:
            new = [e for e in current if e["id"] != entry_id]
        saved = self._save(
            validate_faq_data(new, file=STAFF_FAQ_NAME), action, by, entry_id, before
        )
        return saved.get(entry_id)

    def import_entries(self, entries: Iterable[FaqEntry], *, by: str, source: str) -> int:
        """Replaces the whole FAQ (``idebot faq import``); returns the number of entries.

        Raises:
            Refused: naming the required topics of ``faq.md`` the file lacks.
        """
        entries = list(entries)
        self._save(entries, Action.IMPORT, by, None, None, source=source)
        return len(entries)

    def _save(
        self,
        entries: list[FaqEntry],
        action: Action,
        by: str,
        entry_id: str | None,
        before: FaqEntry | None,
        *,
        source: str | None = None,
    ) -> Faq:
        missing = missing_topics(entries)
        if missing:
            # Applicants would be left without an answer about e.g. "kontakt".
            where = source or STAFF_FAQ_NAME
            raise Refused(f"{where}: entries: obligatoriska frågor saknas: " + ", ".join(missing))
        faq = Faq(entries, source=STAFF_FAQ_NAME)
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
        version = self.store.save_staff_faq(faq_document(entries), audit)
        self.knowledge.replaced(faq, version)
        log.info("FAQ %s %s by %s", action.value, entry_id or source, by)
        return faq

    def unanswered(self) -> list[dict[str, Any]]:
        """The questions the FAQ could not answer, oldest first."""
        return self.store.list_unanswered()
