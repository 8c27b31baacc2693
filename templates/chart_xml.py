"""The chart part (``word/charts/chartN.xml``): a DrawingML clustered column chart.

Word is strict about the order of the children of ``c:chartSpace``, ``c:plotArea``,
``c:ser`` and the axes (a wrong order makes it refuse the document): the order here
is the schema's (ECMA-376 ``dml-chart.xsd``, ``CT_ChartSpace`` … ``CT_ValAx``), as
XlsxWriter's and python-pptx's chart writers follow it, and ``tests/test_render_chart.py``
validates the part with openxml-audit (a port of the Open XML SDK's validator).

Two chart groups share the plot area when the plan has repayment years. The first
(primary) holds only the shading: one full-width column per repayment year on a
hidden 0–1 axis, so the shading fills the plot's height and is drawn *behind* the
figures. The second holds the cost and the cost reductions on the visible value axis,
placed at the left, scaled by Word as the figures change. Without repayment years
there is one group. Every series caches its values (``c:numCache``), so Word and
LibreOffice draw the chart without opening the embedded workbook.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from templates.chart import TITLE, ChartData, Series
from templates.chart_workbook import AMOUNT_FORMAT, cell_ref, column_ref
from templates.text import NBSP

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NSMAP = {"c": C, "a": A, "r": R}
LANGUAGE = "sv-SE"
FONT = "Calibri"  # the documents' font (LibreOffice draws it with Carlito's metrics)
TEXT_COLOUR = "404040"
GRID_COLOUR = "D9D9D9"
AXIS_COLOUR = "A6A6A6"
SHADE_OPACITY = 35_000  # thousandths of a percent: the gridlines show through
GAP_WIDTH = 60  # the gap between years, in % of a column: two columns fill ~3/4 of a year
# Sizes in hundredths of a point.
TITLE_SIZE, TEXT_SIZE, TICK_SIZE = 1100, 900, 800
# Axis ids: any unique integers; the groups refer to their axes by them.
SHADE_CAT, SHADE_VAL, DATA_CAT, DATA_VAL = 50010, 50020, 50030, 50040


# Excel's number format divides by 1 000 for each comma after the digits. Format codes
# are locale-independent in the file; Word shows the reader's separators (Swedish: space).
SCALING = {1: "", 1_000: ",", 1_000_000: ",,"}


def _axis_format(data: ChartData) -> str:
    """The y axis number format, labels such as ``600 tkr``."""
    scaling = SCALING[data.divisor]
    return f'{AMOUNT_FORMAT}{scaling}"{NBSP}{data.unit}"'


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NSMAP[prefix]}}}{local}"


def _el(parent: etree._Element, name: str, val: object = None, **attrs: object) -> etree._Element:
    element = etree.SubElement(parent, _q(name))
    if val is not None:
        element.set("val", str(val))
    for key, value in attrs.items():
        element.set(key, str(value))
    return element


def _fill(parent: etree._Element, colour: str, opacity: int | None = None) -> None:
    colour_el = _el(_el(parent, "a:solidFill"), "a:srgbClr", colour)
    if opacity is not None:
        _el(colour_el, "a:alpha", opacity)


def _line(parent: etree._Element, colour: str | None, width: int = 9525) -> None:
    """An ``a:ln`` of ``width`` EMU (9 525 = 0.75 pt), or no line for ``colour=None``."""
    line = _el(parent, "a:ln", w=width) if colour else _el(parent, "a:ln")
    if colour:
        _fill(line, colour)
    else:
        _el(line, "a:noFill")


def _shape(parent: etree._Element, fill: str | None, line: str | None, **fill_options) -> None:
    """``c:spPr``: a solid fill (or none) and a line (or none)."""
    properties = _el(parent, "c:spPr")
    if fill:
        _fill(properties, fill, **fill_options)
    else:
        _el(properties, "a:noFill")
    _line(properties, line)


def _run_properties(tag: etree._Element, size: int, bold: bool) -> None:
    tag.set("sz", str(size))
    tag.set("b", "1" if bold else "0")
    _fill(tag, TEXT_COLOUR)
    _el(tag, "a:latin", typeface=FONT)


def _text_properties(parent: etree._Element, size: int) -> None:
    """``c:txPr``: the font of an axis's labels, the legend or the whole chart."""
    body = _el(parent, "c:txPr")
    _el(body, "a:bodyPr")
    _el(body, "a:lstStyle")
    paragraph = _el(body, "a:p")
    _run_properties(_el(_el(paragraph, "a:pPr"), "a:defRPr"), size, bold=False)
    _el(paragraph, "a:endParaRPr", lang=LANGUAGE)


