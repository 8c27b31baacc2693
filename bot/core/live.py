"""The knowledge as it is right now: the funds, and the FAQ with the staff's latest edit.

Staff may change the FAQ from any process (Telegram, ``idebot faq import`` beside a
running bot, another bot process on the same database). The store gives the staff FAQ a
version; before a question is searched the version is compared (a file ``stat`` or one
small query) and a changed FAQ is loaded, so an edit is live everywhere at the next
question without a restart.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from knowledge.base import KnowledgeBase, load_knowledge
from knowledge.criteria import FundProfile
from knowledge.errors import KnowledgeError, UnknownFundError
from knowledge.faq import Faq, load_faq
from storage import Store

log = logging.getLogger(__name__)


class LiveKnowledge:
    """Funds by id and the FAQ that is current in the store.

    Args:
        store: Where the staff FAQ lives.
        base: The loaded knowledge (default: the packaged files and the store's FAQ).
        retention_days: Quoted by the FAQ's answer about personal data.
        cache_dir: Where the built FAQ is cached (``Settings.cache_dir``), or None.
    """

    def __init__(
        self,
        store: Store,
        *,
        base: KnowledgeBase | None = None,
        retention_days: int = 180,
        cache_dir: Path | None = None,
    ) -> None:
        self._store = store
        self._retention_days = retention_days
        self._cache_dir = cache_dir
        self._lock = threading.Lock()
        staff = store.get_staff_faq()
        self._version = staff.version if staff else None
        if base is None:
            base = load_knowledge(staff_faq=staff.text if staff else None, cache_dir=cache_dir)
        self.funds: Mapping[str, FundProfile] = base.funds
        self._faq = base.faq
        self._faq.draft_retention_days = retention_days

    def fund(self, fund_id: str, *, source: str = "fund") -> FundProfile:
        """The profile of a fund.

        Raises:
            UnknownFundError: naming the source and the known funds.
        """
        try:
            return self.funds[fund_id]
        except KeyError:
            raise UnknownFundError(fund_id, list(self.funds), source=source) from None

    @property
    def faq(self) -> Faq:
        """The FAQ, reloaded first when the staff FAQ changed since it was loaded."""
        version = self._store.faq_version()
        if version != self._version:
            with self._lock:
                if version != self._version:
                    self._reload(version)
        return self._faq

    def faq_and_version(self) -> tuple[Faq, str | None]:
        """The current FAQ with the store version it was loaded at, read together (an
        edit saves against that version, so a change made meanwhile is not overwritten)."""
        self.faq  # noqa: B018 - the property reloads a changed FAQ first
        with self._lock:
            return self._faq, self._version

    def replaced(self, faq: Faq, version: str) -> None:
        """Takes a FAQ this process just saved (no second load of the same text)."""
        faq.draft_retention_days = self._retention_days
        with self._lock:
            self._faq, self._version = faq, version

    def _reload(self, version: str | None) -> None:
        staff = self._store.get_staff_faq()
        # The text read may be newer than the version asked first; pair it with its own.
        version = staff.version if staff else None
        try:
            faq = load_faq(staff_text=staff.text if staff else None, cache_dir=self._cache_dir)
        except KnowledgeError as error:
            # Every save is validated first; a copy broken by hand keeps the FAQ in use.
            log.error("personalens FAQ kunde inte läsas, den förra gäller: %s", error)
            self._version = version
            return
        faq.draft_retention_days = self._retention_days
        self._faq, self._version = faq, version


class LiveFaq:
    """The FAQ the dialog engine searches: always the current one (see :class:`LiveKnowledge`)."""

    def __init__(self, knowledge: LiveKnowledge) -> None:
        self._knowledge = knowledge

    def search(self, question: str, **options: Any) -> list[Any]:
        """``Faq.search`` on the current FAQ."""
        return self._knowledge.faq.search(question, **options)
