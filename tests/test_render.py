"""The Word application: values, fund order, Swedish formatting, chart, validation."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import sys

import pytest
from docx import Document

from knowledge.answers import FIELD_LABELS, Answers, label, parse_answers
from knowledge.criteria import evaluate
from knowledge.criteria.findings import Evaluation, Status
from knowledge.criteria.profiles import load_funds
from knowledge.formatting import format_date, format_money, format_percent
from templates import TemplateError, render_application, validate_templates
from templates.context import MAX_PLAN_YEARS
from templates.render import TEMPLATES_DIR, template_path
from tests.conftest import EXAMPLES, example_answers

TODAY = dt.date(2027, 1, 5)
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def funds():
    return load_funds()


def render(data: dict, funds, fund_id: str | None = None) -> tuple[Document, Evaluation]:
    answers = parse_answers(data)
    fund = funds[fund_id or data["fund"]]
    evaluation = evaluate(answers, fund, today=TODAY)
    blob = render_application(answers, fund, evaluation, today=TODAY)
    return Document(io.BytesIO(blob)), evaluation


def paragraphs(doc: Document) -> list[str]:
    """Every paragraph's text, body and table cells, in document order."""
    return [
        "".join(t.text or "" for t in p.iter(f"{W_NS}t")) for p in doc.element.body.iter(f"{W_NS}p")
    ]


def table_rows(doc: Document) -> list[list[str]]:
    return [[c.text for c in row.cells] for table in doc.tables for row in table.rows]


def value_after(doc: Document, heading: str) -> str:
    """The paragraph right after a label or heading."""
    texts = paragraphs(doc)
    return texts[texts.index(heading) + 1]


def inline_images(doc: Document) -> int:
    return len(doc.inline_shapes)


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_show_their_values(name, funds):
    data = example_answers(name)
    doc, evaluation = render(data, funds)
    text = "\n".join(paragraphs(doc))
    fund = funds[data["fund"]]

    assert paragraphs(doc)[0] == "Ansökan om sociala investeringsmedel"
    assert data["title"] in text
    for partner in data.get("partners", []):
        assert partner["name"] in text
    total = sum(row["cost"] for row in data["budget"])
    assert ["Summa", format_money(total)] in table_rows(doc)
    cofinancing = sum(row["amount"] for row in data["cofinancing"])
    assert ["Medfinansieringens andel", format_percent(cofinancing / total)] in table_rows(doc)
    assert format_date(dt.date.fromisoformat(data["start_date"])) in text
    assert ["Idébotens bedömning", evaluation.verdict.label] in table_rows(doc)
    rows = table_rows(doc)
    for finding in evaluation.findings:
        row = next(r for r in rows if len(r) == 4 and r[2] == finding.message)
        assert [row[0], row[2], row[3]] == [finding.status.label, finding.message, finding.source]
        # What the rule concerns, in the answer model's Swedish field names.
        if 1 <= len(finding.fields) <= 3:
            for name in finding.fields:
                assert FIELD_LABELS[name].lower() in row[1].lower(), row
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


def test_statuses_are_swedish(funds):
    doc, evaluation = render(example_answers("gavleborg-short-cofinancing"), funds)
    assert evaluation.by_status(Status.FAIL), "example should fail a rule"
    statuses = {row[0] for row in table_rows(doc) if len(row) == 4}
    assert {"ej uppfyllt", "uppfyllt"} <= statuses
    assert not statuses & {"pass", "fail", "unknown", "advice"}


def test_options_are_shown_by_swedish_label(funds):
    data = example_answers("gavleborg-ready")
    doc, _ = render(data, funds)
    rows = table_rows(doc)
    assert ["Typ av insats", label(parse_answers(data).intervention_type)] in rows
    assert data["intervention_type"] not in {cell for row in rows for cell in row}


def test_missing_field_says_ej_besvarat(funds):
    data = example_answers("sundsvall-no-comparison")
    data.pop("comparison_group", None)
    data.pop("contact")
    doc, _ = render(data, funds)
    assert value_after(doc, "Kontrollgrupp eller jämförelsealternativ") == "Ej besvarat"
    assert ["E-post", "Ej besvarat"] in table_rows(doc)


def test_empty_answers_are_never_blank(funds):
    fund = funds["blekinge"]
    blob = render_application(Answers(), fund, evaluate(Answers(), fund), today=TODAY)
    doc = Document(io.BytesIO(blob))
    text = "\n".join(paragraphs(doc))
    assert "None" not in text and "[]" not in text
    # Every two-column fact row has a value, and labels are followed by "Ej besvarat".
    for row in table_rows(doc):
        if len(row) == 2:
            assert row[1].strip(), row
    assert value_after(doc, "1. Namn på investeringen") == "Namn"
    assert value_after(doc, "Namn") == "Ej besvarat"
    assert inline_images(doc) == 0


