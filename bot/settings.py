"""Configuration from the environment and a ``.env`` file (``interfaces.md``).

Every field maps to one environment variable (its ``validation_alias``); a variable set
in the environment wins over the same one in ``.env``. The values are validated by the
model (pydantic, which the answer model loads anyway). pydantic-settings did the same
reading and cost a tenth of a second at every start of every command (issue 9's start-up
goals), so the two sources are read here in a few lines.
"""

from __future__ import annotations

import json
import os
from email.utils import formataddr, parseaddr
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from bot.errors import ConfigError

ENV_FILE = ".env"
IdList = list[int]
TextList = list[str]

# Hosts where a password sent without TLS never leaves the machine.
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


class SmtpTls(StrEnum):
    """How the connection to the SMTP server is protected (``IDEBOT_SMTP_TLS``)."""

    STARTTLS = "starttls"  # plain connection upgraded with STARTTLS (port 587)
    SSL = "ssl"  # TLS from the first byte ("SMTPS", usually port 465)
    NONE = "none"  # no encryption: only for a relay on the same machine or network


def checked_address(text: str) -> str:
    """The e-mail address ``text`` as written, or a Swedish ``ValueError``.

    The syntax is checked by ``email-validator`` (internationalised domains included);
    nothing is looked up in DNS, so start-up needs no network.
    """
    # Imported when an address is configured: it costs ~40 ms of every command's start.
    from email_validator import EmailNotValidError, validate_email

    address = text.strip()
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        raise ValueError(
            f"”{address}” är ingen giltig e-postadress (namn@organisation.se väntades)"
        ) from None
    return address


class Settings(BaseModel):
    """Idébot's settings. Every field maps to one environment variable."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    fund: str = Field("gavleborg", validation_alias="IDEBOT_FUND")
    data_dir: Path = Field(Path("data"), validation_alias="IDEBOT_DATA_DIR")
    telegram_bot_token: str | None = Field(None, validation_alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str | None = Field(None, validation_alias="TELEGRAM_API_BASE_URL")
    coordinator_chat_ids: IdList = Field(
        default_factory=list, validation_alias="IDEBOT_COORDINATOR_CHAT_IDS"
    )
    coordinator_user_ids: IdList = Field(
        default_factory=list, validation_alias="IDEBOT_COORDINATOR_USER_IDS"
    )
    staff_user_ids: IdList = Field(default_factory=list, validation_alias="IDEBOT_STAFF_USER_IDS")
    draft_retention_days: int = Field(180, ge=1, validation_alias="IDEBOT_DRAFT_RETENTION_DAYS")
    database_url: str | None = Field(None, validation_alias="IDEBOT_DATABASE_URL")
    coordinator_emails: TextList = Field(
        default_factory=list, validation_alias="IDEBOT_COORDINATOR_EMAILS"
    )
    notify_applicant_email: bool = Field(False, validation_alias="IDEBOT_NOTIFY_APPLICANT_EMAIL")
    smtp_host: str | None = Field(None, validation_alias="IDEBOT_SMTP_HOST")
    smtp_port: int = Field(587, ge=1, le=65535, validation_alias="IDEBOT_SMTP_PORT")
    smtp_user: str | None = Field(None, validation_alias="IDEBOT_SMTP_USER")
    smtp_password: SecretStr | None = Field(None, validation_alias="IDEBOT_SMTP_PASSWORD")
    smtp_tls: SmtpTls = Field(SmtpTls.STARTTLS, validation_alias="IDEBOT_SMTP_TLS")
    mail_from: str | None = Field(None, validation_alias="IDEBOT_MAIL_FROM")

    @field_validator(
        "coordinator_chat_ids",
        "coordinator_user_ids",
        "staff_user_ids",
        "coordinator_emails",
        mode="before",
    )
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        # Ids are written as "123, -100456" in the environment.
        if isinstance(value, str):
            return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
        return value

    @field_validator(
        "telegram_bot_token",
        "telegram_api_base_url",
        "database_url",
        "smtp_host",
        "smtp_user",
        "smtp_password",
        "mail_from",
        mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
        return value or None

    @field_validator("smtp_tls", mode="before")
    @classmethod
    def _tls_any_case(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("coordinator_emails")
    @classmethod
    def _addresses(cls, value: list[str]) -> list[str]:
        # Each address once (one delivery per address and round), in the order given.
        unique: dict[str, str] = {}
        for text in value:
            address = checked_address(text)
            unique.setdefault(address.lower(), address)
        return list(unique.values())

    @field_validator("mail_from")
    @classmethod
    def _sender(cls, value: str | None) -> str | None:
        # "Idébot <idebot@region.se>" or a bare address; a line break would be a header.
        if value is None:
            return None
        name, address = parseaddr(value)
        if not address or "\n" in value or "\r" in value:
            raise ValueError(
                f"”{value}” är ingen giltig avsändare (t.ex. Idébot <idebot@region.se>)"
            )
        return formataddr((name, checked_address(address))) if name else checked_address(address)

    @property
    def cache_dir(self) -> Path:
        """Where a command keeps what it may rebuild (the built FAQ, checked fund files)."""
        return Path(self.data_dir) / "cache"

    @property
    def mail_enabled(self) -> bool:
        """Whether e-mail can be sent (an SMTP server is configured)."""
        return self.smtp_host is not None

    @property
    def mail_from_address(self) -> str:
        """The sender's bare address (the SMTP envelope's ``MAIL FROM``)."""
        return parseaddr(self.mail_from or "")[1]


def read_env_file(path: Path) -> dict[str, str]:
    """The ``KEY=value`` lines of a ``.env`` file (``export`` and quotes allowed, ``#``
    starts a comment); an absent file is empty.

    Raises:
        ConfigError: when the file cannot be read as UTF-8 text.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError):
        raise ConfigError(f"{path}: filen kan inte läsas som text (UTF-8)") from None
    values: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.removeprefix("export ").partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        values[key.strip()] = value
    return values


