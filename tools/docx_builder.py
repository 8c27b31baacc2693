"""A small writer of docxtpl templates on top of python-docx (used by ``build_templates``).

Typography the templates share: Swedish (``sv-SE``) as the language of every style,
no-break spaces inside amounts and before ``kr`` and ``%`` in the fixed text too,
so Word proofs the text in Swedish; headings and table header rows kept with what
follows; no table row split across pages; small tables kept whole and long ones
never leaving one row alone at a page foot or head; a last paragraph too small to
make a page of its own.

Conditional content uses docxtpl's paragraph and row tags: ``{%p if show.x %}``
removes whole paragraphs (and the tables between them), ``{%tr if %}`` whole rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import contextmanager

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from knowledge.formatting import no_break_amounts

FONT = "Calibri"
LANGUAGE = "sv-SE"
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
WARNING = RGBColor(0x9C, 0x1C, 0x1C)
HEADER_FILL = "D9E2F3"
TABLE_FONT_SIZE = 9.5
PAGE_WIDTH_CM = 16.6  # A4 less 2.2 cm margins
# A loop table this short is kept on one page; a longer one keeps its first two and
# last two rows together (no row alone at a page foot or head).
SMALL_TABLE_ROWS = 6
# A soft hyphen: a long header word in a narrow column breaks here ("Kostnads-
# minskning"), not wherever the column ends.
SHY = "\u00ad"

Row = tuple[str, str] | tuple[str, str, str | None]


def show(*fields: str) -> str:
    """The Jinja test that any of ``fields`` is shown: ``show.a or show.b``."""
    return " or ".join(f"show.{name}" for name in fields)


class Builder:
    """Writes one template: paragraphs, tables and docxtpl tags."""

    def __init__(self) -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Cm(2.2))
        section.top_margin, section.bottom_margin = Cm(2), Cm(2)
        normal = self.doc.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(10.5)
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
        normal.paragraph_format.space_after = Pt(4)
        for name, size in (("Heading 1", 15), ("Heading 2", 12.5), ("Heading 3", 11)):
            style = self.doc.styles[name]
            style.font.name = FONT
            style.font.size = Pt(size)
            style.font.color.rgb = ACCENT
            style.paragraph_format.keep_with_next = True
            style.paragraph_format.space_before = Pt(12 if name == "Heading 1" else 9)
        self.doc.core_properties.title = "Ansökan om sociala investeringsmedel"
        self.doc.core_properties.author = "Idébot"
        self.doc.core_properties.language = LANGUAGE

    # -- paragraphs -------------------------------------------------------

    def para(
        self,
        text: str = "",
        *,
        bold=False,
        italic=False,
        size=None,
        align=None,
        style=None,
        colour=None,
        keep=False,
    ):
        """A paragraph with one run of ``text`` (Jinja tags allowed)."""
        paragraph = self.doc.add_paragraph(style=style)
        if text:
            run = paragraph.add_run(no_break_amounts(text))
            run.bold, run.italic = bold or None, italic or None
            if size:
                run.font.size = Pt(size)
            if colour is not None:
                run.font.color.rgb = colour
        if align is not None:
            paragraph.alignment = align
        if keep:
            paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def tag(self, text: str) -> None:
        """A docxtpl paragraph tag (``{%p if x %}``): the whole paragraph is removed."""
        self.doc.add_paragraph(text)

    @contextmanager
    def when(self, condition: str | None):
        """Content shown only when the Jinja ``condition`` holds (None: always)."""
        if condition:
            self.tag("{%p if " + condition + " %}")
        yield
        if condition:
            self.tag("{%p endif %}")

    def h1(self, text: str) -> None:
        self.doc.add_heading(no_break_amounts(text), level=1)

    def h2(self, text: str) -> None:
        self.doc.add_heading(no_break_amounts(text), level=2)

    def h3(self, text: str) -> None:
        self.doc.add_heading(no_break_amounts(text), level=3)

    def field(self, label: str, expr: str, field: str | None = None) -> None:
        """A bold label and, below it, the value of ``expr``; only when ``field`` is shown."""
        with self.when(show(field) if field else None):
            paragraph = self.doc.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.paragraph_format.keep_with_next = True
            paragraph.add_run(no_break_amounts(label)).bold = True
            self.para("{{ " + expr + " }}")

    def bullets(self, source: str) -> None:
        """One bullet paragraph per string of the list ``source``."""
        self.tag("{%p for line in " + source + " %}")
        self.para("{{ line }}", style="List Bullet")
        self.tag("{%p endfor %}")

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # -- tables -----------------------------------------------------------

    def _table(self, columns: int, widths: Sequence[float], *, align=WD_TABLE_ALIGNMENT.CENTER):
        table = self.doc.add_table(rows=0, cols=columns)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = align
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)
        # An explicit total width: without it LibreOffice shrinks the table.
        total = table._tbl.tblPr.find(qn("w:tblW"))
        total.set(qn("w:w"), str(int(Cm(sum(widths)).twips)))
        total.set(qn("w:type"), "dxa")
        return table

    @staticmethod
    def _row(table, *, keep=False, header=False, height: float | None = None):
        """A new row never split across pages; ``keep`` keeps it with the next row."""
        row = table.add_row()
        props = row._tr.get_or_add_trPr()
        props.append(OxmlElement("w:cantSplit"))  # schema order: cantSplit, trHeight, tblHeader
        if height is not None:
            tall = OxmlElement("w:trHeight")
            tall.set(qn("w:val"), str(int(Cm(height).twips)))
            tall.set(qn("w:hRule"), "atLeast")
            props.append(tall)
        if header:
            # No w:val: "on" by default; Word's schema (CT_OnOffOnly) allows no "true".
            props.append(OxmlElement("w:tblHeader"))
        if keep or header:
            for cell in row.cells:
                cell.paragraphs[0].paragraph_format.keep_with_next = True
        return row

    @staticmethod
    def _fill(cell, text: str, *, bold=False, shade: str | None = None, size=TABLE_FONT_SIZE):
        if text:
            run = cell.paragraphs[0].add_run(no_break_amounts(text))
            run.bold = bold or None
            run.font.size = Pt(size)
        if shade:
            props = cell._tc.get_or_add_tcPr()
            fill = OxmlElement("w:shd")
            fill.set(qn("w:val"), "clear")
            fill.set(qn("w:color"), "auto")
            fill.set(qn("w:fill"), shade)
            props.append(fill)

    def _cells(self, row, texts: Sequence[str], widths: Sequence[float], **style) -> None:
        for cell, text, width in zip(row.cells, texts, widths, strict=True):
            cell.width = Cm(width)
            self._fill(cell, text, **style)

    def _tag_row(self, table, tag: str, widths: Sequence[float]) -> None:
        """A row holding only a ``{%tr %}`` tag (docxtpl replaces the whole row)."""
        row = table.add_row()
        self._cells(row, [tag, *[""] * (len(widths) - 1)], widths)

    def kv_table(self, rows: Sequence[Row], widths=(5.5, 11.1)) -> None:
        """A two-column table: Swedish label | value; kept on one page.

        Each row is ``(label, expr)`` or ``(label, expr, field)``: with a field the row
        is there only when that field is shown, and the table only when a row is.
        """
        conditions = [row[2] if len(row) > 2 else None for row in rows]
        always = any(condition is None for condition in conditions)
        with self.when(None if always else show(*conditions)):
            table = self._table(2, widths)
            for index, (label, expr, *_field) in enumerate(rows):
                condition = conditions[index]
                if condition:
                    self._tag_row(table, "{%tr if show." + condition + " %}", widths)
                # Every row but the last shown keeps with the next: the table stays whole.
                later = conditions[index + 1 :]
                if not later:
                    self._kv_row(table, label, expr, widths, keep=False)
                elif None in later:
                    self._kv_row(table, label, expr, widths, keep=True)
                else:  # only conditional rows follow: keep if one of them is shown
                    self._tag_row(table, "{%tr if " + show(*later) + " %}", widths)
                    self._kv_row(table, label, expr, widths, keep=True)
                    self._tag_row(table, "{%tr else %}", widths)
                    self._kv_row(table, label, expr, widths, keep=False)
                    self._tag_row(table, "{%tr endif %}", widths)
                if condition:
                    self._tag_row(table, "{%tr endif %}", widths)
            self.para()

    def _kv_row(self, table, label: str, expr: str, widths, *, keep: bool) -> None:
        row = self._row(table, keep=keep)
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
        self._fill(row.cells[0], label, bold=True, shade=HEADER_FILL)
        self._fill(row.cells[1], "{{ " + expr + " }}")

    def loop_table(
        self,
        source: str,
        headers: Sequence[str],
        cells: Sequence[str],
        *,
        widths: Sequence[float],
        total: Sequence[str] | None = None,
        empty: Callable[[], None] | None = None,
        label: str | None = None,
        height: float | None = None,
    ) -> None:
        """A table with one row per ``source.rows`` item, else ``source.note``.

        Args:
            source: Context name holding ``rows`` and ``note``.
            headers: Swedish column headers (the header row repeats on every page).
            cells: Attribute of each row per column (``r.<cell>``).
            widths: Column widths in cm.
            total: An optional last row of literal text / ``{{ }}`` expressions.
            empty: Writes what stands instead of the table when there are no rows
                (default: the note, beside ``label`` when one is given).
            label: What the table holds, named beside its note ("Ej besvarat").
            height: A minimum row height in cm (room to write by hand).
        """
        self.tag("{%p if " + source + ".rows %}")
        table = self._table(len(headers), widths)
        self._cells(self._row(table, header=True), headers, widths, bold=True, shade=HEADER_FILL)
        self._tag_row(table, "{%tr for r in " + source + ".rows %}", widths)
        # Kept with the next row: the first (header + two rows stay together), the
        # second-last (the last row never stands alone), every row of a short table,
        # and the last one when a total row follows it.
        keep = f"loop.first or loop.revindex == 2 or loop.length <= {SMALL_TABLE_ROWS}"
        if not total:
            keep = f"({keep}) and not loop.last"
        self._tag_row(table, "{%tr if " + keep + " %}", widths)
        values = ["{{ r." + name + " }}" for name in cells]
        self._cells(self._row(table, keep=True, height=height), values, widths)
        self._tag_row(table, "{%tr else %}", widths)
        self._cells(self._row(table, height=height), values, widths)
        self._tag_row(table, "{%tr endif %}", widths)
        self._tag_row(table, "{%tr endfor %}", widths)
        if total:
            self._cells(self._row(table), total, widths, bold=True)
        self.tag("{%p else %}")
        if empty is not None:
            empty()
        elif label is not None:
            self.kv_table([(label, source + ".note")])
        else:
            self.para("{{ " + source + ".note }}")
        self.tag("{%p endif %}")
        self.para()

    def static_table(
        self, headers: Sequence[str], rows: Sequence[Sequence[str]], *, widths, height=None
    ) -> None:
        """A table of fixed rows (texts may hold ``{{ }}``), header repeated."""
        table = self._table(len(headers), widths)
        self._cells(self._row(table, header=True), headers, widths, bold=True, shade=HEADER_FILL)
        for index, texts in enumerate(rows):
            keep = index < len(rows) - 1  # a fixed table is short: kept whole
            self._cells(self._row(table, keep=keep, height=height), texts, widths)
        self.para()

    def form_table(self, rows: Sequence[tuple[str, str]], *, widths=(5.5, 11.1), height=0.9):
        """A form to fill in by hand: label | fixed text (or nothing), rows with writing room."""
        table = self._table(2, widths)
        for index, (label, text) in enumerate(rows):
            row = self._row(table, keep=index < len(rows) - 1, height=height)
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)
            self._fill(row.cells[0], label, bold=True, shade=HEADER_FILL)
            self._fill(row.cells[1], text)
        self.para()

    def registrar_box(self) -> None:
        """Page 1, top right: empty fields for the registrar (diarienummer, inkom, handläggare)."""
        widths = (2.8, 4.4)
        table = self._table(2, widths, align=WD_TABLE_ALIGNMENT.RIGHT)
        head = self._row(table, keep=True)
        merged = head.cells[0].merge(head.cells[1])
        merged.width = Cm(sum(widths))
        self._fill(merged, "Fylls i av {{ fund.name }}", bold=True, shade=HEADER_FILL, size=8)
        for index, label in enumerate(("Diarienummer", "Inkom (datum)", "Handläggare")):
            row = self._row(table, keep=index < 2, height=0.7)
            self._cells(row, [label, ""], widths, size=8)
        self.para()

    # -- page furniture ---------------------------------------------------

    def footer(self) -> None:
        """Footer: the fund's name, the date and ``Sida N av M`` (Word fields)."""
        paragraph = self.doc.sections[0].footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run("{{ fund.fund_name }} · {{ fund.date }} · Sida ").font.size = Pt(8)
        _field(paragraph, "PAGE", "1")
        paragraph.add_run(" av ").font.size = Pt(8)
        _field(paragraph, "NUMPAGES", "1")

    def save(self, path) -> None:
        self.footer()
        self._shrink_last_paragraph()
        self._swedish()
        self._drop_styles_with_effects()
        self.doc.save(str(path))

    def _drop_styles_with_effects(self) -> None:
        """Removes python-docx's stale Word 2010 copy of the styles (``stylesWithEffects``).

        It no longer matches ``styles.xml`` (Swedish, headers, footers), which the Open
        XML SDK's checks report as content Word may repair; Word 2013 and later neither
        need nor write it.
        """
        part = self.doc.part
        for rel_id, rel in list(part.rels.items()):
            if rel.reltype.endswith("/stylesWithEffects"):
                part.drop_rel(rel_id)

    def _shrink_last_paragraph(self) -> None:
        """Makes the body's last (empty) paragraph 1 pt high.

        Word needs a paragraph after a table that ends the document; at normal
        size it spills onto a page of its own when the table ends at a page foot.
        """
        last = self.doc.paragraphs[-1]
        last.paragraph_format.space_before = last.paragraph_format.space_after = Pt(0)
        last.paragraph_format.line_spacing = Pt(1)
        last.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        mark = last._p.get_or_add_pPr()
        props = OxmlElement("w:rPr")  # the paragraph mark's own size
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), "2")
        props.append(size)
        mark.append(props)

    def _swedish(self) -> None:
        """Swedish as the language of the defaults and of every style; Swedish number marks."""
        styles = self.doc.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        targets = [defaults.find(qn("w:rPrDefault"))]
        targets += list(styles.iter(qn("w:style")))
        for target in targets:
            rpr = target.get_or_add_rPr() if hasattr(target, "get_or_add_rPr") else None
            if rpr is None:
                rpr = target.find(qn("w:rPr"))
                if rpr is None:
                    rpr = OxmlElement("w:rPr")
                    target.append(rpr)
            for old in rpr.findall(qn("w:lang")):
                rpr.remove(old)
            lang = OxmlElement("w:lang")
            for key in ("w:val", "w:eastAsia"):
                lang.set(qn(key), LANGUAGE)
            lang.set(qn("w:bidi"), "ar-SA")
            rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
        settings = self.doc.settings.element
        for name, value in (("w:decimalSymbol", ","), ("w:listSeparator", ";")):
            found = settings.find(qn(name))
            if found is not None:
                found.set(qn("w:val"), value)
        theme = settings.find(qn("w:themeFontLang"))
        if theme is not None:
            theme.set(qn("w:val"), LANGUAGE)


def _field(paragraph, instruction: str, placeholder: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice update on display."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "16")
    props.append(size)
    run.append(props)
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
