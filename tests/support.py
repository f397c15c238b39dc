"""What the tests share: the fixture programme, the build day, and a real `mkdocs build`.

Kept out of conftest.py so test modules can import it by name (tests/inbox has a conftest
of its own, and two modules called `conftest` cannot both be imported as `conftest`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from mentorhub.content.catalog import Catalog
from mentorhub.content.errors import ContentError
from mentorhub.content.languages import LOCALE_DIR
from mentorhub.content.project import Project
from mentorhub.content.public import PublicMentor
from mentorhub.site.build import build_site

def public_mentor(mentor_id: str, **fields: object) -> PublicMentor:
    """A `Catalog.public_mentors` record (as mentors.json has it) with plain defaults; `fields` override."""
    return PublicMentor.model_validate({
        "id": mentor_id, "url": f"mentors/{mentor_id}/", "name": mentor_id.title(), "state": "accepting",
        "free_places": 1, "expertise": ["careers"], "languages": ["en"], "formats": ["virtual"],
        "audiences": ["university"], "timezone": "Europe/London", "youth_cleared": False,
        "location": {"city": "London", "region": None, "country": "GB"}, "headline": "A mentor", "bio": "",
        "role": "engineer", "capacity": 3, "accepting": True, "hours_per_month": 4, "reviewed": "2026-01-01",
        **fields})


REPO = Path(__file__).resolve().parents[1]
# What only the `site` extra installs: the inbox and the bare package must run without it.
SITE_ONLY = ("mkdocs", "material", "pagefind", "scipy", "numpy", "icalendar", "PIL")
FIXTURE = Path(__file__).parent / "fixtures" / "site"
TODAY = dt.date(2026, 11, 22)
BUILD_DAY = {"SOURCE_DATE_EPOCH": "1795305600"}  # TODAY at midnight UTC
# The fixture programme requires complete profiles, as programmes did before they could choose.
FIXTURE_PROFILES = """\
      profiles:
        required: [headline, bio, role, location, timezone, formats, audiences, capacity, hours_per_month]
"""
MKDOCS_YML = """\
site_name: Fixture programme
site_url: https://example.org/fixture/
docs_dir: content
theme:
  name: material
  font: false
plugins:
  - mentorship:
      review_max_age_days: 365
      search_index: false
{profiles}markdown_extensions: [admonition, pymdownx.details, pymdownx.superfences, attr_list, md_in_html]
"""


@dataclass
class FixtureProgramme:
    """A programme's content repository on disk (a copy of tests/fixtures/site), for a test to edit."""

    root: Path

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def edit(self, rel: str, old: str, new: str) -> None:
        text = (self.root / rel).read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        self.write(rel, text.replace(old, new, 1))

    def project(self) -> Project:
        return Project.from_mkdocs_yml(self.root / "mkdocs.yml")

    def catalog(self) -> Catalog:
        return self.project().load(TODAY)

    def problems(self) -> list[str]:
        """Every problem as `path:line: field: message`; fails the test when there are none."""
        with pytest.raises(ContentError) as caught:
            build_site(self.project(), TODAY)
        return [str(p) for p in caught.value.problems]


def demo_copy(root: Path, configure: Callable[[str], str]) -> Path:
    """The demo's content at `root` (the theme comes from the package), with its mkdocs.yml passed
    through `configure`; the new mkdocs.yml."""
    for name in ("mentors", "stories", "content"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "vocabularies.yml", root)
    config = root / "mkdocs.yml"
    config.write_text(configure((REPO / "mkdocs.yml").read_text(encoding="utf-8")), encoding="utf-8")
    return config


def demo_built_in(code: str, root: Path) -> Path:
    """The demo built into `root`/site with only `theme: language:` set to `code` (issue 21's
    language tests); the site's folder."""
    config = demo_copy(root / "programme", lambda yml: yml.replace("  language: en\n", f"  language: {code}\n", 1))
    result = mkdocs_build(config, root / "site")
    assert result.returncode == 0, result.stderr
    return root / "site"


def git(root: Path, *args: str, when: dt.datetime | None = None) -> None:
    """Run git in `root` as a fictional editor; `when`: the commit's author and committer time."""
    moment = {} if when is None else {"GIT_AUTHOR_DATE": when.isoformat(), "GIT_COMMITTER_DATE": when.isoformat()}
    env = {**os.environ, "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org", **moment}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def make_site(root: Path) -> FixtureProgramme:
    """A fresh copy of the fixture programme at `root`."""
    shutil.copytree(FIXTURE, root)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(profiles=FIXTURE_PROFILES), encoding="utf-8")
    return FixtureProgramme(root)


