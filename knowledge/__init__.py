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
from knowledge.base import KnowledgeBase, load_knowledge
from knowledge.criteria import evaluate, evaluate_rules, rules_reading
from knowledge.criteria.derived import Derived, derive, latest_end
from knowledge.criteria.findings import Evaluation, Finding, Status, Verdict, verdict_of
from knowledge.criteria.profiles import Coordinator, DeadlineSpec, FundProfile, Rule, load_funds
from knowledge.errors import AnswersError, KnowledgeError, KnowledgeFileError, UnknownFundError
from knowledge.faq import (
    Faq,
    FaqEntry,
    FaqHit,
    export_faq,
    import_faq,
    load_faq,
    save_faq,
    validate_faq_data,
)
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
    "Faq",
    "FaqEntry",
    "FaqHit",
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
    "export_faq",
    "format_date",
    "format_money",
    "format_month",
    "format_number",
    "format_percent",
    "import_faq",
    "label",
    "latest_end",
    "load_answers",
    "load_faq",
    "parse_answers",
    "save_faq",
    "validate_faq_data",
    "validate_field",
    "verdict_of",
]

# Criteria engine, fund profiles and the knowledge base (helper "criteria").
__all__ += [
    "Coordinator",
    "DeadlineSpec",
    "FundProfile",
    "KnowledgeBase",
    "Rule",
    "evaluate",
    "evaluate_rules",
    "load_funds",
    "load_knowledge",
    "rules_reading",
]
