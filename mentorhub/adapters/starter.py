"""`mentorhub init DIR`: a new programme's repository, content and configuration only.

The files are the package's `starter/` folder, with a few `{{ mentorhub.* }}` values filled in
(the programme's name, its address, today's date, the release to pin); nothing of Mentor Hub's
code is copied, so upgrading is a version bump in `requirements.txt`. The workflows, the
pre-commit hook and the editors' guide are the very files this repository uses
(tests/test_starter.py keeps them identical), and the example content passes `mentorhub check`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

import mentorhub

from ..content.project import Project, build_date
from ..content.schema import write_schemas
from ..content.text import id_from

STARTER = Path(__file__).resolve().parent.parent / "starter"  # the package's starter/ folder
PLACEHOLDER = re.compile(r"\{\{ mentorhub\.(\w+) \}\}")


class StarterError(Exception):
    """Why nothing was written (the folder is not empty, a value cannot be used)."""


@dataclass(frozen=True)
class StarterValues:
    name: str
    site_url: str
    today: dt.date

    def resolve(self, key: str) -> str:
        """A placeholder's text: YAML-safe where it goes into YAML (`name_yaml`)."""
        values = {
            "name": self.name,
            "name_yaml": json.dumps(self.name, ensure_ascii=False),  # JSON strings are YAML strings
            "site_url": self.site_url,
            "today": self.today.isoformat(),
            "event_day": (self.today + dt.timedelta(days=28)).isoformat(),
            "privacy_version": self.today.strftime("%Y-%m"),
            "requirement": _resolve_requirement(mentorhub.__version__),
        }
        return values[key]


def _resolve_requirement(version: str) -> str:
    """The releases compatible with this one: before 1.0 a minor release may rename things
    (CHANGELOG.md), so `>=0.2,<0.3`; from 1.0 on, `>=1.4,<2`."""
    major, minor = (int(part) for part in (re.findall(r"\d+", version) + ["0", "0"])[:2])
    upper = str(major + 1) if major else f"0.{minor + 1}"
    return f"mentorhub[site]>={major}.{minor},<{upper}"


def _resolve_site_url(name: str, url: str | None) -> str:
    if url is None:
        return f"https://example.org/{id_from(name) or 'mentoring'}/"
    if not url.startswith(("https://", "http://")) or " " in url:
        raise StarterError(f"--url {url!r} must be the site's address, e.g. https://example.org/mentoring/")
    return url if url.endswith("/") else url + "/"


def write_starter(target: Path, name: str, url: str | None = None, today: dt.date | None = None) -> list[Path]:
    """Write the new repository into `target` (new or empty), then its JSON Schemas; the files written."""
    name = " ".join(name.split())
    if not name:
        raise StarterError("--name must have some letters in it")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise StarterError(f"{target} is not an empty folder; choose a new one")
    values = StarterValues(name, _resolve_site_url(name, url), today or build_date())
    written = []
    for source in sorted(p for p in STARTER.rglob("*") if p.is_file()):
        path = target / source.relative_to(STARTER)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PLACEHOLDER.sub(lambda m: values.resolve(m.group(1)), source.read_text(encoding="utf-8")),
                        encoding="utf-8")
        written.append(path)
    project = Project.from_mkdocs_yml(target / "mkdocs.yml")
    return written + write_schemas(target / "schemas", project.vocabularies())
