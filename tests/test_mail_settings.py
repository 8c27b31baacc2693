"""The e-mail settings are checked at start-up: one Swedish line naming the variable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.settings import SmtpTls, load_settings

IDEBOT = Path(sys.executable).with_name("idebot")
SERVER = {"IDEBOT_SMTP_HOST": "smtp.region.se", "IDEBOT_MAIL_FROM": "idebot@region.se"}


@pytest.mark.parametrize(
    ("env", "variable", "words"),
    [
        ({"IDEBOT_COORDINATOR_EMAILS": "emma@region.se, bertil"}, "IDEBOT_COORDINATOR_EMAILS",
         ["”bertil”", "e-postadress"]),
        ({"IDEBOT_COORDINATOR_EMAILS": "emma@region.se"}, "IDEBOT_SMTP_HOST",
         ["IDEBOT_COORDINATOR_EMAILS"]),
        ({"IDEBOT_NOTIFY_APPLICANT_EMAIL": "1"}, "IDEBOT_SMTP_HOST",
         ["IDEBOT_NOTIFY_APPLICANT_EMAIL"]),
        ({"IDEBOT_SMTP_HOST": "smtp.region.se"}, "IDEBOT_MAIL_FROM", ["saknas"]),
        ({**SERVER, "IDEBOT_MAIL_FROM": "Idébot"}, "IDEBOT_MAIL_FROM", ["e-postadress"]),
        ({**SERVER, "IDEBOT_SMTP_PORT": "smtp"}, "IDEBOT_SMTP_PORT", ["heltal"]),
        ({**SERVER, "IDEBOT_SMTP_PORT": "70000"}, "IDEBOT_SMTP_PORT", ["65535"]),
        ({**SERVER, "IDEBOT_SMTP_TLS": "tls"}, "IDEBOT_SMTP_TLS", ["starttls, ssl, none"]),
        ({**SERVER, "IDEBOT_SMTP_USER": "idebot"}, "IDEBOT_SMTP_PASSWORD", ["saknas"]),
        ({**SERVER, "IDEBOT_SMTP_PASSWORD": "x"}, "IDEBOT_SMTP_USER", ["saknas"]),
        ({**SERVER, "IDEBOT_SMTP_USER": "u", "IDEBOT_SMTP_PASSWORD": "p",
          "IDEBOT_SMTP_TLS": "none"}, "IDEBOT_SMTP_TLS", ["okrypterat", "smtp.region.se"]),
    ],
)  # fmt: skip
def test_a_wrong_mail_setting_names_its_variable(monkeypatch, env, variable, words):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as error:
        load_settings()
    message = str(error.value)
    assert message.startswith(variable)
    assert "\n" not in message
    for word in words:
        assert word in message


def test_a_typical_relay_and_a_local_relay_are_accepted(monkeypatch):
    for name, value in {
        **SERVER,
        "IDEBOT_MAIL_FROM": "Idébot Region Gävleborg <idebot@regiongavleborg.se>",
        "IDEBOT_SMTP_USER": "idebot",
        "IDEBOT_SMTP_PASSWORD": "hemligt",
        "IDEBOT_COORDINATOR_EMAILS": "emma@region.se; Emma@Region.se, beredning@region.se",
    }.items():
        monkeypatch.setenv(name, value)
    relay = load_settings()
    assert relay.smtp_port == 587 and relay.smtp_tls is SmtpTls.STARTTLS
    assert relay.coordinator_emails == ["emma@region.se", "beredning@region.se"]  # once each
    assert relay.mail_from_address == "idebot@regiongavleborg.se"
    assert "hemligt" not in repr(relay)  # the password is never printed
    local = load_settings(
        smtp_host="localhost", smtp_port=25, smtp_tls="NONE", smtp_user=None, smtp_password=None
    )
    assert local.smtp_tls is SmtpTls.NONE and local.mail_enabled


def test_the_command_line_says_it_in_one_line_and_exits_2(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "IDEBOT_DATA_DIR": str(tmp_path / "data"), **SERVER}
    env["IDEBOT_SMTP_TLS"] = "tls"
    result = subprocess.run(
        [str(IDEBOT), "inkorg"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        'idebot: IDEBOT_SMTP_TLS: ett av starttls, ssl, none väntades, fick "tls"'
    ]
