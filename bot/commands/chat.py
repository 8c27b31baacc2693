"""``idebot chat [--fund F] [--jsonl] [--user ID]``: the dialog in the terminal."""

from __future__ import annotations

import getpass
import os
import sys
from typing import Any

USER_PREFIX = "console:"


def user_key(user: str | None) -> str:
    """The store key of a console user (default: the OS user name)."""
    if not user:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):  # no passwd entry (containers)
            user = "anonym"
    return f"{USER_PREFIX}{user}"


def run(args: Any, *, settings: Any) -> int:
    """Runs the console chat, or the JSON-lines protocol with ``--jsonl``."""
    from dialogs import DialogService
    from storage import open_store

    # Bytes that are not UTF-8 (a Latin-1 terminal, a cp1252 file) become U+FFFD
    # instead of a UnicodeDecodeError traceback.
    for stream, errors in ((sys.stdout, "strict"), (sys.stdin, "replace")):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors=errors)
    key = user_key(args.user)
    with open_store(settings) as store:
        service = DialogService(store=store, settings=settings)
        try:
            if args.jsonl:
                from bot.jsonl import run_jsonl

                return run_jsonl(service, key, fund=args.fund, inp=sys.stdin, out=sys.stdout)
            from bot.console import run_console

            return run_console(service, key, fund=args.fund, out=sys.stdout)
        except BrokenPipeError:
            # The reader went away (e.g. `| head`): the draft is saved; stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return 0
