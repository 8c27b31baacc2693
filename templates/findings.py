"""The criteria section and the summary on page 1.

Findings are ordered by what the coordinator must act on: failed first, then
unknown, advice, passed (the fund's rule order within each). Each names what it
concerns in Swedish (the answer fields' labels), its message and its source as the
fund's document title and section.
"""

from __future__ import annotations

import re
from typing import Any

from knowledge.answers import FIELD_LABELS
from knowledge.criteria.findings import Evaluation, Finding, Status
from templates.sources import source_title
from templates.text import NOT_GIVEN, capitalised, generated, safe_text

ORDER = (Status.FAIL, Status.UNKNOWN, Status.ADVICE, Status.PASS)
SEVERAL_FIELDS = "Flera uppgifter i ansökan"
MAX_CONCERN_FIELDS = 3  # a finding reading more fields is named SEVERAL_FIELDS
MAX_SUMMARY_FAILS = 5  # page 1 names at most this many failed criteria
NO_FINDINGS = "Inga regler prövades."
# The end of a message's first sentence: ". " before a capital letter or a digit.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9])")


def concern(fields: tuple[str, ...]) -> str:
    """What a finding is about, in Swedish: the labels of the answer fields it reads."""
    if not fields:
        return NOT_GIVEN
    if len(fields) > MAX_CONCERN_FIELDS:
        return SEVERAL_FIELDS
    labels = [FIELD_LABELS.get(name.split(".")[0], name) for name in fields]
    return safe_text(capitalised(", ".join(dict.fromkeys(labels))))


def ordered(evaluation: Evaluation) -> list[Finding]:
    """The findings, failed first, then unknown, advice and passed."""
    rank = {status: index for index, status in enumerate(ORDER)}
    return sorted(evaluation.findings, key=lambda f: rank.get(f.status, len(ORDER)))


def first_sentence(message: str) -> str:
    """The first sentence of a message (what was answered), for the page-1 summary."""
    return _SENTENCE_END.split(message.strip(), maxsplit=1)[0]


def findings(evaluation: Evaluation, fund_name: str) -> dict[str, Any]:
    """The rows of the criteria table and the verdict."""
    rows = [
        {
            "status": safe_text(f.status.label),
            # The rule id (ASCII, for staff who edit the fund file) and, for the
            # document, what the rule concerns in Swedish words.
            "rule": safe_text(f.rule),
            "criterion": concern(f.fields),
            "message": generated(f.message) or NOT_GIVEN,
            "source": source_title(f.source, fund_name) or NOT_GIVEN,
        }
        for f in ordered(evaluation)
    ]
    return {
        "verdict": safe_text(evaluation.verdict.label),
        "rows": rows,
        "note": "" if rows else NO_FINDINGS,
    }


def summary(evaluation: Evaluation, *, balance: str, missing: list[str]) -> dict[str, Any]:
    """The short summary of page 1: what fails, how much is unclear, what is missing.

    Args:
        evaluation: The criteria evaluation.
        balance: The financing line when requested + co-financing ≠ total cost, else "".
        missing: The Swedish labels of the asked fields left unanswered.
    """
    failed = evaluation.by_status(Status.FAIL)
    lines = [
        generated(f"{concern(f.fields)}: {first_sentence(f.message)}")
        for f in failed[:MAX_SUMMARY_FAILS]
    ]
    if len(failed) > MAX_SUMMARY_FAILS:
        lines.append(f"… och {len(failed) - MAX_SUMMARY_FAILS} till (se Kriterieprövning).")
    unknown = len(evaluation.by_status(Status.UNKNOWN))
    points = []
    if unknown:
        word = "kriterium" if unknown == 1 else "kriterier"
        points.append(f"{unknown} {word} kan inte bedömas än (oklart, se Kriterieprövning).")
    if balance:
        points.append(generated(balance))
    if missing:
        shown = ", ".join(missing[:8]) + (" med flera" if len(missing) > 8 else "")
        word = "uppgift är" if len(missing) == 1 else "uppgifter är"
        points.append(f"{len(missing)} {word} inte besvarade: {shown}.")
    return {
        "fails": lines,
        "has_fails": bool(lines),
        "points": points,
        "has_points": bool(points),
    }
