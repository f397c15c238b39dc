"""The inbox's settings, read from environment variables (documented in the README)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_DATABASE_URL = "sqlite:///inbox.db"
DEFAULT_ORIGIN = "http://127.0.0.1:8000"


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
    public_url: str = "http://127.0.0.1:8001"
    max_open_requests: int = 3
    stale_days: int | None = None  # None: the programme's reply_days
    rate_limit: Rate = Rate(20, 3600)
    login_rate_limit: Rate = Rate(10, 900)
    max_body_bytes: int = 32 * 1024
    secret_key: str | None = None  # None: generated once and kept in the database
    session_hours: int = 12
    cookie_secure: bool = False
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_tls: str = "starttls"  # starttls | ssl | none
    smtp_from: str = "inbox@localhost"
    notify_to: tuple[str, ...] = field(default_factory=tuple)  # empty: every active coordinator

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        def number(name: str, default: int, minimum: int = 0) -> int:
            text = get(name)
            if text is None:
                return default
            try:
                value = int(text)
            except ValueError:
                raise SettingsError(f"{name}: expected a whole number, not {text!r}") from None
            if value < minimum:
                raise SettingsError(f"{name}: must be {minimum} or more, not {value}")
            return value

        origins = tuple(o.strip().rstrip("/") for o in (get("INBOX_SITE_ORIGINS") or DEFAULT_ORIGIN).split(",")
                        if o.strip())
        for origin in origins:
            parts = urlsplit(origin)
            if parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query:
                raise SettingsError(f"INBOX_SITE_ORIGINS: {origin!r} is not an origin like https://example.org")
        public_url = (get("INBOX_PUBLIC_URL") or "http://127.0.0.1:8001").rstrip("/")
        tls = (get("INBOX_SMTP_TLS") or "starttls").lower()
        if tls not in ("starttls", "ssl", "none"):
            raise SettingsError(f"INBOX_SMTP_TLS: expected starttls, ssl or none, not {tls!r}")
        stale = get("INBOX_STALE_DAYS")
        secure = get("INBOX_COOKIE_SECURE")
        return cls(
            database_url=get("DATABASE_URL") or DEFAULT_DATABASE_URL,
            mentors_json=Path(p) if (p := get("INBOX_MENTORS_JSON")) else None,
            mkdocs_yml=Path(p) if (p := get("INBOX_MKDOCS_YML")) else None,
            site_origins=origins,
            public_url=public_url,
            max_open_requests=number("INBOX_MAX_OPEN_REQUESTS", 3, 1),
            stale_days=None if stale is None else number("INBOX_STALE_DAYS", 0, 1),
            rate_limit=Rate.parse("INBOX_RATE_LIMIT", get("INBOX_RATE_LIMIT") or "20/3600"),
            login_rate_limit=Rate.parse("INBOX_LOGIN_RATE_LIMIT", get("INBOX_LOGIN_RATE_LIMIT") or "10/900"),
            max_body_bytes=number("INBOX_MAX_BODY_BYTES", 32 * 1024, 1024),
            secret_key=get("INBOX_SECRET_KEY"),
            session_hours=number("INBOX_SESSION_HOURS", 12, 1),
            cookie_secure=public_url.startswith("https://") if secure is None else secure.lower() in ("1", "true", "yes"),
            smtp_host=get("INBOX_SMTP_HOST"),
            smtp_port=number("INBOX_SMTP_PORT", 465 if tls == "ssl" else 587, 1),
            smtp_user=get("INBOX_SMTP_USER"),
            smtp_password=get("INBOX_SMTP_PASSWORD"),
            smtp_tls=tls,
            smtp_from=get("INBOX_SMTP_FROM") or "inbox@localhost",
            notify_to=tuple(a.strip() for a in (get("INBOX_NOTIFY_TO") or "").split(",") if a.strip()),
        )

    @property
    def notifications(self) -> bool:
        return self.smtp_host is not None
