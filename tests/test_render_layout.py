"""Typography of the Word application, read from its XML: language, spaces, page flow, chart."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from lxml import etree

from knowledge.answers import parse_answers
from templates.chart import LABEL_ALL_YEARS, describe, label_step, unit
from templates.plan import DETAIL_YEARS, year_plan
from tests.word_cases import FUNDS, W_NS, persona, render

FUND_CASES = [(fund, case) for fund in FUNDS for case in ("ready", "repay30", "partners20")]


def parts(doc) -> dict[str, etree._Element]:
    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {
            name: etree.fromstring(archive.read(name))
            for name in ("word/document.xml", "word/styles.xml", "word/settings.xml")
        }


@pytest.fixture(scope="module")
def rendered():
    return {(fund, case): render(persona(case, fund)) for fund, case in FUND_CASES}


@pytest.mark.parametrize("fund", FUNDS)
def test_every_style_is_swedish(rendered, fund):
    xml = parts(rendered[fund, "ready"])
    styles = xml["word/styles.xml"]
    default = styles.find(f"{W_NS}docDefaults/{W_NS}rPrDefault/{W_NS}rPr/{W_NS}lang")
    assert default.get(f"{W_NS}val") == "sv-SE"
    for style in styles.iter(f"{W_NS}style"):
        lang = style.find(f"{W_NS}rPr/{W_NS}lang")
        assert lang is not None and lang.get(f"{W_NS}val") == "sv-SE", style.get(f"{W_NS}styleId")
    languages = {el.get(f"{W_NS}val") for el in styles.iter(f"{W_NS}lang")}
    assert languages == {"sv-SE"}
    settings = xml["word/settings.xml"]
    assert settings.find(f"{W_NS}themeFontLang").get(f"{W_NS}val") == "sv-SE"
    # No run overrides the language back to English.
    body_languages = {el.get(f"{W_NS}val") for el in xml["word/document.xml"].iter(f"{W_NS}lang")}
    assert body_languages <= {"sv-SE"}


@pytest.mark.parametrize(("fund", "case"), FUND_CASES)
def test_amounts_and_percentages_never_break(rendered, fund, case):
    body = parts(rendered[fund, case])["word/document.xml"]
    texts = [t.text or "" for t in body.iter(f"{W_NS}t")]
    joined = "\n".join(texts)
    assert "\u00a0kr" in joined and "\u00a0%" in joined
    for text in texts:
        # A plain space inside "1 200 000" or before "kr"/"%" would let Word break there.
        assert not re.search(r"\d \d{3}(?!\d)", text), text
        assert not re.search(r"\d (kr|%)(?!\w)", text), text


@pytest.mark.parametrize(("fund", "case"), FUND_CASES)
def test_rows_never_split_and_headers_keep_with_the_table(rendered, fund, case):
    doc = rendered[fund, case]
    for style in ("Heading 1", "Heading 2", "Heading 3"):
        assert doc.styles[style].paragraph_format.keep_with_next, style
    headed = 0
    for table in doc.tables:
        rows = table._tbl.findall(f"{W_NS}tr")
        for row in rows:
            assert row.find(f"{W_NS}trPr/{W_NS}cantSplit") is not None
        kept = [
            all(p.find(f"{W_NS}pPr/{W_NS}keepNext") is not None for p in row.iter(f"{W_NS}p"))
            for row in rows
        ]
        if rows[0].find(f"{W_NS}trPr/{W_NS}tblHeader") is not None:
            headed += 1
            assert kept[0], "a header row keeps with the first row"
        else:  # a fact table: kept whole
            assert kept == [True] * (len(rows) - 1) + [False], [r.itertext() for r in rows]
    assert headed >= 5
    # Every paragraph label keeps with its value.
    for paragraph in doc.paragraphs:
        runs = paragraph.runs
        if len(runs) == 1 and runs[0].bold and paragraph.paragraph_format.space_after == 0:
            assert paragraph.paragraph_format.keep_with_next, paragraph.text


@pytest.mark.parametrize("fund", FUNDS)
def test_long_tables_keep_two_rows_together_at_each_end(rendered, fund):
    doc = rendered[fund, "partners20"]
    signatures = next(t for t in doc.tables if t.rows[0].cells[0].text == "Part")
    rows = signatures._tbl.findall(f"{W_NS}tr")[1:]  # below the header
    assert len(rows) == 21
    kept = [row.find(f".//{W_NS}keepNext") is not None for row in rows]
    # The first row keeps with the second, the second-last with the last; the middle may break.
    assert kept[0] and kept[-2] and not kept[-1]
    assert not all(kept[1:-2])


@pytest.mark.parametrize("fund", FUNDS)
def test_the_chart_has_alternative_text(rendered, fund):
    body = parts(rendered[fund, "ready"])["word/document.xml"]
    described = [
        el.get("descr") for el in body.iter("{*}docPr") if el.getparent().tag.endswith("inline")
    ]
    assert len(described) == 1
    text = described[0]
    assert text.startswith("Diagram: kostnad och förväntade kostnadsminskningar per år")
    assert "Kostnad för insatsen: 1\u00a0200\u00a0000\u00a0kr totalt, 2027–2029." in text
    word = {"blekinge": "Återföringsår", "sundsvall": "Återbetalningsår"}.get(fund)
    if word:
        assert f"{word}: 2030–2034." in text
    else:  # Gävleborg has no repayment model: no repayment years in chart or text
        assert "sår:" not in text


def test_chart_labels_every_nth_year_past_a_dozen():
    assert label_step(LABEL_ALL_YEARS) == 1
    assert label_step(LABEL_ALL_YEARS + 1) == 2
    assert label_step(30) * LABEL_ALL_YEARS >= 30
    assert unit(1_200_000) == (1_000, "tkr")
    assert unit(25_000_000) == (1_000_000, "mkr")
    assert unit(9_000) == (1, "kr")
    plan = year_plan(parse_answers(persona("repay30", "sundsvall")))
    assert len(plan.years) == 30
    assert "Återbetalningsår: 2030–2056." in describe(plan, "Återbetalningsår")


@pytest.mark.parametrize("fund", ("sundsvall", "blekinge"))
def test_a_long_period_is_summarised(rendered, fund):
    doc = rendered[fund, "repay30"]
    overview = next(
        t for t in doc.tables if "Kostnadsminskningar som börjar" in t.rows[0].cells[-2].text
    )
    years = [row.cells[0].text for row in overview.rows[1:]]
    assert len(years) <= DETAIL_YEARS
    assert any("–" in year for year in years)  # a run of equal years on one row
    assert "År med samma belopp står på en rad" in "\n".join(p.text for p in doc.paragraphs)
    short = render(persona("ready", fund))
    overview = next(
        t for t in short.tables if "Kostnadsminskningar som börjar" in t.rows[0].cells[-2].text
    )
    assert all("–" not in row.cells[0].text for row in overview.rows[1:])
