"""The idéprövning flow: loading and validating ``dialogs/flow.yaml``.

The flow is data so staff can change questions, order and conditions without
code. Loading checks every step against the answer model, so a typo is a
:class:`FlowError` naming the file, the step and the key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from dialogs.errors import FlowError
from dialogs.replies import InputKind, Option, Progress
from knowledge.answers import (
    OPTION_LABELS,
    Answers,
    Applicant,
    BudgetYear,
    Cofinancing,
    CofinancingForm,
    Contact,
    CostReduction,
    EvidenceBasis,
    InterventionType,
    MethodKind,
    OrgType,
    Partner,
    Signatory,
    TargetGroup,
    parse_answers,
    validate_field,
)
from knowledge.criteria import Condition, Facts, derive, parse_condition
from knowledge.criteria.conditions import SchemaError
from knowledge.errors import AnswersError, KnowledgeError
from knowledge.yaml_io import read_yaml

FLOW_FILE = Path(__file__).with_name("flow.yaml")
FUNDS_OPTIONS = "funds"
YEAR_FORMAT = "year"

OPTION_ENUMS: dict[str, type[StrEnum]] = {
    enum.__name__: enum
    for enum in (TargetGroup, InterventionType, MethodKind, EvidenceBasis, OrgType, CofinancingForm)
}
# The pydantic model behind each object field and each list's items.
OBJECT_MODELS: dict[str, type[BaseModel]] = {"applicant": Applicant, "contact": Contact}
ITEM_MODELS: dict[str, type[BaseModel]] = {
    "partners": Partner,
    "budget": BudgetYear,
    "cofinancing": Cofinancing,
    "cost_reductions": CostReduction,
    "signatories": Signatory,
}
ITEM_KINDS = frozenset(
    {InputKind.TEXT, InputKind.INTEGER, InputKind.MONEY, InputKind.DATE, InputKind.CHOICE}
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ItemStep(_Strict):
    """One sub-field of a list item."""

    field: str
    input: InputKind
    question: str
    options: str | None = None
    format: Literal["year"] | None = None
    example: str | None = None
    # Asked after the quick check's verdict rather than with the row (a partner's role).
    later: bool = False


class StepSpec(_Strict):
    """One step as written in the file."""

    field: str
    input: InputKind
    label: str
    question: str
    why: str
    why_by_fund: dict[str, str] = {}
    example: str | None = None
    funds: list[str] | None = None
    when: dict[str, Any] | None = None
    options: str | None = None
    nullable: bool = False
    format: Literal["year"] | None = None
    item: list[ItemStep] | None = None
    item_name: str | None = None


class SectionSpec(_Strict):
    """A titled group of steps."""

    title: str
    steps: list[StepSpec]


class FlowSpec(_Strict):
    """The whole file."""

    sections: list[SectionSpec]


@dataclass(frozen=True, slots=True)
class Step:
    """A validated step with its section and position in the flow.

    Attributes:
        spec: The step as written in the file.
        section: The title of its section.
        index: Its position in the whole flow (0-based).
        top: The top-level answer field (``applicant`` for ``applicant.name``).
        sub: The sub-field of an object step, else None.
    """

    spec: StepSpec
    section: str
    index: int
    condition: Condition | None = dataclass_field(default=None, repr=False, compare=False)
    reads: frozenset[str] = dataclass_field(default=frozenset(), repr=False, compare=False)
    top: str = dataclass_field(init=False, repr=False, compare=False)
    sub: str | None = dataclass_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        top, _, sub = self.spec.field.partition(".")
        object.__setattr__(self, "top", top)
        object.__setattr__(self, "sub", sub or None)

    @property
    def field(self) -> str:
        """The (possibly dotted) answer field."""
        return self.spec.field

    @property
    def input(self) -> InputKind:
        """The input kind."""
        return self.spec.input

    def applies(self, fund: str | None, answers: Mapping[str, Any]) -> bool:
        """Whether the step is asked for this fund given the answers so far."""
        if self.spec.funds is not None and fund not in self.spec.funds:
            return False
        return self.condition is None or self.condition(_facts(answers, self.reads))

    def why(self, fund: str | None) -> str:
        """The reason for asking, in the fund's own words where they differ."""
        return self.spec.why_by_fund.get(fund or "", self.spec.why)


