"""Renders the Word application from a fund's template and one answer object.

Safety (issue 3): the templates are rendered with autoescaping and
``StrictUndefined``; answers are never evaluated as Jinja (they are context
values, not template source). docxtpl re-parses the rendered body with a
*recovering* XML parser, which would silently drop text after a stray ``&`` or
``<``; :class:`StrictDocxTemplate` parses strictly instead, and every XML part
is parsed strictly once more before the document is returned, so a broken
document raises :class:`TemplateError` and never reaches a coordinator.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment, StrictUndefined, UndefinedError
from jinja2 import TemplateError as JinjaError
from lxml import etree

from knowledge.answers import Answers
from knowledge.criteria.findings import Evaluation
from templates import TemplateError
from templates.chart import render_chart
from templates.context import (
    NOT_ANSWERED,
    as_answers,
    build_context,
    sample_answers,
    sample_evaluation,
    year_plan,
)

TEMPLATES_DIR = Path(__file__).parent
TEMPLATE_PREFIX = "ansokan"
DEFAULT_TEMPLATE = f"{TEMPLATE_PREFIX}.docx"
CHART_WIDTH = Mm(160)
_STRICT = etree.XMLParser(recover=False, huge_tree=True, resolve_entities=False)
# The parts that rendering writes into (the rest of the package is the template as is).
_RENDERED_PART = re.compile(
    r"^(word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml|docProps/core\.xml)$"
)
# The "_" of docxtpl's literal-brace escapes "{_{", "{_%", "}_}", "%_}".
_DOCXTPL_ESCAPES = re.compile(r"(?<=\{)_(?=[{%])|(?<=[}%])_(?=\})")


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


class _CachingEnvironment(Environment):
    """Compiles each template source once: docxtpl calls ``from_string`` per render,
    and compiling a whole document's XML costs more than filling it."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, Any] = {}

    def from_string(self, source, globals=None, template_class=None):  # type: ignore[override]
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            if len(self._compiled) >= _COMPILED_LIMIT:
                self._compiled.clear()
            template = self._compiled[source] = super().from_string(source)
        return template


_COMPILED_LIMIT = 64
_ENV: _CachingEnvironment | None = None


def jinja_env() -> Environment:
    """The Jinja environment of every Word template: autoescape and StrictUndefined."""
    global _ENV
    if _ENV is None:
        _ENV = _CachingEnvironment(autoescape=True, undefined=StrictUndefined)
    return _ENV


class StrictDocxTemplate(DocxTemplate):
    """A DocxTemplate whose rendered XML is parsed strictly (no silent recovery)."""

    def __init__(self, template_file: Any, *, name: str) -> None:
        super().__init__(template_file)
        self.name = name

    def fix_tables(self, xml: str):
        strict_parse(xml, f"{self.name}: document.xml")
        return super().fix_tables(xml)

    def render_xml_part(self, src_xml, part, context, jinja_env=None):
        # docxtpl turns "{_{" into "{{" after rendering (its escape for literal
        # braces); our templates never use it, so an answer containing "{_{"
        # must come out unchanged. Protect it, then restore it.
        marker = "\ue000idebot-brace\ue000"
        protected = {k: _protect(v, marker) for k, v in context.items()}
        xml = super().render_xml_part(src_xml, part, protected, jinja_env)
        return xml.replace(marker, "_")


def _protect(value: Any, marker: str) -> Any:
    """Replaces "_" after "{" / before "}" or "%" in every string so docxtpl keeps it."""
    if isinstance(value, str):
        return _DOCXTPL_ESCAPES.sub(marker, value)
    if isinstance(value, Mapping):
        return {k: _protect(v, marker) for k, v in value.items()}
    if isinstance(value, list):
        return [_protect(v, marker) for v in value]
    return value


def strict_parse(xml: str | bytes, where: str) -> etree._Element:
    """Parses XML without recovery; any error raises TemplateError naming ``where``."""
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    try:
        return etree.fromstring(data, parser=_STRICT)
    except etree.XMLSyntaxError as error:
        raise TemplateError(f"{where}: ogiltig XML efter ifyllning ({error})") from None


