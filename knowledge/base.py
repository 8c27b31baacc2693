"""The knowledge base: every fund profile and the FAQ, loaded and validated together."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from knowledge.criteria import profiles as funds_module
from knowledge.criteria.profiles import FundProfile, load_fund_file, load_funds
from knowledge.errors import KnowledgeError, KnowledgeFileError, UnknownFundError
from knowledge.faq import (
    EXAMPLES_DIR,
    PACKAGED_FAQ,
    STAFF_FAQ_NAME,
    ExampleSet,
    Faq,
    check_entry_ids,
    load_examples,
    load_faq,
    load_faq_file,
    load_language,
)

T = TypeVar("T")

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
        return resolve_fund(
            self.funds, explicit, answers_fund, default, answers_source=answers_source
        )


def resolve_fund(
    funds: Mapping[str, FundProfile],
    explicit: str | None,
    answers_fund: str | None,
    default: str | None,
    *,
    answers_source: str = "svaren",
) -> FundProfile:
    """``KnowledgeBase.resolve_fund`` on a plain mapping of funds (no FAQ needed)."""
    chosen = [
        (explicit, "--fund"),
        (answers_fund, f"{answers_source}: fund"),
        (default, "IDEBOT_FUND"),
    ]
    for fund_id, source in chosen:
        if fund_id and fund_id.strip():
            if fund_id.strip() not in funds:
                raise UnknownFundError(fund_id.strip(), list(funds), source=source)
            return funds[fund_id.strip()]
    raise UnknownFundError("", list(funds), source="IDEBOT_FUND")


@functools.lru_cache(maxsize=8)
def _load(
    funds_dir: Path, signature: tuple, staff_faq: str | None, cache_dir: Path | None
) -> KnowledgeBase:
    funds = load_funds(funds_dir)
    faq = load_faq(staff_text=staff_faq, cache_dir=cache_dir)
    return KnowledgeBase(funds=funds, faq=faq)


def load_knowledge(
    root: str | Path | None = None,
    *,
    staff_faq: str | None = None,
    cache_dir: Path | None = None,
) -> KnowledgeBase:
    """Loads and validates every knowledge file (cached per process).

    Args:
        root: A folder with a ``funds/`` sub-folder (default: the packaged knowledge).
        staff_faq: The staff-edited FAQ's YAML text (kept by the store), which wins over
            the packaged FAQ.
        cache_dir: Where the built FAQ is cached (``IDEBOT_DATA_DIR/cache``): a process
            that starts with it reads the search index instead of building it (about
            0.4 s with the examples), none when omitted.

    Returns:
        The knowledge base. The same object is returned while the fund files are
        unchanged, so the FAQ's live edits (``Faq.replace_entries``) are shared.

    Raises:
        KnowledgeFileError: naming file, entry and field of the first problem.
    """
    funds_dir = (Path(root) / "funds") if root is not None else funds_module.FUNDS_DIR
    load_funds(funds_dir)  # validates, and is itself cached on the files' mtimes
    signature = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in funds_dir.glob("*.yaml")))
    return _load(funds_dir.resolve(), signature, staff_faq, cache_dir)


def clear_cache() -> None:
    """Forgets cached knowledge (tests, or after editing files in the same process)."""
    _load.cache_clear()


@dataclass(slots=True)
class ValidationReport:
    """What ``idebot kb validate`` found.

    Attributes:
        checked: One Swedish line per valid file, e.g. ``gavleborg.yaml: 15 regler``.
        errors: Every problem found (one per invalid file).
    """

    checked: list[str] = field(default_factory=list)
    errors: list[Exception] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no file had a problem."""
        return not self.errors

    def check(
        self,
        load: Callable[[], T],
        describe: Callable[[T], str | list[str]],
        *,
        catch: type[Exception] = KnowledgeError,
    ) -> None:
        """Runs one file's loader: an error of ``catch`` (the loader's package root) is
        recorded, success is described in one line or several."""
        try:
            loaded = load()
        except catch as problem:
            self.errors.append(problem)
        else:
            lines = describe(loaded)
            self.checked.extend([lines] if isinstance(lines, str) else lines)


def validate_knowledge(
    root: str | Path | None = None, *, staff_faq: str | None = None
) -> ValidationReport:
    """Checks every knowledge file and reports all invalid files, not just the first.

    Args:
        root: A folder with a ``funds/`` sub-folder (default: the packaged knowledge).
        staff_faq: The staff-edited FAQ's text (from the store), checked too when given.
    """
    report = ValidationReport()
    funds_dir = (Path(root) / "funds") if root is not None else funds_module.FUNDS_DIR
    files = sorted(funds_dir.glob("*.yaml")) if funds_dir.is_dir() else []
    if not files:
        report.errors.append(KnowledgeFileError(str(funds_dir), "inga fondfiler (*.yaml) hittades"))
    for path in files:
        report.check(
            functools.partial(load_fund_file, path),
            lambda fund, path=path: f"{path.name}: {fund.name}, {len(fund.rules)} regler",
        )
    report.check(
        functools.partial(load_faq, PACKAGED_FAQ),
        lambda faq: f"{PACKAGED_FAQ.name}: {len(faq.entries)} FAQ-frågor ({PACKAGED_FAQ})",
    )
    if staff_faq is not None:
        report.check(
            functools.partial(load_faq, staff_text=staff_faq),
            lambda faq: f"{STAFF_FAQ_NAME}: {len(faq.entries)} FAQ-frågor (personalens kopia)",
        )
    report.check(
        _checked_examples,
        lambda sets: (
            f"examples/: {sum(len(s.questions) + len(s.out_of_scope) for s in sets)} "
            f"märkta frågor i {len(sets)} filer ({EXAMPLES_DIR})"
        ),
    )
    report.check(load_language, lambda _: "language.yaml: ord för FAQ-sökningen")
    return report


def _checked_examples() -> tuple[ExampleSet, ...]:
    """The FAQ search's labelled examples, each naming an entry of the packaged FAQ."""
    sets = load_examples()
    check_entry_ids(sets, [e.id for e in load_faq_file(PACKAGED_FAQ)], funds=load_funds())
    return sets
