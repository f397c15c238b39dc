"""Settings come from environment variables; a wrong value names the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorhub.inbox.db import database_url
from mentorhub.inbox.settings import VARIABLES, Rate, Settings, SettingsError


def test_defaults() -> None:
    settings = Settings.from_env({})
    assert settings.database_url == "sqlite:///inbox.db"
    assert settings.site_origins == ("http://127.0.0.1:8000",)
    assert (settings.max_open_requests, settings.stale_days, settings.rate_limit) == (3, None, Rate(20, 3600))
    assert settings.notifications is False and settings.cookie_secure is False


def test_values_from_the_environment() -> None:
    settings = Settings.from_env({
        "DATABASE_URL": "postgresql://inbox@db/inbox", "INBOX_MENTORS_JSON": "site/mentors.json",
        "INBOX_SITE_ORIGINS": "https://mentors.example.org/, http://localhost:8000",
        "INBOX_PUBLIC_URL": "https://inbox.example.org/", "INBOX_MAX_OPEN_REQUESTS": "5",
        "INBOX_STALE_DAYS": "7", "INBOX_RATE_LIMIT": "5/60", "INBOX_SMTP_HOST": "smtp.example.org",
        "INBOX_SMTP_TLS": "ssl", "INBOX_NOTIFY_TO": "a@example.org, b@example.org"})
    assert settings.mentors_json == Path("site/mentors.json")
    assert settings.site_origins == ("https://mentors.example.org", "http://localhost:8000")
    assert settings.public_url == "https://inbox.example.org" and settings.cookie_secure is True
    assert (settings.max_open_requests, settings.stale_days, settings.rate_limit) == (5, 7, Rate(5, 60))
    assert settings.notifications and settings.smtp_port == 465 and settings.notify_to == ("a@example.org",
                                                                                           "b@example.org")
    assert database_url(settings.database_url).drivername == "postgresql+psycopg"


@pytest.mark.parametrize("name, value, message", [
    ("INBOX_SITE_ORIGINS", "example.org", "not an origin"),
    ("INBOX_SITE_ORIGINS", "https://example.org/site/", "not an origin"),
    ("INBOX_RATE_LIMIT", "lots", "COUNT/SECONDS"),
    ("INBOX_RATE_LIMIT", "0/60", "positive"),
    ("INBOX_MAX_OPEN_REQUESTS", "three", "whole number"),
    ("INBOX_MAX_OPEN_REQUESTS", "0", "1 or more"),
    ("INBOX_SMTP_TLS", "maybe", "starttls, ssl or none"),
])
def test_a_wrong_value_names_the_variable(name: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError, match=f"{name}: .*{message}"):
        Settings.from_env({name: value})


def test_only_sqlite_files_and_postgresql() -> None:
    with pytest.raises(ValueError, match="SQLite file"):
        database_url("sqlite://")
    with pytest.raises(ValueError, match="sqlite:///FILE or postgresql"):
        database_url("mysql://x@y/z")


def test_one_row_per_setting_and_the_same_defaults() -> None:
    """`VARIABLES` names every setting once, and its defaults are the dataclass's."""
    fields = [variable.field for variable in VARIABLES]
    assert sorted(fields) == sorted(Settings.__dataclass_fields__) and len(set(fields)) == len(fields)
    assert Settings.from_env({}) == Settings()
    assert Settings.from_env({"INBOX_STALE_DAYS": " ", "INBOX_SMTP_HOST": ""}) == Settings()  # blank is unset
