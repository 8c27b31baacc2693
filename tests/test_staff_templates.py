"""Text staff edit (fund messages, FAQ answers) cannot hang or break the bot (issue 10):
a template that could run too long or divide by an answer is refused when it is loaded,
quickly, naming the file, entry and field."""

from __future__ import annotations

import time

import pytest
import yaml

from bot.cli import main
from knowledge.criteria import load_funds
from knowledge.criteria.messages import UNRENDERABLE, MessageTemplate
from knowledge.errors import KnowledgeFileError
from knowledge.faq import dump_faq, load_faq, load_faq_file
from tests.test_funds import SYNTHETIC, _write_fund

HOSTILE = [
    ("{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}", "range"),
    ("{% for a in [1] %}{% for b in [1] %}{% for c in [1] %}x{% endfor %}{% endfor %}{% endfor %}",
     "slingor"),
    ("{{ 2 ** (10 ** 10) }}", "potens"),
    ("{{ 2 ** answers.target_group_size }}", "potens"),
    ("{{ 'x' * 10 ** 9 }}", "för lång"),
    ("{{ 100 // (answers.target_group_size - 151) }}", "division"),
    ("{{ 1 / 0 }}", "division"),
]  # fmt: skip


@pytest.mark.parametrize(("template", "reason"), HOSTILE)
def test_a_hostile_fund_message_is_refused_at_load_quickly(tmp_path, template, reason):
    old = 'pass: "Sista dag'
    assert SYNTHETIC.count("Nya metoder är alltid välkomna.") == 1
    text = SYNTHETIC.replace("Nya metoder är alltid välkomna.", template.replace('"', "'"))
    _write_fund(tmp_path, text)
    started = time.monotonic()
    with pytest.raises(KnowledgeFileError) as caught:
        load_funds(tmp_path)
    assert time.monotonic() - started < 2
    message = str(caught.value)
    assert message.startswith("norrby.yaml: norrby.nyhet: messages.")
    assert reason in message
    assert old  # the other rules are untouched


def test_a_division_by_a_constant_and_small_powers_still_work(tmp_path):
    text = SYNTHETIC.replace(
        "Nya metoder är alltid välkomna.",
        "{{ (answers.target_group_size or 0) // 2 }} och {{ 2 ** 3 }} och {{ '-' * 3 }}",
    )
    _write_fund(tmp_path, text)
    assert load_funds(tmp_path)["norrby"].rule("norrby.nyhet")


def test_a_message_that_fails_at_run_time_shows_a_fixed_line_not_a_traceback():
    message = MessageTemplate("{{ share | procent }}")
    assert message.render({"share": "inte ett tal"}) == UNRENDERABLE


def _faq_with(tmp_path, answer: str):
    entries = [e.to_data() for e in load_faq().entries]
    entries[0]["answer"] = answer
    path = tmp_path / "faq-redigerad.yaml"
    path.write_text(yaml.safe_dump({"entries": entries}, allow_unicode=True), encoding="utf-8")
    return path, entries[0]["id"]


@pytest.mark.parametrize(("template", "reason"), HOSTILE[:3] + HOSTILE[4:6])
def test_a_hostile_faq_answer_is_refused_by_import_and_kb_validate(
    tmp_path, capsys, template, reason
):
    path, entry_id = _faq_with(tmp_path, template.replace("answers.target_group_size", "days_left"))
    started = time.monotonic()
    with pytest.raises(KnowledgeFileError) as caught:
        load_faq_file(path)
    assert f"faq-redigerad.yaml: {entry_id}: answer" in str(caught.value)
    assert reason in str(caught.value)
    assert main(["faq", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("idebot: faq-redigerad.yaml: ") and err.count("\n") == 1
    assert time.monotonic() - started < 5
    # Nothing was saved: the FAQ in use and the audit trail are as before.
    assert main(["faq", "export", str(tmp_path / "ut.yaml")]) == 0
    assert dump_faq(load_faq_file(tmp_path / "ut.yaml")) == dump_faq(load_faq().entries)


async def test_a_hostile_answer_typed_in_telegram_is_not_saved(bot):
    from tests.telegram_fakes import STAFF, texts

    replies = []
    for line in ("/faq_ny", "loop", "Hur går det?", "-", HOSTILE[0][0], "k"):
        replies += texts(await bot.send(STAFF, line))
    assert "Posten sparades inte" in replies[-1] and "range" in replies[-1]
    assert bot.store.list_audit() == [] and bot.store.get_staff_faq() is None