def _title(parent: etree._Element, text: str, size: int) -> None:
    """``c:title`` with rich text (``CT_Title``: tx, layout, overlay)."""
    title = _el(parent, "c:title")
    rich = _el(_el(title, "c:tx"), "c:rich")
    _el(rich, "a:bodyPr")
    _el(rich, "a:lstStyle")
    paragraph = _el(rich, "a:p")
    _run_properties(_el(_el(paragraph, "a:pPr"), "a:defRPr"), size, bold=True)
    run = _el(paragraph, "a:r")
    run_properties = _el(run, "a:rPr", lang=LANGUAGE)
    _run_properties(run_properties, size, bold=True)
    _el(run, "a:t").text = text
    _el(title, "c:overlay", 0)


def _str_ref(parent: etree._Element, formula: str, values: Sequence[str]) -> None:
    reference = _el(parent, "c:strRef")
    _el(reference, "c:f").text = formula
    cache = _el(reference, "c:strCache")
    _el(cache, "c:ptCount", len(values))
    for index, value in enumerate(values):
        _el(_el(cache, "c:pt", idx=index), "c:v").text = value


def _num_ref(parent: etree._Element, formula: str, values: Sequence[int | None]) -> None:
    reference = _el(parent, "c:numRef")
    _el(reference, "c:f").text = formula
    cache = _el(reference, "c:numCache")
    _el(cache, "c:formatCode").text = "General"
    _el(cache, "c:ptCount", len(values))
    for index, value in enumerate(values):
        if value is not None:  # a missing point is an empty cell: no column that year
            _el(_el(cache, "c:pt", idx=index), "c:v").text = str(value)


def _series(
    parent: etree._Element, data: ChartData, series: Series, index: int, **fill_options
) -> None:
    """``c:ser`` (``CT_BarSer``: idx, order, tx, spPr, invertIfNegative, cat, val)."""
    column = index + 1  # column A holds the years
    ser = _el(parent, "c:ser")
    _el(ser, "c:idx", index)
    _el(ser, "c:order", index)
    _str_ref(_el(ser, "c:tx"), cell_ref(0, column), [series.name])
    _shape(ser, series.colour, None, **fill_options)
    _el(ser, "c:invertIfNegative", 0)
    _str_ref(_el(ser, "c:cat"), column_ref(0, len(data.years)), data.years)
    _num_ref(_el(ser, "c:val"), column_ref(column, len(data.years)), series.values)


def _bar_chart(
    plot: etree._Element,
    data: ChartData,
    series: Sequence[tuple[int, Series]],
    axes: tuple[int, int],
    *,
    gap: int,
    shade: bool = False,
) -> None:
    """``c:barChart`` (barDir, grouping, varyColors, ser*, gapWidth, overlap, axId×2)."""
    chart = _el(plot, "c:barChart")
    _el(chart, "c:barDir", "col")
    _el(chart, "c:grouping", "clustered")
    _el(chart, "c:varyColors", 0)
    for index, one in series:
        _series(chart, data, one, index, opacity=SHADE_OPACITY if shade else None)
    _el(chart, "c:gapWidth", gap)
    _el(chart, "c:overlap", 0)
    for axis in axes:
        _el(chart, "c:axId", axis)


def _category_axis(plot: etree._Element, data: ChartData, ids: tuple[int, int], shown: bool):
    """``c:catAx`` in ``CT_CatAx`` order; every n-th year labelled (``c:tickLblSkip``)."""
    axis = _el(plot, "c:catAx")
    _el(axis, "c:axId", ids[0])
    _el(_el(axis, "c:scaling"), "c:orientation", "minMax")
    _el(axis, "c:delete", 0 if shown else 1)
    _el(axis, "c:axPos", "b")
    _el(axis, "c:numFmt", formatCode="General", sourceLinked=1)
    _el(axis, "c:majorTickMark", "out" if shown else "none")
    _el(axis, "c:minorTickMark", "none")
    _el(axis, "c:tickLblPos", "nextTo" if shown else "none")
    _shape(axis, None, AXIS_COLOUR)
    _text_properties(axis, TICK_SIZE)
    _el(axis, "c:crossAx", ids[1])
    _el(axis, "c:crosses", "autoZero")
    _el(axis, "c:auto", 1)
    _el(axis, "c:lblAlgn", "ctr")
    _el(axis, "c:lblOffset", 100)
    if shown and data.label_step > 1:
        _el(axis, "c:tickLblSkip", data.label_step)
        _el(axis, "c:tickMarkSkip", data.label_step)
    _el(axis, "c:noMultiLvlLbl", 0)


