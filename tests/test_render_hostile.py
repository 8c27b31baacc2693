"""Hostile answers give a valid document with the text literal; broken XML is loud."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from docx import Document
from docxtpl import DocxTemplate
from lxml import etree

from knowledge.answers import Answers, parse_answers
from knowledge.criteria import evaluate
from knowledge.criteria.profiles import load_funds
from templates import TemplateError, build_context, render_application
from templates.strict import StrictDocxTemplate, jinja_env
from tests.conftest import example_answers

TODAY = dt.date(2027, 1, 5)
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HOSTILE = (
    "A & B <b>fet</b> \"citat\" 'apostrof' {{ 7 * 7 }} {% if true %}JA{% endif %} "
    "{_{ docxtpl }_} {_% x %_} ]]> <!-- x --> &amp; 😀🇸🇪 åäö"
)


@pytest.fixture(scope="module")
def fund():
    return load_funds()["gavleborg"]


def body_texts(blob: bytes) -> list[str]:
    """Every paragraph's text; the no-break spaces inside amounts read as spaces."""
    doc = Document(io.BytesIO(blob))
    return [
        "".join(t.text or "" for t in p.iter(f"{W_NS}t")).replace("\u00a0", " ")
        for p in doc.element.body.iter(f"{W_NS}p")
    ]


def hostile_answers() -> Answers:
    data = example_answers("gavleborg-ready")
    data["title"] = HOSTILE
    data["problem"] = "Rad ett\nRad två\n\nStycke två\tmed tabb\x01\x0b\x7f"
    data["description"] = ("Lång text & <mer> " * 250)[:4000]
    data["applicant"]["name"] = "Kommun & <Co>"
    data["partners"][0]["name"] = "Partner {{ x }}"
    return parse_answers(data)


def test_hostile_text_is_literal_and_later_sections_survive(fund):
    answers = hostile_answers()
    evaluation = evaluate(answers, fund)
    blob = render_application(answers, fund, evaluation, today=TODAY)
    texts = body_texts(blob)
    joined = "\n".join(texts)
    assert HOSTILE in texts  # the title paragraph, exactly as typed
    assert "49" not in joined  # Jinja in an answer is never evaluated
    assert joined.count("JA") == joined.count("{% if true %}JA{% endif %}")
    assert "Kommun & <Co>" in joined and "Partner {{ x }}" in joined
    assert answers.description in joined  # 4 000 characters, whole
    # Text far after the hostile parts is still there (the recovering parser would drop it).
    assert "anna.lind@example.se" in joined
    assert texts.index("Kriterieprövning") > texts.index(HOSTILE)
    for finding in evaluation.findings:  # the very last table of the document
        assert finding.message in joined


def test_newlines_become_line_breaks_and_control_chars_are_gone(fund):
    answers = hostile_answers()
    blob = render_application(answers, fund, evaluate(answers, fund), today=TODAY)
    xml = zipfile.ZipFile(io.BytesIO(blob)).read("word/document.xml")
    root = etree.fromstring(xml)
    paragraph = next(
        p
        for p in root.iter(f"{W_NS}p")
        if "Rad ett" in "".join(t.text or "" for t in p.iter(f"{W_NS}t"))
    )
    kinds = [el.tag.removeprefix(W_NS) for el in paragraph.iter(f"{W_NS}t", f"{W_NS}br")]
    assert kinds.count("br") == 3  # "\n", "\n\n"
    assert len(list(paragraph.iter(f"{W_NS}tab"))) == 1
    text = "".join(t.text or "" for t in paragraph.iter(f"{W_NS}t"))
    assert text == "Rad ettRad tvåStycke tvåmed tabb"


def test_context_is_safe_for_unvalidated_answers(fund):
    # model_construct bypasses the answer model's cleaning: the context cleans again.
    raw = Answers.model_construct(title="Titel\x01\x08\uffff med\ud800 fel", fund="gavleborg")
    context = build_context(raw, fund, evaluate(Answers(), fund), today=TODAY)
    assert context["a"]["title"] == "Titel med fel"
    blob = render_application(raw, fund, evaluate(Answers(), fund), today=TODAY)
    assert "Titel med fel" in body_texts(blob)


def test_raw_mapping_is_validated(fund):
    blob = render_application(
        {"title": "Från en dict\x02", "fund": "gavleborg"},
        fund,
        evaluate(Answers(), fund),
        today=TODAY,
    )
    assert "Från en dict" in body_texts(blob)


def _template_with_unescaped_tag(tmp_path) -> bytes:
    doc = Document()
    doc.add_paragraph("Först: {{ early|safe }}")
    table = doc.add_table(rows=1, cols=1)
    table.rows[0].cells[0].text = "cell"
    doc.add_paragraph("Sist: {{ late }}")
    path = tmp_path / "mall.docx"
    doc.save(str(path))
    return path.read_bytes()


def test_the_recovering_parser_trap_is_real_and_caught(tmp_path):
    source = _template_with_unescaped_tag(tmp_path)
    context = {"early": "A & B <x", "late": "SEN TEXT"}
    # docxtpl alone: no error, but text is silently lost.
    plain = DocxTemplate(io.BytesIO(source))
    plain.render(context, autoescape=True)
    out = io.BytesIO()
    plain.save(out)
    assert "A & B <x" not in "\n".join(body_texts(out.getvalue()))
    # Ours: the same broken XML raises instead of reaching a coordinator.
    strict = StrictDocxTemplate(io.BytesIO(source), name="mall.docx")
    with pytest.raises(TemplateError, match=r"mall\.docx: document\.xml: ogiltig XML"):
        strict.render(context, jinja_env=jinja_env())


def test_broken_xml_from_a_template_is_reported_by_name(tmp_path):
    from templates.render import render_template

    path = tmp_path / "ansokan_trasig.docx"
    path.write_bytes(_template_with_unescaped_tag(tmp_path))
    with pytest.raises(TemplateError) as error:
        render_template(path, {"early": "A & B", "late": "x"})
    assert str(error.value).startswith("ansokan_trasig.docx: document.xml: ogiltig XML")


@pytest.mark.parametrize("fund_id", ["gavleborg", "sundsvall", "blekinge"])
def test_a_title_as_long_as_an_answer_may_be_renders_with_its_file_title_cut(fund_id):
    # Word's file properties hold at most 255 characters; the title may have 4 000.
    answers = parse_answers({**example_answers("gavleborg-ready"), "title": "Tidigt stöd " * 333})
    profile = load_funds()[fund_id]
    blob = render_application(answers, profile, evaluate(answers, profile), today=TODAY)
    title = Document(io.BytesIO(blob)).core_properties.title
    assert len(title) <= 255 and title.endswith("…")
    assert any(answers.title.strip() in text for text in body_texts(blob))  # whole in the text
