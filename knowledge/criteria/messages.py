"""Message templates of the criteria rules: a sandboxed Jinja2 environment.

Staff write the Swedish messages in the fund files as Jinja2 templates
(``Medfinansieringen är {{ share | procent }} …``). Answer values are passed
in as data and are never themselves parsed as templates, so an answer that
contains ``{{ }}`` is shown literally. Templates are compiled and test-rendered
when the fund file is loaded and checked (``idebot kb validate``, the bot's start), so a
typo is a load error, not a crash in chat; a command that never shows a message (``idebot
faq``) loads the fund files unchecked and no template is compiled until it is rendered.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from jinja2 import ChainableUndefined, StrictUndefined, Template
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.sandbox import SandboxedEnvironment

from knowledge.answers import OPTION_LABELS
from knowledge.formatting import format_date, format_money, format_number, format_percent
from knowledge.sandbox import BudgetSandbox, bounded, check_budget

# Every enum value is unique across OPTION_LABELS except "annan"/"annat", whose
# labels agree in meaning, so one flat table serves the `etikett` filter.
_VALUE_LABELS: dict[str, str] = {
    value: text for table in OPTION_LABELS.values() for value, text in table.items()
}
_BOOL_LABELS = {True: "ja", False: "nej"}
UNRENDERABLE = "Meddelandet till den här regeln kunde inte visas; fråga samordnaren."
log = logging.getLogger(__name__)


def join_sv(items: Iterable[Any]) -> str:
    """Joins items the Swedish way: ``a, b och c``."""
    parts = [str(item) for item in items if item is not None and str(item).strip()]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " och " + parts[-1]


def value_label(value: Any) -> str:
    """The Swedish label of an answer value (option, bool, list of options, date, number)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _BOOL_LABELS[value]
    if isinstance(value, StrEnum) and value in OPTION_LABELS.get(type(value), {}):
        # The enum says which field the value answers: intervention_type "annan" is
        # "Annan typ av insats", org_type "annan" is "Annan typ av organisation".
        return OPTION_LABELS[type(value)][value]
    if isinstance(value, StrEnum | str):
        return _VALUE_LABELS.get(str(value), str(value))
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, int | float):
        return format_number(value, decimals=2)
    if isinstance(value, list | tuple | set):
        # Labels are sentence case ("Äldre", "Vuxna"); inside a list only the first keeps
        # its capital: "Äldre och vuxna".
        labels = [value_label(item) for item in value]
        return join_sv(labels[:1] + [_lower_first(text) for text in labels[1:]])
    return str(value)


def _lower_first(text: Any) -> str:
    text = str(text)
    return text[:1].lower() + text[1:]


def _days(value: int) -> str:
    return f"{value} dag" if value == 1 else f"{value} dagar"


FILTERS = {
    "kr": format_money,
    "procent": format_percent,
    "datum": format_date,
    "tal": format_number,
    "etikett": value_label,
    "lista": join_sv,
    "gemen": _lower_first,
    "dagar": _days,
}


def _environment(undefined: type) -> SandboxedEnvironment:
    env = BudgetSandbox(
        undefined=undefined, autoescape=False, keep_trailing_newline=False, trim_blocks=True
    )
    env.filters.update(FILTERS)
    return env


# Strict: a template naming a variable that does not exist fails at load.
STRICT = _environment(StrictUndefined)
# Lenient: only used when a strict render fails at run time on answers whose
# shape the sample did not cover (e.g. a sub-object left empty); the user then
# sees the message with that one value blank rather than no message at all.
LENIENT = _environment(ChainableUndefined)


class MessageTemplate:
    """One message template, compiled on first use (strict and lenient variants)."""

    __slots__ = ("_lenient", "_strict", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        # Compiled on first need: a process that only answers a FAQ question loads the
        # fund files but never shows a criteria message, and compiling the ~90 messages
        # was most of the fund files' load time.
        self._strict: Template | None = None
        # The lenient twin is a rare fallback: compiled on first need, not at start-up
        # (compiling every message twice was a third of the chat's start-up time).
        self._lenient: Template | None = None

    def compile(self) -> Template:
        """The strict template, checked and compiled now if it was not yet.

        Raises:
            jinja2.TemplateSyntaxError: on a syntax error (callers turn it into a file error).
            BudgetError: for a template that could run too long or divide by zero.
        """
        if self._strict is None:
            check_budget(STRICT, self.text)
            self._strict = STRICT.from_string(self.text)
        return self._strict

    def render_strict(self, context: Mapping[str, Any]) -> str:
        """Renders with StrictUndefined (load-time validation)."""
        return _tidy(bounded(self.compile().render(context)))

    def render(self, context: Mapping[str, Any]) -> str:
        """Renders for a user; falls back to lenient rendering if a value is absent, and to
        a fixed line (logged) if even that fails, so a message never breaks a dialog."""
        try:
            return _tidy(bounded(self.compile().render(context)))
        except JinjaTemplateError:
            pass
        except Exception:  # a filter given a value of a shape nobody foresaw
            log.exception("a criteria message could not be rendered: %.80s", self.text)
            return UNRENDERABLE
        try:
            if self._lenient is None:
                self._lenient = LENIENT.from_string(self.text)
            return _tidy(bounded(self._lenient.render(context)))
        except Exception:  # a filter given a value of a shape nobody foresaw
            log.exception("a criteria message could not be rendered: %.80s", self.text)
            return UNRENDERABLE


def _tidy(text: str) -> str:
    # YAML block scalars leave line breaks and double spaces; a message is one paragraph.
    return " ".join(text.split())


def message_context(
    facts: Any, fund: Any, values: Mapping[str, Any], *, today: dt.date
) -> dict[str, Any]:
    """The names a message template can use.

    ``answers`` (the answer object, e.g. ``answers.applicant.name``), every derived
    value by name (``total_cost``, ``cofinancing_share`` …), ``fund``, ``today``
    and the values the rule's kind computed (``share``, ``missing_amount`` …).
    Answer values are data: Jinja prints them as text and never parses them.
    """
    context: dict[str, Any] = dict(facts.derived)
    context.update(values)
    context["answers"] = facts.answers
    context["fund"] = fund
    context["today"] = today
    return context


__all__ = [
    "FILTERS",
    "JinjaTemplateError",
    "MessageTemplate",
    "join_sv",
    "message_context",
    "value_label",
]
