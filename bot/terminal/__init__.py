"""The terminal channels: the console chat for people, the JSON-lines protocol for programs."""

from bot.terminal.console import run_console
from bot.terminal.jsonl import parse_line, run_jsonl

__all__ = ["parse_line", "run_console", "run_jsonl"]
