"""Settings from the environment and a .env file; a bad value is one Swedish line."""

from __future__ import annotations

import pytest

from bot.errors import ConfigError
from bot.settings import load_settings


def test_a_env_file_is_read_and_the_environment_wins(tmp_path, monkeypatch):
    (tmp_path / ".env").write_text(
        "# Idébot\n"
        "export IDEBOT_FUND=sundsvall\n"
        'IDEBOT_COORDINATOR_CHAT_IDS="-100123, 456"\n'
        "IDEBOT_DRAFT_RETENTION_DAYS=30 # en månad\n"
        "IDEBOT_STAFF_USER_IDS='7'\n"
        "inte en rad\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("IDEBOT_STAFF_USER_IDS", "8;9")
    settings = load_settings()
    assert settings.fund == "sundsvall"
    assert settings.coordinator_chat_ids == [-100123, 456]
    assert settings.draft_retention_days == 30
    assert settings.staff_user_ids == [8, 9]  # the environment wins over .env
    assert load_settings(fund="blekinge").fund == "blekinge"  # and an override over both


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("IDEBOT_DRAFT_RETENTION_DAYS", "ett år", "IDEBOT_DRAFT_RETENTION_DAYS: ett heltal"),
        ("IDEBOT_DRAFT_RETENTION_DAYS", "0", "minst 1"),
        ("IDEBOT_COORDINATOR_CHAT_IDS", "123, abc", "IDEBOT_COORDINATOR_CHAT_IDS"),
    ],
)
def test_a_bad_value_names_the_variable(monkeypatch, name, value, expected):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert expected in str(caught.value) and "\n" not in str(caught.value)
