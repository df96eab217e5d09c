"""Settings (SPEC §7): defaults, parsing, one clear line per bad value, and the token stays secret."""

from __future__ import annotations

import logging
from datetime import time
from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError, load_settings

ROOT = Path(__file__).parents[2]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env


def test_defaults_match_the_spec() -> None:
    s = load_settings()
    assert s.database_path == Path("./data/campaign.db")
    assert s.timezone == "Asia/Shanghai"
    assert s.default_language == "zh"
    assert s.quiet_hours == (time(21, 0), time(8, 0))
    assert s.reminder_time == time(9, 0)
    assert s.bot_api_base_url == "https://api.telegram.org/bot"
    assert s.file_base_url == "https://api.telegram.org/file/bot"


def test_values_are_parsed_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_USER_IDS", "11, 22,33")
    monkeypatch.setenv("QUIET_HOURS", "")
    monkeypatch.setenv("REMINDER_TIME", "08:30")
    monkeypatch.setenv("BOT_API_BASE_URL", "http://127.0.0.1:9000/bot")
    s = load_settings()
    assert s.admin_user_ids == (11, 22, 33)
    assert s.quiet_hours is None
    assert s.reminder_time == time(8, 30)
    assert s.file_base_url == "http://127.0.0.1:9000/file/bot"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TIMEZONE", "Mars/Olympus"),
        ("ADMIN_USER_IDS", "alice"),
        ("QUIET_HOURS", "21-8"),
        ("REMINDER_TIME", "9am"),
        ("BOT_API_BASE_URL", "http://127.0.0.1:9000/"),
        ("DEFAULT_LANGUAGE", "fr"),
        ("LOG_LEVEL", "LOUD"),
        ("WEBHOOK_PORT", "99999"),
        ("DATABASE_PATH", ""),  # would be Path('.'), the current directory
        ("DATABASE_PATH", "."),  # an existing directory (the test runs in tmp_path)
        ("WEBHOOK_SECRET", "has spaces!"),  # Telegram's setWebhook would refuse it
    ],
)
def test_a_malformed_setting_fails_with_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith(f"{name}:")
    assert "\n" not in message


@pytest.mark.parametrize("value", ["debug", "Info", " warning "])
def test_log_level_is_accepted_in_any_case(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("LOG_LEVEL", value)
    assert load_settings().log_level == value.strip().upper()


def test_a_webhook_without_a_secret_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # .env.example promises that requests without the secret get 403; with no secret PTB accepts
    # every POST, so anyone who finds the URL could post fake reports and leader commands.
    monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.org/telegram")
    for secret in (None, "", "  "):
        if secret is not None:
            monkeypatch.setenv("WEBHOOK_SECRET", secret)
        with pytest.raises(SettingsError, match=r"^WEBHOOK_SECRET: required when WEBHOOK_URL is set") as caught:
            load_settings()
        assert "\n" not in str(caught.value)
    monkeypatch.setenv("WEBHOOK_SECRET", "s3cret_-OK")
    assert load_settings().webhook_url == "https://bot.example.org/telegram"
    monkeypatch.setenv("WEBHOOK_URL", "")  # polling: no secret needed
    monkeypatch.delenv("WEBHOOK_SECRET")
    assert not load_settings().webhook_url


def test_run_requires_a_token_and_says_so() -> None:
    with pytest.raises(SettingsError, match=r"^BOT_TOKEN:"):
        load_settings().require_token()


def test_the_token_never_appears_in_a_log_line(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("BOT_TOKEN", "123456:SECRET-TOKEN-VALUE")
    s = load_settings()
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("test").info("settings: %s %r", s, s)
    assert "SECRET-TOKEN-VALUE" not in caplog.text
    assert s.require_token() == "123456:SECRET-TOKEN-VALUE"


def test_env_example_lists_every_setting() -> None:
    listed = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    }
    assert listed == {name.upper() for name in Settings.model_fields}