def _value_axis(plot: etree._Element, data: ChartData, ids: tuple[int, int]) -> None:
    """The visible ``c:valAx`` of the figures, at the left; its labels name the unit.

    No axis title: LibreOffice draws a secondary axis's title at the right whatever
    the axis's position, so the unit is in each label ("600 tkr") instead.
    """
    axis = _el(plot, "c:valAx")
    _el(axis, "c:axId", ids[1])
    scaling = _el(axis, "c:scaling")
    _el(scaling, "c:orientation", "minMax")
    _el(scaling, "c:min", 0)
    _el(axis, "c:delete", 0)
    _el(axis, "c:axPos", "l")
    _shape(_el(axis, "c:majorGridlines"), None, GRID_COLOUR)
    _el(axis, "c:numFmt", formatCode=_axis_format(data), sourceLinked=0)
    _el(axis, "c:majorTickMark", "none")
    _el(axis, "c:minorTickMark", "none")
    _el(axis, "c:tickLblPos", "nextTo")
    _shape(axis, None, None)
    _text_properties(axis, TICK_SIZE)
    _el(axis, "c:crossAx", ids[0])
    _el(axis, "c:crosses", "autoZero")  # at the first year: the left edge
    _el(axis, "c:crossBetween", "between")


def _shade_axis(plot: etree._Element, ids: tuple[int, int]) -> None:
    """The hidden 0–1 ``c:valAx`` of the shading: a value of 1 fills the plot's height."""
    axis = _el(plot, "c:valAx")
    _el(axis, "c:axId", ids[1])
    scaling = _el(axis, "c:scaling")
    _el(scaling, "c:orientation", "minMax")
    _el(scaling, "c:max", 1)
    _el(scaling, "c:min", 0)
    _el(axis, "c:delete", 1)
    _el(axis, "c:axPos", "r")
    _el(axis, "c:numFmt", formatCode="General", sourceLinked=1)
    _el(axis, "c:majorTickMark", "none")
    _el(axis, "c:minorTickMark", "none")
    _el(axis, "c:tickLblPos", "none")
    _el(axis, "c:crossAx", ids[0])
    _el(axis, "c:crosses", "max")
    _el(axis, "c:crossBetween", "between")


def _plot_area(chart: etree._Element, data: ChartData) -> None:
    """``c:plotArea``: layout, the chart groups, then their axes."""
    plot = _el(chart, "c:plotArea")
    _el(plot, "c:layout")
    figures = [(0, data.cost), (1, data.gain)]
    if data.repayment is None:
        _bar_chart(plot, data, figures, (DATA_CAT, DATA_VAL), gap=GAP_WIDTH)
        _category_axis(plot, data, (DATA_CAT, DATA_VAL), shown=True)
        _value_axis(plot, data, (DATA_CAT, DATA_VAL))
    else:
        # The shading first: the first group is drawn first, so behind the figures.
        shade = (SHADE_CAT, SHADE_VAL)
        _bar_chart(plot, data, [(2, data.repayment)], shade, gap=0, shade=True)
        _bar_chart(plot, data, figures, (DATA_CAT, DATA_VAL), gap=GAP_WIDTH)
        _category_axis(plot, data, shade, shown=True)
        _shade_axis(plot, shade)
        _category_axis(plot, data, (DATA_CAT, DATA_VAL), shown=False)
        _value_axis(plot, data, (DATA_CAT, DATA_VAL))
    _shape(plot, None, None)


def _legend(chart: etree._Element) -> None:
    legend = _el(chart, "c:legend")
    _el(legend, "c:legendPos", "b")
    _el(legend, "c:overlay", 0)
    _text_properties(legend, TEXT_SIZE)


def chart_xml(data: ChartData, workbook_rel: str) -> bytes:
    """The chart part's XML.

    Args:
        data: What the chart shows.
        workbook_rel: The relationship id (in the chart part's own relationships) of
            the embedded workbook holding the data.
    """
    space = etree.Element(_q("c:chartSpace"), nsmap=NSMAP)
    _el(space, "c:date1904", 0)
    _el(space, "c:lang", LANGUAGE)
    _el(space, "c:roundedCorners", 0)
    chart = _el(space, "c:chart")
    _title(chart, TITLE, TITLE_SIZE)
    _el(chart, "c:autoTitleDeleted", 0)
    _plot_area(chart, data)
    _legend(chart)
    _el(chart, "c:plotVisOnly", 1)
    _el(chart, "c:dispBlanksAs", "gap")
    _shape(space, "FFFFFF", None)
    _text_properties(space, TEXT_SIZE)
    external = _el(space, "c:externalData")
    external.set(_q("r:id"), workbook_rel)
    _el(external, "c:autoUpdate", 0)
    return etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True)