def mkdocs_env(**extra: str) -> dict[str, str]:
    """The environment for a real `mkdocs` subprocess: as of TODAY, without MkDocs 2's notice."""
    return {**os.environ, **BUILD_DAY, "NO_MKDOCS_2_WARNING": "1", **extra}


def mkdocs_build(config_file: Path, site_dir: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """The real `mkdocs build --strict` (or with `options` instead of --strict), as of TODAY."""
    command = [sys.executable, "-m", "mkdocs", "build", *(options or ["--strict"]), "-f", str(config_file),
               "-d", str(site_dir)]
    return subprocess.run(command, capture_output=True, text=True, env=mkdocs_env(), check=False)


LEE = """\
name: Lee Park
headline: Youth worker who helps secondary-school students plan what comes next
bio: Ten years running a youth centre.
role: educator
expertise: [careers]
languages: [en]
location: {city: Leeds, country: GB}
timezone: Europe/London
formats: [virtual]
audiences: [secondary-school]
capacity: 3
hours_per_month: 4
reviewed: 2026-10-01
youth_cleared: true
"""


def mentor_file(name: str, **fields: object) -> str:
    """A valid mentor profile's YAML: LEE's answers with `fields` changed or added."""
    lines = {line.split(":", 1)[0]: line for line in LEE.splitlines()}
    lines["name"] = f"name: {name}"
    for key, value in fields.items():
        lines[key] = f"{key}: {value}"
    return "\n".join(lines.values()) + "\n"


def request_programme(root: Path, site_port: int, inbox_port: int,
                      files: Mapping[str, str] | None = None) -> FixtureProgramme:
    """The fixture programme with a youth-cleared mentor and requests going to a local inbox,
    built for serving at http://127.0.0.1:<site_port>/; `files` (path → text) are added first."""
    site = make_site(root)
    site.write("mentors/lee-park.yml", LEE)
    for rel, text in (files or {}).items():
        site.write(rel, text)
    site.write("content/privacy.md", "---\ntitle: Privacy notice\nversion: '2026-09'\n---\nWhat we keep.\n")
    site.edit("mkdocs.yml", "site_url: https://example.org/fixture/", f"site_url: http://127.0.0.1:{site_port}/")
    site.edit("mkdocs.yml", "review_max_age_days: 365", "review_max_age_days: 365\n      requests:\n"
              f"        delivery: inbox\n        url: http://127.0.0.1:{inbox_port}")
    result = mkdocs_build(site.root / "mkdocs.yml", site.root / "site")
    assert result.returncode == 0, result.stderr
    return site


SURVEYS = Path(__file__).parent / "fixtures" / "surveys"  # intake, closure, check-in and an open survey


def with_surveys(site: FixtureProgramme, inbox_url: str = "https://inbox.example.org") -> FixtureProgramme:
    """The fixture programme with requests going to the inbox at `inbox_url` (surveys need it)
    and the surveys of tests/fixtures/surveys in content/surveys/."""
    site.write("content/privacy.md", "---\ntitle: Privacy notice\nversion: '2026-09'\n---\nWhat we keep.\n")
    site.edit("mkdocs.yml", "review_max_age_days: 365", "review_max_age_days: 365\n      requests:\n"
              f"        delivery: inbox\n        url: {inbox_url}")
    for path in sorted(SURVEYS.glob("*.yml")):
        site.write(f"content/surveys/{path.name}", path.read_text(encoding="utf-8"))
    return site


@dataclass(frozen=True)
class BuiltRequestProgramme:
    """`request_programme` built once for the session (the `request_programme_build` fixture): its
    pages call the inbox at http://127.0.0.1:<inbox_port> and are served at <site_port>."""

    programme: FixtureProgramme  # the built site is in programme.root / "site"
    site_port: int
    inbox_port: int


# A message's literal pieces: placeholders and markup cut out (catalogue_phrases).
FRAGMENT = re.compile(r"%\(\w+\)[sd]|\{\w+\}|<[^>]+>")


def catalogue_phrases(sources: Collection[str]) -> set[str]:
    """The English of every msgid extracted from `sources` (catalogue locations, e.g.
    `mentorhub/theme/mentor.html`), as its literal pieces long enough not to be a word a
    translation shares with English: the phrases a translated page must not show. One word alone
    ("coordinators", an event audience) is as likely the content's, which is English in the demo."""
    found: set[str] = set()
    for pot in LOCALE_DIR.glob("*.pot"):
        with pot.open("rb") as file:
            for message in read_po(file):
                if not message.id or not any(where in sources for where, _ in message.locations):
                    continue
                for msgid in [message.id] if isinstance(message.id, str) else message.id:
                    found |= {piece.strip(" .:;,()") for piece in FRAGMENT.split(msgid)}
    return {piece for piece in found if len(piece) >= 12 and " " in piece}
