"""Fund files checked once: a later command defers the check, an edit is checked again."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.criteria import evaluate
from knowledge.criteria.profiles import FUNDS_DIR, load_funds
from knowledge.errors import KnowledgeFileError

# The seeds' example answers, as copied into the tests (also next to a worktree).
EXAMPLES = Path(__file__).resolve().parent / "data" / "answers"
IDEBOT = Path(sys.executable).with_name("idebot")
MESSAGE = "Se över om fler parter kan bidra, t.ex. med\n        arbetstid."


def _copy_funds(tmp_path: Path) -> Path:
    folder = tmp_path / "funds"
    shutil.copytree(FUNDS_DIR, folder)
    return folder


def _messages(funds, answers) -> list[str]:
    return [f.message for f in evaluate(answers, funds["gavleborg"]).findings]


def test_a_deferred_load_shows_the_same_messages_as_a_checked_one(tmp_path):
    folder = _copy_funds(tmp_path)
    answers = json.loads((EXAMPLES / "gavleborg-short-cofinancing.json").read_text("utf-8"))
    cache = tmp_path / "cache"
    checked = load_funds(folder, cache_dir=cache)  # checks, then records the check
    assert list(cache.iterdir())
    deferred = load_funds(folder, cache_dir=cache)
    assert deferred["gavleborg"] is not checked["gavleborg"]  # really the deferred path
    assert _messages(deferred, answers) == _messages(checked, answers)
    assert any("det saknas" in m for m in _messages(deferred, answers))


def test_a_file_broken_after_a_passed_check_is_reported_every_time(tmp_path):
    folder = _copy_funds(tmp_path)
    cache = tmp_path / "cache"
    load_funds(folder, cache_dir=cache)
    path = folder / "gavleborg.yaml"
    text = path.read_text(encoding="utf-8")
    assert MESSAGE in text
    path.write_text(text.replace(MESSAGE, "Ring {% if %}."), encoding="utf-8")
    for _ in range(2):  # a failed check records nothing: the next command reports it too
        with pytest.raises(KnowledgeFileError) as caught:
            load_funds(folder, cache_dir=cache)
        assert caught.value.file == "gavleborg.yaml"
        assert caught.value.entry == "gavleborg.medfinansiering"
        assert caught.value.field.startswith("messages.")
        assert "mallfel" in caught.value.reason


def test_a_cache_folder_that_cannot_be_written_only_means_checking_again(tmp_path):
    folder = _copy_funds(tmp_path)
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the folder would be", encoding="utf-8")
    funds = load_funds(folder, cache_dir=blocked)
    assert set(funds) == {"blekinge", "gavleborg", "sundsvall"}
    assert blocked.read_text(encoding="utf-8") == "a file where the folder would be"


def test_idebot_check_says_the_same_the_second_time(tmp_path):
    env = {**os.environ, "IDEBOT_DATA_DIR": str(tmp_path / "data")}
    command = [str(IDEBOT), "check", str(EXAMPLES / "gavleborg-short-cofinancing.json")]
    first = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    second = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert "det saknas" in first.stdout
    assert second.stdout == first.stdout
    assert list((tmp_path / "data" / "cache").glob("funds-checked-*"))
