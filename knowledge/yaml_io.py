"""Reading the staff-edited YAML files (funds, FAQ, flow) with one error format."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from knowledge.errors import KnowledgeFileError

# libyaml's C loader is ~10x faster than the pure-Python one; start-up reads every file.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """Reads and parses a YAML file.

    Args:
        path: The file.

    Returns:
        The decoded YAML document.

    Raises:
        KnowledgeFileError: the file is missing or unreadable, or the YAML is invalid; the
            text names the file and, for a syntax error, the line and column.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KnowledgeFileError(path.name, "filen finns inte") from None
    except (OSError, UnicodeDecodeError) as problem:
        raise KnowledgeFileError(
            path.name, f"filen kan inte läsas ({problem.__class__.__name__})"
        ) from None
    return parse_yaml(text, path.name)


def parse_yaml(text: str, name: str) -> Any:
    """Parses YAML text; a syntax error names ``name``, the line and the column.

    Raises:
        KnowledgeFileError: for invalid YAML.
    """
    try:
        return yaml.load(text, Loader=YAML_LOADER)
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        where = f" på rad {mark.line + 1}, kolumn {mark.column + 1}" if mark is not None else ""
        reason = getattr(problem, "problem", None) or "felaktig syntax"
        raise KnowledgeFileError(name, f"ogiltig YAML{where}: {reason}") from None
