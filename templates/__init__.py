"""Templates: the Word application templates, message templates and their renderer.

The renderer's names are re-exported lazily: ``from templates import TemplateError``
(done by the CLI at every start-up) must not import docxtpl, python-docx or xlsxwriter.
"""

from __future__ import annotations

from typing import Any


class TemplateError(Exception):
    """Root of every error raised by the templates package."""


_LAZY = {
    "render_application": "templates.render",
    "validate_templates": "templates.validation",
    "build_context": "templates.context",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'templates' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


__all__ = [
    "TemplateError",
    "build_context",
    "render_application",
    "validate_templates",
]
