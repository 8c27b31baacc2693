"""``idebot chat [--fund F] [--jsonl] [--user ID]``: the dialog in the terminal."""

from __future__ import annotations

import os
import sys
from typing import Any

from bot.commands.common import opened_core, os_user
from bot.commands.mail_drain import send_queued_mail
from bot.core.coordination import CONSOLE_PREFIX
from bot.terminal import run_console, run_jsonl

USER_PREFIX = CONSOLE_PREFIX


def user_key(user: str | None) -> str:
    """The store key of a console user (default: the OS user name)."""
    return f"{USER_PREFIX}{user or os_user()}"


def run(args: Any, *, settings: Any) -> int:
    """Runs the console chat, or the JSON-lines protocol with ``--jsonl``."""
    # Bytes that are not UTF-8 (a Latin-1 terminal, a cp1252 file) become U+FFFD
    # instead of a UnicodeDecodeError traceback.
    for stream, errors in ((sys.stdout, "strict"), (sys.stdin, "replace")):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors=errors)
    key = user_key(args.user)
    with opened_core(settings, purge=True) as core:
        before = email_deliveries(core)
        try:
            if args.jsonl:
                code = run_jsonl(core, key, fund=args.fund, inp=sys.stdin, out=sys.stdout)
            else:
                code = run_console(core, key, fund=args.fund, out=sys.stdout)
        except BrokenPipeError:
            # The reader went away (e.g. `| head`): the draft is saved; stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            code = 0
        # A submission's e-mail to the coordinators goes before the process ends (told
        # on stderr, so the JSON-lines protocol on stdout stays as it is). A session
        # that queued none never waits for a mail server on its way out.
        if email_deliveries(core) - before:
            send_queued_mail(core, out=sys.stderr)
        return code


def email_deliveries(core: Any) -> set[str]:
    """The ids of the outbox's e-mail deliveries (none read without an SMTP server)."""
    if not core.settings.mail_enabled:
        return set()
    return {d["id"] for d in core.coordination.deliveries() if d.get("channel") == "email"}
