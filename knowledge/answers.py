"""The answer model of ``answers.md`` as validated types, and its loader.

Every field is optional: a missing field is "not answered yet" and makes the
rules that read it report ``unknown``. Wrong types are errors whose Swedish
text names the field path (``budget[1].cost``).

Text is cleaned when it is accepted: control characters other than newline
and tab are removed, so nothing downstream (criteria messages, Word XML,
Telegram) ever sees them.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    TypeAdapter,
    ValidationError,
)
from pydantic_core import PydanticCustomError

from knowledge.errors import AnswersError

MAX_TEXT = 4000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


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
    SAVINGS_HORIZON_YEARS = "savings_horizon_years"
    REPAYMENT_PLAN = "repayment_plan"
    REPAYMENT_YEARS = "repayment_years"
    REPAYMENT_RESPONSIBLE = "repayment_responsible"
    IMPLEMENTATION_PLAN = "implementation_plan"
    FOLLOW_UP_PLAN = "follow_up_plan"
    MANAGER_ENDORSEMENT = "manager_endorsement"
    CONTACT = "contact"


class TargetGroup(StrEnum):
    """Target group categories."""

    BARN_UNGA = "barn_unga"
    UNGA_VUXNA = "unga_vuxna"
    FORALDRAR = "foraldrar"
    RISK_UTANFORSKAP = "risk_utanforskap"
    VUXNA = "vuxna"
    ALDRE = "aldre"
    ALLA = "alla"


class InterventionType(StrEnum):
    """Preventive, early, treating or other."""

    FOREBYGGANDE = "forebyggande"
    TIDIG = "tidig"
    BEHANDLANDE = "behandlande"
    ANNAN = "annan"


class MethodKind(StrEnum):
    """Test, develop or create a method."""

    TESTA_BEFINTLIG = "testa_befintlig"
    UTVECKLA_BEFINTLIG = "utveckla_befintlig"
    NY_METOD = "ny_metod"


class EvidenceBasis(StrEnum):
    """What the method rests on."""

    EVIDENS = "evidens"
    BEPROVAD_ERFARENHET = "beprovad_erfarenhet"
    INGEN = "ingen"


class OrgType(StrEnum):
    """Kinds of organisation."""

    REGION = "region"
    KOMMUN = "kommun"
    AVTALSPART = "avtalspart"
    IDEELL = "ideell"
    STATLIG = "statlig"
    FORETAG = "foretag"
    ANNAN = "annan"


class CofinancingForm(StrEnum):
    """How a party co-finances."""

    KONTANT = "kontant"
    ARBETSTID = "arbetstid"
    ANNAT = "annat"


# Swedish labels of every option: the dialog, the Word document and the
# criteria messages all show these, never the raw values.
OPTION_LABELS: dict[type[StrEnum], dict[str, str]] = {
    TargetGroup: {
        "barn_unga": "Barn och unga",
        "unga_vuxna": "Unga vuxna",
        "foraldrar": "Föräldrar",
        "risk_utanforskap": "Personer som riskerar socialt utanförskap",
        "vuxna": "Vuxna",
        "aldre": "Äldre",
        "alla": "Alla invånare",
    },
    InterventionType: {
        "forebyggande": "Förebyggande insats",
        "tidig": "Tidig insats",
        "behandlande": "Behandlande insats",
        "annan": "Annan typ av insats",
    },
    MethodKind: {
        "testa_befintlig": "Testa en befintlig metod",
        "utveckla_befintlig": "Utveckla en befintlig metod",
        "ny_metod": "Skapa en ny metod",
    },
    EvidenceBasis: {
        "evidens": "Vetenskaplig evidens",
        "beprovad_erfarenhet": "Beprövad erfarenhet",
        "ingen": "Ingen – ny, oprövad metod",
    },
    OrgType: {
        "region": "Region/landsting",
        "kommun": "Kommun/kommunal förvaltning",
        "avtalspart": "Verksamhet med avtal med region eller kommun",
        "ideell": "Ideell förening, stiftelse eller kooperativ",
        "statlig": "Statlig myndighet",
        "foretag": "Vinstdrivande företag",
        "annan": "Annan typ av organisation",
    },
    CofinancingForm: {
        "kontant": "Kontant",
        "arbetstid": "Arbetstid",
        "annat": "Annat",
    },
}


def label(value: StrEnum | str, enum: type[StrEnum] | None = None) -> str:
    """The Swedish label of an option value (the value itself if unknown)."""
    enum = enum or type(value)
    return OPTION_LABELS.get(enum, {}).get(str(value), str(value))


def clean_text(text: str) -> str:
    """Removes control characters other than newline and tab; normalises CRLF."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _shown(value: Any) -> str:
    """The offending value as it appears in an error message, kept short."""
    shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else f'"{value}"'
    return shown if len(shown) <= 40 else shown[:37] + "…"


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("idebot", "en text väntades, fick {got}", {"got": _shown(value)})
    cleaned = clean_text(value)
    if len(cleaned) > MAX_TEXT:
        raise PydanticCustomError(
            "idebot",
            "texten är {n} tecken, högst {max} tecken tillåts",
            {"n": len(cleaned), "max": MAX_TEXT},
        )
    return cleaned


