"""``idebot inkorg [--json]``: the coordinators' inbox, newest first, with status and verdict."""

from __future__ import annotations

import argparse
import json

from bot.commands.common import opened_core
from bot.core.records import applicant_of, submitted_on, title_of, verdict_of
from bot.core.status import status_label
from bot.settings import Settings


def run(args: argparse.Namespace, *, settings: Settings) -> int:
    """Prints the inbox; returns 0."""
    with opened_core(settings) as core:
        apps = core.inbox()
    if args.json:
        rows = [
            {
                "id": app["id"],
                "title": app.get("title") or (app.get("answers") or {}).get("title"),
                "fund": app.get("fund"),
                "status": app.get("status"),
                "verdict": app.get("verdict"),
                "submitted": app.get("submitted_at"),
            }
            for app in apps
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not apps:
        print("Inkorgen är tom: inga idéer har skickats in.")
        return 0
    print(f"Inkorgen ({len(apps)} st, nyast först):")
    for number, app in enumerate(apps, start=1):
        print(f"{number}. ”{title_of(app)}” – {applicant_of(app)}")
        print(f"   {status_label(app.get('status'))}, inskickad {submitted_on(app)}")
        print(f"   {verdict_of(app)}")
        print(f"   idebot ansokan {app['id']}")
    return 0
