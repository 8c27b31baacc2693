"""Fund profiles: one YAML file per fund under ``knowledge/funds/``, validated at load.

A fund file holds the display name, the coordinator's contact, the application
deadline and the fund's rules (see ``knowledge.rules`` for the rule kinds).
Every problem is a ``KnowledgeFileError`` naming file, entry (rule id) and field.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateError as JinjaTemplateError

from knowledge.answers import parse_answers
from knowledge.answers.sample import SAMPLE_ANSWERS
from knowledge.criteria.checked import checked_key, remember_checked, was_checked
from knowledge.criteria.conditions import Condition, Facts, SchemaError, parse_condition, parse_path
from knowledge.criteria.derived import derive
from knowledge.criteria.kinds import KINDS, Kind
from knowledge.criteria.messages import MessageTemplate, message_context
from knowledge.errors import KnowledgeFileError
from knowledge.sandbox import BudgetError, jinja_reason
from knowledge.yaml_io import read_yaml

FUNDS_DIR = Path(__file__).parent / "funds"
FUND_KEYS = {
    "id",
    "name",
    "fund_name",
    "coordinator",
    "deadline",
    "next_steps",
    "source_files",
    "rules",
}
RULE_KEYS = {"id", "kind", "fields", "source", "params", "messages", "exempt_when"}
CONTACT_KEYS = ("name", "title", "phone", "email", "organisation", "ask")
EXEMPT = "exempt"


@dataclass(frozen=True, slots=True)
class Coordinator:
    """Whom applicants contact; any field may be None (the seeds name no person).

    Attributes:
        ask: Where to ask when the sources give no phone number or e-mail address: one
            Swedish sentence naming the fund's organisation and function (never an
            invented address). Required then.
    """

    name: str | None = None
    title: str | None = None
    phone: str | None = None
    email: str | None = None
    organisation: str | None = None
    ask: str | None = None

    @property
    def reachable(self) -> bool:
        """Whether the fund file gives a phone number or an e-mail address."""
        return bool(self.phone or self.email)


@dataclass(frozen=True, slots=True)
class DeadlineSpec:
    """A yearly last day to apply (e.g. 30 November)."""

    month: int
    day: int

    def next_deadline(self, today: dt.date) -> dt.date:
        """The deadline on or after ``today``."""
        this_year = dt.date(today.year, self.month, self.day)
        return this_year if this_year >= today else dt.date(today.year + 1, self.month, self.day)


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of a fund, compiled from its YAML entry."""

    id: str
    kind: Kind
    fields: tuple[str, ...]
    source: str
    compiled: Any = field(repr=False)
    messages: Mapping[str, MessageTemplate] = field(repr=False)
    exempt_when: Condition | None = field(default=None, repr=False)
    reads: frozenset[str] = frozenset()
    screens: frozenset[str] = frozenset()
    # The fields ``exempt_when`` reads: until they are answered a fail may still be lifted.
    exempt_reads: frozenset[str] = frozenset()

    @property
    def is_advice(self) -> bool:
        """Whether the rule only gives advice (never fail/unknown)."""
        return "advice" in self.kind.messages


