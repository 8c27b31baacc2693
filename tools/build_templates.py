"""Builds the Word application templates (``templates/ansokan*.docx``) with python-docx.

Run ``.venv/bin/python -m tools.build_templates`` to rebuild every template
from this script. The committed ``.docx`` files are what staff edit in Word and
what the renderer reads; after editing one by hand, do not rebuild it (the edit
would be overwritten) but run ``validate_templates()`` (tests do).

The templates hold docxtpl/Jinja tags (``{{ a.title }}``, ``{%tr for r in
budget.rows %}``, ``{%p if chart %}``); every variable they may use is built by
:func:`templates.context.build_context`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
FONT = "Calibri"
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
HEADER_FILL = "D9E2F3"
TABLE_FONT_SIZE = 9.5
# A soft hyphen: a long header word in a narrow column breaks here ("Kostnads-
# minskning"), not wherever the column ends.
SHY = "\u00ad"


class Builder:
    """A small writer of docxtpl templates on top of python-docx."""

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
        self.doc.core_properties.title = "Ansökan om sociala investeringsmedel"
        self.doc.core_properties.author = "Idébot"
        self.doc.core_properties.language = "sv-SE"

    # -- paragraphs -------------------------------------------------------

    def para(self, text: str = "", *, bold=False, italic=False, size=None, align=None, style=None):
        """A paragraph with one run of ``text`` (Jinja tags allowed)."""
        paragraph = self.doc.add_paragraph(style=style)
        if text:
            run = paragraph.add_run(text)
            run.bold, run.italic = bold, italic
            if size:
                run.font.size = Pt(size)
        if align is not None:
            paragraph.alignment = align
        return paragraph

    def tag(self, text: str) -> None:
        """A docxtpl paragraph tag (``{%p if x %}``): the whole paragraph is removed."""
        self.doc.add_paragraph(text)

    def h1(self, text: str) -> None:
        self.doc.add_heading(text, level=1)

    def h2(self, text: str) -> None:
        self.doc.add_heading(text, level=2)

    def h3(self, text: str) -> None:
        self.doc.add_heading(text, level=3)

    def field(self, label: str, expr: str) -> None:
        """A bold label and, below it, the value of ``expr`` (line breaks kept)."""
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.keep_with_next = True
        paragraph.add_run(label).bold = True
        self.para("{{ " + expr + " }}")

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # -- tables -----------------------------------------------------------

    def _table(self, columns: int, widths: Sequence[float] | None):
        table = self.doc.add_table(rows=0, cols=columns)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        if widths:
            for column, width in zip(table.columns, widths, strict=True):
                column.width = Cm(width)
            # An explicit total width: without it LibreOffice shrinks the table.
            total = table._tbl.tblPr.find(qn("w:tblW"))
            total.set(qn("w:w"), str(int(Cm(sum(widths)).twips)))
            total.set(qn("w:type"), "dxa")
        return table

    @staticmethod
    def _row(table):
        """A new row that Word keeps on one page (no row split across a page break)."""
        row = table.add_row()
        props = row._tr.get_or_add_trPr()
        props.append(OxmlElement("w:cantSplit"))
        return row

    @staticmethod
    def _fill(cell, text: str, *, bold=False, shade: str | None = None, widths=None, i=0) -> None:
        run = cell.paragraphs[0].add_run(text)
        run.bold = bold or None
        run.font.size = Pt(TABLE_FONT_SIZE)
        if widths:
            cell.width = Cm(widths[i])
        if shade:
            props = cell._tc.get_or_add_tcPr()
            fill = OxmlElement("w:shd")
            fill.set(qn("w:val"), "clear")
            fill.set(qn("w:color"), "auto")
            fill.set(qn("w:fill"), shade)
            props.append(fill)

    def kv_table(self, pairs: Sequence[tuple[str, str]], widths=(5.5, 11)) -> None:
        """A two-column table: Swedish label | value of the expression."""
        table = self._table(2, widths)
        for label, expr in pairs:
            cells = self._row(table).cells
            self._fill(cells[0], label, bold=True, shade=HEADER_FILL, widths=widths, i=0)
            self._fill(cells[1], "{{ " + expr + " }}", widths=widths, i=1)
        self.para()

    def loop_table(
        self,
        source: str,
        headers: Sequence[str],
        cells: Sequence[str],
        *,
        widths: Sequence[float],
        total: Sequence[str] | None = None,
    ) -> None:
        """A table with one row per ``source.rows`` item, or ``source.note`` when empty.

        Args:
            source: Context name holding ``rows`` and ``note``.
            headers: Swedish column headers.
            cells: Attribute of each row per column (``r.<cell>``).
            widths: Column widths in cm.
            total: An optional last row of literal text / ``{{ }}`` expressions.
        """
        self.tag("{%p if " + source + ".rows %}")
        table = self._table(len(headers), widths)
        head = self._row(table)
        for i, text in enumerate(headers):
            self._fill(head.cells[i], text, bold=True, shade=HEADER_FILL, widths=widths, i=i)
        mark_repeat_header(head)
        start = self._row(table).cells
        self._fill(start[0], "{%tr for r in " + source + ".rows %}")
        row = self._row(table).cells
        for i, name in enumerate(cells):
            self._fill(row[i], "{{ r." + name + " }}", widths=widths, i=i)
        end = self._row(table).cells
        self._fill(end[0], "{%tr endfor %}")
        if total:
            last = self._row(table).cells
            for i, text in enumerate(total):
                self._fill(last[i], text, bold=True, widths=widths, i=i)
        self.tag("{%p else %}")
        self.para("{{ " + source + ".note }}")
        self.tag("{%p endif %}")
        self.para()

    # -- page furniture ---------------------------------------------------

    def footer(self) -> None:
        """Footer: the fund's name, the date and ``Sida N av M`` (Word fields)."""
        paragraph = self.doc.sections[0].footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for text in ("{{ fund.fund_name }} · {{ fund.date }} · Sida ",):
            run = paragraph.add_run(text)
            run.font.size = Pt(8)
        _field(paragraph, "PAGE", "1")
        paragraph.add_run(" av ").font.size = Pt(8)
        _field(paragraph, "NUMPAGES", "1")

    def title_page(self, intro: str) -> None:
        """The title page block: heading, fund, idea title, key facts, verdict."""
        self.para("{{ doc.heading }}", bold=True, size=22, align=WD_ALIGN_PARAGRAPH.LEFT)
        self.para("{{ fund.fund_name }}", size=13)
        self.para()
        self.para("{{ a.title }}", bold=True, size=18)
        self.para(intro, italic=True)
        self.kv_table(
            [
                ("Sökande organisation", "applicant.name"),
                ("Enhet/förvaltning", "applicant.unit"),
                ("Kontaktperson", "contact.name"),
                ("Tidsperiod", "a.period"),
                ("Total kostnad", "budget.total"),
                ("Sökt belopp", "a.requested_amount"),
                ("Medfinansiering", "cofinancing.share"),
                ("Idébotens bedömning", "findings.verdict"),
                ("Datum", "fund.date"),
            ]
        )
        self.para(
            "Underlaget är framtaget med {{ doc.generator }} utifrån sökandens svar. "
            "Uppgifter markerade ”Ej besvarat” behöver kompletteras innan ansökan lämnas in.",
            italic=True,
            size=9,
        )
        self.page_break()

    def save(self, path: Path) -> None:
        self.footer()
        self._shrink_last_paragraph()
        self.doc.save(str(path))

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


