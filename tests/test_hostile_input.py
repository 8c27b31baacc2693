"""Nothing a person types breaks a draft (issue 10): each hostile value gets a clear Swedish
message naming what was expected, and the dialog, ``/sammanfattning`` and a resume go on.

The same values go through the application layer (typed and as JSON values), the
JSON-lines protocol as a real process, the command line and Telegram.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from storage import TinyStore
from tests.conftest import example_answers
from tests.support.client import DialogClient
from tests.support.core import make_core, question_number
from tests.telegram_fakes import texts

IDEBOT = Path(sys.executable).with_name("idebot")
USER = "console:eva"
HUGE = "1" + "0" * 30
DEEP = "[" * 10_000 + "]" * 10_000
LONG_INT = "9" * 5000

# (field, what is typed or sent, a fragment of the Swedish refusal)
TYPED = [
    ("requested_amount", f"{HUGE} kr", "högst 15 siffror"),
    ("requested_amount", "99 999 999 999 999 kr", "mellan 0 och 100 000 000 000"),
    ("requested_amount", "-5 kr", "belopp"),
    ("start_date", "9999-12-30", "mellan 1990 och 2100"),
    ("start_date", "30 december 9999", "datum"),
    ("target_group_size", LONG_INT, "högst 15 siffror"),
    ("target_group_size", "20000000", "mellan 0 och 10 000 000"),
    ("budget", DEEP, "JSON"),
    ("budget", "[" + LONG_INT + "]", "JSON"),
    ("partners", "{" * 3000, "JSON"),
]
SENT = [
    ("requested_amount", 1e308, "mellan 0 och 100 000 000 000"),
    ("requested_amount", 10**30, "ett tal med 31 siffror"),
    ("requested_amount", 10**5000, "ett tal med 5001 siffror"),
    ("budget", [{"year": 2027, "cost": 1e308}], "budget[0].cost"),
    ("budget", [{"year": 9999, "cost": 1}], "årtal"),
    ("budget", [{"year": 2027 + n, "cost": 1} for n in range(31)], "högst 30 rader"),
    ("partners", [{"name": "X"}] * 51, "högst 50 rader"),
    ("start_date", "9999-12-30", "mellan 1990 och 2100"),
    ("title", "x" * 4001, "högst 4000 tecken"),
]


def at(tmp_path, field):
    """A person whose dialog is at ``field`` (with the answers before it given)."""
    core = make_core(tmp_path)
    person = DialogClient(core, USER)
    answers = example_answers("gavleborg-ready")
    person.start()
    while person.ask.field != field:
        ask = person.ask
        top = ask.field.split(".")[0].split("[")[0]
        value = answers.get(top)
        if ask.field.startswith("confirm_"):  # the quick check's "go on?"
            person.send("ja")
        elif ask.field == top and value is not None and not isinstance(value, dict):
            person.value(value)
        else:
            person.send("/hoppa")
    return core, person


def still_fine(core, person, field):
    """The refusal asked the same question again, and nothing is broken."""
    assert person.ask.field == field
    draft = core.store.get_draft(USER)["state"]
    assert field.split(".")[0] not in draft["answers"] or field == "title"
    person.command("sammanfattning")
    assert "Sammanfattning av dina svar" in person.texts()
    person.start()  # a resume
    if person.ask.field == "confirm_resume":
        person.send("ja")
    assert person.ask.field == field


@pytest.mark.parametrize(
    ("field", "typed", "expected"), TYPED, ids=[f"{f}-{n}" for n, (f, _, _) in enumerate(TYPED)]
)
def test_a_hostile_typed_value_is_refused_by_name_and_nothing_breaks(
    tmp_path, field, typed, expected
):
    core, person = at(tmp_path, field)
    person.send(typed)
    assert person.texts().startswith("Det svaret kunde jag inte tolka"), person.texts()
    assert expected in person.texts()
    still_fine(core, person, field)


@pytest.mark.parametrize(
    ("field", "value", "expected"), SENT, ids=[f"{f}-{n}" for n, (f, _, _) in enumerate(SENT)]
)
def test_a_hostile_json_value_is_refused_by_name_and_nothing_breaks(
    tmp_path, field, value, expected
):
    core, person = at(tmp_path, field)
    person.value(value)
    assert person.texts().startswith("Det svaret kunde jag inte tolka"), person.texts()
    assert expected in person.texts()
    still_fine(core, person, field)


def test_a_lone_surrogate_and_control_characters_are_removed_not_fatal(tmp_path):
    store = TinyStore(tmp_path / "data")
    core = make_core(tmp_path, store=store)
    person = DialogClient(core, USER)
    person.start()
    person.send(f"/andra {question_number('gavleborg', 'title')}")
    person.value("Läx\ud800hjälp\x00 & <b>{{ 7*7 }}</b>\ufffe")
    saved = store.get_draft(USER)["state"]["answers"]["title"]
    assert saved == "Läxhjälp & <b>{{ 7*7 }}</b>"  # shown literally, never evaluated
    person.command("sammanfattning")
    assert "{{ 7*7 }}" in person.texts() and "49" not in person.texts()
    store.close()


def test_a_poisoned_stored_draft_is_repaired_and_the_person_told(tmp_path):
    store = TinyStore(tmp_path / "data")
    core = make_core(tmp_path, store=store)
    person = DialogClient(core, USER)
    person.start()
    person.send(f"/andra {question_number('gavleborg', 'title')}")
    person.send("Läxhjälp")
    # A draft written by an older version: values the model refuses now, a field gone.
    draft = store.get_draft(USER)
    draft["state"]["answers"].update(
        requested_amount=10**30,
        start_date="9999-12-30",
        budget=[{"year": 2027, "cost": 1e308}],
        gammalt_falt="x",
    )
    draft["state"]["step"] = "description"
    store.save_draft(USER, draft)
    person.start()
    notice = person.texts()
    assert "kunde inte läsas längre och behöver ges igen" in notice
    for label in ("startdatum", "budget per år", "sökt belopp"):
        assert label in notice
    # It is asked again at once (the first of them in the flow), then the rest.
    assert person.ask.field == "confirm_resume"
    person.send("ja")
    assert person.ask.field == "start_date"
    answers = store.get_draft(USER)["state"]["answers"]
    assert answers["title"] == "Läxhjälp"  # what was fine is kept
    assert "gammalt_falt" not in answers and "requested_amount" not in answers
    person.command("sammanfattning")
    assert "Sammanfattning av dina svar" in person.texts()
    store.close()


@pytest.mark.parametrize(
    "answers",
    [
        {"requested_amount": 10**30},
        {"budget": [{"year": 2027, "cost": 1e308}]},
        {"start_date": "9999-12-30"},
        {"title": "\ud800"},
    ],
)
def test_check_and_render_refuse_hostile_files_in_one_line(tmp_path, capsys, answers):
    path = tmp_path / "svar.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    for argv in (["check", str(path)], ["render", str(path), "-o", str(tmp_path / "a.docx")]):
        code = main(argv)
        err = capsys.readouterr().err
        if "title" in answers:  # cleaned, not refused: the lone surrogate is removed
            assert code == 0, err
            continue
        assert code == 2
        assert err.startswith("idebot: svar.json: ") and err.count("\n") == 1
        assert "Traceback" not in err


@pytest.mark.parametrize("text", [DEEP, "[" + LONG_INT + "]", '{"a": ' + LONG_INT + "}"])
def test_check_refuses_undecodable_json_in_one_line(tmp_path, capsys, text):
    path = tmp_path / "svar.json"
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("idebot: svar.json: ") and "JSON" in err and err.count("\n") == 1


def test_the_jsonl_protocol_survives_hostile_lines_as_a_real_process(tmp_path):
    env = {**os.environ, "IDEBOT_DATA_DIR": str(tmp_path / "data")}
    lines = ["Läxhjälp", DEEP, '"\\ud800 text"', LONG_INT, "/sammanfattning", "/avbryt"]
    result = subprocess.run(
        [str(IDEBOT), "chat", "--jsonl", "--user", "eva"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out[-1] == {"type": "end"}
    assert any(line.get("text", "").startswith("Sammanfattning") for line in out)


async def test_telegram_takes_hostile_text_without_an_error(bot):
    await bot.send(1001, "/start")
    await bot.send(1001, f"/andra {question_number('gavleborg', 'title')}")
    calls = await bot.send(1001, "Läx\ud800hjälp\x1b[2J & <b>")
    assert "Fråga 1 av" in texts(calls)[-1]  # back where the person was
    answers = bot.store.get_draft("telegram:1001")["state"]["answers"]
    assert answers["title"] == "Läxhjälp[2J & <b>"
    for _ in range(3):
        await bot.send(1001, "/hoppa")
    calls = await bot.send(1001, DEEP)
    assert "Det svaret kunde jag inte tolka" in texts(calls)[0]
    assert "Sammanfattning" in texts(await bot.send(1001, "/sammanfattning"))[0]
    bot.assert_no_errors()
