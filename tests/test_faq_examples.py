"""The labelled examples the FAQ search learns phrasing from (``knowledge/faq/examples``):
the files are validated with errors naming file, question and field; an example teaches
its entry a way of asking; out-of-scope examples turn a question away; an example never
decides an answer's Ja/Nej; staff edits and the cache keep working with them."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.errors import KnowledgeFileError
from knowledge.faq import (
    Example,
    ExampleSet,
    Faq,
    FaqEntry,
    catalog,
    check_entry_ids,
    load_examples,
    load_faq,
    parse_example_set,
    without,
)
from knowledge.yaml_io import parse_yaml
from tests.support.core import make_core


def _entries() -> list[FaqEntry]:
    return [
        FaqEntry(
            id="samverkan",
            question="Måste vi samverka med någon?",
            alternatives=["Krävs det flera organisationer?"],
            opposite=["Kan vi söka ensamma?"],
            answer="Ja. Minst två organisationer ska samverka i insatsen.",
            source="test: 1",
        ),
        FaqEntry(
            id="aterforing",
            question="Hur fungerar återföringen?",
            alternatives=["Ska pengarna betalas tillbaka till fonden?"],
            answer="De minskade kostnaderna förs tillbaka till fonden under några år.",
            source="test: 2",
        ),
    ]


def _parse(text: str, name: str = "egna") -> ExampleSet:
    return parse_example_set(parse_yaml(text, f"{name}.yaml"), name)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("questions: {q: x}", "egna.yaml: questions: en lista"),
        ("questions:\n  - {q: 'Hur då?', id: Aterforing}", "egna.yaml: questions[0]: id:"),
        ("questions:\n  - {q: 'Hur då?'}", "egna.yaml: questions[0]: id:"),
        ("questions:\n  - {id: aterforing}", "egna.yaml: questions[0]: q:"),
        ('questions:\n  - {q: "Hur\\e[31m?", id: aterforing}', "questions[0]: q: innehåller"),
        ("questions:\n  - {q: 'Hur?', id: aterforing, lead: kanske}", "questions[0]: lead:"),
        ("questions:\n  - {q: 'Hur?', id: aterforing, svar: x}", "questions[0]: svar: okänt"),
        ("questions:\n  - {q: 'Hur?', id: aterforing, also: x}", "questions[0]: also:"),
        ("questions:\n  - Hur?", "egna.yaml: questions[0]: en tabell"),
        ("out_of_scope:\n  - {x: 1}", "egna.yaml: out_of_scope[0]: x: okänt fält"),
        ("out_of_scope:\n  - {q: 'Väder?', svar: 1}", "out_of_scope[0]: svar: okänt fält"),
        ("questions:\n  - {q: 'Hur?', id: aterforing, ctx: kanske}", "questions[0]: ctx: true"),
        ("questions:\n  - {q: 'Hur?', id: aterforing, fund: Gävle}", "fund: ett id (små"),
        ("out_of_scope:\n  - 17", "egna.yaml: out_of_scope[0]"),
        ("fragor: []", "egna.yaml: fragor: okänt fält"),
        ("- a\n- b", "egna.yaml: en tabell"),
        (f"questions:\n  - {{q: '{'å' * 1001}', id: aterforing}}", "questions[0]: q: högst 1000"),
    ],
)
def test_an_invalid_example_file_names_the_file_the_question_and_the_field(text, where):
    with pytest.raises(KnowledgeFileError) as caught:
        _parse(text)
    assert where in str(caught.value)


def test_broken_yaml_names_the_file_and_the_line(tmp_path: Path):
    (tmp_path / "trasig.yaml").write_text("questions:\n  - {q: 'öppen\n", encoding="utf-8")
    with pytest.raises(KnowledgeFileError) as caught:
        load_examples(tmp_path)
    assert str(caught.value).startswith("trasig.yaml")
    assert "rad" in str(caught.value)


def test_an_example_for_an_entry_the_faq_lacks_is_named():
    sets = [_parse("questions:\n  - {q: 'Hur då?', id: aterforing}\n  - {q: 'Och?', id: finns-ej}")]
    with pytest.raises(KnowledgeFileError) as caught:
        check_entry_ids(sets, ["aterforing"])
    assert str(caught.value) == (
        "examples/egna.yaml: questions[1]: id: ingen FAQ-fråga har id 'finns-ej'"
    )
    sets = [_parse("questions:\n  - {q: 'Hur då?', id: aterforing, fund: gavelborg}")]
    with pytest.raises(KnowledgeFileError) as caught:
        check_entry_ids(sets, ["aterforing"], funds=["gavleborg", "sundsvall"])
    assert "questions[0]: fund: okänd fond 'gavelborg' (fonder: gavleborg, sundsvall)" in str(
        caught.value
    )


def test_every_file_of_the_folder_is_a_set_in_name_order(tmp_path: Path):
    (tmp_path / "b.yaml").write_text("out_of_scope:\n  - Blir det regn?\n", encoding="utf-8")
    (tmp_path / "a.yaml").write_text("questions:\n  - {q: 'Hur?', id: x}\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a set", encoding="utf-8")
    sets = load_examples(tmp_path)
    assert [(s.name, len(s.questions), s.out_of_scope) for s in sets] == [
        ("a", 1, ()),
        ("b", 0, ("Blir det regn?",)),
    ]
    assert load_examples(tmp_path / "saknas") == ()


def test_a_set_measured_without_itself_also_loses_the_same_questions_elsewhere():
    one = ExampleSet("ett", (Example("Hur mycket kan vi söka?", "belopp"),), ("Väder?",))
    two = ExampleSet(
        "två",
        (Example("hur mycket kan vi  söka", "belopp"), Example("Vem beslutar?", "beslut")),
        ("väder",),
    )
    [left] = without([one, two], "ett")
    assert [e.text for e in left.questions] == ["Vem beslutar?"]
    assert left.out_of_scope == ()


def test_an_example_teaches_its_entry_a_way_of_asking():
    question = "Hur gör vi med slantarna efteråt, går de åter till potten?"
    plain = Faq(_entries())
    assert [h.id for h in plain.search(question)] != ["aterforing"]
    taught = Faq(
        _entries(),
        examples=[
            ExampleSet("egna", (Example("Går slantarna åter till potten?", "aterforing"),), ())
        ],
    )
    assert taught.search(question)[0].id == "aterforing"


def test_a_question_like_an_out_of_scope_example_is_turned_away():
    # Without examples the packaged FAQ answers this with what an application contains.
    question = "Hur skriver jag en orosanmälan om ett barn, vad ska den innehålla?"
    assert load_faq(examples=()).search(question)
    assert load_faq().search(question) == []
    # ... and the same words about the fund still find their answer.
    hits = load_faq().search("Vad ska vår ansökan om sociala investeringsmedel innehålla?")
    assert hits and hits[0].id == "ansokan-innehall"


def test_an_example_never_decides_the_answers_ja_or_nej():
    # Nobody checks an example's polarity: "ensam" asks the opposite of the canonical
    # "Måste vi samverka?", so taking the example's match for the lead would say "Ja."
    # where the answer is no. Without an own phrasing asking that way, no Ja/Nej at all.
    entries = [e.model_copy(update={"opposite": []}) for e in _entries()]
    examples = [
        ExampleSet("egna", (Example("Funkar det att vara ensam sökande?", "samverkan"),), ())
    ]
    faq = Faq(entries, examples=examples)
    hit = faq.search("Funkar det att vara ensam sökande?")[0]
    assert hit.id == "samverkan"
    assert hit.answer.startswith("Minst två organisationer")
    # The entry's own phrasings decide it: with its opposite phrasing, "Nej.".
    faq = Faq(_entries(), examples=examples)
    assert faq.search("Funkar det att vara ensam sökande?")[0].answer.startswith("Nej.")
    assert faq.search("Måste vi samverka med någon?")[0].answer.startswith("Ja.")


def test_examples_of_an_entry_staff_removed_are_left_out():
    examples = [
        ExampleSet(
            "egna",
            (
                Example("Går slantarna åter till potten?", "aterforing"),
                Example("Måste vi ha kompisar med?", "samverkan"),
            ),
            (),
        )
    ]
    faq = Faq(_entries(), examples=examples)
    faq.replace_entries([_entries()[0]])
    assert [e.id for e in faq.entries] == ["samverkan"]
    assert faq.search("Går slantarna åter till potten?") == []
    assert faq.search("Måste vi ha kompisar med?")[0].id == "samverkan"


def test_the_cache_holds_the_examples_and_a_new_example_is_a_new_cache(tmp_path, monkeypatch):
    question = "Hur gör vi med slantarna efteråt, går de åter till potten?"
    first = load_faq(cache_dir=tmp_path)
    expected = [h.id for h in first.search(question)]

    def unread() -> None:
        raise AssertionError("the examples were read although the cache holds them")

    # A second process reads the built index, examples included, from the cache.
    monkeypatch.setattr(catalog, "load_examples", unread)
    again = load_faq(cache_dir=tmp_path)
    assert [h.id for h in again.search(question)] == expected
    assert again.search("Hur skriver jag en orosanmälan om ett barn, vad ska den innehålla?") == []
    monkeypatch.undo()
    before = {p.name for p in tmp_path.iterdir()}
    taught = [ExampleSet("egna", (Example("Går slantarna åter till potten?", "aterforing"),), ())]
    assert load_faq(cache_dir=tmp_path, examples=taught).search(question)[0].id == "aterforing"
    assert {p.name for p in tmp_path.iterdir()} != before


def test_a_staff_edit_keeps_what_the_search_learned_from_the_examples(tmp_path):
    # The edit is indexed in the process that saves it, and that FAQ answers from then on.
    core = make_core(tmp_path)
    outside = "Hur skriver jag en orosanmälan om ett barn, vad ska den innehålla?"
    learned = "Funkar det att vara ensam sökande?"
    assert core.knowledge.faq.search(outside) == []
    before = core.knowledge.faq.search(learned)[0].id
    data = core.staff.entry("kontakt").to_data()
    core.faq_edit("update", "kontakt", {**data, "answer": "Ring samordnaren."}, by="staff:1")
    faq = core.knowledge.faq
    assert faq.get("kontakt").answer == "Ring samordnaren."
    assert faq.search(outside) == []
    assert faq.search(learned)[0].id == before
    # A new entry of the staff's own is found by its own phrasings.
    new = {
        "id": "workshop",
        "question": "Finns det en workshop för nya sökande?",
        "alternatives": ["Har ni någon kurs om hur man söker?"],
        "answer": "Ja, varje vår.",
        "source": "Samordnarens information",
    }
    core.faq_edit("create", "workshop", new, by="staff:1")
    assert core.knowledge.faq.search("Har ni någon workshop för oss som är nya?")[0].id == (
        "workshop"
    )


def test_a_word_only_examples_have_does_not_cost_an_answer_its_ja_or_nej():
    # "härifrån" is a word of an example only: to the Ja/Nej it is the asker's context,
    # like a word the FAQ never saw, not something the question asks beyond its phrasing.
    entries = [
        FaqEntry(
            id="befintlig",
            question="Kan ett projekt som redan är igång få pengar?",
            answer="Nej. Pågående projekt kan inte få medel.",
            source="test: 3",
        ),
        *_entries(),
    ]
    examples = [
        ExampleSet(
            "egna", (Example("Kan man få stöd härifrån till något vi gör?", "befintlig"),), ()
        )
    ]
    question = "Vårt projekt är redan igång sedan i våras. Kan det få pengar härifrån?"
    hit = Faq(entries, examples=examples).search(question)[0]
    assert hit.id == "befintlig"
    assert hit.answer.startswith("Nej.")
