"""Strict rendering: autoescaped Jinja, and XML that is parsed without recovery.

Safety (issue 3): the templates are rendered with autoescaping and
``StrictUndefined``; answers are never evaluated as Jinja (they are context
values, not template source). docxtpl re-parses the rendered body with a
*recovering* XML parser, which would silently drop text after a stray ``&`` or
``<``; :class:`StrictDocxTemplate` parses strictly instead, and every XML part
is parsed strictly once more before the document is returned, so a broken
document raises :class:`TemplateError` and never reaches a coordinator.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined
from lxml import etree

from templates import TemplateError

_STRICT = etree.XMLParser(recover=False, huge_tree=True, resolve_entities=False)
# The parts that rendering writes into (the rest of the package is the template as is).
_RENDERED_PART = re.compile(
    r"^(word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml|docProps/core\.xml)$"
)
# The "_" of docxtpl's literal-brace escapes "{_{", "{_%", "}_}", "%_}".
_DOCXTPL_ESCAPES = re.compile(r"(?<=\{)_(?=[{%])|(?<=[}%])_(?=\})")
_MARKER = "\ue000idebot-brace\ue000"
_COMPILED_LIMIT = 64


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


_ENV: _CachingEnvironment | None = None
_PATCHED: dict[str, str] = {}


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

    def patch_xml(self, src_xml: str) -> str:
        # docxtpl cleans the template's XML with a dozen regular expressions on every
        # render (a fifth of the warm render time); the result depends only on the source.
        found = _PATCHED.get(src_xml)
        if found is None:
            if len(_PATCHED) >= _COMPILED_LIMIT:
                _PATCHED.clear()
            found = _PATCHED[src_xml] = super().patch_xml(src_xml)
        return found

    def fix_tables(self, xml: str):
        strict_parse(xml, f"{self.name}: document.xml")
        return super().fix_tables(xml)

    def render_xml_part(self, src_xml, part, context, jinja_env=None):
        # docxtpl turns "{_{" into "{{" after rendering (its escape for literal
        # braces); our templates never use it, so an answer containing "{_{"
        # must come out unchanged. Protect it, then restore it.
        protected = {k: _protect(v) for k, v in context.items()}
        xml = super().render_xml_part(src_xml, part, protected, jinja_env)
        return xml.replace(_MARKER, "_")


def _protect(value: Any) -> Any:
    """Replaces "_" after "{" / before "}" or "%" in every string so docxtpl keeps it."""
    if isinstance(value, str):
        return _DOCXTPL_ESCAPES.sub(_MARKER, value)
    if isinstance(value, Mapping):
        return {k: _protect(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_protect(v) for v in value]
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
    try:
        with zipfile.ZipFile(io.BytesIO(document_bytes)) as archive:
            for info in archive.infolist():
                xml = info.filename.endswith((".xml", ".rels"))
                rendered = _RENDERED_PART.match(info.filename) or info.filename.endswith(".rels")
                if xml and (everything or rendered):
                    strict_parse(archive.read(info), f"{name}: {info.filename}")
    except zipfile.BadZipFile as error:
        raise TemplateError(f"{name}: dokumentet är trasigt ({error})") from None
