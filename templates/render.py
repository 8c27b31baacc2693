"""Renders the Word application from a fund's template and one answer object.

The template is filled with the context of :mod:`templates.context` through the
strict pipeline of :mod:`templates.strict`; the chart is made from the context's
year plan as a native Word chart (:mod:`templates.chart_part`) with its description
as alternative text.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Collection, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import TemplateError as JinjaError
from jinja2 import UndefinedError

from knowledge.answers import Answers
from knowledge.criteria.findings import Evaluation
from templates import TemplateError
from templates.chart import DEFAULT_REPAYMENT_LABEL, chart_data
from templates.chart_part import NativeChart
from templates.context import as_answers, build_context
from templates.strict import StrictDocxTemplate, check_package, jinja_env
from templates.text import NOT_ANSWERED

TEMPLATES_DIR = Path(__file__).parent
TEMPLATE_PREFIX = "ansokan"
DEFAULT_TEMPLATE = f"{TEMPLATE_PREFIX}.docx"


def template_path(fund_id: str, directory: Path | None = None) -> Path:
    """The fund's own template ``ansokan_<fund>.docx``, else the generic ``ansokan.docx``."""
    directory = directory or TEMPLATES_DIR
    own = directory / f"{TEMPLATE_PREFIX}_{fund_id}.docx"
    return own if own.is_file() else directory / DEFAULT_TEMPLATE


@lru_cache(maxsize=16)
def _template_bytes(path: Path, mtime_ns: int) -> bytes:
    # Keyed on mtime so a template a coordinator just saved is picked up at once.
    return path.read_bytes()


def _read_template(path: Path) -> bytes:
    try:
        return _template_bytes(path, path.stat().st_mtime_ns)
    except FileNotFoundError:
        raise TemplateError(f"{path.name}: mallen finns inte") from None
    except OSError as error:
        reason = "åtkomst nekad" if isinstance(error, PermissionError) else "läsfel"
        raise TemplateError(f"{path.name}: mallen kan inte läsas ({reason})") from None


def _with_chart(template: DocxTemplate, context: dict[str, Any]) -> dict[str, Any]:
    plan = context.get("plan")
    if plan is None:
        return context
    label = context.get("terms", {}).get("repayment_years", DEFAULT_REPAYMENT_LABEL)
    data = chart_data(plan, label)
    return context if data is None else {**context, "chart": NativeChart(template, data)}


def render_template(path: Path, context: dict[str, Any], *, full_check: bool = False) -> bytes:
    """Fills one template with a context (the chart made from its plan); returns the .docx.

    Raises:
        TemplateError: naming the template and the unknown variable, Jinja error or XML error.
    """
    template = StrictDocxTemplate(io.BytesIO(_read_template(path)), name=path.name)
    context = _with_chart(template, context)
    try:
        template.render(context, jinja_env=jinja_env())
    except TemplateError:
        raise
    except UndefinedError as error:
        raise TemplateError(f"{path.name}: okänd variabel i mallen ({error.message})") from None
    except JinjaError as error:
        line = f" rad {error.lineno}" if getattr(error, "lineno", None) else ""
        raise TemplateError(f"{path.name}:{line} fel i mallen ({error})") from None
    except Exception as error:  # docx/lxml/zip errors from a damaged template
        raise TemplateError(f"{path.name}: mallen kunde inte fyllas i ({error})") from None
    buffer = io.BytesIO()
    try:
        _set_properties(template, context)
        template.save(buffer)
    except Exception as error:  # python-docx refusing a value: never a traceback
        raise TemplateError(f"{path.name}: dokumentet kunde inte sparas ({error})") from None
    data = buffer.getvalue()
    check_package(data, path.name, everything=full_check)
    return data


def _set_properties(template: DocxTemplate, context: dict[str, Any]) -> None:
    """File properties Word shows and archives index: title, author, dates, language."""
    props = template.docx.core_properties
    title = context.get("a", {}).get("title")
    heading = context.get("doc", {}).get("heading", props.title)
    whole = f"{heading}: {title}" if title and title != NOT_ANSWERED else heading
    props.title = _property(whole)
    props.subject = _property(context.get("fund", {}).get("fund_name", ""))
    props.author = props.last_modified_by = "Idébot"
    props.language = "sv-SE"
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    props.created = props.modified = now
    props.revision = 1


MAX_PROPERTY = 255  # characters python-docx (and Word's file dialog) takes in a property


def _property(text: str) -> str:
    """A file property's text, cut to what it may hold (a title may have 4 000)."""
    text = " ".join(str(text).split())
    return text if len(text) <= MAX_PROPERTY else text[: MAX_PROPERTY - 1].rstrip() + "…"


def render_application(
    answers: Answers | Mapping[str, Any],
    fund: Any,
    evaluation: Evaluation,
    *,
    asked: Collection[str] | None = None,
    today: dt.date | None = None,
) -> bytes:
    """Fills the fund's Word template; returns the bytes of a valid .docx.

    Args:
        answers: The answers (model, or a raw mapping which is validated and cleaned).
        fund: The ``FundProfile`` whose template and names are used.
        evaluation: The criteria engine's evaluation of these answers.
        asked: The top-level answer fields the fund's dialog asks: a field not in it is
            absent from the document. None shows every field (no flow at hand).
        today: The date printed in the document (default: today).

    Raises:
        TemplateError: the template is missing/broken or the result is not valid XML.
        AnswersError: a raw mapping is not a valid answer object.
    """
    answers = as_answers(answers)
    context = build_context(answers, fund, evaluation, asked=asked, today=today)
    return render_template(template_path(str(getattr(fund, "id", ""))), context)
