"""A reader that leaves early (``idebot … | head``) is not an error: exit 0, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ANSWERS_DIR

SCRIPT = Path(sys.executable).parent / "idebot"


@pytest.mark.parametrize(
    "argv",
    [
        ["check", str(ANSWERS_DIR / "gavleborg-ready.json")],
        ["faq", "Vem kan söka?", "--fund", "blekinge"],
        ["faq", "Vad kostar en pizza i Rom?"],
        ["kb", "validate"],
    ],
)
def test_a_closed_pipe_exits_quietly(tmp_path, argv):
    process = subprocess.Popen(
        [str(SCRIPT), *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        text=True,
    )
    process.stdout.close()  # the reader is gone before the first line is written
    err = process.stderr.read()
    assert process.wait(timeout=60) == 0
    assert "Traceback" not in err and "BrokenPipeError" not in err
