"""``python -m bot`` is the same as ``idebot``."""

from bot.cli import entry

entry()