def test_empty_list_is_an_answer(funds):
    data = example_answers("gavleborg-ready")
    data["partners"] = []
    data["cofinancing"] = []
    doc, _ = render(data, funds, "blekinge")
    texts = paragraphs(doc)
    assert "Inga samverkansparter" in texts
    assert "Ingen medfinansiering" in texts


def test_blekinge_has_the_19_items_in_order(funds):
    doc, _ = render(example_answers("gavleborg-ready"), funds, "blekinge")
    numbered = [
        p.text
        for p in doc.paragraphs
        if p.style.name == "Heading 2" and p.text.split(".")[0].isdigit()
    ]
    assert [int(h.split(".")[0]) for h in numbered] == list(range(1, 20))
    # Seed 004's own words ("Ansökan ska innehålla följande"), in its order.
    assert [h.split(". ", 1)[1] for h in numbered] == BLEKINGE_SEED_ITEMS


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


def test_sundsvall_has_the_ideprovning_and_application_content(funds):
    doc, _ = render(example_answers("sundsvall-no-comparison"), funds)
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    expected = [
        "Idéprövning",
        "Vilket problem satsningen ska lösa",
        "Vilken metod eller vilket arbetssätt som ska användas",
        "Vilka positiva effekter satsningen kommer att resultera i",
        "Kalkyler på mänskliga och ekonomiska vinster",
        "Fastställda indikatorer för hur vinsterna ska mätas",
        "Kontrollgrupp eller annat jämförelsealternativ",
        "Återbetalningsplan",
        "Kriterieprövning",
    ]
    positions = [headings.index(h) for h in expected]
    assert positions == sorted(positions)


def test_gavleborg_has_criteria_and_assessment_points(funds):
    doc, _ = render(example_answers("gavleborg-ready"), funds)
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    for heading in (
        "Kriterier",
        "Medfinansieras från sökande (minst 50 % av kostnaden)",
        "Bedömning av ansökan",
        "Genomförandekapacitet",
        "Regionalt betydelsefulla investeringar",
    ):
        assert heading in headings
    # Seed 001, "Bedömning av ansökningar": the points in order, the first with its three
    # sub-points one level below it.
    points = [
        ("Heading 2", "Bedömning av investeringen"),
        ("Heading 3", "Förväntade resultat"),
        ("Heading 3", "Metod och aktiviteter – trovärdig koppling till resultat"),
        ("Heading 3", "Hur uppföljning och utvärdering ska gå till"),
        ("Heading 2", "Genomförandekapacitet"),
        ("Heading 2", "Möjlighet att implementeras"),
        ("Heading 2", "Samverkan mellan organisationer eller verksamheter"),
        ("Heading 2", "Regionalt betydelsefulla investeringar"),
        ("Heading 2", "Politiskt prioriterade områden"),
    ]
    styled = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    start = styled.index(("Heading 1", "Bedömning av ansökan"))
    assert styled[start + 1 : start + 1 + len(points)] == points


def test_cost_reductions_per_organisation_and_year(funds):
    data = example_answers("gavleborg-ready")
    doc, _ = render(data, funds)
    rows = table_rows(doc)
    first = data["cost_reductions"][0]
    assert [
        first["organisation"],
        format_money(first["amount_per_year"]),
        str(first["from_year"]),
    ] in rows
    # The yearly overview names each organisation's amount in the years it applies.
    year_row = next(r for r in rows if r[0] == str(first["from_year"]) and len(r) == 5)
    assert f"{first['organisation']}: {format_money(first['amount_per_year'])}" in year_row[3]
    assert year_row[4] == "Ja"  # repayment starts the year after the project's end
    end_year = dt.date.fromisoformat(data["end_date"]).year
    repayment = [int(r[0]) for r in rows if len(r) == 5 and r[4] == "Ja"]
    assert repayment == list(range(end_year + 1, end_year + 1 + data["repayment_years"]))
    period = f"{repayment[0]}–{repayment[-1]}"
    assert ["Återbetalningsår", period] in rows


def test_chart_only_with_data(funds):
    data = example_answers("gavleborg-ready")
    assert inline_images(render(data, funds)[0]) == 1
    without_reductions = {k: v for k, v in data.items() if k != "cost_reductions"}
    assert inline_images(render(without_reductions, funds)[0]) == 0
    without_budget = {k: v for k, v in data.items() if k != "budget"}
    assert inline_images(render(without_budget, funds)[0]) == 0


def test_unknown_fund_uses_the_generic_template(funds, tmp_path):
    assert template_path("gavleborg").name == "ansokan_gavleborg.docx"
    assert template_path("nyfond").name == "ansokan.docx"


def test_every_template_validates():
    checked = validate_templates()
    names = {p.name for p in checked}
    assert {"ansokan.docx", "ansokan_gavleborg.docx", "ansokan_sundsvall.docx"} <= names
    assert "ansokan_blekinge.docx" in names


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


