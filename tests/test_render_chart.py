"""The economic chart as a native Word chart, read back from the .docx package.

What a coordinator relies on: the chart is there exactly when the application has
a budget and cost reductions; its columns are the plan's figures per year; the
repayment years are shaded under the fund's own word; a long period stays readable;
screen readers get a description; "Redigera data" opens a workbook holding the same
figures; and Word can open it (the Open XML SDK's checks, via openxml-audit).
"""

from __future__ import annotations

import copy
import io
import math
import re
import zipfile
from pathlib import PurePosixPath

import pytest
from lxml import etree

from knowledge.answers import parse_answers
from templates.chart import COST_LABEL, GAIN_LABEL, LABEL_ALL_YEARS, TITLE, describe
from templates.plan import end_year, year_plan
from tests.word_cases import FUNDS, persona, render_bytes

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPAYMENT_WORD = {"sundsvall": "Återbetalningsår", "blekinge": "Återföringsår"}


class Package:
    """An OPC package (.docx or .xlsx) read with zipfile and lxml: parts, rels, types."""

    def __init__(self, blob: bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(blob))

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(name))

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """``{rId: (type, target part name)}`` of a part (targets made absolute)."""
        path = PurePosixPath(part)
        rels_name = str(path.parent / "_rels" / f"{path.name}.rels")
        if rels_name not in self.zip.namelist():
            return {}
        found = {}
        for rel in self.xml(rels_name).iter(f"{RELS}Relationship"):
            target = PurePosixPath(path.parent, rel.get("Target"))
            parts = []
            for piece in target.parts:
                if piece == "..":
                    parts.pop()
                else:
                    parts.append(piece)
            found[rel.get("Id")] = (rel.get("Type"), str(PurePosixPath(*parts)))
        return found

    def content_type(self, part: str) -> str | None:
        types = self.xml("[Content_Types].xml")
        for override in types.iter(f"{TYPES}Override"):
            if override.get("PartName") == f"/{part}":
                return override.get("ContentType")
        extension = part.rsplit(".", 1)[-1]
        for default in types.iter(f"{TYPES}Default"):
            if default.get("Extension").lower() == extension:
                return default.get("ContentType")
        return None


class Chart:
    """The document's one chart: its XML, its drawing and its embedded workbook."""

    def __init__(self, blob: bytes) -> None:
        self.package = Package(blob)
        document = self.package.xml("word/document.xml")
        self.frames = [
            el
            for el in document.iter(f"{A}graphicData")
            if el.get("uri") == C.strip("{}")  # a chart, not a picture
        ]
        charts = [
            (rel_id, target)
            for rel_id, (kind, target) in self.package.rels("word/document.xml").items()
            if kind == REL_TYPE + "chart"
        ]
        self.rel_id, self.part = charts[0] if charts else (None, None)
        self.count = len(charts)
        self.root = self.package.xml(self.part) if self.part else None

    def series(self) -> dict[str, dict[str, int]]:
        """``{series name: {year: cached value}}``; a year without a point is absent."""
        found = {}
        for ser in self.root.iter(f"{C}ser"):
            name = ser.findtext(f"{C}tx//{C}v")
            years = {pt.get("idx"): pt.findtext(f"{C}v") for pt in ser.iterfind(f"{C}cat//{C}pt")}
            found[name] = {
                years[pt.get("idx")]: int(float(pt.findtext(f"{C}v")))
                for pt in ser.iterfind(f"{C}val//{C}pt")
            }
        return found

    def visible_category_axis(self) -> etree._Element:
        (axis,) = [
            ax for ax in self.root.iter(f"{C}catAx") if ax.find(f"{C}delete").get("val") == "0"
        ]
        return axis

    def visible_value_axis(self) -> etree._Element:
        (axis,) = [
            ax for ax in self.root.iter(f"{C}valAx") if ax.find(f"{C}delete").get("val") == "0"
        ]
        return axis

    def workbook_part(self) -> str:
        rel_id = self.root.find(f"{C}externalData").get(R_ID)
        kind, target = self.package.rels(self.part)[rel_id]
        assert kind == REL_TYPE + "package"
        return target


def render_chart(data: dict, fund: str | None = None) -> Chart:
    return Chart(render_bytes(data, fund))


def cells(workbook: bytes) -> dict[str, dict[str, str | float]]:
    """``{sheet name: {"B2": value}}`` of an .xlsx: shared strings resolved, numbers float."""
    book = Package(workbook)
    strings = ["".join(si.itertext()) for si in book.xml("xl/sharedStrings.xml").iter(f"{SHEET}si")]
    sheets = {}
    rels = book.rels("xl/workbook.xml")
    for sheet in book.xml("xl/workbook.xml").iter(f"{SHEET}sheet"):
        part = rels[sheet.get(R_ID)][1]
        grid = {}
        for cell in book.xml(part).iter(f"{SHEET}c"):
            value = cell.findtext(f"{SHEET}v")
            if value is not None:
                grid[cell.get("r")] = strings[int(value)] if cell.get("t") == "s" else float(value)
        sheets[sheet.get("name")] = grid
    return sheets


