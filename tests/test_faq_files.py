"""FAQ files: schema errors name file, entry and field; staff copy; save, export, import."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge.errors import KnowledgeFileError
from knowledge.faq import (
    PACKAGED_FAQ,
    dump_faq,
    faq_document,
    load_faq,
    load_faq_file,
    load_language,
    parse_faq_text,
    validate_faq_data,
)

GOOD = {
    "id": "test-fraga",
    "question": "Är detta en testfråga?",
    "alternatives": ["Testar vi nu?", "Är det ett test?", "Provar vi?"],
    "answer": "Ja, det här är ett test.",
    "source": "001_1ff95a357d053479.txt: Kriterier",
}


def entry(**changes) -> dict:
    data = dict(GOOD)
    data.update(changes)
    return {k: v for k, v in data.items() if v is not ...}


def error_of(data, file="faq.yaml") -> KnowledgeFileError:
    with pytest.raises(KnowledgeFileError) as caught:
        validate_faq_data(data, file=file)
    return caught.value


@pytest.mark.parametrize(
    ("raw", "entry_label", "field", "reason"),
    [
        (entry(answer=...), "test-fraga", "answer", "fältet saknas"),
        (entry(answer="   "), "test-fraga", "answer", "får inte vara tomt"),
        (entry(alternatives="en fråga"), "test-fraga", "alternatives", "en lista väntades"),
        (entry(alternatives=["ok", 3]), "test-fraga", "alternatives[1]", "en text väntades"),
        (entry(answer=5), "test-fraga", "answer", "en text väntades, fick talet '5'"),
        (entry(funds={"gavleborg": ["x"]}), "test-fraga", "funds.gavleborg", "fick listan"),
        (entry(alternatives=["ok", " "]), "test-fraga", "alternatives", "alternativ 2 är tomt"),
        (entry(id="Sista Dag"), "Sista Dag", "id", "kebab-case"),
        (entry(id=...), "entries[0]", "id", "fältet saknas"),
        (entry(svar="x"), "test-fraga", "svar", "okänt fält"),
        (
            entry(funds={"gavleborg": {"answer": "x", "svar": "x"}}),
            "test-fraga",
            "funds.gavleborg.svar",
            "okänt",
        ),
        (entry(funds={"gavleborg": {}}), "test-fraga", "funds.gavleborg.answer", "saknas"),
        (entry(funds={"gavleborg": "text"}), "test-fraga", "funds.gavleborg", "tabell"),
        (entry(funds={"Gävle": {"answer": "x"}}), "test-fraga", "funds", "ogiltigt fond-id"),
        (entry(answer="Sista dag {{ deadlin }}."), "test-fraga", "answer", "platshållare"),
        (entry(answer="Kontakta {{ fund.coordinator.name }}."), "test-fraga", "answer", "contact"),
        (entry(answer="Sök {{ fund.fund_name }}."), "test-fraga", "answer", "{% if fund %}"),
        (
            entry(funds={"blekinge": {"answer": "Ring {{ fund.coordinator.phone }}."}}),
            "test-fraga",
            "funds.blekinge.answer",
            "{{ contact }}",
        ),
        (entry(answer="Fel {% if %}"), "test-fraga", "answer", "platshållare"),
        (
            entry(funds={"sundsvall": {"answer": "{{ fund.nme }}"}}),
            "test-fraga",
            "funds.sundsvall.answer",
            "platshållare",
        ),
    ],
)
def test_schema_errors_name_file_entry_and_field(raw, entry_label, field, reason):
    error = error_of({"entries": [raw]}, file="min-faq.yaml")
    assert (error.file, error.entry, error.field) == ("min-faq.yaml", entry_label, field)
    assert reason.lower() in error.reason.lower()
    assert str(error).startswith(f"min-faq.yaml: {entry_label}: {field}: ")


def test_file_level_errors():
    assert "dubblett" in str(error_of([GOOD, GOOD])) or "finns redan" in str(error_of([GOOD, GOOD]))
    assert error_of({"entries": [GOOD, GOOD]}).entry == "test-fraga"
    assert error_of({"poster": []}).field == "poster"
    assert error_of({"version": 1}).field == "entries"
    assert error_of("text").field == "entries"
    assert error_of({"entries": ["bara text"]}).entry == "entries[0]"
    # A valid file in both shapes.
    assert [e.id for e in validate_faq_data([GOOD])] == ["test-fraga"]


def test_broken_yaml_names_the_file_and_line(tmp_path):
    path = tmp_path / "trasig.yaml"
    path.write_text("entries:\n  - id: a\n    question: [oavslutad\n", encoding="utf-8")
    with pytest.raises(KnowledgeFileError) as caught:
        load_faq(path)
    assert str(caught.value).startswith("trasig.yaml: ogiltig YAML på rad")
    with pytest.raises(KnowledgeFileError, match="finns inte"):
        load_faq(tmp_path / "saknas.yaml")


def test_broken_language_file_is_reported(tmp_path):
    path = tmp_path / "language.yaml"
    path.write_text("stopwords: inte-en-lista\n", encoding="utf-8")
    with pytest.raises(KnowledgeFileError) as caught:
        load_language(path)
    assert (caught.value.file, caught.value.field) == ("language.yaml", "stopwords")


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("generic_words: kommun\n", "generic_words"),
        ("frame_words: [skillnad, 3]\n", "frame_words"),
        ("exact_synonyms: [tidigare]\n", "exact_synonyms"),
    ],
)
def test_broken_word_lists_are_reported(tmp_path, text, field):
    path = tmp_path / "language.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeFileError) as caught:
        load_language(path, with_domain=False)
    assert (caught.value.file, caught.value.field) == ("language.yaml", field)


def test_the_staff_copy_wins_over_the_packaged_faq():
    packaged_count = len(yaml.safe_load(PACKAGED_FAQ.read_text(encoding="utf-8"))["entries"])
    assert len(load_faq().entries) == packaged_count  # no staff copy
    packaged = load_faq().entries
    changed = [e.model_copy(update={"answer": "Ny text från handläggaren."}) for e in packaged]
    faq = load_faq(staff_text=faq_document(changed))
    assert faq.get("kontakt").answer == "Ny text från handläggaren."
    assert faq.search("vem kan jag ringa")[0].answer == "Ny text från handläggaren."


def test_a_broken_staff_copy_names_the_file_and_the_entry():
    entries = [e.to_data() for e in load_faq().entries]
    entries[0]["answer"] = "{{ nope"
    text = yaml.safe_dump({"version": 1, "entries": entries}, allow_unicode=True)
    with pytest.raises(KnowledgeFileError) as caught:
        parse_faq_text(text)
    assert str(caught.value).startswith(f"faq.yaml: {entries[0]['id']}: answer")
    with pytest.raises(KnowledgeFileError, match=r"faq\.yaml: ogiltig YAML på rad 2"):
        parse_faq_text("entries: [")


def test_export_then_import_round_trips_every_entry(tmp_path):
    faq = load_faq()
    path = tmp_path / "faq-export.yaml"
    path.write_text(faq_document(faq.entries), encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Idébots FAQ.")
    assert "å" in text and "\\u00e5" not in text  # readable Swedish for staff
    assert load_faq_file(path) == list(faq.entries)
    assert yaml.safe_load(text)["entries"][0]["id"] == faq.entries[0].id
    assert dump_faq(faq.entries) == dump_faq(load_faq_file(path))


def test_an_edited_file_with_a_bad_field_is_refused_by_name(tmp_path):
    faq = load_faq()
    data = yaml.safe_load(dump_faq(faq.entries))
    data["entries"][3]["alternatives"] = "inte en lista"
    bad = tmp_path / "andrad.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeFileError) as caught:
        load_faq_file(bad)
    assert str(caught.value).startswith(f"andrad.yaml: {faq.entries[3].id}: alternatives: ")


def test_packaged_file_is_the_default():
    assert load_faq().source == str(PACKAGED_FAQ)
    assert Path(load_faq(PACKAGED_FAQ).source) == PACKAGED_FAQ


def test_an_invalid_staff_edit_is_refused_and_changes_nothing():
    faq = load_faq()
    before = faq.entries
    edited = [e.to_data() for e in before]
    edited[0]["question"] = ""
    with pytest.raises(KnowledgeFileError) as caught:
        faq.replace_entries(edited)
    assert (caught.value.file, caught.value.entry, caught.value.field) == (
        "faq.yaml",
        before[0].id,
        "question",
    )
    assert faq.entries == before
    assert faq.search("hur mkt ska vi betala själva")[0].id == "medfinansiering"
