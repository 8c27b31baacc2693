"""The answer model of ``answers.md`` as validated types.

Every field is optional: a missing field is "not answered yet" and makes the
rules that read it report ``unknown``. Wrong types are errors whose Swedish
text names the field path (``budget[1].cost``).

Text is cleaned when it is accepted: control characters other than newline
and tab are removed, so nothing downstream (criteria messages, Word XML,
Telegram) ever sees them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict
from pydantic_core import PydanticCustomError

from knowledge.answers.options import (
    CofinancingForm,
    EvidenceBasis,
    InterventionType,
    MethodKind,
    OrgType,
    TargetGroup,
)

MAX_TEXT = 4000
# Bounds that keep every value one a person could mean and every later step can use
# (formatting, date arithmetic, the Word document): issue 10's poisoned drafts.
MAX_AMOUNT = 100_000_000_000  # 100 miljarder kronor
FIRST_YEAR, LAST_YEAR = 1990, 2100
MAX_ROWS = 50
MAX_BUDGET_YEARS = 30
# Control characters other than newline and tab; lone surrogates (a JSON "\ud800" cannot
# be written as UTF-8) and Unicode non-characters.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(
        f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
    )
    + "]"
)


class AnswerField(StrEnum):
    """Every top-level field name of ``answers.md`` (the contract)."""

    FUND = "fund"
    TITLE = "title"
    PROBLEM = "problem"
    DESCRIPTION = "description"
    TARGET_GROUPS = "target_groups"
    TARGET_GROUP_DESCRIPTION = "target_group_description"
    TARGET_GROUP_SIZE = "target_group_size"
    TARGET_GROUP_IDENTIFICATION = "target_group_identification"
    OTHER_INTERVENTIONS = "other_interventions"
    INTERVENTION_TYPE = "intervention_type"
    METHOD_KIND = "method_kind"
    METHOD_DESCRIPTION = "method_description"
    EVIDENCE_BASIS = "evidence_basis"
    EVIDENCE_REFERENCES = "evidence_references"
    CONTROLLED_STUDIES = "controlled_studies"
    APPLICANT = "applicant"
    PARTNERS = "partners"
    EXISTING_ACTIVITY = "existing_activity"
    START_DATE = "start_date"
    END_DATE = "end_date"
    BUDGET = "budget"
    REQUESTED_AMOUNT = "requested_amount"
    COFINANCING = "cofinancing"
    COFINANCING_PRINCIPLES = "cofinancing_principles"
    EXPECTED_EFFECTS = "expected_effects"
    EFFECTS_TIMING = "effects_timing"
    MEASUREMENT_METHOD = "measurement_method"
    MEASUREMENT_TIMES = "measurement_times"
    COMPARISON_GROUP = "comparison_group"
    COST_REDUCTIONS = "cost_reductions"
    COST_REDUCTION_CALCULATION = "cost_reduction_calculation"
    COST_REDUCTION_DESCRIPTION = "cost_reduction_description"
    SAVINGS_HORIZON_YEARS = "savings_horizon_years"
    REPAYMENT_PLAN = "repayment_plan"
    REPAYMENT_YEARS = "repayment_years"
    REPAYMENT_RESPONSIBLE = "repayment_responsible"
    IMPLEMENTATION_PLAN = "implementation_plan"
    FOLLOW_UP_PLAN = "follow_up_plan"
    MANAGER_ENDORSEMENT = "manager_endorsement"
    CONTACT = "contact"
    COMMITTEE = "committee"
    SIGNATORIES = "signatories"


def clean_text(text: str) -> str:
    """Removes control characters other than newline and tab, lone surrogates and
    non-characters; normalises CRLF."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def shown_value(value: Any) -> str:
    """The offending value as it appears in an error message, kept short (and safe for
    values too large or too deep to print whole)."""
    if isinstance(value, str):
        shown = f'"{clean_text(value[:60])}"'
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**20:
        # str() of an int of more than 4300 digits raises; the size is what matters.
        shown = f"ett tal med {int(abs(value).bit_length() * 0.30103) + 1} siffror"
    else:
        try:
            shown = json.dumps(value, ensure_ascii=False)
        except (TypeError, ValueError, RecursionError):
            shown = type(value).__name__
    return shown if len(shown) <= 40 else shown[:37] + "…"


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError(
            "idebot", "en text väntades, fick {got}", {"got": shown_value(value)}
        )
    cleaned = clean_text(value)
    if len(cleaned) > MAX_TEXT:
        raise PydanticCustomError(
            "idebot",
            "texten är {n} tecken, högst {max} tecken tillåts",
            {"n": len(cleaned), "max": MAX_TEXT},
        )
    return cleaned