def mark_repeat_header(row) -> None:
    """Repeats a table's header row on every page it spans."""
    props = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    props.append(header)


# -- shared sections ------------------------------------------------------------


def organisations(b: Builder) -> None:
    b.loop_table(
        "organisations",
        [
            "Roll",
            "Organisation",
            "Enhet/förvaltning",
            f"Organisations{SHY}typ",
            "Uppgift i insatsen",
        ],
        ["role", "name", "unit", "org_type", "task"],
        widths=[2.6, 3.8, 3.2, 3.4, 3.6],
    )


def partners(b: Builder) -> None:
    b.loop_table(
        "partners",
        ["Samverkanspart", "Organisationstyp", "Roll i insatsen"],
        ["name", "org_type", "role"],
        widths=[5.5, 4.5, 6.6],
    )


def period(b: Builder) -> None:
    b.kv_table(
        [("Startdatum", "a.start_date"), ("Slutdatum", "a.end_date"), ("Tidsperiod", "a.period")]
    )


def budget(b: Builder) -> None:
    b.loop_table(
        "budget",
        ["År", "Kostnad"],
        ["year", "cost"],
        widths=[6, 10.6],
        total=["Summa", "{{ budget.total }}"],
    )
    b.kv_table([("Sökt belopp ur medlen", "a.requested_amount")])


