"""The test programme written out with a mkdocs.yml of a test's own (a site_url, a minimum age).

`complete` fills in any public field `inbox_support.MENTORS` leaves out, so the records are
always what a built site's mentors.json has (`mentorhub.content.public.PublicMentor`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mentorhub.inbox.auth import create_coordinator
from inbox_support import COORDINATOR, MENTORS, PROGRAMME_YML, QUICK_HASHER, Env

DEFAULTS: dict[str, Any] = {
    "headline": "A mentor", "bio": "", "role": "engineer", "organisation": None, "languages": ["en", "pt"],
    "location": {"city": "London", "region": None, "country": "GB"}, "timezone": "Europe/London",
    "formats": ["virtual"], "audiences": ["university"], "hours_per_month": 4, "reviewed": "2026-01-01",
    "links": [],
}


def complete(mentor: dict[str, Any]) -> dict[str, Any]:
    return {**DEFAULTS, "url": f"mentors/{mentor['id']}/", **mentor}


def write_programme(folder: Path, yml: str = PROGRAMME_YML) -> tuple[Path, Path]:
    """(mentors.json, mkdocs.yml) of the test programme in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    mentors = folder / "mentors.json"
    mentors.write_text(json.dumps({"version": 1, "mentors": [complete(m) for m in MENTORS]}), encoding="utf-8")
    mkdocs = folder / "mkdocs.yml"
    mkdocs.write_text(yml, encoding="utf-8")
    return mentors, mkdocs


LONG_ADDRESS = "a.coordinator.with.a.long.address@riverside-mentoring.example"  # tests a phone's width


def browser_env(root: Path, sqlite_template: Path) -> Env:
    """For the inbox's browser tests: a copy of the migrated template database, the test programme,
    and a coordinator with a long address (LONG_ADDRESS, password COORDINATOR[1]) to sign in as."""
    database = root / "inbox.db"
    database.write_bytes(sqlite_template.read_bytes())
    env = Env(f"sqlite:///{database}", write_programme(root / "programme"))
    create_coordinator(env.db, LONG_ADDRESS, COORDINATOR[1], hasher=QUICK_HASHER)
    return env
