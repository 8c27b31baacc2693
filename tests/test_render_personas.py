"""Every fund's application for every kind of applicant: exactly what the fund asks, once."""

from __future__ import annotations

import pytest

from dialogs.flow import load_flow
from knowledge.answers.sample import SAMPLE_ANSWERS
from templates.context import TEXT_FIELDS
from tests.word_cases import (
    CASES,
    FUNDS,
    HOSTILE,
    W_NS,
    asked,
    evaluation_of,
    persona,
    plain,
    render,
    section_text,
    table_rows,
    text_of,
)

# Answer fields that are not free text, and the label that shows them in the document.
LABELS = {
    "controlled_studies": "Studier med försöks- och kontrollgrupp",
    "savings_horizon_years": "År från start till ekonomiska vinster",
    "repayment_years": "stid efter projektets slut",
    "manager_endorsement": "Verksamhetschefen tillstyrker",
    "existing_activity": "Finansierar befintlig verksamhet eller pågående projekt",
    "target_group_size": "Antal personer som nås",
    "requested_amount": "Sökt belopp",
}


def application_part(doc) -> str:
    """The document up to Idébot's criteria section (the applicant's application)."""
    text = plain(text_of(doc))
    return text[: text.index("\nKriterieprövning\n")]


def marked(fund: str) -> dict:
    """Every field answered; every text field holds its own marker «field»."""
    data = {**SAMPLE_ANSWERS, "fund": fund}
    data.update({name: f"«{name}»" for name in TEXT_FIELDS})
    return data


@pytest.mark.parametrize("fund", FUNDS)
@pytest.mark.parametrize("case", CASES)
def test_every_case_renders_a_complete_document(fund, case):
    data = persona(case, fund)
    doc = render(data)
    text = plain(text_of(doc))
    assert "None" not in text and "[]" not in text
    if case != "hostile":
        assert "{{" not in text and "{%" not in text
    assert "\nKriterieprövning\n" in text
    evaluation = evaluation_of(data)
    assert evaluation.verdict.label in text
    for finding in evaluation.findings:
        assert plain(finding.message) in text
    assert doc.tables[0].rows[1].cells[0].text == "Diarienummer"


@pytest.mark.parametrize("fund", FUNDS)
def test_the_document_shows_exactly_the_fields_the_fund_asks(fund):
    data = marked(fund)
    fields = asked(fund, data)
    assert fields, "the flow asks something"
    body = application_part(render(data))
    for name in TEXT_FIELDS:
        assert (f"«{name}»" in body) == (name in fields), name
    for name, words in LABELS.items():
        assert (words in body) == (name in fields), (name, words)
    # Every field the flow may ask this fund has a place in its template.
    assert fields <= load_flow().fields_for(fund)


def test_gavleborg_has_no_repayment_and_blekinge_no_control_group():
    gavleborg = application_part(render(persona("ready", "gavleborg")))
    assert "Återbetalning" not in gavleborg and "återbetalning" not in gavleborg
    blekinge = application_part(render(persona("ready", "blekinge")))
    assert "Studier med försöks- och kontrollgrupp" not in blekinge
    assert "Kontrollgrupp eller annat jämförelsealternativ" not in blekinge
    # Without a flow (idebot render of a bare file) every field has its place.
    unflowed = application_part(render(persona("ready", "gavleborg"), flow=False))
    assert "Återbetalningsplan" in unflowed and "Verksamhetschefen tillstyrker" in unflowed


@pytest.mark.parametrize("fund", FUNDS)
def test_each_answer_appears_once(fund):
    data = marked(fund)
    body = application_part(render(data))
    for name in set(TEXT_FIELDS) & asked(fund, data) - {"title"}:
        assert body.count(f"«{name}»") == 1, name


def test_sundsvall_exemption_reads_as_an_exemption():
    data = persona("exempt", "sundsvall")
    doc = render(data)
    plan = section_text(doc, "Återbetalningsplan")
    assert "Undantas från återbetalning (§ 6.1)" in plan
    assert "mer än tio år fram" in plan
    assert "Ej besvarat" not in plan and "Återbetalningstid" not in plan
    page_one = application_part(doc).split("\nIdéprövning\n")[0]
    assert "Återföringsplan" not in page_one and "Återbetalningstid" not in page_one
    overview = [r for r in table_rows(doc) if len(r) == 4 and r[0][:4].isdigit()]
    assert overview, "the overview has no repayment column when exempt"


def test_twenty_partners_each_sign_and_none_repeats_per_year():
    doc = render(persona("partners20", "blekinge"))
    rows = table_rows(doc)
    signing = [r for r in rows if len(r) == 5 and r[2:] == ["", "", ""]]
    assert len(signing) == 21
    assert [r[1].split("\n")[0] for r in signing[1:]] == [f"Chef {n}" for n in range(1, 21)]
    overview = [r for r in rows if len(r) == 5 and r[0][:4].isdigit() and "Part" in r[3] + r[2]]
    starts = "\n".join(r[3] for r in overview)
    for n in range(1, 21):
        assert starts.count(f"Part {n:02d}:") == 1, n


@pytest.mark.parametrize("fund", FUNDS)
def test_empty_answers_say_what_is_missing(fund):
    data = persona("empty", fund)
    doc = render(data)
    page_one = application_part(doc)[:2000]
    count = len(asked(fund, data) - {"fund", "partners", "cofinancing", "signatories"})
    assert "uppgifter är inte besvarade" in page_one
    assert "kan inte bedömas än" in page_one
    assert count > 20


def words(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W_NS}t"))


@pytest.mark.parametrize("fund", FUNDS)
def test_every_ej_besvarat_stands_beside_its_label(fund):
    doc = render(persona("empty", fund))
    body = doc.element.body
    previous = None
    seen = 0
    for element in body.iterchildren():
        if element.tag == f"{W_NS}tbl":
            for row in element.iter(f"{W_NS}tr"):
                cells = [words(c) for c in row.iter(f"{W_NS}tc")]
                if "Ej besvarat" in cells:
                    seen += 1
                    assert cells[0] and cells[0] != "Ej besvarat", cells  # the label cell
            previous = None
            continue
        text = words(element)
        if text == "Ej besvarat":
            seen += 1
            label = previous is not None and previous.find(f".//{W_NS}b") is not None
            assert label, words(previous) if previous is not None else None
        if text.strip():
            previous = element
    assert seen > 20
    assert "Namn på investeringen: Ej besvarat" in text_of(doc)


@pytest.mark.parametrize("fund", FUNDS)
def test_hostile_text_is_literal(fund):
    doc = render(persona("hostile", fund))
    text = plain(text_of(doc))
    assert f"{HOSTILE} problem" in text
    assert "49" not in text
    assert "Kommun & <Co>" in text
