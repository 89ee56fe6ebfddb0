"""Reading the bot's settings from the environment."""

import re
from pathlib import Path

import pytest

from bot.config import DEFAULT_DB, Config, ConfigError, parse_admins

TOKEN = "123456:ABCdefSecretToken"


def test_defaults_when_only_the_token_is_set():
    config = Config.from_env({"TELEGRAM_BOT_TOKEN": TOKEN})
    assert config == Config(token=TOKEN)
    assert config.db_path == DEFAULT_DB
    assert DEFAULT_DB.parts[-2:] == ("data", "tanya.db")
    assert (config.base_url, config.base_file_url) == (
        "https://api.telegram.org/bot",
        "https://api.telegram.org/file/bot",
    )
    assert (config.passages_per_page, config.max_document_bytes) == (3, 5 * 1024 * 1024)
    assert config.webhook_url == ""


def test_every_setting_is_read():
    environ = {
        "TELEGRAM_BOT_TOKEN": f" {TOKEN} ",
        "TANYA_DB": "/srv/tanya/berita.db",
        "TANYA_ADMINS": "111, 222,,333",
        "TELEGRAM_API_URL": "http://127.0.0.1:8081/",
        "TANYA_PASSAGES": "5",
        "TANYA_MAX_DOCUMENT_MB": "2.5",
        "TANYA_WEBHOOK_URL": "https://bot.example.id/tanya/hook",
        "TANYA_WEBHOOK_PORT": "8080",
        "TANYA_WEBHOOK_SECRET": "s3cret_-X",
        "TANYA_WEBHOOK_LISTEN": "127.0.0.1",
    }
    config = Config.from_env(environ)
    assert config == Config(
        token=TOKEN,
        db_path=Path("/srv/tanya/berita.db"),
        admins=frozenset({111, 222, 333}),
        api_url="http://127.0.0.1:8081",
        passages_per_page=5,
        max_document_mb=2.5,
        webhook_url="https://bot.example.id/tanya/hook",
        webhook_port=8080,
        webhook_secret="s3cret_-X",
        webhook_listen="127.0.0.1",
    )
    # A self-hosted Bot API server: requests and files go under its root.
    assert config.base_url == "http://127.0.0.1:8081/bot"
    assert config.base_file_url == "http://127.0.0.1:8081/file/bot"
    assert config.webhook_path == "tanya/hook"
    assert config.is_admin(222) and not config.is_admin(444) and not config.is_admin(None)


def test_repr_shows_neither_token_nor_webhook_secret():
    config = Config.from_env(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TANYA_WEBHOOK_URL": "https://bot.example.id/hook",
            "TANYA_WEBHOOK_SECRET": "hushhush",
        }
    )
    assert TOKEN not in repr(config) and "hushhush" not in repr(config)
    assert "webhook_url='https://bot.example.id/hook'" in repr(config)


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        (
            {"TANYA_ADMINS": "111,abc"},
            "TANYA_ADMINS must be comma-separated Telegram user ids; 'abc' is not one",
        ),
        ({"TANYA_ADMINS": "1.5"}, "'1.5' is not one"),
        ({"TANYA_PASSAGES": "tiga"}, "TANYA_PASSAGES must be a number, got 'tiga'"),
        ({"TANYA_PASSAGES": "0"}, "TANYA_PASSAGES must be between 1 and 10, got '0'"),
        ({"TANYA_MAX_DOCUMENT_MB": "nan"}, "TANYA_MAX_DOCUMENT_MB must be between"),
        ({"TANYA_WEBHOOK_PORT": "70000"}, "TANYA_WEBHOOK_PORT must be between 1 and 65535"),
        ({"TANYA_WEBHOOK_URL": "http://bot.example.id/hook"}, "must be an https:// address"),
        (
            {"TANYA_WEBHOOK_URL": "https://bot.example.id/hook"},
            "TANYA_WEBHOOK_SECRET is required with TANYA_WEBHOOK_URL",
        ),
        (
            {"TANYA_WEBHOOK_URL": "https://bot.example.id/hook", "TANYA_WEBHOOK_SECRET": "a b"},
            "TANYA_WEBHOOK_SECRET is required",
        ),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(environ, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        Config.from_env(environ)
    assert issubclass(ConfigError, ValueError)


def test_parse_admins_reads_ids_and_ignores_blanks():
    assert parse_admins("") == frozenset()
    assert parse_admins(" 42 ,, -1001 ") == frozenset({42, -1001})
