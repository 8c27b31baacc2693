"""The knowledge base: every fund profile and the FAQ, loaded and validated together."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from knowledge.errors import UnknownFundError
from knowledge.faq import Faq, load_faq
from knowledge.funds import FUNDS_DIR, FundProfile, load_funds

KNOWLEDGE_DIR = Path(__file__).parent


@dataclass(slots=True)
class KnowledgeBase:
    """Funds by id and the FAQ.

    Attributes:
        funds: Fund profiles by id (``gavleborg``, ``sundsvall``, ``blekinge``).
        faq: The effective FAQ (the staff-edited copy in the data folder wins).
    """

    funds: Mapping[str, FundProfile]
    faq: Faq

    def fund(self, fund_id: str, *, source: str = "fund") -> FundProfile:
        """The profile of a fund.

        Args:
            fund_id: The fund's id.
            source: Where the id came from, named in the error (e.g. ``--fund``).

        Raises:
            UnknownFundError: naming the source and the known funds.
        """
        try:
            return self.funds[fund_id]
        except KeyError:
            raise UnknownFundError(fund_id, list(self.funds), source=source) from None

    def resolve_fund(
        self,
        explicit: str | None,
        answers_fund: str | None,
        default: str | None,
        *,
        answers_source: str = "svaren",
    ) -> FundProfile:
        """Chooses the fund: ``--fund`` wins over the answers' ``fund``, which wins over config.

        Args:
            explicit: The fund given on the command line or in the chat (or None).
            answers_fund: The ``fund`` field of the answers (or None).
            default: The configured fund (``IDEBOT_FUND``).
            answers_source: The answers' file name, used in the error message.

        Raises:
            UnknownFundError: naming where the unknown id came from.
        """
        if explicit:
            return self.fund(explicit, source="--fund")
        if answers_fund and answers_fund.strip():
            return self.fund(answers_fund.strip(), source=f"{answers_source}: fund")
        if default:
            return self.fund(default, source="IDEBOT_FUND")
        raise UnknownFundError("", list(self.funds), source="IDEBOT_FUND")


@functools.lru_cache(maxsize=8)
def _load(funds_dir: Path, signature: tuple, data_dir: Path | None) -> KnowledgeBase:
    funds = load_funds(funds_dir)
    faq = load_faq(data_dir=data_dir)
    return KnowledgeBase(funds=funds, faq=faq)


def load_knowledge(
    root: str | Path | None = None, *, data_dir: str | Path | None = None
) -> KnowledgeBase:
    """Loads and validates every knowledge file (cached per process).

    Args:
        root: A folder with a ``funds/`` sub-folder (default: the packaged knowledge).
        data_dir: The runtime data folder (``IDEBOT_DATA_DIR``), whose ``faq.yaml`` holds the
            staff's FAQ edits.

    Returns:
        The knowledge base. The same object is returned while the fund files are
        unchanged, so the FAQ's live edits (``Faq.replace_entries``) are shared.

    Raises:
        KnowledgeFileError: naming file, entry and field of the first problem.
    """
    funds_dir = (Path(root) / "funds") if root is not None else FUNDS_DIR
    data = Path(data_dir).resolve() if data_dir is not None else None
    load_funds(funds_dir)  # validates, and is itself cached on the files' mtimes
    signature = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in funds_dir.glob("*.yaml")))
    return _load(funds_dir.resolve(), signature, data)


def clear_cache() -> None:
    """Forgets cached knowledge (tests, or after editing files in the same process)."""
    _load.cache_clear()
