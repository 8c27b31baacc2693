"""The FAQ: entries as validated data, fund-specific answers, search and staff edits.

The packaged entries live in ``knowledge/faq/faq.yaml``; a staff-edited copy in
``IDEBOT_DATA_DIR/faq.yaml`` wins over them. Answers may use Jinja placeholders
(``{{ fund.name }}``, ``{{ contact }}``, ``{{ deadline }}``, ``{{ days_left }}``),
rendered in a sandbox with strict undefined; every template is test-rendered when
the file is loaded, so a typo is a load error that names the entry and field.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from knowledge.errors import KnowledgeFileError, UnknownFundError
from knowledge.faq_search import DEFAULT_THRESHOLD, Language, SearchIndex, fold

FAQ_DIR = Path(__file__).parent / "faq"
PACKAGED_FAQ = FAQ_DIR / "faq.yaml"
LANGUAGE_FILE = FAQ_DIR / "language.yaml"
DOMAIN_WORDS_FILE = FAQ_DIR / "domain_words.yaml"
STAFF_FAQ_NAME = "faq.yaml"
# Default of IDEBOT_DRAFT_RETENTION_DAYS; the answer about personal data quotes it.
DEFAULT_RETENTION_DAYS = 180
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
FUND_ID_PATTERN = r"^[a-z0-9_]+(?:-[a-z0-9_]+)*$"

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FundAnswer(BaseModel):
    """The answer one fund gives instead of the general one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    answer: str = Field(min_length=1)
    source: str | None = None

    @field_validator("answer", "source", mode="before")
    @classmethod
    def _strip(cls, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value


class FaqEntry(BaseModel):
    """One FAQ entry (``faq.md``).

    Attributes:
        id: Stable kebab-case id, e.g. ``medfinansiering``.
        question: The canonical Swedish question.
        alternatives: Other ways people ask the same thing (all indexed for search).
        answer: The general answer in plain Swedish (may contain placeholders).
        source: Where the answer comes from: ``<seed file>: <section>``.
        funds: Fund id → the answer that wins when that fund is active.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ID_PATTERN)
    question: str = Field(min_length=1)
    alternatives: list[str] = Field(default_factory=list)
    answer: str = Field(min_length=1)
    source: str = Field(min_length=1)
    funds: dict[str, FundAnswer] = Field(default_factory=dict)

    @field_validator("question", "answer", "source", mode="before")
    @classmethod
    def _strip(cls, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value

    @field_validator("alternatives")
    @classmethod
    def _strip_all(cls, values: list[str]) -> list[str]:
        stripped = [v.strip() for v in values]
        for index, value in enumerate(stripped):
            if not value:
                raise ValueError(f"alternativ {index + 1} är tomt")
        return stripped

    @field_validator("funds")
    @classmethod
    def _fund_ids(cls, funds: dict[str, FundAnswer]) -> dict[str, FundAnswer]:
        for fund_id in funds:
            if not re.fullmatch(FUND_ID_PATTERN, fund_id):
                raise ValueError(f'ogiltigt fond-id "{fund_id}" (små bokstäver, t.ex. gavleborg)')
        return funds

    def answer_variant(self, fund_id: str | None) -> tuple[str, str]:
        """The (answer template, source) that applies for a fund id (or the general one)."""
        specific = self.funds.get(fund_id) if fund_id else None
        if specific is None:
            return self.answer, self.source
        return specific.answer, specific.source or self.source

    def to_data(self) -> dict[str, Any]:
        """The entry as plain data in file order, without empty optional parts."""
        data: dict[str, Any] = {
            "id": self.id,
            "question": self.question,
            "alternatives": list(self.alternatives),
            "answer": self.answer,
            "source": self.source,
        }
        if self.funds:
            data["funds"] = {
                fund: {"answer": fa.answer, **({"source": fa.source} if fa.source else {})}
                for fund, fa in self.funds.items()
            }
        return data


@dataclass(frozen=True, slots=True)
class FaqHit:
    """One search result: the entry, its answer for the active fund, and the score (0–1)."""

    id: str
    question: str
    answer: str
    score: float

    def to_json(self) -> dict[str, Any]:
        """The JSON object of ``interfaces.md``: id, question, answer, score."""
        return {
            "id": self.id,
            "question": self.question,
            "answer": self.answer,
            "score": self.score,
        }


# --------------------------------------------------------------------------- validation

_PYDANTIC_SV = {
    "missing": "fältet saknas",
    "string_type": "en text väntades",
    "list_type": "en lista väntades",
    "dict_type": "en tabell (nyckel: värde) väntades",
    "model_type": "en tabell (nyckel: värde) väntades",
    "extra_forbidden": "okänt fält",
    "string_too_short": "får inte vara tomt",
    "string_pattern_mismatch": "ogiltigt id: använd små bokstäver a–z, siffror och bindestreck "
    '(kebab-case, t.ex. "sista-ansokningsdag")',
}


def _field_path(loc: Sequence[Any]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _swedish_reason(error: Mapping[str, Any]) -> str:
    kind = error.get("type", "")
    if kind in _PYDANTIC_SV:
        reason = _PYDANTIC_SV[kind]
    elif kind == "value_error":
        reason = str(error.get("ctx", {}).get("error", error.get("msg", "")))
    else:
        reason = f"ogiltigt värde ({error.get('msg', kind)})"
    value = error.get("input")
    if kind in {"string_type", "list_type", "dict_type", "model_type"} and value is not None:
        reason += f", fick {type(value).__name__} {str(value)[:40]!r}"
    return reason


def _entry_label(raw: Any, index: int) -> str:
    if isinstance(raw, Mapping) and isinstance(raw.get("id"), str) and raw["id"].strip():
        return raw["id"].strip()
    return f"entries[{index}]"


def validate_faq_data(data: Any, file: str = "faq.yaml") -> list[FaqEntry]:
    """Validates decoded FAQ data (a mapping with ``entries``, or a bare list).

    Args:
        data: The decoded YAML.
        file: The file name used in error messages.

    Returns:
        The entries, in file order.

    Raises:
        KnowledgeFileError: naming file, entry and field, in Swedish.
    """
    if isinstance(data, Mapping):
        unknown = sorted(str(k) for k in data if k not in {"entries", "version"})
        if unknown:
            raise KnowledgeFileError(file, "okänt fält", field=unknown[0])
        raw_entries = data.get("entries")
        if raw_entries is None:
            raise KnowledgeFileError(file, "fältet saknas", field="entries")
    else:
        raw_entries = data
    if not isinstance(raw_entries, list):
        raise KnowledgeFileError(file, "en lista med frågor väntades", field="entries")
    entries: list[FaqEntry] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_entries):
        label = _entry_label(raw, index)
        if not isinstance(raw, Mapping):
            raise KnowledgeFileError(file, "en tabell (nyckel: värde) väntades", entry=label)
        try:
            entry = FaqEntry.model_validate(dict(raw))
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            raise KnowledgeFileError(
                file, _swedish_reason(first), entry=label, field=_field_path(first["loc"])
            ) from None
        if entry.id in seen:
            raise KnowledgeFileError(
                file, "id:t finns redan i en annan fråga", entry=label, field="id"
            )
        seen.add(entry.id)
        _check_templates(entry, file)
        entries.append(entry)
    return entries


def _load_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KnowledgeFileError(path.name, "filen finns inte") from None
    except (OSError, UnicodeDecodeError) as error:
        raise KnowledgeFileError(path.name, f"kan inte läsas ({error})") from None
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" på rad {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "felaktig syntax"
        raise KnowledgeFileError(path.name, f"ogiltig YAML{where}: {problem}") from None


def load_language(
    path: Path | None = None, domain_path: Path | None = None, *, with_domain: bool = True
) -> Language:
    """Reads the search's language data.

    Args:
        path: Stop words and synonyms (default ``knowledge/faq/language.yaml``).
        domain_path: The domain words (default ``knowledge/faq/domain_words.yaml``,
            generated from the source documents).
        with_domain: False to skip the domain words (used when regenerating them).
    """
    path = path or LANGUAGE_FILE
    domain_path = domain_path or DOMAIN_WORDS_FILE
    data = _load_yaml(path)
    if not isinstance(data, Mapping):
        raise KnowledgeFileError(path.name, "en tabell med stopwords och synonyms väntades")
    stopwords = data.get("stopwords", [])
    synonyms = data.get("synonyms", {})
    if not isinstance(stopwords, list) or not all(isinstance(w, str) for w in stopwords):
        raise KnowledgeFileError(path.name, "en lista med ord väntades", field="stopwords")
    if not isinstance(synonyms, Mapping):
        raise KnowledgeFileError(
            path.name, "en tabell (fras: ersättning) väntades", field="synonyms"
        )
    folded: dict[str, str] = {}
    for phrase, replacement in synonyms.items():
        if not isinstance(phrase, str) or not isinstance(replacement, str):
            raise KnowledgeFileError(
                path.name, "fras och ersättning ska vara text", field=f"synonyms.{phrase}"
            )
        folded[" ".join(fold(phrase).split())] = " ".join(fold(replacement).split())
    domain_data = _load_yaml(domain_path) if with_domain and domain_path.is_file() else {}
    domain = domain_data.get("domain_words", []) if isinstance(domain_data, Mapping) else None
    if not isinstance(domain, list) or not all(isinstance(w, str) for w in domain):
        raise KnowledgeFileError(
            domain_path.name, "en lista med ordstammar väntades", field="domain_words"
        )
    prefixes = data.get("compound_prefixes", [])
    if not isinstance(prefixes, list) or not all(isinstance(w, str) for w in prefixes):
        raise KnowledgeFileError(
            path.name, "en lista med förled väntades", field="compound_prefixes"
        )
    return Language(
        stopwords=frozenset(w.lower() for w in stopwords),
        synonyms=folded,
        domain_words=frozenset(domain),
        compound_prefixes=tuple(fold(w) for w in prefixes),
    )


# --------------------------------------------------------------------------- templates

_TEMPLATE_ENV: Any = None


def _env() -> Any:
    global _TEMPLATE_ENV
    if _TEMPLATE_ENV is None:
        from jinja2 import StrictUndefined
        from jinja2.sandbox import SandboxedEnvironment

        _TEMPLATE_ENV = SandboxedEnvironment(
            undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False
        )
    return _TEMPLATE_ENV


def _is_template(text: str) -> bool:
    return "{{" in text or "{%" in text or "{#" in text


_COMPILED: dict[str, Any] = {}


def _compile(text: str) -> Any:
    template = _COMPILED.get(text)
    if template is None:
        template = _env().from_string(text)
        if len(_COMPILED) < 5_000:
            _COMPILED[text] = template
    return template


@dataclass(frozen=True)
class _SampleCoordinator:
    name: str | None
    title: str | None
    phone: str | None
    email: str | None
    organisation: str | None


@dataclass(frozen=True)
class _SampleDeadline:
    day: dt.date | None

    def next_deadline(self, today: dt.date) -> dt.date | None:
        return self.day


@dataclass(frozen=True)
class _SampleFund:
    id: str
    name: str
    fund_name: str
    coordinator: _SampleCoordinator | None
    deadline: _SampleDeadline | None


# Templates are test-rendered with a complete and a sparse fund profile (and general
# answers also without a fund), so a placeholder that could fail at run time fails at load.
_FULL_FUND = _SampleFund(
    "prov",
    "Provregionen",
    "Provregionens sociala investeringsmedel",
    _SampleCoordinator("Namn Namnsson", "samordnare", "070-000 00 00", "n@example.se", "Region"),
    _SampleDeadline(dt.date(2026, 11, 30)),
)
_SPARSE_FUND = _SampleFund("prov", "Provregionen", "Provregionens medel", None, None)


def _check_templates(entry: FaqEntry, file: str) -> None:
    variants: list[tuple[str, str, tuple[Any, ...]]] = [
        ("answer", entry.answer, (_FULL_FUND, _SPARSE_FUND, None))
    ]
    variants += [
        (f"funds.{fund}.answer", fa.answer, (_FULL_FUND, _SPARSE_FUND))
        for fund, fa in entry.funds.items()
    ]
    today = dt.date(2026, 11, 1)
    for field_name, text, funds in variants:
        if not _is_template(text):
            continue
        fund = _FULL_FUND
        try:
            template = _compile(text)
            for fund in funds:
                template.render(**template_context(fund, today))
        except Exception as error:  # jinja raises many kinds; all mean a broken answer
            raise KnowledgeFileError(
                file, _template_reason(error, fund), entry=entry.id, field=field_name
            ) from None


def _template_reason(error: Exception, fund: Any) -> str:
    """A Swedish explanation of why an answer template does not render."""
    from jinja2 import TemplateSyntaxError, UndefinedError

    detail = getattr(error, "message", None) or str(error)
    if isinstance(error, TemplateSyntaxError):
        return f"fel i platshållare: felaktig mall på rad {error.lineno} ({detail})"
    if isinstance(error, UndefinedError) and fund is None:
        return (
            "fel i platshållare: svaret används även utan aktiv fond; omge fondens uppgifter "
            "med {% if fund %} … {% endif %}"
        )
    if isinstance(error, UndefinedError) and fund is _SPARSE_FUND:
        return (
            "fel i platshållare: en fond kan sakna samordnare eller sista dag; använd "
            "{{ contact }} och {{ deadline }} eller omge med {% if … %} … {% endif %}"
        )
    if isinstance(error, UndefinedError):
        return (
            f"fel i platshållare: okänd platshållare ({detail}); tillåtna är fund, contact, "
            "coordinator, deadline, deadline_date, days_left och retention_days"
        )
    return f"fel i platshållare: {detail}"


def format_contact(coordinator: Any) -> str | None:
    """One line with the coordinator's name, title, organisation, phone and e-mail."""
    if coordinator is None:
        return None
    parts = [
        getattr(coordinator, name, None)
        for name in ("name", "title", "organisation", "phone", "email")
    ]
    shown = [str(p).strip() for p in parts if p and str(p).strip()]
    return ", ".join(shown) or None


def template_context(
    fund: Any, today: dt.date | None = None, *, retention_days: int = DEFAULT_RETENTION_DAYS
) -> dict[str, Any]:
    """The variables an answer template sees.

    Args:
        fund: A fund profile (``knowledge.funds.FundProfile``) or None.
        today: The date the deadline is counted from (default: today).
        retention_days: Days an untouched draft is kept (``IDEBOT_DRAFT_RETENTION_DAYS``).

    Returns:
        ``fund``, ``coordinator``, ``contact`` (one formatted line or None),
        ``deadline`` ("30 november 2026" or None), ``deadline_date``, ``days_left``
        and ``retention_days``.
    """
    from knowledge.formatting import format_date

    today = today or dt.date.today()
    coordinator = getattr(fund, "coordinator", None) if fund is not None else None
    spec = getattr(fund, "deadline", None) if fund is not None else None
    day = spec.next_deadline(today) if spec is not None else None
    return {
        "fund": fund,
        "coordinator": coordinator,
        "contact": format_contact(coordinator),
        "deadline": format_date(day) if day else None,
        "deadline_date": day,
        "days_left": (day - today).days if day else None,
        "retention_days": retention_days,
    }


UNKNOWN_ANSWER = "Det vet jag inte säkert."


def fallback_answer(fund: Any = None) -> str:
    """What to say when the FAQ has no good answer: honest, with the coordinator's contact.

    Args:
        fund: The active fund profile, or None.
    """
    contact = format_contact(getattr(fund, "coordinator", None)) if fund is not None else None
    if contact:
        return f"{UNKNOWN_ANSWER} Fråga samordnaren: {contact}."
    if fund is not None:
        return f"{UNKNOWN_ANSWER} Fråga samordnaren för {fund.fund_name}."
    return (
        f"{UNKNOWN_ANSWER} Fråga samordnaren för sociala investeringar i din region eller kommun."
    )


def render_answer(
    text: str,
    fund: Any,
    today: dt.date | None = None,
    *,
    retention_days: int = DEFAULT_RETENTION_DAYS,
) -> str:
    """Renders an answer template for a fund (plain text is returned as is)."""
    if not _is_template(text):
        return text
    context = template_context(fund, today, retention_days=retention_days)
    rendered = _compile(text).render(**context)
    return " ".join(rendered.split())


# --------------------------------------------------------------------------- the FAQ


@dataclass(frozen=True)
class _State:
    entries: tuple[FaqEntry, ...]
    by_id: dict[str, FaqEntry]
    index: SearchIndex | None


class Faq:
    """The effective FAQ: entries plus a search index, replaceable at run time.

    Args:
        entries: The validated entries.
        language: Stop words and synonyms for search (default: the packaged list).
        threshold: The coverage an entry needs to be returned by :meth:`search`.
        source: Where the entries came from (a file path), for messages.
    """

    def __init__(
        self,
        entries: Iterable[FaqEntry],
        *,
        language: Language | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        source: str = "",
    ) -> None:
        self.language = language or load_language()
        self.threshold = threshold
        self.source = source
        self.draft_retention_days = DEFAULT_RETENTION_DAYS
        self._lock = threading.Lock()
        self._funds: dict[str, Any] | None = None
        self._state = self._make_state(list(entries))

    @staticmethod
    def _make_state(entries: list[FaqEntry]) -> _State:
        return _State(tuple(entries), {e.id: e for e in entries}, None)

    @property
    def entries(self) -> tuple[FaqEntry, ...]:
        """The entries, in file order."""
        return self._state.entries

    def get(self, entry_id: str) -> FaqEntry | None:
        """The entry with this id, or None."""
        return self._state.by_id.get(entry_id)

    def replace_entries(self, entries: Iterable[FaqEntry | Mapping[str, Any]]) -> None:
        """Replaces every entry (staff edits); the next search already sees them.

        Args:
            entries: Entries or their plain data; validated like a file.

        Raises:
            KnowledgeFileError: when an entry is invalid (nothing is replaced).
        """
        data = [e.to_data() if isinstance(e, FaqEntry) else dict(e) for e in entries]
        validated = validate_faq_data(data, file=self.source or STAFF_FAQ_NAME)
        state = self._make_state(validated)
        with self._lock:
            self._state = state

    def _index(self) -> tuple[_State, SearchIndex]:
        state = self._state
        if state.index is None:
            with self._lock:
                state = self._state
                if state.index is None:
                    index = SearchIndex(
                        [[e.question, *e.alternatives] for e in state.entries],
                        [
                            [e.answer, *(fa.answer for fa in e.funds.values())]
                            for e in state.entries
                        ],
                        self.language,
                    )
                    state = _State(state.entries, state.by_id, index)
                    self._state = state
        assert state.index is not None
        return state, state.index

    def warm_up(self) -> None:
        """Builds the search index now instead of at the first question."""
        self._index()

    def _fund_profile(self, fund: Any) -> Any:
        if fund is None or not isinstance(fund, str):
            return fund
        if self._funds is None:
            from knowledge.funds import load_funds

            self._funds = load_funds()
        if fund not in self._funds:
            raise UnknownFundError(fund, list(self._funds))
        return self._funds[fund]

    def answer_for(self, entry: FaqEntry, fund: Any = None, today: dt.date | None = None) -> str:
        """The answer to show: the fund's own answer if it has one, placeholders filled.

        Args:
            entry: The entry.
            fund: The active fund profile (or its id, or None for the general answer).
            today: The date deadlines are counted from.
        """
        profile = self._fund_profile(fund)
        fund_id = getattr(profile, "id", None)
        text, _source = entry.answer_variant(fund_id)
        return render_answer(text, profile, today, retention_days=self.draft_retention_days)

    def source_for(self, entry: FaqEntry, fund: Any = None) -> str:
        """The source citation of the answer shown for this fund."""
        fund_id = fund if isinstance(fund, str) else getattr(fund, "id", None)
        return entry.answer_variant(fund_id)[1]

    def search(
        self, question: str, *, fund: Any = None, top: int = 3, today: dt.date | None = None
    ) -> list[FaqHit]:
        """Finds the entries that answer a question, best first.

        Args:
            question: The question as the person typed it.
            fund: The active fund profile or id; its answers win.
            top: At most this many hits.
            today: The date deadlines are counted from.

        Returns:
            Hits whose score passes the threshold; empty when nothing is good enough.
        """
        if top <= 0 or not question or not question.strip():
            return []
        profile = self._fund_profile(fund)
        state, index = self._index()
        hits = []
        for scored in index.score(question):
            if scored.confidence < self.threshold:
                continue
            entry = state.entries[scored.position]
            hits.append(
                FaqHit(
                    id=entry.id,
                    question=entry.question,
                    answer=self.answer_for(entry, profile, today),
                    score=round(min(scored.confidence, 1.0), 3),
                )
            )
            if len(hits) >= top:
                break
        return hits


# --------------------------------------------------------------------------- files


def load_faq_file(path: Path) -> list[FaqEntry]:
    """Reads and validates one FAQ YAML file."""
    return validate_faq_data(_load_yaml(path), file=path.name)


def staff_faq_path(data_dir: Path | str) -> Path:
    """Where the staff-edited FAQ lives: ``<data_dir>/faq.yaml``."""
    return Path(data_dir) / STAFF_FAQ_NAME


def load_faq(
    path: Path | str | None = None,
    *,
    data_dir: Path | str | None = None,
    draft_retention_days: int = DEFAULT_RETENTION_DAYS,
) -> Faq:
    """Loads the effective FAQ.

    Args:
        path: A FAQ YAML file (default: the packaged ``knowledge/faq/faq.yaml``).
        data_dir: The runtime data folder; its ``faq.yaml`` (staff edits) wins when present.
        draft_retention_days: Quoted by the answer about personal data.

    Raises:
        KnowledgeFileError: when the file is missing, not YAML, or breaks the schema.
    """
    chosen = Path(path) if path is not None else PACKAGED_FAQ
    if data_dir is not None and staff_faq_path(data_dir).is_file():
        chosen = staff_faq_path(data_dir)
    faq = Faq(load_faq_file(chosen), source=str(chosen))
    faq.draft_retention_days = draft_retention_days
    return faq


class _ReadableDumper(yaml.SafeDumper):
    """Writes YAML the way the packaged file is written: nested lists indented, long
    texts as folded blocks (``>-``), so staff can edit an export comfortably."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = ">" if len(text) > LONG_TEXT and not text.startswith(" ") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_ReadableDumper.add_representer(str, _represent_text)
LONG_TEXT = 70


def dump_faq(entries: Iterable[FaqEntry]) -> str:
    """The YAML text of entries, in the same format as the packaged file."""
    data = {"version": 1, "entries": [e.to_data() for e in entries]}
    return yaml.dump(data, Dumper=_ReadableDumper, allow_unicode=True, sort_keys=False, width=90)


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


_HEADER = (
    "# Idébots FAQ. Redigera och läs in med: idebot faq import FIL\n"
    "# Varje fråga: id, question, alternatives, answer, source och (valfritt) funds.\n"
)


def save_faq(data_dir: Path | str, entries: Iterable[FaqEntry]) -> Path:
    """Saves the staff-edited FAQ atomically to ``<data_dir>/faq.yaml``.

    The entries are validated first; on error nothing is written.

    Returns:
        The path written.
    """
    entries = list(entries)
    validate_faq_data([e.to_data() for e in entries], file=STAFF_FAQ_NAME)
    target = staff_faq_path(data_dir)
    try:
        _atomic_write(target, _HEADER + dump_faq(entries))
    except OSError as error:
        raise KnowledgeFileError(target.name, f"kan inte sparas ({error.strerror})") from None
    return target


def export_faq(faq: Faq, path: Path | str) -> Path:
    """Writes the effective FAQ as YAML (for bulk editing); returns the path.

    Raises:
        KnowledgeFileError: when the file cannot be written.
    """
    target = Path(path)
    try:
        _atomic_write(target, _HEADER + dump_faq(faq.entries))
    except OSError as error:
        raise KnowledgeFileError(target.name, f"kan inte skrivas ({error.strerror})") from None
    return target


# The topics of faq.md: an imported file must keep every one of them.
REQUIRED_IDS = (
    "vad-ar-social-investering",
    "varfor-sociala-investeringar",
    "arbetssatt",
    "tre-spar",
    "utfallskontrakt",
    "vem-kan-soka",
    "vinstdrivande",
    "samverkan",
    "medfinansiering",
    "tidsram",
    "befintlig-verksamhet",
    "malgrupp",
    "forebyggande-tidig",
    "evidens",
    "ideprovning",
    "ansokan-innehall",
    "beslut",
    "bedomning",
    "aterforing",
    "aterbetalningstid",
    "kontrollgrupp",
    "uppfoljning",
    "kostnadsberakning",
    "implementering",
    "avslag",
    "sista-ansokningsdag",
    "kontakt",
    "personuppgifter",
)


def missing_topics(entries: Iterable[FaqEntry]) -> list[str]:
    """The required topic ids (``faq.md``) that the entries lack."""
    present = {e.id for e in entries}
    return [topic for topic in REQUIRED_IDS if topic not in present]


def import_faq(path: Path | str) -> list[FaqEntry]:
    """Reads and validates an edited FAQ file for bulk import.

    Besides the schema, the file must keep every required topic of ``faq.md``: a bulk
    edit that silently drops "kontakt" would leave applicants without an answer.

    Raises:
        KnowledgeFileError: naming file, entry and field (or the missing topics).
    """
    path = Path(path)
    entries = load_faq_file(path)
    missing = missing_topics(entries)
    if missing:
        raise KnowledgeFileError(
            path.name, "obligatoriska frågor saknas: " + ", ".join(missing), field="entries"
        )
    return entries
