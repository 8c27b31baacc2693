"""Knowledge: the answer model, criteria, FAQ and fund profiles as data."""

from knowledge.answers import (
    OPTION_LABELS,
    AnswerField,
    Answers,
    CofinancingForm,
    EvidenceBasis,
    InterventionType,
    MethodKind,
    OrgType,
    TargetGroup,
    clean_text,
    label,
    load_answers,
    parse_answers,
    validate_field,
)
from knowledge.derived import Derived, derive, latest_end
from knowledge.errors import AnswersError, KnowledgeError, KnowledgeFileError, UnknownFundError
from knowledge.findings import Evaluation, Finding, Status, Verdict, verdict_of
from knowledge.formatting import (
    format_date,
    format_money,
    format_month,
    format_number,
    format_percent,
)

__all__ = [
    "OPTION_LABELS",
    "AnswerField",
    "Answers",
    "AnswersError",
    "CofinancingForm",
    "Derived",
    "Evaluation",
    "EvidenceBasis",
    "Finding",
    "InterventionType",
    "KnowledgeError",
    "KnowledgeFileError",
    "MethodKind",
    "OrgType",
    "Status",
    "TargetGroup",
    "UnknownFundError",
    "Verdict",
    "clean_text",
    "derive",
    "format_date",
    "format_money",
    "format_month",
    "format_number",
    "format_percent",
    "label",
    "latest_end",
    "load_answers",
    "parse_answers",
    "validate_field",
    "verdict_of",
]
