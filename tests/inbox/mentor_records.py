"""The test programme written out with a mkdocs.yml of a test's own (a site_url, a minimum age).

`complete` fills in any public field `inbox_support.MENTORS` leaves out, so the records are
always what a built site's mentors.json has (`generator.content.public.PublicMentor`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from inbox_support import MENTORS, PROGRAMME_YML

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
