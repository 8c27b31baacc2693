"""The ``idebot`` command line (``interfaces.md``).

Each sub-command lives in ``bot/commands/<name>.py`` as ``run(args, *, settings) -> int``
and is imported only when used, so ``idebot faq`` does not pay for Telegram or Word.
This module is the boundary where every package's exception root is caught:
bad input becomes one Swedish line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from collections.abc import Sequence

from bot.errors import BotError
from bot.settings import load_settings
from dialogs import DialogError
from knowledge.errors import KnowledgeError
from storage import StorageError
from templates import TemplateError

EXIT_OK = 0
EXIT_BAD_INPUT = 2

FUND_HELP = "fonden vars kriterier gäller (gavleborg, sundsvall, blekinge)"

BOUNDARY_ERRORS = (BotError, KnowledgeError, DialogError, StorageError, TemplateError)

# argparse speaks English; these turn its few messages into Swedish.
_ARGPARSE_SV = [
    (r"unrecognized arguments: (.*)", r"okända argument: \1"),
    (r"the following arguments are required: (.*)", r"argument saknas: \1"),
    (
        r"argument (\S+): invalid choice: (\S+) \(choose from (.*)\)",
        r"\1: ogiltigt val \2 (välj bland \3)",
    ),
    (r"argument (\S+): expected one argument", r"\1: ett värde väntades"),
    (r"argument (\S+): invalid int value: (\S+)", r"\1: ett heltal väntades, fick \2"),
    (r"invalid choice: (\S+)", r"ogiltigt val: \1"),
]


class _SwedishHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[override]
        # argparse passes prefix "" when it builds a sub-command's name from the usage.
        super().add_usage(usage, actions, groups, "användning: " if prefix is None else prefix)


class SwedishArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are Swedish; errors exit with code 2."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _SwedishHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argument"
        self._optionals.title = "flaggor"
        self.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")

    def error(self, message: str) -> None:  # type: ignore[override]
        for pattern, replacement in _ARGPARSE_SV:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, replacement, message)
                break
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every sub-command."""
    parser = SwedishArgumentParser(
        prog="idebot",
        description="Idébot: pröva en idé för sociala investeringsmedel innan du ansöker.",
    )
    sub = parser.add_subparsers(dest="command", parser_class=SwedishArgumentParser)

    chat = sub.add_parser("chat", help="idéprövningen i terminalen")
    chat.add_argument("--fund", help=FUND_HELP)
    chat.add_argument("--jsonl", action="store_true", help="maskinprotokollet (JSON per rad)")
    chat.add_argument("--user", help="användar-id; samma id återupptar utkastet")

    telegram = sub.add_parser("telegram", help="Telegram-boten")
    telegram.add_argument("--webhook", metavar="URL", help="webhook-adress (annars long polling)")

    check = sub.add_parser("check", help="pröva svaren mot fondens kriterier")
    check.add_argument("answers", metavar="ANSWERS.json")
    check.add_argument("--fund", help=FUND_HELP)
    check.add_argument("--json", action="store_true", help="skriv ut JSON")

    render = sub.add_parser("render", help="fyll i ansökan i Word")
    render.add_argument("answers", metavar="ANSWERS.json")
    render.add_argument("-o", "--output", required=True, metavar="OUT.docx")
    render.add_argument("--fund", help=FUND_HELP)

    faq = sub.add_parser("faq", help='sök i FAQ: idebot faq "FRÅGA" (eller export/import FIL)')
    faq.add_argument("words", nargs="+", metavar="FRÅGA")
    faq.add_argument("--fund", help=FUND_HELP)
    faq.add_argument("--top", type=int, default=3, help="högst så många svar (standard 3)")
    faq.add_argument("--json", action="store_true", help="skriv ut JSON")

    inbox = sub.add_parser("inkorg", help="samordnarens inkorg, nyast först")
    inbox.add_argument("--json", action="store_true", help="skriv ut JSON")

    one = sub.add_parser("ansokan", help="en ansökan: uppgifter, historik och dokument")
    one.add_argument("id", metavar="ID")
    one.add_argument("-o", "--output", metavar="FIL.docx", help="spara dokumentet här")
    one.add_argument("--json", action="store_true", help="skriv ut JSON")

    status = sub.add_parser("status", help="ändra en ansökans status")
    status.add_argument("id", metavar="ID")
    status.add_argument("status", metavar="STATUS")
    status.add_argument("--falt", metavar="F,G", help="fälten som ska kompletteras")
    status.add_argument("--kommentar", metavar="TEXT", help="kommentar till sökanden")

    kb = sub.add_parser("kb", help="kunskapsbasen")
    kb_sub = kb.add_subparsers(
        dest="kb_command", required=True, metavar="validate", parser_class=SwedishArgumentParser
    )
    kb_sub.add_parser("validate", help="kontrollera alla kunskapsfiler")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    command = args.command
    try:
        settings = load_settings()
        if command is None:
            command = "telegram" if settings.telegram_bot_token else "chat"
            args = build_parser().parse_args([command])
        module = importlib.import_module(f"bot.commands.{command}")
        return int(module.run(args, settings=settings) or EXIT_OK)
    except BOUNDARY_ERRORS as error:
        print(f"idebot: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # `idebot faq … | head`: the reader left early; that is not an error of the input.
        # Later writes (the interpreter's final flush) go nowhere instead of failing again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("\nAvbrutet.", file=sys.stderr)
        return 130


def entry() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":
    entry()
