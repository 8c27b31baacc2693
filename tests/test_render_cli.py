"""``idebot render ANSWERS.json -o OUT.docx [--fund F]`` (interfaces.md)."""

from __future__ import annotations

import json

import pytest
from docx import Document

from bot.cli import main
from knowledge.criteria.profiles import load_funds
from tests.conftest import ANSWERS_DIR, example_answers


def footer_text(path) -> str:
    return Document(str(path)).sections[0].footer.paragraphs[0].text


def test_render_writes_the_document_and_prints_its_path(tmp_path, capsys):
    out = tmp_path / "ut" / "ansokan.docx"
    code = main(["render", str(ANSWERS_DIR / "sundsvall-no-comparison.json"), "-o", str(out)])
    assert code == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert load_funds()["sundsvall"].fund_name in footer_text(out)


def test_render_shows_what_the_funds_dialog_asks(tmp_path):
    # The Gävleborg example holds repayment answers, but Gävleborg's dialog never asks
    # for repayment (no repayment model in seed 001): the document leaves them out.
    out = tmp_path / "g.docx"
    assert main(["render", str(ANSWERS_DIR / "gavleborg-ready.json"), "-o", str(out)]) == 0
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Återbetalningsplan" not in text
    assert example_answers("gavleborg-ready")["repayment_plan"] not in text


def test_fund_option_wins_over_the_answers(tmp_path, capsys):
    out = tmp_path / "a.docx"
    args = ["render", str(ANSWERS_DIR / "gavleborg-ready.json"), "-o", str(out)]
    assert main([*args, "--fund", "blekinge"]) == 0
    assert load_funds()["blekinge"].fund_name in footer_text(out)


def test_configured_fund_is_the_fallback(tmp_path, monkeypatch):
    data = example_answers("gavleborg-ready")
    del data["fund"]
    source = tmp_path / "svar.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv("IDEBOT_FUND", "sundsvall")
    assert main(["render", str(source), "-o", str(tmp_path / "a.docx")]) == 0
    assert load_funds()["sundsvall"].fund_name in footer_text(tmp_path / "a.docx")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "svar.json: filen finns inte"),
        ("{inte json", "svar.json: ogiltig JSON"),
        ('{"budget": [{"year": 2027, "cost": "abc"}]}', "svar.json: budget[0].cost"),
        ('{"fund": "okand"}', "okand"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, capsys, content, expected):
    source = tmp_path / "svar.json"
    if content is not None:
        source.write_text(content, encoding="utf-8")
    out = tmp_path / "a.docx"
    assert main(["render", str(source), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("idebot: ") and expected in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()


def test_unwritable_output_exits_2(tmp_path, capsys):
    blocker = tmp_path / "fil"
    blocker.write_text("x")
    source = str(ANSWERS_DIR / "gavleborg-ready.json")
    assert main(["render", source, "-o", str(blocker / "a.docx")]) == 2
    assert "ingen mapp" in capsys.readouterr().err
    assert main(["render", source, "-o", str(tmp_path / "a.pdf")]) == 2
    assert ".docx" in capsys.readouterr().err
