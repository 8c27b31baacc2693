"""``idebot kb validate`` and the knowledge base object."""

from __future__ import annotations

import shutil

import pytest

from bot.cli import main
from knowledge.base import load_knowledge, validate_knowledge
from knowledge.criteria import profiles as funds_module
from knowledge.errors import UnknownFundError


def test_kb_validate_is_green_on_the_real_files(capsys):
    assert main(["kb", "validate"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK")
    for name in ("gavleborg.yaml", "sundsvall.yaml", "blekinge.yaml", "faq.yaml"):
        assert name in out
    # The dialog flow and every Word template are knowledge files staff edit too.
    assert "flow.yaml" in out
    for fund in ("gavleborg", "sundsvall", "blekinge"):
        assert f"ansokan_{fund}.docx" in out


def test_kb_validate_is_red_on_a_broken_copy_and_names_file_entry_field(
    tmp_path, monkeypatch, capsys
):
    folder = tmp_path / "funds"
    shutil.copytree(funds_module.FUNDS_DIR, folder)
    path = folder / "sundsvall.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("max: 10", "max: ten"), encoding="utf-8")
    blekinge = folder / "blekinge.yaml"
    text = blekinge.read_text(encoding="utf-8")
    blekinge.write_text(text.replace("kind: advice", "kind: råd", 1), encoding="utf-8")
    monkeypatch.setattr(funds_module, "FUNDS_DIR", folder)

    assert main(["kb", "validate"]) == 2
    err = capsys.readouterr().err
    # Both broken files are reported, not only the first.
    assert "sundsvall.yaml: sundsvall.aterbetalning: params.max: ett tal väntades" in err
    assert "blekinge.yaml: blekinge.barn_unga: kind: okänd regeltyp" in err
    assert "Traceback" not in err


def test_kb_validate_checks_the_staff_edited_faq(tmp_path, capsys):
    report = validate_knowledge(staff_faq="entries: [{id: x}]\n")
    assert not report.ok
    assert any("faq.yaml" in str(problem) for problem in report.errors)
    # The staff copy the store keeps (the data folder's faq.yaml) is what the CLI checks.
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "faq.yaml").write_text("entries: [{id: x}]\n", encoding="utf-8")
    assert main(["kb", "validate"]) == 2
    assert "faq.yaml" in capsys.readouterr().err


def test_knowledge_base_is_cached_and_resolves_funds():
    kb = load_knowledge()
    assert load_knowledge() is kb
    assert kb.fund("gavleborg").name == "Region Gävleborg"
    assert kb.faq.entries
    assert kb.resolve_fund("blekinge", "sundsvall", "gavleborg").id == "blekinge"
    assert kb.resolve_fund(None, "sundsvall", "gavleborg").id == "sundsvall"
    assert kb.resolve_fund(None, None, "gavleborg").id == "gavleborg"
    assert kb.resolve_fund("", "  ", "gavleborg").id == "gavleborg"


@pytest.mark.parametrize(
    ("args", "source"),
    [
        (("x", None, "gavleborg"), "--fund"),
        ((None, "x", "gavleborg"), "svar.json: fund"),
        ((None, None, "x"), "IDEBOT_FUND"),
    ],
)
def test_unknown_fund_names_where_it_came_from(args, source):
    with pytest.raises(UnknownFundError) as caught:
        load_knowledge().resolve_fund(*args, answers_source="svar.json")
    assert str(caught.value).startswith(f'{source}: okänd fond "x"')
    assert "gavleborg" in str(caught.value)
