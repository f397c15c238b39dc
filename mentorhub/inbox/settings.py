"""The inbox's settings, read from environment variables (documented in the README).

`VARIABLES` is the one table of them: each row names the setting, its environment variable, how
its text is read (and refused, naming the variable) and its default when the variable is unset.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

DEFAULT_DATABASE_URL = "sqlite:///inbox.db"
DEFAULT_ORIGIN = "http://127.0.0.1:8000"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8001"


class SettingsError(ValueError):
    """A setting has a value the inbox cannot use; the message names the variable."""


@dataclass(frozen=True)
class Rate:
    """At most `count` hits per `seconds` from one client address."""

    count: int
    seconds: int

    @classmethod
    def parse(cls, name: str, text: str) -> Rate:
        try:
            count, seconds = (int(part) for part in text.split("/"))
        except ValueError:
            raise SettingsError(f"{name}: expected COUNT/SECONDS such as 20/3600, not {text!r}") from None
        if count < 1 or seconds < 1:
            raise SettingsError(f"{name}: COUNT and SECONDS must be positive, not {text!r}")
        return cls(count, seconds)


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    mentors_json: Path | None = None
    mkdocs_yml: Path | None = None
    site_origins: tuple[str, ...] = (DEFAULT_ORIGIN,)
    public_url: str = DEFAULT_PUBLIC_URL
    max_open_requests: int = 3
    stale_days: int | None = None  # None: the programme's reply_days
    rate_limit: Rate = Rate(20, 3600)
    login_rate_limit: Rate = Rate(10, 900)
    max_body_bytes: int = 32 * 1024
    secret_key: str | None = None  # None: generated once and kept in the database
    session_hours: int = 12
    survey_days: int = 14  # a survey invitation's code works this many days after it is due
    cookie_secure: bool = False
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_tls: str = "starttls"  # starttls | ssl | none
    smtp_from: str = "inbox@localhost"
    notify_to: tuple[str, ...] = field(default_factory=tuple)  # empty: every active coordinator
    confirm_to_mentee: bool = False  # the programme decides: e-mail each mentee their reference

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """From the environment (or `env`), by the table `VARIABLES`: an unset or blank variable
        takes its default; a bad value raises SettingsError naming the variable."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for variable in VARIABLES:  # in order: a default may depend on the values read before it
            text = env.get(variable.name, "").strip()
            if text:
                values[variable.field] = variable.parse(variable.name, text)
            else:
                default = variable.default
                values[variable.field] = default(values) if callable(default) else default
        return cls(**values)

    @property
    def notifications(self) -> bool:
        return self.smtp_host is not None


# --- reading one variable: (name, text) -> value, or SettingsError naming the variable ----------

def _text(name: str, text: str) -> str:
    return text


def _path(name: str, text: str) -> Path:
    return Path(text)


def _whole(minimum: int) -> Callable[[str, str], int]:
    def parse(name: str, text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise SettingsError(f"{name}: expected a whole number, not {text!r}") from None
        if value < minimum:
            raise SettingsError(f"{name}: must be {minimum} or more, not {value}")
        return value
    return parse


def _origins(name: str, text: str) -> tuple[str, ...]:
    origins = tuple(o.strip().rstrip("/") for o in text.split(",") if o.strip())
    for origin in origins:
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query:
            raise SettingsError(f"{name}: {origin!r} is not an origin like https://example.org")
    return origins


def _url(name: str, text: str) -> str:
    return text.rstrip("/")


def _yes(name: str, text: str) -> bool:
    return text.lower() in ("1", "true", "yes")


def _tls(name: str, text: str) -> str:
    tls = text.lower()
    if tls not in ("starttls", "ssl", "none"):
        raise SettingsError(f"{name}: expected starttls, ssl or none, not {tls!r}")
    return tls


def _addresses(name: str, text: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in text.split(",") if a.strip())


@dataclass(frozen=True)
class Variable:
    """One setting read from the environment. `default` is the value when the variable is unset
    or blank; a callable default is given the settings read so far (the rows above it)."""

    field: str
    name: str
    parse: Callable[[str, str], Any]
    default: Any = None


VARIABLES = (
    Variable("database_url", "DATABASE_URL", _text, DEFAULT_DATABASE_URL),
    Variable("mentors_json", "INBOX_MENTORS_JSON", _path),
    Variable("mkdocs_yml", "INBOX_MKDOCS_YML", _path),
    Variable("site_origins", "INBOX_SITE_ORIGINS", _origins, (DEFAULT_ORIGIN,)),
    Variable("public_url", "INBOX_PUBLIC_URL", _url, DEFAULT_PUBLIC_URL),
    Variable("max_open_requests", "INBOX_MAX_OPEN_REQUESTS", _whole(1), 3),
    Variable("stale_days", "INBOX_STALE_DAYS", _whole(1)),  # unset: the programme's reply_days
    Variable("rate_limit", "INBOX_RATE_LIMIT", Rate.parse, Rate(20, 3600)),
    Variable("login_rate_limit", "INBOX_LOGIN_RATE_LIMIT", Rate.parse, Rate(10, 900)),
    Variable("max_body_bytes", "INBOX_MAX_BODY_BYTES", _whole(1024), 32 * 1024),
    Variable("secret_key", "INBOX_SECRET_KEY", _text),  # unset: generated once and kept in the database
    Variable("session_hours", "INBOX_SESSION_HOURS", _whole(1), 12),
    Variable("survey_days", "INBOX_SURVEY_DAYS", _whole(1), 14),
    Variable("cookie_secure", "INBOX_COOKIE_SECURE", _yes, lambda read: read["public_url"].startswith("https://")),
    Variable("smtp_host", "INBOX_SMTP_HOST", _text),  # unset: no notifications
    Variable("smtp_tls", "INBOX_SMTP_TLS", _tls, "starttls"),
    Variable("smtp_port", "INBOX_SMTP_PORT", _whole(1), lambda read: 465 if read["smtp_tls"] == "ssl" else 587),
    Variable("smtp_user", "INBOX_SMTP_USER", _text),
    Variable("smtp_password", "INBOX_SMTP_PASSWORD", _text),
    Variable("smtp_from", "INBOX_SMTP_FROM", _text, "inbox@localhost"),
    Variable("notify_to", "INBOX_NOTIFY_TO", _addresses, ()),  # empty: every active coordinator
    Variable("confirm_to_mentee", "INBOX_CONFIRM_TO_MENTEE", _yes, False),
)
