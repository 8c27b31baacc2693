"""``idebot faq``: search the FAQ, or export/import it for bulk editing.

* ``idebot faq "FRÅGA" [--fund F] [--top N] [--json]`` searches. ``--json`` prints
  ``[{"id", "question", "answer", "score"}]``, best first, ``[]`` when nothing is good
  enough; the human output is the best answer (Swedish), or "Det vet jag inte säkert"
  with the coordinator's contact.
* ``idebot faq export FIL`` writes the effective FAQ (staff edits included) as YAML.
* ``idebot faq import FIL`` validates a file and makes it the FAQ, audited like a staff
  edit in Telegram and live at once in a running bot; on any error nothing is saved and
  the error names file, entry and field.

The FAQ is the staff-edited copy in the store when there is one, else the packaged one.
The fund is ``--fund``, else ``IDEBOT_FUND``.
"""

from __future__ import annotations

import argparse
import importlib
import json
from pathlib import Path

from bot.errors import BotError
from bot.settings import Settings
from knowledge.base import resolve_fund
from knowledge.criteria import FundProfile, load_funds
from knowledge.faq import Faq, fallback_answer, faq_document, load_faq
from knowledge.formatting import wrap_text
from storage import open_store
from storage.files import store_bytes

EXPORT, IMPORT = "export", "import"


def _load(settings: Settings) -> Faq:
    store = open_store(settings)
    try:
        staff = store.get_staff_faq()
    finally:
        store.close()
    # The built FAQ is cached in IDEBOT_DATA_DIR/cache, keyed by its content, so a new
    # process does not parse, validate and index it again.
    faq = load_faq(staff_text=staff.text if staff else None, cache_dir=settings.cache_dir)
    faq.draft_retention_days = settings.draft_retention_days
    return faq


def format_hits(faq: Faq, hits: list, fund: FundProfile) -> str:
    """The Swedish answer printed for a search (the best hit, then the runners-up)."""
    if not hits:
        return "\n".join(wrap_text(fallback_answer(fund)))
    best = hits[0]
    entry = faq.get(best.id)
    lines = [best.question, ""]
    lines += wrap_text(best.answer)
    if entry is not None:
        lines += ["", f"Källa: {faq.source_for(entry, fund)}"]
    if len(hits) > 1:
        lines += ["", "Se även:"]
        lines += [f"  - {hit.question}" for hit in hits[1:]]
    return "\n".join(lines)


def _search(args: argparse.Namespace, settings: Settings) -> int:
    if args.top < 1:
        raise BotError(f"--top: ett heltal större än 0 väntades, fick {args.top}")
    question = " ".join(args.words).strip()
    if not question:
        raise BotError("FRÅGA: en fråga väntades, fick en tom text")
    # No criteria message is shown here: the fund files' templates are not compiled.
    fund = resolve_fund(load_funds(check_messages=False), args.fund, None, settings.fund)
    faq = _load(settings)
    hits = faq.search(question, fund=fund, top=args.top)
    if args.json:
        print(json.dumps([hit.to_json() for hit in hits], ensure_ascii=False, indent=2))
    else:
        print(format_hits(faq, hits, fund))
    return 0


def _export(path: Path, settings: Settings) -> int:
    faq = _load(settings)
    store_bytes(path, faq_document(faq.entries).encode("utf-8"))
    print(f"Exporterade {len(faq.entries)} frågor till {path}.")
    return 0


def _import(path: Path, settings: Settings) -> int:
    # Loaded like bot.cli loads a command, only when used: the import needs the
    # application (bot.core), a third of a second of imports a search never uses.
    return importlib.import_module("bot.commands.faq_import").run_import(path, settings)


def run(args: argparse.Namespace, *, settings: Settings) -> int:
    """Runs the sub-command; returns the exit code."""
    words = list(args.words)
    if len(words) == 1 and words[0] in (EXPORT, IMPORT):
        # `idebot faq export` without a file is a forgotten argument, not a question.
        raise BotError(f"faq {words[0]}: en fil väntades (idebot faq {words[0]} FIL)")
    if len(words) == 2 and words[0] in (EXPORT, IMPORT):
        path = Path(words[1])
        return _export(path, settings) if words[0] == EXPORT else _import(path, settings)
    return _search(args, settings)