def cofinancing(b: Builder) -> None:
    b.loop_table(
        "cofinancing",
        ["Part", "Belopp", "Form", "Andel av kostnaden"],
        ["party", "amount", "form", "share"],
        widths=[5.6, 3.8, 3.4, 3.8],
        total=["Summa medfinansiering", "{{ cofinancing.total }}", "–", "{{ cofinancing.share }}"],
    )
    b.kv_table(
        [
            ("Total kostnad", "budget.total"),
            ("Medfinansiering totalt", "cofinancing.total"),
            ("Medfinansieringens andel", "cofinancing.share"),
        ]
    )
    b.field(
        "Principer för fördelning av medfinansiering mellan parterna", "a.cofinancing_principles"
    )


def cost_reductions(b: Builder) -> None:
    b.loop_table(
        "cost_reductions",
        ["Organisation", "Kostnadsminskning per år", "Från och med år"],
        ["organisation", "amount_per_year", "from_year"],
        widths=[7, 5, 4.6],
        total=["Summa per år", "{{ cost_reductions.total_per_year }}", "–"],
    )


def overview(b: Builder) -> None:
    """Per-year table (cost, reductions per organisation, repayment) and the chart."""
    b.loop_table(
        "overview",
        ["År", "Kostnad", f"Kostnads{SHY}minskning", "Per organisation", f"Åter{SHY}betalning"],
        ["year", "cost", "reductions", "by_organisation", "repayment"],
        widths=[1.4, 2.6, 3.2, 7.0, 2.4],
    )
    b.tag("{%p if chart %}")
    b.para("{{ chart }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    b.para(
        "Figur: kostnad per år (blå staplar) och förväntade kostnadsminskningar per år "
        "(gröna staplar); återbetalningsåren är markerade.",
        italic=True,
        size=9,
    )
    b.tag("{%p endif %}")


def repayment(b: Builder) -> None:
    b.field("Återbetalningsplan", "a.repayment_plan")
    b.kv_table(
        [
            ("Återbetalningstid efter projektets slut", "a.repayment_years"),
            ("Återbetalningsår", "repayment.period"),
            ("Ansvarig för återbetalningen", "a.repayment_responsible"),
            ("Tid till ekonomiska vinster", "a.savings_horizon_years"),
        ]
    )


def target_group(b: Builder) -> None:
    b.kv_table(
        [
            ("Målgrupp", "a.target_groups"),
            ("Antal personer som nås", "a.target_group_size"),
            ("Typ av insats", "a.intervention_type"),
        ]
    )
    b.field("Målgruppen i ord", "a.target_group_description")


def method(b: Builder) -> None:
    b.kv_table(
        [
            ("Metod", "a.method_kind"),
            ("Grund", "a.evidence_basis"),
            ("Studier med försöks- och kontrollgrupp", "a.controlled_studies"),
        ]
    )
    b.field("Metod och arbetssätt", "a.method_description")
    b.field("Referenser till forskning eller evidensbaserad praktik", "a.evidence_references")


def follow_up(b: Builder) -> None:
    b.field("Hur effekterna ska mätas (indikatorer)", "a.measurement_method")
    b.field("När mätningarna sker", "a.measurement_times")
    b.field("Kontrollgrupp eller annat jämförelsealternativ", "a.comparison_group")
    b.field("Uppföljning och utvärdering: hur och av vem", "a.follow_up_plan")


def contact(b: Builder) -> None:
    b.h1("Kontakt")
    b.kv_table(
        [
            ("Kontaktperson", "contact.name"),
            ("E-post", "contact.email"),
            ("Telefon", "contact.phone"),
            ("Fondens samordnare", "fund.coordinator.name"),
            ("Samordnarens e-post", "fund.coordinator.email"),
            ("Samordnarens telefon", "fund.coordinator.phone"),
        ]
    )


def findings(b: Builder) -> None:
    b.page_break()  # the verdict and its table start together on a fresh page
    b.h1("Kriterieprövning")
    b.para("Idébotens prövning av idén mot fondens kriterier, regel för regel.", italic=True)
    b.kv_table([("Samlad bedömning", "findings.verdict")])
    b.loop_table(
        "findings",
        ["Status", "Gäller", "Bedömning", "Källa"],
        ["status", "criterion", "message", "source"],
        widths=[1.9, 3.9, 7.2, 3.6],
    )