def referenced(formula: str) -> tuple[str, list[str]]:
    """``Blad1!$B$2:$B$9`` → ``("Blad1", ["B2", …, "B9"])`` (one column or one cell)."""
    sheet, reference = formula.split("!")
    first, _, last = reference.replace("$", "").partition(":")
    column, start = re.fullmatch(r"([A-Z]+)(\d+)", first).groups()
    end = int(re.fullmatch(r"[A-Z]+(\d+)", last).group(1)) if last else int(start)
    return sheet.strip("'"), [f"{column}{row}" for row in range(int(start), end + 1)]


def plan_of(data: dict, fund: str):
    """The year plan the document shows (Gävleborg asks for no repayment)."""
    return year_plan(parse_answers(data), with_repayment=fund in REPAYMENT_WORD)


def without(data: dict, key: str) -> dict:
    return {k: v for k, v in data.items() if k != key}


@pytest.mark.parametrize("fund", FUNDS)
def test_the_chart_part_exists_exactly_when_there_is_chart_data(fund):
    data = persona("ready", fund)
    chart = render_chart(data)
    assert chart.count == 1 and len(chart.frames) == 1
    assert chart.part.startswith("word/charts/chart")
    assert chart.package.content_type(chart.part) == CHART_TYPE
    assert chart.package.content_type(chart.workbook_part()) == XLSX_TYPE
    assert chart.frames[0].find(f"{C}chart").get(R_ID) == chart.rel_id
    for missing in ("cost_reductions", "budget"):
        bare = render_chart(without(data, missing))
        assert bare.count == 0 and bare.frames == [], missing
        names = bare.package.zip.namelist()
        assert not [n for n in names if n.startswith(("word/charts/", "word/embeddings/"))]


@pytest.mark.parametrize("case", ("ready", "repay30", "partners20"))
@pytest.mark.parametrize("fund", FUNDS)
def test_the_columns_are_the_plans_figures_per_year(fund, case):
    data = persona(case, fund)
    plan = plan_of(data, fund)
    chart = render_chart(data)
    series = chart.series()
    assert series[COST_LABEL] == {str(year): cost for year, cost in plan.costs.items()}
    assert series[GAIN_LABEL] == {str(year): gain for year, gain in plan.reductions.items()}
    # The cost column sums to the budget as typed.
    assert sum(series[COST_LABEL].values()) == sum(row["cost"] for row in data["budget"])
    categories = [pt.findtext(f"{C}v") for pt in chart.root.find(f".//{C}cat").iter(f"{C}pt")]
    assert categories == [str(year) for year in plan.years]


@pytest.mark.parametrize("fund", FUNDS)
def test_repayment_years_are_shaded_in_the_funds_word(fund):
    data = persona("ready", fund)
    chart = render_chart(data)
    series = chart.series()
    word = REPAYMENT_WORD.get(fund)
    groups = chart.root.findall(f".//{C}plotArea/{C}barChart")
    if word is None:  # Gävleborg has no repayment model: nothing is shaded
        assert list(series) == [COST_LABEL, GAIN_LABEL]
        assert len(groups) == 1
        return
    assert list(series) == [word, COST_LABEL, GAIN_LABEL]
    last = end_year(parse_answers(data))
    repaying = [str(year) for year in range(last + 1, last + data["repayment_years"] + 1)]
    assert sorted(series[word]) == repaying
    # The shading is the first group (drawn behind the figures), full-width columns on a
    # hidden 0–1 axis, so each repayment year is shaded over the plot's whole height.
    shade = groups[0]
    assert shade.findtext(f"{C}ser/{C}tx//{C}v") == word
    assert shade.find(f"{C}gapWidth").get("val") == "0"
    axis_id = shade.findall(f"{C}axId")[1].get("val")
    (axis,) = [
        ax for ax in chart.root.iter(f"{C}valAx") if ax.find(f"{C}axId").get("val") == axis_id
    ]
    assert axis.find(f"{C}delete").get("val") == "1"
    assert axis.find(f"{C}scaling/{C}max").get("val") == "1"
    assert set(series[word].values()) == {1}
    alpha = shade.find(f".//{C}spPr//{A}alpha")
    assert alpha is not None and int(alpha.get("val")) < 100_000  # gridlines show through


def test_a_long_period_labels_every_nth_year():
    data = persona("repay30", "sundsvall")
    chart = render_chart(data)
    years = len(year_plan(parse_answers(data)).years)
    assert years == 30
    skip = int(chart.visible_category_axis().find(f"{C}tickLblSkip").get("val"))
    assert skip > 1 and math.ceil(years / skip) <= LABEL_ALL_YEARS
    assert (
        render_chart(persona("ready", "sundsvall")).visible_category_axis().find(f"{C}tickLblSkip")
        is None
    )  # eight years: every year labelled


