"""``idebot check``: output, fund precedence and bad input (one Swedish line, exit 2)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import ANSWERS_DIR, example_answers, example_expected

SHORT = str(ANSWERS_DIR / "gavleborg-short-cofinancing.json")


def _write(tmp_path: Path, name: str, content) -> str:
    path = tmp_path / name
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_human_output_has_the_verdict_then_every_finding(capsys):
    assert main(["check", SHORT]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith("Fond: Region Gävleborgs")
    assert lines[1] == "Bedömning: Idén uppfyller inte alla krav i sin nuvarande form"
    assert "[ej uppfyllt] gavleborg.medfinansiering" in out
    assert "[uppfyllt] gavleborg.sokande" in out
    assert "[råd] gavleborg.ansokningsomgang" in out
    flat = " ".join(out.split())
    for phrase in example_expected("gavleborg-short-cofinancing")["must_mention"]:
        assert phrase in flat
    assert "Källa: 001_1ff95a357d053479.txt: Kriterier" in out


def test_json_output_has_the_shape_of_interfaces_md(capsys):
    assert main(["check", SHORT, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"fund", "verdict", "findings"}
    assert data["fund"] == "gavleborg" and data["verdict"] == "not_eligible"
    first = data["findings"][0]
    assert set(first) == {"rule", "status", "message", "source", "fields"}
    fails = sorted(f["rule"] for f in data["findings"] if f["status"] == "fail")
    assert fails == ["gavleborg.medfinansiering", "gavleborg.samverkan"]


def test_fund_precedence_flag_then_answers_then_environment(tmp_path, monkeypatch, capsys):
    data = example_answers("sundsvall-no-comparison")
    with_fund = _write(tmp_path, "a.json", data)
    data.pop("fund")
    without = _write(tmp_path, "b.json", data)
    monkeypatch.setenv("IDEBOT_FUND", "blekinge")

    def fund_of(argv):
        assert main(argv) == 0
        return json.loads(capsys.readouterr().out)["fund"]

    assert fund_of(["check", with_fund, "--json", "--fund", "gavleborg"]) == "gavleborg"
    assert fund_of(["check", with_fund, "--json"]) == "sundsvall"
    assert fund_of(["check", without, "--json"]) == "blekinge"
    monkeypatch.delenv("IDEBOT_FUND")
    assert fund_of(["check", without, "--json"]) == "gavleborg"  # the default


@pytest.mark.parametrize(
    ("content", "extra", "expected"),
    [
        (None, [], "saknas.json: filen finns inte"),
        (
            "{nej",
            [],
            "svar.json: ogiltig JSON på rad 1, kolumn 2: "
            "ett fältnamn inom dubbla citattecken väntades",
        ),
        (
            '{"title": "x",\n "problem" "y"}',
            [],
            "svar.json: ogiltig JSON på rad 2, kolumn 12: ett kolon",
        ),
        ("  \n", [], "svar.json: filen är tom; ett JSON-objekt väntades"),
        ("[1, 2]", [], "svar.json: ett JSON-objekt väntades"),
        (
            {"budget": [{"year": 2027, "cost": 1}, {"year": 2028, "cost": "abc"}]},
            [],
            'svar.json: budget[1].cost: ett belopp i kronor väntades, fick "abc"',
        ),
        ({"existing_activity": "kanske"}, [], "svar.json: existing_activity: ja eller nej"),
        ({"target_groups": ["barn"]}, [], "svar.json: target_groups[0]: ett av barn_unga"),
        ({"fund": "norrbotten"}, [], 'svar.json: fund: okänd fond "norrbotten"'),
        ({}, ["--fund", "x"], '--fund: okänd fond "x"'),
        ({"foo": 1}, [], "svar.json: foo: okänt fält"),
    ],
)
def test_bad_input_is_one_swedish_line_and_exit_2(tmp_path, capsys, content, extra, expected):
    path = (
        str(tmp_path / "saknas.json") if content is None else _write(tmp_path, "svar.json", content)
    )
    assert main(["check", path, *extra]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"idebot: {expected}")


def test_a_file_that_is_not_utf8_text_is_named_in_swedish(tmp_path, capsys):
    path = tmp_path / "svar.json"
    path.write_bytes(b'{"title": "\xe5r"}')  # Latin-1 "år"
    assert main(["check", str(path)]) == 2
    assert capsys.readouterr().err == "idebot: svar.json: filen är inte text i UTF-8\n"


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("IDEBOT_DRAFT_RETENTION_DAYS", "x", 'ett heltal väntades, fick "x"'),
        ("IDEBOT_DRAFT_RETENTION_DAYS", "0", 'ett heltal som är minst 1 väntades, fick "0"'),
        ("IDEBOT_COORDINATOR_CHAT_IDS", "12, abc", 'ett heltal väntades, fick "abc"'),
    ],
)
def test_a_bad_setting_is_one_swedish_line_naming_the_variable(
    tmp_path, monkeypatch, capsys, variable, value, expected
):
    monkeypatch.setenv(variable, value)
    assert main(["check", SHORT]) == 2
    assert capsys.readouterr().err == f"idebot: {variable}: {expected}\n"


def test_unknown_fund_from_environment(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("IDEBOT_FUND", "okand")
    assert main(["check", _write(tmp_path, "svar.json", {})]) == 2
    assert capsys.readouterr().err.startswith('idebot: IDEBOT_FUND: okänd fond "okand"')


def test_real_process_gives_no_traceback(tmp_path):
    script = Path(sys.executable).parent / "idebot"
    bad = _write(tmp_path, "svar.json", {"budget": "mycket"})
    result = subprocess.run(
        [str(script), "check", bad], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert result.returncode == 2
    assert result.stderr.strip() == 'idebot: svar.json: budget: en lista väntades, fick "mycket"'
    assert "Traceback" not in result.stderr
    good = subprocess.run(
        [str(script), "check", SHORT, "--json"], capture_output=True, text=True, timeout=60
    )
    assert good.returncode == 0 and json.loads(good.stdout)["verdict"] == "not_eligible"


def test_wrapped_report_never_splits_a_hyphenated_word(capsys):
    # "EU-samordnare" must not become "EU-" at a line end and "samordnare" on the next.
    path = str(ANSWERS_DIR / "sundsvall-no-comparison.json")
    assert main(["check", path]) == 0
    words = set(capsys.readouterr().out.split())
    assert main(["check", path, "--json"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    hyphenated = {w for f in findings for w in f["message"].split() if "-" in w.strip("-–")}
    assert "EU-samordnare" in hyphenated
    assert hyphenated <= words
