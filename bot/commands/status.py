"""``idebot status ID STATUS [--falt F,G] [--kommentar TEXT]``: moves an application along.

The same use case as Telegram's ``/status``: the same validation (a komplettering names
fields the application's fund asks) and audit, the applicant's draft reopened, and the
applicant told through the outbox (a running bot sends it).
"""

from __future__ import annotations

import argparse

from bot.commands.common import cli_actor, opened_core
from bot.core.records import title_of
from bot.settings import Settings

CHANNEL_NAMES = {"telegram": "i Telegram", "email": "med e-post"}


def run(args: argparse.Namespace, *, settings: Settings) -> int:
    """Changes the status; prints what happened; returns 0."""
    fields = [f.strip() for f in (args.falt or "").split(",") if f.strip()]
    with opened_core(settings) as core:
        changed = core.change_status(
            args.id, args.status, by=cli_actor(), fields=fields, comment=args.kommentar or ""
        )
    line = f"Status för ”{title_of(changed.application)}” är nu: {changed.status.label}."
    if changed.fields:
        line += f" Fälten {', '.join(changed.fields)} är öppnade igen i sökandens dialog."
    if changed.notified:
        line += " Sökanden får besked " + " och ".join(CHANNEL_NAMES[c] for c in changed.notified)
        line += "."
    else:
        line += " Sökanden kan inte nås av boten – kontakta hen direkt."
    print(line)
    return 0
