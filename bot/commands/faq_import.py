"""``idebot faq import FIL``: the part of ``idebot faq`` that needs the application.

Kept apart from ``bot.commands.faq`` and loaded only for an import, the way ``bot.cli``
loads each command: the application (``bot.core`` with the dialog engine) is a third of
a second of imports that a search, the common case, never uses.
"""

from __future__ import annotations

from pathlib import Path

from bot.commands.common import cli_actor, opened_core
from bot.settings import Settings
from knowledge.faq import load_faq_file


def run_import(path: Path, settings: Settings) -> int:
    """Validates a FAQ file and makes it the FAQ, audited; returns the exit code."""
    entries = load_faq_file(path)
    with opened_core(settings) as core:
        count = core.faq_import(entries, by=cli_actor(), source=path.name)
    print(f"Importerade {count} frågor från {path}; de gäller nu i boten.")
    return 0
