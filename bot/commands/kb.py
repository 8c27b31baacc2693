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
    # The dialog's question flow is staff-editable data too; checked when the dialog
    # package provides its loader.
    try:
        from dialogs import DialogError
        from dialogs.flow import load_flow
    except ImportError:
        return
    try:
        flow = load_flow()
    except DialogError as problem:
        errors.append(problem)
    else:
        steps = getattr(flow, "steps", None)
        count = f", {len(steps)} frågor" if steps is not None else ""
        checked.append(f"flow.yaml: dialogens frågor{count}")


def run(args: argparse.Namespace, *, settings: Settings) -> int:
    """Runs ``kb validate``; returns the exit code."""
    report = validate_knowledge(data_dir=settings.data_dir)
    checked = list(report.checked)
    errors: list[Exception] = list(report.errors)
    _check_flow(checked, errors)
    if errors:
        for problem in errors:
            print(f"idebot: {problem}", file=sys.stderr)
        print(f"Kunskapsbasen har {len(errors)} fel; rätta filerna ovan.", file=sys.stderr)
        return EXIT_INVALID
    print(f"OK: alla {len(checked)} kunskapsfiler är giltiga.")
    for line in checked:
        print(f"  {line}")
    return 0