def load_settings(**overrides: Any) -> Settings:
    """Reads the settings, turning a bad value into a one-line Swedish error.

    Args:
        **overrides: Field values that win over the environment (tests, CLI flags).

    Raises:
        ConfigError: naming the environment variable that is wrong.
    """
    sources = {**read_env_file(Path(ENV_FILE)), **os.environ}
    data: dict[str, Any] = {}
    for info in Settings.model_fields.values():
        alias = info.validation_alias
        if isinstance(alias, str) and alias in sources:
            data[alias] = sources[alias]
    for name, value in overrides.items():
        alias = Settings.model_fields[name].validation_alias
        data.pop(alias, None)
        data[name] = value
    try:
        settings = Settings.model_validate(data)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        name = str(first["loc"][0]) if first["loc"] else "konfigurationen"
        raise ConfigError(f"{name}: {_swedish_reason(first)}") from None
    check_mail_settings(settings)
    return settings


def check_mail_settings(settings: Settings) -> None:
    """The e-mail settings that only make sense together (``interfaces.md`` §3).

    Raises:
        ConfigError: naming the variable that is missing or contradicts another.
    """
    if settings.smtp_host is None:
        for name, needs_mail in (
            ("IDEBOT_COORDINATOR_EMAILS", bool(settings.coordinator_emails)),
            ("IDEBOT_NOTIFY_APPLICANT_EMAIL", settings.notify_applicant_email),
        ):
            if needs_mail:
                raise ConfigError(
                    f"IDEBOT_SMTP_HOST saknas: {name} är satt, men utan SMTP-server kan "
                    "ingen e-post skickas (ange servern, t.ex. smtp.region.se)"
                )
        return
    if settings.mail_from is None:
        raise ConfigError(
            "IDEBOT_MAIL_FROM saknas: ange avsändaren för e-posten när IDEBOT_SMTP_HOST är "
            "satt, t.ex. Idébot <idebot@region.se>"
        )
    if settings.smtp_user and settings.smtp_password is None:
        raise ConfigError("IDEBOT_SMTP_PASSWORD saknas: IDEBOT_SMTP_USER är satt")
    if settings.smtp_password is not None and not settings.smtp_user:
        raise ConfigError("IDEBOT_SMTP_USER saknas: IDEBOT_SMTP_PASSWORD är satt")
    remote = settings.smtp_host.lower() not in LOOPBACK_HOSTS
    if settings.smtp_user and settings.smtp_tls is SmtpTls.NONE and remote:
        raise ConfigError(
            "IDEBOT_SMTP_TLS: none skulle skicka lösenordet okrypterat till "
            f"{settings.smtp_host}; använd starttls eller ssl (none är för ett lokalt relä)"
        )


def _swedish_reason(error: dict[str, Any]) -> str:
    # pydantic's messages are English; the operator reads Swedish like every other error.
    got = json.dumps(error.get("input"), ensure_ascii=False, default=str)
    context = error.get("ctx") or {}
    if error["type"] == "int_parsing":
        return f"ett heltal väntades, fick {got}"
    if error["type"] == "greater_than_equal":
        return f"ett heltal som är minst {context.get('ge')} väntades, fick {got}"
    if error["type"] == "less_than_equal":
        return f"ett heltal som är högst {context.get('le')} väntades, fick {got}"
    if error["type"] == "enum":
        choices = context.get("expected", "").replace("' or '", ", ").replace("'", "")
        return f"ett av {choices} väntades, fick {got}"
    if error["type"] == "bool_parsing":
        return f"1/0 eller true/false väntades, fick {got}"
    if error["type"] == "value_error" and "error" in context:
        return str(context["error"])
    return f"ogiltigt värde {got}"
