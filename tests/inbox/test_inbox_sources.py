"""The inbox reads mentors and request rules from a real content repository or its mentors.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mentorhub.inbox.settings import Settings
from inbox_support import Env, adult, post_json
from mentorhub.site.build import build_site
from support import BUILD_DAY, TODAY

# tests/conftest.py: the `site` fixture (a small on-disk programme) and its build day
Site = Any


def with_requests(site: Site, **options: Any) -> None:
    lines = "".join(f"\n        {k}: {v}" for k, v in options.items())
    site.edit("mkdocs.yml", "review_max_age_days: 365", "review_max_age_days: 365\n      requests:\n"
              f"        delivery: inbox\n        url: http://127.0.0.1:8001{lines}")


@pytest.fixture
def content_env(sqlite_url: str, site: Site, monkeypatch: pytest.MonkeyPatch) -> Env:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DAY["SOURCE_DATE_EPOCH"])
    with_requests(site, minimum_age=16)
    site.write("content/privacy.md", "---\ntitle: Privacy notice\nversion: '2026-09'\n---\nWhat we keep.\n")
    return Env(sqlite_url, (site.root / "unused.json", site.root / "mkdocs.yml"))


def test_mentors_and_rules_from_the_content_repository(content_env: Env, site: Site) -> None:
    client = content_env.client(mentors_json=None)
    try:
        document = client.get("/availability.json").json()
        # ana-pereira: capacity 2, one active mentee; kofi-mensah: full (and stale as of TODAY)
        assert document["mentors"] == {"ana-pereira": {"state": "accepting", "accepting": True, "free_places": 1},
                                       "kofi-mensah": {"state": "stale", "accepting": False, "free_places": 0}}
        assert post_json(client, adult(mentor="ana-pereira", languages=["en"])).status_code == 200
        young = post_json(client, adult(mentor="", age_band="13-15", guardian_name="M",
                                        guardian_email="m@example.org"))
        assert young.json() == {"errors": {"age_band": "This programme is for people aged 16 and over"}}
    finally:
        content_env.close()


def test_mentors_from_the_built_sites_mentors_json(content_env: Env, site: Site, tmp_path: Path) -> None:
    files = {f.src_uri: f.content for f in build_site(site.project(), TODAY).files}
    built = tmp_path / "site" / "mentors.json"
    built.parent.mkdir()
    built.write_text(files["mentors.json"], encoding="utf-8")
    client = content_env.client(mentors_json=built)
    try:
        assert set(client.get("/availability.json").json()["mentors"]) == {
            m["id"] for m in json.loads(files["mentors.json"])["mentors"]}
        full = post_json(client, adult(mentor="ana-pereira", languages=["en"])).json()
        assert full["mentor_full"] is False
        second = post_json(client, adult(mentor="ana-pereira", languages=["en"], email="b@example.org")).json()
        assert second["mentor_full"] is True and second["alternatives"] == []  # nobody else shares python
    finally:
        content_env.close()


def test_the_inbox_refuses_to_start_without_mentors(sqlite_url: str) -> None:
    from mentorhub.inbox.app import create_app
    from mentorhub.inbox.mentors import MentorsError

    with pytest.raises(MentorsError, match="INBOX_MENTORS_JSON.*INBOX_MKDOCS_YML"):
        create_app(Settings(database_url=sqlite_url))
