"""The criteria: fund profiles with their rules as data, and the one engine that evaluates them.

``profiles`` loads the fund files (``criteria/funds/*.yaml``); ``kinds`` holds the rule
kinds; ``conditions`` the small path and condition language the kinds and the dialog
flow share; ``derived`` the values computed from answers; ``messages`` the sandboxed
message templates; ``findings`` what an evaluation returns; ``engine`` evaluates.
"""

from knowledge.criteria.conditions import (
    Condition,
    Facts,
    fold_name,
    name_parts,
    parse_condition,
    same_name,
)
from knowledge.criteria.derived import Derived, add_years, derive, latest_end, months_between
from knowledge.criteria.engine import evaluate, evaluate_rules, rules_reading, screening_fields
from knowledge.criteria.findings import Evaluation, Finding, Status, Verdict, verdict_of
from knowledge.criteria.profiles import (
    FUNDS_DIR,
    Coordinator,
    DeadlineSpec,
    FundProfile,
    Rule,
    load_fund_file,
    load_funds,
)

__all__ = [
    "FUNDS_DIR",
    "Condition",
    "Coordinator",
    "DeadlineSpec",
    "Derived",
    "Evaluation",
    "Facts",
    "Finding",
    "FundProfile",
    "Rule",
    "Status",
    "Verdict",
    "add_years",
    "derive",
    "evaluate",
    "evaluate_rules",
    "fold_name",
    "latest_end",
    "load_fund_file",
    "load_funds",
    "months_between",
    "name_parts",
    "parse_condition",
    "rules_reading",
    "same_name",
    "screening_fields",
    "verdict_of",
]
