"""The bot's settings, read once from the environment at start-up."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bot.text import DATA_DIR

DEFAULT_DB = DATA_DIR / "tanya.db"
DEFAULT_API_URL = "https://api.telegram.org"
# Telegram accepts 1-256 characters from this set as a webhook secret token.
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


class ConfigError(ValueError):
    """A setting in the environment has a value the bot cannot use."""


@dataclass(frozen=True)
class Config:
    """Everything the bot reads from the environment; the token and secret stay out of repr."""

    token: str = field(default="", repr=False)
    db_path: Path = DEFAULT_DB
    admins: frozenset[int] = frozenset()
    api_url: str = DEFAULT_API_URL
    passages_per_page: int = 3
    max_document_mb: float = 5.0
    webhook_url: str = ""
    webhook_port: int = 8443
    webhook_secret: str = field(default="", repr=False)
    webhook_listen: str = "0.0.0.0"

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Config:
        """The settings in `environ` (os.environ at start-up); ConfigError for a bad value."""

        def get(name: str) -> str:
            return environ.get(name, "").strip()

        webhook_url = get("TANYA_WEBHOOK_URL")
        secret = get("TANYA_WEBHOOK_SECRET")
        if webhook_url:
            if urlsplit(webhook_url).scheme != "https":
                raise ConfigError("TANYA_WEBHOOK_URL must be an https:// address")
            if not _SECRET.fullmatch(secret):
                raise ConfigError(
                    "TANYA_WEBHOOK_SECRET is required with TANYA_WEBHOOK_URL: 1-256 characters"
                    " of A-Z, a-z, 0-9, _ and -"
                )
        return cls(
            token=get("TELEGRAM_BOT_TOKEN"),
            db_path=Path(get("TANYA_DB") or DEFAULT_DB),
            admins=parse_admins(get("TANYA_ADMINS")),
            api_url=(get("TELEGRAM_API_URL") or DEFAULT_API_URL).rstrip("/"),
            passages_per_page=_number(environ, "TANYA_PASSAGES", 3, int, 1, 10),
            max_document_mb=_number(environ, "TANYA_MAX_DOCUMENT_MB", 5.0, float, 0.001, 20.0),
            webhook_url=webhook_url,
            webhook_port=_number(environ, "TANYA_WEBHOOK_PORT", 8443, int, 1, 65535),
            webhook_secret=secret,
            webhook_listen=get("TANYA_WEBHOOK_LISTEN") or "0.0.0.0",
        )

    @property
    def base_url(self) -> str:
        """Root of Bot API calls: python-telegram-bot appends '{token}/{method}'."""
        return f"{self.api_url}/bot"

    @property
    def base_file_url(self) -> str:
        """Root of file downloads: python-telegram-bot appends '{token}/{path}'."""
        return f"{self.api_url}/file/bot"

    @property
    def max_document_bytes(self) -> int:
        return int(self.max_document_mb * 1024 * 1024)

    @property
    def webhook_path(self) -> str:
        """The path of the webhook URL, where the local server listens."""
        return urlsplit(self.webhook_url).path.strip("/")

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.admins


def parse_admins(value: str) -> frozenset[int]:
    """Telegram user ids from '123, 456'; ConfigError naming the entry that is not one."""
    admins = set()
    for entry in value.split(","):
        entry = entry.strip()
        if not entry:
            continue
        if not re.fullmatch(r"-?[0-9]{1,19}", entry):
            raise ConfigError(
                f"TANYA_ADMINS must be comma-separated Telegram user ids; {entry!r} is not one"
            )
        admins.add(int(entry))
    return frozenset(admins)


def _number(environ: Mapping[str, str], name: str, default, kind: type, low, high):
    """An int or float setting within low..high, `default` when unset."""
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low:g} and {high:g}, got {raw!r}")
    return value
