"""Errors of the dialogs package (all under :class:`dialogs.DialogError`)."""

from __future__ import annotations

from dialogs import DialogError


class ParseError(DialogError):
    """A typed answer could not be read; the text says what was expected."""


class FlowError(DialogError):
    """The flow file is invalid; the text names file, step and field."""
