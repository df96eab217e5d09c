"""Settings (SPEC §7): environment variables or `.env`, validated once at start-up.

A missing or malformed value stops start-up with one line naming it (`settings_error_line`).
The token is a SecretStr: its repr is '**********', so it cannot leak through logging a Settings.
"""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

TELEGRAM_API = "https://api.telegram.org/bot"


def _parse_hhmm(value: str) -> time:
    hours, _, minutes = value.strip().partition(":")
    if not (hours.isdigit() and minutes.isdigit()):
        raise ValueError(f"expected HH:MM, got {value!r}")
    return time(int(hours), int(minutes))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    database_path: Path = Path("./data/campaign.db")
    admin_user_ids: Annotated[tuple[int, ...], NoDecode] = ()
    timezone: str = "Asia/Shanghai"
    default_language: Literal["zh", "en"] = "zh"
    bot_api_base_url: str = TELEGRAM_API
    bot_api_base_file_url: str | None = None
    bot_username: str = "campaign_bot"  # for deep links printed by the CLI (the bot itself asks getMe)
    quiet_hours: Annotated[tuple[time, time] | None, NoDecode] = (time(21, 0), time(8, 0))
    reminder_time: Annotated[time, NoDecode] = time(9, 0)
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @field_validator("admin_user_ids", mode="before")
    @classmethod
    def _ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p for p in value.replace(";", ",").replace(" ", ",").split(",") if p]
            if not all(p.lstrip("-").isdigit() for p in parts):
                raise ValueError("expected comma-separated Telegram user ids, e.g. 12345,67890")
            return tuple(int(p) for p in parts)
        return value

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("bot_api_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")) or not value.endswith("/bot"):
            raise ValueError("must be an http(s) URL ending in /bot, e.g. http://127.0.0.1:8081/bot")
        return value

    @field_validator("quiet_hours", mode="before")
    @classmethod
    def _quiet(cls, value: object) -> object:
        if isinstance(value, str):
            if not value.strip():
                return None
            start, sep, end = value.partition("-")
            if not sep:
                raise ValueError("expected HH:MM-HH:MM, e.g. 21:00-08:00 (empty for none)")
            return (_parse_hhmm(start), _parse_hhmm(end))
        return value

    @field_validator("reminder_time", mode="before")
    @classmethod
    def _reminder(cls, value: object) -> object:
        return _parse_hhmm(value) if isinstance(value, str) else value

    @property
    def file_base_url(self) -> str:
        if self.bot_api_base_file_url:
            return self.bot_api_base_file_url
        return self.bot_api_base_url[: -len("/bot")] + "/file/bot"

    def require_token(self) -> str:
        if self.bot_token is None or not self.bot_token.get_secret_value().strip():
            raise SettingsError("BOT_TOKEN: required by `campaign-bot run` (get one from @BotFather)")
        return self.bot_token.get_secret_value()


class SettingsError(Exception):
    """One clear line naming the offending setting."""


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "SETTINGS"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"{name}: {message}") from None