# -- one template per fund ------------------------------------------------------


def gavleborg(b: Builder) -> None:
    """Region Gävleborg: the criteria and the assessment points of seed 001."""
    b.title_page("Ansökan ordnad efter Region Gävleborgs kriterier och bedömningspunkter.")
    b.h1("Investeringen")
    b.field("Namn på investeringen", "a.title")
    b.field("Problem och behov (behovsanalys)", "a.problem")
    b.field("Beskrivning av insatsens innehåll", "a.description")
    b.h2("Sökande och samverkansparter")
    organisations(b)
    b.h1("Kriterier")
    b.para("De sociala investeringarna ska:", italic=True)
    b.h2("Bidra till god hälsa för alla")
    target_group(b)
    b.field("Förväntade effekter för målgruppen", "a.expected_effects")
    b.h2("Leda till samhällsekonomiska vinster på sikt")
    cost_reductions(b)
    b.field("Hur kostnadsminskningen har beräknats", "a.cost_reduction_calculation")
    b.h2("Antingen vara förebyggande insats eller tidig insats")
    b.kv_table([("Typ av insats", "a.intervention_type")])
    b.h2("Testa befintliga, utveckla befintliga eller skapa nya metoder")
    b.kv_table([("Metod", "a.method_kind")])
    b.field("Metod och arbetssätt", "a.method_description")
    b.h2("Baseras på evidens eller beprövad erfarenhet")
    b.kv_table([("Grund", "a.evidence_basis")])
    b.field("Referenser till forskning eller evidensbaserad praktik", "a.evidence_references")
    b.h2("Avses implementeras i ordinarie verksamhet efter testperiod")
    b.field("Implementering i ordinarie verksamhet", "a.implementation_plan")
    b.h2("Planeras och genomförs i samverkan mellan organisationer eller verksamheter")
    b.kv_table([("Antal organisationer", "a.organisation_count")])
    partners(b)
    b.h2("Vara avgränsade avseende storlek på insats, målgrupp och tid (upp till tre år)")
    b.kv_table(
        [
            ("Antal personer som nås", "a.target_group_size"),
            ("Tidsperiod", "a.period"),
            ("Finansierar befintlig verksamhet eller pågående projekt", "a.existing_activity"),
        ]
    )
    b.field("Hur målgruppen ska identifieras", "a.target_group_identification")
    b.field("Andra insatser för samma målgrupp", "a.other_interventions")
    b.h2("Medfinansieras från sökande (minst 50 % av kostnaden)")
    budget(b)
    cofinancing(b)
    b.h2("Vara möjliga att följa upp och utvärdera")
    follow_up(b)
    b.h1("Bedömning av ansökan")
    b.h2("Bedömning av investeringen")
    b.h3("Förväntade resultat")
    b.field("Förväntade effekter", "a.expected_effects")
    b.field("När effekterna förväntas inträffa", "a.effects_timing")
    b.h3("Metod och aktiviteter – trovärdig koppling till resultat")
    b.field("Beskrivning av insatsens innehåll", "a.description")
    b.field("Grund för metoden", "a.evidence_basis")
    b.h3("Hur uppföljning och utvärdering ska gå till")
    b.field("Uppföljning och utvärdering", "a.follow_up_plan")
    b.h2("Genomförandekapacitet")
    b.kv_table(
        [
            ("Sökande organisation", "applicant.name"),
            ("Enhet/förvaltning", "applicant.unit"),
            ("Organisationstyp", "applicant.org_type"),
            ("Total kostnad", "budget.total"),
        ]
    )
    b.h2("Möjlighet att implementeras")
    b.field("Implementering", "a.implementation_plan")
    b.h2("Samverkan mellan organisationer eller verksamheter")
    b.kv_table([("Antal organisationer", "a.organisation_count")])
    b.h2("Regionalt betydelsefulla investeringar")
    b.field("Behov som investeringen möter", "a.problem")
    b.h2("Politiskt prioriterade områden")
    b.para("Komplettera vid behov: vilka politiskt prioriterade områden investeringen berör.")
    b.h1("Ekonomisk översikt och återbetalning")
    overview(b)
    repayment(b)
    contact(b)
    findings(b)


