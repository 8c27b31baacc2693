"""``idebot kb validate``: checks every knowledge file against its schema.

Every invalid file is reported (one Swedish line each, naming file, entry and field) on
stderr and the exit code is 2; when all is well a short Swedish summary is printed and
the exit code is 0. The staff's FAQ copy in the store is checked too.
"""

from __future__ import annotations

import argparse
import sys

from bot.commands.common import opened_store
from bot.settings import Settings
from dialogs import DialogError
from dialogs.flow import load_flow
from knowledge.base import validate_knowledge
from templates import TemplateError, validate_templates

EXIT_INVALID = 2


def run(args: argparse.Namespace, *, settings: Settings) -> int:
    """Runs ``kb validate``; returns the exit code."""
    with opened_store(settings) as store:
        staff = store.get_staff_faq()
    report = validate_knowledge(staff_faq=staff.text if staff else None)
    # The dialog flow and the Word templates are staff-edited too; each reports through
    # its own package's error root.
    report.check(
        load_flow,
        lambda flow: f"flow.yaml: dialogens frågor, {len(flow.steps)} steg",
        catch=DialogError,
    )
    report.check(
        validate_templates,
        lambda paths: [f"{path.name}: Word-mall" for path in paths],
        catch=TemplateError,
    )
    checked, errors = report.checked, report.errors
    if errors:
        for problem in errors:
            print(f"idebot: {problem}", file=sys.stderr)
        print(f"Kunskapsbasen har {len(errors)} fel; rätta filerna ovan.", file=sys.stderr)
        return EXIT_INVALID
    print(f"OK: alla {len(checked)} kunskapsfiler är giltiga.")
    for line in checked:
        print(f"  {line}")
    return 0
