"""``idebot inkorg [--json]``: the coordinators' inbox, newest first, with status and
verdict, and any delivery that failed (an address the mail server refused)."""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from typing import Any

from bot.commands.common import opened_core
from bot.core.records import (
    applicant_of,
    delivery_warnings,
    status_line,
    title_of,
    verdict_of,
)
from bot.settings import Settings


def inbox_row(app: dict[str, Any]) -> dict[str, Any]:
    """One application as ``interfaces.md``'s ``idebot inkorg --json`` row."""
    return {
        "id": app["id"],
        "title": app.get("title") or (app.get("answers") or {}).get("title"),
        "fund": app.get("fund"),
        "status": app.get("status"),
        "verdict": app.get("verdict"),
        "submitted": app.get("submitted_at"),
    }


def run(args: argparse.Namespace, *, settings: Settings) -> int:
    """Prints the inbox; returns 0."""
    with opened_core(settings) as core:
        apps = core.inbox()
        deliveries: dict[str, list[dict[str, Any]]] = defaultdict(list)
        if not args.json:
            for delivery in core.coordination.deliveries():
                deliveries[delivery["application_id"]].append(delivery)
    if args.json:
        print(json.dumps([inbox_row(app) for app in apps], ensure_ascii=False, indent=2))
        return 0
    if not apps:
        print("Inkorgen är tom: inga idéer har skickats in.")
        return 0
    print(f"Inkorgen ({len(apps)} st, nyast först):")
    for number, app in enumerate(apps, start=1):
        print(f"{number}. ”{title_of(app)}” – {applicant_of(app)}")
        print(f"   {status_line(app)}")
        print(f"   {verdict_of(app)}")
        for warning in delivery_warnings(deliveries[app["id"]]):
            print(f"   ⚠ {warning.removeprefix('• ')}")
        print(f"   idebot ansokan {app['id']}")
    return 0