def sundsvall(b: Builder) -> None:
    """Sundsvalls kommun: the idéprövning and the application content of seed 003 §3.2."""
    b.title_page("Idéprövning och ansökan enligt Sundsvalls kommuns riktlinjer (avsnitt 3.2).")
    b.h1("Idéprövning")
    b.h2("Vilket problem satsningen ska lösa")
    b.field("Problem och behov", "a.problem")
    b.field("Beskrivning av insatsen", "a.description")
    b.h2("Vilken metod eller vilket arbetssätt som ska användas")
    method(b)
    b.h2("Vilka positiva effekter satsningen kommer att resultera i")
    b.field("Förväntade effekter (mänskliga vinster)", "a.expected_effects")
    b.field("När effekterna förväntas inträffa", "a.effects_timing")
    b.h1("Sökande, samverkan och målgrupp")
    organisations(b)
    target_group(b)
    b.field("Hur målgruppen ska identifieras", "a.target_group_identification")
    b.field("Andra insatser för samma målgrupp", "a.other_interventions")
    b.h1("Ansökans innehåll")
    b.h2("Kalkyler på mänskliga och ekonomiska vinster")
    b.field("Mänskliga vinster", "a.expected_effects")
    b.para("Ekonomiska vinster – var kostnadsminskningar uppstår:", bold=True)
    cost_reductions(b)
    b.field("Hur kostnadsminskningen har beräknats", "a.cost_reduction_calculation")
    b.kv_table([("Tid till ekonomiska vinster", "a.savings_horizon_years")])
    overview(b)
    b.h2("Fastställda indikatorer för hur vinsterna ska mätas")
    b.field("Indikatorer och mätmetod", "a.measurement_method")
    b.field("När mätningarna sker", "a.measurement_times")
    b.h2("Kontrollgrupp eller annat jämförelsealternativ")
    b.field("Kontrollgrupp eller jämförelsealternativ", "a.comparison_group")
    b.h2("Återbetalningsplan")
    repayment(b)
    b.h1("Tidsperiod och budget")
    period(b)
    budget(b)
    b.h2("Medfinansiering")
    cofinancing(b)
    b.h1("Implementering och uppskalning")
    b.field("Implementering i ordinarie verksamhet efter testperioden", "a.implementation_plan")
    b.h1("Uppföljning och utvärdering")
    b.field("Uppföljning och utvärdering: hur och av vem", "a.follow_up_plan")
    contact(b)
    findings(b)


BLEKINGE_ITEMS: list[tuple[str, Callable[[Builder], None]]] = [
    ("Namn på investeringen", lambda b: b.field("Namn", "a.title")),
    (
        "Beskrivning av investeringens innehåll",
        lambda b: (
            b.field("Beskrivning", "a.description"),
            b.field("Problem och behov", "a.problem"),
        ),
    ),
    (
        "Beskrivning av metod för investeringen och referenser till forskning eller "
        "evidensbaserad praktik",
        method,
    ),
    (
        "Den eller de verksamheter i landstinget som är ansvariga och delaktiga i investeringen",
        lambda b: b.kv_table(
            [
                ("Ansvarig verksamhet", "applicant.name"),
                ("Enhet/förvaltning", "applicant.unit"),
                ("Organisationstyp", "applicant.org_type"),
                ("Verksamhetschefen tillstyrker", "a.manager_endorsement"),
            ]
        ),
    ),
    ("Externa parter som är delaktiga i investeringen", partners),
    ("Målgrupp för investeringen", target_group),
    (
        "Beskrivning av hur målgruppen ska identifieras",
        lambda b: b.para("{{ a.target_group_identification }}"),
    ),
    (
        "Kartläggning av om det sker andra insatser för samma målgrupp",
        lambda b: b.para("{{ a.other_interventions }}"),
    ),
    ("Tidsperiod för investeringen", period),
    ("Kostnad för investeringen fördelat per år under tidsperioden", budget),
    (
        "Redogörelse för vilka olika effekter investeringen förväntas ge för de personer som "
        "ingår i målgruppen",
        lambda b: b.para("{{ a.expected_effects }}"),
    ),
    (
        "När de olika effekterna förväntas inträffa",
        lambda b: b.para("{{ a.effects_timing }}"),
    ),
    (
        "Beskrivning av hur effekterna ska mätas",
        lambda b: (
            b.para("{{ a.measurement_method }}"),
            b.field("Kontrollgrupp eller annat jämförelsealternativ", "a.comparison_group"),
        ),
    ),
    ("Vid vilka tidpunkter mätningen ska ske", lambda b: b.para("{{ a.measurement_times }}")),
    (
        "Beskrivning av på vilket sätt investeringen kommer att bidra till att parternas totala "
        "kostnader under en viss period minskar",
        lambda b: b.para("{{ a.cost_reduction_calculation }}"),
    ),
    (
        "Redogörelse för i vilka verksamheter kostnadsminskningar förväntas ske på grund av "
        "investeringen",
        cost_reductions,
    ),
    (
        "Beräkning av hur mycket parternas totala kostnader förväntas minska",
        lambda b: (
            b.kv_table(
                [
                    ("Kostnadsminskning per år", "cost_reductions.total_per_year"),
                    ("Tid till ekonomiska vinster", "a.savings_horizon_years"),
                ]
            ),
            b.field("Beräkning", "a.cost_reduction_calculation"),
            overview(b),
        ),
    ),
    (
        "En tidsbestämd återföringsplan och tydligt ange vilken/vilka verksamhet/-er som "
        "ansvarar för återföringen",
        repayment,
    ),
    ("Redovisning av eventuell medfinansiering", cofinancing),
]


