"""Places the chart in the document as a native Word chart, where ``{{ chart }}`` stands.

Rendering ``{{ chart }}`` adds two parts to the package through python-docx's part
API and returns the run that shows the chart (as docxtpl's own ``InlineImage`` does
for a picture):

- ``word/charts/chartN.xml`` (:mod:`templates.chart_xml`), related from the document
  part (relationship type ``chart``; python-docx writes its content-type Override);
- ``word/embeddings/Microsoft_Excel_WorksheetN.xlsx`` (:mod:`templates.chart_workbook`),
  related from the chart part (type ``package``, referred to by ``c:externalData``;
  the ``xlsx`` Default content type), which Word opens for "Redigera data".

The inline drawing carries the chart's description as alternative text
(``wp:docPr/@descr``) for screen readers.
"""

from __future__ import annotations

from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.shared import Mm
from lxml import etree

from templates.chart import ChartData
from templates.chart_workbook import workbook
from templates.chart_xml import C, R, chart_xml

WIDTH = Mm(160)
HEIGHT = Mm(88)
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# A new part has no relationships yet, so its first one is rId1 (checked when made).
WORKBOOK_REL = "rId1"


def add_chart_parts(part: Any, data: ChartData) -> str:
    """Adds the chart and its workbook to ``part``'s package; returns the chart's rId.

    Args:
        part: The python-docx story part the chart is shown in (the document part).
        data: What the chart shows.
    """
    package = part.package
    chart = Part(
        package.next_partname("/word/charts/chart%d.xml"),
        CT.DML_CHART,
        chart_xml(data, WORKBOOK_REL),
        package,
    )
    chart_rel = part.relate_to(chart, RT.CHART)
    book = Part(
        package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"),
        CT.SML_SHEET,
        workbook(data),
        package,
    )
    if chart.relate_to(book, RT.PACKAGE) != WORKBOOK_REL:
        raise RuntimeError("the chart's workbook did not get the first relationship id")
    return chart_rel


def inline_xml(chart_rel: str, shape_id: int, description: str) -> str:
    """The ``wp:inline`` drawing that shows chart ``chart_rel`` (CT_Inline order)."""
    inline = etree.Element(f"{{{WP}}}inline", nsmap={"wp": WP, "a": A, "c": C, "r": R})
    for side in ("distT", "distB", "distL", "distR"):
        inline.set(side, "0")
    etree.SubElement(inline, f"{{{WP}}}extent", cx=str(WIDTH), cy=str(HEIGHT))
    etree.SubElement(inline, f"{{{WP}}}effectExtent", l="0", t="0", r="0", b="0")
    etree.SubElement(
        inline,
        f"{{{WP}}}docPr",
        id=str(shape_id),
        name=f"Diagram {shape_id}",
        title="Diagram",
        descr=description,
    )
    etree.SubElement(inline, f"{{{WP}}}cNvGraphicFramePr")
    graphic = etree.SubElement(inline, f"{{{A}}}graphic")
    graphic_data = etree.SubElement(graphic, f"{{{A}}}graphicData", uri=C)
    etree.SubElement(graphic_data, f"{{{C}}}chart").set(f"{{{R}}}id", chart_rel)
    return etree.tostring(inline, encoding="unicode")


class NativeChart:
    """``{{ chart }}`` in a docxtpl template: a native Word chart with its data.

    Rendering the placeholder (``__html__``, as autoescaping Jinja calls it) adds the
    parts to the part being rendered and returns the drawing's run, closing and
    reopening the placeholder's text run around it, as docxtpl's ``InlineImage``.
    """

    def __init__(self, template: Any, data: ChartData) -> None:
        self.template = template
        self.data = data

    def __html__(self) -> str:
        part = self.template.current_rendering_part
        chart_rel = add_chart_parts(part, self.data)
        drawing = inline_xml(chart_rel, part.next_id, self.data.description)
        run = f"<w:r><w:drawing>{drawing}</w:drawing></w:r>"
        return f'</w:t></w:r>{run}<w:r><w:t xml:space="preserve">'

    __str__ = __html__
