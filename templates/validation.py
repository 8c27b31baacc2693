"""``idebot kb validate`` for the Word templates: every template renders strictly.

Each ``ansokan*.docx`` is rendered with ``StrictUndefined`` on an empty and on a full
answer set, with every field shown, so a variable the context does not provide or
XML the edit broke is an error naming the template file.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from knowledge.answers import Answers, parse_answers
from knowledge.answers.sample import SAMPLE_ANSWERS
from knowledge.criteria.findings import Evaluation, Finding, Status
from templates import TemplateError
from templates.context import build_context
from templates.render import TEMPLATE_PREFIX, TEMPLATES_DIR, render_template


def stand_in_fund(fund_id: str) -> Any:
    """A fund with every attribute the context reads (validation needs no knowledge files)."""
    coordinator = SimpleNamespace(
        name="Samordnare",
        title="Samordnare",
        phone="010-000 00 00",
        email="s@example.se",
        organisation="Fonden",
    )
    return SimpleNamespace(
        id=fund_id,
        name="Fonden",
        fund_name="Fondens sociala investeringsmedel",
        coordinator=coordinator,
        rules=(),
    )


def sample_answers() -> Answers:
    """A complete answer object (every field given), with line breaks in a text."""
    data = {**SAMPLE_ANSWERS, "problem": "Text\nmed radbrytning"}
    return parse_answers(data, source="exempelsvar")


def sample_evaluation(fund_id: str) -> Evaluation:
    """An evaluation with one finding of every status."""
    return Evaluation(
        fund_id,
        tuple(
            Finding(f"{fund_id}.{status.value}", status, "Meddelande.", "källa.txt: avsnitt")
            for status in Status
        ),
    )


def validate_templates(directory: str | os.PathLike[str] | None = None) -> list[Path]:
    """Renders every ``ansokan*.docx`` with ``StrictUndefined`` on an empty and a full answer set.

    Args:
        directory: Where the templates are (default: this package).

    Returns:
        The templates checked.

    Raises:
        TemplateError: naming the template file and the unknown variable or the XML error.
    """
    folder = Path(directory) if directory else TEMPLATES_DIR
    paths = sorted(folder.glob(f"{TEMPLATE_PREFIX}*.docx"))
    if not paths:
        raise TemplateError(f"{folder}: inga mallar ({TEMPLATE_PREFIX}*.docx) hittades")
    full = sample_answers()
    for path in paths:
        fund_id = path.stem.removeprefix(TEMPLATE_PREFIX).lstrip("_") or "annan"
        fund = stand_in_fund(fund_id)
        cases = ((Answers(), Evaluation(fund_id)), (full, sample_evaluation(fund_id)))
        for answers, evaluation in cases:
            context = build_context(answers, fund, evaluation, today=dt.date(2027, 1, 1))
            render_template(path, context, full_check=True)
    return paths