def test_start_up_does_not_load_word_or_matplotlib():
    # Every command imports the CLI and the templates package; only rendering pays for Word.
    code = (
        "import sys, bot.cli, templates, bot.commands.render; "
        "print(sorted(m for m in ('docxtpl', 'matplotlib') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_fund_without_named_coordinator_is_not_asked_of_the_applicant(funds):
    # "Ej besvarat" tells the applicant to complete a field; the fund's own contact
    # details are not the applicant's to give.
    fund = funds["sundsvall"]
    assert fund.coordinator.name is None, "the example needs a fund without a named coordinator"
    doc, _ = render(example_answers("sundsvall-no-comparison"), funds)
    rows = {row[0]: row[1] for row in table_rows(doc) if len(row) == 2}
    assert rows["Fondens samordnare"] == fund.coordinator.organisation
    for key in ("Samordnarens e-post", "Samordnarens telefon"):
        assert rows[key] not in {"Ej besvarat", ""}, key
    named = funds["gavleborg"].coordinator
    doc, _ = render(example_answers("gavleborg-ready"), funds)
    assert ["Fondens samordnare", named.name] in table_rows(doc)
    assert ["Samordnarens e-post", named.email] in table_rows(doc)


def test_findings_name_what_they_concern_in_swedish(funds):
    doc, evaluation = render(example_answers("sundsvall-no-comparison"), funds)
    rows = [r for r in table_rows(doc) if len(r) == 4 and r[0] in {s.label for s in Status}]
    assert len(rows) == len(evaluation.findings)
    concern = {row[2]: row[1] for row in rows}
    gap = next(f for f in evaluation.findings if f.fields == ("comparison_group",))
    assert concern[gap.message] == "Kontrollgrupp eller jämförelsealternativ"
    for finding, row in zip(evaluation.findings, rows, strict=True):
        assert "_" not in row[1] and row[1] != finding.rule.split(".")[-1], row


@pytest.mark.parametrize("path", sorted(TEMPLATES_DIR.glob("ansokan*.docx")), ids=lambda p: p.name)
def test_the_closing_paragraph_cannot_spill_onto_a_page_of_its_own(path):
    # The findings table ends every document; Word needs one paragraph after it, and
    # at normal height that paragraph alone made a blank last page (seen in LibreOffice).
    last = Document(str(path)).paragraphs[-1]
    assert last.text == ""
    spacing = last.paragraph_format
    assert spacing.line_spacing is not None and spacing.line_spacing.pt <= 1
    assert spacing.space_before == 0 and spacing.space_after == 0


def test_absurd_year_spans_give_a_bounded_overview(funds):
    # The longest spans the answer model takes (100 repayment years; a budget year 1990
    # with savings from 2100) once built a list per year; the document stays readable.
    data = example_answers("gavleborg-ready")
    end_year = dt.date.fromisoformat(data["end_date"]).year
    data["repayment_years"] = 100
    doc, _ = render(data, funds)
    rows = table_rows(doc)
    overview = [r for r in rows if len(r) == 5 and r[0].isdigit()]
    assert 0 < len(overview) <= MAX_PLAN_YEARS
    assert ["Återbetalningsår", f"{end_year + 1}–{end_year + 100}"] in rows
    assert inline_images(doc) == 1

    data = example_answers("gavleborg-ready")
    data["budget"].append({"year": 1990, "cost": 1})
    data["cost_reductions"][0]["from_year"] = 2100
    doc, _ = render(data, funds)
    overview = [r for r in table_rows(doc) if len(r) == 5 and r[0].isdigit()]
    assert len(overview) == MAX_PLAN_YEARS
    assert overview[0][0] == "1990"


def test_cofinancing_row_shares_add_up_to_the_total_share(funds):
    # 50 % in all: one third and one sixth, each rounded down, would read 33 % + 16 %.
    data = example_answers("gavleborg-ready")
    data["budget"] = [{"year": 2027, "cost": 600_000}]
    data["cofinancing"] = [
        {"party": "Socialtjänsten", "amount": 200_000, "form": "arbetstid"},
        {"party": "Skolan", "amount": 100_000, "form": "arbetstid"},
    ]
    doc, _ = render(data, funds)
    rows = table_rows(doc)
    shares = [row[-1] for row in rows if row and row[0] in {"Socialtjänsten", "Skolan"}]
    assert shares == ["33 %", "17 %"]
    assert ["Medfinansieringens andel", "50 %"] in rows


def test_a_share_is_never_shown_one_percent_low_by_floating_point(funds):
    # 29 % is 0.29, and 0.29 * 100 is 28.999999999999996 in floating point.
    data = example_answers("gavleborg-ready")
    data["budget"] = [{"year": 2027, "cost": 100_000}]
    data["cofinancing"] = [{"party": "Socialtjänsten", "amount": 29_000, "form": "arbetstid"}]
    doc, evaluation = render(data, funds)
    rows = table_rows(doc)
    assert ["Medfinansieringens andel", "29 %"] in rows
    message = next(f.message for f in evaluation.findings if f.rule == "gavleborg.medfinansiering")
    assert "29 %" in message and "28 %" not in message