def _facts(answers: Mapping[str, Any], reads: frozenset[str]) -> Facts:
    """The facts a step's condition reads (the criteria's condition language).

    Only the fields the condition reads are typed: each was validated when it was
    answered, so a draft edited by hand is the only way one fails, and then the
    condition sees it as not answered.
    """
    try:
        typed = parse_answers({f: answers[f] for f in reads if f in answers}, source="utkastet")
    except AnswersError:
        typed = parse_answers({})
    return Facts(typed, derive(typed).as_dict())


class ActiveSteps(tuple[Step, ...]):
    """The steps asked, in order; a step's question number is its place among them."""

    def number(self, step: Step) -> int:
        """The 1-based question number of ``step``: how many asked steps come up to it."""
        return sum(1 for s in self if s.index <= step.index)

    def progress(self, step: Step) -> Progress:
        """Where ``step`` is: its number (at least 1), the total and its section."""
        return Progress(max(self.number(step), 1), len(self), step.section)


@cache
def enum_options(name: str) -> tuple[Option, ...]:
    """The options of an enum of ``knowledge.answers`` with their Swedish labels."""
    enum = OPTION_ENUMS[name]
    labels = OPTION_LABELS.get(enum, {})
    return tuple(Option(m.value, labels.get(m.value, m.value)) for m in enum)


class Flow:
    """The ordered steps of the dialog."""

    def __init__(self, steps: list[Step], source: str = "flow.yaml") -> None:
        self.source = source
        self.steps = steps
        self._by_field = {s.field: s for s in self.steps}

    def step(self, field: str) -> Step:
        """The step of a field.

        Raises:
            FlowError: for a field without a step.
        """
        try:
            return self._by_field[field]
        except KeyError:
            raise FlowError(f"{self.source}: {field}: ingen fråga för fältet") from None

    def has(self, field: str) -> bool:
        """Whether a step asks this field."""
        return field in self._by_field

    def active(self, fund: str | None, answers: Mapping[str, Any]) -> ActiveSteps:
        """The steps asked for ``fund`` given the answers so far, in order."""
        return ActiveSteps(s for s in self.steps if s.applies(fund, answers))

    def fields_for(self, fund: str) -> set[str]:
        """Every top-level field some step may ask for this fund."""
        return {s.top for s in self.steps if s.spec.funds is None or fund in s.spec.funds}


# A value of each input kind, to check that a step's kind fits its answer field.
_KIND_SAMPLES: dict[InputKind, Any] = {
    InputKind.TEXT: "text",
    InputKind.INTEGER: 3,
    InputKind.MONEY: 1000,
    InputKind.PERCENT: 0.5,
    InputKind.DATE: "2027-01-01",
    InputKind.BOOL: True,
}


def _check_kind(step: StepSpec, top: str, sub: str, fail: Callable[[str, str], None]) -> None:
    """Fails when a value of the step's input kind is not valid for its answer field."""
    if step.input == InputKind.LIST or step.options == FUNDS_OPTIONS:
        return
    if step.input in (InputKind.CHOICE, InputKind.MULTICHOICE):
        first = next(iter(OPTION_ENUMS[step.options])).value
        sample = first if step.input == InputKind.CHOICE else [first]
    elif step.input in _KIND_SAMPLES:
        sample = _KIND_SAMPLES[step.input]
    else:
        fail("input", f"{step.input} kan inte användas för ett svarsfält")
        return
    try:
        validate_field(top, {sub: sample} if sub else sample)
    except AnswersError as error:
        fail("input", f"{step.input} passar inte fältet ({error.reason})")


