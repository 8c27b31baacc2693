"""``idebot check ANSWERS.json [--fund F] [--json]``: evaluates the criteria.

The fund is ``--fund``, else the answers' own ``fund``, else ``IDEBOT_FUND``.
Human output is Swedish: the verdict, then every finding with its status and
source. ``--json`` prints ``{"fund", "verdict", "findings": [...]}``. The exit
code is 0 whatever the verdict; bad input raises a knowledge error that the
CLI turns into one Swedish line and exit code 2.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bot.settings import Settings
from knowledge.answers import load_answers
from knowledge.base import resolve_fund
from knowledge.criteria import Evaluation, FundProfile, evaluate, load_funds
from knowledge.formatting import wrap_text


def format_evaluation(evaluation: Evaluation, fund: FundProfile) -> str:
    """The Swedish report of an evaluation, as printed by ``idebot check``."""
    lines = [
        f"Fond: {fund.fund_name} ({fund.id})",
        f"Bedömning: {evaluation.verdict.label}",
        "",
    ]
    for finding in evaluation.findings:
        lines.append(f"[{finding.status.label}] {finding.rule}")
        lines.extend(wrap_text(finding.message, indent="  "))
        lines.append(f"  Källa: {finding.source}")
    return "\n".join(lines)


def run(args: argparse.Namespace, *, settings: Settings) -> int:
    """Runs the sub-command; returns the exit code."""
    path = Path(args.answers)
    answers = load_answers(path)
    fund = resolve_fund(
        load_funds(cache_dir=settings.cache_dir),
        args.fund,
        answers.fund,
        settings.fund,
        answers_source=path.name,
    )
    evaluation = evaluate(answers, fund)
    if args.json:
        text = json.dumps(evaluation.to_json(), ensure_ascii=False, indent=2)
    else:
        text = format_evaluation(evaluation, fund)
    print(text, flush=True)
    return 0
