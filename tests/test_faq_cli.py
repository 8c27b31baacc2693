"""``idebot faq``: search (JSON and Swedish text), export and import, bad input."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from knowledge.answers.sample import SAMPLE_ANSWERS
from knowledge.criteria import evaluate
from knowledge.criteria.profiles import FUNDS_DIR, load_fund_file, load_funds
from knowledge.errors import KnowledgeFileError
from knowledge.faq import PACKAGED_FAQ


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def data_dir() -> Path:
    return Path(os.environ["IDEBOT_DATA_DIR"])


def test_json_output_is_the_spec_shape_best_first(capsys):
    code, out, _ = run(capsys, "faq", "hur mkt ska vi betala själva", "--json", "--top", "2")
    assert code == 0
    hits = json.loads(out)
    assert 1 <= len(hits) <= 2
    assert all(set(hit) == {"id", "question", "answer", "score"} for hit in hits)
    assert hits[0]["id"] == "medfinansiering"
    assert "50 %" in hits[0]["answer"]  # IDEBOT_FUND defaults to gavleborg
    assert all(0 < h["score"] <= 1 for h in hits)


def test_json_is_an_empty_list_when_nothing_is_good_enough(capsys):
    code, out, _ = run(capsys, "faq", "Har du ett bra recept på kanelbullar?", "--json")
    assert (code, json.loads(out)) == (0, [])


def test_words_without_quotes_form_the_question(capsys):
    code, out, _ = run(capsys, "faq", "måste", "vi", "ha", "en", "partner")
    assert code == 0
    assert "Måste vi samverka med någon annan organisation?" in out
    assert "minst två organisationer" in " ".join(out.split())
    assert "Källa: 001_1ff95a357d053479.txt" in out


def test_fund_option_and_environment_choose_the_answer(capsys, monkeypatch):
    _, out, _ = run(capsys, "faq", "vem får söka medel", "--fund", "blekinge", "--json")
    assert "Landstinget Blekinge" in json.loads(out)[0]["answer"]
    monkeypatch.setenv("IDEBOT_FUND", "sundsvall")
    _, out, _ = run(capsys, "faq", "vem får söka medel", "--json")
    assert "Sundsvalls kommun" in json.loads(out)[0]["answer"]


def test_unknown_question_says_so_and_gives_the_contact(capsys):
    code, out, _ = run(capsys, "faq", "Vad blir det för väder i morgon?")
    assert code == 0
    assert out.startswith("Det vet jag inte säkert.")
    assert "Emma Mårtensson" in out and "072-203 81 41" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["faq", "medfinansiering", "--fund", "okand"], 'okänd fond "okand"'),
        (["faq", "medfinansiering", "--top", "0"], "--top: ett heltal större än 0"),
        (["faq", "import", "saknas.yaml"], "saknas.yaml: filen finns inte"),
        (["faq", "export"], "faq export: en fil väntades"),
        (["faq", "import"], "faq import: en fil väntades"),
    ],
)
def test_bad_input_exits_2_with_one_swedish_line(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err
    assert "Traceback" not in err


def test_a_non_number_for_top_is_an_argument_error(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["faq", "medfinansiering", "--top", "tre"])
    err = capsys.readouterr().err
    assert caught.value.code == 2
    assert "ett heltal väntades" in err and len(err.strip().splitlines()) == 1


def test_export_then_import_saves_the_staff_copy(capsys, tmp_path):
    export = tmp_path / "faq-export.yaml"
    code, out, _ = run(capsys, "faq", "export", str(export))
    count = len(yaml.safe_load(PACKAGED_FAQ.read_text(encoding="utf-8"))["entries"])
    assert code == 0 and f"{count} frågor" in out
    data = yaml.safe_load(export.read_text(encoding="utf-8"))
    kontakt = next(e for e in data["entries"] if e["id"] == "kontakt")
    kontakt["answer"] = "Ring växeln och be att få tala med samordnaren."
    export.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out, _ = run(capsys, "faq", "import", str(export))
    assert code == 0 and f"Importerade {count} frågor" in out
    assert (data_dir() / "faq.yaml").is_file()
    _, out, _ = run(capsys, "faq", "vem kan jag ringa", "--json")
    assert json.loads(out)[0]["answer"] == "Ring växeln och be att få tala med samordnaren."
    # The next export starts from the staff copy.
    again = tmp_path / "again.yaml"
    run(capsys, "faq", "export", str(again))
    assert "Ring växeln" in again.read_text(encoding="utf-8")


def test_a_bad_import_names_file_entry_and_field_and_saves_nothing(capsys, tmp_path):
    export = tmp_path / "faq.yaml"
    run(capsys, "faq", "export", str(export))
    data = yaml.safe_load(export.read_text(encoding="utf-8"))
    data["entries"][5]["source"] = ["inte", "text"]
    bad = tmp_path / "redigerad.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out, err = run(capsys, "faq", "import", str(bad))
    assert code == 2 and out == ""
    assert err.startswith(f"idebot: redigerad.yaml: {data['entries'][5]['id']}: source: ")
    assert not (data_dir() / "faq.yaml").exists()
    bad.write_text("entries: [\n", encoding="utf-8")
    code, _, err = run(capsys, "faq", "import", str(bad))
    assert code == 2 and "redigerad.yaml: ogiltig YAML" in err
    assert not (data_dir() / "faq.yaml").exists()


@pytest.mark.parametrize(("field", "char"), [("answer", "\x1b"), ("alternatives", "\x07")])
def test_an_import_with_a_control_character_names_the_field_and_saves_nothing(
    capsys, tmp_path, field, char
):
    # A terminal escape pasted into an answer would reach every applicant who asks.
    export = tmp_path / "faq.yaml"
    run(capsys, "faq", "export", str(export))
    data = yaml.safe_load(export.read_text(encoding="utf-8"))
    entry = data["entries"][3]
    if field == "answer":
        entry["answer"] = f"Ring {char}[31msamordnaren."
    else:
        entry["alternatives"] = [*entry["alternatives"], f"Vem ringer jag{char}?"]
    bad = tmp_path / "redigerad.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out, err = run(capsys, "faq", "import", str(bad))
    assert code == 2 and out == ""
    assert err.startswith(f"idebot: redigerad.yaml: {entry['id']}: {field}")
    assert f"styrtecken (U+{ord(char):04X})" in err and len(err.strip().splitlines()) == 1
    assert not (data_dir() / "faq.yaml").exists()


@pytest.mark.timeout(60)
def test_an_answer_with_a_pasted_run_of_letters_imports_and_is_searched(capsys, tmp_path):
    # Splitting compounds costs the square of a word's length: a 200 000-letter "word"
    # (a pasted blob) held the import for hours. It is now no compound and goes in.
    export = tmp_path / "faq.yaml"
    run(capsys, "faq", "export", str(export))
    data = yaml.safe_load(export.read_text(encoding="utf-8"))
    kontakt = next(e for e in data["entries"] if e["id"] == "kontakt")
    kontakt["answer"] = "Ring samordnaren. " + "a" * 200_000
    export.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out, err = run(capsys, "faq", "import", str(export))
    assert code == 0, err
    _, out, _ = run(capsys, "faq", "vem kan jag ringa", "--json")
    assert json.loads(out)[0]["answer"].startswith("Ring samordnaren.")


def test_a_search_loads_the_funds_without_checking_messages_that_still_render_alike(tmp_path):
    # `idebot faq` shows no criteria message, so it skips compiling and test-rendering
    # the fund files' message templates; a message rendered later reads the same.
    checked = load_funds()
    unchecked = load_funds(check_messages=False)
    today = dt.date(2026, 11, 23)
    for fund_id, fund in checked.items():
        expected = evaluate(SAMPLE_ANSWERS, fund, today=today).to_json()
        assert evaluate(SAMPLE_ANSWERS, unchecked[fund_id], today=today).to_json() == expected
    # The checked load (kb validate, the bot's start) still refuses a broken template.
    broken = tmp_path / "gavleborg.yaml"
    text = (FUNDS_DIR / "gavleborg.yaml").read_text(encoding="utf-8")
    assert "{{ fund.coordinator.name }}" in text
    broken.write_text(text.replace("{{ fund.coordinator.name }}", "{{ fund.coordinator.name"))
    load_fund_file(broken, check_messages=False)
    with pytest.raises(KnowledgeFileError, match="mallfel"):
        load_fund_file(broken)