def test_the_y_axis_labels_are_short_and_swedish():
    data = persona("ready", "gavleborg")
    chart = render_chart(data)
    # Up to 500 000 kr a year: the axis counts in thousands ("500 tkr").
    code = chart.visible_value_axis().find(f"{C}numFmt").get("formatCode")
    assert re.fullmatch(r'#,##0,"\u00a0tkr"', code), code
    big = copy.deepcopy(data)
    big["budget"] = [{"year": row["year"], "cost": row["cost"] * 100} for row in data["budget"]]
    code = render_chart(big).visible_value_axis().find(f"{C}numFmt").get("formatCode")
    assert re.fullmatch(r'#,##0,,"\u00a0mkr"', code), code
    assert chart.root.find(f"{C}lang").get("val") == "sv-SE"
    languages = {el.get("lang") for el in chart.root.iter() if el.get("lang")}
    assert languages == {"sv-SE"}
    title = "".join(t.text for t in chart.root.find(f"{C}chart/{C}title").iter(f"{A}t"))
    assert title == TITLE


@pytest.mark.parametrize("fund", FUNDS)
def test_the_drawing_describes_the_chart_for_screen_readers(fund):
    data = persona("ready", fund)
    chart = render_chart(data)
    inline = chart.frames[0].getparent().getparent()
    assert inline.tag == f"{WP}inline"
    description = inline.find(f"{WP}docPr").get("descr")
    label = REPAYMENT_WORD.get(fund, "Återbetalningsår")
    plan = plan_of(data, fund)
    assert description == describe(plan, label)
    # Within the page's text width (16.6 cm), a little over half as high.
    extent = inline.find(f"{WP}extent")
    assert 15 <= int(extent.get("cx")) / 360_000 <= 16.6
    assert 7 <= int(extent.get("cy")) / 360_000 <= 10


@pytest.mark.parametrize("case", ("ready", "repay30"))
@pytest.mark.parametrize("fund", FUNDS)
def test_the_embedded_workbook_holds_the_charts_figures(fund, case):
    """What Word's "Redigera data" opens: every name and value the chart refers to."""
    chart = render_chart(persona(case, fund))
    sheets = cells(chart.package.zip.read(chart.workbook_part()))
    for ser in chart.root.iter(f"{C}ser"):
        sheet, (name_cell,) = referenced(ser.findtext(f"{C}tx/{C}strRef/{C}f"))
        assert sheets[sheet][name_cell] == ser.findtext(f"{C}tx//{C}v")
        sheet, year_cells = referenced(ser.findtext(f"{C}cat/{C}strRef/{C}f"))
        years = {pt.get("idx"): pt.findtext(f"{C}v") for pt in ser.iterfind(f"{C}cat//{C}pt")}
        assert [sheets[sheet][cell] for cell in year_cells] == list(years.values())
        sheet, value_cells = referenced(ser.findtext(f"{C}val/{C}numRef/{C}f"))
        assert len(value_cells) == len(year_cells)
        cached = {
            int(pt.get("idx")): float(pt.findtext(f"{C}v")) for pt in ser.iterfind(f"{C}val//{C}pt")
        }
        in_sheet = {
            i: sheets[sheet][cell] for i, cell in enumerate(value_cells) if cell in sheets[sheet]
        }
        assert in_sheet == cached


@pytest.fixture(scope="module")
def validator():
    # Imported here: loading its schema data takes about a second, paid only by this file.
    from openxml_audit import OpenXmlValidator

    return OpenXmlValidator(max_errors=0)


def _errors(validator, tmp_path, name: str, blob: bytes) -> list[str]:
    path = tmp_path / name
    path.write_bytes(blob)
    return [str(error) for error in validator.validate(path).errors]


@pytest.mark.parametrize(
    ("fund", "case"), [(f, "ready") for f in FUNDS] + [("blekinge", "repay30")]
)
def test_word_can_open_the_document_and_its_workbook(validator, tmp_path, fund, case):
    """The Open XML SDK's schema and semantic checks: element order, values, parts, rels."""
    blob = render_bytes(persona(case, fund))
    assert _errors(validator, tmp_path, "ansokan.docx", blob) == []
    chart = Chart(blob)
    workbook = chart.package.zip.read(chart.workbook_part())
    assert _errors(validator, tmp_path, "data.xlsx", workbook) == []


def test_the_validator_would_notice_a_misordered_chart(validator, tmp_path):
    """The check above can fail: the same document with two chart elements swapped."""
    blob = render_bytes(persona("ready", "sundsvall"))
    chart = Chart(blob)
    xml = chart.package.zip.read(chart.part).decode()
    swapped = re.sub(r"(<c:legendPos [^>]*/>)(<c:overlay [^>]*/>)", r"\2\1", xml, count=1)
    assert swapped != xml
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name in chart.package.zip.namelist():
            data = chart.package.zip.read(name)
            out.writestr(name, swapped.encode() if name == chart.part else data)
    errors = _errors(validator, tmp_path, "swapped.docx", buffer.getvalue())
    assert any(chart.part in error and "legendPos" in error for error in errors), errors