def check_package(document_bytes: bytes, name: str, *, everything: bool = False) -> None:
    """Parses the rendered XML parts of a saved .docx strictly (the last gate before delivery).

    Args:
        document_bytes: The saved document.
        name: The template's file name, for the error message.
        everything: Parse every XML part, not only those rendering writes into.

    Raises:
        TemplateError: naming the part and the XML error.
    """
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(document_bytes)) as archive:
            for info in archive.infolist():
                xml = info.filename.endswith((".xml", ".rels"))
                rendered = _RENDERED_PART.match(info.filename) or info.filename.endswith(".rels")
                if xml and (everything or rendered):
                    strict_parse(archive.read(info), f"{name}: {info.filename}")
    except zipfile.BadZipFile as error:
        raise TemplateError(f"{name}: dokumentet är trasigt ({error})") from None


def _render(
    path: Path,
    context: dict[str, Any],
    answers: Answers | None,
    *,
    full_check: bool = False,
) -> bytes:
    template = StrictDocxTemplate(io.BytesIO(_read_template(path)), name=path.name)
    if answers is not None:
        png = render_chart(year_plan(answers))
        if png is not None:
            context = {
                **context,
                "chart": InlineImage(template, io.BytesIO(png), width=CHART_WIDTH),
            }
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
    _set_properties(template, context)
    buffer = io.BytesIO()
    template.save(buffer)
    data = buffer.getvalue()
    check_package(data, path.name, everything=full_check)
    return data


def _set_properties(template: DocxTemplate, context: dict[str, Any]) -> None:
    """File properties Word shows and archives index: title, author, dates."""
    props = template.docx.core_properties
    title = context.get("a", {}).get("title")
    heading = context.get("doc", {}).get("heading", props.title)
    props.title = f"{heading}: {title}" if title and title != NOT_ANSWERED else heading
    props.subject = context.get("fund", {}).get("fund_name", "")
    props.author = props.last_modified_by = "Idébot"
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    props.created = props.modified = now
    props.revision = 1


def render_application(
    answers: Answers | Mapping[str, Any],
    fund: Any,
    evaluation: Evaluation,
    *,
    today: dt.date | None = None,
) -> bytes:
    """Fills the fund's Word template; returns the bytes of a valid .docx.

    Args:
        answers: The answers (model, or a raw mapping which is validated and cleaned).
        fund: The ``FundProfile`` whose template and names are used.
        evaluation: The criteria engine's evaluation of these answers.
        today: The date printed in the document (default: today).

    Raises:
        TemplateError: the template is missing/broken or the result is not valid XML.
        AnswersError: a raw mapping is not a valid answer object.
    """
    answers = as_answers(answers)
    context = build_context(answers, fund, evaluation, today=today)
    return _render(template_path(str(getattr(fund, "id", ""))), context, answers)


def _stand_in_fund(fund_id: str) -> Any:
    """A fund with every attribute the context reads (validation needs no knowledge files)."""
    from types import SimpleNamespace

    coordinator = SimpleNamespace(
        name="Samordnare",
        title="Samordnare",
        phone="010-000 00 00",
        email="s@example.se",
        organisation="Fonden",
    )
    return SimpleNamespace(
        id=fund_id,
        name="Fonden",
        fund_name="Fondens sociala investeringsmedel",
        coordinator=coordinator,
    )


def validate_templates(directory: str | os.PathLike[str] | None = None) -> list[Path]:
    """Renders every ``ansokan*.docx`` with ``StrictUndefined`` on an empty and a full answer set.

    Every variable a template uses must be provided by the context builder, and the
    result must be valid XML.

    Args:
        directory: Where the templates are (default: this package).

    Returns:
        The templates checked.

    Raises:
        TemplateError: naming the template file and the unknown variable or the XML error.
    """
    folder = Path(directory) if directory else TEMPLATES_DIR
    paths = sorted(folder.glob(f"{TEMPLATE_PREFIX}*.docx"))
    if not paths:
        raise TemplateError(f"{folder}: inga mallar ({TEMPLATE_PREFIX}*.docx) hittades")
    full = sample_answers()
    for path in paths:
        fund_id = path.stem.removeprefix(TEMPLATE_PREFIX).lstrip("_") or "annan"
        fund = _stand_in_fund(fund_id)
        cases = [
            (Answers(), Evaluation(fund_id)),
            (full, sample_evaluation(fund_id)),
        ]
        for answers, evaluation in cases:
            context = build_context(answers, fund, evaluation, today=dt.date(2027, 1, 1))
            _render(path, context, answers, full_check=True)
    return paths