@dataclass(frozen=True, slots=True)
class FundProfile:
    """A fund: names, contact, deadline, what happens after submitting, and its rules
    in file order.

    ``next_steps`` is the fund's own process after an application is sent (who confirms,
    who decides), told to the applicant when they submit; None when the file has none.
    """

    id: str
    name: str
    fund_name: str
    coordinator: Coordinator
    deadline: DeadlineSpec | None
    rules: list[Rule] = field(repr=False)
    source_files: tuple[str, ...] = ()
    file: str = ""
    next_steps: str | None = None
    rule_index: dict[str, Rule] = field(default_factory=dict, repr=False, compare=False)

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id (KeyError if none)."""
        return self.rule_index[rule_id]

    def next_deadline(self, today: dt.date) -> dt.date | None:
        """The next deadline on or after ``today``, or None when the fund has none."""
        return self.deadline.next_deadline(today) if self.deadline else None


def _sample_facts() -> Facts:
    # A complete, realistic answer object: every message must render against it.
    answers = parse_answers(SAMPLE_ANSWERS, source="sample")
    return Facts(answers, derive(answers).as_dict())


def _text(value: Any, file: str, where: str, *, entry: str = "", optional: bool = False) -> Any:
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise KnowledgeFileError(file, "en icke-tom text väntades", entry=entry, field=where)
    return value.strip()


def _coordinator(data: Any, file: str) -> Coordinator:
    if not isinstance(data, Mapping):
        raise KnowledgeFileError(
            file, "ett objekt med kontaktuppgifter väntades", field="coordinator"
        )
    for key in data:
        if key not in CONTACT_KEYS:
            raise KnowledgeFileError(file, "okänt fält", field=f"coordinator.{key}")
    values = {
        key: _text(data.get(key), file, f"coordinator.{key}", optional=True) for key in CONTACT_KEYS
    }
    if not values["name"] and not values["organisation"]:
        raise KnowledgeFileError(file, "ange name eller organisation", field="coordinator")
    if not values["phone"] and not values["email"] and not values["ask"]:
        # Without a number or address the bot must still say where to turn, honestly.
        raise KnowledgeFileError(
            file,
            "utan phone och email: skriv i ask var man frågar (organisation och funktion)",
            field="coordinator.ask",
        )
    return Coordinator(**values)


def _deadline(data: Any, file: str) -> DeadlineSpec | None:
    if data is None:
        return None
    if not isinstance(data, Mapping) or set(data) != {"month", "day"}:
        raise KnowledgeFileError(file, "null eller {month: 11, day: 30} väntades", field="deadline")
    try:
        dt.date(2024, int(data["month"]), int(data["day"]))  # 2024: leap year allows 29 Feb
    except (TypeError, ValueError):
        raise KnowledgeFileError(file, "ogiltigt datum", field="deadline") from None
    return DeadlineSpec(int(data["month"]), int(data["day"]))


def _next_steps(data: Any, file: str) -> str | None:
    if data is None:
        return None
    # One paragraph, as the bot shows it (YAML block scalars keep line breaks).
    return " ".join(_text(data, file, "next_steps").split())


def _rule(
    data: Any, index: int, file: str, preview: FundProfile, facts: Facts, *, check: bool = True
) -> Rule:
    fund_id = preview.id
    entry = data.get("id") if isinstance(data, Mapping) else None
    entry = entry if isinstance(entry, str) and entry else f"rules[{index}]"
    if not isinstance(data, Mapping):
        raise KnowledgeFileError(file, "en regel (mappning) väntades", entry=entry)

    def error(where: str, reason: str) -> KnowledgeFileError:
        return KnowledgeFileError(file, reason, entry=entry, field=where)

    for key in data:
        if key not in RULE_KEYS:
            raise error(str(key), "okänt fält (tillåtna: " + ", ".join(sorted(RULE_KEYS)) + ")")
    rule_id = _text(data.get("id"), file, "id", entry=entry)
    if not rule_id.startswith(f"{fund_id}."):
        raise error("id", f'regel-id ska börja med "{fund_id}."')
    kind_name = data.get("kind")
    kind = KINDS.get(kind_name) if isinstance(kind_name, str) else None
    if kind is None:
        raise error("kind", "okänd regeltyp (kända: " + ", ".join(KINDS) + ")")
    source = _text(data.get("source"), file, "source", entry=entry)
    fields = data.get("fields")
    if not isinstance(fields, list):
        raise error("fields", "en lista av svarsfält väntades")
    declared: set[str] = set()
    try:
        for i, name in enumerate(fields):
            declared.update(parse_path(name, f"fields[{i}]").reads())
        params = data.get("params") or {}
        if not isinstance(params, Mapping):
            raise SchemaError("params", "en mappning väntades")
        reads: set[str] = set()
        kind.validate_names(dict(params))
        compiled = kind.parse(dict(params), reads)
        exempt = None
        exempt_reads: set[str] = set()
        if data.get("exempt_when") is not None:
            exempt = parse_condition(data["exempt_when"], "exempt_when", exempt_reads)
            reads |= exempt_reads
    except SchemaError as problem:
        raise error(problem.where, problem.reason) from None
    undeclared = reads - declared
    if undeclared:
        raise error(
            "fields", "regeln läser fält som inte står i fields: " + ", ".join(sorted(undeclared))
        )
    messages = _messages(data.get("messages"), kind, exempt is not None, error, check=check)
    if check:
        _test_render(messages, kind, facts, preview, error)
    return Rule(
        rule_id,
        kind,
        tuple(fields),
        source,
        compiled,
        messages,
        exempt,
        frozenset(declared),
        kind.screens(compiled),
        frozenset(exempt_reads),
    )


def _messages(
    data: Any, kind: Kind, exemptable: bool, error, *, check: bool = True
) -> dict[str, MessageTemplate]:
    if not isinstance(data, Mapping):
        raise error("messages", "en mappning status → text väntades")
    wanted = list(kind.messages) + ([EXEMPT] if exemptable else [])
    for key in data:
        if key not in wanted:
            raise error(f"messages.{key}", "okänt meddelande (väntade: " + ", ".join(wanted) + ")")
    compiled = {}
    for key in wanted:
        text = data.get(key)
        if not isinstance(text, str) or not text.strip():
            raise error(f"messages.{key}", "meddelandet saknas")
        compiled[key] = MessageTemplate(text)
        if not check:
            continue  # compiled when first rendered
        try:
            compiled[key].compile()
        except BudgetError as problem:
            raise error(f"messages.{key}", f"mallfel: {problem}") from None
        except JinjaTemplateError as problem:
            line = getattr(problem, "lineno", None)
            at = f" (rad {line} i mallen)" if line else ""
            raise error(f"messages.{key}", f"mallfel{at}: {jinja_reason(problem)}") from None
    return compiled


def _test_render(messages, kind: Kind, facts: Facts, preview: FundProfile, error) -> None:
    for key, template in messages.items():
        context = message_context(facts, preview, kind.sample, today=dt.date(2026, 11, 23))
        try:
            template.render_strict(context)
        except JinjaTemplateError as problem:
            raise error(f"messages.{key}", f"mallfel: {jinja_reason(problem)}") from None
        except Exception as problem:  # a filter given the wrong type, e.g. "kr" on a text
            raise error(
                f"messages.{key}", f"mallfel: {problem.__class__.__name__}: {problem}"
            ) from None


def load_fund_file(path: Path, *, check_messages: bool = True) -> FundProfile:
    """Loads and validates one fund file.

    Args:
        path: The fund file.
        check_messages: Compile and test-render every message template now (the
            default; ``idebot kb validate`` and the bot's start). Off for a command
            that shows no criteria message (``idebot faq``): the templates are then
            compiled when first rendered, and only the rest of the file is validated.

    Raises:
        KnowledgeFileError: naming file, entry and field of the first problem.
    """
    file = path.name
    data = read_yaml(path)
    if not isinstance(data, Mapping):
        raise KnowledgeFileError(file, "filen ska vara en mappning med fondens uppgifter")
    for key in data:
        if key not in FUND_KEYS:
            raise KnowledgeFileError(
                file, "okänt fält (tillåtna: " + ", ".join(sorted(FUND_KEYS)) + ")", field=str(key)
            )
    fund_id = _text(data.get("id"), file, "id")
    if fund_id != path.stem:
        raise KnowledgeFileError(
            file, f'id "{fund_id}" ska vara filens namn "{path.stem}"', field="id"
        )
    sources = data.get("source_files") or []
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise KnowledgeFileError(file, "en lista av filnamn väntades", field="source_files")
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise KnowledgeFileError(file, "en icke-tom lista av regler väntades", field="rules")
    rules: list[Rule] = []
    index: dict[str, Rule] = {}
    profile = FundProfile(
        id=fund_id,
        name=_text(data.get("name"), file, "name"),
        fund_name=_text(data.get("fund_name"), file, "fund_name"),
        coordinator=_coordinator(data.get("coordinator"), file),
        deadline=_deadline(data.get("deadline"), file),
        rules=rules,
        source_files=tuple(sources),
        file=file,
        rule_index=index,
        next_steps=_next_steps(data.get("next_steps"), file),
    )
    facts = _sample_facts()
    for i, raw in enumerate(raw_rules):
        # The profile is only used as the test-render context; its rules are not read there.
        rule = _rule(raw, i, file, profile, facts, check=check_messages)
        if rule.id in index:
            raise KnowledgeFileError(
                file, "regel-id förekommer två gånger", entry=rule.id, field="id"
            )
        index[rule.id] = rule
        rules.append(rule)
    return profile


def _signature(directory: Path) -> tuple[tuple[str, int, int], ...]:
    files = sorted(directory.glob("*.yaml"))
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)


@functools.lru_cache(maxsize=16)
def _load_cached(directory: Path, signature: tuple, check: bool) -> dict[str, FundProfile]:
    funds = {}
    for name, _mtime, _size in signature:
        fund = load_fund_file(directory / name, check_messages=check)
        funds[fund.id] = fund
    return funds


def load_funds(
    directory: str | Path | None = None,
    *,
    check_messages: bool = True,
    cache_dir: str | Path | None = None,
) -> dict[str, FundProfile]:
    """Loads every ``*.yaml`` fund file of a folder (default: the packaged funds).

    Cached per folder and file modification times, so repeated calls are cheap
    and an edited file is picked up.

    Args:
        directory: The folder (default: the packaged funds).
        check_messages: See :func:`load_fund_file`; off only where no criteria
            message is shown.
        cache_dir: A folder (``IDEBOT_DATA_DIR/cache``) recording checks that passed
            (:mod:`knowledge.criteria.checked`): files whose exact bytes were checked
            before, by the same code, are loaded with the message check deferred.

    Raises:
        KnowledgeFileError: for the first invalid file (or a folder without fund files).
    """
    folder = Path(directory) if directory is not None else FUNDS_DIR
    if not folder.is_dir():
        raise KnowledgeFileError(str(folder), "mappen med fondfiler finns inte")
    signature = _signature(folder)
    if not signature:
        raise KnowledgeFileError(str(folder), "inga fondfiler (*.yaml) i mappen")
    if cache_dir is None or not check_messages:
        return dict(_load_cached(folder.resolve(), signature, check_messages))
    files = [folder / name for name, _mtime, _size in signature]
    key = checked_key(files)
    if was_checked(Path(cache_dir), key):
        return dict(_load_cached(folder.resolve(), signature, False))
    funds = dict(_load_cached(folder.resolve(), signature, True))
    # Only the bytes that were checked are recorded (a file edited meanwhile is not).
    if checked_key(files) == key:
        remember_checked(Path(cache_dir), key)
    return funds