def _whole(value: Any, what: str, low: int, high: int, example: str) -> int:
    """A whole number within ``low``..``high``; the error names the range and an example."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError(
            "idebot", what + " väntades, fick {got}", {"got": shown_value(value)}
        )
    if isinstance(value, float) and not value.is_integer():
        raise PydanticCustomError(
            "idebot", what + " väntades, fick {got}", {"got": shown_value(value)}
        )
    if not low <= value <= high:
        raise PydanticCustomError(
            "idebot",
            what + " mellan {low} och {high} väntades ({example}), fick {got}",
            {
                "low": _grouped(low),
                "high": _grouped(high),
                "example": example,
                "got": shown_value(value),
            },
        )
    return int(value)


def _grouped(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def _money(value: Any) -> int:
    return _whole(value, "ett belopp i kronor", 0, MAX_AMOUNT, "t.ex. 1 200 000")


def Count(high: int, example: str) -> Any:
    """A whole number from 0 to ``high`` (the field's sensible range)."""

    def check(value: Any) -> int:
        return _whole(value, "ett heltal", 0, high, example)

    return Annotated[int, BeforeValidator(check)]


def _year(value: Any) -> int:
    return _whole(value, "ett årtal", FIRST_YEAR, LAST_YEAR, "t.ex. 2027")


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise PydanticCustomError(
            "idebot", "ja eller nej (true/false) väntades, fick {got}", {"got": shown_value(value)}
        )
    return value


def _date(value: Any) -> dt.date:
    day = value if isinstance(value, dt.date) else None
    if isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            day = None
    if day is None:
        raise PydanticCustomError(
            "idebot", "ett datum ÅÅÅÅ-MM-DD väntades, fick {got}", {"got": shown_value(value)}
        )
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise PydanticCustomError(
            "idebot",
            "ett datum mellan {low} och {high} väntades (t.ex. 2027-01-01), fick {got}",
            {"low": FIRST_YEAR, "high": LAST_YEAR, "got": shown_value(value)},
        )
    return day


def _choice(enum: type[StrEnum]):
    def check(value: Any) -> StrEnum:
        if isinstance(value, str) and value in enum._value2member_map_:
            return enum(value)
        allowed = ", ".join(m.value for m in enum)
        raise PydanticCustomError(
            "idebot",
            "ett av {allowed} väntades, fick {got}",
            {"allowed": allowed, "got": shown_value(value)},
        )

    return check


def _rows(limit: int):
    def check(value: Any) -> Any:
        if not isinstance(value, list):
            raise PydanticCustomError(
                "idebot", "en lista väntades, fick {got}", {"got": shown_value(value)}
            )
        if len(value) > limit:
            raise PydanticCustomError(
                "idebot",
                "högst {limit} rader får plats, fick {n}",
                {"limit": limit, "n": len(value)},
            )
        return value

    return check


def _object(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value
    if not isinstance(value, dict):
        raise PydanticCustomError(
            "idebot", "ett objekt väntades, fick {got}", {"got": shown_value(value)}
        )
    return value


Text = Annotated[str, BeforeValidator(_text)]
Money = Annotated[int, BeforeValidator(_money)]
Year = Annotated[int, BeforeValidator(_year)]
Bool = Annotated[bool, BeforeValidator(_bool)]
Date = Annotated[dt.date, BeforeValidator(_date)]


def Choice(enum: type[StrEnum]) -> Any:
    """An enum-valued field with a Swedish error listing the allowed values."""
    return Annotated[enum, BeforeValidator(_choice(enum))]


def ListOf(item: Any, limit: int = MAX_ROWS) -> Any:
    """A list field of at most ``limit`` rows, with a Swedish error when it is not a list."""
    return Annotated[list[item], BeforeValidator(_rows(limit))]


def Obj(model: type[BaseModel]) -> Any:
    """An object field with a Swedish error when it is not an object."""
    return Annotated[model, BeforeValidator(_object)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Applicant(_Model):
    """Sökande organisation."""

    name: Text | None = None
    unit: Text | None = None
    org_type: Choice(OrgType) | None = None


class Partner(_Model):
    """Samverkanspart."""

    name: Text | None = None
    org_type: Choice(OrgType) | None = None
    role: Text | None = None


class BudgetYear(_Model):
    """Kostnad ett år."""

    year: Year
    cost: Money


class Cofinancing(_Model):
    """En parts medfinansiering."""

    party: Text | None = None
    amount: Money
    form: Choice(CofinancingForm) | None = None


class CostReduction(_Model):
    """Var och när en kostnadsminskning uppstår."""

    organisation: Text | None = None
    amount_per_year: Money
    from_year: Year | None = None


class Signatory(_Model):
    """Who signs for one party (Blekinge: the verksamhetschef who endorses)."""

    party: Text | None = None
    name: Text | None = None
    title: Text | None = None


class Contact(_Model):
    """Kontaktperson."""

    name: Text | None = None
    email: Text | None = None
    phone: Text | None = None


class Answers(_Model):
    """One application idea (``answers.md``). Every field may be missing."""

    fund: Annotated[str, BeforeValidator(_text)] | None = None
    title: Text | None = None
    problem: Text | None = None
    description: Text | None = None
    target_groups: ListOf(Choice(TargetGroup)) | None = None
    target_group_description: Text | None = None
    target_group_size: Count(10_000_000, "t.ex. 150") | None = None
    target_group_identification: Text | None = None
    other_interventions: Text | None = None
    intervention_type: Choice(InterventionType) | None = None
    method_kind: Choice(MethodKind) | None = None
    method_description: Text | None = None
    evidence_basis: Choice(EvidenceBasis) | None = None
    evidence_references: Text | None = None
    controlled_studies: Bool | None = None
    applicant: Obj(Applicant) | None = None
    partners: ListOf(Obj(Partner)) | None = None
    existing_activity: Bool | None = None
    start_date: Date | None = None
    end_date: Date | None = None
    budget: ListOf(Obj(BudgetYear), MAX_BUDGET_YEARS) | None = None
    requested_amount: Money | None = None
    cofinancing: ListOf(Obj(Cofinancing)) | None = None
    cofinancing_principles: Text | None = None
    expected_effects: Text | None = None
    effects_timing: Text | None = None
    measurement_method: Text | None = None
    measurement_times: Text | None = None
    comparison_group: Text | None = None
    cost_reductions: ListOf(Obj(CostReduction)) | None = None
    cost_reduction_calculation: Text | None = None
    cost_reduction_description: Text | None = None
    savings_horizon_years: Count(100, "t.ex. 3") | None = None
    repayment_plan: Text | None = None
    repayment_years: Count(100, "t.ex. 5") | None = None
    repayment_responsible: Text | None = None
    implementation_plan: Text | None = None
    follow_up_plan: Text | None = None
    manager_endorsement: Bool | None = None
    contact: Obj(Contact) | None = None
    # Additions to answers.md (issue 13): what the signature pages need.
    committee: Text | None = None
    signatories: ListOf(Obj(Signatory)) | None = None

    def answered(self, name: str) -> bool:
        """True when the field was given (even as null or an empty list)."""
        return name in self.model_fields_set

    def to_json(self) -> dict[str, Any]:
        """The JSON object of the answered fields (dates as ISO strings)."""
        return self.model_dump(mode="json", exclude_unset=True)


assert {f.value for f in AnswerField} == set(Answers.model_fields), "AnswerField out of sync"
# The field names, looked up after every answer (``Answers.model_fields`` is a property).
ANSWER_FIELDS = frozenset(Answers.model_fields)
