"""Configuration from the environment and a ``.env`` file (``interfaces.md``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.errors import ConfigError

IdList = Annotated[list[int], NoDecode]
TextList = Annotated[list[str], NoDecode]


class Settings(BaseSettings):
    """Idébot's settings. Every field maps to one environment variable."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

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


def load_settings(**overrides: Any) -> Settings:
    """Reads the settings, turning a bad value into a one-line Swedish error.

    Args:
        **overrides: Field values that win over the environment (tests, CLI flags).

    Raises:
        ConfigError: naming the environment variable that is wrong.
    """
    try:
        return Settings(**overrides)
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