def blekinge(b: Builder) -> None:
    """Landstinget Blekinge: the 19 items of seed 004, in that order."""
    b.title_page("Ansökan med de 19 punkter som Landstinget Blekinges riktlinjer kräver.")
    b.h1("Ansökans innehåll")
    for number, (heading, body) in enumerate(BLEKINGE_ITEMS, start=1):
        b.h2(f"{number}. {heading}")
        body(b)
    b.h1("Implementering och uppföljning")
    b.field("Implementering i ordinarie verksamhet", "a.implementation_plan")
    b.field("Uppföljning och utvärdering: hur och av vem", "a.follow_up_plan")
    b.h1("Tillstyrkan")
    b.kv_table([("Verksamhetschefen tillstyrker", "a.manager_endorsement")])
    contact(b)
    findings(b)


def generic(b: Builder) -> None:
    """Any other fund: every answer in a neutral order."""
    b.title_page("Ansökan om sociala investeringsmedel.")
    b.h1("Investeringen")
    b.field("Namn på investeringen", "a.title")
    b.field("Problem och behov", "a.problem")
    b.field("Beskrivning av insatsens innehåll", "a.description")
    b.h1("Sökande och samverkansparter")
    organisations(b)
    b.h1("Målgrupp")
    target_group(b)
    b.field("Hur målgruppen ska identifieras", "a.target_group_identification")
    b.field("Andra insatser för samma målgrupp", "a.other_interventions")
    b.h1("Metod")
    method(b)
    b.h1("Tidsperiod och budget")
    period(b)
    budget(b)
    b.h2("Medfinansiering")
    cofinancing(b)
    b.h1("Effekter och kostnadsminskningar")
    b.field("Förväntade effekter", "a.expected_effects")
    b.field("När effekterna förväntas inträffa", "a.effects_timing")
    cost_reductions(b)
    b.field("Hur kostnadsminskningen har beräknats", "a.cost_reduction_calculation")
    overview(b)
    b.h1("Återbetalning")
    repayment(b)
    b.h1("Implementering")
    b.field("Implementering i ordinarie verksamhet", "a.implementation_plan")
    b.h1("Uppföljning och utvärdering")
    follow_up(b)
    contact(b)
    findings(b)


TEMPLATES: dict[str, Callable[[Builder], None]] = {
    "ansokan_gavleborg.docx": gavleborg,
    "ansokan_sundsvall.docx": sundsvall,
    "ansokan_blekinge.docx": blekinge,
    "ansokan.docx": generic,
}


def build(directory: Path = TEMPLATES_DIR, names: Sequence[str] | None = None) -> list[Path]:
    """Writes the templates; returns their paths."""
    written = []
    for name, fill in TEMPLATES.items():
        if names and name not in names:
            continue
        builder = Builder()
        fill(builder)
        path = directory / name
        builder.save(path)
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the Word application templates.")
    parser.add_argument("names", nargs="*", help="template file names (default: all)")
    parser.add_argument("--out", type=Path, default=TEMPLATES_DIR)
    args = parser.parse_args(argv)
    for path in build(args.out, args.names):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
