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
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.errors import ConfigError

ENV_FILE = ".env"
IdList = list[int]
TextList = list[str]


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
        "telegram_bot_token", "telegram_api_base_url", "database_url", "smtp_host", mode="before"
    )
    @classmethod
    def _empty_is_unset(cls, value: Any) -> Any:
        return value or None


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
        return Settings.model_validate(data)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        name = str(first["loc"][0]) if first["loc"] else "konfigurationen"
        raise ConfigError(f"{name}: {_swedish_reason(first)}") from None


def _swedish_reason(error: dict[str, Any]) -> str:
    # pydantic's messages are English; the operator reads Swedish like every other error.
    got = json.dumps(error.get("input"), ensure_ascii=False, default=str)
    context = error.get("ctx") or {}
    if error["type"] == "int_parsing":
        return f"ett heltal väntades, fick {got}"
    if error["type"] == "greater_than_equal":
        return f"ett heltal som är minst {context.get('ge')} väntades, fick {got}"
    return f"ogiltigt värde {got}"
