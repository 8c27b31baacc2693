"""``idebot ansokan ID [-o FIL.docx] [--json]``: one application, its history, how its
deliveries went, and its document."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bot.commands.common import opened_core
from bot.core.records import (
    delivery_line,
    document_filename,
    history_lines,
    history_of,
    summary_lines,
)
from bot.errors import BotError
from bot.settings import Settings
from storage.files import store_bytes


def run(args: argparse.Namespace, *, settings: Settings) -> int:
    """Prints the application (and writes its document with ``-o``); returns 0."""
    output = Path(args.output) if args.output else None
    if output is not None and output.suffix.lower() != ".docx":
        raise BotError(f"-o: ett filnamn som slutar på .docx väntades, fick {output}")
    with opened_core(settings) as core:
        app = core.application(args.id)
        document = core.document(args.id) if output is not None else None
        fund_name = core.coordination.fund_name(app.get("fund"))
        deliveries = core.coordination.deliveries(args.id)
    if output is not None and document is not None:
        store_bytes(output, document)
    if args.json:
        data = {
            "id": app["id"],
            "title": app.get("title") or (app.get("answers") or {}).get("title"),
            "fund": app.get("fund"),
            "status": app.get("status"),
            "verdict": app.get("verdict"),
            "answers": app.get("answers") or {},
            "findings": app.get("findings") or [],
            "history": history_of(app),
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    lines = summary_lines(app, heading="Ansökan", fund_name=fund_name)
    lines += ["Historik:", *history_lines(app)]
    if deliveries:
        lines += ["Leveranser:", *(delivery_line(d) for d in deliveries)]
    if output is not None:
        lines.append(f"Dokumentet är sparat: {output}")
    else:
        lines.append(f"Spara dokumentet: idebot ansokan {app['id']} -o {document_filename(app)}")
    print("\n".join(lines))
    return 0
