"""The Word application: each fund's content and order, Swedish values, validation, files."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys

import pytest
from docx import Document

from knowledge.answers import FIELD_LABELS, label, parse_answers
from knowledge.criteria.findings import Status
from knowledge.formatting import format_date, format_money, format_percent
from templates import TemplateError, validate_templates
from templates.plan import MAX_PLAN_YEARS
from templates.render import TEMPLATES_DIR, template_path
from tests.conftest import EXAMPLES, example_answers
from tests.word_cases import (
    TODAY,
    W_NS,
    evaluation_of,
    funds,
    headings,
    paragraphs,
    persona,
    plain,
    render,
    section_text,
    table_rows,
    text_of,
)


def findings_rows(doc) -> list[list[str]]:
    statuses = {s.label for s in Status}
    return [r for r in table_rows(doc) if len(r) == 4 and r[0] in statuses]


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_show_their_values(name):
    data = example_answers(name)
    doc = render(data)
    evaluation = evaluation_of(data)
    text = plain(text_of(doc))
    fund = funds()[data["fund"]]

    assert data["title"] in text
    for partner in data.get("partners", []):
        assert partner["name"] in text
    total = sum(row["cost"] for row in data["budget"])
    cofinancing = sum(row["amount"] for row in data["cofinancing"])
    rows = table_rows(doc)
    assert [
        "Summa",
        format_money(total),
        format_money(data["requested_amount"]),
        format_money(cofinancing),
        format_money(data["requested_amount"] + cofinancing),
    ] in rows
    assert ["Medfinansieringens andel", format_percent(cofinancing / total)] in rows
    assert format_date(dt.date.fromisoformat(data["start_date"])) in text
    assert ["Idébotens bedömning", evaluation.verdict.label] in rows
    shown = findings_rows(doc)
    assert len(shown) == len(evaluation.findings)
    for finding in evaluation.findings:
        row = next(r for r in shown if r[2] == finding.message)
        assert row[0] == finding.status.label
        # What the rule concerns, in the answer model's Swedish field names.
        if 1 <= len(finding.fields) <= 3:
            for field in finding.fields:
                assert FIELD_LABELS[field].lower() in row[1].lower(), row
        else:
            assert row[1] in {"–", "Flera uppgifter i ansökan"}, row
    footer = doc.sections[0].footer
    assert fund.fund_name in footer.paragraphs[0].text
    assert format_date(TODAY) in footer.paragraphs[0].text
    instructions = [f.get(f"{W_NS}instr") for f in footer._element.iter(f"{W_NS}fldSimple")]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert "None" not in text and "[]" not in text
    assert doc.core_properties.title.endswith(data["title"])
    assert doc.core_properties.subject == fund.fund_name
    assert doc.core_properties.language == "sv-SE"


def test_findings_fail_first_then_unknown_advice_pass_and_page_one_names_the_fails():
    data = example_answers("gavleborg-short-cofinancing")
    data.pop("measurement_method")  # one unknown as well
    doc = render(data)
    order = [row[0] for row in findings_rows(doc)]
    ranks = {"ej uppfyllt": 0, "oklart": 1, "råd": 2, "uppfyllt": 3}
    assert order == sorted(order, key=ranks.__getitem__)
    assert order[0] == "ej uppfyllt" and "oklart" in order and "uppfyllt" in order
    # Page 1 (before the first heading of the body) names each failed criterion.
    texts = plain(text_of(doc))
    page_one = texts[: texts.index("Investeringen")]
    evaluation = evaluation_of(data)
    for finding in evaluation.by_status(Status.FAIL):
        first = finding.message.split(". ")[0]
        assert first in page_one, first
    assert "Kriterier som inte är uppfyllda" in page_one
    assert "1 kriterium kan inte bedömas än" in page_one


def test_sources_are_document_titles_never_file_names():
    for fund_id in ("gavleborg", "sundsvall", "blekinge"):
        doc = render(persona("ready", fund_id))
        sources = {row[3] for row in findings_rows(doc)}
        assert sources and not any(".txt" in s for s in sources), sources
        assert ".txt" not in text_of(doc)
    gavleborg = {row[3] for row in findings_rows(render(persona("ready", "gavleborg")))}
    assert "Region Gävleborg, Riktlinjer: Kriterier" in gavleborg
    sundsvall = {row[3] for row in findings_rows(render(persona("ready", "sundsvall")))}
    assert "Sundsvalls kommun, Riktlinjer: avsnitt 3.1.1 Vem får ansöka?" in sundsvall


def test_statuses_and_options_are_swedish():
    data = example_answers("gavleborg-ready")
    doc = render(data)
    rows = table_rows(doc)
    assert ["Typ av insats", label(parse_answers(data).intervention_type)] in rows
    assert data["intervention_type"] not in {cell for row in rows for cell in row}
    statuses = {
        row[0] for row in findings_rows(render(example_answers("gavleborg-short-cofinancing")))
    }
    assert {"ej uppfyllt", "uppfyllt"} <= statuses


def test_an_asked_field_left_empty_reads_ej_besvarat_with_its_label():
    data = persona("ready", "sundsvall")
    data["comparison_group"] = "  "
    data.pop("contact")
    doc = render(data)
    texts = paragraphs(doc)
    label_at = texts.index("Kontrollgrupp eller jämförelsealternativ")
    assert texts[label_at + 1] == "Ej besvarat"
    assert ["E-post", "Ej besvarat"] in table_rows(doc)
    page_one = plain(text_of(doc)).split("Idéprövning\n")[0]
    assert "inte besvarade: Kontrollgrupp eller jämförelsealternativ, Kontaktperson." in page_one


def test_empty_answers_are_never_blank():
    doc = render({"fund": "blekinge"})
    text = text_of(doc)
    assert "None" not in text and "[]" not in text
    for row in table_rows(doc):
        if len(row) == 2 and row[0] not in {"Diarienummer", "Inkom (datum)", "Handläggare"}:
            assert row[1].strip(), row
    texts = paragraphs(doc)
    assert texts[texts.index("1. Namn på investeringen") + 2] == "Ej besvarat"
    assert len(doc.inline_shapes) == 0


def test_empty_list_is_an_answer():
    data = persona("ready", "blekinge")
    data["partners"] = []
    data["cofinancing"] = []
    texts = paragraphs(render(data))
    assert "Inga externa parter" in texts
    assert "Ingen medfinansiering" in texts


def test_registrar_box_is_on_page_one_with_empty_fields():
    doc = render(persona("ready", "sundsvall"))
    first = doc.tables[0]
    rows = [[plain(c.text) for c in row.cells] for row in first.rows]
    assert rows[0][0] == "Fylls i av Sundsvalls kommun"
    assert rows[1:] == [["Diarienummer", ""], ["Inkom (datum)", ""], ["Handläggare", ""]]
    # Before the title: the box is the first thing on page 1.
    body = list(doc.element.body.iterchildren())
    assert body[0].tag == f"{W_NS}tbl"


def test_financing_plan_per_year_adds_up_and_names_the_gap():
    data = persona("gap", "gavleborg")  # 1 200 000 kr, 600 000 requested, 300 000 own
    doc = render(data)
    rows = table_rows(doc)
    years = [r for r in rows if len(r) == 5 and r[0] in {"2027", "2028"}]
    assert years == [
        ["2027", "600 000 kr", "300 000 kr", "150 000 kr", "450 000 kr"],
        ["2028", "600 000 kr", "300 000 kr", "150 000 kr", "450 000 kr"],
    ]
    assert ["Summa", "1 200 000 kr", "600 000 kr", "300 000 kr", "900 000 kr"] in rows
    line = (
        "Sökt belopp och medfinansiering är 900 000 kr av kostnaden 1 200 000 kr – "
        "det saknas 300 000 kr."
    )
    assert line in plain(text_of(doc))
    page_one = plain(text_of(doc)).split("\nInvesteringen\n")[0]
    assert line in page_one
    # The co-financing per party and form, with its share.
    assert [data["applicant"]["name"], "Arbetstid", "300 000 kr", "25 %"] in rows

    data["requested_amount"] = 1_000_000
    excess = plain(text_of(render(data)))
    assert (
        "är 1 300 000 kr av kostnaden 1 200 000 kr – det är 100 000 kr mer än kostnaden." in excess
    )
    data["requested_amount"] = 900_000
    assert "Sökt belopp och medfinansiering täcker hela kostnaden." in text_of(render(data))


def test_uneven_years_spread_in_whole_kronor_that_add_up():
    data = persona("ready", "gavleborg")
    data["budget"] = [{"year": 2027, "cost": 100_001}, {"year": 2028, "cost": 200_000}]
    data["requested_amount"] = 100_000
    doc = render(data)
    rows = [r for r in table_rows(doc) if len(r) == 5 and r[0] in {"2027", "2028"}]
    requested = [int(r[2].removesuffix(" kr").replace(" ", "")) for r in rows]
    assert sum(requested) == 100_000 and requested[1] > requested[0]
    assert "fördelade på åren i proportion till årets kostnad" in text_of(doc)


def test_blekinge_has_the_19_items_in_order():
    doc = render(persona("ready", "blekinge"))
    numbered = [h for h in headings(doc, "Heading 2") if h.split(".")[0].isdigit()]
    assert [int(h.split(".")[0]) for h in numbered] == list(range(1, 20))
    assert [h.split(". ", 1)[1] for h in numbered] == BLEKINGE_SEED_ITEMS


def test_blekinge_items_hold_the_right_content():
    data = persona("ready", "blekinge")
    doc = render(data)
    item4 = section_text(doc, "4. " + BLEKINGE_SEED_ITEMS[3])
    item5 = section_text(doc, "5. " + BLEKINGE_SEED_ITEMS[4])
    # Item 4: the applicant and the partner within the landsting; item 5: external only.
    assert data["applicant"]["name"] in item4 and "Barnhälsovården" in item4
    assert "Karlskrona kommun" not in item4
    assert "Karlskrona kommun" in item5 and "Barnhälsovården" not in item5
    item15 = section_text(doc, "15. " + BLEKINGE_SEED_ITEMS[14])
    item17 = section_text(doc, "17. " + BLEKINGE_SEED_ITEMS[16])
    assert data["cost_reduction_description"] in item15
    assert data["cost_reduction_calculation"] in item17
    assert data["cost_reduction_calculation"] not in item15
    item18 = section_text(doc, "18. " + BLEKINGE_SEED_ITEMS[17])
    assert "Återföringsplan" in item18 and "Ansvariga för återföringen" in item18
    assert "återbetalning" not in item18.lower()


# Seed 004, "Ansökan ska innehålla följande", word for word; item 15's "bidrar" is
# the seed's slip for "bidra".
BLEKINGE_SEED_ITEMS = [
    "Namn på investeringen",
    "Beskrivning av investeringens innehåll",
    "Beskrivning av metod för investeringen och referenser till forskning eller "
    "evidensbaserad praktik",
    "Den eller de verksamheter i landstinget som är ansvariga och delaktiga i investeringen",
    "Externa parter som är delaktiga i investeringen",
    "Målgrupp för investeringen",
    "Beskrivning av hur målgruppen ska identifieras",
    "Kartläggning av om det sker andra insatser för samma målgrupp",
    "Tidsperiod för investeringen",
    "Kostnad för investeringen fördelat per år under tidsperioden",
    "Redogörelse för vilka olika effekter investeringen förväntas ge för de personer som "
    "ingår i målgruppen",
    "När de olika effekterna förväntas inträffa",
    "Beskrivning av hur effekterna ska mätas",
    "Vid vilka tidpunkter mätningen ska ske",
    "Beskrivning av på vilket sätt investeringen kommer att bidra till att parternas totala "
    "kostnader under en viss period minskar",
    "Redogörelse för i vilka verksamheter kostnadsminskningar förväntas ske på grund av "
    "investeringen",
    "Beräkning av hur mycket parternas totala kostnader förväntas minska",
    "En tidsbestämd återföringsplan och tydligt ange vilken/vilka verksamhet/-er som "
    "ansvarar för återföringen",
    "Redovisning av eventuell medfinansiering",
]


def test_blekinge_tillstyrkan_names_the_verksamhetschef_of_each_party():
    data = persona("ready", "blekinge")
    doc = render(data)
    assert "Tillstyrkan" in headings(doc, "Heading 1")
    signing = section_text(doc, "Tillstyrkan")
    assert "Verksamhetschef eller motsvarande inom Landstinget Blekinge" in signing
    rows = [r for r in table_rows(doc) if len(r) == 5 and r[2:] == ["", "", ""]]
    parties = [r[0].split("\n")[0] for r in rows]
    assert parties == [
        "Barn- och ungdomspsykiatrin – Psykiatri och habilitering",
        "Barnhälsovården",
        "Karlskrona kommun",
    ]
    assert rows[0][1] == "Eva Berg\nVerksamhetschef"
    assert rows[1][1] == ""  # nobody named: lines to fill in
    assert rows[2][1] == "Per Holm\nFörvaltningschef"
    assert ["Verksamhetschefen tillstyrker", "Ja, verksamhetschefen tillstyrker"] in table_rows(doc)


def test_sundsvall_signature_page_has_the_facknamnd_position():
    doc = render(persona("ready", "sundsvall"))
    assert "Underskrifter" in headings(doc, "Heading 1")
    position = section_text(doc, "Facknämndens ställningstagande")
    for words in (
        "Socialnämnden",
        "Datum för ställningstagandet",
        "Ansökan går vidare",
        "Delegation",
        "tjänsteman, ledamot eller ersättare",
        "Underskrift",
    ):
        assert words in position, words


def test_sundsvall_has_the_ideprovning_and_application_content_once():
    data = persona("ready", "sundsvall")
    doc = render(data)
    expected = [
        "Idéprövning",
        "Vilket problem satsningen ska lösa",
        "Vilken metod eller vilket arbetssätt som ska användas",
        "Vilka positiva effekter satsningen kommer att resultera i",
        "Kalkyler på mänskliga och ekonomiska vinster",
        "Fastställda indikatorer för hur vinsterna ska mätas",
        "Kontrollgrupp eller annat jämförelsealternativ",
        "Återbetalningsplan",
        "Underskrifter",
        "Kriterieprövning",
    ]
    found = headings(doc)
    positions = [found.index(h) for h in expected]
    assert positions == sorted(positions)
    assert text_of(doc).count(data["expected_effects"]) == 1


def test_gavleborg_assessment_points_are_filled_or_marked_for_the_coordinator():
    doc = render(persona("ready", "gavleborg"))
    assert "Bedömning av ansökan" in headings(doc, "Heading 1")
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Bedömningspunkt")
    rows = [[plain(c.text) for c in row.cells] for row in table.rows]
    assert rows[0] == ["Bedömningspunkt", "Underlag i ansökan", "Samordnarens bedömning"]
    points = [r[0] for r in rows[1:]]
    # Seed 001, "Bedömning av ansökningar", in its order.
    assert [p.split(": ")[-1] for p in points] == [
        "förväntade resultat",
        "metod och aktiviteter, trovärdig koppling till resultat",
        "hur uppföljning och utvärdering ska gå till",
        "Genomförandekapacitet",
        "Möjlighet att implementeras",
        "Samverkan mellan organisationer eller verksamheter",
        "Regionalt betydelsefulla investeringar",
        "Politiskt prioriterade områden",
    ]
    for point, basis, coordinator in rows[1:]:
        assert basis and coordinator == "", point
    by_point = {r[0]: r[1] for r in rows[1:]}
    assert by_point["Politiskt prioriterade områden"] == "Bedöms av samordnaren."
    assert by_point["Samverkan mellan organisationer eller verksamheter"].startswith("3 ")
    # Genomförandekapacitet is not filled with the organisation's name and cost.
    assert "Sandvikens kommun" not in by_point["Genomförandekapacitet"]


def test_cost_reductions_per_organisation_and_year():
    data = persona("ready", "sundsvall")
    doc = render(data)
    rows = table_rows(doc)
    first = data["cost_reductions"][0]
    assert [
        first["organisation"],
        format_money(first["amount_per_year"]),
        str(first["from_year"]),
    ] in rows
    overview = [r for r in rows if len(r) == 5 and r[0][:4].isdigit()]
    start = next(r for r in overview if r[0] == str(first["from_year"]))
    assert f"{first['organisation']}: {format_money(first['amount_per_year'])}" in start[3]
    # An organisation is named in the year its reduction begins, not in every year.
    later = [r for r in overview if r[0] > str(first["from_year"])]
    assert all(first["organisation"] not in r[3] for r in later)
    end_year = dt.date.fromisoformat(data["end_date"]).year
    repaying = [r[0] for r in overview if r[4] == "Ja"]
    assert repaying[0] == str(end_year + 1)
    period = f"{end_year + 1}–{end_year + data['repayment_years']}"
    assert ["Återbetalningsår", period] in rows


def test_chart_only_with_data():
    data = persona("ready", "gavleborg")
    assert len(render(data).inline_shapes) == 1
    assert len(render({k: v for k, v in data.items() if k != "cost_reductions"}).inline_shapes) == 0
    assert len(render({k: v for k, v in data.items() if k != "budget"}).inline_shapes) == 0


def test_unknown_fund_uses_the_generic_template():
    assert template_path("gavleborg").name == "ansokan_gavleborg.docx"
    assert template_path("nyfond").name == "ansokan.docx"


def test_every_template_validates():
    names = {p.name for p in validate_templates()}
    assert names == {
        "ansokan.docx",
        "ansokan_gavleborg.docx",
        "ansokan_sundsvall.docx",
        "ansokan_blekinge.docx",
    }


def test_validation_names_template_and_unknown_variable(tmp_path):
    broken = tmp_path / "ansokan_test.docx"
    shutil.copy(TEMPLATES_DIR / "ansokan.docx", broken)
    doc = Document(str(broken))
    doc.add_paragraph("{{ a.okand_uppgift }}")
    doc.save(str(broken))
    with pytest.raises(TemplateError) as error:
        validate_templates(tmp_path)
    assert "ansokan_test.docx" in str(error.value)
    assert "okand_uppgift" in str(error.value)


def test_start_up_does_not_load_word_or_the_chart_workbook():
    # Every command imports the CLI and the templates package; only rendering pays for Word.
    code = (
        "import sys, bot.cli, templates, bot.commands.render; "
        "print(sorted(m for m in ('docx', 'docxtpl', 'xlsxwriter', 'matplotlib') "
        "if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_fund_without_named_coordinator_is_not_asked_of_the_applicant():
    # "Ej besvarat" tells the applicant to complete a field; the fund's own contact
    # details are not the applicant's to give.
    fund = funds()["sundsvall"]
    assert fund.coordinator.name is None, "the example needs a fund without a named coordinator"
    rows = {
        row[0]: row[1] for row in table_rows(render(persona("ready", "sundsvall"))) if len(row) == 2
    }
    assert rows["Fondens samordnare"] == fund.coordinator.organisation
    for key in ("Samordnarens e-post", "Samordnarens telefon"):
        assert rows[key] not in {"Ej besvarat", ""}, key
    named = funds()["gavleborg"].coordinator
    rows = table_rows(render(persona("ready", "gavleborg")))
    assert ["Fondens samordnare", named.name] in rows
    assert ["Samordnarens e-post", named.email] in rows


@pytest.mark.parametrize("path", sorted(TEMPLATES_DIR.glob("ansokan*.docx")), ids=lambda p: p.name)
def test_the_closing_paragraph_cannot_spill_onto_a_page_of_its_own(path):
    # The findings table ends every document; Word needs one paragraph after it, and
    # at normal height that paragraph alone made a blank last page (seen in LibreOffice).
    last = Document(str(path)).paragraphs[-1]
    assert last.text == ""
    spacing = last.paragraph_format
    assert spacing.line_spacing is not None and spacing.line_spacing.pt <= 1
    assert spacing.space_before == 0 and spacing.space_after == 0


def test_absurd_year_spans_give_a_bounded_overview():
    # The longest spans the answer model takes (100 repayment years; a budget year 1990
    # with savings from 2100) once built a list per year; the document stays readable.
    data = persona("ready", "sundsvall")
    end_year = dt.date.fromisoformat(data["end_date"]).year
    data["repayment_years"] = 100
    doc = render(data)
    rows = table_rows(doc)
    overview = [r for r in rows if len(r) == 5 and r[0][:4].isdigit()]
    assert 0 < len(overview) <= MAX_PLAN_YEARS
    assert ["Återbetalningsår", f"{end_year + 1}–{end_year + 100}"] in rows
    assert f"de första {MAX_PLAN_YEARS} åren" in text_of(doc)
    assert len(doc.inline_shapes) == 1

    data = persona("ready", "gavleborg")
    data["budget"].append({"year": 1990, "cost": 1})
    data["cost_reductions"][0]["from_year"] = 2100
    doc = render(data)
    overview = [r for r in table_rows(doc) if len(r) == 4 and r[0][:4].isdigit()]
    assert overview[0][0] == "1990"
    assert overview[-1][0].endswith(str(1990 + MAX_PLAN_YEARS - 1))


def test_cofinancing_row_shares_add_up_to_the_total_share():
    # 50 % in all: one third and one sixth, each rounded down, would read 33 % + 16 %.
    data = example_answers("gavleborg-ready")
    data["budget"] = [{"year": 2027, "cost": 600_000}]
    data["cofinancing"] = [
        {"party": "Socialtjänsten", "amount": 200_000, "form": "arbetstid"},
        {"party": "Skolan", "amount": 100_000, "form": "arbetstid"},
    ]
    rows = table_rows(render(data))
    shares = [row[-1] for row in rows if row and row[0] in {"Socialtjänsten", "Skolan"}]
    assert shares == ["33 %", "17 %"]
    assert ["Medfinansieringens andel", "50 %"] in rows


def test_a_share_is_never_shown_one_percent_low_by_floating_point():
    # 29 % is 0.29, and 0.29 * 100 is 28.999999999999996 in floating point.
    data = example_answers("gavleborg-ready")
    data["budget"] = [{"year": 2027, "cost": 100_000}]
    data["cofinancing"] = [{"party": "Socialtjänsten", "amount": 29_000, "form": "arbetstid"}]
    rows = table_rows(render(data))
    assert ["Medfinansieringens andel", "29 %"] in rows
    message = next(
        f.message for f in evaluation_of(data).findings if f.rule == "gavleborg.medfinansiering"
    )
    assert "29 %" in message and "28 %" not in message
