"""``idebot --help`` and sub-command help: Swedish, like every other text of the CLI."""

from __future__ import annotations

import pytest

from bot.cli import main


@pytest.mark.parametrize("argv", [[], ["check"], ["faq"], ["kb"], ["chat"], ["render"]])
def test_help_is_swedish(capsys, argv):
    with pytest.raises(SystemExit) as caught:
        main([*argv, "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"användning: idebot {' '.join(argv)}".rstrip())
    assert out.count("användning:") == 1
    assert "visa den här hjälpen" in out
    for english in ("usage:", "options:", "positional arguments", "show this help"):
        assert english not in out


def test_kb_without_its_sub_command_names_it(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["kb"])
    assert caught.value.code == 2
    assert capsys.readouterr().err.strip().endswith("argument saknas: validate")
