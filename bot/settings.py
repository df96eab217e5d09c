"""Settings (SPEC §7): environment variables or `.env`, validated once at start-up.

A missing or malformed value stops start-up with one line naming it (`settings_error_line`).
The token is a SecretStr: its repr is '**********', so it cannot leak through logging a Settings.
"""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

TELEGRAM_API = "https://api.telegram.org/bot"
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")


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

    @field_validator("log_level", mode="before")
    @classmethod
    def _level(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("database_path", mode="before")
    @classmethod
    def _database_path(cls, value: object) -> object:
        # An empty value would become Path('.'), the current directory: refuse it here with a clear
        # line rather than let SQLite fail on a directory later.
        if isinstance(value, str) and not value.strip():
            raise ValueError("must name a file, e.g. ./data/campaign.db")
        return value

    @field_validator("database_path")
    @classmethod
    def _not_a_directory(cls, value: Path) -> Path:
        if value.is_dir():
            raise ValueError(f"{value} is a directory; name a file in it, e.g. {value}/campaign.db")
        return value

    @model_validator(mode="after")
    def _webhook_needs_a_secret(self) -> Settings:
        # Without a secret the webhook endpoint accepts any POST: anyone who finds the URL could
        # post fake updates (fake reports, fake leader commands). .env.example promises requests
        # without the secret are refused, which only holds when there is one.
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError("WEBHOOK_SECRET: required when WEBHOOK_URL is set (any 1-256 of A-Z a-z 0-9 _ -)")
        return self

    @field_validator("webhook_secret")
    @classmethod
    def _secret_charset(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None  # blank means unset (.env.example ships it empty)
        # Telegram's setWebhook refuses other characters; say so at start-up, not after the first call.
        if not _SECRET_TOKEN.fullmatch(value.get_secret_value()):
            raise ValueError("must be 1-256 characters from A-Z a-z 0-9 _ - (Telegram's secret_token rule)")
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
        message = str(first["msg"]).removeprefix("Value error, ")
        if not first["loc"]:  # a rule across settings names the one to fix in its message
            raise SettingsError(message) from None
        raise SettingsError(f"{str(first['loc'][0]).upper()}: {message}") from None
