"""``idebot status ID STATUS [--falt F,G] [--kommentar TEXT]``: moves an application along.

The same use case as Telegram's ``/status``: the same validation (a komplettering names
fields the application's fund asks) and audit, the applicant's draft reopened, and the
applicant told through the outbox: an e-mail notice is sent before the command exits
(a running bot would send it too; the outbox's claim makes it go once), a Telegram one
by the running bot.
"""

from __future__ import annotations

import argparse
import sys

from bot.commands.common import cli_actor, opened_core
from bot.commands.mail_drain import send_queued_mail
from bot.core.coordination import COMMENT, FIELDS, STATUS
from bot.errors import Refused
from bot.settings import Settings

FLAGS = {FIELDS: "--falt", COMMENT: "--kommentar", STATUS: "STATUS"}


def run(args: argparse.Namespace, *, settings: Settings) -> int:
    """Changes the status; prints what happened; returns 0."""
    fields = [f.strip() for f in (args.falt or "").split(",") if f.strip()]
    with opened_core(settings) as core:
        try:
            changed = core.change_status(
                args.id, args.status, by=cli_actor(), fields=fields, comment=args.kommentar or ""
            )
        except Refused as refused:
            # The line names the flag (or argument) the refusal is about.
            flag = FLAGS.get(refused.about or "")
            if flag is None:
                raise
            raise Refused(f"{flag}: {refused}", about=refused.about) from None
        print(changed.summary(), flush=True)
        if "email" in changed.notified:
            send_queued_mail(core, out=sys.stderr)
    return 0
