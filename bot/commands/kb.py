"""``idebot kb validate``: checks every knowledge file against its schema.

Every invalid file is reported (one Swedish line each, naming file, entry and
field) on stderr and the exit code is 2; when all is well a short Swedish
summary is printed and the exit code is 0.
"""

from __future__ import annotations

import argparse
import sys

from bot.settings import Settings
from knowledge.base import validate_knowledge

EXIT_INVALID = 2


def _check_flow(checked: list[str], errors: list[Exception]) -> None:
    # The dialog's question flow is staff-editable data too.
    from dialogs import DialogError
    from dialogs.flow import load_flow

    try:
        flow = load_flow()
    except DialogError as problem:
        errors.append(problem)
    else:
        checked.append(f"flow.yaml: dialogens frågor, {len(flow.steps)} steg")


def _check_templates(checked: list[str], errors: list[Exception]) -> None:
    # Staff edit the Word templates; every variable they use must be one the renderer provides.
    from templates import TemplateError, validate_templates

    try:
        paths = validate_templates()
    except TemplateError as problem:
        errors.append(problem)
    else:
        checked.extend(f"{path.name}: Word-mall" for path in paths)


def run(args: argparse.Namespace, *, settings: Settings) -> int:
    """Runs ``kb validate``; returns the exit code."""
    report = validate_knowledge(data_dir=settings.data_dir)
    checked = list(report.checked)
    errors: list[Exception] = list(report.errors)
    _check_flow(checked, errors)
    _check_templates(checked, errors)
    if errors:
        for problem in errors:
            print(f"idebot: {problem}", file=sys.stderr)
        print(f"Kunskapsbasen har {len(errors)} fel; rätta filerna ovan.", file=sys.stderr)
        return EXIT_INVALID
    print(f"OK: alla {len(checked)} kunskapsfiler är giltiga.")
    for line in checked:
        print(f"  {line}")
    return 0