def _whole(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("idebot", what + ", fick {got}", {"got": _shown(value)})
    if isinstance(value, float) and not value.is_integer():
        raise PydanticCustomError("idebot", what + ", fick {got}", {"got": _shown(value)})
    if value < 0:
        raise PydanticCustomError(
            "idebot", what + " (inte negativt), fick {got}", {"got": _shown(value)}
        )
    return int(value)


def _money(value: Any) -> int:
    return _whole(value, "ett belopp i kronor väntades")


def _integer(value: Any) -> int:
    return _whole(value, "ett heltal väntades")


def _year(value: Any) -> int:
    year = _whole(value, "ett årtal väntades")
    if not 1900 <= year <= 2200:
        raise PydanticCustomError("idebot", "ett årtal väntades, fick {got}", {"got": year})
    return year


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise PydanticCustomError(
            "idebot", "ja eller nej (true/false) väntades, fick {got}", {"got": _shown(value)}
        )
    return value


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError(
        "idebot", "ett datum ÅÅÅÅ-MM-DD väntades, fick {got}", {"got": _shown(value)}
    )


def _choice(enum: type[StrEnum]):
    def check(value: Any) -> StrEnum:
        if isinstance(value, str) and value in enum._value2member_map_:
            return enum(value)
        allowed = ", ".join(m.value for m in enum)
        raise PydanticCustomError(
            "idebot",
            "ett av {allowed} väntades, fick {got}",
            {"allowed": allowed, "got": _shown(value)},
        )

    return check


def _list(value: Any) -> Any:
    if not isinstance(value, list):
        raise PydanticCustomError("idebot", "en lista väntades, fick {got}", {"got": _shown(value)})
    return value


def _object(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value
    if not isinstance(value, dict):
        raise PydanticCustomError(
            "idebot", "ett objekt väntades, fick {got}", {"got": _shown(value)}
        )
    return value


Text = Annotated[str, BeforeValidator(_text)]
Money = Annotated[int, BeforeValidator(_money)]
Integer = Annotated[int, BeforeValidator(_integer)]
Year = Annotated[int, BeforeValidator(_year)]
Bool = Annotated[bool, BeforeValidator(_bool)]
Date = Annotated[dt.date, BeforeValidator(_date)]


def Choice(enum: type[StrEnum]) -> Any:
    """An enum-valued field with a Swedish error listing the allowed values."""
    return Annotated[enum, BeforeValidator(_choice(enum))]


def ListOf(item: Any) -> Any:
    """A list field with a Swedish error when it is not a list."""
    return Annotated[list[item], BeforeValidator(_list)]


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
    target_group_size: Integer | None = None
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
    budget: ListOf(Obj(BudgetYear)) | None = None
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
    savings_horizon_years: Integer | None = None
    repayment_plan: Text | None = None
    repayment_years: Integer | None = None
    repayment_responsible: Text | None = None
    implementation_plan: Text | None = None
    follow_up_plan: Text | None = None
    manager_endorsement: Bool | None = None
    contact: Obj(Contact) | None = None

    def answered(self, name: str) -> bool:
        """True when the field was given (even as null or an empty list)."""
        return name in self.model_fields_set

    def to_json(self) -> dict[str, Any]:
        """The JSON object of the answered fields (dates as ISO strings)."""
        return self.model_dump(mode="json", exclude_unset=True)


assert {f.value for f in AnswerField} == set(Answers.model_fields), "AnswerField out of sync"
# The field names, looked up after every answer (``Answers.model_fields`` is a property).
ANSWER_FIELDS = frozenset(Answers.model_fields)


def format_loc(loc: tuple[Any, ...]) -> str:
    """Turns a pydantic location into a field path: ``budget[1].cost``."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif isinstance(part, str) and part.startswith("function-"):
            continue  # pydantic's validator frames, not fields
        else:
            path += f".{part}" if path else str(part)
    return path


def _first_error(error: ValidationError, *, within: tuple[str, ...] = ()) -> tuple[str, str]:
    first = error.errors(include_url=False)[0]
    path = format_loc((*within, *first["loc"]))
    if first["type"] == "extra_forbidden":
        return path, "okänt fält (se answers.md för de fält som finns)"
    if first["type"] == "missing":
        return path, "fältet saknas men krävs i varje rad"
    return path, first["msg"]


def parse_answers(data: Any, *, source: str = "svaren") -> Answers:
    """Validates a decoded JSON value as an answer object.

    Args:
        data: The decoded JSON (must be an object).
        source: Label used in error messages, normally the file name.

    Returns:
        The validated answers.

    Raises:
        AnswersError: naming the source and the first bad field path.
    """
    if not isinstance(data, dict):
        raise AnswersError(source, "", f"ett JSON-objekt väntades, fick {_shown(data)}")
    try:
        return Answers.model_validate(data)
    except ValidationError as error:
        path, reason = _first_error(error)
        raise AnswersError(source, path, reason) from None


def parse_checked_answers(data: Mapping[str, Any], *, source: str = "svaren") -> Answers:
    """:func:`parse_answers` for answers whose values are validated one by one and stay
    the same objects between calls: a dialog's draft, where one answer changes per step.

    Each field value is validated on its own (exactly as :func:`validate_field` does) and
    the typed result is remembered for that value, so the whole model is not validated
    again after every answer. A value is remembered by its identity, so values must never
    be changed in place (the dialog engine replaces an answer whole).

    Raises:
        AnswersError: naming the source and the first bad field path.
    """
    if not isinstance(data, dict):
        return parse_answers(data, source=source)
    global _remembered_count
    typed: dict[str, Any] = {}
    for name, value in data.items():
        by_id = _TYPED.get(name)
        if by_id is None:
            if name not in ANSWER_FIELDS:
                raise AnswersError(source, name, "okänt fält (se answers.md för de fält som finns)")
            by_id = _TYPED[name] = {}
        hit = by_id.get(id(value))
        if hit is not None and hit[0] is value:
            typed[name] = hit[1]
            continue
        result = _typed(name, value, source)
        if _remembered_count >= _TYPED_LIMIT:
            for remembered in list(_TYPED.values()):
                remembered.clear()  # bounded; a full draft has about forty values
            _remembered_count = 0
        by_id[id(value)] = (value, result)  # the value is kept: its id is not reused meanwhile
        _remembered_count += 1
        typed[name] = result
    # A copy of the empty model with the typed values: what model_construct gives, at a
    # third of its cost (it sets every field's default one by one).
    return _NO_ANSWERS.model_copy(update=typed)


_NO_ANSWERS = Answers()
# field -> id(value) -> (value, typed value): what each value of the field validated to
_TYPED: dict[str, dict[int, tuple[Any, Any]]] = {}
_TYPED_LIMIT = 20_000
_remembered_count = 0


def validate_field(name: str, value: Any, *, source: str = "svaret") -> Any:
    """Validates one top-level field's JSON value; returns the JSON value to store.

    Used by the dialog so a single answer is checked exactly as a whole file is: the
    field's own type from :class:`Answers` validates it (without building a whole
    model, which every dialog step would otherwise pay for).

    Raises:
        AnswersError: naming the field path.
    """
    if name not in ANSWER_FIELDS:
        raise AnswersError(source, name, "okänt fält")
    parsed = _typed(name, value, source)
    if type(parsed) in _JSON_SCALARS:
        return parsed  # already its JSON value (enums and dates are other types)
    return _field_adapter(name).dump_python(parsed, mode="json", exclude_unset=True)


def _typed(name: str, value: Any, source: str) -> Any:
    """One known field's value validated by the field's own type (typed, not JSON)."""
    try:
        return _field_adapter(name).validate_python(value)
    except ValidationError as error:
        path, reason = _first_error(error, within=(name,))
        raise AnswersError(source, path, reason) from None


_JSON_SCALARS = frozenset({str, int, float, bool, type(None)})


@functools.cache
def _field_adapter(name: str) -> TypeAdapter:
    info = Answers.model_fields[name]
    annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return TypeAdapter(annotation)


def load_answers(path: str | Path) -> Answers:
    """Reads and validates an answers JSON file.

    Raises:
        AnswersError: for an unreadable file, invalid JSON or a bad field.
    """
    path = Path(path)
    name = path.name
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AnswersError(name, "", "filen finns inte") from None
    except IsADirectoryError:
        raise AnswersError(name, "", "är en mapp, inte en fil") from None
    except UnicodeDecodeError:
        raise AnswersError(name, "", "filen är inte text i UTF-8") from None
    except PermissionError:
        raise AnswersError(name, "", "filen får inte läsas (behörighet saknas)") from None
    except OSError as error:
        raise AnswersError(name, "", f"filen kan inte läsas ({error.__class__.__name__})") from None
    if not raw.strip():
        raise AnswersError(name, "", "filen är tom; ett JSON-objekt väntades")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise AnswersError(
            name,
            "",
            f"ogiltig JSON på rad {error.lineno}, kolumn {error.colno}: {_json_reason(error.msg)}",
        ) from None
    return parse_answers(data, source=name)


# The json module's messages (English) and what they mean for a person editing the file.
_JSON_REASONS = {
    "Expecting value": "ett värde väntades",
    "Expecting property name enclosed in double quotes": (
        "ett fältnamn inom dubbla citattecken väntades"
    ),
    "Expecting ',' delimiter": "ett kommatecken väntades",
    "Expecting ':' delimiter": "ett kolon väntades",
    "Unterminated string starting at": "en text saknar avslutande citattecken",
    "Invalid control character at": "otillåtet kontrolltecken i en text",
    "Extra data": "mer text efter JSON-objektet",
    "Illegal trailing comma before end of object": "kommatecken före }",
    "Illegal trailing comma before end of array": "kommatecken före ]",
}


def _json_reason(message: str) -> str:
    return _JSON_REASONS.get(message, "felaktig JSON")