def _check_step(step: StepSpec, where: str) -> tuple[Condition | None, frozenset[str]]:
    """Checks one step against the answer model; returns its compiled condition."""

    def fail(key: str, reason: str) -> None:
        raise FlowError(f"{where}: {step.field}: {key}: {reason}")

    top, _, sub = step.field.partition(".")
    if top not in Answers.model_fields:
        fail("field", "okänt fält (se answers.md)")
    if sub:
        model = OBJECT_MODELS.get(top)
        if model is None or sub not in model.model_fields:
            fail("field", f"{top} har inget delfält {sub}")
    elif top in OBJECT_MODELS:
        fail("field", "objekt frågas fält för fält (t.ex. applicant.name)")
    if step.input in (InputKind.CHOICE, InputKind.MULTICHOICE):
        if step.options != FUNDS_OPTIONS and step.options not in OPTION_ENUMS:
            fail("options", f"okänd lista, välj bland {', '.join([FUNDS_OPTIONS, *OPTION_ENUMS])}")
    elif step.options is not None:
        fail("options", "bara choice och multichoice har alternativ")
    if step.input == InputKind.LIST:
        model = ITEM_MODELS.get(top)
        if model is None:
            fail("input", "fältet är ingen lista")
        if not step.item:
            fail("item", "en lista behöver delfrågor (item)")
        for item in step.item:
            if item.field not in model.model_fields:
                fail("item", f"{top} har inget delfält {item.field}")
            if item.input not in ITEM_KINDS:
                fail("item", f"{item.field}: inmatningstypen {item.input} går inte i en lista")
            if item.input == InputKind.CHOICE and item.options not in OPTION_ENUMS:
                fail("item", f"{item.field}: okänd lista {item.options}")
    elif step.item is not None:
        fail("item", "bara listor har delfrågor")
    _check_kind(step, top, sub, fail)
    if step.when is None:
        return None, frozenset()
    reads: set[str] = set()
    try:
        condition = parse_condition(step.when, "when", reads)
    except SchemaError as problem:
        raise FlowError(f"{where}: {step.field}: {problem.where}: {problem.reason}") from None
    return condition, frozenset(reads)


def parse_flow(data: Any, *, source: str = "flow.yaml") -> Flow:
    """Validates decoded flow data.

    Raises:
        FlowError: naming the file, the step and the key.
    """
    try:
        spec = FlowSpec.model_validate(data)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        loc = first["loc"]
        where = source
        if len(loc) >= 4 and loc[0] == "sections" and loc[2] == "steps":
            try:
                where = f"{source}: {data['sections'][loc[1]]['steps'][loc[3]]['field']}"
            except (KeyError, IndexError, TypeError):
                where = f"{source}: steg {loc[3] + 1}"
            loc = loc[4:]
        key = ".".join(str(p) for p in loc) or "flödet"
        raise FlowError(f"{where}: {key}: {first['msg']}") from None
    steps: list[Step] = []
    for section in spec.sections:
        for step in section.steps:
            condition, reads = _check_step(step, source)
            if any(s.field == step.field for s in steps):
                raise FlowError(f"{source}: {step.field}: field: frågan finns två gånger")
            steps.append(Step(step, section.title, len(steps), condition, reads))
    return Flow(steps, source)


@cache
def _load_default() -> Flow:
    return load_flow(FLOW_FILE)


def load_flow(path: str | Path | None = None) -> Flow:
    """Loads and validates the flow file (the packaged one by default, cached).

    Raises:
        FlowError: for an unreadable file, broken YAML or an invalid step.
    """
    if path is None:
        return _load_default()
    path = Path(path)
    try:
        data = read_yaml(path)
    except KnowledgeError as error:
        raise FlowError(str(error)) from None
    return parse_flow(data, source=path.name)
